"""``desk-app ticket`` and ``desk-app queue`` on a copy of the set-up workstation, through
``main``: numbers, calling order, serving, transfers, refusals, the day's figures and roles."""

from __future__ import annotations

import json
import socket
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import cli, use_language, vietnamese_letters

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    """``desk-app ARGV --json`` that must succeed: its document."""
    run = cli(capsys, *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """``desk-app ARGV`` that must be refused plainly: exit 1, nothing on stdout; its words."""
    run = cli(capsys, *argv)
    assert run.code == 1, run.out
    assert run.out == ""
    assert "Traceback" not in run.err
    return run.err.strip()


def labels(capsys: pytest.CaptureFixture[str], *argv: str) -> list[str]:
    return [t["label"] for t in ok(capsys, "ticket", "list", *argv)]


def seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def test_numbers_run_per_area_and_the_ticket_says_who_waits_ahead(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = ok(capsys, "ticket", "issue", "A")
    second = ok(capsys, "ticket", "issue", "a")
    assert (first["label"], second["label"]) == ("A001", "A002")
    assert (first["waiting_ahead"], second["waiting_ahead"]) == (0, 1)
    assert first["area"] == "A" and first["area_name"] == "Chứng thực"
    assert first["state"] == "waiting" and first["priority"] is None
    assert first["source"] == "command_line" and first["printed"] is None  # no printer set
    assert datetime.fromisoformat(first["issued_at"]).utcoffset() == timedelta(0)  # UTC
    shown = cli(capsys, "ticket", "issue", "B", "--priority", "elderly")
    assert shown.code == 0, shown.err
    assert shown.out.splitlines() == [
        "Số B001, khu vực B Hộ tịch: 0 người đang chờ trước.",
        "Ưu tiên: người cao tuổi",
    ]


def test_a_counter_calls_serves_and_finishes_with_the_dossier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "ticket", "issue", "A")
    ok(capsys, "ticket", "issue", "A")
    called = cli(capsys, "ticket", "call", "--counter", "2")
    assert called.code == 0, called.err
    assert called.out.strip() == "Mời số A001 đến quầy 2 (khu vực A Chứng thực)."
    recalled = ok(capsys, "ticket", "recall", "a1", "--counter", "2")
    assert (recalled["label"], recalled["calls"], recalled["state"]) == ("A001", 2, "called")
    # Another counter cannot serve the citizen counter 2 called.
    assert "quầy 2 phục vụ" in refused(capsys, "ticket", "start", "A001", "--counter", "5")
    started = ok(capsys, "ticket", "start", "A001", "--counter", "2")
    assert started["state"] == "serving" and started["officer"] == "quantri"
    finished = cli(
        capsys, "ticket", "finish", "A001", "--counter", "2", "--dossier", "000.00.19.h26-1"
    )
    assert finished.out.splitlines() == [
        "Đã phục vụ xong số A001 tại quầy 2.",
        "Hồ sơ: 000.00.19.H26-1",
    ]
    shown = ok(capsys, "ticket", "show", "A001")
    assert shown["state"] == "served" and shown["counter"] == "2"
    assert shown["dossier_code"] == "000.00.19.H26-1"
    assert shown["finished_at"] is not None
    # A double-pressed "finish" is refused in plain words and changes nothing.
    assert "A001" in refused(capsys, "ticket", "finish", "A001", "--counter", "2")
    assert ok(capsys, "ticket", "show", "A001") == shown
    assert labels(capsys) == ["A002"]


def test_the_counter_comes_from_the_settings_or_must_be_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(capsys, "ticket", "issue", "A")
    assert "--counter" in refused(capsys, "ticket", "call")
    assert labels(capsys) == ["A001"]  # still waiting
    monkeypatch.setenv("DESK_APP_COUNTER", "4")
    assert ok(capsys, "ticket", "call")["counter"] == "4"


def test_a_citizen_who_does_not_come_is_marked_no_show(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ok(capsys, "ticket", "issue", "B")
    ok(capsys, "ticket", "call", "--counter", "1")
    gone = cli(capsys, "ticket", "no-show", "B001", "--counter", "1")
    assert gone.code == 0 and gone.out.strip() == "Số B001 được ghi là vắng mặt."
    shown = cli(capsys, "ticket", "show", "B001")
    assert "Trạng thái: vắng mặt" in shown.out.splitlines()
    assert "Số lần gọi: 1" in shown.out.splitlines()


def test_a_transfer_keeps_the_number_and_its_place(capsys: pytest.CaptureFixture[str]) -> None:
    ok(capsys, "ticket", "issue", "A")
    ok(capsys, "ticket", "issue", "B")
    ok(capsys, "ticket", "call", "--counter", "1", "--area", "A")
    moved = cli(capsys, "ticket", "transfer", "A001", "--to-area", "B")
    assert moved.code == 0, moved.err
    assert moved.out.strip() == ("Đã chuyển số A001 sang khu vực B Hộ tịch; số vẫn giữ nguyên.")
    shown = ok(capsys, "ticket", "show", "A001")
    assert (shown["label"], shown["area"], shown["state"]) == ("A001", "B", "waiting")
    assert shown["transfers"] == 1 and shown["counter"] is None
    assert labels(capsys, "--area", "B") == ["A001", "B001"]  # issued first, called first
    assert ok(capsys, "ticket", "call", "--counter", "3", "--area", "B")["label"] == "A001"
    assert "Không có khu vực Z" in refused(capsys, "ticket", "transfer", "A001", "--to-area", "Z")


def test_the_list_is_in_calling_order_priority_first(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["A"], ["A"], ["A", "--priority", "pregnant"], ["B"]):
        ok(capsys, "ticket", "issue", *argv)
    assert labels(capsys, "--area", "A") == ["A003", "A001", "A002"]
    assert labels(capsys) == ["A003", "A001", "A002", "B001"]  # by area, then calling order
    table = cli(capsys, "ticket", "list", "--area", "A").out.splitlines()
    assert table[0].split() == [
        "Số",
        "Khu",
        "vực",
        "Ưu",
        "tiên",
        "Lấy",
        "số",
        "lúc",
        "Dành",
        "cho",
        "quầy",
    ]
    assert [line.split()[0] for line in table[1:]] == ["A003", "A001", "A002"]
    assert "phụ nữ mang thai" in table[1]
    # The columns line up under their headings.
    column = table[0].index("Lấy số lúc")
    assert all(line[column : column + 5].count(":") == 1 for line in table[1:])
    # The next call takes the priority ticket.
    assert ok(capsys, "ticket", "call", "--counter", "1")["label"] == "A003"


def test_an_empty_queue_or_an_unknown_area_is_a_plain_refusal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert refused(capsys, "ticket", "call", "--counter", "1") == (
        "Không còn ai đang chờ ở các khu vực của quầy này."
    )
    said = refused(capsys, "ticket", "issue", "Z")
    assert said == "Không có khu vực Z (hoặc khu vực này đã ngừng cấp số)."
    assert "Không có khu vực Z" in refused(capsys, "ticket", "list", "--area", "Z")
    assert refused(capsys, "ticket", "show", "A001") == "Hôm nay không có số A001."
    assert "không phải là số thứ tự" in refused(capsys, "ticket", "show", "12A")
    assert "--area" in refused(capsys, "ticket", "call", "A001", "--area", "A", "--counter", "1")
    assert "không đúng dạng YYYY-MM-DD" in refused(capsys, "queue", "stats", "--date", "15/7")
    # Nothing was issued by the refusals: the first number is still A001.
    listed = cli(capsys, "ticket", "list")
    assert listed.code == 0 and listed.out.strip() == "Không có ai đang chờ."
    assert ok(capsys, "ticket", "issue", "A")["label"] == "A001"


def test_a_result_ticket_names_the_dossier_and_a_result_not_ready_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    taken = ok(capsys, "intake", "--procedure", "1.001193", "--name", "Lê Văn Tám")
    said = refused(capsys, "ticket", "result", taken["code"])
    assert said.startswith(f"Hồ sơ {taken['code']} chưa có kết quả. Ngày hẹn trả kết quả: ")
    assert labels(capsys) == []
    # A dossier received at another workstation still gets its ticket in the results area.
    ticket = cli(capsys, "ticket", "result", "000.00.19.h26-250715-0007")
    assert ticket.code == 0, ticket.err
    assert ticket.out.splitlines() == [
        "Số C001, khu vực C Trả kết quả: 0 người đang chờ trước.",
        "Hồ sơ: 000.00.19.H26-250715-0007",
    ]
    called = cli(capsys, "ticket", "call", "--counter", "6", "--area", "C")
    assert "Hồ sơ: 000.00.19.H26-250715-0007" in called.out  # the officer knows what to fetch


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def test_a_printer_that_fails_is_a_warning_and_the_ticket_stays_issued(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DESK_APP_TICKET_PRINTER", f"network:127.0.0.1:{_closed_port()}")
    run = cli(capsys, "ticket", "issue", "A")
    assert run.code == 0
    assert run.out.startswith("Số A001, khu vực A Chứng thực")
    assert "vẫn được cấp" in run.err.lower() and "Traceback" not in run.err
    issued = cli(capsys, "ticket", "issue", "A", "--json")
    assert issued.code == 0 and json.loads(issued.out)["printed"] is False
    assert labels(capsys) == ["A001", "A002"]
    quiet = cli(capsys, "ticket", "issue", "A", "--no-print")
    assert quiet.code == 0 and quiet.err == ""


def test_the_days_figures_match_the_tickets(capsys: pytest.CaptureFixture[str]) -> None:
    for area in ("A", "A", "B"):
        ok(capsys, "ticket", "issue", area)
    ok(capsys, "ticket", "call", "--counter", "2", "--area", "A")
    ok(capsys, "ticket", "start", "A001", "--counter", "2")
    ok(capsys, "ticket", "finish", "A001", "--counter", "2")
    ok(capsys, "ticket", "call", "--counter", "2", "--area", "A")
    ok(capsys, "ticket", "no-show", "A002", "--counter", "2")
    served = ok(capsys, "ticket", "show", "A001")
    missed = ok(capsys, "ticket", "show", "A002")

    figures = ok(capsys, "queue", "stats")
    rows = {(r["by"], r["key"]): r for r in figures["rows"]}
    assert figures["day"] == served["day"]
    assert list(rows) == [
        ("area", "A"),
        ("area", "B"),
        ("counter", "2"),
        ("officer", "quantri"),
        ("total", ""),
    ]
    counts = {
        key: (r["issued"], r["served"], r["no_show"], r["waiting_now"]) for key, r in rows.items()
    }
    assert counts == {
        ("area", "A"): (2, 1, 1, 0),
        ("area", "B"): (1, 0, 0, 1),
        ("counter", "2"): (2, 1, 1, 0),
        ("officer", "quantri"): (2, 1, 1, 0),
        ("total", ""): (3, 1, 1, 1),
    }
    waits = sorted(seconds_between(t["issued_at"], t["first_called_at"]) for t in (served, missed))
    area_a = rows[("area", "A")]
    assert area_a["wait"]["count"] == 2
    assert area_a["wait"]["median"] == pytest.approx(sum(waits) / 2)
    assert area_a["service"] == {
        "count": 1,
        "median": pytest.approx(seconds_between(served["started_at"], served["finished_at"])),
        "p90": pytest.approx(seconds_between(served["started_at"], served["finished_at"])),
    }
    assert rows[("area", "B")]["wait"] == {"count": 0, "median": None, "p90": None}

    table = cli(capsys, "queue", "stats").out.splitlines()
    assert table[0].startswith("Theo")
    assert "Chờ (trung vị)" in table[0] and "Phục vụ (P90)" in table[0]
    total = table[-1].split()
    assert total[:6] == ["tổng", "cộng", "3", "1", "1", "1"]
    assert all(cell == "—" or cell.count(":") == 1 for cell in total[6:])
    # Figures stand flush right under their headings.
    end = table[0].index("Đã cấp") + len("Đã cấp")
    assert all(line[end - 1].isdigit() and line[end] == " " for line in table[1:])

    other_day = ok(capsys, "queue", "stats", "--date", "2020-01-02")
    assert other_day == {"day": "2020-01-02", "rows": []}
    assert cli(capsys, "queue", "stats", "--date", "2020-01-02").out.strip() == (
        "Ngày 02/01/2020 chưa có số nào được cấp."
    )


def test_areas_are_the_administrators_and_an_officer_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    added = cli(capsys, "queue", "area", "set", "d", "Đất  đai")
    assert added.code == 0, added.err
    assert added.out.strip() == "Đã lưu khu vực D Đất đai (nhận hồ sơ)."
    assert ok(capsys, "ticket", "issue", "D")["label"] == "D001"
    areas = ok(capsys, "queue", "areas")
    assert [(a["letter"], a["name"], a["kind"], a["active"]) for a in areas] == [
        ("A", "Chứng thực", "service", True),
        ("B", "Hộ tịch", "service", True),
        ("C", "Trả kết quả", "results", True),
        ("D", "Đất đai", "service", True),
    ]
    off = cli(capsys, "queue", "area", "set", "D", "Đất đai", "--inactive")
    assert off.out.strip() == "Đã lưu khu vực D Đất đai (nhận hồ sơ); khu vực này ngừng cấp số."
    assert "Không có khu vực D" in refused(capsys, "ticket", "issue", "D")
    assert "chữ cái A-Z" in refused(capsys, "queue", "area", "set", "DD", "Đất đai")

    password = tmp_path / "quay1.txt"
    password.write_text("quay-so-mot-2025\n", encoding="utf-8")
    assert cli(
        capsys,
        "user", "add", "quay1", "--role", "officer", "--name", "Trần Văn Một",
        "--password-file", str(password),
    ).code == 0  # fmt: skip
    assert cli(capsys, "login", "quay1", "--password-file", str(password)).code == 0
    said = refused(capsys, "queue", "area", "set", "E", "Đầu tư")
    assert said.startswith("Tài khoản cán bộ tiếp nhận không được phép sửa quy định")
    assert "không được phép" in refused(capsys, "queue", "stats")
    assert [a["letter"] for a in ok(capsys, "queue", "areas")] == ["A", "B", "C", "D"]
    # Calling is an officer's work.
    ok(capsys, "ticket", "issue", "A")
    assert ok(capsys, "ticket", "call", "--counter", "1")["officer"] == "quay1"


def test_the_commands_speak_english_when_the_settings_say_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    use_language("en")
    issued = cli(capsys, "ticket", "issue", "A", "--priority", "elderly")
    assert issued.code == 0, issued.err
    assert issued.out.splitlines() == [
        "Ticket A001, area A Chứng thực: 0 people waiting ahead.",
        "Priority: elderly person",
    ]
    second = cli(capsys, "ticket", "issue", "A")
    assert second.out.startswith("Ticket A002, area A Chứng thực: 1 person waiting ahead.")
    called = cli(capsys, "ticket", "call", "--counter", "3")
    assert (
        called.out.splitlines()[0] == "Ticket A001, please come to counter 3 (area A Chứng thực)."
    )
    gone = cli(capsys, "ticket", "no-show", "A001", "--counter", "3").out.splitlines()
    assert gone == ["Ticket A001 marked as not present.", "Priority: elderly person"]
    listed = cli(capsys, "ticket", "list").out
    assert listed.splitlines()[0].split()[:2] == ["Ticket", "Area"]
    figures = cli(capsys, "queue", "stats").out
    assert not vietnamese_letters(figures.splitlines()[0])
    assert "total" in figures.splitlines()[-1]
    empty = cli(capsys, "ticket", "call", "--counter", "9", "--area", "B")
    assert empty.code == 1
    assert empty.err.strip() == "Nobody is waiting in this counter's areas."
    unknown = cli(capsys, "ticket", "issue", "Z")
    assert unknown.code == 1 and not vietnamese_letters(unknown.err)
    for path in (
        ("ticket", "issue"),
        ("ticket", "call"),
        ("queue", "stats"),
        ("queue", "area", "set"),
    ):
        shown = cli(capsys, *path, "--help").out
        assert not vietnamese_letters(shown), (path, shown)
