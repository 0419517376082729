"""The district server's administration (issue 11): offices, dashboard users, one-time
enrollment codes, devices, the quarantine, what the district publishes, backups.

Each use case takes the server's `Database`. Nothing here logs a password, a code or a token:
an enrollment code is shown once, to whoever made it, and only its SHA-256 is stored
(``hash_code(normalise_code(typed))`` is what `/api/enroll` looks up, so a code read aloud
and typed in lower case or without its dashes still works).

The pull feed (`append_change`): each change takes the next ``seq``. On PostgreSQL a
transaction-scoped advisory lock is taken first, so two publishers cannot commit seqs out of
order (a client that read past a higher seq would never see the lower one); on SQLite the
write transaction (BEGIN IMMEDIATE) already serialises writers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import sqlite3
import unicodedata
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.files import sync_folder
from desk_app.server.epoch import mark_restored_file
from desk_app.server.schema import (
    Device,
    DistrictOffice,
    DistrictUser,
    EnrollmentCode,
    QuarantinedEvent,
    ServerChange,
)
from desk_app.services.context import utc_now
from desk_app.store.db import Database
from desk_app.store.types import new_id

log = logging.getLogger(__name__)

ROLES = ("district", "admin")
# No 0/O, 1/I/L: a code is read aloud over the phone and typed at the workstation.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 10  # 31**10: about 49 bits, for a code that is single use and expires
CODE_GROUPS = (4, 4, 2)
DEFAULT_CODE_DAYS = 7
MAX_CODE_DAYS = 90
# The advisory lock of the pull feed's seq (pg_advisory_xact_lock). Any constant works as long
# as every writer of server_change uses this one.
CHANGE_LOCK_KEY = 0x5EC_11
CHANGE_KINDS = ("catalogue.published", "calendar.published")
# The tables a file must hold to be restored as a server database.
SERVER_TABLES = ("alembic_version", "district_office", "device", "server_change")


class OfficeExists(ValidationError):
    msgid = N_("Đã có đơn vị với mã định danh {agency_id} trên máy chủ quận.")


class UnknownOffice(ValidationError):
    msgid = N_(
        "Máy chủ quận chưa có đơn vị với mã định danh {agency_id}. "
        "Hãy thêm trước: desk-app server add-office"
    )


class UserExists(ValidationError):
    msgid = N_("Đã có người dùng {username} trên máy chủ quận.")


class BadRole(ValidationError):
    msgid = N_("Vai trò “{role}” không dùng được; chọn district hoặc admin.")


class EmptyPassword(ValidationError):
    msgid = N_("Mật khẩu không được để trống.")


class WeakPassword(ValidationError):
    msgid = N_("Mật khẩu không dùng được: {reason}")


class UnknownDevice(ValidationError):
    msgid = N_("Không có máy trạm nào khớp với “{device}” trên máy chủ quận.")


class AmbiguousDevice(ValidationError):
    msgid = N_(
        "Có nhiều máy trạm mang mã “{device}”; hãy ghi mã thiết bị (device id, xem desk-app "
        "server devices) thay cho mã máy, hoặc thêm --agency-id của đơn vị."
    )


class BadUsername(ValidationError):
    msgid = N_(
        "Tên đăng nhập “{username}” không dùng được: cần 1 đến 64 ký tự, không có khoảng trắng."
    )


class BadWorkstation(ValidationError):
    msgid = N_("Mã máy trạm “{workstation}” không dùng được: cần 1 đến 16 chữ cái hoặc chữ số.")


class BadValidity(ValidationError):
    msgid = N_("Thời hạn của mã đăng ký phải từ 1 đến {maximum} ngày; đã nhận {days}.")


class EmptyName(ValidationError):
    msgid = N_("Tên đơn vị không được để trống.")


class UnknownChangeKind(ValidationError):
    msgid = N_("Không có loại thay đổi “{kind}”; chọn catalogue hoặc calendar.")


class PublishFileUnusable(ValidationError):
    msgid = N_("Tệp {file} không dùng để công bố được: {reason}")


class BackupRefused(DeskError):
    msgid = N_("Không sao lưu được cơ sở dữ liệu của máy chủ quận: {reason}")


class NotAServerDatabase(DeskError):
    msgid = N_(
        "Tệp {file} không phải bản sao lưu cơ sở dữ liệu của máy chủ quận; chưa khôi phục gì."
    )


class UsePgTools(DeskError):
    msgid = N_(
        "Máy chủ quận đang dùng PostgreSQL: hãy sao lưu bằng pg_dump "
        "(pg_dump -Fc -f {file} TÊN_CSDL) và khôi phục bằng pg_restore "
        "(pg_restore --clean --if-exists -d TÊN_CSDL {file}), rồi chạy desk-app server "
        "mark-restored --db ĐỊA-CHỈ để các máy trạm gửi lại những gì bản sao lưu thiếu."
    )


class BadDatabaseUrl(ValidationError):
    msgid = N_(
        "Địa chỉ cơ sở dữ liệu “{database}” không dùng được. Ghi sqlite:///ĐƯỜNG-DẪN cho một "
        "tệp SQLite, hoặc postgresql+psycopg://NGƯỜI-DÙNG@MÁY:5432/TÊN cho PostgreSQL."
    )


class DatabaseUnavailable(DeskError):
    msgid = N_(
        "Không mở được cơ sở dữ liệu của máy chủ quận {database}: {reason}. Hãy kiểm tra --db "
        "và máy chủ cơ sở dữ liệu."
    )


class NotDistrictDatabase(DeskError):
    msgid = N_(
        "Cơ sở dữ liệu {database} không phải của máy chủ quận, hoặc của một phiên bản mới hơn "
        "của phần mềm; chưa thay đổi gì trong đó."
    )


# --- opening the database --------------------------------------------------------------------


def shown_url(url: str) -> str:
    """``url`` as it may be printed and logged: its password, if any, masked."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def _driver_reason(error: BaseException) -> str:
    """The driver's first line (no SQL, no parameters: the engine hides them)."""
    words = str(getattr(error, "orig", None) or error).strip()
    return (words.splitlines() or [type(error).__name__])[0][:300]


