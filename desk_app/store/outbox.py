"""The sync outbox: events appended in the same transaction as the change they describe."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.store.audit import canonical_json
from desk_app.store.models import OutboxEvent
from desk_app.store.types import new_id

# Bumped when an event's payload shape changes; the server accepts the previous version too.
OUTBOX_SCHEMA_VERSION = 1


def append_event(
    session: Session,
    *,
    kind: str,
    aggregate_id: uuid.UUID,
    payload: dict[str, Any],
    at: datetime,
) -> OutboxEvent:
    """Queue one event; its UUID is made now, when the action happens, never at send time."""
    last_seq = session.scalar(select(func.max(OutboxEvent.seq))) or 0
    event = OutboxEvent(
        id=new_id(),
        seq=last_seq + 1,
        kind=kind,
        schema_version=OUTBOX_SCHEMA_VERSION,
        aggregate_id=aggregate_id,
        payload=canonical_json(payload),
        created_at=at,
        acked_at=None,
    )
    session.add(event)
    return event
