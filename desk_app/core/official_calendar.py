"""The official table of days off and make-up working days, which overrides ``holidays``.

Reference §4 and §11: the ``holidays`` package is not the law (it missed the 2026 New Year swap
and lists 24/11/2026), so each year the notices decided ships as data, and the district server
can send later years. This module parses and checks the decoded JSON; reading files and
storing years are the services' part.

The format (``resources/calendar/official-days.json``; an imported file has the same shape)::

    {"format": "desk-app-official-calendar", "version": 1,
     "description": "free text, optional",
     "years": [
       {"year": 2026, "source": "the notices that decided the year",
        "days": [
          {"date": "2026-01-01", "kind": "day_off", "name": "Tết Dương lịch",
           "source": "Bộ luật Lao động 2019, điều 112 khoản 1 điểm a"},
          {"date": "2026-01-02", "kind": "day_off", "name": "...", "source": "...",
           "swap_with": "2026-01-10"},
          {"date": "2026-01-10", "kind": "make_up_working_day", "name": "...",
           "source": "...", "swap_with": "2026-01-02"}]}]}

A year lists every day that is not "Monday to Friday open, weekends closed", and may also list
a holiday that falls on a weekend (named, so the compensating day beside it reads plainly). A
make-up working day is a Saturday or Sunday and names the weekday it was swapped with, which
names it back: a swap moves one working day, so the two always come as a pair.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean

FORMAT_NAME = "desk-app-official-calendar"
FORMAT_VERSION = 1
# A year outside these is a typo or a file of another kind, not a calendar the office needs.
FIRST_YEAR = 2000
LAST_YEAR = 2099
NAME_LIMIT = 255  # the stored column's length

_FIELD = "calendar"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOP_KEYS = frozenset({"format", "version", "description", "years"})
_YEAR_KEYS = frozenset({"year", "source", "days"})
_DAY_KEYS = frozenset({"date", "kind", "name", "source", "swap_with"})
# Labour Code 2019 art. 112(1)(a), (c), (d), (đ): the holidays with a fixed solar date. A table
# without one of them is truncated or made for something else.
_FIXED_HOLIDAYS = ((1, 1), (4, 30), (5, 1), (9, 2))


class DayKind(StrEnum):
    """What an official day is; the values are written in calendar files: never change them."""

    DAY_OFF = "day_off"
    MAKE_UP_WORKING_DAY = "make_up_working_day"


@dataclass(frozen=True)
class OfficialDay:
    """One day of an official year with its Vietnamese name and the text that decided it.

    ``swap_with`` pairs a swapped day off with its make-up working day (files only: stored
    years keep the pair in the days' names)."""

    day: date
    kind: DayKind
    name: str
    source: str
    swap_with: date | None = None

    @property
    def is_working(self) -> bool:
        return self.kind is DayKind.MAKE_UP_WORKING_DAY


@dataclass(frozen=True)
class OfficialYear:
    """A year's official days, in date order, and the notices that decided them."""

    year: int
    source: str
    days: tuple[OfficialDay, ...]


def _day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _refuse(msgid: str, **values: object) -> ValidationError:
    return ValidationError(msgid, field=_FIELD, **values)


def _unknown_key(entry: Mapping[str, object], known: frozenset[str]) -> str | None:
    return next((key for key in sorted(entry) if key not in known), None)


def _text(value: object) -> str:
    return clean(value) if isinstance(value, str) else ""


def parse_official_calendar(document: object) -> dict[int, OfficialYear]:
    """The years of a decoded calendar file, every check passed; else a ValidationError naming
    the first problem (nothing of a refused file is used)."""
    if not isinstance(document, Mapping):
        raise _refuse(
            N_("Tệp lịch nghỉ phải là một đối tượng JSON có các khóa format, version và years.")
        )
    if document.get("format") != FORMAT_NAME:
        raise _refuse(
            N_(
                "Đây không phải tệp lịch nghỉ chính thức của desk-app: khóa format phải là "
                "“{expected}”."
            ),
            expected=FORMAT_NAME,
        )
    version = document.get("version")
    if type(version) is not int or version != FORMAT_VERSION:
        raise _refuse(
            N_(
                "Tệp lịch nghỉ phiên bản {version} không được hỗ trợ; bản này chỉ đọc phiên bản "
                "{supported}."
            ),
            version=str(version),
            supported=FORMAT_VERSION,
        )
    key = _unknown_key(document, _TOP_KEYS)
    if key is not None:
        raise _refuse(N_("Tệp lịch nghỉ có khóa lạ “{key}”."), key=key)
    entries = document.get("years")
    if not isinstance(entries, list) or not entries:
        raise _refuse(
            N_("Tệp lịch nghỉ không có năm nào: khóa years phải là một danh sách không rỗng.")
        )
    years: dict[int, OfficialYear] = {}
    for number, entry in enumerate(entries, start=1):
        parsed = _parse_year(entry, number)
        if parsed.year in years:
            raise _refuse(N_("Năm {year} được ghi hai lần trong tệp lịch nghỉ."), year=parsed.year)
        years[parsed.year] = parsed
    _check_swaps(years)
    return dict(sorted(years.items()))


def _parse_year(entry: object, number: int) -> OfficialYear:
    if not isinstance(entry, Mapping):
        raise _refuse(
            N_("Mục thứ {number} của years không phải là một đối tượng JSON."), number=number
        )
    year = entry.get("year")
    if type(year) is not int or not FIRST_YEAR <= year <= LAST_YEAR:
        raise _refuse(
            N_("Năm “{value}” không hợp lệ: năm phải là một số từ {first} đến {last}."),
            value=str(year),
            first=FIRST_YEAR,
            last=LAST_YEAR,
        )
    key = _unknown_key(entry, _YEAR_KEYS)
    if key is not None:
        raise _refuse(N_("Năm {year} có khóa lạ “{key}”."), year=year, key=key)
    source = _text(entry.get("source"))
    if not source:
        raise _refuse(
            N_("Năm {year} chưa ghi văn bản quyết định lịch nghỉ (khóa source)."), year=year
        )
    raw_days = entry.get("days")
    if not isinstance(raw_days, list) or not raw_days:
        raise _refuse(
            N_("Năm {year} không có ngày nào: khóa days phải là một danh sách không rỗng."),
            year=year,
        )
    days: dict[date, OfficialDay] = {}
    for day_number, raw in enumerate(raw_days, start=1):
        day = _parse_day(raw, year, day_number)
        if day.day in days:
            raise _refuse(
                N_("Ngày {day} được ghi hai lần trong năm {year}."),
                day=_day_text(day.day),
                year=year,
            )
        days[day.day] = day
    for month, day_of_month in _FIXED_HOLIDAYS:
        fixed = days.get(date(year, month, day_of_month))
        if fixed is None or fixed.is_working:
            raise _refuse(
                N_(
                    "Năm {year} thiếu ngày nghỉ lễ {day} (Bộ luật Lao động 2019, điều 112 "
                    "khoản 1): tệp không đủ hoặc ghi sai năm."
                ),
                year=year,
                day=_day_text(date(year, month, day_of_month)),
            )
    return OfficialYear(year, source, tuple(days[d] for d in sorted(days)))


def _date(value: object) -> date | None:
    """A date written exactly as YYYY-MM-DD (``fromisoformat`` alone takes other forms too)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return None


def _parse_day(raw: object, year: int, number: int) -> OfficialDay:
    if not isinstance(raw, Mapping):
        raise _refuse(
            N_("Mục thứ {number} trong các ngày của năm {year} không phải là một đối tượng JSON."),
            number=number,
            year=year,
        )
    day = _date(raw.get("date"))
    if day is None:
        raise _refuse(
            N_("Ngày “{value}” của năm {year} không đúng dạng năm-tháng-ngày (ví dụ 2026-01-02)."),
            value=str(raw.get("date")),
            year=year,
        )
    shown = _day_text(day)
    if day.year != year:
        raise _refuse(
            N_("Ngày {day} được ghi trong năm {year} nhưng không thuộc năm đó."),
            day=shown,
            year=year,
        )
    key = _unknown_key(raw, _DAY_KEYS)
    if key is not None:
        raise _refuse(N_("Ngày {day} có khóa lạ “{key}”."), day=shown, key=key)
    kind = next((k for k in DayKind if k.value == raw.get("kind")), None)
    if kind is None:
        raise _refuse(
            N_(
                "Ngày {day}: loại ngày “{value}” không hợp lệ; chỉ nhận day_off (ngày nghỉ) "
                "hoặc make_up_working_day (ngày làm việc bù)."
            ),
            day=shown,
            value=str(raw.get("kind")),
        )
    name = _text(raw.get("name"))
    if not name:
        raise _refuse(N_("Ngày {day} chưa có tên (khóa name)."), day=shown)
    if len(name) > NAME_LIMIT:
        raise _refuse(N_("Tên của ngày {day} dài quá {limit} ký tự."), day=shown, limit=NAME_LIMIT)
    source = _text(raw.get("source"))
    if not source:
        raise _refuse(N_("Ngày {day} chưa ghi văn bản làm căn cứ (khóa source)."), day=shown)
    swap_with = None
    if "swap_with" in raw:
        swap_with = _date(raw["swap_with"])
        if swap_with is None or swap_with == day:
            raise _refuse(
                N_(
                    "Ngày hoán đổi “{value}” ghi ở ngày {day} không phải là một ngày khác, viết "
                    "dạng năm-tháng-ngày."
                ),
                value=str(raw["swap_with"]),
                day=shown,
            )
    weekend = day.weekday() >= 5
    if kind is DayKind.MAKE_UP_WORKING_DAY:
        if not weekend:
            raise _refuse(
                N_(
                    "Ngày làm việc bù {day} không phải thứ Bảy hay Chủ nhật: ngày thường vốn đã "
                    "là ngày làm việc."
                ),
                day=shown,
            )
        if swap_with is None:
            raise _refuse(
                N_(
                    "Ngày làm việc bù {day} chưa ghi ngày nghỉ được hoán đổi với nó (khóa "
                    "swap_with)."
                ),
                day=shown,
            )
    elif swap_with is not None and weekend:
        raise _refuse(
            N_(
                "Ngày nghỉ hoán đổi {day} rơi vào cuối tuần: chỉ một ngày làm việc trong tuần "
                "mới hoán đổi được thành ngày nghỉ."
            ),
            day=shown,
        )
    return OfficialDay(day, kind, name, source, swap_with)


def _check_swaps(years: Mapping[int, OfficialYear]) -> None:
    """Each swap names its partner, which names it back with the other kind. A partner in a
    year the file does not hold (31/12 swapped with a Saturday in January) is taken on trust."""
    by_day = {d.day: d for y in years.values() for d in y.days}
    for day in by_day.values():
        other = day.swap_with
        if other is None or other.year not in years:
            continue
        partner = by_day.get(other)
        if partner is None or partner.swap_with != day.day:
            raise _refuse(
                N_(
                    "Ngày {day} ghi hoán đổi với ngày {other}, nhưng tệp không ghi ngày {other} "
                    "hoán đổi lại với ngày {day}."
                ),
                day=_day_text(day.day),
                other=_day_text(other),
            )
        if partner.kind is day.kind:
            raise _refuse(
                N_(
                    "Ngày {day} và ngày {other} hoán đổi cho nhau nên phải có một ngày nghỉ và "
                    "một ngày làm việc bù."
                ),
                day=_day_text(day.day),
                other=_day_text(other),
            )


def calendar_document(years: Iterable[OfficialYear], description: str = "") -> dict[str, object]:
    """The file form of ``years`` (what `parse_official_calendar` reads back)."""
    document: dict[str, object] = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    if description:
        document["description"] = description
    document["years"] = [
        {"year": y.year, "source": y.source, "days": [_day_entry(d) for d in y.days]}
        for y in sorted(years, key=lambda y: y.year)
    ]
    return document


def _day_entry(day: OfficialDay) -> dict[str, str]:
    entry = {
        "date": day.day.isoformat(),
        "kind": day.kind.value,
        "name": day.name,
        "source": day.source,
    }
    if day.swap_with is not None:
        entry["swap_with"] = day.swap_with.isoformat()
    return entry
