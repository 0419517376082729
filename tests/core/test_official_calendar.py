"""The official table of days off and make-up working days: the bundled years as the notices
decided them, and a calendar file an administrator could get wrong, refused in plain words."""

from __future__ import annotations

import copy
import json
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.errors import ValidationError
from desk_app.core.official_calendar import (
    FORMAT_NAME,
    DayKind,
    OfficialDay,
    OfficialYear,
    calendar_document,
    parse_official_calendar,
)
from desk_app.paths import resources_dir

BUNDLED = resources_dir() / "calendar" / "official-days.json"


def bundled() -> dict[int, OfficialYear]:
    return parse_official_calendar(json.loads(BUNDLED.read_text(encoding="utf-8")))


def span(first: date, last: date) -> set[date]:
    return {first + timedelta(days=n) for n in range((last - first).days + 1)}


def weekdays_off(year: OfficialYear) -> set[date]:
    return {d.day for d in year.days if not d.is_working and d.day.weekday() < 5}


def make_up_days(year: OfficialYear) -> set[date]:
    return {d.day for d in year.days if d.is_working}


# Reference §11, by hand: the weekdays off and the weekend days worked of each year.
EXPECTED = {
    2024: (
        {date(2024, 1, 1), date(2024, 4, 18), date(2024, 4, 29), date(2024, 4, 30)}
        | {date(2024, 5, 1), date(2024, 9, 2), date(2024, 9, 3)}
        | (span(date(2024, 2, 8), date(2024, 2, 14)) - {date(2024, 2, 10), date(2024, 2, 11)}),
        {date(2024, 5, 4)},
    ),
    2025: (
        {date(2025, 1, 1), date(2025, 4, 7), date(2025, 4, 30), date(2025, 5, 1)}
        | {date(2025, 5, 2), date(2025, 9, 1), date(2025, 9, 2)}
        | span(date(2025, 1, 27), date(2025, 1, 31)),
        {date(2025, 4, 26)},
    ),
    2026: (
        {date(2026, 1, 1), date(2026, 1, 2), date(2026, 4, 27), date(2026, 4, 30)}
        | {date(2026, 5, 1), date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 2)}
        | span(date(2026, 2, 16), date(2026, 2, 20)),
        {date(2026, 1, 10), date(2026, 8, 22)},
    ),
}


def test_the_bundled_table_covers_2024_to_2026_with_each_years_notices() -> None:
    years = bundled()
    assert sorted(years) == [2024, 2025, 2026]
    assert "2450/VPCP-KGVX" in years[2024].source
    assert "8726/VPCP-KGVX" in years[2025].source
    assert "6150/TB-LĐTBXH" in years[2025].source
    assert "12729/VPCP-KGVX" in years[2026].source
    assert all(d.name and d.source for y in years.values() for d in y.days)


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_each_year_holds_exactly_the_days_the_notices_decided(year: int) -> None:
    table = bundled()[year]
    days_off, worked = EXPECTED[year]
    assert weekdays_off(table) == days_off
    assert make_up_days(table) == worked


def test_2026_new_year_swap_and_its_source() -> None:
    days = {d.day: d for d in bundled()[2026].days}
    friday, saturday = days[date(2026, 1, 2)], days[date(2026, 1, 10)]
    assert friday.kind is DayKind.DAY_OFF
    assert saturday.kind is DayKind.MAKE_UP_WORKING_DAY
    assert (friday.swap_with, saturday.swap_with) == (saturday.day, friday.day)
    assert "12729/VPCP-KGVX" in friday.source
    assert "12729/VPCP-KGVX" in saturday.source


def test_saturday_22_august_2026_is_shipped_with_its_source_saying_it_is_unchecked() -> None:
    days = {d.day: d for d in bundled()[2026].days}
    saturday = days[date(2026, 8, 22)]
    assert saturday.is_working
    assert saturday.swap_with == date(2026, 8, 31)
    assert "Cần kiểm tra" in saturday.source


def test_24_november_2026_is_not_a_day_off_in_the_table() -> None:
    table = bundled()[2026]
    assert date(2026, 11, 24) not in {d.day for d in table.days}
    assert "24/11/2026" in table.source  # and the table says why


def test_hung_kings_day_on_a_sunday_is_named_and_compensated_on_monday() -> None:
    days = {d.day: d for d in bundled()[2026].days}
    assert date(2026, 4, 26).weekday() == 6
    assert "Giỗ Tổ Hùng Vương" in days[date(2026, 4, 26)].name
    assert "Nghỉ bù" in days[date(2026, 4, 27)].name
    assert "điều 111 khoản 3" in days[date(2026, 4, 27)].source


def test_every_swap_is_a_weekday_off_paired_with_a_weekend_day_worked() -> None:
    for year in bundled().values():
        days = {d.day: d for d in year.days}
        for worked in (d for d in year.days if d.is_working):
            assert worked.day.weekday() >= 5
            assert worked.swap_with is not None
            partner = days[worked.swap_with]
            assert not partner.is_working and partner.day.weekday() < 5
            assert partner.swap_with == worked.day