def open_district_database(url: str) -> Database:
    """The server database at ``url`` at the newest schema, with plain errors for a bad URL,
    an unreachable database server, or a database that is not the district server's (a
    workstation's, a newer release's: its migration is rolled back, nothing changed)."""
    from alembic.util.exc import CommandError
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from desk_app.server.store import open_server_database

    shown = shown_url(url)
    try:
        return open_server_database(url)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError):
        raise BadDatabaseUrl(database=shown, field="db") from None
    except CommandError:
        log.warning("district server: %s holds another schema", shown)
        raise NotDistrictDatabase(database=shown) from None
    except (SQLAlchemyError, sqlite3.Error, OSError) as error:
        log.warning("district server: cannot open %s: %s", shown, _driver_reason(error))
        raise DatabaseUnavailable(database=shown, reason=_driver_reason(error)) from None


@contextmanager
def district_database(url: str) -> Iterator[Database]:
    """`open_district_database` for one administrative task, always closed after."""
    db = open_district_database(url)
    try:
        yield db
    finally:
        db.dispose()


# --- enrollment codes ------------------------------------------------------------------------


def normalise_code(typed: str) -> str:
    """A code as typed or read aloud: upper case, without dashes or spaces. ValueError when
    nothing is left or a character is neither a letter nor a digit (ASCII)."""
    folded = unicodedata.normalize("NFKC", typed).upper()
    cleaned = "".join(ch for ch in folded if ch not in "-–— \t\r\n.")
    if not cleaned or not cleaned.isascii() or not cleaned.isalnum():
        raise ValueError("not an enrollment code")
    return cleaned


def hash_code(normalised: str) -> str:
    """The SHA-256 (hex) of a normalised code: all the server keeps of it."""
    return hashlib.sha256(normalised.encode("ascii")).hexdigest()


