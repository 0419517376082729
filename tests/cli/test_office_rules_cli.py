"""``desk-app office rules show|set`` on a copy of the set-up workstation, through ``main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.conftest import cli

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in


def rules(capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    run = cli(capsys, "office", "rules", "show", "--json")
    assert run.code == 0, run.err
    shown: dict[str, str] = json.loads(run.out)
    return shown


def test_an_administrator_sets_the_afternoon_end_and_show_says_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = cli(capsys, "office", "rules", "set", "--afternoon", "13:00-17:30")
    assert run.code == 0, run.err
    assert run.out.startswith("Đã lưu quy định chung của cơ quan:\n")
    assert "Buổi chiều: 13:00-17:30" in run.out
    shown = cli(capsys, "office", "rules", "show")
    assert shown.code == 0
    assert shown.out.splitlines() == [
        "Buổi sáng: 07:30-11:30",
        "Buổi chiều: 13:00-17:30",
        "Giờ chốt nhận hồ sơ trả trong ngày: 15:00",
        "Dùng mẫu giấy tờ năm 2025 từ ngày: 15/09/2025",
        "Tên hệ thống in trong mã QR: desk-app",
        "Trang tra cứu in trên giấy tiếp nhận: (chưa đặt)",
        "Cách tính thời hạn: working_hours",
    ]
    audit = cli(capsys, "audit", "verify")
    assert audit.code == 0, audit.err


def test_every_option_is_kept_and_shown_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(
        capsys,
        "office", "rules", "set",
        "--morning", "7:00-11:00", "--same-day-cutoff", "14:30",
        "--forms-2025-from", "2025-10-01", "--system-name", "Một cửa Thanh Xuân",
        "--lookup-url", "https://dichvucong.example.gov.vn/tra-cuu?ma={code}",
        "--counting-method", "civil_code", "--json",
    )  # fmt: skip
    assert run.code == 0, run.err
    assert (
        rules(capsys)
        == json.loads(run.out)
        == {
            "morning": "07:00-11:00",
            "afternoon": "13:00-17:00",
            "same_day_cutoff": "14:30",
            "forms_2025_from": "2025-10-01",
            "system_name": "Một cửa Thanh Xuân",
            "lookup_url": "https://dichvucong.example.gov.vn/tra-cuu?ma={code}",
            "counting_method": "civil_code",
        }
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--afternoon", "17:00-13:00"], "buổi chiều phải bắt đầu sau buổi sáng"),
        (["--afternoon", "13h-17h"], "--afternoon cần dạng GIỜ:PHÚT-GIỜ:PHÚT"),
        (["--same-day-cutoff", "25:00"], "--same-day-cutoff cần dạng GIỜ:PHÚT"),
        (["--same-day-cutoff", "18:00"], "phải nằm trong giờ làm việc, từ 08:00 đến 17:00"),
        (["--forms-2025-from", "15/09/2025"], "không đúng dạng YYYY-MM-DD"),
        (["--lookup-url", "https://x.example/" + "a" * 600], "quá giới hạn 500 ký tự"),
        (["--lookup-url", "tra-cuu.example"], "bắt đầu bằng https:// hoặc http://"),
        (["--system-name", "  "], "Tên hệ thống không được để trống."),
        ([], "Hãy ghi ít nhất một quy định cần đổi"),
    ],
)
def test_a_bad_value_is_refused_in_plain_words_and_nothing_changes(
    capsys: pytest.CaptureFixture[str], argv: list[str], said: str
) -> None:
    before = rules(capsys)
    good = ["--morning", "08:00-11:30"] if argv else []  # refused along with the bad one
    run = cli(capsys, "office", "rules", "set", *good, *argv)
    assert run.code == 1 and said in run.err and "Traceback" not in run.err
    assert run.out == ""
    assert rules(capsys) == before


def test_an_officer_may_read_the_rules_but_not_change_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    password = tmp_path / "password.txt"
    password.write_text("quay-so-mot-2025\n", encoding="utf-8")
    added = cli(
        capsys,
        "user", "add", "quay1", "--role", "officer", "--name", "Trần Văn Một",
        "--password-file", str(password),
    )  # fmt: skip
    assert added.code == 0, added.err
    assert cli(capsys, "login", "quay1", "--password-file", str(password)).code == 0
    before = rules(capsys)
    for value in ("13:00-17:30", "13:00-17:00"):  # a change, and the rules as they are
        run = cli(capsys, "office", "rules", "set", "--afternoon", value)
        assert run.code == 1
        assert "không được phép sửa quy định làm việc của cơ quan" in run.err
    assert rules(capsys) == before