# --- files an administrator could get wrong -------------------------------------------------


def minimal(year: int = 2027) -> dict[str, Any]:
    """A valid file of one year: the fixed holidays and one swap."""
    days = [
        {"date": f"{year}-01-01", "kind": "day_off", "name": "Tết Dương lịch", "source": "BLLĐ"},
        {"date": f"{year}-04-30", "kind": "day_off", "name": "Ngày Chiến thắng", "source": "BLLĐ"},
        {"date": f"{year}-05-01", "kind": "day_off", "name": "Quốc tế lao động", "source": "BLLĐ"},
        {"date": f"{year}-09-02", "kind": "day_off", "name": "Quốc khánh", "source": "BLLĐ"},
    ]
    return {
        "format": FORMAT_NAME,
        "version": 1,
        "years": [{"year": year, "source": "TB", "days": days}],
    }


def with_swap() -> dict[str, Any]:
    document = minimal(2027)
    document["years"][0]["days"] += [
        # Friday 30/04/2027 is off anyway; swap Monday 03/05 with Saturday 08/05.
        {"date": "2027-05-03", "kind": "day_off", "name": "Nghỉ hoán đổi", "source": "CV",
         "swap_with": "2027-05-08"},
        {"date": "2027-05-08", "kind": "make_up_working_day", "name": "Làm bù", "source": "CV",
         "swap_with": "2027-05-03"},
    ]  # fmt: skip
    return document


def test_a_minimal_file_with_a_swap_parses() -> None:
    years = parse_official_calendar(with_swap())
    assert [d.day for d in years[2027].days if d.is_working] == [date(2027, 5, 8)]


def day_entry(document: dict[str, Any], index: int) -> dict[str, Any]:
    entry: dict[str, Any] = document["years"][0]["days"][index]
    return entry


def set_date(value: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        day_entry(document, 0)["date"] = value

    return change


def set_year(value: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        document["years"][0]["year"] = value

    return change


def change_day(index: int, **fields: object) -> Any:
    def change(document: dict[str, Any]) -> None:
        day_entry(document, index).update(fields)

    return change


def drop_day(index: int) -> Any:
    def change(document: dict[str, Any]) -> None:
        del document["years"][0]["days"][index]

    return change


def duplicate_year(document: dict[str, Any]) -> None:
    document["years"].append(copy.deepcopy(document["years"][0]))


def duplicate_day(document: dict[str, Any]) -> None:
    document["years"][0]["days"].append(copy.deepcopy(day_entry(document, 1)))


def two_days_off_swapped(document: dict[str, Any]) -> None:
    day_entry(document, 4)["swap_with"] = "2027-05-04"
    day_entry(document, 5).update(date="2027-05-04", kind="day_off")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (set_date("2027-13-01"), "Ngày “2027-13-01” của năm 2027 không đúng dạng năm-tháng-ngày"),
        (set_date("2027-02-30"), "Ngày “2027-02-30” của năm 2027 không đúng dạng"),
        (set_date("01/01/2027"), "Ngày “01/01/2027” của năm 2027 không đúng dạng"),
        (set_date("20270101"), "không đúng dạng năm-tháng-ngày"),
        (set_date(20270101), "không đúng dạng năm-tháng-ngày"),
        (
            set_date("2028-01-01"),
            "Ngày 01/01/2028 được ghi trong năm 2027 nhưng không thuộc năm đó",
        ),
        (set_year("20x7"), "Năm “20x7” không hợp lệ: năm phải là một số từ 2000 đến 2099"),
        (set_year("2027"), "Năm “2027” không hợp lệ"),
        (set_year(1999), "Năm “1999” không hợp lệ"),
        (set_year(2150), "Năm “2150” không hợp lệ"),
        (set_year(True), "Năm “True” không hợp lệ"),
        (duplicate_year, "Năm 2027 được ghi hai lần"),
        (duplicate_day, "Ngày 30/04/2027 được ghi hai lần trong năm 2027"),
        (two_days_off_swapped, "phải có một ngày nghỉ và một ngày làm việc bù"),
        (change_day(5, date="2027-05-07"), "Ngày làm việc bù 07/05/2027 không phải thứ Bảy"),
        (change_day(4, swap_with="2027-05-09"), "tệp không ghi ngày 09/05/2027 hoán đổi lại"),
        (change_day(4, swap_with="2027-05-03"), "không phải là một ngày khác"),
        (change_day(4, date="2027-05-09", swap_with="2027-05-08"), "rơi vào cuối tuần"),
        (change_day(1, kind="holiday"), "loại ngày “holiday” không hợp lệ"),
        (change_day(1, name="  "), "Ngày 30/04/2027 chưa có tên"),
        (change_day(1, name="x" * 256), "dài quá 255 ký tự"),
        (change_day(1, source=""), "Ngày 30/04/2027 chưa ghi văn bản làm căn cứ"),
        (change_day(1, note="?"), "Ngày 30/04/2027 có khóa lạ “note”"),
        (drop_day(3), "Năm 2027 thiếu ngày nghỉ lễ 02/09/2027"),
        # Saturday 01/05/2027 written as worked (swapped into a year the file does not hold).
        (
            change_day(2, kind="make_up_working_day", swap_with="2026-12-31"),
            "Năm 2027 thiếu ngày nghỉ lễ 01/05/2027",
        ),
    ],
)
def test_a_bad_file_is_refused_with_a_message_naming_the_problem(change: Any, message: str) -> None:
    document = with_swap()
    change(document)
    with pytest.raises(ValidationError) as refused:
        parse_official_calendar(document)
    assert message in str(refused.value)
    assert refused.value.field == "calendar"


