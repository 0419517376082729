"""Accounts sealed under the workstation's audit key, so `audit verify` names one edited by hand.

An account's identity, role, state and password hash decide who may act as whom; a role set to
administrator or a password hash replaced with the sqlite3 tool would otherwise go unnoticed.
Every write transaction of a workspace carries its key (``Workspace.write``), and each account
row it adds or changes is sealed as it is flushed: no use case can forget to.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from desk_app.store.models import Officer
from desk_app.store.types import new_id

KEY_INFO = "audit_key"  # where Workspace.write puts the key in the session's info


def officer_mac(key: bytes, row: Officer) -> str:
    """HMAC-SHA256 of the fields that say who an account is and what it may do (not its
    count of wrong passwords or its lock, which every login changes)."""
    fields = {
        "id": str(row.id),
        "office_id": str(row.office_id),
        "username": row.username,
        "full_name": row.full_name,
        "role": str(row.role),
        "active": bool(row.active),
        "password_hash": row.password_hash,
    }
    body = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def officer_sealed(key: bytes, row: Officer) -> bool:
    return row.row_mac is not None and hmac.compare_digest(row.row_mac, officer_mac(key, row))


@event.listens_for(Session, "before_flush")
def _seal_accounts(session: Session, _context: Any, _instances: Any) -> None:
    key = session.info.get(KEY_INFO)
    if not isinstance(key, bytes):
        return
    for row in (*session.new, *session.dirty):
        if isinstance(row, Officer):
            # A new row gets its column defaults only at the INSERT: sealed, they are fixed now.
            if row.id is None:
                row.id = new_id()
            if row.active is None:
                row.active = True
            row.row_mac = officer_mac(key, row)
