"""Backups a ward can rely on before any server exists (issue 8, item 6).

A backup is SQLite's online backup of the live file: one read transaction copies every page,
so it is a consistent snapshot while other programs keep writing (WAL lets writers go on). The
copy is written under a temporary name, verified (quick_check and its audit chain) and only
then renamed, so a file with the backup's name is always a whole, checked database.

A backup is refused only for what makes it unusable (damaged, a broken audit chain); problems
the record check finds in the data are counted on it, since that is when a copy matters most.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path, PurePath
from typing import TypeVar
from urllib.parse import quote

from sqlalchemy import create_engine, func, select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.roles import Act
from desk_app.home import POSIX, PRIVATE_FILE, private_folder
from desk_app.services.audit import verify_audit
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import storage_errors
from desk_app.services.permissions import require
from desk_app.services.workstation import database_file, read_station, station_of
from desk_app.store.audit import chain_head
from desk_app.store.db import Database
from desk_app.store.local import LocalIdentity, OutboxEvent, RegisterCounter, SerialCounter
from desk_app.store.models import Dossier, Workstation
from desk_app.sync.events import BackupRestored

log = logging.getLogger(__name__)
Key = TypeVar("Key")

KEEP_DAILY = 14
DAILY_PREFIX = "desk-app-"
BACKUP_SUFFIX = ".sqlite3"
LAST_BACKUP_FILE = "last-backup"  # in <data folder>/backups: when the last backup was taken


class BackupUnusable(DeskError):
    msgid = N_("Tệp {file} không phải là bản sao lưu dùng được: {reason}")


class BackupFolderMissing(DeskError):
    msgid = N_(
        "Không thấy thư mục sao lưu {folder}: ổ USB chưa cắm hoặc thư mục mạng không truy cập "
        "được. Hồ sơ vẫn an toàn trên máy này."
    )


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
    findings: int  # problems the record check found (`desk-app audit verify` names them)


def _raw(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 5000")
    return connection


def read_only_uri(path: PurePath) -> str:
    """SQLite's read-only URI of the absolute ``path`` (https://www.sqlite.org/uri.html).

    The authority is always empty: ``file:///C:/x``, ``file:///home/x`` and, for a share,
    ``file:////server/share/x`` (the path keeps its leading ``//``). `Path.as_uri` puts the
    server in the authority (``file://server/share``), which SQLite refuses. Everything but
    ``/`` and ``:`` is percent-encoded as UTF-8, so ``?``, ``#``, ``%``, spaces and Vietnamese
    letters in a folder name open as they are.
    """
    text = path.as_posix()
    if not text.startswith("/"):
        text = f"/{text}"  # a drive: C:/x is the path /C:/x
    return f"file://{quote(text, safe='/:')}?mode=ro"


@contextmanager
def _opened_copy(workspace: Workspace, path: Path) -> Iterator[Workspace]:
    """The workspace with its database swapped for the file ``path`` (read only: no WAL set,
    nothing created next to it), so the audit check uses this workstation's key."""
    uri = read_only_uri(path.absolute())
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

    Only damage and a broken chain refuse it. What the record check finds (a dossier row that
    differs from its events) is counted in ``findings``: a copy of troubled data is still the
    copy to keep. Another workstation's entries carry MACs under its own key, which this one
    does not hold: a forced one is checked by its hashes and links only.
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
    if not report.chain.ok:
        raise unusable(CHAIN_BROKEN)
    if report.findings:
        log.warning("backup %s: %d record problems", path.name, len(report.findings))
    return BackupInfo(
        path, office_id, workstation_id, report.checked, dossiers, len(report.findings)
    )


def _copy_live(source: Path, target: Path) -> None:
    """SQLite's online backup of ``source`` into the new file ``target``, in one step (one
    read transaction: a consistent snapshot), left as one self-contained file."""
    with closing(_raw(source)) as live, closing(_raw(target)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")


def _temporary_next_to(target: Path) -> Path:
    return target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")


def is_live_database(
    target: Path, live: Path, *, normcase: Callable[[str], str] = os.path.normcase
) -> bool:
    """Whether writing ``target`` would write the live database or its -wal/-shm file.

    Names are compared as the platform does (``normcase``: Windows ignores case, so
    DESK-APP.SQLITE3 is the live file there); a link to one of them is caught by samefile.
    """
    target, live = target.resolve(), live.resolve()
    if normcase(str(target.parent)) == normcase(str(live.parent)) and normcase(
        target.name
    ).startswith(normcase(live.name)):
        return True
    if not target.exists():
        return False
    companions = (live, live.with_name(f"{live.name}-wal"), live.with_name(f"{live.name}-shm"))
    return any(other.exists() and os.path.samefile(target, other) for other in companions)


def take_backup(workspace: Workspace, actor: Actor, target: Path) -> BackupInfo:
    """Back this workstation's database up into ``target``, verified, or raise and leave no
    file there (a failure keeps whatever ``target`` was before)."""
    require(workspace, actor, Act.BACKUP_RESTORE)
    home = _home(workspace)
    target = target.expanduser().absolute()
    live = database_file(home)
    with storage_errors():
        over_live = is_live_database(target, live)
    if over_live:
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
    log.info(
        "backup taken: %d audit entries, %d dossiers, %d record problems",
        info.audit_entries,
        info.dossiers,
        info.findings,
    )
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
    share), keeping the last 14; later starts that day do nothing. None when nothing was due.

    A chosen folder whose parent is missing (the USB drive not plugged in, the share out of
    reach) raises BackupFolderMissing: no folder tree is made where the drive should be.
    """
    folder = daily_folder(workspace)
    today = workspace.now().astimezone(OFFICE_TZ)
    stem = f"{DAILY_PREFIX}{today:%Y-%m-%d}"
    with storage_errors():
        if folder.is_dir() and any(folder.glob(f"{stem}*{BACKUP_SUFFIX}")):
            return None
        if workspace.settings.backup_folder is not None and not folder.is_dir():
            if not folder.parent.is_dir():
                raise BackupFolderMissing(folder=str(folder))
            private_folder(folder)  # one level, on a drive that is there
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

    Codes and register lines already handed out must never be handed out again: the restored
    counters are raised to the replaced file's. The restore itself is recorded (BackupRestored,
    naming the replaced head and the file set aside), so the record says why its chain went
    back to the backup's head.
    """
    require(workspace, actor, Act.BACKUP_RESTORE)
    home = _home(workspace)
    source = source.expanduser().absolute()
    info = verify_backup(workspace, source, force=force)
    station = station_of(workspace)
    with workspace.read() as session:
        replaced_head = chain_head(session, station.workstation.id)
        counters = _counters(session)
        replaced_outbox = _last_outbox_place(session)
    moment = workspace.now().astimezone(OFFICE_TZ)
    aside = private_folder(home / "backups") / f"before-restore-{moment:%Y%m%d-%H%M%S}.sqlite3"
    take_backup(workspace, actor, aside)
    with workspace.read() as session:  # an intake since the first read counts too
        counters = _highest(counters, _counters(session))
        replaced_outbox = max(replaced_outbox, _last_outbox_place(session))
    with (
        storage_errors(),
        closing(_raw(source)) as backup,
        closing(_raw(database_file(home))) as live,
    ):
        backup.backup(live)
    with storage_errors():
        restored = read_station(workspace.db, home)
    workspace.station = restored  # the same one, unless a forced restore brought another's
    acting = dataclasses.replace(actor, office=restored.office, workstation=restored.workstation)
    with workspace.write() as session:
        _raise_counters(session, counters)
        restored_head = chain_head(session, restored.workstation.id)
        event = BackupRestored(
            replaced_head_seq=replaced_head[0] if replaced_head else 0,
            replaced_head_hash=replaced_head[1] if replaced_head else "",
            backup_head_seq=restored_head[0] if restored_head else 0,
            set_aside=aside.name,
            dossiers=info.dossiers,
            forced=force,
        )
        record_change(
            session,
            workspace,
            acting,
            event,
            entity="backup",
            entity_id=aside.name,  # record_change cuts it to the column's length
            aggregate_id=restored.office.id,
            # The district holds the replaced file's places: go on after them, never reuse one.
            outbox_after=replaced_outbox,
        )
    log.info(
        "restored a backup of %d dossiers (%d record problems); the previous file is %s",
        info.dossiers,
        info.findings,
        aside.name,
    )
    return info


def _last_outbox_place(session: Session) -> int:
    return int(session.scalar(select(func.max(OutboxEvent.seq))) or 0)


@dataclass(frozen=True)
class _Counters:
    """The last serial of each (workstation, day) and the last line of each register book."""

    serials: dict[tuple[uuid.UUID, date], int]
    lines: dict[tuple[uuid.UUID, str], int]


def _counters(session: Session) -> _Counters:
    return _Counters(
        {(r.workstation_id, r.day): r.last_serial for r in session.scalars(select(SerialCounter))},
        {(r.workstation_id, r.book): r.last_line for r in session.scalars(select(RegisterCounter))},
    )


def _merged(a: dict[Key, int], b: dict[Key, int]) -> dict[Key, int]:
    return {key: max(a.get(key, 0), b.get(key, 0)) for key in a.keys() | b.keys()}


def _highest(first: _Counters, second: _Counters) -> _Counters:
    return _Counters(_merged(first.serials, second.serials), _merged(first.lines, second.lines))


def _raise_counters(session: Session, replaced: _Counters) -> None:
    """Every counter at least where the replaced file had it; rows the backup lacks added.

    Only for workstations the restored file knows (a forced restore of another's file)."""
    known = set(session.scalars(select(Workstation.id)))
    for (workstation_id, day), serial in replaced.serials.items():
        if workstation_id not in known:
            continue
        row = session.get(SerialCounter, (workstation_id, day))
        if row is None:
            session.add(SerialCounter(workstation_id=workstation_id, day=day, last_serial=serial))
        elif row.last_serial < serial:
            row.last_serial = serial
    for (workstation_id, book), line in replaced.lines.items():
        if workstation_id not in known:
            continue
        register = session.get(RegisterCounter, (workstation_id, book))
        if register is None:
            session.add(RegisterCounter(workstation_id=workstation_id, book=book, last_line=line))
        elif register.last_line < line:
            register.last_line = line
    session.flush()