def test_make_up_day_without_its_swapped_day_is_refused() -> None:
    document = with_swap()
    del day_entry(document, 5)["swap_with"]
    with pytest.raises(ValidationError, match="chưa ghi ngày nghỉ được hoán đổi với nó"):
        parse_official_calendar(document)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "phải là một đối tượng JSON"),
        ({"format": "desk-app-catalogue", "version": 1, "years": []}, "không phải tệp lịch nghỉ"),
        ({"format": FORMAT_NAME, "version": 2, "years": []}, "phiên bản 2 không được hỗ trợ"),
        ({"format": FORMAT_NAME, "version": 1, "years": []}, "không có năm nào"),
        ({"format": FORMAT_NAME, "version": 1, "years": [3]}, "Mục thứ 1 của years"),
        ({"format": FORMAT_NAME, "version": 1, "years": [{"year": 2027, "source": "x"}]},
         "Năm 2027 không có ngày nào"),
        ({"format": FORMAT_NAME, "version": 1, "yaers": []}, "khóa lạ “yaers”"),
    ],
)  # fmt: skip
def test_a_file_of_another_shape_is_refused(document: object, message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        parse_official_calendar(document)


def test_a_swap_into_a_year_the_file_does_not_hold_is_taken_on_trust() -> None:
    # New Year 2019: Monday 31/12/2018 off, worked on Saturday 05/01/2019 (a file of 2019 only).
    document = minimal(2019)
    document["years"][0]["days"].append(
        {"date": "2019-01-05", "kind": "make_up_working_day", "name": "Làm bù", "source": "CV",
         "swap_with": "2018-12-31"}
    )  # fmt: skip
    assert parse_official_calendar(document)[2019].days[1].is_working


def test_the_bundled_table_reads_back_the_same_from_its_file_form() -> None:
    years = bundled()
    assert parse_official_calendar(calendar_document(years.values())) == years


# --- properties -------------------------------------------------------------------------------


NAMES = st.sampled_from(["Tết Âm lịch", "Nghỉ bù", "Quốc khánh (ngày liền kề)", "Nghỉ lễ"])


@st.composite
def official_years(draw: st.DrawFn) -> OfficialYear:
    """Any plausible year: the fixed holidays, some other days off, and swaps in pairs."""
    year = draw(st.integers(2000, 2099))
    days = {
        date(year, m, d): OfficialDay(date(year, m, d), DayKind.DAY_OFF, "Lễ", "BLLĐ 2019")
        for m, d in ((1, 1), (4, 30), (5, 1), (9, 2))
    }
    dates = st.dates(min_value=date(year, 1, 1), max_value=date(year, 12, 31))
    for extra in draw(st.lists(dates, max_size=8)):
        days.setdefault(extra, OfficialDay(extra, DayKind.DAY_OFF, draw(NAMES), "TB"))
    for off in draw(st.lists(dates.filter(lambda d: d.weekday() < 5), max_size=3)):
        saturday = off + timedelta(days=5 - off.weekday())
        if off in days or saturday in days or saturday.year != year:
            continue
        days[off] = OfficialDay(off, DayKind.DAY_OFF, "Hoán đổi", "CV", saturday)
        days[saturday] = OfficialDay(saturday, DayKind.MAKE_UP_WORKING_DAY, "Làm bù", "CV", off)
    return OfficialYear(year, "TB", tuple(days[d] for d in sorted(days)))


@settings(max_examples=100, deadline=None)
@given(official_years())
def test_any_valid_year_reads_back_as_written(year: OfficialYear) -> None:
    document = json.loads(json.dumps(calendar_document([year])))  # through real JSON text
    assert parse_official_calendar(document) == {year.year: year}


@settings(max_examples=100, deadline=None)
@given(official_years(), st.data())
def test_any_date_not_written_as_a_real_yyyy_mm_dd_is_refused(
    year: OfficialYear, data: st.DataObject
) -> None:
    document = calendar_document([year])
    entries: list[dict[str, Any]] = document["years"][0]["days"]  # type: ignore[index]
    index = data.draw(st.integers(0, len(entries) - 1))
    written = data.draw(st.text(max_size=12))
    try:
        real = date.fromisoformat(written) if len(written) == 10 and written[4] == "-" else None
    except ValueError:
        real = None
    if real is not None:
        return  # a real date (maybe another valid file); other tests cover those
    entries[index]["date"] = written
    with pytest.raises(ValidationError, match="không đúng dạng năm-tháng-ngày"):
        parse_official_calendar(document)