def new_code() -> str:
    """A fresh code, grouped for reading aloud: "K7QM-4XPA-2R"."""
    letters = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    groups, start = [], 0
    for size in CODE_GROUPS:
        groups.append(letters[start : start + size])
        start += size
    return "-".join(groups)


# --- offices and users -----------------------------------------------------------------------


@dataclass(frozen=True)
class OfficeInfo:
    id: uuid.UUID
    agency_id: str
    name: str
    upper_unit: str


def _agency_id(text_: str) -> str:
    from desk_app.core.codes import validate_agency_id

    return validate_agency_id(text_)


def _nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def add_office(
    db: Database, agency_id: str, name: str, upper_unit: str = "", *, now: datetime | None = None
) -> OfficeInfo:
    """A ward the district serves, by its agency identifier (QCVN 102 shape)."""
    agency = _agency_id(agency_id)
    office_name = _nfc(name)
    if not office_name:
        raise EmptyName(field="name")
    with db.write() as session:
        if session.scalar(select(DistrictOffice.id).where(DistrictOffice.agency_id == agency)):
            raise OfficeExists(agency_id=agency)
        office = DistrictOffice(
            id=new_id(),
            agency_id=agency,
            name=office_name,
            upper_unit=_nfc(upper_unit),
            created_at=now or utc_now(),
        )
        session.add(office)
    log.info("district server: office %s added", agency)
    return OfficeInfo(office.id, office.agency_id, office.name, office.upper_unit)


def list_offices(db: Database) -> list[OfficeInfo]:
    """Every office the district serves, by agency identifier."""
    with db.read() as session:
        rows = session.scalars(select(DistrictOffice).order_by(DistrictOffice.agency_id)).all()
    return [OfficeInfo(o.id, o.agency_id, o.name, o.upper_unit) for o in rows]


def _office_of(session: Session, agency_id: str) -> DistrictOffice:
    agency = _agency_id(agency_id)
    office = session.scalar(select(DistrictOffice).where(DistrictOffice.agency_id == agency))
    if office is None:
        raise UnknownOffice(agency_id=agency)
    return office


def check_role(role: str) -> str:
    cleaned = role.strip().lower()
    if cleaned not in ROLES:
        raise BadRole(role=role.strip(), field="role")
    return cleaned


def check_username(username: str) -> str:
    cleaned = _nfc(username).lower()
    if not cleaned or len(cleaned) > 64 or any(ch.isspace() for ch in cleaned):
        raise BadUsername(username=cleaned, field="username")
    return cleaned


def check_district_password(password: str, username: str = "") -> None:
    """The workstation's password rule (length, not the name, not a common one)."""
    from desk_app.services.auth import check_password

    if not password or not password.strip():
        raise EmptyPassword(field="password")
    try:
        check_password(password, username)
    except ValidationError as error:
        raise WeakPassword(reason=error.message, field="password") from None


def hash_district_password(password: str) -> str:
    """argon2id, as the workstation's officers' passwords (`services.auth`)."""
    from desk_app.services.auth import _hasher

    return str(_hasher.hash(password))


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    role: str


def add_user(
    db: Database, username: str, role: str, password: str, *, now: datetime | None = None
) -> UserInfo:
    """A dashboard user: ``district`` sees every ward, ``admin`` administers too."""
    name = check_username(username)
    chosen = check_role(role)
    check_district_password(password, name)
    hashed = hash_district_password(password)
    with db.write() as session:
        if session.scalar(select(DistrictUser.id).where(DistrictUser.username == name)):
            raise UserExists(username=name)
        user = DistrictUser(
            id=new_id(),
            username=name,
            role=chosen,
            password_hash=hashed,
            active=True,
            created_at=now or utc_now(),
        )
        session.add(user)
    log.info("district server: user added with role %s", chosen)
    return UserInfo(user.id, user.username, user.role)


# --- enrollment and devices ------------------------------------------------------------------


def check_workstation(workstation_code: str) -> str:
    cleaned = workstation_code.strip()
    if not cleaned or len(cleaned) > 16 or not cleaned.isascii() or not cleaned.isalnum():
        raise BadWorkstation(workstation=cleaned, field="workstation")
    return cleaned


