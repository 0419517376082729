"""Backups a ward can rely on before any server exists (issue 8, item 6).

A backup is SQLite's online backup of the live file: one read transaction copies every page,
so it is a consistent snapshot while other programs keep writing (WAL lets writers go on). The
copy is written under a temporary name, verified (quick_check and its audit chain) and only
then renamed, so a file with the backup's name is always a whole, checked database.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, func, select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.roles import Act
from desk_app.home import POSIX, PRIVATE_FILE, private_folder
from desk_app.services.audit import verify_audit
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import storage_errors
from desk_app.services.permissions import require
from desk_app.services.workstation import database_file, read_station, station_of
from desk_app.store.db import Database
from desk_app.store.local import LocalIdentity
from desk_app.store.models import Dossier

log = logging.getLogger(__name__)

KEEP_DAILY = 14
DAILY_PREFIX = "desk-app-"
BACKUP_SUFFIX = ".sqlite3"
LAST_BACKUP_FILE = "last-backup"  # in <data folder>/backups: when the last backup was taken


class BackupUnusable(DeskError):
    msgid = N_("Tệp {file} không phải là bản sao lưu dùng được: {reason}")


class BackupOfAnotherStation(DeskError):
    msgid = N_(
        "Tệp {file} là bản sao lưu của cơ quan hoặc máy trạm khác; không khôi phục. "
        "Nếu chắc chắn, hãy chạy lại với --force."
    )


NOT_OVER_LIVE = N_("Không ghi bản sao lưu đè lên chính cơ sở dữ liệu đang dùng; hãy chọn tệp khác.")
NOT_SQLITE = N_("không mở được như một cơ sở dữ liệu")
DAMAGED = N_("kiểm tra cơ sở dữ liệu báo lỗi")
NO_IDENTITY = N_("không có thông tin máy trạm")
CHAIN_BROKEN = N_("nhật ký không khớp (chạy desk-app audit verify để biết chi tiết)")


@dataclass(frozen=True)
class BackupInfo:
    """What a verified backup holds."""

    path: Path
    office_id: uuid.UUID
    workstation_id: uuid.UUID
    audit_entries: int
    dossiers: int


def _raw(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


@contextmanager
def _opened_copy(workspace: Workspace, path: Path) -> Iterator[Workspace]:
    """The workspace with its database swapped for the file ``path`` (read only: no WAL set,
    nothing created next to it), so the audit check uses this workstation's key."""
    uri = f"{path.absolute().as_uri()}?mode=ro"  # percent-encoded: any file name opens
    engine = create_engine(
        "sqlite://",
        creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False),
        hide_parameters=True,
    )
    try:
        yield dataclasses.replace(workspace, db=Database(engine), notices=[])
    finally:
        engine.dispose()


def _own_identity(workspace: Workspace) -> tuple[uuid.UUID, uuid.UUID]:
    with workspace.read() as session:
        identity = session.get_one(LocalIdentity, 1)
        return identity.office_id, identity.workstation_id


def verify_backup(workspace: Workspace, path: Path, *, force: bool = False) -> BackupInfo:
    """The backup at ``path`` checked whole: SQLite's quick_check, that it is this
    workstation's (else BackupOfAnotherStation, unless ``force``), its audit chain and records.

    Another workstation's entries carry MACs under its own key, which this one does not hold:
    a forced one is checked by its hashes and links only.
    """

    def unusable(reason: str, **values: object) -> BackupUnusable:
        return BackupUnusable(file=str(path), reason=DeskError(reason, **values).message)

    if not path.is_file():
        raise unusable(NOT_SQLITE)
    try:
        with _opened_copy(workspace, path) as copy:
            with copy.db.engine.connect() as connection:
                if connection.exec_driver_sql("PRAGMA quick_check").scalar() != "ok":
                    raise unusable(DAMAGED)
            with copy.db.read() as session:
                identity = session.get(LocalIdentity, 1)
                if identity is None:
                    raise unusable(NO_IDENTITY)
                office_id, workstation_id = identity.office_id, identity.workstation_id
                dossiers = session.scalar(select(func.count()).select_from(Dossier)) or 0
            foreign = (office_id, workstation_id) != _own_identity(workspace)
            if foreign and not force:
                raise BackupOfAnotherStation(file=str(path))
            assert copy.home is not None
            copy.station = read_station(copy.db, copy.home)
            if foreign:
                copy.audit_key = None
            report = verify_audit(copy)
    except (BackupUnusable, BackupOfAnotherStation):
        raise
    except Exception as error:  # not a database, or not one of ours (driver, schema errors)
        log.warning("backup %s unusable: %s", path.name, type(error).__name__)
        raise unusable(NOT_SQLITE) from error
    chain_ok = getattr(report, "chain", report).ok if foreign else report.ok
    if not chain_ok:
        raise unusable(CHAIN_BROKEN)
    return BackupInfo(path, office_id, workstation_id, report.checked, dossiers)


