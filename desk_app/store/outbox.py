"""The sync outbox: envelopes appended in the same transaction as the change they describe."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Uuid, bindparam, func, select
from sqlalchemy.orm import Session

from desk_app.store.audit import ChainHead, canonical_json, chain_head_columns
from desk_app.store.base import insert_now
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry

# Built once: every recorded change runs it, and building a statement costs several times
# running it on SQLite.
_WORKSTATION = bindparam("workstation_id", type_=Uuid)
_NEXT_PLACES = select(
    select(func.max(OutboxEvent.seq)).scalar_subquery(),
    *chain_head_columns(AuditEntry.workstation_id == _WORKSTATION),
)


def next_places(session: Session, workstation_id: uuid.UUID) -> tuple[int, ChainHead]:
    """The next outbox place and the audit chain's head, read in one statement: every
    recorded change needs both."""
    row = session.connection().execute(_NEXT_PLACES, {"workstation_id": workstation_id})
    last_seq, seq, hash_ = row.one()
    return (last_seq or 0) + 1, ChainHead.of(seq, hash_)


def append_event(
    session: Session,
    *,
    event_id: uuid.UUID,
    seq: int,
    kind: str,
    version: int,
    office_id: uuid.UUID,
    workstation_id: uuid.UUID,
    aggregate_id: uuid.UUID,
    officer: tuple[uuid.UUID, str, str] | None,
    audit_seq: int,
    audit_hash: str,
    payload: dict[str, Any],
    at: datetime,
) -> OutboxEvent:
    """Queue one event; its id was made when the action happened, never at send time."""
    event = OutboxEvent(
        id=event_id,
        seq=seq,
        kind=kind,
        schema_version=version,
        office_id=office_id,
        workstation_id=workstation_id,
        aggregate_id=aggregate_id,
        officer_id=officer[0] if officer else None,
        officer_username=officer[1] if officer else "",
        officer_name=officer[2] if officer else "",
        audit_seq=audit_seq,
        audit_hash=audit_hash,
        payload=canonical_json(payload),
        created_at=at,
        acked_at=None,
    )
    insert_now(session, event)
    return event
