"""Queue tickets (issue 9): take a number, call it, serve it, and the figures of a day.

`QueueService` is what windows and commands talk to. `LocalQueue` keeps the queue in this
workstation's database, every act one transaction with its audit entry and outbox event (the
change recorder); the office hub serves the same `LocalQueue` over HTTP and a counter of a
bigger office talks to it through `desk_app.services.queue_hub`, which implements the same
interface. Two counters pressing "call next" at once are serialised by the write transaction
(SQLite's BEGIN IMMEDIATE), so neither gets the other's ticket.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, cast

from sqlalchemy import Table, bindparam, case, func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError
from desk_app.core.lifecycle import DossierState
from desk_app.core.queue import (
    DEFAULT_AREAS,
    FINISHED,
    AreaKind,
    PriorityKind,
    Spread,
    TicketAct,
    TicketSource,
    TicketState,
    Waiting,
    after,
    ahead_of_new,
    calling_order,
    check_area_name,
    check_letter,
    parse_label,
    spread,
    ticket_label,
)
from desk_app.core.roles import Act
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.store.base import insert_now
from desk_app.store.models import (
    AuditEntry,
    Dossier,
    Officer,
    ServiceArea,
    Ticket,
    TicketCounter,
)
from desk_app.store.types import new_id
from desk_app.sync.events import (
    ServiceAreaSet,
    TicketCalled,
    TicketEvent,
    TicketFinished,
    TicketIssued,
    TicketServiceStarted,
    TicketTransferred,
)

MAX_COUNTER = 16


# The audit entities of queue acts: `LocalQueue.change_token` watches their entries.
TICKET_ENTITY = "ticket"
AREA_ENTITY = "service_area"
QUEUE_ENTITIES = (TICKET_ENTITY, AREA_ENTITY)


def _of_chain(workstation_id: uuid.UUID | None) -> ColumnElement[bool]:
    if workstation_id is None:
        return AuditEntry.workstation_id.is_(None)
    return AuditEntry.workstation_id == workstation_id


class UnknownArea(DeskError):
    msgid = N_("Không có khu vực {letter} (hoặc khu vực này đã ngừng cấp số).")


class UnknownTicket(DeskError):
    msgid = N_("Hôm nay không có số {label}.")


class QueueEmpty(DeskError):
    msgid = N_("Không còn ai đang chờ ở các khu vực của quầy này.")


class NoCounter(DeskError):
    msgid = N_("Hãy cho biết số quầy (ví dụ --counter 3, hoặc chọn quầy trong cài đặt).")


class NotThisCounter(DeskError):
    msgid = N_("Số {label} đang được quầy {counter} phục vụ, không phải quầy này.")


class ResultNotReady(DeskError):
    msgid = N_(
        "Hồ sơ {code} chưa có kết quả. Ngày hẹn trả kết quả: {due}. Xin quay lại vào ngày hẹn."
    )


class ResultAlreadyReturned(DeskError):
    msgid = N_("Kết quả của hồ sơ {code} đã được trả. Nếu cần, xin hỏi cán bộ tại quầy.")


@dataclass(frozen=True)
class AreaInfo:
    id: uuid.UUID
    letter: str
    name: str
    kind: AreaKind
    position: int
    active: bool


@dataclass(frozen=True)
class TicketInfo:
    """A ticket as screens, prints and commands show it."""

    id: uuid.UUID
    label: str  # A012: never changes, even after a transfer
    day: date
    area_letter: str  # where it waits now
    area_name: str
    state: TicketState
    priority: PriorityKind | None
    source: TicketSource
    issued_at: datetime
    waiting_ahead: int
    target_counter: str | None
    counter: str | None
    officer: str | None  # the username of the officer serving it
    calls: int
    first_called_at: datetime | None
    last_called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    transfers: int
    dossier_code: str | None


@dataclass(frozen=True)
class Board:
    """What the display and the counters' lists show: the tickets at a counter now (latest call
    first), the last calls, and how many wait in each area."""

    serving: tuple[TicketInfo, ...]
    recent: tuple[TicketInfo, ...]
    waiting: dict[str, int]
    areas: tuple[AreaInfo, ...]


@dataclass(frozen=True)
class StatsRow:
    """One line of a day's figures: an area, a counter or an officer (``key``)."""

    by: str  # "area", "counter", "officer" or "total"
    key: str
    issued: int
    served: int
    no_show: int
    waiting_now: int
    wait: Spread  # issue to first call, seconds
    service: Spread  # start (or first call) to finish, seconds


