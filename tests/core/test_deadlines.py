"""Due dates as the counter officer checks them on the receipt."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.calendar import OFFICE_TZ, OfficeHours, WorkingCalendar
from desk_app.core.deadlines import (
    Duration,
    DurationUnit,
    compute_deadline,
    describe_duration,
    shift_for_pause,
)
from desk_app.core.errors import ValidationError
from desk_app.core.official_calendar import parse_official_calendar
from desk_app.core.rules import CountingMethod
from desk_app.paths import resources_dir

# Every workstation's calendar carries the bundled official table (2024-2026).
OFFICIAL = parse_official_calendar(
    json.loads((resources_dir() / "calendar" / "official-days.json").read_text(encoding="utf-8"))
)
CALENDAR = WorkingCalendar(official=OFFICIAL)
SAME_DAY = Duration(0, DurationUnit.SAME_DAY)
HOURS = CountingMethod.WORKING_HOURS
CIVIL = CountingMethod.CIVIL_CODE


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TZ)


def working_days(n: int) -> Duration:
    return Duration(n, DurationUnit.WORKING_DAYS)


def due(
    received: datetime,
    duration: Duration,
    calendar: WorkingCalendar = CALENDAR,
    method: CountingMethod = HOURS,
) -> datetime:
    return compute_deadline(received, duration, calendar, method).due_at


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        # Friday 16:30 + 1 working day: half an hour on Friday, the rest on Monday.
        (at(2025, 3, 14, 16, 30), working_days(1), at(2025, 3, 17, 16, 30)),
        # Arrival during lunch: counting starts at 13:00; eight hours later is the end of
        # Thursday morning, and a due time on a session's end stays there.
        (at(2025, 3, 12, 12, 0), working_days(1), at(2025, 3, 13, 11, 30)),
        # Arrival after closing: counting starts the next morning and ends at 17:00, not 07:30.
        (at(2025, 3, 12, 18, 0), working_days(1), at(2025, 3, 13, 17, 0)),
        (at(2025, 3, 12, 18, 0), working_days(2), at(2025, 3, 14, 17, 0)),
        # Before Tết Ất Tỵ (off 25/01-02/02/2025): Mon 3, Tue 4, Wed 5 February.
        (at(2025, 1, 24, 10, 0), working_days(3), at(2025, 2, 5, 10, 0)),
        # Received online during Tết: counting starts on the first morning back.
        (at(2025, 1, 29, 9, 0), working_days(1), at(2025, 2, 3, 17, 0)),
        # Before Tết Bính Ngọ (off 14/02-22/02/2026): Mon 23, Tue 24 February.
        (at(2026, 2, 13, 14, 0), working_days(2), at(2026, 2, 24, 14, 0)),
        # Before National Day 2025 (off 30/08-02/09): one hour on Friday, seven on Wednesday.
        (at(2025, 8, 29, 16, 0), working_days(1), at(2025, 9, 3, 16, 0)),
        (at(2025, 9, 2, 10, 0), working_days(1), at(2025, 9, 3, 17, 0)),
        # Saturday 26/04/2025 is a make-up working day (for Friday 02/05).
        (at(2025, 4, 25, 16, 30), working_days(1), at(2025, 4, 26, 16, 30)),
        (at(2025, 4, 26, 16, 0), working_days(1), at(2025, 4, 28, 16, 0)),
        # Tuesday 29/04/2025 16:00: one hour, then 30/04-04/05 off, seven hours on Monday 05/05.
        (at(2025, 4, 29, 16, 0), working_days(1), at(2025, 5, 5, 16, 0)),
        # 30 working days across Hùng Kings' day (07/04/2025) end on the make-up Saturday.
        (at(2025, 3, 14, 16, 30), working_days(30), at(2025, 4, 26, 16, 30)),
    ],
)
def test_working_days(received: datetime, duration: Duration, expected: datetime) -> None:
    assert due(received, duration) == expected


def test_counting_starts_at_the_next_open_moment() -> None:
    deadline = compute_deadline(at(2025, 3, 14, 18, 0), working_days(3), CALENDAR)
    assert deadline.received_at == at(2025, 3, 14, 18, 0)
    assert deadline.counting_from == at(2025, 3, 17, 7, 30)
    assert deadline.due_at == at(2025, 3, 19, 17, 0)


@pytest.mark.parametrize(
    ("received", "hours", "expected"),
    [
        (at(2025, 3, 12, 10, 0), 4, at(2025, 3, 12, 15, 30)),  # 1h30 morning, 2h30 afternoon
        (at(2025, 3, 12, 10, 0), 8, at(2025, 3, 13, 10, 0)),
        (at(2025, 3, 12, 7, 30), 4, at(2025, 3, 12, 11, 30)),  # ends at lunch, stays there
    ],
)
def test_working_hours(received: datetime, hours: int, expected: datetime) -> None:
    assert due(received, Duration(hours, DurationUnit.WORKING_HOURS)) == expected


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        (at(2025, 4, 23, 9, 0), 5, at(2025, 4, 28, 17, 0)),
        # Last day a Saturday: the period ends on Monday (Civil Code 2015 art. 148).
        (at(2025, 3, 11, 9, 0), 4, at(2025, 3, 17, 17, 0)),
        # Last day 30/04/2025: 30/04-04/05 are off, so Monday 05/05.
        (at(2025, 4, 25, 9, 0), 5, at(2025, 5, 5, 17, 0)),
    ],
)
def test_calendar_days(received: datetime, days: int, expected: datetime) -> None:
    assert due(received, Duration(days, DurationUnit.CALENDAR_DAYS)) == expected


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (at(2025, 3, 12, 6, 45), at(2025, 3, 12, 17, 0)),  # before opening
        (at(2025, 3, 12, 12, 0), at(2025, 3, 12, 17, 0)),  # lunch, before the cutoff
        (at(2025, 3, 12, 14, 59), at(2025, 3, 12, 17, 0)),
        (at(2025, 3, 12, 15, 0), at(2025, 3, 13, 17, 0)),  # at the cutoff: next working day
        (at(2025, 3, 14, 15, 30), at(2025, 3, 17, 17, 0)),  # Friday after 15:00: Monday
        (at(2025, 3, 15, 9, 0), at(2025, 3, 17, 17, 0)),  # ordinary Saturday
        (at(2025, 4, 26, 10, 0), at(2025, 4, 26, 17, 0)),  # make-up Saturday
        (at(2025, 1, 29, 9, 0), at(2025, 2, 3, 17, 0)),  # during Tết 2025
        (at(2026, 2, 13, 15, 30), at(2026, 2, 23, 17, 0)),  # Friday before Tết 2026, late
    ],
)
def test_same_day_with_the_15_00_rule(received: datetime, expected: datetime) -> None:
    assert due(received, SAME_DAY) == expected


def test_office_closure_pushes_the_due_date() -> None:
    calendar = WorkingCalendar(extra_closures={date(2025, 3, 13): "Tổng vệ sinh trụ sở"})
    assert due(at(2025, 3, 12, 16, 0), working_days(1), calendar) == at(2025, 3, 14, 16, 0)
    assert due(at(2025, 3, 12, 15, 30), SAME_DAY, calendar) == at(2025, 3, 14, 17, 0)


def test_extra_working_saturday_counts() -> None:
    calendar = WorkingCalendar(extra_working_days=[date(2025, 3, 15)])
    assert due(at(2025, 3, 14, 16, 0), working_days(1), calendar) == at(2025, 3, 15, 16, 0)
    assert due(at(2025, 3, 15, 9, 0), SAME_DAY, calendar) == at(2025, 3, 15, 17, 0)


def test_office_hours_change_the_length_of_a_working_day() -> None:
    hours = OfficeHours(
        morning_start=time(8, 0),
        morning_end=time(12, 0),
        afternoon_start=time(13, 30),
        same_day_cutoff=time(16, 0),
    )
    calendar = WorkingCalendar(hours)
    assert due(at(2025, 3, 10, 8, 0), working_days(1), calendar) == at(2025, 3, 10, 17, 0)
    assert due(at(2025, 3, 10, 15, 30), SAME_DAY, calendar) == at(2025, 3, 10, 17, 0)


def test_utc_receipt_time_is_read_in_office_time() -> None:
    # 09:30 UTC is 16:30 at the office: after the 15:00 cutoff, although 09:30 is not.
    deadline = compute_deadline(datetime(2025, 3, 12, 9, 30, tzinfo=UTC), SAME_DAY, CALENDAR)
    assert deadline.received_at == at(2025, 3, 12, 16, 30)
    assert deadline.due_at == at(2025, 3, 13, 17, 0)
    assert deadline.due_at.tzinfo is OFFICE_TZ
    # 01:00 UTC is 08:00 at the office (UTC+7 all year: no daylight saving).
    assert due(datetime(2025, 3, 12, 1, 0, tzinfo=UTC), working_days(1)) == at(2025, 3, 13, 8, 0)
    assert due(datetime(2025, 7, 9, 1, 0, tzinfo=UTC), working_days(1)) == at(2025, 7, 10, 8, 0)


def test_naive_receipt_time_is_refused() -> None:
    with pytest.raises(ValidationError):
        compute_deadline(datetime(2025, 3, 12, 9, 0), working_days(1), CALENDAR)


@pytest.mark.parametrize(
    ("duration", "wording"),
    [
        (Duration(3, DurationUnit.WORKING_DAYS), "03 ngày làm việc"),
        (Duration(15, DurationUnit.WORKING_DAYS), "15 ngày làm việc"),
        (Duration(5, DurationUnit.CALENDAR_DAYS), "05 ngày"),
        (Duration(8, DurationUnit.WORKING_HOURS), "8 giờ làm việc"),
        (SAME_DAY, "Trong ngày"),
    ],
)
def test_receipt_wording(duration: Duration, wording: str) -> None:
    assert describe_duration(duration) == wording


@pytest.mark.parametrize(
    ("value", "unit"),
    [
        (-1, DurationUnit.WORKING_DAYS),
        (0, DurationUnit.WORKING_DAYS),
        (0, DurationUnit.CALENDAR_DAYS),
        (0, DurationUnit.WORKING_HOURS),
        (1, DurationUnit.SAME_DAY),
    ],
)
def test_impossible_durations_are_refused(value: int, unit: DurationUnit) -> None:
    with pytest.raises(ValidationError):
        Duration(value, unit)


def test_catalogue_unit_strings_are_stable() -> None:
    assert [u.value for u in DurationUnit] == [
        "working_days",
        "calendar_days",
        "working_hours",
        "same_day",
    ]


def test_pause_for_supplement_moves_the_due_date_by_the_working_time_lost() -> None:
    # Due Thursday 13:00; asked to supplement Wednesday 14:00, back Friday 09:00. Seven
    # working hours were left at the pause: Friday 09:00 + 7h = Monday 08:00.
    shifted = shift_for_pause(
        at(2025, 3, 13, 13, 0), at(2025, 3, 12, 14, 0), at(2025, 3, 14, 9, 0), CALENDAR
    )
    assert shifted == at(2025, 3, 17, 8, 0)


def test_pause_outside_office_hours_changes_nothing() -> None:
    due_at = at(2025, 3, 18, 17, 0)
    assert shift_for_pause(due_at, at(2025, 3, 14, 17, 0), at(2025, 3, 17, 7, 30), CALENDAR) == (
        due_at
    )


def test_pause_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(ValidationError):
        shift_for_pause(
            at(2025, 3, 18, 17, 0), at(2025, 3, 14, 9, 0), at(2025, 3, 13, 9, 0), CALENDAR
        )


ZONES = st.sampled_from([OFFICE_TZ, UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")])
receipts = st.datetimes(
    min_value=datetime(2020, 1, 1),
    max_value=datetime(2030, 12, 31, 23, 59),
    timezones=ZONES,
    allow_imaginary=False,
)
durations = st.one_of(
    st.just(SAME_DAY),
    st.builds(Duration, st.integers(1, 60), st.just(DurationUnit.WORKING_DAYS)),
    st.builds(Duration, st.integers(1, 90), st.just(DurationUnit.CALENDAR_DAYS)),
    st.builds(Duration, st.integers(1, 200), st.just(DurationUnit.WORKING_HOURS)),
)
counted_units = st.sampled_from(
    [DurationUnit.WORKING_DAYS, DurationUnit.CALENDAR_DAYS, DurationUnit.WORKING_HOURS]
)


def within_office_hours(moment: datetime) -> bool:
    t = moment.time()
    return any(start <= t <= end for start, end in CALENDAR.hours.periods)


@settings(max_examples=200, deadline=None)
@given(receipts, durations)
def test_due_is_never_before_receipt_and_always_in_office_hours(
    received: datetime, duration: Duration
) -> None:
    deadline = compute_deadline(received, duration, CALENDAR)
    # Same instant (compared as timestamps: PEP 495 makes an ambiguous Berlin time unequal).
    assert deadline.received_at.timestamp() == received.timestamp()
    assert received <= deadline.counting_from <= deadline.due_at
    assert deadline.due_at.tzinfo is OFFICE_TZ
    assert CALENDAR.is_working_day(deadline.due_at.date())
    assert within_office_hours(deadline.due_at)


@settings(max_examples=200, deadline=None)
@given(receipts, counted_units, st.integers(1, 40), st.integers(0, 20))
def test_longer_durations_are_never_due_earlier(
    received: datetime, unit: DurationUnit, shorter: int, extra: int
) -> None:
    assert due(received, Duration(shorter, unit)) <= due(received, Duration(shorter + extra, unit))


@settings(max_examples=200, deadline=None)
@given(receipts, st.integers(1, 40))
def test_a_working_day_is_eight_working_hours(received: datetime, n: int) -> None:
    as_days = due(received, Duration(n, DurationUnit.WORKING_DAYS))
    assert as_days == due(received, Duration(8 * n, DurationUnit.WORKING_HOURS))


@settings(max_examples=200, deadline=None)
@given(receipts)
def test_same_day_is_due_on_the_day_received_or_the_next_working_day(received: datetime) -> None:
    received_day = received.astimezone(OFFICE_TZ).date()
    due_day = due(received, SAME_DAY).date()
    assert due_day in {received_day, CALENDAR.next_working_day(received_day)}


@settings(max_examples=200, deadline=None)
@given(receipts, st.integers(1, 20), st.integers(0, 10 * 24 * 60), st.integers(0, 10 * 24 * 60))
def test_a_pause_never_brings_the_due_date_forward(
    received: datetime, n: int, start_after: int, length: int
) -> None:
    due_at = due(received, working_days(n))
    paused_from = received + timedelta(minutes=start_after)
    shifted = shift_for_pause(
        due_at, paused_from, paused_from + timedelta(minutes=length), CALENDAR
    )
    assert shifted >= due_at
    assert CALENDAR.is_working_day(shifted.date())
    assert within_office_hours(shifted)


# --- the official 2026 table, by due date ------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "duration", "expected"),
    [
        # Wednesday 31/12/2025 16:00: one hour, then 1/1 and the swapped Friday 2/1 are off
        # (Công văn 12729/VPCP-KGVX), seven hours on Monday 5/1.
        (at(2025, 12, 31, 16, 0), working_days(1), at(2026, 1, 5, 16, 0)),
        # Friday 9/1 15:00: two hours on Friday, six on the make-up Saturday 10/1.
        (at(2026, 1, 9, 15, 0), working_days(1), at(2026, 1, 10, 15, 0)),
        (at(2026, 1, 9, 15, 30), SAME_DAY, at(2026, 1, 10, 17, 0)),  # after 15:00: Saturday
        (at(2026, 1, 2, 9, 0), SAME_DAY, at(2026, 1, 5, 17, 0)),  # online on the swapped Friday
        # 24/11/2026 is an ordinary Tuesday (the package would make it a day off).
        (at(2026, 11, 23, 16, 0), working_days(1), at(2026, 11, 24, 16, 0)),
        (at(2026, 11, 24, 10, 0), SAME_DAY, at(2026, 11, 24, 17, 0)),
        (at(2026, 11, 20, 10, 0), Duration(4, DurationUnit.CALENDAR_DAYS), at(2026, 11, 24, 17, 0)),
    ],
)
def test_due_dates_follow_the_official_2026_table(
    received: datetime, duration: Duration, expected: datetime
) -> None:
    assert due(received, duration) == expected
    assert due(received, duration, method=CIVIL) >= expected


def test_the_2026_new_year_by_the_civil_code() -> None:
    # Received Wednesday 31/12/2025: the first counted day is Monday 5/1, the second Tuesday.
    deadline = compute_deadline(at(2025, 12, 31, 16, 0), working_days(2), CALENDAR, CIVIL)
    assert deadline.counting_from == at(2026, 1, 5, 7, 30)
    assert deadline.due_at == at(2026, 1, 6, 17, 0)
    # Friday 9/1: the make-up Saturday 10/1 is the first counted day.
    assert due(at(2026, 1, 9, 10, 0), working_days(1), method=CIVIL) == at(2026, 1, 10, 17, 0)


# --- both counting methods across Tết 2026 and the 2 September 2026 break -----------------------


@pytest.mark.parametrize(
    ("received", "n", "by_hours", "by_civil_code"),
    [
        # Tết Bính Ngọ: off from Saturday 14/02 to Sunday 22/02/2026 (16-20/02 the Tết days).
        (at(2026, 2, 13, 14, 0), 2, at(2026, 2, 24, 14, 0), at(2026, 2, 24, 17, 0)),
        (at(2026, 2, 12, 10, 0), 3, at(2026, 2, 24, 10, 0), at(2026, 2, 24, 17, 0)),
        # Before opening on Friday 13/02: working hours count Friday as the first day; the
        # Civil Code never counts the day of receipt, so its first day is Monday 23/02.
        (at(2026, 2, 13, 7, 0), 1, at(2026, 2, 13, 17, 0), at(2026, 2, 23, 17, 0)),
        # Received online during Tết: both start on Monday 23/02.
        (at(2026, 2, 18, 9, 0), 1, at(2026, 2, 23, 17, 0), at(2026, 2, 23, 17, 0)),
        # National Day: off from Saturday 29/08 to Wednesday 02/09/2026 (Monday 31/08 swapped
        # with Saturday 22/08). At 16:59 on Friday 28/08 one minute counts that day by hours.
        (at(2026, 8, 28, 16, 59), 1, at(2026, 9, 3, 16, 59), at(2026, 9, 3, 17, 0)),
        (at(2026, 8, 28, 17, 30), 1, at(2026, 9, 3, 17, 0), at(2026, 9, 3, 17, 0)),  # after hours
        (at(2026, 8, 31, 9, 0), 2, at(2026, 9, 4, 17, 0), at(2026, 9, 4, 17, 0)),  # a day off
        (at(2026, 8, 27, 9, 0), 3, at(2026, 9, 4, 9, 0), at(2026, 9, 4, 17, 0)),
        # The make-up Saturday 22/08 counts under both.
        (at(2026, 8, 21, 10, 0), 2, at(2026, 8, 24, 10, 0), at(2026, 8, 24, 17, 0)),
    ],
)
def test_both_counting_methods_across_the_2026_breaks(
    received: datetime, n: int, by_hours: datetime, by_civil_code: datetime
) -> None:
    assert due(received, working_days(n), method=HOURS) == by_hours
    assert due(received, working_days(n), method=CIVIL) == by_civil_code


def test_civil_code_counting_starts_at_the_opening_of_the_day_after_receipt() -> None:
    deadline = compute_deadline(at(2026, 8, 28, 16, 59), working_days(1), CALENDAR, CIVIL)
    assert deadline.received_at == at(2026, 8, 28, 16, 59)
    assert deadline.counting_from == at(2026, 9, 3, 7, 30)
    assert deadline.due_at == at(2026, 9, 3, 17, 0)


def test_the_default_method_is_working_hours() -> None:
    received = at(2026, 8, 28, 16, 59)
    assert compute_deadline(received, working_days(1), CALENDAR) == compute_deadline(
        received, working_days(1), CALENDAR, HOURS
    )


def test_civil_code_with_the_offices_own_hours_ends_at_its_closing_time() -> None:
    calendar = WorkingCalendar(
        OfficeHours(morning_start=time(8, 0), afternoon_end=time(16, 30)), official=OFFICIAL
    )
    deadline = compute_deadline(at(2026, 3, 10, 9, 0), working_days(2), calendar, CIVIL)
    assert deadline.counting_from == at(2026, 3, 11, 8, 0)
    assert deadline.due_at == at(2026, 3, 12, 16, 30)


methods = st.sampled_from([HOURS, CIVIL])


def is_open_moment(moment: datetime) -> bool:
    local = moment.astimezone(OFFICE_TZ)
    return CALENDAR.is_working_day(local.date()) and local.time() < CALENDAR.hours.afternoon_end


@settings(max_examples=300, deadline=None)
@given(receipts, st.integers(1, 40))
def test_civil_code_due_is_the_close_of_the_nth_working_day_after_receipt(
    received: datetime, n: int
) -> None:
    deadline = compute_deadline(received, working_days(n), CALENDAR, CIVIL)
    received_day = received.astimezone(OFFICE_TZ).date()
    due_day = deadline.due_at.date()
    assert deadline.due_at == datetime.combine(due_day, time(17, 0), tzinfo=OFFICE_TZ)
    assert CALENDAR.is_working_day(due_day)
    assert CALENDAR.working_days_in(received_day + timedelta(days=1), due_day) == n
    first_day = CALENDAR.next_working_day(received_day)
    assert deadline.counting_from == datetime.combine(first_day, time(7, 30), tzinfo=OFFICE_TZ)
    assert received < deadline.counting_from < deadline.due_at


@settings(max_examples=300, deadline=None)
@given(receipts, st.integers(1, 40))
def test_civil_code_is_never_earlier_and_at_most_one_working_day_later(
    received: datetime, n: int
) -> None:
    by_hours = due(received, working_days(n), method=HOURS)
    by_civil_code = due(received, working_days(n), method=CIVIL)
    assert by_hours <= by_civil_code
    assert CALENDAR.working_time_between(by_hours, by_civil_code) <= timedelta(hours=8)
    if not is_open_moment(received):  # after closing or on a day off: the two agree
        assert by_hours == by_civil_code


@settings(max_examples=200, deadline=None)
@given(receipts, durations)
def test_only_working_days_depend_on_the_method(received: datetime, duration: Duration) -> None:
    by_hours = compute_deadline(received, duration, CALENDAR, HOURS)
    by_civil_code = compute_deadline(received, duration, CALENDAR, CIVIL)
    if duration.unit is not DurationUnit.WORKING_DAYS:
        assert by_hours == by_civil_code


@settings(max_examples=200, deadline=None)
@given(receipts, durations, methods)
def test_due_is_after_receipt_on_a_working_day_in_office_hours_under_either_method(
    received: datetime, duration: Duration, method: CountingMethod
) -> None:
    deadline = compute_deadline(received, duration, CALENDAR, method)
    assert received <= deadline.counting_from <= deadline.due_at
    assert CALENDAR.is_working_day(deadline.due_at.date())
    assert within_office_hours(deadline.due_at)


@settings(max_examples=200, deadline=None)
@given(receipts, st.integers(1, 40), st.integers(0, 20))
def test_longer_periods_are_never_due_earlier_by_the_civil_code(
    received: datetime, shorter: int, extra: int
) -> None:
    assert due(received, working_days(shorter), method=CIVIL) <= due(
        received, working_days(shorter + extra), method=CIVIL
    )
