"""``desk-app calendar show|import``: the official days off and make-up working days."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    add_subcommands,
    add_user,
    open_workspace,
    print_json,
    say,
)
from desk_app.core.errors import N_, Message
from desk_app.i18n import translate

if TYPE_CHECKING:
    from desk_app.core.calendar import ListedDay

OFFICIAL = N_("Năm {year}: bảng ngày nghỉ chính thức. Căn cứ: {source}")
FALLBACK = N_(
    "Năm {year} chưa có bảng ngày nghỉ chính thức: các ngày dưới đây lấy từ thư viện holidays, "
    "có thể sai. Hãy nhập bảng chính thức bằng lệnh desk-app calendar import."
)
IMPORTED = N_("Đã nhập lịch nghỉ chính thức năm {years}: {days} ngày nghỉ và ngày làm việc bù.")
WEEKDAYS = (
    N_("Thứ Hai"),
    N_("Thứ Ba"),
    N_("Thứ Tư"),
    N_("Thứ Năm"),
    N_("Thứ Sáu"),
    N_("Thứ Bảy"),
    N_("Chủ nhật"),
)
DAY_OFF = N_("nghỉ")
WORKING = N_("làm việc")
# Where a day comes from, when it is not a notice of the official table.
BY_OFFICE = N_("quyết định của cơ quan")
BY_LIBRARY = N_("thư viện holidays")
# Names of days the library or the office left unnamed.
UNNAMED_MAKE_UP = N_("Ngày làm việc bù")
UNNAMED_OPENING = N_("Cơ quan làm việc")
UNNAMED_CLOSURE = N_("Cơ quan nghỉ")


def register(commands: Commands) -> None:
    group = add_command(commands, "calendar", N_("ngày nghỉ lễ và ngày làm việc bù"))
    sub = add_subcommands(group, "calendar_command")

    show = add_command(
        sub,
        "show",
        N_("liệt kê ngày nghỉ và ngày làm việc bù của một năm, với văn bản làm căn cứ"),
        cmd_show,
    )
    show.add_argument("year", metavar="YEAR", type=int, help=N_("năm, ví dụ 2026"))
    add_json(show)

    imported = add_command(
        sub,
        "import",
        N_("nhập bảng ngày nghỉ chính thức từ tệp JSON (quản trị viên); năm đã có được thay thế"),
        cmd_import,
    )
    imported.add_argument("file", metavar="FILE", help=N_("tệp lịch nghỉ chính thức, .json"))
    add_user(imported)


def _render(args: argparse.Namespace, msgid: str, **params: object) -> str:
    return Message(msgid, params).render(lambda m: translate(m, args.language))


def _origin_text(args: argparse.Namespace, day: ListedDay) -> str:
    from desk_app.core.calendar import DayOrigin

    if day.origin is DayOrigin.OFFICE:
        return translate(BY_OFFICE, args.language)
    if day.origin is DayOrigin.LIBRARY:
        return translate(BY_LIBRARY, args.language)
    return day.source


def _name(args: argparse.Namespace, day: ListedDay) -> str:
    from desk_app.core.calendar import DayOrigin

    if day.name:
        return day.name
    if not day.is_working:
        return translate(UNNAMED_CLOSURE, args.language)
    unnamed = UNNAMED_OPENING if day.origin is DayOrigin.OFFICE else UNNAMED_MAKE_UP
    return translate(unnamed, args.language)


def cmd_show(args: argparse.Namespace) -> int:
    from desk_app.services.calendar import calendar_year

    with open_workspace(args, as_officer=False) as opened:
        shown = calendar_year(opened.workspace, opened.actor.office.id, args.year)
    warning = None if shown.official else _render(args, FALLBACK, year=shown.year)
    if warning is not None:  # on stderr, where it cannot spoil a --json document
        print(warning, file=sys.stderr)
    if args.json:
        print_json(
            {
                "year": shown.year,
                "official": shown.official,
                "source": shown.source,
                "warning": warning,
                "days": [
                    {
                        "date": d.day.isoformat(),
                        "is_working": d.is_working,
                        "name": _name(args, d),
                        "origin": d.origin.value,
                        "source": d.source,
                    }
                    for d in shown.days
                ],
            }
        )
        return 0
    if shown.official:
        say(args, OFFICIAL, year=shown.year, source=shown.source)
    for d in shown.days:
        kind = translate(WORKING if d.is_working else DAY_OFF, args.language)
        weekday = translate(WEEKDAYS[d.day.weekday()], args.language)
        columns = (d.day.strftime("%d/%m/%Y"), weekday, kind, _name(args, d), _origin_text(args, d))
        print("\t".join(columns))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desk_app.services.calendar import import_calendar

    with open_workspace(args) as opened:
        result = import_calendar(opened.workspace, opened.actor, Path(args.file))
    say(args, IMPORTED, years=", ".join(str(y) for y in result.years), days=result.days)
    return 0
