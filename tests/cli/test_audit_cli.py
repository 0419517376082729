"""`desk-app audit head` and `audit verify [--head SEQ:HASH]` as an inspector runs them."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from desk_app.services.workstation import database_file
from tests.cli.conftest import cli

pytestmark = pytest.mark.integration  # a real SQLite file

HEAD = re.compile(r"(\d+):([0-9a-f]{64})\n")


def _english(home: Path) -> None:
    (home / "settings.toml").write_text('language = "en"\n', encoding="utf-8")


def _intake(capsys: pytest.CaptureFixture[str], name: str) -> str:
    run = cli(capsys, "intake", "--procedure", "1.001193", "--name", name, "--json")
    assert run.code == 0, run.err
    return str(json.loads(run.out)["code"])


def _sql(home: Path, script: str) -> None:
    with sqlite3.connect(database_file(home)) as connection:
        connection.executescript(script)
    connection.close()


def test_head_is_printed_and_verifies(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _intake(capsys, "Lê Văn Tám")
    run = cli(capsys, "audit", "head")
    assert run.code == 0, run.err
    match = HEAD.fullmatch(run.out)
    assert match is not None
    as_json = json.loads(cli(capsys, "audit", "head", "--json").out)
    assert (as_json["seq"], as_json["hash"]) == (int(match[1]), match[2])
    _intake(capsys, "Lê Văn Chín")
    verified = cli(capsys, "audit", "verify", "--head", run.out.strip())
    assert verified.code == 0, verified.err
    assert verified.out.startswith("Chuỗi nhật ký toàn vẹn")


def test_badly_written_head_is_refused_plainly(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _english(home)
    run = cli(capsys, "audit", "verify", "--head", "12-abc")
    assert run.code != 0
    assert "SEQ:HASH" in run.err and "Traceback" not in run.err


def test_tampered_database_is_reported_by_code_only(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _english(home)
    first = _intake(capsys, "Lê Văn Tám")
    second = _intake(capsys, "Trần Thị Mai")
    head = cli(capsys, "audit", "head").out.strip()  # an anchor kept elsewhere
    seq = int(head.split(":")[0])
    # A row edited, then the newest entry deleted (the triggers dropped to do it).
    _sql(
        home,
        "UPDATE dossier SET applicant_name = 'Lê Văn Bảy', due_at = '2025-09-01 10:00:00.000000' "
        f"WHERE code = '{first}';"
        "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete;"
        f"DELETE FROM audit_entry WHERE seq = {seq};",
    )
    run = cli(capsys, "audit", "verify", "--head", head)
    print(run.err)  # shown with -s: the report's sample output
    assert run.code != 0
    lines = run.err.splitlines()
    assert f"Dossier {first} differs from the audit log in: applicant_name, due_at." in lines
    assert (
        f"Dossier {second} is in the database but the audit log does not record its intake."
        in lines
    )
    assert (
        f"Entry {seq} of the recorded head is no longer in the audit log: "
        "the last entries were deleted." in lines
    )
    assert any("audit_entry_no_update" in line for line in lines)
    assert any("audit_entry_no_delete" in line for line in lines)
    for personal in ("Lê Văn", "Trần Thị", "Bảy"):
        assert personal not in run.err


def test_unparseable_entry_is_named_not_an_unexpected_error(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _english(home)
    _intake(capsys, "Lê Văn Tám")
    seq = int(cli(capsys, "audit", "head").out.split(":")[0])
    _sql(
        home,
        "DROP TRIGGER audit_entry_no_update;"
        f"UPDATE audit_entry SET payload = 'garbage' WHERE seq = {seq};",
    )
    run = cli(capsys, "audit", "verify")
    assert run.code != 0
    assert f"Audit entry {seq} (dossier.received) cannot be read" in run.err
    assert "unexpected" not in run.err.lower() and "Traceback" not in run.err
