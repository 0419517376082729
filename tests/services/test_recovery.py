"""The sole administrator's way back in: the one-time recovery code made at set-up."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.core.errors import DeskError
from desk_app.core.roles import Role
from desk_app.services.auth import LOCK_AFTER, login
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import LoginFailed
from desk_app.services.permissions import NotPermitted
from desk_app.services.recovery import (
    ALPHABET,
    NoRecoveryCode,
    RecoveryRefused,
    new_recovery_code,
    recover_admin,
)
from desk_app.services.setup import initialise
from desk_app.services.users import add_officer
from desk_app.services.workstation import database_file, open_workstation, station_of
from desk_app.store.local import LocalIdentity
from desk_app.store.models import AuditEntry, Officer
from tests.factories import ADMIN_PASSWORD, SettableClock, office_setup

NEW_PASSWORD = "mat-khau-khoi-phuc"
CODE_SHAPE = re.compile(rf"[{ALPHABET}]{{5}}(-[{ALPHABET}]{{5}}){{3}}")
RELEASE_DB = Path(__file__).parents[1] / "store" / "data" / "release-0.1.0.sqlite3"


def no_wait(_seconds: float) -> None:
    """The throttle's sleep, recorded by the tests that look at it."""


def audit_actions(workspace: Workspace) -> list[tuple[str, str]]:
    with workspace.read() as session:
        rows = session.execute(select(AuditEntry.action, AuditEntry.entity_id)).all()
    return [(action, entity) for action, entity in rows]


def test_set_up_makes_a_code_and_keeps_only_its_hash(tmp_path: Path, clock: SettableClock) -> None:
    home = tmp_path / "new-home"
    code = initialise(home, office_setup(), now=clock)
    assert CODE_SHAPE.fullmatch(code)  # four groups of five, from the unambiguous symbols
    db_bytes = database_file(home).read_bytes()
    assert code.encode() not in db_bytes and code.replace("-", "").encode() not in db_bytes
    workspace = open_workstation(home, now=clock)
    try:
        with workspace.read() as session:
            stored = session.get_one(LocalIdentity, 1).recovery_code_hash
        assert stored is not None and stored.startswith("$argon2id$")
        # The paper's code, typed with spaces and in lower case, sets a password that logs in.
        typed = code.lower().replace("-", " ")
        recover_admin(workspace, "quantri", typed, NEW_PASSWORD, sleep=no_wait)
        assert login(workspace, "quantri", NEW_PASSWORD).username == "quantri"
    finally:
        workspace.close()


@pytest.fixture
def code(workspace: Workspace, actor: Actor) -> str:
    """This copy's own code: the template's was shown once and not kept."""
    return new_recovery_code(workspace, actor)


def test_the_code_sets_a_new_password_once_and_is_replaced(workspace: Workspace, code: str) -> None:
    after = recover_admin(workspace, "quantri", code, NEW_PASSWORD, sleep=no_wait)
    assert CODE_SHAPE.fullmatch(after) and after != code
    with pytest.raises(LoginFailed):
        login(workspace, "quantri", ADMIN_PASSWORD, sleep=no_wait)  # the old password is gone
    assert login(workspace, "quantri", NEW_PASSWORD).username == "quantri"
    assert ("officer.password_set", "quantri") in audit_actions(workspace)
    assert "officer.recovery_code_replaced" in [a for a, _ in audit_actions(workspace)]
    with pytest.raises(RecoveryRefused):  # used up
        recover_admin(workspace, "quantri", code, "mat-khau-lan-hai", sleep=no_wait)
    recover_admin(workspace, "quantri", after, "mat-khau-lan-hai", sleep=no_wait)  # the new one
    assert login(workspace, "quantri", "mat-khau-lan-hai").username == "quantri"


