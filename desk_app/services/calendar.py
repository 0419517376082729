"""The official calendar as a workstation holds it: the bundled table, the years imported after
it, a year as ``desk-app calendar show`` prints it, and the import of a newer table.

Reference §4: the official table first; the ``holidays`` package only for a year it does not
cover, and the app says so. Imported years (the district server's updates, national, not per
office) win over the bundled ones; an office's own overrides win over both (`core.calendar`).
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from desk_app.core.calendar import ListedDay, to_office_time
from desk_app.core.errors import N_, ValidationError
from desk_app.core.official_calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    DayKind,
    OfficialDay,
    OfficialYear,
    parse_official_calendar,
)
from desk_app.core.roles import Act
from desk_app.imports.problems import os_reason
from desk_app.paths import resources_dir
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.store.db import Database
from desk_app.store.models import OfficialCalendarDay, OfficialCalendarYear
from desk_app.sync.events import OfficialCalendarImported, OfficialDayEntry, OfficialYearEntry

# A calendar file is a few kilobytes a year; anything this large is another kind of file.
MAX_FILE_BYTES = 1024 * 1024

# Shown once when the workstation opens in a year the table does not cover (no year in the
# text: notices are whole msgids).
NO_TABLE_FOR_NEXT_YEAR_NOTICE = N_(
    "Chưa có bảng ngày nghỉ lễ và ngày làm việc bù chính thức của năm sau: hạn giải quyết rơi "
    "vào năm sau đang tính theo lịch nghỉ lễ của thư viện holidays, có thể sai. Hãy nhập bảng "
    "chính thức bằng lệnh desk-app calendar import khi có thông báo."
)
# How close to the year's end a dossier's deadline may fall in the next year (the longest
# common durations are 30 to 40 working days).
NEXT_YEAR_WARNING_DAYS = 60
NO_OFFICIAL_TABLE_NOTICE = N_(
    "Chưa có bảng ngày nghỉ lễ và ngày làm việc bù chính thức của năm nay: hạn giải quyết năm nay "
    "đang tính theo lịch nghỉ lễ của thư viện holidays, có thể sai. Hãy nhập bảng chính thức "
    "bằng lệnh desk-app calendar import."
)


class _RepeatedKey(Exception):
    def __init__(self, key: str) -> None:
        self.key = key


def bundled_calendar_path() -> Path:
    """The official table shipped with the application."""
    return resources_dir() / "calendar" / "official-days.json"


@cache
def bundled_years() -> Mapping[int, OfficialYear]:
    """The shipped table, read once: it cannot change while the app runs."""
    return MappingProxyType(read_calendar_file(bundled_calendar_path()))


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are all different: ``json`` would silently keep the last of
    two "date" keys, and the file would say something other than it seems to."""
    entry: dict[str, Any] = {}
    for key, value in pairs:
        if key in entry:
            raise _RepeatedKey(key)
        entry[key] = value
    return entry


def read_calendar_file(path: Path) -> dict[int, OfficialYear]:
    """The years of a calendar file, checked whole (`core.official_calendar`); any problem
    raises a ValidationError in plain words and nothing of the file is used."""
    name = path.name
    try:
        with path.open("rb") as source:
            data = source.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise ValidationError(
            N_("Không đọc được tệp lịch nghỉ {file}: {reason}."),
            field="calendar",
            file=name,
            reason=os_reason(error),
        ) from error
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError(
            N_("Tệp {file} lớn hơn 1 MB, không phải một tệp lịch nghỉ."),
            field="calendar",
            file=name,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            N_("Tệp {file} không phải văn bản UTF-8, nên không phải một tệp lịch nghỉ JSON."),
            field="calendar",
            file=name,
        ) from None
    try:
        document = json.loads(text, object_pairs_hook=_no_repeated_keys)
    except json.JSONDecodeError as error:
        raise ValidationError(
            N_("Tệp {file} không phải JSON hợp lệ: lỗi ở dòng {line}, cột {column}."),
            field="calendar",
            file=name,
            line=error.lineno,
            column=error.colno,
        ) from None
    except _RepeatedKey as repeated:
        raise ValidationError(
            N_("Tệp {file} ghi khóa “{key}” hai lần trong cùng một mục."),
            field="calendar",
            file=name,
            key=repeated.key,
        ) from None
    return parse_official_calendar(document)


def _imported_years(session: Session) -> dict[int, OfficialYear]:
    rows = session.scalars(
        select(OfficialCalendarYear).options(selectinload(OfficialCalendarYear.days))
    ).all()
    return {
        row.year: OfficialYear(
            row.year,
            row.source,
            tuple(
                OfficialDay(
                    d.day,
                    DayKind.MAKE_UP_WORKING_DAY if d.is_working else DayKind.DAY_OFF,
                    d.name,
                    d.source,
                )
                for d in row.days
            ),
        )
        for row in rows
    }