class QueueService(Protocol):
    """The queue as counters, kiosk and display use it, local or through the office hub."""

    def areas(self) -> list[AreaInfo]: ...

    def issue(
        self,
        actor: Actor,
        area_letter: str,
        *,
        priority: PriorityKind | None = None,
        source: TicketSource = TicketSource.COUNTER,
    ) -> TicketInfo: ...

    def issue_for_result(self, actor: Actor, dossier_code: str) -> TicketInfo: ...

    def call_next(
        self, actor: Actor, counter: str, areas: Sequence[str] | None = None
    ) -> TicketInfo: ...

    def call(self, actor: Actor, counter: str, label: str) -> TicketInfo: ...

    def recall(self, actor: Actor, counter: str, label: str) -> TicketInfo: ...

    def start(self, actor: Actor, counter: str, label: str) -> TicketInfo: ...

    def finish(
        self, actor: Actor, counter: str, label: str, dossier_code: str | None = None
    ) -> TicketInfo: ...

    def no_show(self, actor: Actor, counter: str, label: str) -> TicketInfo: ...

    def transfer(
        self, actor: Actor, label: str, to_area: str, to_counter: str | None = None
    ) -> TicketInfo: ...

    def ticket(self, label: str) -> TicketInfo: ...

    def waiting(self, area_letter: str | None = None) -> list[TicketInfo]: ...

    def at_counter(self, counter: str) -> TicketInfo | None: ...

    def board(self, recent: int = 6) -> Board: ...

    def stats(self, actor: Actor, day: date) -> list[StatsRow]:
        """A day's figures per area, counter and officer, and in total (supervisor: the
        service that holds the tickets checks the role)."""
        ...

    def wait_for_change(self, since: str | None, timeout: float) -> str:
        """Block until the queue changed after the token ``since`` (None: answer at once) or
        ``timeout`` seconds passed; the current token. Displays and counter lists use it to
        redraw only when something happened."""
        ...


def check_counter(counter: str | None) -> str:
    text = (counter or "").strip()
    if not text or len(text) > MAX_COUNTER or not text.isprintable():
        raise NoCounter()
    return text


def add_default_areas(session: Session, office_id: uuid.UUID) -> None:
    """The areas an office starts with (set-up): A Chứng thực, B Hộ tịch, C Trả kết quả."""
    for position, spec in enumerate(DEFAULT_AREAS, start=1):
        session.add(
            ServiceArea(
                office_id=office_id,
                letter=spec.letter,
                name=spec.name,
                kind=spec.kind,
                position=position,
                active=True,
            )
        )


def _area_info(row: ServiceArea) -> AreaInfo:
    return AreaInfo(row.id, row.letter, row.name, row.kind, row.position, row.active)