@dataclass(frozen=True)
class IssuedCode:
    """A one-time enrollment code as made: its plaintext (shown once, never stored) and when
    it stops working."""

    code: str
    agency_id: str
    workstation_code: str
    expires_at: datetime


def enrollment_code(
    db: Database,
    agency_id: str,
    workstation_code: str,
    valid_days: int = DEFAULT_CODE_DAYS,
    *,
    now: datetime | None = None,
) -> str:
    """A one-time code for one workstation of an office; the plaintext is returned once."""
    return issue_enrollment_code(db, agency_id, workstation_code, valid_days, now=now).code


def issue_enrollment_code(
    db: Database,
    agency_id: str,
    workstation_code: str,
    valid_days: int = DEFAULT_CODE_DAYS,
    *,
    now: datetime | None = None,
) -> IssuedCode:
    """`enrollment_code` with what an administrator is told with it (office, expiry)."""
    workstation = check_workstation(workstation_code)
    if not 1 <= valid_days <= MAX_CODE_DAYS:
        raise BadValidity(days=valid_days, maximum=MAX_CODE_DAYS, field="days")
    at = now or utc_now()
    expires_at = at + timedelta(days=valid_days)
    code = new_code()
    with db.write() as session:
        office = _office_of(session, agency_id)
        session.add(
            EnrollmentCode(
                id=new_id(),
                office_id=office.id,
                workstation_code=workstation,
                code_hash=hash_code(normalise_code(code)),
                created_at=at,
                expires_at=expires_at,
                used_at=None,
                device_id=None,
            )
        )
        agency = office.agency_id
    log.info("district server: enrollment code made for an office's workstation")
    return IssuedCode(code, agency, workstation, expires_at)


@dataclass(frozen=True)
class DeviceInfo:
    id: uuid.UUID
    agency_id: str
    office_name: str
    workstation_code: str
    workstation_id: uuid.UUID
    enrolled_at: datetime
    revoked_at: datetime | None
    last_seen_at: datetime | None
    last_push_at: datetime | None
    waiting: int
    oldest_waiting_at: datetime | None
    clock_skew_s: int
    audit_seq: int
    chain: str
    quarantined: int

    def as_json(self) -> dict[str, Any]:
        return {
            "device_id": str(self.id),
            "agency_id": self.agency_id,
            "office_name": self.office_name,
            "workstation_code": self.workstation_code,
            "workstation_id": str(self.workstation_id),
            "enrolled_at": _iso(self.enrolled_at),
            "revoked_at": _iso(self.revoked_at),
            "last_seen_at": _iso(self.last_seen_at),
            "last_push_at": _iso(self.last_push_at),
            "waiting": self.waiting,
            "oldest_waiting_at": _iso(self.oldest_waiting_at),
            "clock_skew_s": self.clock_skew_s,
            "audit_seq": self.audit_seq,
            "chain": self.chain,
            "quarantined": self.quarantined,
        }


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def list_devices(db: Database) -> list[DeviceInfo]:
    """Every enrolled workstation with its health, by office then workstation."""
    open_quarantine = (
        select(QuarantinedEvent.device_id, func.count().label("n"))
        .where(QuarantinedEvent.resolved_at.is_(None))
        .group_by(QuarantinedEvent.device_id)
        .subquery()
    )
    with db.read() as session:
        rows = session.execute(
            select(Device, DistrictOffice.agency_id, DistrictOffice.name, open_quarantine.c.n)
            .join(DistrictOffice, DistrictOffice.id == Device.office_id)
            .outerjoin(open_quarantine, open_quarantine.c.device_id == Device.id)
            .order_by(DistrictOffice.agency_id, Device.workstation_code, Device.enrolled_at)
        ).all()
    return [
        DeviceInfo(
            id=d.id,
            agency_id=agency,
            office_name=name,
            workstation_code=d.workstation_code,
            workstation_id=d.workstation_id,
            enrolled_at=d.enrolled_at,
            revoked_at=d.revoked_at,
            last_seen_at=d.last_seen_at,
            last_push_at=d.last_push_at,
            waiting=d.waiting,
            oldest_waiting_at=d.oldest_waiting_at,
            clock_skew_s=d.clock_skew_s,
            audit_seq=d.audit_seq,
            chain=d.chain,
            quarantined=int(n or 0),
        )
        for d, agency, name, n in rows
    ]