def _copy_live(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into the new file ``target``, in one step (one
    read transaction: a consistent snapshot), left as one self-contained file."""
    with closing(_raw(source)) as live, closing(_raw(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")


def _temporary_next_to(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def take_backup(workspace: Workspace, actor: Actor, target: Path) -> BackupInfo:
    """Back this workstation's database up into ``target``, verified, or raise and leave no
    file there (a failure keeps whatever ``target`` was before)."""
    require(workspace, actor, Act.BACKUP_RESTORE)
    home = _home(workspace)
    target = target.expanduser().absolute()
    live = database_file(home)
    if target.resolve().parent == live.resolve().parent and target.name.startswith(live.name):
        raise ValidationError(NOT_OVER_LIVE, field="file")
    with storage_errors():
        if not target.parent.is_dir():  # one we make holds applicants' data: 0700
            private_folder(target.parent)
        partial = _temporary_next_to(target)
        try:
            if POSIX:  # applicants' data: readable by the user only, before a page is written
                os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
            _copy_live(live, partial)
            info = verify_backup(workspace, partial)
            with open(partial, "rb") as stream:
                os.fsync(stream.fileno())
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    _note_backup(workspace)
    log.info("backup taken: %d audit entries, %d dossiers", info.audit_entries, info.dossiers)
    return dataclasses.replace(info, path=target)


def _home(workspace: Workspace) -> Path:
    station_of(workspace)  # a workstation's own database, not a server's
    assert workspace.home is not None
    return workspace.home


def _note_backup(workspace: Workspace) -> None:
    folder = private_folder(_home(workspace) / "backups")
    (folder / LAST_BACKUP_FILE).write_text(workspace.now().isoformat(), encoding="utf-8")
    if POSIX:
        os.chmod(folder / LAST_BACKUP_FILE, PRIVATE_FILE)


def last_backup_at(workspace: Workspace) -> datetime | None:
    """When this workstation's last backup (manual or daily) was taken; None if never."""
    try:
        text = (_home(workspace) / "backups" / LAST_BACKUP_FILE).read_text(encoding="utf-8")
        return datetime.fromisoformat(text.strip())
    except (OSError, ValueError):
        return None


def backup_age(workspace: Workspace) -> timedelta | None:
    last = last_backup_at(workspace)
    return None if last is None else max(workspace.now() - last, timedelta(0))


def daily_folder(workspace: Workspace) -> Path:
    chosen = workspace.settings.backup_folder
    return chosen.expanduser() if chosen else _home(workspace) / "backups" / "daily"


def daily_backup(workspace: Workspace) -> Path | None:
    """The first start of an office day backs up into the settings' folder (a USB drive, a
    share), keeping the last 14; later starts that day do nothing. None when nothing was due."""
    folder = daily_folder(workspace)
    today = workspace.now().astimezone(OFFICE_TZ)
    stem = f"{DAILY_PREFIX}{today:%Y-%m-%d}"
    if folder.is_dir() and any(folder.glob(f"{stem}*{BACKUP_SUFFIX}")):
        return None
    system = Actor.at_station(station_of(workspace), None)
    info = take_backup(workspace, system, folder / f"{stem}-{today:%H%M%S}{BACKUP_SUFFIX}")
    kept = sorted(folder.glob(f"{DAILY_PREFIX}*{BACKUP_SUFFIX}"))
    for old in kept[:-KEEP_DAILY]:
        old.unlink(missing_ok=True)
    return info.path


def restore_backup(
    workspace: Workspace, actor: Actor, source: Path, *, force: bool = False
) -> BackupInfo:
    """Replace this workstation's database with the backup ``source``.

    The backup is verified first; one of another office or workstation is refused unless
    ``force``; the current database is backed up to backups/before-restore-<time>.sqlite3.
    The pages are written through SQLite's backup into the live file, so a program that has
    it open sees the restored data, never a half-copied file.
    """
    require(workspace, actor, Act.BACKUP_RESTORE)
    home = _home(workspace)
    source = source.expanduser().absolute()
    info = verify_backup(workspace, source, force=force)
    moment = workspace.now().astimezone(OFFICE_TZ)
    aside = private_folder(home / "backups") / f"before-restore-{moment:%Y%m%d-%H%M%S}.sqlite3"
    take_backup(workspace, actor, aside)
    with (
        storage_errors(),
        closing(_raw(source)) as backup,
        closing(_raw(database_file(home))) as live,
    ):
        backup.backup(live)
    log.info("restored a backup of %d dossiers; the previous file is %s", info.dossiers, aside.name)
    return info
