"""The working calendar as a counter officer relies on it: open days, holidays, office hours."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.calendar import OFFICE_TZ, OfficeHours, WorkingCalendar
from desk_app.core.errors import ValidationError

CALENDAR = WorkingCalendar()


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


def test_holidays_carry_their_vietnamese_names() -> None:
    assert CALENDAR.holiday_name(date(2025, 1, 29)) == "Tết Nguyên Đán"
    assert CALENDAR.holiday_name(date(2025, 9, 2)) == "Quốc khánh"
    assert CALENDAR.holiday_name(date(2025, 5, 2)) == "Ngày nghỉ (thay cho ngày 26/04/2025)"
    assert CALENDAR.holiday_name(date(2025, 3, 12)) is None
    assert CALENDAR.holiday_name(date(2025, 3, 15)) is None  # an ordinary Saturday


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
    assert CALENDAR.next_working_day(date(2025, 12, 31)) == date(2026, 1, 2)  # across the year


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
