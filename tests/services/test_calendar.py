"""The official calendar on a real workstation: the bundled table, an import that applies to the
very next due date, bad files that change nothing, and the warning for a year with no table."""

from __future__ import annotations

import dataclasses
import json
import shutil
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.core.calendar import DayOrigin, WorkingCalendar
from desk_app.core.deadlines import Duration, DurationUnit, compute_deadline
from desk_app.core.errors import ValidationError
from desk_app.core.official_calendar import FORMAT_NAME, parse_official_calendar
from desk_app.core.roles import Role
from desk_app.services.calendar import (
    NO_OFFICIAL_TABLE_NOTICE,
    NO_TABLE_FOR_NEXT_YEAR_NOTICE,
    bundled_calendar_path,
    calendar_year,
    import_calendar,
    is_official_year,
)
from desk_app.services.catalogue import list_procedures
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import preview_due
from desk_app.services.permissions import NotPermitted
from desk_app.services.workstation import open_workstation
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry, OfficialCalendarDay, OfficialCalendarYear
from desk_app.sync.events import OfficialCalendarImported
from tests.factories import SettableClock, office_time

ONE_DAY = Duration(1, DurationUnit.WORKING_DAYS)


def table_2027(**changes: Any) -> dict[str, Any]:
    """A 2027 table as the district server could send it (test data: no 24/11, unlike the
    package; Saturday 1/5 made up on Monday 3/5)."""
    days = [
        ("2027-01-01", "Tết Dương lịch"),
        ("2027-04-30", "Ngày Chiến thắng"),
        ("2027-05-01", "Ngày Quốc tế lao động"),
        ("2027-05-03", "Nghỉ bù Ngày Quốc tế lao động"),
        ("2027-09-02", "Quốc khánh"),
        ("2027-09-03", "Quốc khánh (ngày liền kề sau 02/9)"),
    ]
    year: dict[str, Any] = {
        "year": 2027,
        "source": "Thông báo thử nghiệm 2027",
        "days": [{"date": d, "kind": "day_off", "name": n, "source": "BLLĐ 2019"} for d, n in days],
    }
    year.update(changes)
    return {"format": FORMAT_NAME, "version": 1, "years": [year]}


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def stored(workspace: Workspace) -> tuple[int, int, int, int]:
    """Rows a calendar import could have written: years, days, audit entries, outbox events."""
    with workspace.read() as session:
        return (
            session.scalar(select(func.count()).select_from(OfficialCalendarYear)) or 0,
            session.scalar(select(func.count()).select_from(OfficialCalendarDay)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            session.scalar(select(func.count()).select_from(OutboxEvent)) or 0,
        )


def test_the_workstation_calendar_carries_the_bundled_table(
    workspace: Workspace, actor: Actor
) -> None:
    calendar = workspace.calendar(actor.office.id)
    assert all(calendar.is_official(y) for y in (2024, 2025, 2026))
    assert not calendar.is_official(2027)
    assert not calendar.is_working_day(date(2026, 1, 2))
    assert calendar.is_working_day(date(2026, 1, 10))
    assert calendar.is_working_day(date(2026, 11, 24))
    assert workspace.calendar(actor.office.id) is calendar  # kept while nothing changes


def working_days_procedure(workspace: Workspace) -> tuple[str, int]:
    procedure = next(
        p for p in list_procedures(workspace) if p.duration.unit is DurationUnit.WORKING_DAYS
    )
    return procedure.code, procedure.duration.value


def test_the_due_date_shown_at_the_counter_skips_the_2026_new_year_swap(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    code, days = working_days_procedure(workspace)
    received = office_time(2025, 12, 31, 16, 0)
    clock.current = received
    preview = preview_due(workspace, actor, code, received)
    duration = Duration(days, DurationUnit.WORKING_DAYS)
    table = parse_official_calendar(json.loads(bundled_calendar_path().read_text("utf-8")))
    assert preview.deadline == compute_deadline(received, duration, WorkingCalendar(official=table))
    # The package alone would count Friday 2/1 as a working day.
    assert preview.deadline != compute_deadline(received, duration, WorkingCalendar())
    assert preview.deadline.due_at.date() >= date(2026, 1, 5)


def test_an_imported_year_applies_to_the_very_next_due_date(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    office = actor.office.id
    received = office_time(2027, 11, 23, 16, 0)  # Tuesday
    before = compute_deadline(received, ONE_DAY, workspace.calendar(office))
    # No table for 2027 yet: the package stands in, and lists Wednesday 24/11 as a day off.
    assert before.due_at == office_time(2027, 11, 25, 16, 0)
    assert not is_official_year(workspace, 2027)

    result = import_calendar(workspace, actor, write(tmp_path / "lich-2027.json", table_2027()))
    assert (result.years, result.days) == ((2027,), 6)

    after = compute_deadline(received, ONE_DAY, workspace.calendar(office))
    assert after.due_at == office_time(2027, 11, 24, 16, 0)
    assert is_official_year(workspace, 2027)
    shown = calendar_year(workspace, office, 2027)
    assert shown.official
    assert shown.source == "Thông báo thử nghiệm 2027"
    assert [d.day for d in shown.days][:2] == [date(2027, 1, 1), date(2027, 4, 30)]
    assert all(d.origin is DayOrigin.OFFICIAL for d in shown.days)


def test_an_import_by_another_program_is_seen_too(
    workspace: Workspace, actor: Actor, tmp_path: Path, clock: SettableClock
) -> None:
    assert workspace.home is not None
    other = open_workstation(workspace.home, now=clock)
    try:
        office = actor.office.id
        assert not workspace.calendar(office).is_official(2027)
        clock.advance(minutes=1)
        import_calendar(other, actor, write(tmp_path / "lich-2027.json", table_2027()))
        assert workspace.calendar(office).is_official(2027)
    finally:
        other.close()


def test_an_imported_year_replaces_the_bundled_one_and_a_second_import_replaces_the_first(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    office = actor.office.id
    document = table_2027(year=2026, source="Bảng 2026 thay thế")
    for day in document["years"][0]["days"]:
        day["date"] = day["date"].replace("2027", "2026")
    import_calendar(workspace, actor, write(tmp_path / "lich-2026.json", document))
    calendar = workspace.calendar(office)
    assert calendar.official_source(2026) == "Bảng 2026 thay thế"
    assert not calendar.is_working_day(date(2026, 1, 10))  # no make-up Saturday in this table
    assert calendar.is_working_day(date(2026, 1, 2))

    # The same clock tick, another table for the same year: still the newest wins.
    document["years"][0]["source"] = "Bảng 2026 lần hai"
    import_calendar(workspace, actor, write(tmp_path / "lich-2026b.json", document))
    assert workspace.calendar(office).official_source(2026) == "Bảng 2026 lần hai"
    assert stored(workspace)[:2] == (1, 6)


def test_an_import_is_audited_and_queued_for_the_server_with_its_days(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    import_calendar(workspace, actor, write(tmp_path / "lich-2027.json", table_2027()))
    with workspace.read() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        queued = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc())).first()
    assert entry is not None and queued is not None
    assert entry.action == queued.kind == OfficialCalendarImported.KIND
    assert entry.actor == "quantri"
    event = OfficialCalendarImported.model_validate(json.loads(queued.payload))
    assert event.file_name == "lich-2027.json"
    assert [y.year for y in event.years] == [2027]
    assert [d.day for d in event.years[0].days][-1] == date(2027, 9, 3)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (table_2027(days=[{"date": "2027-02-31", "kind": "day_off", "name": "x", "source": "y"}]),
         "Ngày “2027-02-31” của năm 2027 không đúng dạng năm-tháng-ngày"),
        (table_2027(year=1027), "Năm “1027” không hợp lệ"),
        (table_2027(year="hai nghìn"), "Năm “hai nghìn” không hợp lệ"),
        ("{\"format\": \"desk-app-official-calendar\",\n \"version\": 1,", "lỗi ở dòng 2"),
        ("{\"format\": \"x\", \"format\": \"y\"}", "ghi khóa “format” hai lần"),
        (b"\xff\xfe{}", "không phải văn bản UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_file_is_refused_in_plain_words_and_changes_nothing(
    workspace: Workspace, actor: Actor, tmp_path: Path, content: object, message: str
) -> None:
    import_calendar(workspace, actor, write(tmp_path / "good.json", table_2027()))
    before = stored(workspace)
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        write(path, content)
    with pytest.raises(ValidationError) as refused:
        import_calendar(workspace, actor, path)
    assert message in str(refused.value)
    assert "Traceback" not in str(refused.value)
    assert stored(workspace) == before
    assert workspace.calendar(actor.office.id).official_source(2027) == "Thông báo thử nghiệm 2027"


def test_a_missing_file_is_named_plainly(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match=r"Không đọc được tệp lịch nghỉ khong-co\.json"):
        import_calendar(workspace, actor, tmp_path / "khong-co.json")


def test_only_an_administrator_imports_a_calendar(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    assert actor.officer is not None
    counter_officer = dataclasses.replace(actor.officer, role=Role.OFFICER)
    before = stored(workspace)
    with pytest.raises(NotPermitted):
        import_calendar(
            workspace,
            dataclasses.replace(actor, officer=counter_officer),
            write(tmp_path / "lich-2027.json", table_2027()),
        )
    years, days, audit, outbox = before
    # Nothing of the calendar is stored; the refusal itself is audited and sent.
    assert stored(workspace) == (years, days, audit + 1, outbox + 1)
    with workspace.read() as session:
        assert session.scalars(
            select(OutboxEvent.kind).order_by(OutboxEvent.seq.desc())
        ).first() == ("access.refused")


def test_a_year_without_a_table_is_shown_from_the_library_and_marked_so(
    workspace: Workspace, actor: Actor
) -> None:
    shown = calendar_year(workspace, actor.office.id, 2027)
    assert not shown.official
    assert shown.source == ""
    assert shown.days and all(d.origin is DayOrigin.LIBRARY for d in shown.days)
    with pytest.raises(ValidationError, match="Năm 3000 nằm ngoài"):
        calendar_year(workspace, actor.office.id, 3000)


def test_opening_in_a_year_without_a_table_warns_and_a_covered_year_does_not(
    office_template: Path, tmp_path: Path, actor: Actor
) -> None:
    home = tmp_path / "second-home"
    shutil.copytree(office_template, home)
    covered = open_workstation(home, now=lambda: office_time(2026, 10, 31, 23, 0))
    try:
        assert covered.calendar_notice is None
    finally:
        covered.close()
    # Within 60 days of the year's end, deadlines fall in a year with no table: said too.
    closing = open_workstation(home, now=lambda: office_time(2026, 12, 31, 23, 0))
    try:
        assert closing.calendar_notice == NO_TABLE_FOR_NEXT_YEAR_NOTICE
    finally:
        closing.close()
    # 17:30 UTC on 31/12/2026 is already 1/1/2027 at the office.
    uncovered = open_workstation(home, now=lambda: datetime(2026, 12, 31, 17, 30, tzinfo=UTC))
    try:
        assert uncovered.calendar_notice == NO_OFFICIAL_TABLE_NOTICE
        import_calendar(uncovered, actor, write(tmp_path / "lich-2027.json", table_2027()))
    finally:
        uncovered.close()
    again = open_workstation(home, now=lambda: office_time(2027, 1, 1, 0, 30))
    try:
        assert again.calendar_notice is None
    finally:
        again.close()


def test_the_bundled_file_is_where_the_package_finds_it() -> None:
    assert bundled_calendar_path().is_file()
    assert bundled_calendar_path().parent.name == "calendar"


def test_a_kept_calendar_costs_two_quick_reads(workspace: Workspace, actor: Actor) -> None:
    office = actor.office.id
    workspace.calendar(office)
    start = time.perf_counter()
    for _ in range(100):
        workspace.calendar(office)
    per_call = (time.perf_counter() - start) / 100
    assert per_call < 0.01  # the live due date calls it on every keystroke
