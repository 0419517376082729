"""The receiving officer signs the receipt by full name: an account without one cannot receive,
and an administrator can give it one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from desk_app.core.errors import ValidationError
from desk_app.core.officers import has_full_name
from desk_app.core.roles import Role
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.permissions import NotPermitted
from desk_app.services.users import set_full_name
from desk_app.store.local import OutboxEvent
from desk_app.store.models import Officer
from tests.factories import intake_request


@pytest.mark.parametrize("placeholder", ["quantri", "QUANTRI", "Quản trị viên", "  "])
def test_an_account_without_a_real_full_name_cannot_receive(
    workspace: Workspace, actor: Actor, placeholder: str
) -> None:
    assert actor.officer is not None
    nameless = replace(actor, officer=replace(actor.officer, full_name=placeholder))
    with pytest.raises(ValidationError) as refused:
        take_in(workspace, nameless, intake_request("1.001193", "Nguyễn Văn An"))
    assert "chưa có họ và tên đầy đủ" in refused.value.message.render()


def test_an_administrator_gives_an_account_its_full_name_audited(
    workspace: Workspace, actor: Actor
) -> None:
    assert set_full_name(workspace, actor, "QuanTri", " Phạm  Thị Hồng Nhung ") == (
        "Phạm Thị Hồng Nhung"
    )
    with workspace.read() as session:
        stored = session.scalars(select(Officer.full_name)).one()
        kinds = session.scalars(select(OutboxEvent.kind)).all()
    assert stored == "Phạm Thị Hồng Nhung"
    assert kinds[-1] == "officer.name_set"
    with pytest.raises(ValidationError):
        set_full_name(workspace, actor, "quantri", "quantri")  # the login is no name


def test_only_an_administrator_sets_a_name(workspace: Workspace, actor: Actor) -> None:
    assert actor.officer is not None
    clerk = replace(actor, officer=replace(actor.officer, role=Role.OFFICER))
    with pytest.raises(NotPermitted):
        set_full_name(workspace, clerk, "quantri", "Người Khác")


def test_real_names_count_and_placeholders_do_not() -> None:
    assert has_full_name("Phạm Thị Hồng", "quantri")
    assert not has_full_name("Quản Trị Viên", "admin")
    assert not has_full_name("admin", "admin")
