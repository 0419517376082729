"""The working calendar as a counter officer relies on it: open days, holidays, office hours.

The calendar under test carries the bundled official table (2024-2026), as every workstation's
does; ``LIBRARY`` is one without it, where the ``holidays`` package stands in.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.calendar import OFFICE_TZ, DayOrigin, OfficeHours, WorkingCalendar
from desk_app.core.errors import ValidationError
from desk_app.core.official_calendar import OfficialYear, parse_official_calendar
from desk_app.paths import resources_dir


def official_table() -> dict[int, OfficialYear]:
    path = resources_dir() / "calendar" / "official-days.json"
    return parse_official_calendar(json.loads(path.read_text(encoding="utf-8")))


OFFICIAL = official_table()
CALENDAR = WorkingCalendar(official=OFFICIAL)
LIBRARY = WorkingCalendar()


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TZ)


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def test_saturday_and_sunday_are_off_weekdays_open() -> None:
    assert not CALENDAR.is_working_day(date(2025, 3, 15))
    assert not CALENDAR.is_working_day(date(2025, 3, 16))
    assert all(CALENDAR.is_working_day(d) for d in days(date(2025, 3, 10), date(2025, 3, 14)))


@pytest.mark.parametrize(
    ("first_off", "last_off"),
    [
        # Tết Ất Tỵ: official notice, off from Saturday 25/01 to Sunday 02/02/2025 (9 days).
        (date(2025, 1, 25), date(2025, 2, 2)),
        # Tết Bính Ngọ: official notice, off from Saturday 14/02 to Sunday 22/02/2026 (9 days).
        (date(2026, 2, 14), date(2026, 2, 22)),
        # National Day 2025: off from Saturday 30/08 to Tuesday 02/09/2025.
        (date(2025, 8, 30), date(2025, 9, 2)),
        # National Day 2024: off from Saturday 31/08 to Tuesday 03/09/2024.
        (date(2024, 8, 31), date(2024, 9, 3)),
        # 30/4-1/5/2025 with Friday 02/05 swapped for Saturday 26/04: off 30/04 to 04/05.
        (date(2025, 4, 30), date(2025, 5, 4)),
    ],
)
def test_official_breaks_are_closed_and_the_days_around_them_open(
    first_off: date, last_off: date
) -> None:
    assert not any(CALENDAR.is_working_day(d) for d in days(first_off, last_off))
    assert CALENDAR.is_working_day(first_off - timedelta(days=1))
    assert CALENDAR.is_working_day(last_off + timedelta(days=1))


def test_days_off_carry_their_vietnamese_names_from_the_official_table() -> None:
    assert CALENDAR.holiday_name(date(2025, 1, 29)) == "Tết Âm lịch Ất Tỵ"
    assert CALENDAR.holiday_name(date(2025, 9, 2)) == "Quốc khánh"
    assert CALENDAR.holiday_name(date(2025, 5, 2)) == (
        "Nghỉ hoán đổi dịp 30/4 và 1/5 (làm bù thứ Bảy 26/04/2025)"
    )
    assert CALENDAR.holiday_name(date(2025, 3, 12)) is None
    assert CALENDAR.holiday_name(date(2025, 3, 15)) is None  # an ordinary Saturday


def test_2026_new_year_friday_2_january_off_and_saturday_10_january_worked() -> None:
    # Công văn 12729/VPCP-KGVX (25/12/2025); the holidays package has neither.
    assert not CALENDAR.is_working_day(date(2026, 1, 2))
    assert CALENDAR.is_working_day(date(2026, 1, 10))
    assert CALENDAR.holiday_name(date(2026, 1, 2)) == (
        "Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)"
    )
    assert LIBRARY.is_working_day(date(2026, 1, 2))  # what the table corrects
    assert not LIBRARY.is_working_day(date(2026, 1, 10))


def test_24_november_2026_is_an_ordinary_tuesday() -> None:
    tuesday = date(2026, 11, 24)
    assert tuesday.weekday() == 1
    assert CALENDAR.is_working_day(tuesday)
    assert CALENDAR.holiday_name(tuesday) is None
    assert not LIBRARY.is_working_day(tuesday)  # the package lists it; the table overrides it


def test_hung_kings_day_2026_on_a_sunday_is_made_up_on_monday() -> None:
    assert CALENDAR.holiday_name(date(2026, 4, 26)) is not None
    assert not CALENDAR.is_working_day(date(2026, 4, 27))
    assert CALENDAR.next_working_day(date(2026, 4, 24)) == date(2026, 4, 28)


def test_a_covered_year_says_so_and_lists_its_days_with_their_sources() -> None:
    assert CALENDAR.is_official(2026)
    assert "12729/VPCP-KGVX" in (CALENDAR.official_source(2026) or "")
    listed = CALENDAR.listed_days(2026)
    assert [d.day for d in listed] == [d.day for d in OFFICIAL[2026].days]
    assert all(d.origin is DayOrigin.OFFICIAL and d.source and d.name for d in listed)
    assert [d.day for d in listed if d.is_working] == [date(2026, 1, 10), date(2026, 8, 22)]


def test_a_year_without_a_table_falls_back_to_the_library_and_says_so() -> None:
    assert not CALENDAR.is_official(2027)
    assert CALENDAR.official_source(2027) is None
    # Tết Đinh Mùi as the package computes it: 04/02 to 10/02/2027.
    assert not any(CALENDAR.is_working_day(d) for d in days(date(2027, 2, 4), date(2027, 2, 10)))
    assert CALENDAR.holiday_name(date(2027, 2, 6)) == "Tết Nguyên Đán"
    listed = CALENDAR.listed_days(2027)
    assert listed and all(d.origin is DayOrigin.LIBRARY and d.source == "" for d in listed)
    assert date(2027, 1, 1) in {d.day for d in listed}


def test_the_office_wins_over_the_official_table() -> None:
    calendar = WorkingCalendar(
        official=OFFICIAL,
        extra_closures={date(2026, 1, 10): "Bầu cử"},
        extra_working_days=[date(2026, 1, 2)],
    )
    assert not calendar.is_working_day(date(2026, 1, 10))
    assert calendar.holiday_name(date(2026, 1, 10)) == "Bầu cử"
    assert calendar.is_working_day(date(2026, 1, 2))
    assert calendar.holiday_name(date(2026, 1, 2)) is None
    listed = {d.day: d for d in calendar.listed_days(2026)}
    assert listed[date(2026, 1, 10)].origin is DayOrigin.OFFICE
    assert not listed[date(2026, 1, 10)].is_working
    assert listed[date(2026, 1, 2)].origin is DayOrigin.OFFICE
    assert listed[date(2026, 1, 2)].is_working
    assert listed[date(2026, 1, 1)].origin is DayOrigin.OFFICIAL


@pytest.mark.parametrize("saturday", [date(2024, 5, 4), date(2025, 4, 26), date(2026, 8, 22)])
def test_make_up_saturdays_are_working_days(saturday: date) -> None:
    assert saturday.weekday() == 5
    assert CALENDAR.is_working_day(saturday)
    assert CALENDAR.holiday_name(saturday) is None


def test_office_closure_closes_a_day_and_gives_its_reason() -> None:
    calendar = WorkingCalendar(extra_closures={date(2025, 3, 12): "Phòng họp  sửa chữa\n"})
    assert not calendar.is_working_day(date(2025, 3, 12))
    assert calendar.holiday_name(date(2025, 3, 12)) == "Phòng họp sửa chữa"
    assert calendar.next_working_day(date(2025, 3, 11)) == date(2025, 3, 13)


def test_office_closure_without_a_reason_still_closes() -> None:
    calendar = WorkingCalendar(extra_closures={date(2025, 3, 12): " "})
    assert not calendar.is_working_day(date(2025, 3, 12))
    assert calendar.holiday_name(date(2025, 3, 12)) is None


def test_office_closure_wins_over_a_make_up_saturday() -> None:
    calendar = WorkingCalendar(extra_closures={date(2025, 4, 26): "Bầu cử"})
    assert not calendar.is_working_day(date(2025, 4, 26))


def test_extra_working_day_opens_a_saturday_and_a_holiday() -> None:
    calendar = WorkingCalendar(extra_working_days=[date(2025, 3, 15), date(2025, 9, 1)])
    assert calendar.is_working_day(date(2025, 3, 15))
    assert calendar.is_working_day(date(2025, 9, 1))
    assert calendar.holiday_name(date(2025, 9, 1)) is None
    assert calendar.next_working_day(date(2025, 3, 14)) == date(2025, 3, 15)


def test_a_day_cannot_be_both_closed_and_opened_by_the_office() -> None:
    with pytest.raises(ValidationError, match="15/03/2025"):
        WorkingCalendar(
            extra_closures={date(2025, 3, 15): "Nghỉ"}, extra_working_days=[date(2025, 3, 15)]
        )


def test_next_working_day_is_strictly_after() -> None:
    assert CALENDAR.next_working_day(date(2025, 3, 10)) == date(2025, 3, 11)
    assert CALENDAR.next_working_day(date(2025, 3, 14)) == date(2025, 3, 17)
    assert CALENDAR.next_working_day(date(2025, 1, 24)) == date(2025, 2, 3)  # across Tết
    # Across the year: 1/1/2026 and the swapped Friday 2/1 are off (the package said 2/1).
    assert CALENDAR.next_working_day(date(2025, 12, 31)) == date(2026, 1, 5)


def test_working_days_in_january_2025() -> None:
    # 31 days - 8 weekend days - New Year's Day - 27..31 January (Tết) = 17.
    assert CALENDAR.working_days_in(date(2025, 1, 1), date(2025, 1, 31)) == 17
    assert CALENDAR.working_days_in(date(2025, 3, 14), date(2025, 3, 14)) == 1
    assert CALENDAR.working_days_in(date(2025, 3, 14), date(2025, 3, 13)) == 0


@pytest.mark.parametrize(
    ("arrival", "opens"),
    [
        (at(2025, 3, 12, 6, 0), at(2025, 3, 12, 7, 30)),  # before opening
        (at(2025, 3, 12, 9, 15), at(2025, 3, 12, 9, 15)),  # open: counting starts now
        (at(2025, 3, 12, 11, 30), at(2025, 3, 12, 13, 0)),  # lunch starts
        (at(2025, 3, 12, 12, 0), at(2025, 3, 12, 13, 0)),  # during lunch
        (at(2025, 3, 12, 17, 0), at(2025, 3, 13, 7, 30)),  # closing time
        (at(2025, 3, 14, 18, 0), at(2025, 3, 17, 7, 30)),  # Friday evening
        (at(2025, 9, 2, 10, 0), at(2025, 9, 3, 7, 30)),  # National Day
    ],
)
def test_next_open(arrival: datetime, opens: datetime) -> None:
    assert CALENDAR.next_open(arrival) == opens


def test_next_open_converts_other_zones_to_office_time() -> None:
    opened = CALENDAR.next_open(datetime(2025, 3, 12, 4, 0, tzinfo=UTC))  # 11:00 at the office
    assert opened == at(2025, 3, 12, 11, 0)
    assert opened.tzinfo is OFFICE_TZ
    assert opened.utcoffset() == timedelta(hours=7)


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValidationError):
        CALENDAR.next_open(datetime(2025, 3, 12, 9, 0))


def test_default_hours_make_an_eight_hour_day() -> None:
    assert OfficeHours().minutes_per_day == 8 * 60
    shorter = OfficeHours(
        morning_start=time(8, 0), morning_end=time(12, 0), afternoon_start=time(13, 30)
    )
    assert shorter.minutes_per_day == 7 * 60 + 30


@pytest.mark.parametrize(
    "changes",
    [
        {"morning_end": time(7, 0)},  # morning ends before it starts
        {"afternoon_start": time(11, 0)},  # afternoon starts before the morning ends
        {"afternoon_end": time(12, 0)},  # afternoon ends before it starts
        {"same_day_cutoff": time(17, 30)},  # cutoff after closing
        {"same_day_cutoff": time(7, 0)},  # cutoff before opening
        {"morning_start": time(7, 30, 15)},  # seconds
    ],
)
def test_inconsistent_office_hours_are_refused(changes: dict[str, time]) -> None:
    with pytest.raises(ValidationError):
        OfficeHours(**changes)


def test_office_hours_are_configuration() -> None:
    calendar = WorkingCalendar(OfficeHours(morning_start=time(8, 0), afternoon_start=time(13, 30)))
    assert calendar.next_open(at(2025, 3, 12, 7, 45)) == at(2025, 3, 12, 8, 0)
    assert calendar.next_open(at(2025, 3, 12, 13, 0)) == at(2025, 3, 12, 13, 30)


def test_working_time_ending_at_a_session_end_stays_there() -> None:
    assert CALENDAR.add_working_time(at(2025, 3, 12, 9, 30), timedelta(hours=2)) == at(
        2025, 3, 12, 11, 30
    )
    assert CALENDAR.add_working_time(at(2025, 3, 12, 7, 30), timedelta(hours=8)) == at(
        2025, 3, 12, 17, 0
    )
    assert CALENDAR.add_working_time(at(2025, 3, 12, 17, 0), timedelta(0)) == at(2025, 3, 12, 17, 0)


def test_working_time_between_skips_lunch_nights_and_weekends() -> None:
    assert CALENDAR.working_time_between(at(2025, 3, 12, 11, 0), at(2025, 3, 12, 13, 30)) == (
        timedelta(hours=1)
    )
    assert CALENDAR.working_time_between(at(2025, 3, 14, 16, 0), at(2025, 3, 17, 8, 30)) == (
        timedelta(hours=2)
    )
    assert CALENDAR.working_time_between(at(2025, 3, 15, 8, 0), at(2025, 3, 16, 12, 0)) == (
        timedelta(0)
    )


moments = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59),
    timezones=st.just(OFFICE_TZ),
)


def is_open(moment: datetime, calendar: WorkingCalendar = CALENDAR) -> bool:
    hours = calendar.hours
    t = moment.time()
    in_session = any(start <= t < end for start, end in hours.periods)
    return calendar.is_working_day(moment.date()) and in_session


@settings(max_examples=200, deadline=None)
@given(moments)
def test_next_open_is_the_first_open_moment_not_before(moment: datetime) -> None:
    opened = CALENDAR.next_open(moment)
    assert opened >= moment
    assert is_open(opened)
    # Nothing open was skipped: every quarter-hour between is closed.
    probe = moment
    while probe + timedelta(minutes=15) < opened:
        probe += timedelta(minutes=15)
        assert not is_open(probe)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
def test_next_working_day_skips_only_days_off(day: date) -> None:
    following = CALENDAR.next_working_day(day)
    assert following > day
    assert CALENDAR.is_working_day(following)
    assert CALENDAR.working_days_in(day + timedelta(days=1), following) == 1


@settings(max_examples=200, deadline=None)
@given(moments, st.integers(min_value=0, max_value=40 * 8 * 60))
def test_working_time_added_is_working_time_elapsed(moment: datetime, minutes: int) -> None:
    amount = timedelta(minutes=minutes)
    end = CALENDAR.add_working_time(moment, amount)
    assert end >= moment
    assert CALENDAR.working_time_between(moment, end) == amount


@settings(max_examples=300, deadline=None)
@given(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)))
def test_a_covered_day_is_open_exactly_as_the_table_says(day: date) -> None:
    table = {d.day: d for d in OFFICIAL[day.year].days}
    listed = table.get(day)
    expected = listed.is_working if listed is not None else day.weekday() < 5
    assert CALENDAR.is_working_day(day) is expected
    if listed is None:
        assert CALENDAR.holiday_name(day) is None


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(2023, 1, 1), max_value=date(2028, 12, 31)),
    st.booleans(),
)
def test_the_offices_own_decision_always_wins(day: date, opened: bool) -> None:
    calendar = WorkingCalendar(
        official=OFFICIAL,
        extra_closures={} if opened else {day: "Quyết định của cơ quan"},
        extra_working_days=[day] if opened else [],
    )
    assert calendar.is_working_day(day) is opened
    listed = {d.day: d for d in calendar.listed_days(day.year)}
    assert listed[day].origin is DayOrigin.OFFICE
    assert listed[day].is_working is opened
