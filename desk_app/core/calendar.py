"""The office's working calendar: which days are open, which hours, and working-time arithmetic.

Reference section 4: Saturdays and Sundays are off; days off and make-up working days come from
the official table (`core.official_calendar`) for a year it covers, and from the ``holidays``
package (VN, Vietnamese names) only for a year it does not, which the calendar reports
(`is_official`); the office's own overrides win over both. Office hours are configuration, not
law.

Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975, so arithmetic on the office's
wall-clock times is exact for every date the software handles.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from zoneinfo import ZoneInfo

from desk_app.core.errors import N_, ValidationError
from desk_app.core.official_calendar import OfficialYear
from desk_app.core.text import clean

OFFICE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_ONE_DAY = timedelta(days=1)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class OfficeHours:
    """The office's opening hours in local time (reference section 4: offices differ, so these
    are configuration). Whole minutes only, so a working day is a whole number of minutes."""

    morning_start: time = time(7, 30)
    morning_end: time = time(11, 30)
    afternoon_start: time = time(13, 0)
    afternoon_end: time = time(17, 0)
    # A same-day request received after 15:00 is done the next working day: Decree
    # 23/2015/NĐ-CP art. 7 for certification, Luật Hộ tịch 2014 art. 5(3) for civil-status acts
    # with no other time limit (reference §4).
    same_day_cutoff: time = time(15, 0)

    def __post_init__(self) -> None:
        for t in (
            self.morning_start,
            self.morning_end,
            self.afternoon_start,
            self.afternoon_end,
            self.same_day_cutoff,
        ):
            if t.second or t.microsecond:
                raise ValidationError(
                    N_("Giờ làm việc chỉ được ghi đến phút, không ghi giây: {value}."),
                    field="office_hours",
                    value=t.isoformat(),
                )
        if not (self.morning_start < self.morning_end <= self.afternoon_start < self.afternoon_end):
            raise ValidationError(
                N_(
                    "Giờ làm việc không hợp lệ: buổi sáng phải bắt đầu trước khi kết thúc, "
                    "buổi chiều phải bắt đầu sau buổi sáng và kết thúc sau khi bắt đầu."
                ),
                field="office_hours",
            )
        if not self.morning_start < self.same_day_cutoff <= self.afternoon_end:
            raise ValidationError(
                N_(
                    "Giờ chốt nhận hồ sơ trả trong ngày ({cutoff}) phải nằm trong giờ làm việc, "
                    "từ {opening} đến {closing}."
                ),
                field="same_day_cutoff",
                cutoff=self.same_day_cutoff.strftime("%H:%M"),
                opening=self.morning_start.strftime("%H:%M"),
                closing=self.afternoon_end.strftime("%H:%M"),
            )

    @property
    def periods(self) -> tuple[tuple[time, time], tuple[time, time]]:
        """The morning and afternoon sessions, in order."""
        return (
            (self.morning_start, self.morning_end),
            (self.afternoon_start, self.afternoon_end),
        )

    @property
    def minutes_per_day(self) -> int:
        """Working minutes in one open day (480 with the default hours: 8 hours, reference §4)."""
        return sum(_minutes(end) - _minutes(start) for start, end in self.periods)


def to_office_time(at: datetime) -> datetime:
    """``at`` converted to the office's zone; a naive datetime is refused, since its zone is a
    guess and a guessed receipt time would shift every deadline."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValidationError(
            N_("Thời điểm {value} không có múi giờ nên không thể tính thời hạn."),
            value=at.isoformat(sep=" "),
        )
    return at.astimezone(OFFICE_TZ)


def office_time_text(at: datetime) -> tuple[str, str]:
    """(``HH:MM``, ``dd/mm/yyyy``) in office time, as receipts and screens show a moment,
    whatever zone the computer itself is set to."""
    local = to_office_time(at)
    return local.strftime("%H:%M"), local.strftime("%d/%m/%Y")


def _office_wall_clock(at: datetime) -> datetime:
    """``at`` as naive office wall-clock time, for fast arithmetic (no DST in UTC+7)."""
    return to_office_time(at).replace(tzinfo=None)


