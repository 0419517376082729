"""What the district server does with a pushed batch (issue 11, "Push").

Each event is decided in a savepoint of the batch's transaction, together with its
``received_event`` row and its projection into ``district_dossier``, so an event is either
applied whole or not at all, and one bad event never holds back the ones behind it:

- a new, valid event of this device is **accepted**: stored as received and projected;
- the same id with the same content is a **duplicate** and is answered as the first time (an
  event first quarantined is answered with its first outcome again);
- the same id with other content is a **conflict**: nothing applied, quarantined;
- an event of another office or workstation, of a kind or version this server does not know,
  with a payload its model refuses, or taking in a dossier under a code another dossier holds
  is **rejected**: quarantined, never applied.

The batch's transaction first locks the device's row (``FOR UPDATE`` on PostgreSQL, the single
writer on SQLite), so two pushes of one device, a retry racing its lost first try, are decided
one after the other; pushes of different devices run side by side, and a unique violation
between them (the same dossier code taken at once) is decided again once the other committed.

The device's audit chain is checked as the events arrive: every audit entry of a workstation
has exactly one outbox event, so its audit seqs must come contiguous. A seq already seen with
another hash is a **fork**; an event past the first missing seq is a **gap**; a batch head behind
what the server holds, or with another hash at a seq it knows, is **rewritten**. The flag stays
until an administrator looks.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from pydantic import ValidationError as PydanticValidationError
from sqlalchemy import Table, bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.lifecycle import DossierState
from desk_app.core.text import mask_name
from desk_app.server.epoch import current_epoch
from desk_app.server.schema import Device, DistrictDossier, QuarantinedEvent, ReceivedEvent
from desk_app.services.changes import RESOLVED_STATES
from desk_app.store.audit import canonical_json
from desk_app.store.db import Database
from desk_app.sync.events import Envelope, Event, UnknownEvent
from desk_app.sync.protocol import EventResult, Outcome, PushIn, PushOut

log = logging.getLogger(__name__)

RECEIVED_KIND = "dossier.received"
# The lifecycle acts that move a dossier's projection (issue 10's events).
ACT_KINDS = frozenset(
    {
        "dossier.transferred",
        "dossier.supplement_requested",
        "dossier.supplement_received",
        "dossier.refused",
        "dossier.stopped",
        "dossier.extended",
        "dossier.result_recorded",
        "dossier.returned",
    }
)
CHAIN_OK = "ok"
DETAIL_LIMIT = 2000  # Device.chain_detail keeps the first notes, never grows without bound


def content_hash_of(envelope: Envelope) -> tuple[str, str]:
    """The envelope's canonical JSON and its SHA-256: what "the same content" means."""
    text = canonical_json(envelope.model_dump(mode="json"))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


class DeviceRevokedMeanwhile(Exception):
    """The device was revoked after its token was checked: nothing of the batch is applied."""


# --- the audit chain ---------------------------------------------------------------------------


