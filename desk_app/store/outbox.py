"""The sync outbox: envelopes appended in the same transaction as the change they describe."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.store.audit import canonical_json
from desk_app.store.local import OutboxEvent


def next_outbox_seq(session: Session) -> int:
    return (session.scalar(select(func.max(OutboxEvent.seq))) or 0) + 1


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
        audit_seq=audit_seq,
        audit_hash=audit_hash,
        payload=canonical_json(payload),
        created_at=at,
        acked_at=None,
    )
    session.add(event)
    return event


def stored_payload(event: OutboxEvent) -> dict[str, Any]:
    payload: dict[str, Any] = json.loads(event.payload)
    return payload
