"""``desk-app dossier search|show|due`` and ``office set-due-soon`` through ``main`` on a copy of
the set-up workstation: filters, the whole history with the receipt printed and what comes
next, the work list's buckets, and plain refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import cli

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in

BIRTH = "1.001193"
MARITAL_STATUS = "1.004873"


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    run = cli(capsys, *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def _intake(capsys: pytest.CaptureFixture[str], procedure: str, name: str, *extra: str) -> str:
    return str(ok(capsys, "intake", "--procedure", procedure, "--name", name, *extra)["code"])


def test_search_with_filters(capsys: pytest.CaptureFixture[str]) -> None:
    duc = _intake(capsys, BIRTH, "Nguyễn Văn Đức", "--phone", "0912345678")
    an = _intake(capsys, MARITAL_STATUS, "Nguyễn Thị An")
    assert [r["code"] for r in ok(capsys, "dossier", "search", "duc")] == [duc]
    assert [r["code"] for r in ok(capsys, "dossier", "search", "0912 345 678")] == [duc]
    both = ok(capsys, "dossier", "search", "nguyen")
    assert [r["code"] for r in both] == [an, duc]  # newest first
    only = ok(capsys, "dossier", "search", "nguyen", "--procedure", MARITAL_STATUS)
    assert [r["code"] for r in only] == [an]
    assert ok(capsys, "dossier", "search", "--state", "returned") == []
    assert len(ok(capsys, "dossier", "search", "--state", "received")) == 2
    assert ok(capsys, "dossier", "search", "nguyen", "--to", "2000-01-01") == []
    plain = cli(capsys, "dossier", "search", "Đức")
    assert plain.code == 0 and plain.out.startswith(duc) and "Nguyễn Văn Đức" in plain.out


@pytest.mark.parametrize("typed", ["\x01\x02", '"*()'])
def test_search_text_without_letters_is_refused_in_plain_words(
    capsys: pytest.CaptureFixture[str], typed: str
) -> None:
    run = cli(capsys, "dossier", "search", typed)
    assert run.code == 1 and run.out == ""
    assert "chữ cái hay chữ số" in run.err and "Traceback" not in run.err


def test_a_bad_date_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "dossier", "search", "an", "--from", "15/07/2025")
    assert run.code == 1 and "YYYY-MM-DD" in run.err


def test_show_gives_the_whole_history_and_what_comes_next(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = _intake(capsys, MARITAL_STATUS, "Trần Thị Bích")
    assert cli(capsys, "receipt", code, "--out", str(tmp_path / "r.pdf")).code == 0
    assert ok(capsys, "dossier", "transfer", code, "--unit", "Phòng Tư pháp")
    shown = ok(capsys, "dossier", "show", code)
    assert shown["code"] == code and shown["handling_unit"] == "Phòng Tư pháp"
    acts = [(t["seq"], t["action"], t["from_state"], t["to_state"]) for t in shown["transitions"]]
    assert acts == [(1, "receive", None, "received"), (2, "transfer", "received", "in_progress")]
    assert [(p["kind"], p["print_number"]) for p in shown["printed"]] == [("receipt.printed", 1)]
    # Nothing scanned yet: every submitted component is missing, the dossier not digitised.
    digitisation = shown["digitisation"]
    assert not digitisation["digitised"] and digitisation["missing"]
    assert [a["action"] for a in shown["next_actions"]] == [
        "transfer",
        "request_supplement",
        "refuse",
        "apologise",
        "stop",
        "record_result",
    ]
    text = cli(capsys, "dossier", "show", code)
    assert text.code == 0
    for phrase in ("Quá trình xử lý:", "Phòng Tư pháp", "receipt.printed", "Việc có thể làm tiếp"):
        assert phrase in text.out
    # A scanner's line works as well as the code typed.
    assert ok(capsys, "dossier", "show", f" {code.lower()}\r")["code"] == code


def test_show_an_unknown_code_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "dossier", "show", "000.00.19.H26-250715-0999")
    assert run.code == 1 and "000.00.19.H26-250715-0999" in run.err


def test_due_lists_buckets_and_the_horizon_is_a_setting(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Received in July 2025 and never resolved: long overdue by the real clock.
    code = _intake(
        capsys, BIRTH, "Lê Thị Mai", "--received-at", "2025-07-18T16:40",
        "--backdate-reason", "Nhập lại hồ sơ giấy",
    )  # fmt: skip
    work = ok(capsys, "dossier", "due")
    assert work["counts"]["overdue"] == 1 and work["due_soon_days"] == 2
    assert [d["code"] for d in work["buckets"]["overdue"]["dossiers"]] == [code]
    assert set(work["buckets"]) == {
        "overdue", "due_today", "due_soon", "waiting_supplement", "ready_to_return",
    }  # fmt: skip
    text = cli(capsys, "dossier", "due")
    assert "Quá hạn: 1" in text.out and code in text.out
    assert ok(capsys, "office", "set-due-soon", "5") == {"due_soon_days": 5}
    assert ok(capsys, "dossier", "due")["due_soon_days"] == 5
    refused = cli(capsys, "office", "set-due-soon", "99")
    assert refused.code == 1 and "20" in refused.err