@dataclass
class ChainCheck:
    """A device's audit chain as the server knows it, updated event by event."""

    positions: dict[int, str]  # audit_seq -> audit_hash, of the events of the device looked at
    contiguous: int  # the highest seq n with 1..n all seen
    top: int  # the highest seq seen
    flag: str
    notes: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, session: Session, device: Device, seqs: Iterable[int] = ()) -> ChainCheck:
        """The chain of ``device``, with the hashes of ``seqs`` (a batch's seqs and head) read.

        A chain with no hole is told by its count and its top seq, without reading every
        position a device ever sent (that cost grew with every batch); only a chain with a hole
        is read whole, to know where the hole ends."""
        # Rejected events hold their place in the chain too (another office's do not); few.
        held_aside: dict[int, str] = {}
        for (text,) in session.execute(
            select(QuarantinedEvent.envelope).where(
                QuarantinedEvent.device_id == device.id,
                QuarantinedEvent.reason != "not_this_device",
            )
        ):
            document = json.loads(text)
            held_aside.setdefault(int(document["audit_seq"]), str(document["audit_hash"]))
        mine = ReceivedEvent.device_id == device.id
        count, top = session.execute(
            select(
                func.count(func.distinct(ReceivedEvent.audit_seq)),
                func.max(ReceivedEvent.audit_seq),
            ).where(mine)
        ).one()
        # Only a seq the server may hold has a hash to read: a batch of new events reads none.
        wanted = sorted({seq for seq in seqs if seq <= (top or 0)} | set(held_aside))
        positions: dict[int, str] = {}
        for part in _chunks(wanted):
            rows = session.execute(
                select(ReceivedEvent.audit_seq, ReceivedEvent.audit_hash).where(
                    mine, ReceivedEvent.audit_seq.in_(part)
                )
            )
            positions.update({seq: hash_ for seq, hash_ in rows})
        aside_only = [seq for seq in held_aside if seq not in positions]
        for seq, hash_ in held_aside.items():
            positions.setdefault(seq, hash_)
        top = max([top or 0, *held_aside])
        if (count or 0) + len(aside_only) == top:
            return cls(positions, top, top, device.chain)
        rows = session.execute(
            select(ReceivedEvent.audit_seq, ReceivedEvent.audit_hash).where(mine)
        )
        positions.update({seq: hash_ for seq, hash_ in rows})
        check = cls(positions, 0, top, device.chain)
        check._advance()
        return check

    def _advance(self) -> None:
        while self.contiguous + 1 in self.positions:
            self.contiguous += 1

    def _raise(self, flag: str, note: str) -> None:
        if self.flag == CHAIN_OK:
            self.flag = flag
        self.notes.append(note)

    def see(self, envelope: Envelope) -> None:
        seq, hash_ = envelope.audit_seq, envelope.audit_hash
        known = self.positions.get(seq)
        if known is not None:
            if known != hash_:
                self._raise("fork", f"fork: audit_seq {seq} came with another hash")
            return
        if seq > self.contiguous + 1:
            self._raise("gap", f"gap: audit_seq {self.contiguous + 1} to {seq - 1} never came")
        self.positions[seq] = hash_
        self.top = max(self.top, seq)
        self._advance()

    def see_head(self, seq: int, hash_: str, reported_seq: int, reported_hash: str) -> None:
        """The batch's head against what the server holds and the head reported before."""
        held = self.top
        if seq < held or seq < reported_seq:
            self._raise("rewritten", f"rewritten: head {seq} behind {max(held, reported_seq)}")
        elif self.positions.get(seq, hash_) != hash_ or (
            seq == reported_seq and reported_hash and reported_hash != hash_
        ):
            self._raise("rewritten", f"rewritten: head {seq} has another hash")


# --- one event -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Incoming:
    envelope: Envelope
    text: str
    content_hash: str


class _Rejected(Exception):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _aggregate_of(envelope: Envelope) -> uuid.UUID | None:
    value = envelope.payload.get("dossier_id")
    try:
        return uuid.UUID(str(value)) if value is not None else None
    except ValueError:
        return None


def _quarantine(
    session: Session,
    device: Device,
    incoming: _Incoming,
    outcome: Outcome,
    reason: str,
    detail: str,
    now: datetime,
) -> EventResult:
    session.execute(
        insert(QuarantinedEvent).values(
            id=uuid.uuid4(),
            event_id=incoming.envelope.event_id,
            office_id=device.office_id,
            device_id=device.id,
            outcome=outcome.value,
            reason=reason,
            detail=detail[:500],
            content_hash=incoming.content_hash,
            envelope=incoming.text,
            quarantined_at=now,
            resolved_at=None,
        )
    )
    return EventResult(event_id=incoming.envelope.event_id, outcome=outcome, reason=reason)


