"""Officer accounts, managed by an administrator: add, deactivate, passwords, full names, list;
a supervisor unlocks one. Each change is checked against the actor's role, audited and sent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.errors import N_, DeskError
from desk_app.core.officers import check_full_name, check_username
from desk_app.core.roles import Act, Role
from desk_app.services.auth import hash_password
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.services.session import end_sessions
from desk_app.store.models import Officer
from desk_app.sync.events import (
    Event,
    OfficerAdded,
    OfficerDeactivated,
    OfficerNameSet,
    OfficerPasswordSet,
    OfficerUnlocked,
)


class UnknownOfficer(DeskError):
    msgid = N_("Không có cán bộ nào có tên đăng nhập {username}.")


def set_full_name(workspace: Workspace, actor: Actor, username: str, full_name: str) -> str:
    """Give an account the full name its receipts are signed with; audited and sent."""
    require(workspace, actor, Act.USERS)
    with workspace.write() as session:
        officer = _account(session, actor, username)
        officer.full_name = check_full_name(full_name, officer.username)
        _record(
            session,
            workspace,
            actor,
            officer,
            OfficerNameSet(
                officer_id=officer.id, username=officer.username, full_name=officer.full_name
            ),
        )
        return officer.full_name


class UsernameTaken(DeskError):
    msgid = N_("Đã có tài khoản có tên đăng nhập {username}.")


class LastAdministrator(DeskError):
    msgid = N_(
        "Không vô hiệu hóa được {username}: đây là tài khoản quản trị cuối cùng còn hoạt động."
    )


@dataclass(frozen=True)
class Account:
    """An account as the list shows it (never its hash)."""

    username: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    created_at: datetime


def _record(
    session: Session, workspace: Workspace, actor: Actor, officer: Officer, event: Event
) -> None:
    """An account's change, audited and sent under the account's own name."""
    record_change(
        session,
        workspace,
        actor,
        event,
        entity="officer",
        entity_id=officer.username,
        aggregate_id=officer.id,
    )


def _clear_lock(officer: Officer) -> None:
    officer.failed_logins = 0
    officer.locked_until = None


def _account(session: Session, actor: Actor, username: str) -> Officer:
    officer = session.scalars(
        select(Officer).where(
            Officer.office_id == actor.office.id,
            Officer.username == username.strip().lower(),
        )
    ).first()
    if officer is None:
        raise UnknownOfficer(username=username.strip().lower())
    return officer


def add_officer(
    workspace: Workspace,
    actor: Actor,
    username: str,
    role: Role,
    full_name: str,
    password: str,
) -> Account:
    """Open an account in the actor's office (administrator)."""
    require(workspace, actor, Act.USERS)
    name = check_username(username)
    signed = check_full_name(full_name, name)
    password_hash = hash_password(password, name)  # argon2 before the write transaction
    with workspace.write() as session:
        taken = session.scalar(
            select(func.count())
            .select_from(Officer)
            .where(Officer.office_id == actor.office.id, Officer.username == name)
        )
        if taken:
            raise UsernameTaken(username=name)
        officer = Officer(
            office_id=actor.office.id,
            username=name,
            full_name=signed,
            role=Role(role),
            password_hash=password_hash,
            active=True,
            failed_logins=0,
            created_at=workspace.now(),
        )
        session.add(officer)
        session.flush()
        _record(
            session,
            workspace,
            actor,
            officer,
            OfficerAdded(officer_id=officer.id, username=name, full_name=signed, role=role),
        )
        return _as_account(officer)


def deactivate(workspace: Workspace, actor: Actor, username: str) -> None:
    """The account can no longer log in (administrator); the last active admin stays."""
    require(workspace, actor, Act.USERS)
    with workspace.write() as session:
        officer = _account(session, actor, username)
        if not officer.active:
            return
        if officer.role == Role.ADMIN:
            admins = session.scalar(
                select(func.count())
                .select_from(Officer)
                .where(
                    Officer.office_id == actor.office.id,
                    Officer.role == Role.ADMIN,
                    Officer.active,
                )
            )
            if (admins or 0) <= 1:
                raise LastAdministrator(username=officer.username)
        officer.active = False
        _record(
            session,
            workspace,
            actor,
            officer,
            OfficerDeactivated(officer_id=officer.id, username=officer.username),
        )
        end_sessions(session, workspace, actor, officer, "deactivated")


def set_password(workspace: Workspace, actor: Actor, username: str, password: str) -> None:
    """Replace an account's password (administrator); its lock, its count of wrong tries and
    its open sessions go."""
    require(workspace, actor, Act.USERS)
    name = username.strip().lower()
    password_hash = hash_password(password, name)
    with workspace.write() as session:
        officer = _account(session, actor, name)
        officer.password_hash = password_hash
        _clear_lock(officer)
        _record(
            session,
            workspace,
            actor,
            officer,
            OfficerPasswordSet(officer_id=officer.id, username=officer.username),
        )
        end_sessions(session, workspace, actor, officer, "password_set")


def unlock(workspace: Workspace, actor: Actor, username: str) -> None:
    """Lift an account's lock after too many wrong passwords (supervisor or administrator)."""
    require(workspace, actor, Act.UNLOCK_ACCOUNT)
    with workspace.write() as session:
        officer = _account(session, actor, username)
        _clear_lock(officer)
        _record(
            session,
            workspace,
            actor,
            officer,
            OfficerUnlocked(officer_id=officer.id, username=officer.username),
        )


def list_officers(workspace: Workspace, actor: Actor) -> list[Account]:
    """The office's accounts, by login name (administrator)."""
    require(workspace, actor, Act.USERS)
    with workspace.read() as session:
        rows = session.scalars(
            select(Officer).where(Officer.office_id == actor.office.id).order_by(Officer.username)
        ).all()
        return [_as_account(row) for row in rows]


def _as_account(row: Officer) -> Account:
    return Account(
        row.username, row.full_name, row.role, row.active, row.locked_until, row.created_at
    )
