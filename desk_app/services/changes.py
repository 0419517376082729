"""The one change recorder: every state-changing act is written here, in the caller's transaction.

Given a typed event (and, for a dossier's act, its transition), it adds the transition row, the
audit entry (action = event kind, payload = the event) and, on a workstation, the outbox
envelope, so the three can never disagree and no use case calls the audit or outbox writers
itself (sync-and-reliability.md, "Writing on the workstation").
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.lifecycle import Action, DossierState
from desk_app.services.context import Actor, Workspace
from desk_app.store.audit import append_audit
from desk_app.store.local import OutboxEvent
from desk_app.store.models import Dossier, DossierTransition
from desk_app.store.outbox import append_event, next_places
from desk_app.store.types import new_id
from desk_app.sync.events import Envelope, Event, OfficerRef

# The unit's work on the dossier is over: result back at the desk, refused, or stopped.
RESOLVED_STATES = frozenset(
    {DossierState.RESULT_READY, DossierState.RETURNED, DossierState.REFUSED, DossierState.STOPPED}
)
# audit_entry.entity_id is a short column; a long file name is kept whole in the event.
ENTITY_ID_LENGTH = 64


@dataclass(frozen=True)
class Transition:
    """A dossier's act as its form prints it; the recorder adds who, where, when and order."""

    dossier: Dossier
    action: Action
    from_state: DossierState | None
    to_state: DossierState
    at: datetime
    reason: str = ""
    new_due_at: datetime | None = None
    handling_unit: str = ""
    paused_from: datetime | None = None
    paused_until: datetime | None = None
    result_summary: str = ""
    # What the act's form prints beyond the columns (keys per action: lifecycle-contract,
    # services/lifecycle.py), stored as a JSON object; the supervisor the act needed.
    details: Mapping[str, Any] = field(default_factory=dict)
    approved_by: str = ""


def record_change(
    session: Session,
    workspace: Workspace,
    actor: Actor,
    event: Event,
    *,
    entity: str,
    entity_id: str,
    aggregate_id: uuid.UUID,
    transition: Transition | None = None,
    outbox_after: int = 0,
) -> Envelope:
    """Write the transition (if any), the audit entry and the outbox envelope of ``event``.

    ``outbox_after``: the event's outbox place is past it (a restored backup's outbox is
    behind the places the district server already holds: going on from it would reuse them,
    and the server refuses a place it holds with another event)."""
    now = workspace.now()
    event_id = new_id()
    officer = actor.officer
    officer_ref = (
        OfficerRef(id=officer.id, username=officer.username, full_name=officer.full_name)
        if officer is not None
        else None
    )
    workstation_id = actor.workstation.id if actor.workstation else None
    if transition is not None:
        _add_transition(session, actor, transition, event_id, now)
    payload = event.dump()
    # Read the outbox's next place and the chain's head (one statement) before the audit
    # entry is added: the transaction's rows are then flushed once, at its end.
    seq, head = next_places(session, workstation_id) if workstation_id is not None else (None, None)
    if seq is not None:
        seq = max(seq, outbox_after + 1)
    audit = append_audit(
        session,
        at=now,
        actor=actor.username,
        action=event.KIND,
        entity=entity,
        entity_id=entity_id[:ENTITY_ID_LENGTH],
        payload={"event_id": str(event_id), "version": event.VERSION, "data": payload},
        workstation_id=workstation_id,
        key=workspace.audit_key,
        head=head,
    )
    envelope = Envelope(
        event_id=event_id,
        kind=event.KIND,
        version=event.VERSION,
        office_id=actor.office.id,
        workstation_id=workstation_id,
        workstation_seq=seq,
        officer=officer_ref,
        audit_seq=audit.seq,
        audit_hash=audit.hash,
        created_at=now,
        payload=payload,
    )
    if workstation_id is not None:  # the server's own acts are not queued anywhere
        _queue(session, envelope, aggregate_id)
    return envelope


def _queue(session: Session, envelope: Envelope, aggregate_id: uuid.UUID) -> None:
    assert envelope.workstation_id is not None and envelope.workstation_seq is not None
    officer = envelope.officer
    append_event(
        session,
        event_id=envelope.event_id,
        seq=envelope.workstation_seq,
        kind=envelope.kind,
        version=envelope.version,
        office_id=envelope.office_id,
        workstation_id=envelope.workstation_id,
        aggregate_id=aggregate_id,
        officer=(officer.id, officer.username, officer.full_name) if officer else None,
        audit_seq=envelope.audit_seq,
        audit_hash=envelope.audit_hash,
        payload=envelope.payload,
        at=envelope.created_at,
    )


def envelope_of(row: OutboxEvent) -> Envelope:
    """The envelope a queued event is sent in, exactly as `record_change` returned it."""
    officer = (
        OfficerRef(id=row.officer_id, username=row.officer_username, full_name=row.officer_name)
        if row.officer_id is not None
        else None
    )
    return Envelope(
        event_id=row.id,
        kind=row.kind,
        version=row.schema_version,
        office_id=row.office_id,
        workstation_id=row.workstation_id,
        workstation_seq=row.seq,
        officer=officer,
        audit_seq=row.audit_seq,
        audit_hash=row.audit_hash,
        created_at=row.created_at,
        payload=json.loads(row.payload),
    )


def _add_transition(
    session: Session, actor: Actor, transition: Transition, event_id: uuid.UUID, now: datetime
) -> None:
    dossier = transition.dossier
    # Without an autoflush, so the dossier's own changes are written once, with the rest;
    # an act added earlier in this transaction is still pending, so it is counted here.
    with session.no_autoflush:
        stored = session.scalar(
            select(func.max(DossierTransition.seq)).where(
                DossierTransition.dossier_id == dossier.id
            )
        )
    pending = [
        row.seq
        for row in session.new
        if isinstance(row, DossierTransition) and row.dossier_id == dossier.id
    ]
    last = max([stored or 0, *pending])
    officer = actor.officer
    session.add(
        DossierTransition(
            dossier_id=dossier.id,
            seq=last + 1,
            action=transition.action,
            from_state=transition.from_state,
            to_state=transition.to_state,
            at=transition.at,
            officer_id=officer.id if officer else None,
            officer_name=officer.full_name if officer else "",
            workstation_id=actor.workstation.id if actor.workstation else None,
            event_id=event_id,
            reason=transition.reason,
            new_due_at=transition.new_due_at,
            handling_unit=transition.handling_unit,
            paused_from=transition.paused_from,
            paused_until=transition.paused_until,
            result_summary=transition.result_summary,
            details=json.dumps(dict(transition.details), ensure_ascii=False, sort_keys=True),
            approved_by=transition.approved_by,
        )
    )
    dossier.state = transition.to_state
    dossier.updated_at = now
    # Derived here, where every act passes, so reports never recompute them from history.
    if transition.to_state in RESOLVED_STATES and dossier.resolved_at is None:
        dossier.resolved_at = transition.at
    if transition.to_state is DossierState.RETURNED:
        dossier.returned_at = transition.at
