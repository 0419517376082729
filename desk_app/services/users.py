"""Officer accounts as scripts see them: who a CLI command acts as, and their full names."""

from __future__ import annotations

from sqlalchemy import select

from desk_app.core.errors import N_, DeskError
from desk_app.core.officers import check_full_name
from desk_app.core.roles import Act, Role
from desk_app.services.auth import officer_info
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.permissions import require
from desk_app.services.workstation import station_of
from desk_app.store.models import Officer
from desk_app.sync.events import OfficerNameSet


class UnknownOfficer(DeskError):
    msgid = N_("Không có cán bộ nào có tên đăng nhập {username}.")


class NoAdministrator(DeskError):
    msgid = N_("Chưa có tài khoản quản trị nào đang hoạt động; hãy chỉ rõ --user.")


def acting_officer(workspace: Workspace, username: str | None) -> OfficerInfo:
    """``username``'s account, or the first active administrator when none is named.

    Scripts run on the workstation itself, by someone who can already read its files; the
    audit log still names the account each change was made under.
    """
    office = station_of(workspace).office
    with workspace.read() as session:
        query = select(Officer).where(Officer.active, Officer.office_id == office.id)
        if username:
            query = query.where(Officer.username == username.strip().lower())
        else:
            query = query.where(Officer.role == Role.ADMIN).order_by(Officer.created_at)
        officer = session.scalars(query.limit(1)).first()
        if officer is None:
            raise UnknownOfficer(username=username) if username else NoAdministrator()
        return officer_info(officer)


def set_full_name(workspace: Workspace, actor: Actor, username: str, full_name: str) -> str:
    """Give an account the full name its receipts are signed with; audited and sent."""
    require(workspace, actor, Act.USERS)
    with workspace.write() as session:
        officer = session.scalars(
            select(Officer).where(
                Officer.office_id == actor.office.id,
                Officer.username == username.strip().lower(),
            )
        ).first()
        if officer is None:
            raise UnknownOfficer(username=username)
        officer.full_name = check_full_name(full_name, officer.username)
        record_change(
            session,
            workspace,
            actor,
            OfficerNameSet(
                officer_id=officer.id, username=officer.username, full_name=officer.full_name
            ),
            entity="officer",
            entity_id=officer.username,
            aggregate_id=officer.id,
        )
        return officer.full_name
