"""The office's shared rules: moved out of an old release's settings file only at its upgrade,
ignored in the settings file afterwards, and a bad stored value never stops a login."""

from __future__ import annotations

import logging
import shutil
import sqlite3
from datetime import time
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.rules import MAX_LOOKUP_URL, OfficeRules
from desk_app.services.auth import login
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.office_rules import (
    SETTINGS_IGNORED,
    SETTINGS_MIGRATED,
    migrate_settings_file,
)
from desk_app.services.receipts import receipt_pdf
from desk_app.services.workstation import database_file, open_workstation, station_of
from desk_app.store.local import OutboxEvent
from tests.factories import ADMIN_PASSWORD, SettableClock, intake_request, office_time

RELEASE_DB = Path(__file__).parents[1] / "store" / "data" / "release-0.1.0.sqlite3"
BIRTH = "1.001193"  # a procedure of the bundled catalogue, same-day
OLD_SETTINGS = 'language = "vi"\nafternoon_end = "16:30"\nsame_day_cutoff = "14:00"\n'


def _kinds(workspace: Workspace) -> list[str]:
    with workspace.read() as session:
        return list(session.scalars(select(OutboxEvent.kind).order_by(OutboxEvent.seq)))


def test_an_old_releases_settings_become_the_offices_rules_at_its_upgrade(
    tmp_path: Path, clock: SettableClock
) -> None:
    """A release from before migration 0002 kept the hours in settings.toml: the open that
    upgrades its database moves them once, with a notice, and the file keeps the rest."""
    home = tmp_path / "home"  # the data folder the settings are read from (DESK_APP_HOME)
    home.mkdir()
    shutil.copyfile(RELEASE_DB, database_file(home))
    settings_file = home / "settings.toml"
    settings_file.write_text(OLD_SETTINGS, encoding="utf-8")
    clock.current = office_time(2025, 7, 15, 14, 30)  # after this office's cut-off
    upgraded = open_workstation(home, now=clock)
    try:
        assert upgraded.notices[-1] == SETTINGS_MIGRATED  # the officer is told
        actor = Actor.at_station(station_of(upgraded), login(upgraded, "demo", "demo-1234"))
        record = take_in(upgraded, actor, intake_request(BIRTH, "Nguyễn Văn An"))
        assert "office.rules_changed" in _kinds(upgraded)  # audited and sent
    finally:
        upgraded.close()
    # Done the next working day, by the end of the afternoon the file gave.
    assert record.due_at.astimezone(OFFICE_TZ) == office_time(2025, 7, 16, 16, 30)
    assert settings_file.read_text(encoding="utf-8") == 'language = "vi"\n'
    assert "same_day_cutoff" in (home / "settings.toml.bak").read_text(encoding="utf-8")
    again = open_workstation(home, now=clock)
    try:
        assert SETTINGS_MIGRATED not in again.notices
        assert again.rules(actor.office.id).hours.same_day_cutoff == time(14, 0)
    finally:
        again.close()


def test_office_rules_in_the_settings_file_are_ignored_after_the_upgrade(
    workspace: Workspace, actor: Actor, clock: SettableClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Whoever can edit a text file is not an administrator: on a database already holding
    the rules, the file's keys change nothing, and the notice says how rules are changed."""
    assert workspace.home is not None
    settings_file = workspace.home / "settings.toml"
    written = OLD_SETTINGS + 'lookup_url = "https://lua-dao.example/{code}"\n'
    settings_file.write_text(written, encoding="utf-8")
    events_before = _kinds(workspace)
    with caplog.at_level(logging.WARNING):
        reopened = open_workstation(workspace.home, now=clock)
    try:
        assert reopened.notices == [SETTINGS_IGNORED]
        assert "desk-app office rules set" in SETTINGS_IGNORED
        assert reopened.rules(actor.office.id) == OfficeRules()  # nothing applied
        assert _kinds(reopened) == events_before  # no rules event
    finally:
        reopened.close()
    assert settings_file.read_text(encoding="utf-8") == written  # the file is left alone
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "afternoon_end" in logged and "lookup_url" in logged  # the keys' names
    assert "16:30" not in logged and "lua-dao" not in logged  # never their values


@pytest.mark.parametrize("upgraded_from", [None, "0002", "0004", "0005"])
def test_only_an_upgrade_from_before_the_rules_table_moves_the_keys(
    workspace: Workspace, actor: Actor, upgraded_from: str | None
) -> None:
    assert workspace.home is not None
    path = workspace.home / "settings.toml"
    path.write_text(OLD_SETTINGS, encoding="utf-8")
    system = Actor.at_station(station_of(workspace), None)
    notice = migrate_settings_file(workspace, system, path, upgraded_from=upgraded_from)
    assert notice == SETTINGS_IGNORED
    assert workspace.rules(actor.office.id).hours.afternoon_end == time(17, 0)
    notice = migrate_settings_file(workspace, system, path, upgraded_from="0001")
    assert notice == SETTINGS_MIGRATED
    assert workspace.rules(actor.office.id).hours.afternoon_end == time(16, 30)


def _store(workspace: Workspace, sql: str, *values: object) -> None:
    """Write the office's rules row behind the application's back, as another tool would."""
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        connection.execute(sql, values)


def test_an_over_long_stored_lookup_url_falls_back_and_login_still_works(
    workspace: Workspace, actor: Actor, clock: SettableClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Issue 8: a lookup URL too long for the QR made every read of the rules, and so every
    login, fail. Now only that field takes its default; the others are kept."""
    assert workspace.home is not None
    long_url = "https://tra-cuu.example/" + "x" * 3000
    _store(
        workspace,
        "UPDATE office_rules SET lookup_url = ?, afternoon_end = '16:30:00.000000'",
        long_url,
    )
    with caplog.at_level(logging.WARNING):
        reopened = open_workstation(workspace.home, now=clock)
        try:
            officer = login(reopened, "quantri", ADMIN_PASSWORD)
            rules = reopened.rules(actor.office.id)
            assert rules.lookup_url == "" and len(long_url) > MAX_LOOKUP_URL
            assert rules.hours.afternoon_end == time(16, 30)  # the rest of the rules kept
            at_station = Actor.at_station(station_of(reopened), officer)
            record = take_in(reopened, at_station, intake_request(BIRTH, "Nguyễn Văn An"))
            assert receipt_pdf(reopened, at_station, record.code).startswith(b"%PDF")
        finally:
            reopened.close()
    refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert refused and all("lookup_url" in line for line in refused)
    assert all("tra-cuu" not in r.getMessage() for r in caplog.records)  # no value logged


def test_hours_out_of_order_fall_back_field_by_field(
    workspace: Workspace, actor: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    """An afternoon ending before it starts: that end takes its default, the cut-off and the
    system name stored beside it stay."""
    _store(
        workspace,
        "UPDATE office_rules SET afternoon_end = '12:00:00.000000', "
        "same_day_cutoff = '14:00:00.000000', system_name = ?",
        "Một cửa Thanh Xuân",
    )
    with caplog.at_level(logging.WARNING):
        rules = workspace.rules(actor.office.id)
    assert rules.hours.afternoon_end == time(17, 0)
    assert rules.hours.same_day_cutoff == time(14, 0)
    assert rules.system_name == "Một cửa Thanh Xuân"
    assert any("afternoon_end" in r.getMessage() for r in caplog.records)