def revoke(
    db: Database, device: str, *, agency_id: str | None = None, now: datetime | None = None
) -> uuid.UUID:
    """Stop a device's token at once: by its device id, or by its workstation code when one
    device only has it (of the office ``agency_id``, when given: every ward has its "01").
    Revoking twice keeps the first time."""
    wanted = device.strip()
    try:
        as_id: uuid.UUID | None = uuid.UUID(wanted)
    except ValueError:
        as_id = None
    with db.write() as session:
        query = select(Device).where(
            Device.id == as_id if as_id is not None else Device.workstation_code == wanted
        )
        if agency_id is not None:
            query = query.where(Device.office_id == _office_of(session, agency_id).id)
        found = list(session.scalars(query))
        if not found:
            raise UnknownDevice(device=wanted)
        if len(found) > 1:
            raise AmbiguousDevice(device=wanted)
        (row,) = found
        if row.revoked_at is None:
            row.revoked_at = now or utc_now()
        device_id = row.id
    log.info("district server: device %s revoked", device_id)
    return device_id


@dataclass(frozen=True)
class QuarantineInfo:
    id: uuid.UUID
    event_id: uuid.UUID
    agency_id: str | None
    device_id: uuid.UUID | None
    outcome: str
    reason: str
    detail: str
    quarantined_at: datetime
    resolved_at: datetime | None

    def as_json(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "event_id": str(self.event_id),
            "agency_id": self.agency_id,
            "device_id": None if self.device_id is None else str(self.device_id),
            "outcome": self.outcome,
            "reason": self.reason,
            "detail": self.detail,
            "quarantined_at": _iso(self.quarantined_at),
            "resolved_at": _iso(self.resolved_at),
        }


def list_quarantine(db: Database, *, include_resolved: bool = False) -> list[QuarantineInfo]:
    """Events the server would not apply, newest last; never their envelopes (personal data)."""
    query = (
        select(QuarantinedEvent, DistrictOffice.agency_id)
        .outerjoin(DistrictOffice, DistrictOffice.id == QuarantinedEvent.office_id)
        .order_by(QuarantinedEvent.quarantined_at, QuarantinedEvent.id)
    )
    if not include_resolved:
        query = query.where(QuarantinedEvent.resolved_at.is_(None))
    with db.read() as session:
        rows = session.execute(query).all()
    return [
        QuarantineInfo(
            id=q.id,
            event_id=q.event_id,
            agency_id=agency,
            device_id=q.device_id,
            outcome=q.outcome,
            reason=q.reason,
            detail=q.detail,
            quarantined_at=q.quarantined_at,
            resolved_at=q.resolved_at,
        )
        for q, agency in rows
    ]


# --- the pull feed ---------------------------------------------------------------------------


