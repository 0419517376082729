"""Opening this workstation's own database: the data folder, migrations, identity, settings.

The file is migrated (after a backup) when the app is newer, and office-wide rules that an
older release kept in the settings file are moved into the database once, with a notice.
"""

from __future__ import annotations

import logging
from pathlib import Path

from desk_app.config import DATABASE_FILE, SETTINGS_FILE, data_home, load_settings
from desk_app.core.errors import N_, DeskError
from desk_app.home import POSIX, PRIVATE_FILE, PRIVATE_FOLDER, private_folder, tighten_modes
from desk_app.home import is_initialised as is_initialised
from desk_app.services.audit_key import load_or_create_key
from desk_app.services.calendar import fallback_notice
from desk_app.services.catalogue import refresh_bundled_catalogue
from desk_app.services.context import (
    Actor,
    Clock,
    Station,
    Workspace,
    WorkstationInfo,
    office_info,
    utc_now,
)
from desk_app.services.errors import NetworkFolder, NotInitialised, storage_errors
from desk_app.services.office_rules import migrate_settings_file
from desk_app.store.db import Database, sqlite_url
from desk_app.store.local import LocalIdentity
from desk_app.store.migrate import current_revision, upgrade_to_head
from desk_app.store.models import Office, Workstation

log = logging.getLogger(__name__)

# Schema revisions whose procedures came from a bundled catalogue without fee rules and shown
# papers (before migration 0003): opened after the upgrade, they take the current one.
CATALOGUE_BEFORE_FEE_RULES = ("0001", "0002")


def database_file(home: Path) -> Path:
    return home / DATABASE_FILE


def _looks_loose(home: Path) -> bool:
    """Two stats, not a walk of every file at each start: a folder from before issue 8 (or
    copied by hand) has a loose folder or database; anything else `security-check` reports."""
    if not POSIX:
        return False
    return any(
        path.exists() and path.stat().st_mode & 0o777 != wanted
        for path, wanted in ((home, PRIVATE_FOLDER), (database_file(home), PRIVATE_FILE))
    )


def require_local_folder(home: Path) -> None:
    """Refuse a UNC path (\\\\server\\share): WAL needs shared memory a network drive lacks."""
    text = str(home)
    if text.startswith(("\\\\", "//")):
        raise NetworkFolder(home=text)


def read_station(db: Database, home: Path) -> Station:
    with db.read() as session:
        identity = session.get(LocalIdentity, 1)
        if identity is None:
            raise NotInitialised(home=str(home))
        office = session.get_one(Office, identity.office_id)
        station = session.get_one(Workstation, identity.workstation_id)
        return Station(
            office_info(office), WorkstationInfo(station.id, station.number, station.name)
        )


def open_workstation(home: Path | None = None, *, now: Clock = utc_now) -> Workspace:
    """Open this workstation's database, migrating it (after a backup) if the app is newer."""
    home = home or data_home()
    require_local_folder(home)
    if not is_initialised(home):
        raise NotInitialised(home=str(home))
    settings = load_settings()
    with storage_errors():
        # Issue 8, item 4: a folder set up before (or copied by hand) is made private once.
        loose = tighten_modes(home) if _looks_loose(home) else []
        if loose:
            log.info("made %d files and folders of the data folder private", len(loose))
        private_folder(home / "backups")
        db = Database.open(sqlite_url(database_file(home)))
        before = current_revision(db.engine)
        upgrade_to_head(db.engine, backup_dir=home / "backups")
        station = read_station(db, home)
    workspace = Workspace(db=db, settings=settings, now=now, home=home, station=station)
    try:
        # Before any act of this open is audited, so each carries its MAC.
        load_or_create_key(workspace, home, upgraded_from=before)
        system = Actor.at_station(station, None)
        if before in CATALOGUE_BEFORE_FEE_RULES:
            # The procedures came from a bundled file without fee rules or shown papers.
            refresh_bundled_catalogue(workspace, system)
        notice = migrate_settings_file(
            workspace, system, home / SETTINGS_FILE, upgraded_from=before
        )
        # Reference §4: a year with no official table falls back to the library, and says so.
        workspace.calendar_notice = fallback_notice(workspace)
    except BaseException:
        workspace.close()
        raise
    if notice:
        workspace.notices.append(notice)
    return workspace


def station_of(workspace: Workspace) -> Station:
    """The workstation a local workspace belongs to (a server workspace has none)."""
    if workspace.station is None:
        raise NotInitialised(home=str(workspace.home))
    return workspace.station


class DatabaseDamaged(DeskError):
    msgid = N_(
        "Kiểm tra cơ sở dữ liệu phát hiện lỗi ({detail}). Hãy báo quản trị viên trước khi "
        "tiếp nhận thêm hồ sơ."
    )


def check_database(workspace: Workspace) -> None:
    """SQLite's quick_check, run once at start (sync-and-reliability.md): a damaged file is
    reported before the officer takes in more dossiers, not discovered at a reprint."""
    with storage_errors(), workspace.db.engine.connect() as connection:
        result = connection.exec_driver_sql("PRAGMA quick_check").scalar()
    if result != "ok":
        raise DatabaseDamaged(detail=str(result))