def _earlier_quarantine(
    session: Session, device: Device, incoming: _Incoming
) -> EventResult | None:
    """The answer given when this very envelope was quarantined before, if it was."""
    row = session.execute(
        select(QuarantinedEvent.outcome, QuarantinedEvent.reason)
        .where(
            QuarantinedEvent.event_id == incoming.envelope.event_id,
            QuarantinedEvent.content_hash == incoming.content_hash,
            QuarantinedEvent.device_id == device.id,
        )
        .limit(1)
    ).first()
    if row is None:
        return None
    return EventResult(
        event_id=incoming.envelope.event_id, outcome=Outcome(row.outcome), reason=row.reason
    )


def _decide(
    session: Session, device: Device, incoming: _Incoming, now: datetime, chain: ChainCheck
) -> EventResult:
    envelope = incoming.envelope
    earlier = _earlier_quarantine(session, device, incoming)
    if earlier is not None:
        return earlier
    if envelope.office_id != device.local_office_id or envelope.workstation_id != (
        device.workstation_id
    ):
        return _quarantine(
            session,
            device,
            incoming,
            Outcome.REJECTED,
            "not_this_device",
            "office or workstation of the envelope is not the device's",
            now,
        )
    prior = session.scalar(
        select(ReceivedEvent.content_hash).where(ReceivedEvent.event_id == envelope.event_id)
    )
    if prior is not None:
        if prior == incoming.content_hash:
            return EventResult(event_id=envelope.event_id, outcome=Outcome.DUPLICATE)
        return _quarantine(
            session,
            device,
            incoming,
            Outcome.CONFLICT,
            "content_differs",
            "an event with this id was received with other content",
            now,
        )
    try:
        event = _checked(session, device, envelope)
        _store(session, device, incoming, event, now)
    except _Rejected as refusal:
        if refusal.reason == "code_taken":
            chain.notes.append(f"code_taken: {refusal.detail}")
        return _quarantine(
            session, device, incoming, Outcome.REJECTED, refusal.reason, refusal.detail, now
        )
    return EventResult(event_id=envelope.event_id, outcome=Outcome.ACCEPTED)


def _checked(session: Session, device: Device, envelope: Envelope) -> Event:
    if envelope.workstation_seq is None:
        raise _Rejected("invalid_payload", "the envelope has no workstation_seq")
    try:
        event = envelope.event()
    except UnknownEvent:
        raise _Rejected("unknown_kind", f"{envelope.kind[:64]} v{envelope.version}") from None
    except PydanticValidationError as error:
        places = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})[:5]
        raise _Rejected("invalid_payload", "fields: " + ", ".join(places)) from None
    taken = session.scalar(
        select(ReceivedEvent.event_id).where(
            ReceivedEvent.device_id == device.id,
            ReceivedEvent.workstation_seq == envelope.workstation_seq,
        )
    )
    if taken is not None:
        raise _Rejected(
            "seq_taken", f"workstation_seq {envelope.workstation_seq} is another event's"
        )
    return event


def _store(
    session: Session, device: Device, incoming: _Incoming, event: Any, now: datetime
) -> None:
    envelope = incoming.envelope
    assert envelope.workstation_seq is not None
    aggregate = _aggregate_of(envelope)
    if envelope.kind == RECEIVED_KIND:
        _check_new_dossier(session, event)
    session.execute(
        insert(ReceivedEvent).values(
            event_id=envelope.event_id,
            office_id=device.office_id,
            device_id=device.id,
            workstation_seq=envelope.workstation_seq,
            kind=envelope.kind,
            version=envelope.version,
            aggregate_id=aggregate,
            audit_seq=envelope.audit_seq,
            audit_hash=envelope.audit_hash,
            content_hash=incoming.content_hash,
            envelope=incoming.text,
            created_at=envelope.created_at,
            received_at=now,
        )
    )
    if envelope.kind == RECEIVED_KIND:
        _insert_dossier(session, device, event, now)
        _replay_acts(session, device, event.dossier_id, envelope.workstation_seq, now)
    elif envelope.kind in ACT_KINDS and aggregate is not None:
        later = session.scalar(
            select(func.count())
            .select_from(ReceivedEvent)
            .where(
                ReceivedEvent.device_id == device.id,
                ReceivedEvent.workstation_seq > envelope.workstation_seq,
                ReceivedEvent.aggregate_id == aggregate,
                ReceivedEvent.kind.in_(ACT_KINDS),
            )
        )
        if later:  # an earlier act after a later one: project the acts again, in order
            _rebuild(session, device, aggregate, now)
        else:
            _apply_acts(session, device, aggregate, [event], now)


