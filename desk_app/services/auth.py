"""Officer accounts: the password rule, argon2id hashes, and login with its throttle (issue 8).

Every login, refused or not, is audited; a run of wrong passwords slows the next try and then
locks the account for a while, so a password cannot be guessed at the counter's PC.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.paths import resources_dir
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficerInfo, Station, Workspace
from desk_app.services.errors import LoginFailed
from desk_app.services.workstation import station_of
from desk_app.store.models import AuditEntry, Officer
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


@dataclass(frozen=True)
class _Attempt:
    """A try, counted before its password is checked: how many wrong ones came before it."""

    officer: OfficerInfo | None  # None: no active account of that name
    audited_name: str
    password_hash: str
    failures: int
    fresh: bool = False  # a lock that had run out: the count started again


@dataclass(frozen=True)
class _Refused:
    """A try refused before any check (the account locked): recorded, then said."""

    until: datetime


def login(
    workspace: Workspace, username: str, password: str, *, sleep: Sleep = time.sleep
) -> OfficerInfo:
    """The officer of this workstation's office whose password matches; one message for an
    unknown user or a bad password, another while the account is locked.

    Each try is counted in a write transaction before its password is checked, so tries made
    in parallel (several windows, a script) cannot pass the lock: at most ``LOCK_AFTER``
    passwords are ever checked per lock period. A name that is no account gets the same
    delays and the same lock as a real one, so neither tells which names exist.
    """
    station = station_of(workspace)
    name = username.strip().lower()
    attempt = _count_attempt(workspace, station, name)
    if isinstance(attempt, _Refused):  # its audit entry committed with the count
        raise AccountLocked(until=_office_clock(attempt.until))
    sleep(delay_for(attempt.failures))
    if _verify(attempt.password_hash, password) and attempt.officer is not None:
        _succeeded(workspace, station, attempt.officer)
        return attempt.officer
    until = _failed(workspace, station, attempt)
    if until is not None:
        raise AccountLocked(until=_office_clock(until))
    raise LoginFailed()


def _count_attempt(workspace: Workspace, station: Station, name: str) -> _Attempt | _Refused:
    """Count the try in one write transaction, or refuse it there: a refusal is returned, not
    raised, so its audit entry commits (an exception would roll it back)."""
    now = workspace.now()
    with workspace.write() as session:
        row = session.scalar(
            select(Officer).where(Officer.office_id == station.office.id, Officer.username == name)
        )
        if row is None or not row.active:
            # A name that is no account may be a password typed in the wrong box: the
            # append-only log and the server keep only a keyed digest of it.
            digest = unknown_name(workspace, name)
            tries = _recent_failures(session, digest, now)
            if len(tries) >= LOCK_AFTER:
                _audit_failure(session, workspace, station, digest, while_locked=True)
                return _Refused(tries[LOCK_AFTER - 1] + LOCK_FOR)
            return _Attempt(None, digest, _DUMMY_HASH, len(tries))
        if row.locked_until is not None and row.locked_until > now:
            _audit_failure(session, workspace, station, name, while_locked=True)
            return _Refused(row.locked_until)
        fresh = row.locked_until is not None
        if fresh:  # the lock has run out: a fresh run of tries
            row.failed_logins = 0
            row.locked_until = None
        failures = row.failed_logins
        if failures >= LOCK_AFTER:
            # LOCK_AFTER tries are counted and still being checked (tries in parallel): the
            # lock is theirs to set once checked; this one is refused without a check.
            _audit_failure(session, workspace, station, name, while_locked=True)
            return _Refused(now + LOCK_FOR)
        row.failed_logins = failures + 1  # undone by a right password
        return _Attempt(officer_info(row), name, row.password_hash, failures, fresh)


def _recent_failures(session: Session, digest: str, now: datetime) -> list[datetime]:
    """When the unknown name ``digest`` was last refused, oldest first, within a lock's length."""
    return list(
        session.scalars(
            select(AuditEntry.at)
            .where(
                AuditEntry.action == OfficerLoginFailed.KIND,
                AuditEntry.entity_id == digest,
                AuditEntry.at > now - LOCK_FOR,
            )
            .order_by(AuditEntry.at)
        )
    )


def unknown_name(workspace: Workspace, name: str) -> str:
    """What the audit keeps of a name that is no account: a keyed digest, enough to see the
    same name tried again, never the text (it may be a password typed in the wrong box)."""
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
    session: Session, workspace: Workspace, station: Station, name: str, *, while_locked: bool
) -> None:
    record_change(
        session,
        workspace,
        _system(station),
        OfficerLoginFailed(username=name[:USERNAME_KEPT], while_locked=while_locked),
        entity="officer",
        entity_id=name[:USERNAME_KEPT],
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


def _failed(workspace: Workspace, station: Station, attempt: _Attempt) -> datetime | None:
    """Audit a wrong password (already counted); the lock's end when this try locked the
    account (or, for an unknown name, would have)."""
    with workspace.write() as session:
        _audit_failure(session, workspace, station, attempt.audited_name, while_locked=False)
        if attempt.officer is None:
            if attempt.failures + 1 >= LOCK_AFTER:
                return workspace.now() + LOCK_FOR
            return None
        row = session.get_one(Officer, attempt.officer.id)
        if row.failed_logins < LOCK_AFTER or row.locked_until is not None:
            return None
        until = workspace.now() + LOCK_FOR
        row.locked_until = until
        record_change(
            session,
            workspace,
            _system(station),
            OfficerLocked(officer_id=row.id, username=row.username, until=until),
            entity="officer",
            entity_id=row.username,
            aggregate_id=row.id,
        )
        return until
