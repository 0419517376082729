"""Who the command line acts as: the session ``desk-app login`` opens in the data folder (issue 8).

The session is a file readable by the user only (0600; on Windows the user's profile already
is): the officer's id and name, when it ends, and a random token, sealed with an HMAC-SHA256
under this workstation's own secret key (``session.key``, 0600, made at first use). A file
edited by hand, or copied from another workstation, fails the seal and is refused; nothing of
it is kept in the database. It ends at the close of the office's working day (its
``afternoon_end``, office time), or at midnight for a login after that, or at logout.
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

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError
from desk_app.services.context import OfficerInfo, Workspace
from desk_app.services.workstation import station_of
from desk_app.store.models import Officer

SESSION_FILE = "session.json"
KEY_FILE = "session.key"


class NotLoggedIn(DeskError):
    msgid = N_("Chưa đăng nhập. Hãy đăng nhập trước: desk-app login TÊN_ĐĂNG_NHẬP")


class SessionExpired(DeskError):
    msgid = N_("Phiên đăng nhập đã hết hạn. Hãy đăng nhập lại: desk-app login TÊN_ĐĂNG_NHẬP")


class SessionRefused(DeskError):
    msgid = N_(
        "Tệp phiên đăng nhập không hợp lệ (đã bị sửa hoặc không phải của máy trạm này). "
        "Hãy đăng nhập lại: desk-app login TÊN_ĐĂNG_NHẬP"
    )


class AccountGone(DeskError):
    msgid = N_(
        "Tài khoản {username} đã bị vô hiệu hóa hoặc đang bị khóa. Hãy đăng nhập bằng tài "
        "khoản khác."
    )


@dataclass(frozen=True)
class SessionInfo:
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


def session_key(folder: Path) -> bytes:
    """This workstation's session key, made the first time one is needed."""
    path = folder / KEY_FILE
    try:
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    except FileNotFoundError:
        pass
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process made it meanwhile
        return bytes.fromhex(path.read_text(encoding="ascii").strip())
    key = secrets.token_bytes(32)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key.hex())
    return key


def _seal(key: bytes, fields: dict[str, str]) -> str:
    body = json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def end_of_day(workspace: Workspace, now: datetime) -> datetime:
    """When a session opened at ``now`` ends: the close of today's working hours, office time;
    after that, midnight."""
    office = station_of(workspace).office
    closing = workspace.rules(office.id).hours.afternoon_end
    local = now.astimezone(OFFICE_TZ)
    end = datetime.combine(local.date(), closing, tzinfo=OFFICE_TZ)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), OFFICE_TZ)
    return end


def open_session(
    workspace: Workspace, officer: OfficerInfo, *, expires_at: datetime | None = None
) -> SessionInfo:
    """Write the session of ``officer``, whose password has just been checked (`auth.login`)."""
    folder = _folder(workspace)
    ends = expires_at or end_of_day(workspace, workspace.now())
    fields = {
        "officer_id": str(officer.id),
        "username": officer.username,
        "expires_at": ends.isoformat(),
        "token": secrets.token_hex(32),
    }
    sealed = {**fields, "mac": _seal(session_key(folder), fields)}
    _write_private(folder / SESSION_FILE, json.dumps(sealed, indent=1).encode())
    return SessionInfo(officer.id, officer.username, ends)


def close_session(workspace: Workspace) -> bool:
    """End the session; whether there was one."""
    path = _folder(workspace) / SESSION_FILE
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def read_session(workspace: Workspace) -> SessionInfo:
    """The session in the data folder, its seal checked and not expired."""
    folder = _folder(workspace)
    try:
        text = (folder / SESSION_FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotLoggedIn() from None
    except (OSError, UnicodeDecodeError) as error:
        raise SessionRefused() from error
    try:
        stored = json.loads(text)
        fields = {k: str(stored[k]) for k in ("officer_id", "username", "expires_at", "token")}
        mac = str(stored["mac"])
        if set(stored) != {*fields, "mac"} or not (folder / KEY_FILE).exists():
            raise SessionRefused()
        if not hmac.compare_digest(mac, _seal(session_key(folder), fields)):
            raise SessionRefused()
        info = SessionInfo(
            uuid.UUID(fields["officer_id"]),
            fields["username"],
            datetime.fromisoformat(fields["expires_at"]),
        )
    except (ValueError, KeyError, TypeError) as error:
        raise SessionRefused() from error
    if info.expires_at.tzinfo is None:
        raise SessionRefused()
    if info.expires_at <= workspace.now():
        raise SessionExpired()
    return info


def current_officer(workspace: Workspace) -> OfficerInfo:
    """The logged-in officer, still active, unlocked and of this workstation's office."""
    from desk_app.services.auth import officer_info

    info = read_session(workspace)
    office = station_of(workspace).office
    with workspace.read() as session:
        row = session.get(Officer, info.officer_id)
        if row is None or row.office_id != office.id or row.username != info.username:
            raise SessionRefused()
        locked = row.locked_until is not None and row.locked_until > workspace.now()
        if not row.active or locked:
            raise AccountGone(username=row.username)
        return officer_info(row)
