"""What every use case runs in: a workspace (where) and an actor (who).

A workspace is a database with its clock and the office rules and calendars read from it; the
same services run on a workstation's SQLite file, an office hub and the district server. An
actor is who acts: the office, the workstation (none on the server), the officer (none for the
system itself) and the counter. Services take both, so no use case reaches for a global.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.config import Settings
from desk_app.core.calendar import OFFICE_TZ, OfficeHours, WorkingCalendar
from desk_app.core.office import OfficeIdentity, identity_on
from desk_app.core.roles import Role
from desk_app.core.rules import OfficeRules
from desk_app.services.errors import storage_errors
from desk_app.services.officer_seal import KEY_INFO
from desk_app.store.db import Database
from desk_app.store.models import CalendarOverride, Office
from desk_app.store.models import OfficeRules as OfficeRulesRow

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OfficeInfo:
    """An office and its identities over time (`core.office`), oldest first.

    ``name`` and ``agency_id`` are today's, for screens and logs; forms and codes ask for the
    identity of the dossier's own day (`identity_on`), read in their transaction.
    """

    id: uuid.UUID
    identities: tuple[OfficeIdentity, ...]

    def identity_on(self, day: date) -> OfficeIdentity:
        return identity_on(self.identities, day)

    @property
    def current(self) -> OfficeIdentity:
        return self.identity_on(datetime.now(OFFICE_TZ).date())

    @property
    def name(self) -> str:
        return self.current.name

    @property
    def agency_id(self) -> str:
        return self.current.agency_id


@dataclass(frozen=True)
class WorkstationInfo:
    id: uuid.UUID
    number: int
    name: str


@dataclass(frozen=True)
class OfficerInfo:
    id: uuid.UUID
    username: str
    full_name: str
    role: Role


@dataclass(frozen=True)
class Station:
    """The office and workstation a local database file belongs to."""

    office: OfficeInfo
    workstation: WorkstationInfo


@dataclass(frozen=True)
class Actor:
    """Who performs an act, and where."""

    office: OfficeInfo
    workstation: WorkstationInfo | None = None  # None: the hub or the server itself
    officer: OfficerInfo | None = None  # None: the system (set-up, migrations)
    counter: str | None = None  # the counter (quầy) the officer serves at, for queue calls

    @property
    def username(self) -> str:
        """The name the audit log records."""
        return self.officer.username if self.officer else "system"

    @classmethod
    def at_station(cls, station: Station, officer: OfficerInfo | None) -> Actor:
        return cls(station.office, station.workstation, officer)


def office_info(row: Office) -> OfficeInfo:
    """The office row with its identities (a lazy load inside the caller's session)."""
    return OfficeInfo(
        row.id,
        tuple(
            OfficeIdentity(i.valid_from, i.agency_id, i.name, i.reception_unit, i.place)
            for i in row.identities
        ),
    )


def read_office(session: Session, office_id: uuid.UUID) -> OfficeInfo:
    """The office as stored now: a rename made by another program counts at once."""
    return office_info(session.get_one(Office, office_id))


def rules_of(row: OfficeRulesRow | None) -> OfficeRules:
    """The stored rules; a stored value the rules refuse (a lookup URL too long for the QR,
    hours out of order) takes that field's default, so one bad value cannot stop every read
    and with it every login. One log line names the refused fields, never their values."""
    import logging
    from dataclasses import replace
    from typing import Any

    from desk_app.core.errors import ValidationError
    from desk_app.core.rules import CountingMethod

    rules = OfficeRules()
    if row is None:
        return rules
    refused: list[str] = []
    names = ("morning_start", "morning_end", "afternoon_start", "afternoon_end", "same_day_cutoff")
    stored = {name: getattr(row, name) for name in names}
    # The stored hours whole; else with one field put back to its default (they are checked
    # together, so the culprit is the field whose default mends them); else all defaults.
    for reset in (None, *names):
        try:
            hours = OfficeHours(
                **(stored if reset is None else stored | {reset: getattr(rules.hours, reset)})
            )
        except (ValidationError, TypeError, AttributeError):
            continue
        rules = replace(rules, hours=hours)
        refused += [reset] if reset else []
        break
    else:
        refused.append("hours")
    others: dict[str, Any] = {
        "forms_2025_from": row.forms_2025_from,
        "system_name": row.system_name,
        "lookup_url": row.lookup_url,
        "counting_method": row.counting_method,
    }
    for name, value in others.items():
        try:
            if name == "counting_method":
                value = CountingMethod(value)
            rules = replace(rules, **{name: value})
        except (ValidationError, ValueError, TypeError):
            refused.append(name)
    if refused:
        logging.getLogger(__name__).warning(
            "stored office rules refused (%s): their defaults are used", ", ".join(refused)
        )
    return rules


@dataclass
class Workspace:
    """A database and what is read from it once per office: rules and working calendars.

    ``station`` is set when the database is a workstation's own file; ``home`` is its data
    folder.
    """

    db: Database
    settings: Settings
    now: Clock = field(default=utc_now)
    home: Path | None = None
    station: Station | None = None
    notices: list[str] = field(default_factory=list)  # msgids to show once, after opening
    # A msgid when deadlines may fall in a year without an official calendar table: the
    # window shows it once, the commands that compute a due date (intake) say it each time.
    calendar_notice: str | None = None
    # The workstation's secret audit key (services.audit_key): each audit entry carries its MAC.
    audit_key: bytes | None = None
    _calendars: dict[uuid.UUID, WorkingCalendar] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read session whose driver errors (locked, damaged) become plain StorageErrors."""
        with storage_errors(), self.db.read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE): committed on success, else rolled back and
        the driver's error put in plain words."""
        with storage_errors(), self.db.write() as session:
            # Accounts changed in it are sealed with the key (services.officer_seal).
            session.info[KEY_INFO] = self.audit_key
            yield session

    def rules(self, office_id: uuid.UUID) -> OfficeRules:
        """The office's rules as stored now: a primary-key read, so a change made by another
        program (the CLI, a pull from the server) applies to the very next due date."""
        with self.read() as session:
            return rules_of(session.get(OfficeRulesRow, office_id))

    def calendar(self, office_id: uuid.UUID) -> WorkingCalendar:
        """The office's working calendar: the official table (imported years in place of the
        bundled ones, the ``holidays`` package for a year neither covers), its overrides, its
        current hours.

        Building one classifies a year of days, so it is kept per office and rebuilt when the
        hours change or official years are imported (`official_years` returns the same table
        object until then).
        """
        from desk_app.services.calendar import official_years

        hours = self.rules(office_id).hours
        official = official_years(self)
        with self._lock:
            cached = self._calendars.get(office_id)
        if cached is not None and cached.hours == hours and cached.official is official:
            return cached
        with self.read() as session:
            overrides = session.scalars(
                select(CalendarOverride).where(CalendarOverride.office_id == office_id)
            ).all()
            calendar = WorkingCalendar(
                hours,
                official=official,
                extra_closures={o.day: o.reason for o in overrides if not o.is_working},
                extra_working_days=[o.day for o in overrides if o.is_working],
            )
        with self._lock:
            self._calendars[office_id] = calendar
        return calendar

    def close(self) -> None:
        self.db.dispose()