def test_a_wrong_code_is_refused_audited_and_slows_the_next_try(
    workspace: Workspace, code: str
) -> None:
    waits: list[float] = []
    for _ in range(3):
        with pytest.raises(RecoveryRefused):
            recover_admin(
                workspace, "quantri", "AAAAA-BBBBB-CCCCC-DDDDD", NEW_PASSWORD, sleep=waits.append
            )
    assert waits == [0.0, 0.5, 1.0]  # as wrong passwords do (services.auth.delay_for)
    assert audit_actions(workspace).count(("officer.login_failed", "quantri")) == 3
    assert login(workspace, "quantri", ADMIN_PASSWORD, sleep=no_wait)  # nothing changed
    # An unknown name is refused alike and audited as a digest, never as typed.
    with pytest.raises(RecoveryRefused):
        recover_admin(workspace, "matkhaucuatoi", code, NEW_PASSWORD, sleep=no_wait)
    entities = [entity for _action, entity in audit_actions(workspace)]
    assert "matkhaucuatoi" not in entities and any(e.startswith("?") for e in entities)


def test_a_locked_administrator_is_unlocked(workspace: Workspace, code: str) -> None:
    for _ in range(LOCK_AFTER):
        with pytest.raises(DeskError):
            login(workspace, "quantri", "sai-mat-khau-roi", sleep=no_wait)
    recover_admin(workspace, "quantri", code, NEW_PASSWORD, sleep=no_wait)
    assert login(workspace, "quantri", NEW_PASSWORD).username == "quantri"
    assert ("officer.unlocked", "quantri") in audit_actions(workspace)
    with workspace.read() as session:
        row = session.scalars(select(Officer).where(Officer.username == "quantri")).one()
        assert row.locked_until is None and row.failed_logins == 0


def test_only_an_administrators_password_is_set_and_only_an_admin_makes_a_code(
    workspace: Workspace, actor: Actor, code: str
) -> None:
    add_officer(workspace, actor, "quay1", Role.OFFICER, "Trần Văn Một", "quay-so-mot-2025")
    with pytest.raises(RecoveryRefused):
        recover_admin(workspace, "quay1", code, NEW_PASSWORD, sleep=no_wait)
    clerk = Actor.at_station(station_of(workspace), login(workspace, "quay1", "quay-so-mot-2025"))
    with pytest.raises(NotPermitted):
        new_recovery_code(workspace, clerk)
    # The code is still good for the administrator.
    recover_admin(workspace, "quantri", code, NEW_PASSWORD, sleep=no_wait)


def test_a_new_code_replaces_the_old_one(workspace: Workspace, actor: Actor, code: str) -> None:
    replaced = new_recovery_code(workspace, actor)
    with pytest.raises(RecoveryRefused):
        recover_admin(workspace, "quantri", code, NEW_PASSWORD, sleep=no_wait)
    recover_admin(workspace, "quantri", replaced, NEW_PASSWORD, sleep=no_wait)


def test_a_weak_new_password_is_refused_before_the_code_is_tried(
    workspace: Workspace, code: str
) -> None:
    with pytest.raises(DeskError, match="ít nhất 10 ký tự"):
        recover_admin(workspace, "quantri", code, "ngan", sleep=no_wait)
    recover_admin(workspace, "quantri", code, NEW_PASSWORD, sleep=no_wait)  # not used up


def test_a_workstation_from_an_old_release_has_no_code_until_one_is_made(
    tmp_path: Path, clock: SettableClock
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(RELEASE_DB, database_file(home))
    workspace = open_workstation(home, now=clock)
    try:
        with pytest.raises(NoRecoveryCode):
            recover_admin(workspace, "demo", "AAAAA-BBBBB-CCCCC-DDDDD", NEW_PASSWORD, sleep=no_wait)
        admin = Actor.at_station(station_of(workspace), login(workspace, "demo", "demo-1234"))
        made = new_recovery_code(workspace, admin)
        recover_admin(workspace, "demo", made, NEW_PASSWORD, sleep=no_wait)
        assert login(workspace, "demo", NEW_PASSWORD).username == "demo"
    finally:
        workspace.close()
