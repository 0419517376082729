"""``desk-app backup``, ``restore`` and ``security-check`` through `main`, as an admin would."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.cli.conftest import cli
from tests.factories import ADMIN_PASSWORD


@pytest.fixture
def home(office_template: Path) -> Iterator[Path]:
    """A copy of the set-up workstation with the administrator logged in."""
    from desk_app.services.auth import login
    from desk_app.services.session import open_session
    from desk_app.services.workstation import open_workstation

    target = Path(os.environ["DESK_APP_HOME"])
    shutil.copytree(office_template, target)
    workspace = open_workstation(target)
    try:
        officer = login(workspace, "quantri", ADMIN_PASSWORD)
        open_session(workspace, officer, expires_at=datetime(2100, 1, 1, tzinfo=UTC))
    finally:
        workspace.close()
    yield target  # tests/cli/conftest.py removes the log handler `main` installs


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    shown = cli(capsys, *argv)
    return shown.code, shown.out, shown.err


def procedures(path: Path) -> int:
    with closing(sqlite3.connect(path)) as connection:
        return int(connection.execute("SELECT count(*) FROM procedure").fetchone()[0])


def test_backup_then_restore_brings_the_file_back(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "usb" / "today.sqlite3"
    code, out, err = run(capsys, "backup", str(target), "--json")
    assert code == 0, err
    assert json.loads(out)["file"] == str(target) and target.is_file()
    with closing(sqlite3.connect(home / "desk-app.sqlite3")) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("DELETE FROM procedure_component")  # a loss after the backup
        connection.execute("DELETE FROM procedure")
        connection.commit()

    code, out, err = run(capsys, "restore", str(target))
    assert code == 0, err
    assert "Đã khôi phục" in out
    assert procedures(home / "desk-app.sqlite3") == procedures(target) > 0
    assert list((home / "backups").glob("before-restore-*.sqlite3"))


def test_restore_refuses_what_is_not_a_backup(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_text("not a database")
    code, _out, err = run(capsys, "restore", str(bogus))
    assert code != 0
    assert "không phải là bản sao lưu dùng được" in err
    assert procedures(home / "desk-app.sqlite3") > 0


def test_security_check_says_what_is_wrong(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run(capsys, "security-check", "--json")
    report = json.loads(out)
    assert code != 0 and not report["ok"]  # no backup yet
    assert [f["check"] for f in report["findings"] if not f["ok"]] == ["backup"]

    assert run(capsys, "backup", str(tmp_path / "b.sqlite3"))[0] == 0
    code, out, _err = run(capsys, "security-check")
    assert code == 0, out
    assert "[LỖI]" not in out and "0 ngày kể từ lần sao lưu gần nhất" in out

    if os.name == "posix":
        (home / "desk-app.sqlite3").chmod(0o644)  # loosened by hand: opening fixes it
        code, out, _err = run(capsys, "security-check")
        assert code == 0 and "0644" not in out
        assert (home / "desk-app.sqlite3").stat().st_mode & 0o777 == 0o600
        (home / "settings.toml").write_text('language = "vi"\n')
        (home / "settings.toml").chmod(0o644)  # made by hand: reported, not hidden
        code, out, _err = run(capsys, "security-check")
        assert code != 0 and "0644" in out and "[LỖI]" in out
        (home / "settings.toml").chmod(0o600)
    with closing(sqlite3.connect(home / "desk-app.sqlite3")) as connection:
        connection.execute("DROP TRIGGER audit_entry_no_delete")
        connection.commit()
    code, out, _err = run(capsys, "security-check", "--json")
    failed = {f["check"] for f in json.loads(out)["findings"] if not f["ok"]}
    assert code != 0 and "triggers" in failed
    (home / "audit.key").unlink()  # new entries could no longer be signed
    code, out, _err = run(capsys, "security-check", "--json")
    failed = {f["check"] for f in json.loads(out)["findings"] if not f["ok"]}
    assert code != 0 and "key" in failed


def _dossier_with_a_changed_row(home: Path) -> str:
    """One dossier taken in, then its row edited outside the app: a record finding."""
    from desk_app.services.auth import login
    from desk_app.services.context import Actor
    from desk_app.services.intake import take_in
    from desk_app.services.workstation import open_workstation, station_of
    from tests.factories import intake_request

    workspace = open_workstation(home)
    try:
        officer = login(workspace, "quantri", ADMIN_PASSWORD)
        actor = Actor.at_station(station_of(workspace), officer)
        code = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An")).code
    finally:
        workspace.close()
    with closing(sqlite3.connect(home / "desk-app.sqlite3")) as connection:
        connection.execute("UPDATE dossier SET receipt_prints = 4 WHERE code = ?", (code,))
        connection.commit()
    return code


def test_a_backup_of_troubled_data_is_kept_with_a_warning(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _dossier_with_a_changed_row(home)
    target = tmp_path / "usb" / "today.sqlite3"
    status, out, err = run(capsys, "backup", str(target), "--json")
    assert status == 0 and target.is_file()
    assert json.loads(out)["findings"] == 1  # stdout stays one JSON document
    assert "phát hiện 1 vấn đề" in err and "desk-app audit verify" in err
    assert code not in err  # a count only

    status, out, err = run(capsys, "restore", str(target))
    assert status == 0 and "Đã khôi phục" in out and "desk-app audit verify" in err


def daily(home: Path) -> list[Path]:
    return sorted((home / "backups" / "daily").glob("desk-app-*.sqlite3"))


def test_the_first_login_of_the_day_takes_the_daily_backup(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    password = tmp_path / "password.txt"
    password.write_text(ADMIN_PASSWORD, encoding="utf-8")
    assert daily(home) == []
    status, out, err = run(capsys, "login", "quantri", "--password-file", str(password))
    assert status == 0, err
    [taken] = daily(home)
    assert f"Đã sao lưu hằng ngày vào {taken}." in out.splitlines()

    status, out, err = run(capsys, "login", "quantri", "--password-file", str(password))
    assert status == 0 and daily(home) == [taken] and "sao lưu" not in out + err


def test_a_login_with_the_usb_drive_unplugged_still_logs_in(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drive = tmp_path / "usb"  # not plugged in
    (home / "settings.toml").write_text(
        f"backup_folder = {json.dumps(str(drive / 'sao-luu'))}\n", encoding="utf-8"
    )
    password = tmp_path / "password.txt"
    password.write_text(ADMIN_PASSWORD, encoding="utf-8")
    status, out, err = run(capsys, "login", "quantri", "--password-file", str(password))
    assert status == 0 and out.startswith("Đã đăng nhập: quantri")
    assert "chưa sao lưu hằng ngày được" in err and "ổ USB chưa cắm" in err
    assert not drive.exists()
    assert run(capsys, "dossier", "today")[0] == 0  # the session works