# Per database: a stamp of the imported years and the merged table read with it. The same
# mapping object comes back while the stamp holds, so a calendar built on it stays in use.
_loaded: WeakKeyDictionary[Database, tuple[tuple[object, ...], Mapping[int, OfficialYear]]] = (
    WeakKeyDictionary()
)
_loaded_lock = threading.Lock()


def official_years(workspace: Workspace) -> Mapping[int, OfficialYear]:
    """The official years this database knows: the bundled table with imported years in place
    of bundled ones. One cheap query per call, so an import by another program (the CLI, a
    pull from the server) applies to the very next due date."""
    with workspace.read() as session:
        stamp = tuple(
            session.execute(
                select(
                    func.count(OfficialCalendarYear.year),
                    func.max(OfficialCalendarYear.imported_at),
                )
            ).one()
        )
        with _loaded_lock:
            cached = _loaded.get(workspace.db)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        imported = _imported_years(session)
    years: Mapping[int, OfficialYear] = MappingProxyType({**bundled_years(), **imported})
    with _loaded_lock:
        _loaded[workspace.db] = (stamp, years)
    return years


def is_official_year(workspace: Workspace, year: int) -> bool:
    """Whether ``year`` has an official table (bundled or imported)."""
    return year in official_years(workspace)


def fallback_notice(workspace: Workspace) -> str | None:
    """The notice to show on opening when the current year (office time) has no official
    table, or when the year ends within `NEXT_YEAR_WARNING_DAYS` and the next one has none
    (deadlines then fall in it); else None."""
    today = to_office_time(workspace.now()).date()
    years = official_years(workspace)
    if today.year not in years:
        return NO_OFFICIAL_TABLE_NOTICE
    days_left = (date(today.year + 1, 1, 1) - today).days
    if days_left <= NEXT_YEAR_WARNING_DAYS and today.year + 1 not in years:
        return NO_TABLE_FOR_NEXT_YEAR_NOTICE
    return None


@dataclass(frozen=True)
class CalendarYear:
    """A year as ``desk-app calendar show`` prints it: whether the official table covers it,
    the notices that decided it ("" for a year the ``holidays`` package stands in for), and
    its days off and make-up working days, the office's own included."""

    year: int
    official: bool
    source: str
    days: tuple[ListedDay, ...]


def calendar_year(workspace: Workspace, office_id: uuid.UUID, year: int) -> CalendarYear:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            N_("Năm {year} nằm ngoài các năm lịch làm việc hỗ trợ, từ {first} đến {last}."),
            field="year",
            year=year,
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    calendar = workspace.calendar(office_id)
    return CalendarYear(
        year,
        calendar.is_official(year),
        calendar.official_source(year) or "",
        calendar.listed_days(year),
    )


@dataclass(frozen=True)
class ImportedCalendar:
    years: tuple[int, ...]
    days: int


def import_calendar(workspace: Workspace, actor: Actor, path: Path) -> ImportedCalendar:
    """Store the years of a calendar file in place of those already known (an administrator's
    act). The whole file is checked first: a bad file changes nothing."""
    require(workspace, actor, Act.CALENDAR)
    years = read_calendar_file(path)
    with workspace.write() as session:
        store_official_years(session, workspace, actor, years, path.name)
    forget_loaded_years(workspace)
    return ImportedCalendar(tuple(years), sum(len(y.days) for y in years.values()))


def store_official_years(
    session: Session,
    workspace: Workspace,
    actor: Actor,
    years: Mapping[int, OfficialYear],
    file_name: str,
) -> None:
    """Put ``years`` (checked already: `read_calendar_file`) in place of the stored ones, and
    record the import, in the caller's transaction (an import, a pull from the district
    server). After the commit the caller calls `forget_loaded_years`."""
    now = workspace.now()
    for year in years.values():
        existing = session.get(OfficialCalendarYear, year.year)
        if existing is not None:
            session.delete(existing)
            session.flush()  # the new rows reuse the days' keys
        session.add(
            OfficialCalendarYear(
                year=year.year,
                source=year.source,
                imported_at=now,
                days=[
                    OfficialCalendarDay(
                        day=d.day, is_working=d.is_working, name=d.name, source=d.source
                    )
                    for d in year.days
                ],
            )
        )
    record_change(
        session,
        workspace,
        actor,
        OfficialCalendarImported(
            file_name=file_name,
            years=tuple(
                OfficialYearEntry(
                    year=y.year,
                    source=y.source,
                    days=tuple(
                        OfficialDayEntry(
                            day=d.day, is_working=d.is_working, name=d.name, source=d.source
                        )
                        for d in y.days
                    ),
                )
                for y in years.values()
            ),
        ),
        entity="official_calendar",
        entity_id=",".join(str(y) for y in years),
        aggregate_id=actor.office.id,
    )


def forget_loaded_years(workspace: Workspace) -> None:
    """Read the official years afresh next time (after an import's commit)."""
    with _loaded_lock:  # an import within one clock tick leaves the stamp as it was
        _loaded.pop(workspace.db, None)