# --- the dossier projection -------------------------------------------------------------------


def _check_new_dossier(session: Session, event: Any) -> None:
    dossier_id, code = event.dossier_id, event.code
    holder = session.scalar(select(DistrictDossier.id).where(DistrictDossier.code == code))
    if holder is not None and holder != dossier_id:
        raise _Rejected("code_taken", f"code {code} is another dossier's")
    if session.get(DistrictDossier, dossier_id) is not None:
        raise _Rejected("dossier_exists", f"dossier {dossier_id} was received before")


def _dossier_values(event: Any) -> dict[str, Any]:
    """The projection's columns from a DossierReceived (version 3, or 4 with its lookup key)."""
    received_at: datetime = event.received_at
    return {
        "code": event.code,
        "lookup_key": str(getattr(event, "lookup_key", "") or ""),
        "procedure_code": event.procedure.code,
        "procedure_name": event.procedure.name,
        "channel": str(event.channel.value),
        "applicant_masked": mask_name(event.applicant.name),
        "received_at": received_at,
        "received_day": received_at.astimezone(OFFICE_TZ).date(),
        "due_at": event.due_at,
        "state": event.state,
        "resolved_at": None,
        "returned_at": None,
    }


def _insert_dossier(session: Session, device: Device, event: Any, now: datetime) -> None:
    session.execute(
        insert(DistrictDossier).values(
            id=event.dossier_id,
            office_id=device.office_id,
            device_id=device.id,
            updated_at=now,
            **_dossier_values(event),
        )
    )


def _act_changes(
    event: Any, due_at: datetime, resolved_at: datetime | None
) -> tuple[dict[str, Any], datetime, datetime | None]:
    state: DossierState = event.state
    at: datetime = event.at
    values: dict[str, Any] = {"state": state}
    if event.KIND == "dossier.supplement_received":
        due_at = event.due_at
    elif event.KIND == "dossier.extended":
        due_at = event.new_due_at
    values["due_at"] = due_at
    if state in RESOLVED_STATES and resolved_at is None:
        resolved_at = at
        values["resolved_at"] = at
    if state is DossierState.RETURNED:
        values["returned_at"] = at
    return values, due_at, resolved_at


def _of_device(device: Device, dossier_ids: Any) -> Any:
    """The dossiers among ``dossier_ids`` (one id or a list) that ``device`` took in: its acts
    move only those, never a dossier of another workstation or ward that shares an id."""
    mine = DistrictDossier.device_id == device.id
    if isinstance(dossier_ids, uuid.UUID):
        return mine & (DistrictDossier.id == dossier_ids)
    return mine & DistrictDossier.id.in_(dossier_ids)


def _apply_acts(
    session: Session,
    device: Device,
    dossier_id: uuid.UUID,
    events: Iterable[Event],
    now: datetime,
) -> None:
    """Move the dossier's row through ``events``, in order (nothing when the server has no
    such dossier of this device yet: its acts wait in received_event for its
    DossierReceived)."""
    row = session.execute(
        select(DistrictDossier.due_at, DistrictDossier.resolved_at).where(
            _of_device(device, dossier_id)
        )
    ).first()
    if row is None:
        return
    due_at, resolved_at = row.due_at, row.resolved_at
    values: dict[str, Any] = {}
    for event in events:
        changes, due_at, resolved_at = _act_changes(event, due_at, resolved_at)
        values.update(changes)
    if values:
        values["updated_at"] = now
        session.execute(
            update(DistrictDossier).where(_of_device(device, dossier_id)).values(**values)
        )