class DayOrigin(StrEnum):
    """Where a listed day's status comes from; the values appear in ``calendar show --json``."""

    OFFICIAL = "official"  # the official table (`core.official_calendar`)
    LIBRARY = "library"  # the ``holidays`` package, for a year the table does not cover
    OFFICE = "office"  # the office's own closure or opened day


@dataclass(frozen=True, order=True)
class ListedDay:
    """A day that is not "weekdays open, weekends closed", or a holiday on a weekend: a day off
    or a weekend working day, its name and where it comes from (``source``: the deciding text
    for an official day, empty otherwise)."""

    day: date
    is_working: bool
    name: str
    origin: DayOrigin
    source: str = ""


class WorkingCalendar:
    """Working days and working time of one office.

    Each year's days are classified once, on first use, into plain dictionaries: the calendar
    sits in hot paths (the due date shown live while the officer types), where the ``holidays``
    package's own lookups would be the slow part. ``official`` holds the years of the official
    table; for those the package is not consulted at all.
    """

    def __init__(
        self,
        hours: OfficeHours = OfficeHours(),
        *,
        official: Mapping[int, OfficialYear] | None = None,
        extra_closures: Mapping[date, str] | None = None,
        extra_working_days: Iterable[date] = (),
    ) -> None:
        self.hours = hours
        # Kept as given (not copied), so a holder can tell which table a calendar was built on.
        self.official: Mapping[int, OfficialYear] = (
            official if official is not None else MappingProxyType({})
        )
        self._extra_closures = {
            day: clean(reason) for day, reason in (extra_closures or {}).items()
        }
        self._extra_working_days = frozenset(extra_working_days)
        both = sorted(self._extra_working_days & self._extra_closures.keys())
        if both:
            raise ValidationError(
                N_("Ngày {day} không thể vừa là ngày nghỉ vừa là ngày làm việc bù."),
                field="extra_working_days",
                day=both[0].strftime("%d/%m/%Y"),
            )
        self._working: dict[date, bool] = {}
        self._closure_names: dict[date, str] = {}
        self._listed: dict[int, tuple[ListedDay, ...]] = {}

    def is_official(self, year: int) -> bool:
        """Whether ``year`` is covered by the official table (else the ``holidays`` package is
        a stand-in, and the app says so)."""
        return year in self.official

    def official_source(self, year: int) -> str | None:
        """The notices that decided ``year``, or None when the table does not cover it."""
        table = self.official.get(year)
        return table.source if table is not None else None

    def listed_days(self, year: int) -> tuple[ListedDay, ...]:
        """``year``'s days off and make-up working days in date order, the office's own
        overrides in place of what they override (what ``desk-app calendar show`` prints)."""
        if year not in self._listed:
            self._load_year(year)
        return self._listed[year]

    def _national_days(self, year: int) -> dict[date, ListedDay]:
        table = self.official.get(year)
        if table is not None:
            return {
                d.day: ListedDay(d.day, d.is_working, d.name, DayOrigin.OFFICIAL, d.source)
                for d in table.days
            }
        # Imported on the first year the table does not cover, not with this module: it costs
        # ~45 ms of the counter window's start.
        import holidays

        public = holidays.country_holidays("VN", years=year, language="vi")
        days: dict[date, ListedDay] = {}
        day = date(year, 1, 1)
        while day.year == year:
            # Weekends off except listed make-up Saturdays; holidays off, including swaps.
            working = public.is_working_day(day)
            name = public.get(day)
            if name is not None or working != (day.weekday() < 5):
                days[day] = ListedDay(day, working, name or "", DayOrigin.LIBRARY)
            day += _ONE_DAY
        return days

    def _load_year(self, year: int) -> None:
        days = self._national_days(year)
        for day, reason in self._extra_closures.items():
            if day.year == year:
                days[day] = ListedDay(day, False, reason, DayOrigin.OFFICE)
        for day in self._extra_working_days:
            if day.year == year:
                days[day] = ListedDay(day, True, "", DayOrigin.OFFICE)
        working: dict[date, bool] = {}
        names: dict[date, str] = {}
        day = date(year, 1, 1)
        while day.year == year:
            listed = days.get(day)
            if listed is None:
                working[day] = day.weekday() < 5
            else:
                working[day] = listed.is_working
                if not listed.is_working and listed.name:
                    names[day] = listed.name
            day += _ONE_DAY
        # Names and listings first: a reader that finds the day in ``_working`` finds them too.
        self._closure_names.update(names)
        self._listed[year] = tuple(sorted(days.values()))
        self._working.update(working)

    def is_working_day(self, day: date) -> bool:
        """Whether the office is open on ``day``."""
        working = self._working.get(day)
        if working is None:
            self._load_year(day.year)
            working = self._working[day]
        return working

    def _ensure_loaded(self, day: date) -> None:
        if day not in self._working:
            self._load_year(day.year)

    def holiday_name(self, day: date) -> str | None:
        """The day off's Vietnamese name or the office's reason for closing on ``day``; None
        when none is recorded, or when the office is open that day."""
        self._ensure_loaded(day)
        return self._closure_names.get(day)

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after ``day``."""
        day += _ONE_DAY
        while not self.is_working_day(day):
            day += _ONE_DAY
        return day

    def working_days_in(self, start: date, end: date) -> int:
        """How many working days lie in ``start``..``end``, both included (0 if end < start)."""
        count = 0
        day = start
        while day <= end:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def _sessions(self, day: date) -> list[tuple[datetime, datetime]]:
        """A working day's open sessions as office wall-clock times (naive: exact in UTC+7)."""
        return [
            (datetime.combine(day, start), datetime.combine(day, end))
            for start, end in self.hours.periods
        ]

    def next_open(self, at: datetime) -> datetime:
        """The first moment at or after ``at`` when the office is open (reference §4: after
        closing, the next working morning; during lunch, the afternoon start). A session's end
        is not open: at exactly 17:00 the next moment is the next working morning."""
        wall = _office_wall_clock(at)
        day = wall.date()
        while True:
            if self.is_working_day(day):
                for start, end in self._sessions(day):
                    if wall < end:
                        return max(wall, start).replace(tzinfo=OFFICE_TZ)
            day = self.next_working_day(day)
            wall = datetime.combine(day, time(0))

    def add_working_time(self, start: datetime, amount: timedelta) -> datetime:
        """The moment when ``amount`` of open-office time has passed since ``start``, skipping
        lunch, nights and days off. An end that lands exactly on a session's end stays there
        (17:00 is a valid due time), so a zero ``amount`` returns ``start`` when it is open."""
        if amount < timedelta(0):
            raise ValueError("amount of working time must not be negative")
        wall = _office_wall_clock(start)
        remaining = amount
        full_day = timedelta(minutes=self.hours.minutes_per_day)
        day = wall.date()
        while True:
            if self.is_working_day(day):
                opening = datetime.combine(day, self.hours.morning_start)
                if remaining > full_day and wall <= opening:
                    # Whole days first, the hot path for long durations. Strictly more than a
                    # day, so an exact number of days still ends at closing time.
                    remaining -= full_day
                    wall = datetime.combine(day, self.hours.afternoon_end)
                else:
                    for session_start, session_end in self._sessions(day):
                        if wall > session_end:
                            continue
                        wall = max(wall, session_start)
                        available = session_end - wall
                        if remaining <= available:
                            return (wall + remaining).replace(tzinfo=OFFICE_TZ)
                        remaining -= available
                        wall = session_end
            day = self.next_working_day(day)

    def working_time_between(self, start: datetime, end: datetime) -> timedelta:
        """Open-office time between two moments (zero if ``end`` is not after ``start``)."""
        start, end = _office_wall_clock(start), _office_wall_clock(end)
        total = timedelta(0)
        day = start.date()
        while day <= end.date():
            if self.is_working_day(day):
                for session_start, session_end in self._sessions(day):
                    overlap = min(end, session_end) - max(start, session_start)
                    if overlap > timedelta(0):
                        total += overlap
            day += _ONE_DAY
        return total
