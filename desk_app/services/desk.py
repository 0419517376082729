"""An opened workstation: database, settings, identity, calendar and clock, for every use case."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from desk_app.config import DATABASE_FILE, Settings, data_home, load_settings
from desk_app.core.calendar import OfficeHours, WorkingCalendar
from desk_app.core.errors import N_, DeskError
from desk_app.services.errors import NetworkFolder, NotInitialised, storage_errors
from desk_app.store.db import Database, sqlite_url
from desk_app.store.migrate import upgrade_to_head
from desk_app.store.models import CalendarOverride, LocalIdentity, Office, Workstation

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    agency_id: str
    name: str
    reception_unit: str
    place: str


@dataclass(frozen=True)
class WorkstationInfo:
    id: uuid.UUID
    number: int
    name: str


@dataclass
class Desk:
    home: Path
    db: Database
    settings: Settings
    office: OfficeInfo
    workstation: WorkstationInfo
    calendar: WorkingCalendar
    now: Clock = field(default=utc_now)

    def close(self) -> None:
        self.db.dispose()


def database_file(home: Path) -> Path:
    return home / DATABASE_FILE


def require_local_folder(home: Path) -> None:
    """Refuse a UNC path (\\\\server\\share): WAL needs shared memory a network drive lacks."""
    text = str(home)
    if text.startswith(("\\\\", "//")):
        raise NetworkFolder(home=text)


def is_initialised(home: Path | None = None) -> bool:
    return database_file(home or data_home()).is_file()


def open_desk(home: Path | None = None, *, now: Clock = utc_now) -> Desk:
    """Open this workstation's database, migrating it (after a backup) if the app is newer."""
    home = home or data_home()
    require_local_folder(home)
    if not is_initialised(home):
        raise NotInitialised(home=str(home))
    with storage_errors():
        db = Database.open(sqlite_url(database_file(home)))
        upgrade_to_head(db.engine, backup_dir=home / "backups")
        with db.read() as session:
            identity = session.get(LocalIdentity, 1)
            if identity is None:
                raise NotInitialised(home=str(home))
            office = session.get_one(Office, identity.office_id)
            station = session.get_one(Workstation, identity.workstation_id)
            overrides = session.scalars(
                select(CalendarOverride).where(CalendarOverride.office_id == office.id)
            ).all()
    settings = load_settings()
    hours = OfficeHours(
        settings.morning_start,
        settings.morning_end,
        settings.afternoon_start,
        settings.afternoon_end,
        settings.same_day_cutoff,
    )
    calendar = WorkingCalendar(
        hours,
        extra_closures={o.day: o.reason for o in overrides if not o.is_working},
        extra_working_days=[o.day for o in overrides if o.is_working],
    )
    return Desk(
        home=home,
        db=db,
        settings=settings,
        office=OfficeInfo(
            office.id, office.agency_id, office.name, office.reception_unit, office.place
        ),
        workstation=WorkstationInfo(station.id, station.number, station.name),
        calendar=calendar,
        now=now,
    )


class DatabaseDamaged(DeskError):
    msgid = N_(
        "Kiểm tra cơ sở dữ liệu phát hiện lỗi ({detail}). Hãy báo quản trị viên trước khi "
        "tiếp nhận thêm hồ sơ."
    )


def check_database(desk: Desk) -> None:
    """SQLite's quick_check, run once at start (sync-and-reliability.md): a damaged file is
    reported before the officer takes in more dossiers, not discovered at a reprint."""
    with storage_errors(), desk.db.engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise DatabaseDamaged(detail=str(result))
