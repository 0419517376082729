"""Logins, their throttle and lock, sessions, the password rule, and who may manage accounts."""

from __future__ import annotations

import json
import os
import sys
import uuid
from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import ValidationError
from desk_app.core.roles import Role
from desk_app.i18n import message
from desk_app.paths import resources_dir
from desk_app.services.auth import (
    LOCK_AFTER,
    AccountLocked,
    check_password,
    common_passwords,
    delay_for,
    login,
)
from desk_app.services.catalogue import import_catalogue
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import LoginFailed
from desk_app.services.permissions import NotPermitted
from desk_app.services.session import (
    SESSION_FILE,
    NotLoggedIn,
    SessionEnded,
    SessionExpired,
    SessionRefused,
    close_session,
    current_officer,
    end_of_day,
    open_session,
)
from desk_app.services.users import (
    LastAdministrator,
    UsernameTaken,
    add_officer,
    deactivate,
    list_officers,
    set_password,
    unlock,
)
from desk_app.services.workstation import station_of
from desk_app.store.models import AuditEntry
from tests.factories import ADMIN_PASSWORD, SettableClock, office_time

CLERK_PASSWORD = "quay-so-mot-2025"
LEAD_PASSWORD = "lanh-dao-bo-phan"


class Sleeps(list[float]):
    """The waits login asked for, without waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def audit_actions(workspace: Workspace) -> list[str]:
    with workspace.read() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)))


def as_role(workspace: Workspace, actor: Actor, username: str, role: Role, password: str) -> Actor:
    add_officer(workspace, actor, username, role, "Nguyễn Văn Quầy", password)
    return Actor.at_station(station_of(workspace), login(workspace, username, password))


def test_a_login_is_audited_and_a_wrong_password_too_without_the_password(
    workspace: Workspace,
) -> None:
    sleeps = Sleeps()
    with pytest.raises(LoginFailed):
        login(workspace, "quantri", "sai-mat-khau-roi", sleep=sleeps)
    with pytest.raises(LoginFailed):
        login(workspace, "ai-do", "sai-mat-khau-roi", sleep=sleeps)
    officer = login(workspace, "QuanTri", ADMIN_PASSWORD, sleep=sleeps)
    assert officer.username == "quantri" and officer.role is Role.ADMIN
    # The unknown name waits as a fresh account would; the account's second try waited for its
    # first failure.
    assert sleeps == [0.0, 0.0, 0.5]
    actions = audit_actions(workspace)
    assert actions[-3:] == ["officer.login_failed", "officer.login_failed", "officer.logged_in"]
    with workspace.read() as session:
        payloads = session.scalars(select(AuditEntry.payload)).all()
    assert not any("sai-mat-khau" in p for p in payloads)
    # A name that is no account may be a password typed in the wrong box: never kept as typed.
    assert not any("ai-do" in p for p in payloads)
    assert sum('"username":"?' in p for p in payloads) == 1


def test_the_delay_grows_and_stops_at_five_seconds() -> None:
    assert [delay_for(n) for n in (0, 1, 2, 9, 10, 30)] == [0.0, 0.5, 1.0, 4.5, 5.0, 5.0]


def test_ten_wrong_passwords_lock_the_account_until_a_supervisor_unlocks_it(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    lead = as_role(workspace, actor, "lanhdao", Role.SUPERVISOR, LEAD_PASSWORD)
    clerk_actor = as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    sleeps = Sleeps()
    for _ in range(LOCK_AFTER - 1):
        with pytest.raises(LoginFailed):
            login(workspace, "quay1", "khong-phai-mat-khau", sleep=sleeps)
    with pytest.raises(AccountLocked, match="khóa"):
        login(workspace, "quay1", "khong-phai-mat-khau", sleep=sleeps)
    # The 11th try, with the right password, is refused while the lock lasts.
    with pytest.raises(AccountLocked) as locked:
        login(workspace, "quay1", CLERK_PASSWORD, sleep=sleeps)
    assert "09:20" in message(locked.value, "vi")  # 15 minutes after 09:05
    assert max(sleeps) == 4.5
    assert "officer.locked" in audit_actions(workspace)
    # An officer cannot lift a lock; a supervisor can, and the password works again.
    with pytest.raises(NotPermitted):
        unlock(workspace, clerk_actor, "quay1")
    unlock(workspace, lead, "quay1")
    assert login(workspace, "quay1", CLERK_PASSWORD, sleep=sleeps).username == "quay1"
    assert audit_actions(workspace)[-2:] == ["officer.unlocked", "officer.logged_in"]


def test_a_lock_runs_out_after_fifteen_minutes(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    for _ in range(LOCK_AFTER):
        with pytest.raises((LoginFailed, AccountLocked)):
            login(workspace, "quay1", "khong-phai-mat-khau", sleep=lambda _s: None)
    clock.advance(minutes=14)
    with pytest.raises(AccountLocked):
        login(workspace, "quay1", CLERK_PASSWORD, sleep=lambda _s: None)
    clock.advance(minutes=2)
    sleeps = Sleeps()
    assert login(workspace, "quay1", CLERK_PASSWORD, sleep=sleeps).username == "quay1"
    assert sleeps == [0.0]  # a fresh run of tries


def test_tries_made_in_parallel_cannot_pass_the_lock(workspace: Workspace, actor: Actor) -> None:
    """Twenty wrong passwords at once (threads sharing the data folder, as several windows or a
    script would): each try is counted before its password is checked, so no more than
    LOCK_AFTER are ever checked and the account ends locked."""
    from concurrent.futures import ThreadPoolExecutor

    as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)

    def attempt(_: int) -> str:
        try:
            login(workspace, "quay1", "khong-phai-mat-khau", sleep=lambda _s: None)
        except AccountLocked:
            return "locked"
        except LoginFailed:
            return "failed"
        return "in"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert outcomes.count("in") == 0 and outcomes.count("failed") <= LOCK_AFTER - 1
    with pytest.raises(AccountLocked):
        login(workspace, "quay1", CLERK_PASSWORD, sleep=lambda _s: None)
    with workspace.read() as session:
        checked = [
            json.loads(p)["data"]["while_locked"]
            for p in session.scalars(
                select(AuditEntry.payload).where(AuditEntry.action == "officer.login_failed")
            )
        ]
    assert checked.count(False) == LOCK_AFTER  # passwords actually checked


def test_a_try_beyond_the_counted_ones_is_refused_before_any_check(
    workspace: Workspace, actor: Actor
) -> None:
    """LOCK_AFTER tries counted and still being checked (argon2 takes a while): the next one
    is refused at once, its password never checked, even though no lock is set yet (CI once
    saw an eleventh try checked when threads counted faster than they verified)."""
    from desk_app.services.auth import _count_attempt
    from desk_app.services.workstation import station_of

    as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    station = station_of(workspace)
    for _ in range(LOCK_AFTER):
        _count_attempt(workspace, station, "quay1")  # counted, not yet checked
    with pytest.raises(AccountLocked):
        login(workspace, "quay1", CLERK_PASSWORD, sleep=lambda _s: None)  # even the right one
    with workspace.read() as session:
        refused = [
            json.loads(p)["data"]["while_locked"]
            for p in session.scalars(
                select(AuditEntry.payload).where(AuditEntry.action == "officer.login_failed")
            )
        ]
    assert refused == [True]


def test_a_name_that_is_no_account_waits_and_locks_like_one(workspace: Workspace) -> None:
    """Neither the delays nor the lock tell an unknown name from a real account."""
    seen: dict[str, tuple[list[float], list[str]]] = {}
    for name in ("quantri", "khong-co-ai"):
        sleeps, outcomes = Sleeps(), []
        for _ in range(LOCK_AFTER + 1):
            try:
                login(workspace, name, CLERK_PASSWORD, sleep=sleeps)  # wrong for both
            except AccountLocked:
                outcomes.append("locked")
            except LoginFailed:
                outcomes.append("failed")
        seen[name] = (list(sleeps), outcomes)
    assert seen["quantri"] == seen["khong-co-ai"]
    assert seen["quantri"][1] == ["failed"] * (LOCK_AFTER - 1) + ["locked", "locked"]


def test_an_officer_cannot_import_a_catalogue_and_the_refusal_is_audited(
    workspace: Workspace, actor: Actor
) -> None:
    clerk = as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    with pytest.raises(NotPermitted, match="không được phép sửa danh mục"):
        import_catalogue(workspace, clerk, resources_dir() / "catalogue" / "procedures.json")
    assert audit_actions(workspace)[-1] == "access.refused"


def test_accounts_are_managed_by_an_administrator_only(workspace: Workspace, actor: Actor) -> None:
    lead = as_role(workspace, actor, "lanhdao", Role.SUPERVISOR, LEAD_PASSWORD)
    with pytest.raises(NotPermitted):
        add_officer(workspace, lead, "quay2", Role.OFFICER, "Trần Văn Hai", CLERK_PASSWORD)
    with pytest.raises(NotPermitted):
        list_officers(workspace, lead)
    with pytest.raises(UsernameTaken):
        add_officer(workspace, actor, "LanhDao", Role.OFFICER, "Trần Văn Hai", CLERK_PASSWORD)
    set_password(workspace, actor, "lanhdao", "mat-khau-moi-hon")
    with pytest.raises(LoginFailed):
        login(workspace, "lanhdao", LEAD_PASSWORD, sleep=lambda _s: None)
    deactivate(workspace, actor, "lanhdao")
    with pytest.raises(LoginFailed):
        login(workspace, "lanhdao", "mat-khau-moi-hon", sleep=lambda _s: None)
    with pytest.raises(LastAdministrator):
        deactivate(workspace, actor, "quantri")
    listed = {a.username: (a.role, a.active) for a in list_officers(workspace, actor)}
    assert listed == {"lanhdao": (Role.SUPERVISOR, False), "quantri": (Role.ADMIN, True)}
    actions = audit_actions(workspace)
    for kind in ("officer.added", "officer.password_set", "officer.deactivated"):
        assert kind in actions
    with workspace.read() as session:
        payloads = session.scalars(select(AuditEntry.payload)).all()
    assert not any("mat-khau-moi-hon" in p or "argon2" in p for p in payloads)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("ngan-qua", "ít nhất 10"),
        ("Quay1Quay1", "trùng với tên đăng nhập"),
        ("PassWord123", "quá phổ biến"),
        ("QWERTYUIOP", "quá phổ biến"),
    ],
)
def test_the_password_rule(password: str, reason: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check_password(password, "quay1quay1")
    assert reason in message(refused.value, "vi")


def test_the_common_list_is_lower_case_and_the_test_passwords_pass() -> None:
    listed = common_passwords()
    assert len(listed) >= 90 and all(p == p.lower() for p in listed)
    for password in (ADMIN_PASSWORD, CLERK_PASSWORD, "demo-12345"):
        check_password(password, "quantri")


def test_a_session_names_the_officer_until_the_end_of_the_working_day(
    workspace: Workspace, clock: SettableClock
) -> None:
    close_session(workspace)  # the template's own
    with pytest.raises(NotLoggedIn):
        current_officer(workspace)
    officer = login(workspace, "quantri", ADMIN_PASSWORD, sleep=lambda _s: None)
    session = open_session(workspace, officer)
    assert session.expires_at == office_time(2025, 7, 15, 17, 0)
    assert current_officer(workspace) == officer
    clock.advance(hours=8)  # 17:05: the day is over
    with pytest.raises(SessionExpired):
        current_officer(workspace)
    assert end_of_day(workspace, clock()) == office_time(2025, 7, 16, 0, 0)
    open_session(workspace, officer)
    assert close_session(workspace) and not close_session(workspace)
    with pytest.raises(NotLoggedIn):
        current_officer(workspace)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_the_session_file_is_private_and_the_database_keeps_only_a_hash(
    workspace: Workspace,
) -> None:
    assert workspace.home is not None
    open_session(workspace, login(workspace, "quantri", ADMIN_PASSWORD, sleep=lambda _s: None))
    path = workspace.home / SESSION_FILE
    assert os.stat(path).st_mode & 0o777 == 0o600
    token = json.loads(path.read_text(encoding="utf-8"))["token"]
    database = (workspace.home / "desk-app.sqlite3").read_bytes()
    assert token.encode() not in database
    assert not (workspace.home / "session.key").exists()


def test_a_hand_edited_or_made_up_session_is_refused(workspace: Workspace, actor: Actor) -> None:
    assert workspace.home is not None and actor.officer is not None
    admin_session = open_session(workspace, actor.officer)
    clerk = as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    assert clerk.officer is not None
    open_session(workspace, clerk.officer)
    path = workspace.home / SESSION_FILE
    stored = json.loads(path.read_text(encoding="utf-8"))
    for edit in (
        {"session_id": str(admin_session.session_id)},  # the administrator's, without its token
        {"token": "0" * 64},
        {"session_id": str(uuid.uuid4())},  # made up, or copied from another workstation
        {"officer_id": str(actor.officer.id)},  # the older file's fields mean nothing now
    ):
        path.write_text(json.dumps({**stored, **edit}), encoding="utf-8")
        with pytest.raises(SessionRefused):
            current_officer(workspace)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(SessionRefused):
        current_officer(workspace)


def test_a_copied_session_stops_at_logout_password_change_and_deactivation(
    workspace: Workspace, actor: Actor
) -> None:
    assert workspace.home is not None
    clerk = as_role(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    assert clerk.officer is not None
    path = workspace.home / SESSION_FILE
    for end in (
        lambda: close_session(workspace),
        lambda: set_password(workspace, actor, "quay1", "mat-khau-moi-cua-quay-1"),
        lambda: deactivate(workspace, actor, "quay1"),
    ):
        open_session(workspace, clerk.officer)
        copy = path.read_bytes()
        assert current_officer(workspace).username == "quay1"
        end()
        path.write_bytes(copy)  # the copy someone kept
        with pytest.raises(SessionEnded):
            current_officer(workspace)
    with workspace.read() as session:
        reasons = [
            json.loads(p)["data"]["reason"]
            for p in session.scalars(
                select(AuditEntry.payload).where(AuditEntry.action == "officer.logged_out")
            )
        ]
    assert reasons == ["logout", "password_set", "deactivated"]


def test_a_login_near_closing_time_lasts_an_hour(workspace: Workspace) -> None:
    closing = workspace.rules(station_of(workspace).office.id).hours.afternoon_end
    day = datetime(2025, 7, 15, tzinfo=OFFICE_TZ)
    five_before = datetime.combine(day.date(), closing, OFFICE_TZ) - timedelta(minutes=5)
    assert end_of_day(workspace, five_before) == five_before + timedelta(hours=1)
    morning = five_before.replace(hour=8, minute=0)
    assert end_of_day(workspace, morning) == datetime.combine(day.date(), closing, OFFICE_TZ)


def test_an_officer_role_change_is_not_taken_from_the_session(
    workspace: Workspace, actor: Actor
) -> None:
    """The role comes from the database on every command, never from the file."""
    assert actor.officer is not None
    open_session(workspace, replace(actor.officer, role=Role.OFFICER))
    assert current_officer(workspace).role is Role.ADMIN