@dataclass
class LocalQueue:
    """The queue of ``workspace``'s office kept in its own database."""

    workspace: Workspace
    office_id: uuid.UUID
    # Officers found to have an account in this file: accounts are deactivated, never
    # deleted, so a found one stays found (it saves a read on every act).
    _accounts: set[uuid.UUID] = field(default_factory=set, repr=False)

    # --- reading -----------------------------------------------------------------------------

    def today(self) -> date:
        return self.workspace.now().astimezone(OFFICE_TZ).date()

    def areas(self) -> list[AreaInfo]:
        with self.workspace.read() as session:
            rows = session.scalars(
                select(ServiceArea)
                .where(ServiceArea.office_id == self.office_id)
                .order_by(ServiceArea.position, ServiceArea.letter)
            )
            return [_area_info(row) for row in rows]

    def ticket(self, label: str) -> TicketInfo:
        with self.workspace.read() as session:
            return self._info(session, self._find(session, label))

    def waiting(self, area_letter: str | None = None) -> list[TicketInfo]:
        """Who waits, in calling order (per area, or all areas by area then order)."""
        with self.workspace.read() as session:
            areas = {a.id: a for a in self._area_rows(session)}
            wanted = None if area_letter is None else self._area(session, area_letter).id
            rows = self._waiting_rows(session, None if wanted is None else [wanted])
            order = calling_order(_waiting(rows))
            by_key = {row.id: row for row in rows}
            tickets = [by_key[w.key] for w in order]  # type: ignore[index]
            tickets.sort(key=lambda t: areas[t.area_id].position)
            return [self._info(session, t) for t in tickets]

    def at_counter(self, counter: str) -> TicketInfo | None:
        """The ticket this counter called or serves now, if any."""
        with self.workspace.read() as session:
            row = session.scalars(
                select(Ticket)
                .where(
                    Ticket.office_id == self.office_id,
                    Ticket.day == self.today(),
                    Ticket.counter == check_counter(counter),
                    Ticket.state.in_((TicketState.CALLED, TicketState.SERVING)),
                )
                .order_by(Ticket.last_called_at.desc())
                .limit(1)
            ).first()
            return None if row is None else self._info(session, row)

    def board(self, recent: int = 6) -> Board:
        with self.workspace.read() as session:
            day = self.today()
            areas = self._area_rows(session)
            serving = session.scalars(
                select(Ticket)
                .where(
                    Ticket.office_id == self.office_id,
                    Ticket.day == day,
                    Ticket.state.in_((TicketState.CALLED, TicketState.SERVING)),
                )
                .order_by(Ticket.last_called_at.desc())
            ).all()
            last = session.scalars(
                select(Ticket)
                .where(
                    Ticket.office_id == self.office_id,
                    Ticket.day == day,
                    Ticket.last_called_at.is_not(None),
                )
                .order_by(Ticket.last_called_at.desc())
                .limit(recent)
            ).all()
            counts = dict(
                session.execute(
                    select(Ticket.area_id, func.count())
                    .where(
                        Ticket.office_id == self.office_id,
                        Ticket.day == day,
                        Ticket.state == TicketState.WAITING,
                    )
                    .group_by(Ticket.area_id)
                ).all()
            )
            # A counter serves one citizen: one called before the officer called the next
            # (without finishing) is no longer shown as served there.
            latest: dict[str | None, Ticket] = {}
            for ticket in serving:  # newest call first
                latest.setdefault(ticket.counter, ticket)
            return Board(
                tuple(self._info(session, t) for t in latest.values()),
                tuple(self._info(session, t) for t in last),
                {a.letter: int(counts.get(a.id, 0)) for a in areas if a.active},
                tuple(_area_info(a) for a in areas),
            )

    def change_token(self) -> str:
        """Moves whenever a queue act is recorded, by any program writing this file, and when
        the day turns. Every act writes its audit entry (the change recorder), so the token is
        the newest queue entry of the file's chains: one step back along the chain's index,
        however many tickets the day holds."""
        station = self.workspace.station
        chains = [None] if station is None else [station.workstation.id, None]
        with self.workspace.read() as session:
            heads = [
                session.execute(
                    select(AuditEntry.seq, AuditEntry.hash)
                    .where(_of_chain(chain), AuditEntry.entity.in_(QUEUE_ENTITIES))
                    .order_by(AuditEntry.seq.desc())
                    .limit(1)
                ).first()
                for chain in chains
            ]
        marks = ["-" if head is None else f"{head[0]}:{head[1][:16]}" for head in heads]
        return "|".join([self.today().isoformat(), *marks])

    def wait_for_change(self, since: str | None, timeout: float) -> str:
        """Poll this file every 50 ms (another program may write it) until the token moves."""
        deadline = time.monotonic() + max(timeout, 0.0)
        token = self.change_token()
        while since is not None and token == since and time.monotonic() < deadline:
            time.sleep(0.05)
            token = self.change_token()
        return token

    # --- issuing -----------------------------------------------------------------------------

    def issue(
        self,
        actor: Actor,
        area_letter: str,
        *,
        priority: PriorityKind | None = None,
        source: TicketSource = TicketSource.COUNTER,
    ) -> TicketInfo:
        """Give the next number of the area today. Anyone may take one (the kiosk is public):
        it is audited under the workstation, or the officer who gave it."""
        return self._issue(actor, area_letter, priority, source, None)

    def issue_for_result(self, actor: Actor, dossier_code: str) -> TicketInfo:
        """A citizen back for a result scans the receipt: a ticket in the results area that
        names the dossier, or a plain refusal while the result is not ready (with its date)."""
        code = dossier_code.strip().upper()
        with self.workspace.read() as session:
            dossier = session.scalar(select(Dossier).where(Dossier.code == code))
            if dossier is not None:
                if dossier.state == DossierState.RETURNED:
                    raise ResultAlreadyReturned(code=code)
                if dossier.state != DossierState.RESULT_READY:
                    due = dossier.due_at.astimezone(OFFICE_TZ).strftime("%d/%m/%Y")
                    raise ResultNotReady(code=code, due=due)
            results = session.scalars(
                select(ServiceArea)
                .where(
                    ServiceArea.office_id == self.office_id,
                    ServiceArea.kind == AreaKind.RESULTS,
                    ServiceArea.active,
                )
                .order_by(ServiceArea.position)
            ).first()
            if results is None:
                raise UnknownArea(letter="?")
            letter = results.letter
        # A dossier this file does not hold (received at another workstation) still gets its
        # ticket: the officer who calls it sees the code and fetches the file.
        return self._issue(actor, letter, None, TicketSource.KIOSK, code)

    def _issue(
        self,
        actor: Actor,
        area_letter: str,
        priority: PriorityKind | None,
        source: TicketSource,
        dossier_code: str | None,
    ) -> TicketInfo:
        now = self.workspace.now()
        day = now.astimezone(OFFICE_TZ).date()
        with self.workspace.write() as session:
            # Prebuilt statements on the session's connection: building a statement costs
            # more than running it, and a ticket is issued every few seconds on a busy day.
            connection = session.connection()
            letter = area_letter.strip().upper()
            area = connection.execute(
                _AREA_BY_LETTER, {"b_office": self.office_id, "b_letter": letter}
            ).first()
            if area is None or not area.active:
                raise UnknownArea(letter=letter[:4])
            number = _next_number(session, area.id, day)
            # Who waits here now, and how many of them hold priority: a new ticket is called
            # after every one of them, or after the priority ones when it is one itself.
            waiting, waiting_priority = connection.execute(
                _WAITING_COUNT, {"b_office": self.office_id, "b_day": day, "b_areas": [area.id]}
            ).one()
            ticket = Ticket(
                id=new_id(),
                office_id=self.office_id,
                area_id=area.id,
                day=day,
                letter=area.letter,
                number=number,
                priority=priority,
                state=TicketState.WAITING,
                source=source,
                issued_at=now,
                issued_by=self._account_id(session, actor),
                workstation_id=actor.workstation.id if actor.workstation else None,
                calls=0,
                transfers=0,
                dossier_code=dossier_code,
            )
            ticket.waiting_ahead = ahead_of_new(priority is not None, waiting, waiting_priority)
            insert_now(session, ticket)
            label = ticket_label(area.letter, number)
            self._record(
                session,
                actor,
                ticket,
                TicketIssued(
                    ticket_id=ticket.id,
                    label=label,
                    day=day,
                    area_letter=area.letter,
                    number=number,
                    priority=priority,
                    source=source,
                    waiting_ahead=ticket.waiting_ahead,
                    dossier_code=dossier_code,
                ),
            )
            return _ticket_info(ticket, area.letter, area.name)

    # --- calling and serving -----------------------------------------------------------------

    def call_next(
        self, actor: Actor, counter: str, areas: Sequence[str] | None = None
    ) -> TicketInfo:
        """Call whoever is next in the counter's areas (all active areas when none are given):
        a ticket sent to this counter first, then priority, then by time of issue."""
        require(self.workspace, actor, Act.TICKETS)
        counter = check_counter(counter)
        with self.workspace.write() as session:
            # The area rows stay referenced through the act: the ticket's info then finds
            # its area in the session instead of reading it again.
            held = (
                [self._area(session, letter) for letter in areas]
                if areas
                else [a for a in self._area_rows(session) if a.active]
            )
            ids = [a.id for a in held]
            # The calling order (core.queue.calling_order) in SQL: only the one called is
            # read, however long the queue (a property test holds the two to one answer).
            chosen = session.scalars(
                select(Ticket)
                .where(
                    *self._waiting_filter(ids),
                    or_(Ticket.target_counter.is_(None), Ticket.target_counter == counter),
                )
                .order_by(*_calling_order_sql(counter))
                .limit(1)
            ).first()
            if chosen is None:
                raise QueueEmpty()
            return self._call(session, actor, counter, chosen, recall=False)

    def call(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        """Call one number out of turn (a citizen who stepped out and came back)."""
        require(self.workspace, actor, Act.TICKETS)
        counter = check_counter(counter)
        with self.workspace.write() as session:
            ticket = self._find(session, label)
            after(ticket.state, TicketAct.CALL, self._label(ticket))
            return self._call(session, actor, counter, ticket, recall=False)

    def recall(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        require(self.workspace, actor, Act.TICKETS)
        counter = check_counter(counter)
        with self.workspace.write() as session:
            ticket = self._find(session, label)
            after(ticket.state, TicketAct.RECALL, self._label(ticket))
            self._own(ticket, counter)
            return self._call(session, actor, counter, ticket, recall=True)

    def start(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        require(self.workspace, actor, Act.TICKETS)
        counter = check_counter(counter)
        with self.workspace.write() as session:
            ticket = self._find(session, label)
            ticket.state = after(ticket.state, TicketAct.START, self._label(ticket))
            self._own(ticket, counter)
            ticket.started_at = self.workspace.now()
            self._served_by(session, ticket, actor)
            self._record(
                session, actor, ticket, TicketServiceStarted(**self._ids(ticket), counter=counter)
            )
            return self._info(session, ticket)

    def finish(
        self, actor: Actor, counter: str, label: str, dossier_code: str | None = None
    ) -> TicketInfo:
        """The citizen was served; ``dossier_code`` links the dossier the service took in."""
        return self._end(actor, counter, label, TicketAct.FINISH, dossier_code)

    def no_show(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        return self._end(actor, counter, label, TicketAct.NO_SHOW, None)

    def transfer(
        self, actor: Actor, label: str, to_area: str, to_counter: str | None = None
    ) -> TicketInfo:
        """Send the ticket to another area (or a given counter): it waits again with its
        number, keeping its place by the time it was issued."""
        require(self.workspace, actor, Act.TICKETS)
        target_counter = check_counter(to_counter) if to_counter else None
        with self.workspace.write() as session:
            ticket = self._find(session, label)
            ticket.state = after(ticket.state, TicketAct.TRANSFER, self._label(ticket))
            source = session.get_one(ServiceArea, ticket.area_id)
            target = self._area(session, to_area)
            if not target.active:
                raise UnknownArea(letter=target.letter)
            ticket.area_id = target.id
            ticket.target_counter = target_counter
            ticket.counter = None
            ticket.transfers += 1
            self._record(
                session,
                actor,
                ticket,
                TicketTransferred(
                    **self._ids(ticket),
                    from_area=source.letter,
                    to_area=target.letter,
                    to_counter=target_counter,
                ),
            )
            return self._info(session, ticket)

    # --- areas -------------------------------------------------------------------------------

    def set_area(
        self,
        actor: Actor,
        letter: str,
        name: str,
        *,
        kind: AreaKind = AreaKind.SERVICE,
        active: bool = True,
    ) -> AreaInfo:
        """Add an area or change one's name, kind or whether it issues numbers (administrator)."""
        require(self.workspace, actor, Act.OFFICE_RULES)
        letter = check_letter(letter)
        name = check_area_name(name)
        with self.workspace.write() as session:
            row = session.scalar(
                select(ServiceArea).where(
                    ServiceArea.office_id == self.office_id, ServiceArea.letter == letter
                )
            )
            if row is None:
                last = session.scalar(
                    select(func.max(ServiceArea.position)).where(
                        ServiceArea.office_id == self.office_id
                    )
                )
                row = ServiceArea(
                    office_id=self.office_id,
                    letter=letter,
                    name=name,
                    kind=kind,
                    position=(last or 0) + 1,
                    active=active,
                )
                session.add(row)
                session.flush()
            else:
                row.name, row.kind, row.active = name, kind, active
            record_change(
                session,
                self.workspace,
                actor,
                ServiceAreaSet(area_id=row.id, letter=letter, name=name, kind=kind, active=active),
                entity=AREA_ENTITY,
                entity_id=letter,
                aggregate_id=row.id,
            )
            return _area_info(row)

    # --- figures -----------------------------------------------------------------------------

    def stats(self, actor: Actor, day: date) -> list[StatsRow]:
        """A day's figures per area, counter and officer, and in total (supervisor)."""
        require(self.workspace, actor, Act.REPORTS)
        with self.workspace.read() as session:
            areas = {a.id: a.letter for a in self._area_rows(session)}
            tickets = session.scalars(
                select(Ticket).where(Ticket.office_id == self.office_id, Ticket.day == day)
            ).all()
        groups: dict[tuple[str, str], list[Ticket]] = {}
        for ticket in tickets:
            keys = [("area", areas.get(ticket.area_id, "?")), ("total", "")]
            if ticket.counter:
                keys.append(("counter", ticket.counter))
            if ticket.served_by:
                keys.append(("officer", ticket.served_by))
            for key in keys:
                groups.setdefault(key, []).append(ticket)
        order = {"area": 0, "counter": 1, "officer": 2, "total": 3}
        return [
            _stats_row(by, key, rows)
            for (by, key), rows in sorted(groups.items(), key=lambda g: (order[g[0][0]], g[0][1]))
        ]

    # --- helpers -----------------------------------------------------------------------------

    def _end(
        self, actor: Actor, counter: str, label: str, act: TicketAct, dossier_code: str | None
    ) -> TicketInfo:
        require(self.workspace, actor, Act.TICKETS)
        counter = check_counter(counter)
        with self.workspace.write() as session:
            ticket = self._find(session, label)
            ticket.state = after(ticket.state, act, self._label(ticket))
            self._own(ticket, counter)
            ticket.finished_at = self.workspace.now()
            self._served_by(session, ticket, actor)
            if dossier_code:
                ticket.dossier_code = dossier_code.strip().upper()[:64]
            outcome = "served" if ticket.state == TicketState.SERVED else "no_show"
            self._record(
                session,
                actor,
                ticket,
                TicketFinished(
                    **self._ids(ticket),
                    counter=counter,
                    outcome=outcome,
                    dossier_code=ticket.dossier_code,
                ),
            )
            return self._info(session, ticket)

    def _call(
        self, session: Session, actor: Actor, counter: str, ticket: Ticket, *, recall: bool
    ) -> TicketInfo:
        now = self.workspace.now()
        ticket.state = TicketState.CALLED
        ticket.counter = counter
        ticket.calls += 1
        ticket.first_called_at = ticket.first_called_at or now
        ticket.last_called_at = now
        self._served_by(session, ticket, actor)
        self._record(
            session,
            actor,
            ticket,
            TicketCalled(**self._ids(ticket), counter=counter, recall=recall),
        )
        return self._info(session, ticket)

    def _served_by(self, session: Session, ticket: Ticket, actor: Actor) -> None:
        if actor.officer is not None:
            ticket.officer_id = self._account_id(session, actor)
            ticket.served_by = actor.officer.username

    def _account_id(self, session: Session, actor: Actor) -> uuid.UUID | None:
        """The acting officer's account here; None for an officer of another workstation
        acting through the office hub (no account row in this file: their name is kept in
        served_by)."""
        officer = actor.officer
        if officer is None:
            return None
        if officer.id not in self._accounts:
            if session.get(Officer, officer.id) is None:
                return None
            self._accounts.add(officer.id)
        return officer.id

    @staticmethod
    def _own(ticket: Ticket, counter: str) -> None:
        if ticket.counter is not None and ticket.counter != counter:
            raise NotThisCounter(
                label=ticket_label(ticket.letter, ticket.number), counter=ticket.counter
            )

    @staticmethod
    def _label(ticket: Ticket) -> str:
        return ticket_label(ticket.letter, ticket.number)

    def _ids(self, ticket: Ticket) -> dict[str, object]:
        return {"ticket_id": ticket.id, "label": self._label(ticket), "day": ticket.day}

    def _record(self, session: Session, actor: Actor, ticket: Ticket, event: TicketEvent) -> None:
        record_change(
            session,
            self.workspace,
            actor,
            event,
            entity=TICKET_ENTITY,
            entity_id=f"{ticket.day.isoformat()}/{self._label(ticket)}",
            aggregate_id=ticket.id,
        )

    def _area_rows(self, session: Session) -> list[ServiceArea]:
        return list(
            session.scalars(
                select(ServiceArea)
                .where(ServiceArea.office_id == self.office_id)
                .order_by(ServiceArea.position, ServiceArea.letter)
            )
        )

    def _area(self, session: Session, letter: str) -> ServiceArea:
        wanted = letter.strip().upper()
        row = session.scalar(
            select(ServiceArea).where(
                ServiceArea.office_id == self.office_id, ServiceArea.letter == wanted
            )
        )
        if row is None:
            raise UnknownArea(letter=wanted[:4])
        return row

    def _find(self, session: Session, label: str) -> Ticket:
        letter, number = parse_label(label)
        row = session.scalar(
            select(Ticket).where(
                Ticket.office_id == self.office_id,
                Ticket.day == self.today(),
                Ticket.letter == letter,
                Ticket.number == number,
            )
        )
        if row is None:
            raise UnknownTicket(label=ticket_label(letter, number))
        return row

    def _waiting_filter(self, area_ids: list[uuid.UUID] | None) -> list[ColumnElement[bool]]:
        """Who waits today, in ``area_ids`` or in every area."""
        return _waiting_where(self.office_id, self.today(), area_ids)

    def _waiting_rows(self, session: Session, area_ids: list[uuid.UUID] | None) -> list[Ticket]:
        return list(session.scalars(select(Ticket).where(*self._waiting_filter(area_ids))))

    def _info(self, session: Session, row: Ticket) -> TicketInfo:
        area = session.get_one(ServiceArea, row.area_id)
        return _ticket_info(row, area.letter, area.name)


def _ticket_info(row: Ticket, area_letter: str, area_name: str) -> TicketInfo:
    return TicketInfo(
        id=row.id,
        label=ticket_label(row.letter, row.number),
        day=row.day,
        area_letter=area_letter,
        area_name=area_name,
        state=row.state,
        priority=row.priority,
        source=row.source,
        issued_at=row.issued_at,
        waiting_ahead=row.waiting_ahead,
        target_counter=row.target_counter,
        counter=row.counter,
        officer=row.served_by,
        calls=row.calls,
        first_called_at=row.first_called_at,
        last_called_at=row.last_called_at,
        started_at=row.started_at,
        finished_at=row.finished_at,
        transfers=row.transfers,
        dossier_code=row.dossier_code,
    )


def _calling_order_sql(counter: str) -> list[Any]:
    """`core.queue.calling_order` as ORDER BY terms: sent to this counter, then priority,
    then by issue (UTC times stored in one fixed format sort as they happened)."""
    return [
        case((Ticket.target_counter == counter, 0), else_=1),
        case((Ticket.priority.is_(None), 1), else_=0),
        Ticket.issued_at,
        Ticket.number,
        Ticket.letter,
    ]


def _waiting_where(
    office_id: object, day: object, area_ids: object | None
) -> list[ColumnElement[bool]]:
    """Who waits in an office on a day, in some areas or all: values, or bound parameters
    for a prebuilt statement."""
    where = [Ticket.office_id == office_id, Ticket.day == day, Ticket.state == TicketState.WAITING]
    if area_ids is not None:
        where.append(Ticket.area_id.in_(area_ids))  # type: ignore[arg-type]
    return where


# The statements of a ticket's issue, built once (see `LocalQueue._issue`).
_COUNTERS = cast(Table, TicketCounter.__table__)
_BUMP = (
    update(_COUNTERS)
    .where(_COUNTERS.c.area_id == bindparam("b_area"), _COUNTERS.c.day == bindparam("b_day"))
    .values(last_number=_COUNTERS.c.last_number + 1)
    .returning(_COUNTERS.c.last_number)
)
_AREA_BY_LETTER = select(
    ServiceArea.id, ServiceArea.letter, ServiceArea.name, ServiceArea.active
).where(ServiceArea.office_id == bindparam("b_office"), ServiceArea.letter == bindparam("b_letter"))
_WAITING_COUNT = select(func.count(), func.count(Ticket.priority)).where(
    *_waiting_where(bindparam("b_office"), bindparam("b_day"), bindparam("b_areas", expanding=True))
)


def _next_number(session: Session, area_id: uuid.UUID, day: date) -> int:
    """Bump the area's counter for ``day`` in the caller's write transaction (one statement
    but on the day's first ticket) and return the new number."""
    # A plain UPDATE (no ORM bookkeeping): no counter row is held in the session.
    bumped = session.connection().execute(_BUMP, {"b_area": area_id, "b_day": day}).scalar()
    if bumped is not None:
        return int(bumped)
    session.add(TicketCounter(area_id=area_id, day=day, last_number=1))
    return 1


def _waiting(rows: Sequence[Ticket]) -> list[Waiting]:
    return [
        Waiting(row.id, row.priority is not None, row.issued_at, row.number, row.target_counter)
        for row in rows
    ]


def _stats_row(by: str, key: str, tickets: Sequence[Ticket]) -> StatsRow:
    waits = [
        (t.first_called_at - t.issued_at).total_seconds() for t in tickets if t.first_called_at
    ]
    services = []
    for t in tickets:
        began = t.started_at or t.first_called_at
        if t.state == TicketState.SERVED and t.finished_at and began:
            services.append((t.finished_at - began).total_seconds())
    return StatsRow(
        by=by,
        key=key,
        issued=len(tickets),
        served=sum(t.state == TicketState.SERVED for t in tickets),
        no_show=sum(t.state == TicketState.NO_SHOW for t in tickets),
        waiting_now=sum(t.state not in FINISHED for t in tickets),
        wait=spread(waits),
        service=spread(services),
    )


def local_queue(workspace: Workspace) -> LocalQueue:
    """The queue of this workstation's own office."""
    from desk_app.services.workstation import station_of

    return LocalQueue(workspace, station_of(workspace).office.id)
