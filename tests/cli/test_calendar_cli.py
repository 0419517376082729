"""``desk-app calendar show|import`` as an administrator uses them, through `main`, on a copy of
the session's set-up workstation in the data folder the commands use."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desk_app.core.official_calendar import FORMAT_NAME
from desk_app.services.workstation import open_workstation, station_of
from desk_app.store.models import CalendarOverride
from tests.cli.conftest import cli


def lines_by_date(out: str) -> dict[str, list[str]]:
    """The day lines of ``calendar show``: date -> its tab-separated columns."""
    rows = [line.split("\t") for line in out.splitlines() if "\t" in line]
    return {row[0]: row for row in rows}


def table_2027() -> dict[str, Any]:
    days = [
        ("2027-01-01", "Tết Dương lịch"),
        ("2027-04-30", "Ngày Chiến thắng"),
        ("2027-05-01", "Ngày Quốc tế lao động"),
        ("2027-05-03", "Nghỉ bù Ngày Quốc tế lao động"),
        ("2027-09-02", "Quốc khánh"),
    ]
    return {
        "format": FORMAT_NAME,
        "version": 1,
        "years": [
            {
                "year": 2027,
                "source": "Thông báo thử nghiệm 2027",
                "days": [
                    {"date": d, "kind": "day_off", "name": n, "source": "BLLĐ 2019"}
                    for d, n in days
                ],
            }
        ],
    }


FALLBACK_2027 = "Năm 2027 chưa có bảng ngày nghỉ chính thức"


def test_show_2026_prints_each_day_off_and_make_up_day_with_its_source(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    run = cli(capsys, "calendar", "show", "2026")
    assert run.code == 0, run.err
    first = run.out.splitlines()[0]
    assert first.startswith("Năm 2026: bảng ngày nghỉ chính thức. Căn cứ: ")
    assert "12729/VPCP-KGVX" in first
    days = lines_by_date(run.out)
    assert days["02/01/2026"][1:3] == ["Thứ Sáu", "nghỉ"]
    assert "12729/VPCP-KGVX" in days["02/01/2026"][4]
    assert days["10/01/2026"][1:3] == ["Thứ Bảy", "làm việc"]
    assert days["22/08/2026"][1:3] == ["Thứ Bảy", "làm việc"]
    assert "Cần kiểm tra" in days["22/08/2026"][4]
    assert "24/11/2026" not in days  # not a day off
    assert len(days) == 16
    assert "chưa có bảng ngày nghỉ chính thức" not in run.err


def test_show_2026_as_json(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    run = cli(capsys, "calendar", "show", "2026", "--json")
    assert run.code == 0, run.err
    shown = json.loads(run.out)
    assert shown["year"] == 2026
    assert shown["official"] is True
    assert shown["warning"] is None
    assert "12729/VPCP-KGVX" in shown["source"]
    days = {d["date"]: d for d in shown["days"]}
    assert days["2026-01-02"]["is_working"] is False
    assert days["2026-01-10"]["is_working"] is True
    assert days["2026-01-10"]["origin"] == "official"
    assert "12729/VPCP-KGVX" in days["2026-01-10"]["source"]
    assert "2026-11-24" not in days


def test_a_year_without_a_table_is_shown_from_the_library_with_the_warning(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    run = cli(capsys, "calendar", "show", "2027")
    assert run.code == 0, run.err
    assert FALLBACK_2027 in run.err
    assert "desk-app calendar import" in run.err
    days = lines_by_date(run.out)
    assert days["01/01/2027"][2:] == ["nghỉ", "Tết Dương lịch", "thư viện holidays"]

    as_json = cli(capsys, "calendar", "show", "2027", "--json")
    shown = json.loads(as_json.out)  # the warning goes to stderr, the document stays whole
    assert shown["official"] is False
    assert shown["source"] == ""
    assert FALLBACK_2027 in shown["warning"]
    assert {d["origin"] for d in shown["days"]} == {"library"}


def test_import_then_show_the_imported_year(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    path = tmp_path / "lich-2027.json"
    path.write_text(json.dumps(table_2027(), ensure_ascii=False), encoding="utf-8")
    run = cli(capsys, "calendar", "import", str(path))
    assert run.code == 0, run.err
    assert run.out.strip() == (
        "Đã nhập lịch nghỉ chính thức năm 2027: 5 ngày nghỉ và ngày làm việc bù."
    )
    shown = cli(capsys, "calendar", "show", "2027")
    assert FALLBACK_2027 not in shown.err
    assert shown.out.splitlines()[0] == (
        "Năm 2027: bảng ngày nghỉ chính thức. Căn cứ: Thông báo thử nghiệm 2027"
    )
    assert set(lines_by_date(shown.out)) == {
        "01/01/2027",
        "30/04/2027",
        "01/05/2027",
        "03/05/2027",
        "02/09/2027",
    }
    assert cli(capsys, "audit", "verify").code == 0


@pytest.mark.parametrize(
    ("year", "day", "message"),
    [
        ("2027", "2027-13-01", "Ngày “2027-13-01” của năm 2027 không đúng dạng năm-tháng-ngày"),
        ("20x7", "2027-01-01", "Năm “20x7” không hợp lệ"),
    ],
)
def test_a_bad_file_is_refused_in_one_plain_sentence_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    home: Path,
    tmp_path: Path,
    year: str,
    day: str,
    message: str,
) -> None:
    document = table_2027()
    document["years"][0]["year"] = int(year) if year.isdigit() else year
    document["years"][0]["days"][0]["date"] = day
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    run = cli(capsys, "calendar", "import", str(path))
    assert run.code == 1
    assert message in run.err
    assert "Traceback" not in run.err
    assert run.out == ""
    shown = cli(capsys, "calendar", "show", "2027", "--json")
    assert json.loads(shown.out)["official"] is False


def test_the_offices_own_days_are_listed_as_the_offices(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    workspace = open_workstation(home)
    try:
        office = station_of(workspace).office.id
        with workspace.write() as session:
            session.add(
                CalendarOverride(
                    office_id=office, day=date(2026, 3, 12), is_working=False, reason="Bầu cử"
                )
            )
            session.add(
                CalendarOverride(office_id=office, day=date(2026, 1, 2), is_working=True, reason="")
            )
    finally:
        workspace.close()
    days = lines_by_date(cli(capsys, "calendar", "show", "2026").out)
    assert days["12/03/2026"][2:] == ["nghỉ", "Bầu cử", "quyết định của cơ quan"]
    assert days["02/01/2026"][2:] == ["làm việc", "Cơ quan làm việc", "quyết định của cơ quan"]
    assert days["01/01/2026"][4].startswith("Bộ luật Lao động 2019")


def test_in_english_the_warning_and_the_columns_read_in_english(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    (home / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    run = cli(capsys, "calendar", "show", "2027")
    assert run.code == 0
    assert "2027 has no official table" in run.err
    assert lines_by_date(run.out)["01/01/2027"][1:3] == ["Friday", "day off"]


def test_show_refuses_a_year_out_of_range(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    run = cli(capsys, "calendar", "show", "1800")
    assert run.code == 1
    assert "Năm 1800 nằm ngoài các năm lịch làm việc hỗ trợ, từ 2000 đến 2099." in run.err
