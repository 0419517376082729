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
