"""Who the command line acts as: the session ``desk-app login`` opens in the data folder (issue 8).

The data folder's session file (0600; on Windows the user's profile already is private) holds
a session id and a random token; the database's ``login_session`` row holds only the token's
SHA-256, when it ends and whether it was ended. Every command checks the file against the row,
so a copied file stops working at logout, a password change or a deactivation, and a file
made by hand names no row. A session ends at the close of the office's working day (its
``afternoon_end``, office time), or at midnight for a login after that, and lasts at least an
hour (a login at 16:55 is not over at 17:00); each logout is audited.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.workstation import station_of
from desk_app.store.local import LoginSession
from desk_app.store.models import Officer
from desk_app.sync.events import OfficerLoggedOut

SESSION_FILE = "session.json"
OLD_KEY_FILE = "session.key"  # the file-sealed sessions before migration 0005; removed at login
AT_LEAST = timedelta(hours=1)
EndReason = Literal["logout", "password_set", "deactivated"]


class NotLoggedIn(DeskError):
    msgid = N_("Chưa đăng nhập. Hãy đăng nhập trước: desk-app login TÊN_ĐĂNG_NHẬP")


class SessionExpired(DeskError):
    msgid = N_("Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại: desk-app login TÊN_ĐĂNG_NHẬP")


class SessionRefused(DeskError):
    msgid = N_(
        "Tệp phiên đăng nhập không hợp lệ (đã bị sửa hoặc không phải của máy trạm này). "
        "Hãy đăng nhập lại: desk-app login TÊN_ĐĂNG_NHẬP"
    )


class SessionEnded(DeskError):
    msgid = N_(
        "Phiên đăng nhập này đã kết thúc (đã đăng xuất, đổi mật khẩu hoặc tài khoản bị vô hiệu "
        "hóa). Hãy đăng nhập lại: desk-app login TÊN_ĐĂNG_NHẬP"
    )


class AccountGone(DeskError):
    msgid = N_(
        "Tài khoản {username} đã bị vô hiệu hóa hoặc đang bị khóa. Hãy đăng nhập bằng tài "
        "khoản khác."
    )


@dataclass(frozen=True)
class SessionInfo:
    session_id: uuid.UUID
    officer_id: uuid.UUID
    username: str
    expires_at: datetime


def _folder(workspace: Workspace) -> Path:
    if workspace.home is None:
        raise NotLoggedIn()
    return workspace.home


def _write_private(path: Path, data: bytes) -> None:
    """Write ``data`` readable by the user only, replacing ``path`` in one step."""
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def end_of_day(workspace: Workspace, now: datetime) -> datetime:
    """When a session opened at ``now`` ends: the close of today's working hours, office time
    (after that, midnight), and never less than an hour away."""
    office = station_of(workspace).office
    closing = workspace.rules(office.id).hours.afternoon_end
    local = now.astimezone(OFFICE_TZ)
    end = datetime.combine(local.date(), closing, tzinfo=OFFICE_TZ)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), OFFICE_TZ)
    return max(end, local + AT_LEAST)


def open_session(
    workspace: Workspace, officer: OfficerInfo, *, expires_at: datetime | None = None
) -> SessionInfo:
    """Open the session of ``officer``, whose password has just been checked (`auth.login`):
    its row in the database, then the file that proves it."""
    folder = _folder(workspace)
    now = workspace.now()
    ends = expires_at or end_of_day(workspace, now)
    token = secrets.token_hex(32)
    with workspace.write() as session:
        row = LoginSession(
            officer_id=officer.id, token_hash=_token_hash(token), opened_at=now, expires_at=ends
        )
        session.add(row)
        session.flush()
        session_id = row.id
    stored = {"session_id": str(session_id), "token": token}
    _write_private(folder / SESSION_FILE, json.dumps(stored, indent=1).encode())
    (folder / OLD_KEY_FILE).unlink(missing_ok=True)
    return SessionInfo(session_id, officer.id, officer.username, ends)


def _read_file(folder: Path) -> tuple[uuid.UUID, str]:
    try:
        text = (folder / SESSION_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotLoggedIn() from None
    except (OSError, UnicodeDecodeError) as error:
        raise SessionRefused() from error
    try:
        stored = json.loads(text)
        if not isinstance(stored, dict) or set(stored) != {"session_id", "token"}:
            raise SessionRefused()
        token = stored["token"]
        if not isinstance(token, str) or not token.isascii():
            raise SessionRefused()
        return uuid.UUID(str(stored["session_id"])), token
    except (ValueError, TypeError) as error:
        raise SessionRefused() from error


def _checked_row(session: Session, session_id: uuid.UUID, token: str) -> LoginSession:
    row = session.get(LoginSession, session_id)
    if row is None or not hmac.compare_digest(row.token_hash, _token_hash(token)):
        raise SessionRefused()
    return row


def read_session(workspace: Workspace) -> SessionInfo:
    """The session in the data folder, checked against its row: not ended, not expired."""
    session_id, token = _read_file(_folder(workspace))
    with workspace.read() as session:
        row = _checked_row(session, session_id, token)
        if row.ended_at is not None:
            raise SessionEnded()
        if row.expires_at <= workspace.now():
            raise SessionExpired()
        officer = session.get_one(Officer, row.officer_id)
        return SessionInfo(row.id, row.officer_id, officer.username, row.expires_at)


def end_sessions(
    session: Session,
    workspace: Workspace,
    actor: Actor,
    officer: Officer,
    reason: EndReason,
) -> int:
    """End every open session of ``officer`` in the caller's transaction, each audited;
    how many. A password change or a deactivation calls it, so no old login outlives it."""
    now = workspace.now()
    rows = session.scalars(
        select(LoginSession).where(
            LoginSession.officer_id == officer.id,
            LoginSession.ended_at.is_(None),
            LoginSession.expires_at > now,
        )
    ).all()
    for row in rows:
        row.ended_at = now
        record_change(
            session,
            workspace,
            actor,
            OfficerLoggedOut(
                officer_id=officer.id, username=officer.username, session_id=row.id, reason=reason
            ),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )
    return len(rows)


def close_session(workspace: Workspace) -> bool:
    """Log out: end the session's row (audited) and remove its file; whether there was one
    still open."""
    from desk_app.services.auth import officer_info

    folder = _folder(workspace)
    path = folder / SESSION_FILE
    try:
        session_id, token = _read_file(folder)
    except (NotLoggedIn, SessionRefused):
        existed = path.exists()
        path.unlink(missing_ok=True)
        return existed
    closed = False
    with workspace.write() as session:
        try:
            row = _checked_row(session, session_id, token)
        except SessionRefused:
            row = None
        if row is not None and row.ended_at is None and row.expires_at > workspace.now():
            officer = session.get_one(Officer, row.officer_id)
            actor = Actor.at_station(station_of(workspace), officer_info(officer))
            row.ended_at = workspace.now()
            record_change(
                session,
                workspace,
                actor,
                OfficerLoggedOut(
                    officer_id=officer.id,
                    username=officer.username,
                    session_id=row.id,
                    reason="logout",
                ),
                entity="officer",
                entity_id=officer.username,
                aggregate_id=officer.id,
            )
            closed = True
    path.unlink(missing_ok=True)
    return closed


def current_officer(workspace: Workspace) -> OfficerInfo:
    """The logged-in officer, still active, unlocked and of this workstation's office."""
    from desk_app.services.auth import officer_info

    info = read_session(workspace)
    office = station_of(workspace).office
    with workspace.read() as session:
        row = session.get(Officer, info.officer_id)
        if row is None or row.office_id != office.id:
            raise SessionRefused()
        locked = row.locked_until is not None and row.locked_until > workspace.now()
        if not row.active or locked:
            raise AccountGone(username=row.username)
        return officer_info(row)
