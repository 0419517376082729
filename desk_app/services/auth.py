"""Officer accounts: the password rule, argon2id hashes, and login with its throttle (issue 8).

Every login, refused or not, is audited; a run of wrong passwords slows the next try and then
locks the account for a while, so a password cannot be guessed at the counter's PC.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.paths import resources_dir
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficerInfo, Station, Workspace
from desk_app.services.errors import LoginFailed
from desk_app.services.workstation import station_of
from desk_app.store.models import Officer
from desk_app.sync.events import OfficerLocked, OfficerLoggedIn, OfficerLoginFailed

_hasher = PasswordHasher()  # argon2id with the library's defaults (t=3, m=64 MiB, p=4)
MIN_PASSWORD_LENGTH = 10
DELAY_PER_FAILURE = 0.5  # seconds of wait before a try, per wrong password in a row
MAX_DELAY = 5.0
LOCK_AFTER = 10  # wrong passwords in a row
LOCK_FOR = timedelta(minutes=15)
USERNAME_KEPT = 64  # the audit's entity id is a short column
# Verified for an unknown name, so it costs what a real account's check does.
_DUMMY_HASH = _hasher.hash("not-an-account-password")

Sleep = Callable[[float], None]


class AccountLocked(DeskError):
    msgid = N_(
        "Tài khoản đang bị khóa vì nhập sai mật khẩu nhiều lần; hãy thử lại sau {until} "
        "hoặc nhờ lãnh đạo bộ phận mở khóa."
    )


@cache
def common_passwords() -> frozenset[str]:
    """The bundled list of passwords too common to use, lower case."""
    path = resources_dir() / "security" / "common-passwords.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and line[0] != "#")


def check_password(password: str, username: str = "") -> None:
    """Refuse a password that is short, the account's own name, or on the common list."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("Mật khẩu phải có ít nhất {count} ký tự."),
            field="password",
            count=MIN_PASSWORD_LENGTH,
        )
    lowered = password.strip().lower()
    if username and lowered == username.strip().lower():
        raise ValidationError(N_("Mật khẩu không được trùng với tên đăng nhập."), field="password")
    if lowered in common_passwords():
        raise ValidationError(
            N_("Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác."), field="password"
        )


def hash_password(password: str, username: str = "") -> str:
    check_password(password, username)
    return _hasher.hash(password)


def officer_info(row: Officer) -> OfficerInfo:
    return OfficerInfo(row.id, row.username, row.full_name, row.role)


def delay_for(failures: int) -> float:
    """The wait before the next try after ``failures`` wrong passwords in a row."""
    return min(DELAY_PER_FAILURE * failures, MAX_DELAY)


def login(
    workspace: Workspace, username: str, password: str, *, sleep: Sleep = time.sleep
) -> OfficerInfo:
    """The officer of this workstation's office whose password matches; one message for an
    unknown user or a bad password, another while the account is locked."""
    station = station_of(workspace)
    name = username.strip().lower()
    with workspace.read() as session:
        row = session.scalar(
            select(Officer).where(Officer.office_id == station.office.id, Officer.username == name)
        )
        found = None if row is None or not row.active else officer_info(row)
        password_hash = row.password_hash if row is not None else _DUMMY_HASH
        failures = row.failed_logins if row is not None else 0
        locked_until = row.locked_until if row is not None else None
    now = workspace.now()
    if found is None:
        _verify(_DUMMY_HASH, password)
        # A name that is no account may be a password typed in the wrong box: the append-only
        # log and the server keep only a keyed digest of it, enough to see repeated tries.
        _audit_failure(workspace, station, _unknown_name(workspace, name), while_locked=False)
        raise LoginFailed()
    if locked_until is not None and locked_until > now:
        _audit_failure(workspace, station, name, while_locked=True)
        raise AccountLocked(until=_office_clock(locked_until))
    if locked_until is not None:  # the lock has run out: a fresh run of tries
        failures = 0
    sleep(delay_for(failures))
    if _verify(password_hash, password):
        _succeeded(workspace, station, found)
        return found
    until = _failed(workspace, station, found, fresh=locked_until is not None)
    if until is not None:
        raise AccountLocked(until=_office_clock(until))
    raise LoginFailed()


def _unknown_name(workspace: Workspace, name: str) -> str:
    key = workspace.audit_key or b"desk-app"
    digest = hmac.new(key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:16]
    return f"?{digest}"


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _office_clock(moment: datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y")


def _system(station: Station) -> Actor:
    """Who records a refused login: the workstation; the name typed proves nothing."""
    return Actor.at_station(station, None)


def _audit_failure(
    workspace: Workspace, station: Station, name: str, *, while_locked: bool
) -> None:
    with workspace.write() as session:
        record_change(
            session,
            workspace,
            _system(station),
            OfficerLoginFailed(username=name[:USERNAME_KEPT], while_locked=while_locked),
            entity="officer",
            entity_id=name,
            aggregate_id=station.office.id,
        )


def _succeeded(workspace: Workspace, station: Station, officer: OfficerInfo) -> None:
    with workspace.write() as session:
        row = session.get_one(Officer, officer.id)
        row.failed_logins = 0
        row.locked_until = None
        record_change(
            session,
            workspace,
            Actor.at_station(station, officer),
            OfficerLoggedIn(officer_id=officer.id, username=officer.username),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )


def _failed(
    workspace: Workspace, station: Station, officer: OfficerInfo, *, fresh: bool
) -> datetime | None:
    """Count a wrong password (a lock that ran out starts the count again); the lock's end
    when this one locked the account."""
    with workspace.write() as session:
        row = session.get_one(Officer, officer.id)
        row.failed_logins = (0 if fresh else row.failed_logins) + 1
        row.locked_until = None
        record_change(
            session,
            workspace,
            _system(station),
            OfficerLoginFailed(username=officer.username),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )
        if row.failed_logins < LOCK_AFTER:
            return None
        until = workspace.now() + LOCK_FOR
        row.locked_until = until
        record_change(
            session,
            workspace,
            _system(station),
            OfficerLocked(officer_id=officer.id, username=officer.username, until=until),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )
        return until
