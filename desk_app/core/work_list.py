"""The work list's buckets and the moments that divide them (issue 10, "Deadlines in sight").

A dossier the office is working on (received, or with a handling unit) is:

- **overdue** once its due time has passed;
- **due today** when its due time is later today (office time);
- **due soon** when it falls after today, up to the end of the N-th working day after today
  (N = the office's ``due_soon_days``, working days of the office calendar, so a weekend or a
  holiday does not eat the warning);

and, in any of these, **about to be late** when its due time comes before the end of the next
working day: the last moment to make the apology and new appointment (Mẫu 04), which must
precede the due time (reference §4), so the GUI proposes the pre-filled form then.

A dossier waiting for the citizen's supplement has its clock stopped (reference §4): it is
never overdue, only **waiting for supplement**. A result back at the desk is **ready to return**.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType

from desk_app.core.calendar import OFFICE_TZ, WorkingCalendar
from desk_app.core.errors import N_, ValidationError

MAX_DUE_SOON_DAYS = 20  # a month of working days: a longer horizon is no warning any more


class Bucket(StrEnum):
    OVERDUE = "overdue"
    DUE_TODAY = "due_today"
    DUE_SOON = "due_soon"
    WAITING_SUPPLEMENT = "waiting_supplement"
    READY_TO_RETURN = "ready_to_return"


BUCKET_LABELS: Mapping[Bucket, str] = MappingProxyType(
    {
        Bucket.OVERDUE: N_("Quá hạn"),
        Bucket.DUE_TODAY: N_("Đến hạn hôm nay"),
        Bucket.DUE_SOON: N_("Sắp đến hạn"),
        Bucket.WAITING_SUPPLEMENT: N_("Chờ bổ sung"),
        Bucket.READY_TO_RETURN: N_("Chờ trả kết quả"),
    }
)


class BadDueSoonDays(ValidationError):
    def __init__(self, days: int) -> None:
        super().__init__(
            N_("Số ngày làm việc báo trước hạn phải từ 0 đến {limit}, không phải {days}."),
            field="due_soon_days",
            days=days,
            limit=MAX_DUE_SOON_DAYS,
        )


def check_due_soon_days(days: int) -> int:
    if not 0 <= days <= MAX_DUE_SOON_DAYS:
        raise BadDueSoonDays(days)
    return days


@dataclass(frozen=True)
class WorkListBounds:
    """The moments (aware) that sort due times into buckets, as of ``now``."""

    now: datetime
    today: date  # office date
    end_of_today: datetime  # the next local midnight
    horizon_day: date  # the last day "due soon" covers (today when N is 0)
    end_of_horizon: datetime
    late_before: datetime  # due by this: about to be late (the next working day's close)


def work_list_bounds(
    now: datetime, calendar: WorkingCalendar, due_soon_days: int
) -> WorkListBounds:
    """Where today, the due-soon horizon and the apology's last chance end, in office time."""
    today = now.astimezone(OFFICE_TZ).date()
    horizon = today
    for _ in range(check_due_soon_days(due_soon_days)):
        horizon = calendar.next_working_day(horizon)
    next_day = calendar.next_working_day(today)
    return WorkListBounds(
        now=now,
        today=today,
        end_of_today=_midnight_after(today),
        horizon_day=horizon,
        end_of_horizon=_midnight_after(horizon),
        late_before=datetime.combine(next_day, calendar.hours.afternoon_end, OFFICE_TZ),
    )


def _midnight_after(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(), OFFICE_TZ)


def due_bucket(due_at: datetime, bounds: WorkListBounds) -> Bucket | None:
    """The bucket of a dossier the office is working on, by its due time; None: not yet."""
    if due_at < bounds.now:
        return Bucket.OVERDUE
    if due_at < bounds.end_of_today:
        return Bucket.DUE_TODAY
    if due_at < bounds.end_of_horizon:
        return Bucket.DUE_SOON
    return None


def about_to_be_late(due_at: datetime, bounds: WorkListBounds) -> bool:
    """Still on time, but due by the end of the next working day (a due time at that very
    closing time counts: the apology must come before it)."""
    return bounds.now <= due_at <= bounds.late_before