def _stored_acts(
    session: Session, device: Device, dossier_id: uuid.UUID, after_seq: int
) -> list[Event]:
    texts = session.scalars(
        select(ReceivedEvent.envelope)
        .where(
            ReceivedEvent.device_id == device.id,
            ReceivedEvent.workstation_seq > after_seq,
            ReceivedEvent.aggregate_id == dossier_id,
            ReceivedEvent.kind.in_(ACT_KINDS),
        )
        .order_by(ReceivedEvent.workstation_seq)
    )
    return [Envelope.model_validate_json(text).event() for text in texts]


def _replay_acts(
    session: Session, device: Device, dossier_id: uuid.UUID, received_seq: int, now: datetime
) -> None:
    """The acts that came before their dossier (pushed out of order), applied now."""
    acts = _stored_acts(session, device, dossier_id, received_seq)
    if acts:
        _apply_acts(session, device, dossier_id, acts, now)


def _rebuild(session: Session, device: Device, dossier_id: uuid.UUID, now: datetime) -> None:
    """The dossier's row projected again from its DossierReceived and every act, in order."""
    text = session.scalar(
        select(ReceivedEvent.envelope).where(
            ReceivedEvent.device_id == device.id,
            ReceivedEvent.aggregate_id == dossier_id,
            ReceivedEvent.kind == RECEIVED_KIND,
        )
    )
    if text is None:
        return  # not here yet: its arrival replays the acts
    received = Envelope.model_validate_json(text)
    session.execute(
        update(DistrictDossier)
        .where(_of_device(device, dossier_id))
        .values(updated_at=now, **_dossier_values(received.event()))
    )
    _replay_acts(session, device, dossier_id, -1, now)