def append_change(
    session: Session,
    office_id: uuid.UUID | None,
    kind: str,
    payload: dict[str, Any],
    now: datetime | None = None,
) -> int:
    """Append one change to the pull feed in ``session``'s (write) transaction; its seq.

    ``office_id`` None: for every office. The lock (PostgreSQL) is held to the commit."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHANGE_LOCK_KEY})
    seq = int(session.scalar(select(func.max(ServerChange.seq))) or 0) + 1
    session.add(
        ServerChange(
            seq=seq,
            office_id=office_id,
            kind=kind,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            created_at=now or utc_now(),
        )
    )
    session.flush()
    return seq


def _published_document(kind: str, path: Path) -> dict[str, Any]:
    """The file's JSON document, checked by the workstation's own reader first."""
    if kind == "catalogue":
        from desk_app.services.catalogue_files import load_catalogue

        load_catalogue(path)
    else:
        from desk_app.services.calendar import read_calendar_file

        read_calendar_file(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise PublishFileUnusable(
            file=path.name, reason=N_("cần một tệp JSON (như desk-app catalogue export ghi ra).")
        ) from None
    if not isinstance(document, dict):
        raise PublishFileUnusable(file=path.name, reason=N_("tệp JSON không chứa một đối tượng."))
    return document


def publish(
    db: Database,
    kind: Literal["catalogue", "calendar"] | str,
    path: Path,
    agency_id: str | None = None,
    *,
    now: datetime | None = None,
) -> int:
    """Publish a catalogue or official-days file to one office (``agency_id``) or to every
    office (None); the new change's seq."""
    if kind not in ("catalogue", "calendar"):
        raise UnknownChangeKind(kind=kind)
    document = _published_document(kind, path)
    with db.write() as session:
        office_id = None if agency_id is None else _office_of(session, agency_id).id
        seq = append_change(session, office_id, f"{kind}.published", {kind: document}, now)
    log.info("district server: %s published as change %d", kind, seq)
    return seq


# --- backups ---------------------------------------------------------------------------------


def _sqlite_file(url: str) -> Path | None:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    if not parsed.database or parsed.database == ":memory:":
        raise BackupRefused(reason=N_("cơ sở dữ liệu trong bộ nhớ không sao lưu được."))
    return Path(parsed.database)


def _integrity_ok(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            row = copy.execute("PRAGMA integrity_check").fetchone()
        return row is not None and row[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def _is_server_database(path: Path) -> bool:
    try:
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as copy:
            names = {
                r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        return set(SERVER_TABLES) <= names
    except sqlite3.DatabaseError:
        return False


def _copy_sqlite(source: Path, target: Path, *, replacing: bool = False) -> None:
    """SQLite's online backup API into a temporary file next to ``target``, checked, then
    renamed over it. ``replacing`` a database (a restore): the copy gets a new epoch before
    the rename (`server.epoch`), and the live file's own WAL and shared-memory files go
    first, or SQLite would replay the old database's WAL into the restored one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        with (
            closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as live,
            closing(sqlite3.connect(partial)) as copy,
        ):
            live.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        if replacing:
            mark_restored_file(partial)
        if not _integrity_ok(partial):
            raise BackupRefused(reason=N_("bản sao không qua được kiểm tra toàn vẹn."))
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        if replacing:
            for leftover in ("-wal", "-shm"):
                target.with_name(target.name + leftover).unlink(missing_ok=True)
        os.replace(partial, target)
        sync_folder(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _reason(error: BaseException) -> str:
    return str(getattr(error, "strerror", None) or type(error).__name__)


def backup(url: str, target: Path) -> Path:
    """Copy the server's SQLite database to ``target`` (online: the server may be running)."""
    source = _sqlite_file(url)
    if source is None:
        raise UsePgTools(file=str(target))
    if not _is_server_database(source):
        raise NotAServerDatabase(file=source.name)
    try:
        _copy_sqlite(source, target)
    except (OSError, sqlite3.Error) as error:
        raise BackupRefused(reason=_reason(error)) from None
    log.info("district server: backed up to %s", target)
    return target


def restore(backup_file: Path, url: str) -> Path:
    """Put a backup in place of the server's SQLite database (the server must be stopped).

    The file must be a checked server database; it is copied next to the live file and
    renamed over it, so a failure leaves the old database as it was."""
    target = _sqlite_file(url)
    if target is None:
        raise UsePgTools(file=str(backup_file))
    if not backup_file.is_file() or not _is_server_database(backup_file):
        raise NotAServerDatabase(file=backup_file.name)
    if not _integrity_ok(backup_file):
        raise NotAServerDatabase(file=backup_file.name)
    try:
        _copy_sqlite(backup_file, target, replacing=True)
    except (OSError, sqlite3.Error) as error:
        raise BackupRefused(reason=_reason(error)) from None
    log.info("district server: restored from %s", backup_file.name)
    return target
