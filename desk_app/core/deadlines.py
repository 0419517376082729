"""Due dates: from the moment a dossier is received and the procedure's legal duration.

The rules (reference section 4) are encoded in `compute_deadline`; the calendar decides which
days and hours are open. Deadlines are never moved by the software on its own: the only shift
offered here is for time spent waiting for the citizen, which the service applies and records.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from desk_app.core.calendar import OFFICE_TZ, WorkingCalendar, to_office_time
from desk_app.core.errors import N_, ValidationError
from desk_app.core.rules import CountingMethod


class DurationUnit(StrEnum):
    """How a procedure's legal duration is counted. The values are stored in the procedure
    catalogue files: never change them."""

    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"


# Receipt item 3 ("Thời gian giải quyết hồ sơ theo quy định là: ...") writes days with two digits.
_WORDING_VI: dict[DurationUnit, str] = {
    DurationUnit.WORKING_DAYS: N_("{value:02d} ngày làm việc"),
    DurationUnit.CALENDAR_DAYS: N_("{value:02d} ngày"),
    DurationUnit.WORKING_HOURS: N_("{value} giờ làm việc"),
    DurationUnit.SAME_DAY: N_("Trong ngày"),
}


@dataclass(frozen=True)
class Duration:
    """A procedure's legal duration. ``SAME_DAY`` carries no number (value 0); every other unit
    needs at least 1, since a zero period would be the same-day rule without its 15:00 cutoff."""

    value: int
    unit: DurationUnit

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValidationError(
                N_("Thời hạn giải quyết không được là số âm ({value})."),
                field="duration",
                value=self.value,
            )
        if self.unit == DurationUnit.SAME_DAY and self.value != 0:
            raise ValidationError(
                N_("Thủ tục trả kết quả trong ngày không ghi số ngày, nhưng đã ghi {value}."),
                field="duration",
                value=self.value,
            )
        if self.unit != DurationUnit.SAME_DAY and self.value == 0:
            raise ValidationError(
                N_(
                    "Thời hạn giải quyết phải lớn hơn 0; thủ tục trả kết quả ngay "
                    "hãy chọn loại thời hạn trong ngày."
                ),
                field="duration",
            )


def describe_duration(
    duration: Duration, translate: Callable[[str], str] = lambda msgid: msgid
) -> str:
    """The duration as the receipt's item 3 words it: "03 ngày làm việc", "Trong ngày".

    Screens in English pass their catalogue's ``translate``; printed forms stay Vietnamese.
    """
    return translate(_WORDING_VI[duration.unit]).format(value=duration.value)


@dataclass(frozen=True)
class Deadline:
    """A dossier's deadline. All three moments are aware, in `OFFICE_TZ`.

    ``counting_from`` is when the office's time to handle the dossier starts running: the first
    open moment at or after receipt, or, for working days counted by the Civil Code, the
    opening of the first counted day (the day after receipt).
    """

    received_at: datetime
    counting_from: datetime
    due_at: datetime


def compute_deadline(
    received_at: datetime,
    duration: Duration,
    calendar: WorkingCalendar,
    method: CountingMethod = CountingMethod.WORKING_HOURS,
) -> Deadline:
    """The deadline of a dossier received at ``received_at`` (aware, any zone).

    - Working days, ``method`` WORKING_HOURS (the default): one working day is the office's
      working minutes per day (8 hours with the default hours, reference §4). Counting starts at
      the next open moment: after closing, the next working morning; during lunch, the
      afternoon start (reference §4). The due time is that much open-office time later; landing
      exactly on 17:00 stays at 17:00.
    - Working days, ``method`` CIVIL_CODE: whole days. The day of receipt is not counted, the
      period starts on the next day (Civil Code 2015 art. 147(2)), and N working days end at the
      close of the N-th working day after the day of receipt (art. 148). The Code ends a day
      at 24:00; a dossier is handled in office hours, so the office's closing time stands for
      the end of the day - a convention of this software, printed as the due time. Days off
      are skipped, as a period ending on one ends on the next working day (art. 148).
    - Working hours: the working-hours count above, under either method (art. 147(1): a period
      in hours runs from the moment set).
    - Calendar days: the period ends on the received date + N days at closing time; if that
      day is not a working day, at closing time of the next working day (Civil Code 2015,
      arts. 147-148), under either method.
    - Same day: received on a working day before the cutoff (15:00 by default) -> closing
      time that day; at or after the cutoff, or on a day off -> closing time of the next
      working day (Decree 23/2015/NĐ-CP art. 7 for certification; Luật Hộ tịch 2014 art. 5(3)
      for civil-status acts), under either method.
    """
    received = to_office_time(received_at)
    counting_from = calendar.next_open(received)
    hours = calendar.hours
    match duration.unit:
        case DurationUnit.WORKING_DAYS if method is CountingMethod.CIVIL_CODE:
            first_day = calendar.next_working_day(received.date())
            counting_from = datetime.combine(first_day, hours.morning_start, tzinfo=OFFICE_TZ)
            last_day = first_day
            for _ in range(duration.value - 1):
                last_day = calendar.next_working_day(last_day)
            due = _closing_time(last_day, calendar)
        case DurationUnit.WORKING_DAYS:
            working_day = timedelta(minutes=hours.minutes_per_day)
            due = calendar.add_working_time(counting_from, duration.value * working_day)
        case DurationUnit.WORKING_HOURS:
            due = calendar.add_working_time(counting_from, timedelta(hours=duration.value))
        case DurationUnit.CALENDAR_DAYS:
            last_day = received.date() + timedelta(days=duration.value)
            if not calendar.is_working_day(last_day):
                last_day = calendar.next_working_day(last_day)
            due = _closing_time(last_day, calendar)
        case DurationUnit.SAME_DAY:
            day = received.date()
            before_cutoff = received.time() < hours.same_day_cutoff
            if not (calendar.is_working_day(day) and before_cutoff):
                day = calendar.next_working_day(day)
            due = _closing_time(day, calendar)
    return Deadline(received_at=received, counting_from=counting_from, due_at=due)


def _closing_time(day: date, calendar: WorkingCalendar) -> datetime:
    return datetime.combine(day, calendar.hours.afternoon_end, tzinfo=OFFICE_TZ)


def shift_for_pause(
    due_at: datetime, paused_from: datetime, paused_until: datetime, calendar: WorkingCalendar
) -> datetime:
    """The due time after a pause while the office waited for the citizen to supplement the
    dossier: later by the open-office time the pause covered, so the office keeps exactly the
    working time it had left (reference §4, marked "check: local practice"). The caller keeps
    the original due time beside the new one."""
    paused_from, paused_until = to_office_time(paused_from), to_office_time(paused_until)
    if paused_until < paused_from:
        raise ValidationError(
            N_(
                "Thời điểm nhận đủ hồ sơ bổ sung ({until}) không được trước thời điểm "
                "yêu cầu bổ sung ({since})."
            ),
            field="paused_until",
            until=paused_until.strftime("%H:%M %d/%m/%Y"),
            since=paused_from.strftime("%H:%M %d/%m/%Y"),
        )
    paused = calendar.working_time_between(paused_from, paused_until)
    return calendar.add_working_time(due_at, paused)
