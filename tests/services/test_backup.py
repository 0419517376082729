"""Backups: verified online copies, a restore that refuses a stranger's file, the daily copy."""

from __future__ import annotations

import json
import ntpath
import os
import posixpath
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from contextlib import closing
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Any

import pytest

from desk_app.core.errors import ValidationError
from desk_app.i18n import message
from desk_app.services.audit import audit_head, verify_audit
from desk_app.services.backup import (
    KEEP_DAILY,
    BackupFolderMissing,
    BackupOfAnotherStation,
    BackupUnusable,
    backup_age,
    daily_backup,
    daily_folder,
    is_live_database,
    read_only_uri,
    restore_backup,
    take_backup,
    verify_backup,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.receipts import count_receipt_print
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


def _audit_rows(path: Path) -> list[tuple[int, str, dict[str, Any]]]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT seq, action, payload FROM audit_entry ORDER BY seq")
        return [(seq, action, json.loads(payload)) for seq, action, payload in rows]


def _register_lines(path: Path) -> dict[str, tuple[str, int]]:
    with closing(sqlite3.connect(path)) as connection:
        rows = connection.execute("SELECT code, register_book, register_line FROM dossier")
        return {code: (book, line) for code, book, line in rows}


def test_a_restore_never_hands_out_a_printed_code_again_and_is_recorded(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    live = database_file(workspace.home or Path())
    kept = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    copy = take_backup(workspace, actor, tmp_path / "b.sqlite3").path
    backup_head = _audit_rows(copy)[-1][0]
    dropped = []
    for name in ("Trần Thị Bích", "Lê Văn Cường"):  # taken in, receipts printed, then lost
        code = take_in(workspace, actor, intake_request(BIRTH, name)).code
        count_receipt_print(workspace, actor, code)
        dropped.append(code)
    dropped_lines = {_register_lines(live)[code] for code in dropped}
    replaced = audit_head(workspace)
    assert replaced is not None

    restore_backup(workspace, actor, copy)
    after = take_in(workspace, actor, intake_request(BIRTH, "Phạm Thị Dung")).code

    assert after not in dropped and after != kept
    assert _register_lines(live)[after] not in dropped_lines  # the paper register too
    report = verify_audit(workspace)
    assert report.chain.ok and report.ok, report.findings
    restored = [entry for entry in _audit_rows(live) if entry[1] == "backup.restored"]
    assert len(restored) == 1
    seq, _action, payload = restored[0]
    aside = list((workspace.home or Path()).joinpath("backups").glob("before-restore-*.sqlite3"))
    assert seq == backup_head + 1  # the chain goes on from the backup's head
    assert payload["data"] == {
        "replaced_head_seq": replaced.seq,
        "replaced_head_hash": replaced.hash,
        "backup_head_seq": backup_head,
        "set_aside": aside[0].name,
        "dossiers": 1,
        "forced": False,
    }
    assert _audit_rows(aside[0])[-1][0] == replaced.seq  # the dropped entries are kept there
    with closing(sqlite3.connect(live)) as connection:
        mac = connection.execute("SELECT mac FROM audit_entry WHERE seq = ?", (seq,)).fetchone()
        queued = connection.execute(
            "SELECT count(*) FROM outbox_event WHERE kind = 'backup.restored'"
        ).fetchone()
    assert mac[0] and queued[0] == 1


def test_a_record_problem_is_counted_but_never_refuses_a_backup(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    live = database_file(workspace.home or Path())
    code = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    with closing(sqlite3.connect(live)) as connection:  # a row no longer what its events say
        connection.execute("UPDATE dossier SET receipt_prints = 3 WHERE code = ?", (code,))
        connection.commit()

    info = take_backup(workspace, actor, tmp_path / "b.sqlite3")
    assert info.path.is_file() and info.findings == 1 and info.dossiers == 1
    assert restore_backup(workspace, actor, info.path).findings == 1
    assert codes_in(live) == {code}

    with closing(sqlite3.connect(live)) as connection:  # a broken chain still refuses
        connection.execute("DROP TRIGGER audit_entry_no_update")
        connection.execute("UPDATE audit_entry SET actor = 'someone' WHERE seq = 1")
        connection.commit()
    with pytest.raises(BackupUnusable):
        take_backup(workspace, actor, tmp_path / "broken.sqlite3")
    assert not (tmp_path / "broken.sqlite3").exists()


STRANGE = "Sao lưu 50% #1?"  # every character a URI gives a meaning to, and Vietnamese letters


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (
            PureWindowsPath(rf"C:\Users\Hồng\{STRANGE}\desk-app.sqlite3"),
            "file:///C:/Users/H%E1%BB%93ng/Sao%20l%C6%B0u%2050%25%20%231%3F/desk-app.sqlite3",
        ),
        (
            PureWindowsPath(rf"\\may-chu\chia sẻ\{STRANGE}\desk-app.sqlite3"),
            "file:////may-chu/chia%20s%E1%BA%BB/Sao%20l%C6%B0u%2050%25%20%231%3F/desk-app.sqlite3",
        ),
        (
            PurePosixPath(f"/media/usb/{STRANGE}/desk-app.sqlite3"),
            "file:///media/usb/Sao%20l%C6%B0u%2050%25%20%231%3F/desk-app.sqlite3",
        ),
    ],
)
def test_the_read_only_uri_keeps_the_authority_empty(path: PurePath, uri: str) -> None:
    assert read_only_uri(path) == f"{uri}?mode=ro"


def test_the_read_only_uri_opens_any_name_and_a_share_style_path(tmp_path: Path) -> None:
    path = tmp_path / STRANGE / "Bản sao #2?.sqlite3"
    path.parent.mkdir()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("CREATE TABLE t (x TEXT)")
        connection.execute("INSERT INTO t VALUES ('có')")
        connection.commit()
    # "//tmp/…" is "/tmp/…" on Linux: the same URI form a \\server\share path takes.
    for shown in (path, PurePosixPath(f"/{path.as_posix()}")):
        with closing(sqlite3.connect(read_only_uri(shown), uri=True)) as copy:
            assert copy.execute("SELECT x FROM t").fetchone() == ("có",)
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                copy.execute("INSERT INTO t VALUES ('không')")
    as_uri = PureWindowsPath(r"\\may-chu\chia\x.sqlite3").as_uri()  # file://may-chu/chia/…
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect(f"{as_uri}?mode=ro", uri=True)


def test_a_backup_into_a_strangely_named_folder_verifies(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    code = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    info = take_backup(workspace, actor, tmp_path / STRANGE / "Bản sao #2?.sqlite3")
    assert info.dossiers == 1 and codes_in(info.path) == {code}


def test_the_live_database_is_recognised_whatever_its_case_or_link(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    live = database_file(workspace.home or Path())
    for name in ("DESK-APP.SQLITE3", "Desk-App.sqlite3-WAL"):
        assert is_live_database(live.with_name(name), live, normcase=ntpath.normcase)
        assert not is_live_database(live.with_name(name), live, normcase=posixpath.normcase)
    assert not is_live_database(tmp_path / "usb" / live.name, live, normcase=ntpath.normcase)

    code = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    link = tmp_path / "lien-ket.sqlite3"
    os.link(live, link)  # another name of the very same file
    with pytest.raises(ValidationError):
        take_backup(workspace, actor, link)
    assert os.path.samefile(link, live) and codes_in(live) == {code}


def _backup_folder(workspace: Workspace, folder: Path) -> None:
    workspace.settings = workspace.settings.model_copy(update={"backup_folder": folder})


def test_a_daily_backup_to_a_missing_drive_makes_no_folder_and_says_why(
    workspace: Workspace, tmp_path: Path
) -> None:
    drive = tmp_path / "usb"  # not plugged in
    _backup_folder(workspace, drive / "sao-luu")
    with pytest.raises(BackupFolderMissing) as missing:
        daily_backup(workspace)
    assert not drive.exists()
    assert "ổ USB chưa cắm" in str(missing.value) and str(drive / "sao-luu") in str(missing.value)
    assert "USB drive" in message(missing.value, "en")
    assert backup_age(workspace) is None

    drive.mkdir()  # plugged in: its folder is made, private
    taken = daily_backup(workspace)
    assert taken is not None and taken.parent == drive / "sao-luu"
    if os.name == "posix":
        assert stat.S_IMODE(taken.parent.stat().st_mode) == 0o700
