"""The workstation's secret audit key: 32 random bytes in ``audit.key``, readable by the user only.

Made at set-up, or once when data from before keys existed (revisions before 0004) is upgraded,
and never otherwise: a missing key is reported, not quietly replaced. Every audit entry then
carries HMAC-SHA256(key, hash), and the sequence from which entries must carry one is sealed
under the same key (``audit_mac_seal``), so someone who rewrites the database without this
file can neither make a chain that verifies nor move where the signed part starts.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import uuid
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.errors import N_
from desk_app.services.context import Actor, Workspace
from desk_app.services.officer_seal import officer_mac
from desk_app.store.local import LocalIdentity
from desk_app.store.models import AuditEntry, Officer
from desk_app.sync.events import AuditKeyMade

KEY_FILE = "audit.key"
KEY_BYTES = 32
# Shown once when the database expects MACs but the key file is gone: entries are then written
# without one and `audit verify` fails, rather than a new key quietly hiding the loss.
KEY_MISSING = N_(
    "Không tìm thấy khoá nhật ký (audit.key) của máy này. Nhật ký mới không được ký; hãy báo "
    "quản trị viên."
)


def key_file(home: Path) -> Path:
    return home / KEY_FILE


def create_key(home: Path) -> bytes:
    """A new key written whole (a temporary file renamed) with mode 0600 from the start; on
    Windows the file lives in the user's profile and the mode is not used."""
    key = secrets.token_bytes(KEY_BYTES)
    target = key_file(home)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return key


_BINARY = getattr(os, "O_BINARY", 0)


def read_key(home: Path) -> bytes | None:
    """The key, or None when there is no (whole) key file."""
    try:
        key = key_file(home).read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) == KEY_BYTES else None


# Revisions whose data has no key yet: opening one upgraded from these makes it.
BEFORE_KEYS = frozenset({"0001", "0002", "0003"})


def mac_from_seal(key: bytes, workstation_id: uuid.UUID, mac_from_seq: int) -> str:
    """The seal of "entries of this workstation carry a MAC from ``mac_from_seq`` on"."""
    text = f"audit-mac-from:{workstation_id}:{mac_from_seq}"
    return hmac.new(key, text.encode("ascii"), hashlib.sha256).hexdigest()


def seal_ok(key: bytes, identity: LocalIdentity) -> bool:
    if identity.audit_mac_from_seq is None or identity.audit_mac_seal is None:
        return False
    wanted = mac_from_seal(key, identity.workstation_id, identity.audit_mac_from_seq)
    return hmac.compare_digest(identity.audit_mac_seal, wanted)


def start_signing(session: Session, workspace: Workspace, key: bytes) -> None:
    """Make ``key`` this workstation's: entries carry its MAC from the next one on, which is
    the audited ``audit.key_made`` written here (in the caller's transaction)."""
    from desk_app.services.changes import record_change

    identity = session.get_one(LocalIdentity, 1)
    station = identity.workstation_id
    last = session.scalar(
        select(func.max(AuditEntry.seq)).where(AuditEntry.workstation_id == station)
    )
    first = (last or 0) + 1
    identity.audit_mac_from_seq = first
    identity.audit_mac_seal = mac_from_seal(key, station, first)
    workspace.audit_key = key
    assert workspace.station is not None
    record_change(
        session,
        workspace,
        Actor.at_station(workspace.station, None),
        AuditKeyMade(mac_from_seq=first),
        entity="workstation",
        entity_id=str(station),
        aggregate_id=station,
    )


def load_or_create_key(workspace: Workspace, home: Path, *, upgraded_from: str | None) -> None:
    """At open: load the key. Data upgraded from before keys existed gets one now; data
    upgraded from 0004 gets its start sealed. A key missing otherwise is said, not remade."""
    key = read_key(home)
    if key is not None:
        workspace.audit_key = key
        if upgraded_from == "0004":
            with workspace.write() as session:
                identity = session.get_one(LocalIdentity, 1)
                if identity.audit_mac_seal is None and identity.audit_mac_from_seq is not None:
                    identity.audit_mac_seal = mac_from_seal(
                        key, identity.workstation_id, identity.audit_mac_from_seq
                    )
                _seal_every_account(session, key)
        return
    if upgraded_from not in BEFORE_KEYS:
        workspace.notices.append(KEY_MISSING)
        return
    with workspace.write() as session:
        # Read again under the write lock: another process opening the same folder may have
        # made the key while this one waited.
        key = read_key(home)
        if key is not None:
            workspace.audit_key = key
            return
        if session.get_one(LocalIdentity, 1).audit_mac_from_seq is not None:
            workspace.notices.append(KEY_MISSING)
            return
        key = create_key(home)
        start_signing(session, workspace, key)
        _seal_every_account(session, key)


def _seal_every_account(session: Session, key: bytes) -> None:
    """Accounts from before they were sealed (revisions before 0005), sealed once."""
    for row in session.scalars(select(Officer).where(Officer.row_mac.is_(None))):
        row.row_mac = officer_mac(key, row)
