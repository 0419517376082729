"""The way back in when the office's only administrator has forgotten their password.

Set-up shows a one-time recovery code once, to be written down and locked away; the
workstation keeps only its argon2id hash (``local_identity.recovery_code_hash``). Whoever
holds the paper can set a new password for an administrator of this office without logging
in: the code is then used up and a new one is shown. A wrong code counts and is audited as a
refused login, and slows the next try like one, so the code cannot be guessed at the counter.
"""

from __future__ import annotations

import logging
import secrets
import time
import uuid
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desk_app.core.errors import N_, DeskError
from desk_app.core.roles import Act, Role
from desk_app.services.auth import Sleep, check_password, delay_for, hash_password, unknown_name
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Station, Workspace
from desk_app.services.permissions import require
from desk_app.services.session import end_sessions
from desk_app.services.workstation import station_of
from desk_app.store.local import LocalIdentity
from desk_app.store.models import Officer
from desk_app.sync.events import (
    Event,
    OfficerLoginFailed,
    OfficerPasswordSet,
    OfficerUnlocked,
    RecoveryCodeReplaced,
)

log = logging.getLogger(__name__)

_hasher = PasswordHasher()  # argon2id, as the passwords (services.auth)
# 32 symbols, none of them mistaken for another on paper (no 0, O, 1 or I): 20 are 100 bits.
ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
GROUPS = 4
GROUP_LENGTH = 5
USERNAME_KEPT = 64  # the audit's entity id is a short column


class RecoveryRefused(DeskError):
    msgid = N_(
        "Tên đăng nhập của quản trị viên hoặc mã khôi phục không đúng (mã chỉ dùng được một "
        "lần); chưa có gì thay đổi."
    )


class NoRecoveryCode(DeskError):
    msgid = N_(
        "Máy trạm này chưa có mã khôi phục (thiết lập bằng phiên bản cũ); chưa có gì thay đổi. "
        "Quản trị viên đang đăng nhập được có thể tạo mã bằng lệnh desk-app user "
        "new-recovery-code."
    )


def make_code() -> str:
    """A new code, as shown: four groups of five symbols (``7KQ2M-...``)."""
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LENGTH))
    return "-".join(
        symbols[start : start + GROUP_LENGTH] for start in range(0, len(symbols), GROUP_LENGTH)
    )


def normalised(code: str) -> str:
    """The code as typed from the paper: spaces, dashes and case do not matter."""
    return "".join(code.split()).replace("-", "").upper()


def hash_code(code: str) -> str:
    return _hasher.hash(normalised(code))


def new_code() -> tuple[str, str]:
    """A fresh code and the hash the workstation keeps of it."""
    code = make_code()
    return code, hash_code(code)


@cache
def _dummy_hash() -> str:
    """Verified when there is no code to check, so a refusal costs what a real check does."""
    return _hasher.hash("no-recovery-code-here")


def _matches(code_hash: str | None, code: str) -> bool:
    """Whether ``code`` is the one ``code_hash`` was made of (argon2's own comparison)."""
    try:
        return _hasher.verify(code_hash or _dummy_hash(), normalised(code)) and bool(code_hash)
    except (VerificationError, InvalidHashError):
        return False


def recover_admin(
    workspace: Workspace,
    username: str,
    code: str,
    new_password: str,
    *,
    sleep: Sleep = time.sleep,
) -> str:
    """Set ``username``'s password with the recovery code, unlock the account and end its
    sessions; the code is used up and the new one returned, to be shown once.

    No login is needed (this is the way back in): the code is the proof. The account must be
    an active administrator of this workstation's office; anything else is refused with the
    same words as a wrong code.
    """
    station = station_of(workspace)
    name = username.strip().lower()
    check_password(new_password, name)  # the rule's own words, before any code is tried
    with workspace.read() as session:
        stored = session.get_one(LocalIdentity, 1).recovery_code_hash
        row = session.scalar(
            select(Officer).where(Officer.office_id == station.office.id, Officer.username == name)
        )
        officer_id = row.id if row is not None else None
        failures = row.failed_logins if row is not None else 0
        is_admin = row is not None and row.active and row.role == Role.ADMIN
    sleep(delay_for(failures))  # a run of wrong codes slows the next, as wrong passwords do
    if not (_matches(stored, code) and is_admin):
        _refused(workspace, station, name, officer_id)
        raise NoRecoveryCode() if stored is None else RecoveryRefused()
    assert officer_id is not None
    password_hash = hash_password(new_password, name)  # argon2 before the write transaction
    code_next, hash_next = new_code()
    system = Actor.at_station(station, None)
    with workspace.write() as session:
        identity = session.get_one(LocalIdentity, 1)
        used = identity.recovery_code_hash != stored  # another program used it meanwhile
        if not used:
            officer = session.get_one(Officer, officer_id)
            was_locked = officer.locked_until is not None
            officer.password_hash = password_hash
            officer.failed_logins = 0
            officer.locked_until = None
            identity.recovery_code_hash = hash_next
            events: list[Event] = [
                OfficerPasswordSet(officer_id=officer.id, username=officer.username)
            ]
            if was_locked:
                events.append(OfficerUnlocked(officer_id=officer.id, username=officer.username))
            for event in events:
                record_change(
                    session,
                    workspace,
                    system,
                    event,
                    entity="officer",
                    entity_id=officer.username,
                    aggregate_id=officer.id,
                )
            end_sessions(session, workspace, system, officer, "password_set")
    if used:
        _refused(workspace, station, name, officer_id)
        raise RecoveryRefused()
    log.info("an administrator's password was set with the recovery code")
    return code_next


def new_recovery_code(workspace: Workspace, actor: Actor) -> str:
    """Replace this workstation's recovery code (administrator); the new one, shown once.

    For a workstation set up before codes existed, or a paper that may have been seen.
    """
    require(workspace, actor, Act.USERS)
    code, code_hash = new_code()
    with workspace.write() as session:
        session.get_one(LocalIdentity, 1).recovery_code_hash = code_hash
        station = station_of(workspace)
        record_change(
            session,
            workspace,
            actor,
            RecoveryCodeReplaced(),
            entity="workstation",
            entity_id=str(station.workstation.id),
            aggregate_id=station.workstation.id,
        )
    log.info("the recovery code was replaced by an administrator")
    return code


def _refused(
    workspace: Workspace, station: Station, name: str, officer_id: uuid.UUID | None
) -> None:
    """A wrong code, audited as a refused login by the workstation (the name typed proves
    nothing) and counted on the account, which slows its next login or recovery."""
    with workspace.write() as session:
        officer = session.get(Officer, officer_id) if officer_id is not None else None
        if officer is not None:
            officer.failed_logins += 1
            shown = officer.username
        else:
            shown = unknown_name(workspace, name)
        record_change(
            session,
            workspace,
            Actor.at_station(station, None),
            OfficerLoginFailed(username=shown[:USERNAME_KEPT]),
            entity="officer",
            entity_id=shown[:USERNAME_KEPT],
            aggregate_id=officer.id if officer is not None else station.office.id,
        )
