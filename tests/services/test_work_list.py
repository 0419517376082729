"""The work list: overdue, due today, due soon by working days (across a weekend and the National
Day holiday), waiting for a supplement (never overdue: the clock stands still), ready to
return, and the dossiers about to be late."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk_app.core.calendar import OfficeHours, WorkingCalendar
from desk_app.core.work_list import (
    BadDueSoonDays,
    Bucket,
    about_to_be_late,
    due_bucket,
    work_list_bounds,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import (
    SupplementItem,
    record_result,
    request_supplement,
    transfer,
)
from desk_app.services.work_list import set_due_soon_days, work_list
from desk_app.store.models import AuditEntry, Dossier
from tests.factories import SettableClock, intake_request, office_time

BIRTH = "1.001193"


def _taken(workspace: Workspace, actor: Actor, name: str, due: datetime) -> str:
    """A dossier received now whose due time is ``due`` (as a longer procedure would give)."""
    code = take_in(workspace, actor, intake_request(BIRTH, name)).code
    with workspace.write() as session:
        row = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        row.due_at = row.original_due_at = due
    return code


def _codes(listed: object, bucket: Bucket) -> list[str]:
    return [i.code for i in listed.buckets[bucket]]  # type: ignore[attr-defined]


@pytest.fixture
def friday_before_national_day(clock: SettableClock) -> SettableClock:
    # Friday 29 August 2025; 30-31 are the weekend, 1-2 September the National Day holiday.
    clock.current = office_time(2025, 8, 29, 9, 0)
    return clock


def test_buckets_count_working_days_across_the_weekend_and_holiday(
    workspace: Workspace, actor: Actor, friday_before_national_day: SettableClock
) -> None:
    late = _taken(workspace, actor, "Nguyễn Văn Trễ", office_time(2025, 8, 28, 17, 0))
    today = _taken(workspace, actor, "Trần Thị Nay", office_time(2025, 8, 29, 16, 0))
    wednesday = _taken(workspace, actor, "Lê Văn Tư", office_time(2025, 9, 3, 17, 0))
    thursday = _taken(workspace, actor, "Phạm Thị Năm", office_time(2025, 9, 4, 11, 0))
    friday = _taken(workspace, actor, "Hoàng Văn Sáu", office_time(2025, 9, 5, 9, 0))
    listed = work_list(workspace, actor)
    assert listed.due_soon_days == 2
    assert _codes(listed, Bucket.OVERDUE) == [late]
    assert _codes(listed, Bucket.DUE_TODAY) == [today]
    # Two working days after Friday are Wednesday and Thursday: the five days off between
    # them do not eat the warning; Friday 5 September is beyond it.
    assert _codes(listed, Bucket.DUE_SOON) == [wednesday, thursday]
    assert listed.bounds.horizon_day.isoformat() == "2025-09-04"
    assert friday not in {i.code for items in listed.buckets.values() for i in items}
    assert listed.counts == {
        Bucket.OVERDUE: 1,
        Bucket.DUE_TODAY: 1,
        Bucket.DUE_SOON: 2,
        Bucket.WAITING_SUPPLEMENT: 0,
        Bucket.READY_TO_RETURN: 0,
    }
    # About to be late: due by the end of the next working day (Wednesday 17:00), still on
    # time: the apology form is proposed for them, not for the one already late.
    marked = {i.code for items in listed.buckets.values() for i in items if i.about_to_be_late}
    assert marked == {today, wednesday}
    assert listed.about_to_be_late == 2
    # The SQL of each bucket says what core.work_list.due_bucket says.
    for bucket in (Bucket.OVERDUE, Bucket.DUE_TODAY, Bucket.DUE_SOON):
        for item in listed.buckets[bucket]:
            assert due_bucket(item.due_at, listed.bounds) is bucket


def test_a_paused_dossier_is_waiting_not_overdue(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    code = _taken(workspace, actor, "Đỗ Văn Chờ", office_time(2025, 7, 16, 17, 0))
    request_supplement(
        workspace,
        actor,
        code,
        items=[SupplementItem("Bản sao giấy chứng nhận kết hôn", copy=1)],
        reason="Thiếu bản sao giấy chứng nhận kết hôn",
    )
    clock.current = office_time(2025, 7, 25, 9, 0)  # long past its due time
    listed = work_list(workspace, actor)
    assert _codes(listed, Bucket.WAITING_SUPPLEMENT) == [code]
    assert listed.counts[Bucket.OVERDUE] == 0
    assert not listed.buckets[Bucket.WAITING_SUPPLEMENT][0].about_to_be_late


def test_a_result_back_at_the_desk_is_ready_to_return(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    code = _taken(workspace, actor, "Bùi Thị Xong", office_time(2025, 7, 15, 16, 0))
    transfer(workspace, actor, code, unit="Phòng Tư pháp")
    clock.advance(hours=2)
    record_result(workspace, actor, code, number="123/2025", signer="Ngô Văn Ký", issuer="UBND")
    listed = work_list(workspace, actor)
    assert _codes(listed, Bucket.READY_TO_RETURN) == [code]
    assert listed.counts[Bucket.DUE_TODAY] == 0


def test_the_horizon_is_an_audited_office_setting(
    workspace: Workspace, actor: Actor, friday_before_national_day: SettableClock
) -> None:
    thursday = _taken(workspace, actor, "Vũ Văn Xa", office_time(2025, 9, 4, 11, 0))
    set_due_soon_days(workspace, actor, 1)
    listed = work_list(workspace, actor)
    assert listed.due_soon_days == 1 and _codes(listed, Bucket.DUE_SOON) == []
    set_due_soon_days(workspace, actor, 3)
    assert _codes(work_list(workspace, actor), Bucket.DUE_SOON) == [thursday]
    with workspace.read() as session:
        kinds = session.scalars(select(AuditEntry.action)).all()
    assert kinds.count("office.due_soon_set") == 2
    with pytest.raises(BadDueSoonDays):
        set_due_soon_days(workspace, actor, 21)


_CALENDAR = WorkingCalendar(OfficeHours())


@settings(deadline=None)  # the first call loads a calendar year
@given(
    now=st.datetimes(datetime(2025, 1, 1), datetime(2026, 12, 1)),
    offset_hours=st.integers(-200, 400),
    days=st.integers(0, 5),
)
def test_the_buckets_and_the_late_mark_never_contradict(
    now: datetime, offset_hours: int, days: int
) -> None:
    from datetime import UTC, timedelta

    moment = now.replace(tzinfo=UTC)
    due = moment + timedelta(hours=offset_hours)
    bounds = work_list_bounds(moment, _CALENDAR, days)
    bucket = due_bucket(due, bounds)
    if about_to_be_late(due, bounds):
        assert bucket in (Bucket.DUE_TODAY, Bucket.DUE_SOON) or days == 0
    if bucket is Bucket.OVERDUE:
        assert not about_to_be_late(due, bounds)