# --- the fast path: a batch of new, in-order events ------------------------------------------


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _chunks(values: list[Any], size: int = 400) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _fast(
    session: Session, device: Device, items: list[_Incoming], now: datetime
) -> list[EventResult] | None:
    """The whole batch decided from a few reads and written with a few statements, when it is
    the common case: this device's events, new or replayed, new ones in workstation order after
    every stored one, no dossier code or id already held. None: anything else, for the
    event-by-event path."""
    ids = [i.envelope.event_id for i in items]
    if len(set(ids)) != len(ids):
        return None
    received: dict[uuid.UUID, str] = {}
    earlier: dict[tuple[uuid.UUID, str], EventResult] = {}
    for part in _chunks(ids):
        for event_id, content_hash in session.execute(
            select(ReceivedEvent.event_id, ReceivedEvent.content_hash).where(
                ReceivedEvent.event_id.in_(part)
            )
        ):
            received[event_id] = content_hash
        for row in session.execute(
            select(
                QuarantinedEvent.event_id,
                QuarantinedEvent.content_hash,
                QuarantinedEvent.outcome,
                QuarantinedEvent.reason,
            ).where(QuarantinedEvent.device_id == device.id, QuarantinedEvent.event_id.in_(part))
        ):
            earlier.setdefault(
                (row.event_id, row.content_hash),
                EventResult(event_id=row.event_id, outcome=Outcome(row.outcome), reason=row.reason),
            )
    last_seq = (
        session.scalar(
            select(func.max(ReceivedEvent.workstation_seq)).where(
                ReceivedEvent.device_id == device.id
            )
        )
        or 0
    )
    results: list[EventResult] = []
    received_rows: list[dict[str, Any]] = []
    quarantine_rows: list[dict[str, Any]] = []
    new_dossiers: dict[uuid.UUID, dict[str, Any]] = {}
    acts: list[tuple[uuid.UUID, Event]] = []

    def quarantine(incoming: _Incoming, outcome: Outcome, reason: str, detail: str) -> None:
        quarantine_rows.append(
            {
                "id": uuid.uuid4(),
                "event_id": incoming.envelope.event_id,
                "office_id": device.office_id,
                "device_id": device.id,
                "outcome": outcome.value,
                "reason": reason,
                "detail": detail[:500],
                "content_hash": incoming.content_hash,
                "envelope": incoming.text,
                "quarantined_at": now,
                "resolved_at": None,
            }
        )
        results.append(
            EventResult(event_id=incoming.envelope.event_id, outcome=outcome, reason=reason)
        )

    for incoming in items:
        envelope = incoming.envelope
        answered = earlier.get((envelope.event_id, incoming.content_hash))
        if answered is not None:
            results.append(answered)
            continue
        if envelope.office_id != device.local_office_id or envelope.workstation_id != (
            device.workstation_id
        ):
            return None  # rare: decided one by one
        prior = received.get(envelope.event_id)
        if prior is not None:
            if prior != incoming.content_hash:
                return None
            results.append(EventResult(event_id=envelope.event_id, outcome=Outcome.DUPLICATE))
            continue
        if envelope.workstation_seq is None or envelope.workstation_seq <= last_seq:
            return None
        last_seq = envelope.workstation_seq
        try:
            event: Any = envelope.event()
        except UnknownEvent:
            quarantine(
                incoming,
                Outcome.REJECTED,
                "unknown_kind",
                f"{envelope.kind[:64]} v{envelope.version}",
            )
            continue
        except PydanticValidationError as error:
            places = sorted({".".join(str(p) for p in e["loc"]) for e in error.errors()})[:5]
            quarantine(
                incoming, Outcome.REJECTED, "invalid_payload", "fields: " + ", ".join(places)
            )
            continue
        aggregate = _aggregate_of(envelope)
        if envelope.kind == RECEIVED_KIND:
            if event.dossier_id in new_dossiers:
                return None
            new_dossiers[event.dossier_id] = {
                "id": event.dossier_id,
                "office_id": device.office_id,
                "device_id": device.id,
                "updated_at": now,
                **_dossier_values(event),
            }
        elif envelope.kind in ACT_KINDS and aggregate is not None:
            acts.append((aggregate, event))
        received_rows.append(
            {
                "event_id": envelope.event_id,
                "office_id": device.office_id,
                "device_id": device.id,
                "workstation_seq": envelope.workstation_seq,
                "kind": envelope.kind,
                "version": envelope.version,
                "aggregate_id": aggregate,
                "audit_seq": envelope.audit_seq,
                "audit_hash": envelope.audit_hash,
                "content_hash": incoming.content_hash,
                "envelope": incoming.text,
                "created_at": envelope.created_at,
                "received_at": now,
            }
        )
        results.append(EventResult(event_id=envelope.event_id, outcome=Outcome.ACCEPTED))
    codes = [d["code"] for d in new_dossiers.values()]
    if len(set(codes)) != len(codes):
        return None
    for part in _chunks(codes):
        if session.scalar(
            select(DistrictDossier.id).where(DistrictDossier.code.in_(part)).limit(1)
        ):
            return None
    for part in _chunks(list(new_dossiers)):
        if session.scalar(select(DistrictDossier.id).where(DistrictDossier.id.in_(part)).limit(1)):
            return None
    # The acts, in order, on the dossiers as they stand (new in this batch, or stored).
    stored: dict[uuid.UUID, dict[str, Any]] = {}
    wanted = list({a for a, _ in acts if a not in new_dossiers})
    for part in _chunks(wanted):
        for found in session.execute(
            select(
                DistrictDossier.id,
                DistrictDossier.state,
                DistrictDossier.due_at,
                DistrictDossier.resolved_at,
                DistrictDossier.returned_at,
            ).where(_of_device(device, part))
        ):
            stored[found.id] = {
                "b_id": found.id,
                "state": found.state,
                "due_at": found.due_at,
                "resolved_at": found.resolved_at,
                "returned_at": found.returned_at,
                "updated_at": now,
            }
    for aggregate, event in acts:
        target = new_dossiers.get(aggregate) or stored.get(aggregate)
        if target is None:
            continue  # its dossier comes later: the DossierReceived replays it
        changes, _, _ = _act_changes(event, target["due_at"], target["resolved_at"])
        target.update(changes)
    try:
        with session.begin_nested():
            if received_rows:
                session.execute(insert(_table(ReceivedEvent)), received_rows)
            if quarantine_rows:
                session.execute(insert(_table(QuarantinedEvent)), quarantine_rows)
            if new_dossiers:
                session.execute(insert(_table(DistrictDossier)), list(new_dossiers.values()))
            if stored:
                table = _table(DistrictDossier)
                session.execute(
                    update(table)
                    .where(table.c.id == bindparam("b_id"))
                    .values(
                        state=bindparam("state"),
                        due_at=bindparam("due_at"),
                        resolved_at=bindparam("resolved_at"),
                        returned_at=bindparam("returned_at"),
                        updated_at=bindparam("updated_at"),
                    ),
                    list(stored.values()),
                )
    except IntegrityError:
        return None  # another device's push took a row first: one by one, then
    return results


