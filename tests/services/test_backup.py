"""Backups: verified online copies, a restore that refuses a stranger's file, the daily copy."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path

import pytest

from desk_app.core.errors import ValidationError
from desk_app.services.backup import (
    KEEP_DAILY,
    BackupOfAnotherStation,
    BackupUnusable,
    backup_age,
    daily_backup,
    daily_folder,
    restore_backup,
    take_backup,
    verify_backup,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.setup import initialise
from desk_app.services.workstation import database_file, open_workstation
from tests.factories import SettableClock, intake_request, office_setup

BIRTH = "1.001193"


def codes_in(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {row[0] for row in connection.execute("SELECT code FROM dossier")}


def test_a_backup_holds_the_dossiers_and_restores_them(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    kept = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    info = take_backup(workspace, actor, tmp_path / "usb" / "copy.sqlite3")
    assert info.path.is_file() and info.dossiers == 1 and info.audit_entries > 0
    assert not list(info.path.parent.glob(".*partial"))  # no temporary file left
    later = take_in(workspace, actor, intake_request(BIRTH, "Trần Thị Bích")).code

    restore_backup(workspace, actor, info.path)

    assert codes_in(database_file(workspace.home or Path())) == {kept}
    assert verify_backup(workspace, database_file(workspace.home or Path())).dossiers == 1
    aside = list((workspace.home or Path()).joinpath("backups").glob("before-restore-*.sqlite3"))
    assert len(aside) == 1 and codes_in(aside[0]) == {kept, later}  # nothing thrown away


def test_a_backup_never_overwrites_the_live_database(workspace: Workspace, actor: Actor) -> None:
    live = database_file(workspace.home or Path())
    with pytest.raises(ValidationError) as refused:
        take_backup(workspace, actor, live)
    assert refused.value.field == "file"
    assert verify_backup(workspace, live).audit_entries > 0


def test_a_backup_of_another_workstation_is_refused_unless_forced(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    initialise(other, office_setup(workstation=2))
    foreign = open_workstation(other)
    try:
        copy = take_backup(foreign, Actor.at_station(foreign.station, None), tmp_path / "o.db")  # type: ignore[arg-type]
    finally:
        foreign.close()
    mine = take_in(workspace, actor, intake_request(BIRTH, "Lê Văn Cường")).code

    with pytest.raises(BackupOfAnotherStation) as refused:
        restore_backup(workspace, actor, copy.path)
    assert "--force" in str(refused.value)
    assert mine in codes_in(database_file(workspace.home or Path()))  # untouched


def test_a_damaged_or_tampered_backup_is_refused_before_anything_is_replaced(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    mine = take_in(workspace, actor, intake_request(BIRTH, "Phạm Thị Dung")).code
    copy = take_backup(workspace, actor, tmp_path / "b.sqlite3").path
    with closing(sqlite3.connect(copy)) as connection:
        connection.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        connection.execute("UPDATE audit_entry SET actor = 'someone' WHERE seq = 1")
        connection.commit()
    with pytest.raises(BackupUnusable):
        restore_backup(workspace, actor, copy)
    garbage = tmp_path / "not-a-db.sqlite3"
    garbage.write_bytes(b"this is not a database" * 100)
    with pytest.raises(BackupUnusable):
        restore_backup(workspace, actor, garbage)
    assert mine in codes_in(database_file(workspace.home or Path()))


def test_the_daily_backup_runs_once_a_day_and_keeps_fourteen(
    workspace: Workspace, clock: SettableClock
) -> None:
    assert backup_age(workspace) is None
    first = daily_backup(workspace)
    assert first is not None and first.parent == daily_folder(workspace)
    assert daily_backup(workspace) is None  # a second start the same day
    assert backup_age(workspace) is not None
    for _day in range(KEEP_DAILY + 3):
        clock.advance(days=1)
        assert daily_backup(workspace) is not None
    kept = sorted(daily_folder(workspace).glob("desk-app-*.sqlite3"))
    assert len(kept) == KEEP_DAILY
    assert first not in kept  # the oldest went first
    clock.advance(days=2)
    age = backup_age(workspace)
    assert age is not None and age.days == 2


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from desk_app.services.auth import login
    from desk_app.services.context import Actor
    from desk_app.services.intake import take_in
    from desk_app.services.workstation import open_workstation, station_of
    from tests.factories import ADMIN_PASSWORD, intake_request

    workspace = open_workstation(Path(sys.argv[1]))
    officer = login(workspace, "quantri", ADMIN_PASSWORD)
    actor = Actor.at_station(station_of(workspace), officer)
    for number in range(int(sys.argv[2])):
        code = take_in(workspace, actor, intake_request("1.001193", f"Người thứ {number}")).code
        print(code, flush=True)
    workspace.close()
    """
)


def test_a_backup_taken_while_another_process_writes_restores_whole(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    """Issue 8 proof: every dossier committed before the backup began is in it, its chain
    verifies, while 200 intakes go on in another process."""
    home = workspace.home or Path()
    with subprocess.Popen(
        [sys.executable, "-c", WRITER, str(home), "200"],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).parents[2],
    ) as writer:
        assert writer.stdout is not None
        committed = [writer.stdout.readline().strip() for _ in range(40)]  # well under way
        before = set(committed)
        started = time.monotonic()
        copy = take_backup(workspace, actor, tmp_path / "during.sqlite3")
        took = time.monotonic() - started
        rest = writer.stdout.read().split()
        assert writer.wait(timeout=120) == 0
    assert len(set(committed + rest)) == 200
    in_copy = codes_in(copy.path)
    assert before <= in_copy, "a dossier committed before the backup is missing"
    assert took < 10

    # Restored into a fresh data folder of the same workstation: its chain verifies.
    restored = tmp_path / "restored"
    shutil.copytree(home, restored, ignore=shutil.ignore_patterns("*.sqlite3-*", "backups"))
    shutil.copyfile(copy.path, database_file(restored))
    again = open_workstation(restored)
    try:
        assert verify_backup(again, database_file(restored)).dossiers == len(in_copy)
    finally:
        again.close()