# --- the batch -------------------------------------------------------------------------------


def _one(
    session: Session, device: Device, incoming: _Incoming, now: datetime, chain: ChainCheck
) -> EventResult:
    for attempt in range(3):
        try:
            with session.begin_nested():
                return _decide(session, device, incoming, now, chain)
        except IntegrityError:
            # Another device's transaction committed the same row first (a dossier code, an
            # event id): decided again, it now sees that row.
            if attempt == 2:
                raise
        except SQLAlchemyError:
            raise
        except Exception:  # a projection bug must not hold back the events behind this one
            log.exception("push: event %s could not be applied", incoming.envelope.kind[:64])
            with session.begin_nested():
                return _quarantine(
                    session,
                    device,
                    incoming,
                    Outcome.REJECTED,
                    "apply_failed",
                    "the server could not apply this event",
                    now,
                )
    raise AssertionError("unreachable")


def apply_batch(db: Database, device: Device, push_in: PushIn, now: datetime) -> PushOut:
    """Decide every event of ``push_in`` for ``device`` and record the device's health."""
    with db.write() as session:
        locked = session.scalar(select(Device).where(Device.id == device.id).with_for_update())
        if locked is None or locked.revoked_at is not None:
            raise DeviceRevokedMeanwhile()  # between the token's check and this transaction
        seqs = [envelope.audit_seq for envelope in push_in.events]
        chain = ChainCheck.load(session, locked, [*seqs, push_in.head.seq])
        items = []
        for envelope in push_in.events:
            text, content_hash = content_hash_of(envelope)
            if (
                envelope.office_id == locked.local_office_id
                and envelope.workstation_id == locked.workstation_id
            ):
                chain.see(envelope)
            items.append(_Incoming(envelope, text, content_hash))
        results = _fast(session, locked, items, now)
        if results is None:
            results = [_one(session, locked, incoming, now, chain) for incoming in items]
        head = push_in.head
        chain.see_head(head.seq, head.hash, locked.audit_seq, locked.audit_hash)
        if chain.flag != locked.chain:
            log.warning("push: device %s chain flagged %s", locked.id, chain.flag)
        left = max(0, push_in.waiting - len(results))
        detail = locked.chain_detail
        for note in chain.notes:
            if len(detail) + len(note) + 1 <= DETAIL_LIMIT:
                detail = f"{detail}\n{note}" if detail else note
        session.execute(
            update(Device)
            .where(Device.id == locked.id)
            .values(
                chain=chain.flag,
                chain_detail=detail,
                audit_seq=head.seq,
                audit_hash=head.hash,
                # What waits once this batch is answered: every event of it is settled
                # (acknowledged or quarantined), so a workstation that drained its outbox
                # shows 0 without another push.
                waiting=left,
                oldest_waiting_at=push_in.oldest_waiting_at if left else None,
                clock_skew_s=round((push_in.client_time - now).total_seconds()),
                last_push_at=now,
                last_seen_at=now,
            )
        )
        flag = chain.flag
        epoch = current_epoch(session)
    return PushOut(results=results, chain=flag, server_time=now, epoch=epoch)
