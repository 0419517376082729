"""``desk-app ticket`` and ``desk-app queue``: queue numbers from the command line (issue 9).

``ticket`` takes a number (``issue``, ``result`` for a citizen back for a result), calls it
(``call`` the next or one named, ``recall``), serves it (``start``, ``finish``, ``no-show``),
sends it on (``transfer``) and shows the queue (``list``, ``show``). ``queue`` gives a day's
figures (``stats``, supervisor) and the service areas (``areas``, ``area set``, administrator).
The roles are checked in the queue service; the queue is this workstation's own, or the office
hub's when the settings name one (the figures come through the hub too, its accounts vouching
for the supervisor; ``area set`` is done on the hub machine only). Scripts and tests drive the
queue through these commands.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from desk_app.cli._common import (
    Commands,
    Opened,
    add_command,
    add_json,
    add_subcommands,
    open_workspace,
    print_json,
    say,
    say_count,
)
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.queue import STATE_NAMES, AreaKind, PriorityKind, TicketSource
from desk_app.i18n import N_plural, translate

if TYPE_CHECKING:
    from desk_app.core.queue import Spread
    from desk_app.services.context import Actor
    from desk_app.services.queue import AreaInfo, QueueService, StatsRow, TicketInfo

# --- what the commands say -------------------------------------------------------------------

ISSUED = N_plural(
    "Số {label}, khu vực {letter} {area}: {count} người đang chờ trước.",
    "Số {label}, khu vực {letter} {area}: {count} người đang chờ trước.",
)
PRIORITY_LINE = N_("Ưu tiên: {priority}")
DOSSIER_LINE = N_("Hồ sơ: {code}")
CALLED = N_("Mời số {label} đến quầy {counter} (khu vực {letter} {area}).")
RECALLED = N_("Đã gọi lại số {label} đến quầy {counter} (lần gọi thứ {calls}).")
STARTED = N_("Quầy {counter} bắt đầu phục vụ số {label}.")
FINISHED = N_("Đã phục vụ xong số {label} tại quầy {counter}.")
NO_SHOW = N_("Số {label} được ghi là vắng mặt.")
TRANSFERRED = N_("Đã chuyển số {label} sang khu vực {letter} {area}; số vẫn giữ nguyên.")
TRANSFERRED_TO_COUNTER = N_(
    "Đã chuyển số {label} sang khu vực {letter} {area}, dành cho quầy {counter}; số vẫn giữ nguyên."
)
NOBODY_WAITING = N_("Không có ai đang chờ.")
NO_TICKETS = N_("Ngày {day} chưa có số nào được cấp.")
AREA_SAVED = N_("Đã lưu khu vực {letter} {name} ({kind}).")
AREA_SAVED_INACTIVE = N_("Đã lưu khu vực {letter} {name} ({kind}); khu vực này ngừng cấp số.")
BAD_DAY = N_("Ngày {value} không đúng dạng YYYY-MM-DD.")
LABEL_WITH_AREAS = N_(
    "Gọi một số cụ thể thì không ghi --area: số đó đã thuộc một khu vực. Để gọi người tiếp "
    "theo của khu vực, bỏ số đi: desk-app ticket call --area A"
)


class HubCannot(DeskError):
    """Areas are an administrator's act: the hub does not take it over the LAN, where the
    device key proves a machine of the office, not who sits at it."""

    msgid = N_(
        "Chỉ sửa được khu vực cấp số ngay trên máy chạy máy chủ hàng đợi (việc của quản trị "
        "viên, không nhận qua mạng). Hãy chạy lệnh này trên máy đó."
    )


PRIORITY_NAMES = {
    PriorityKind.ELDERLY: N_("người cao tuổi"),
    PriorityKind.DISABLED: N_("người khuyết tật"),
    PriorityKind.PREGNANT: N_("phụ nữ mang thai"),
    PriorityKind.SMALL_CHILDREN: N_("người đi cùng con nhỏ"),
    PriorityKind.OTHER: N_("ưu tiên khác"),
}
KIND_NAMES = {
    AreaKind.SERVICE: N_("nhận hồ sơ"),
    AreaKind.RESULTS: N_("trả kết quả"),
}
ACTIVE = N_("đang cấp số")
INACTIVE = N_("ngừng cấp số")
NONE_SHOWN = "—"  # an empty cell: a sign, the same in every language

# Column headings.
H_LABEL = N_("Số")
H_AREA = N_("Khu vực")
H_PRIORITY = N_("Ưu tiên")
H_ISSUED_AT = N_("Lấy số lúc")
H_FOR_COUNTER = N_("Dành cho quầy")
H_BY = N_("Theo")
H_KEY = N_("Tên")
H_ISSUED = N_("Đã cấp")
H_SERVED = N_("Đã phục vụ")
H_NO_SHOW = N_("Vắng mặt")
H_WAITING = N_("Đang chờ")
H_WAIT_MEDIAN = N_("Chờ (trung vị)")
H_WAIT_P90 = N_("Chờ (P90)")
H_SERVICE_MEDIAN = N_("Phục vụ (trung vị)")
H_SERVICE_P90 = N_("Phục vụ (P90)")
H_LETTER = N_("Ký hiệu")
H_NAME = N_("Tên khu vực")
H_KIND = N_("Loại")
H_STATE = N_("Trạng thái")
BY_NAMES = {
    "area": N_("khu vực"),
    "counter": N_("quầy"),
    "officer": N_("cán bộ"),
    "total": N_("tổng cộng"),
}

# `ticket show`: one "label: value" line per fact.
SHOW_LINE = "{label}: {value}"  # a layout, not words
S_LABEL = N_("Số thứ tự")
S_DAY = N_("Ngày")
S_AREA = N_("Khu vực")
S_STATE = N_("Trạng thái")
S_PRIORITY = N_("Ưu tiên")
S_ISSUED_AT = N_("Lấy số lúc")
S_AHEAD = N_("Người chờ trước khi lấy số")
S_CALLS = N_("Số lần gọi")
S_COUNTER = N_("Quầy")
S_FOR_COUNTER = N_("Dành cho quầy")
S_OFFICER = N_("Cán bộ")
S_STARTED_AT = N_("Bắt đầu phục vụ lúc")
S_FINISHED_AT = N_("Kết thúc lúc")
S_TRANSFERS = N_("Số lần chuyển")
S_DOSSIER = N_("Hồ sơ")

# --- help texts ------------------------------------------------------------------------------

LABEL_HELP = N_("số thứ tự, ví dụ A012 (gõ a12 cũng được)")
COUNTER_HELP = N_("số quầy; mặc định: quầy trong cài đặt (counter)")
AREA_HELP = N_("ký hiệu khu vực, ví dụ A (xem: desk-app queue areas)")
PRIORITY_HELP = N_(
    "số ưu tiên, được gọi trước trong khu vực: elderly (người cao tuổi), disabled (người "
    "khuyết tật), pregnant (phụ nữ mang thai), small_children (người đi cùng con nhỏ), other "
    "(ưu tiên khác)"
)
NO_PRINT_HELP = N_("không in phiếu số thứ tự ra máy in của quầy")


def register(commands: Commands) -> None:
    _register_ticket(commands)
    _register_queue(commands)


def _register_ticket(commands: Commands) -> None:
    group = add_command(commands, "ticket", N_("số thứ tự: cấp số, gọi số, phục vụ, chuyển số"))
    sub = add_subcommands(group, "ticket_command")

    issue = add_command(
        sub, "issue", N_("cấp số tiếp theo của một khu vực và in phiếu số thứ tự"), cmd_issue
    )
    issue.add_argument("area", metavar="AREA", help=AREA_HELP)
    priorities = [p.value for p in PriorityKind]
    issue.add_argument(
        "--priority", choices=priorities, metavar="|".join(priorities), help=PRIORITY_HELP
    )
    issue.add_argument("--no-print", action="store_true", help=NO_PRINT_HELP)
    add_json(issue)

    result = add_command(
        sub,
        "result",
        N_(
            "cấp số ở khu vực trả kết quả cho người đến nhận kết quả của một hồ sơ (từ chối "
            "khi kết quả chưa có, kèm ngày hẹn)"
        ),
        cmd_result,
    )
    result.add_argument("dossier_code", metavar="DOSSIER_CODE", help=N_("mã hồ sơ trên giấy hẹn"))
    result.add_argument("--no-print", action="store_true", help=NO_PRINT_HELP)
    add_json(result)

    call = add_command(
        sub,
        "call",
        N_(
            "gọi người tiếp theo đến quầy (số đưa cho quầy này trước, rồi số ưu tiên, rồi theo "
            "giờ lấy số); ghi LABEL để gọi đúng số đó"
        ),
        cmd_call,
    )
    call.add_argument(
        "label", metavar="LABEL", nargs="?", help=N_("số cần gọi; không ghi: người tiếp theo")
    )
    _add_counter(call)
    call.add_argument(
        "--area",
        metavar="A",
        action="append",
        dest="areas",
        help=N_(
            "chỉ gọi từ khu vực này (ghi nhiều lần cho nhiều khu vực); mặc định: các khu vực "
            "của quầy trong cài đặt (counter_areas), không có thì mọi khu vực"
        ),
    )
    add_json(call)

    for name, summary, handler in (
        ("recall", N_("gọi lại số quầy này đã gọi"), cmd_recall),
        ("start", N_("bắt đầu phục vụ số đã gọi"), cmd_start),
        ("no-show", N_("ghi số đã gọi là vắng mặt"), cmd_no_show),
    ):
        act = add_command(sub, name, summary, handler)
        act.add_argument("label", metavar="LABEL", help=LABEL_HELP)
        _add_counter(act)
        add_json(act)

    finish = add_command(
        sub, "finish", N_("kết thúc phục vụ một số (kèm mã hồ sơ đã tiếp nhận, nếu có)"), cmd_finish
    )
    finish.add_argument("label", metavar="LABEL", help=LABEL_HELP)
    _add_counter(finish)
    finish.add_argument(
        "--dossier", metavar="CODE", help=N_("mã hồ sơ tiếp nhận được trong lượt phục vụ này")
    )
    add_json(finish)

    transfer = add_command(
        sub,
        "transfer",
        N_("chuyển một số sang khu vực khác hoặc một quầy; công dân giữ nguyên số và lượt"),
        cmd_transfer,
    )
    transfer.add_argument("label", metavar="LABEL", help=LABEL_HELP)
    transfer.add_argument(
        "--to-area", metavar="B", required=True, help=N_("khu vực nhận số, ví dụ B")
    )
    transfer.add_argument(
        "--to-counter", metavar="N", help=N_("dành số cho đúng quầy này trong khu vực nhận")
    )
    add_json(transfer)

    listed = add_command(
        sub, "list", N_("liệt kê các số đang chờ hôm nay, theo thứ tự sẽ được gọi"), cmd_list
    )
    listed.add_argument("--area", metavar="A", help=N_("chỉ khu vực này; mặc định: mọi khu vực"))
    add_json(listed)

    show = add_command(sub, "show", N_("in mọi thông tin của một số hôm nay"), cmd_show)
    show.add_argument("label", metavar="LABEL", help=LABEL_HELP)
    add_json(show)


def _register_queue(commands: Commands) -> None:
    group = add_command(commands, "queue", N_("hàng đợi: số liệu trong ngày và các khu vực"))
    sub = add_subcommands(group, "queue_command")

    stats = add_command(
        sub,
        "stats",
        N_(
            "số liệu một ngày theo khu vực, quầy và cán bộ: số đã cấp, đã phục vụ, vắng mặt, "
            "thời gian chờ và thời gian phục vụ (lãnh đạo bộ phận)"
        ),
        cmd_stats,
    )
    stats.add_argument("--date", metavar="YYYY-MM-DD", help=N_("ngày cần xem; mặc định: hôm nay"))
    add_json(stats)

    areas = add_command(sub, "areas", N_("liệt kê các khu vực cấp số"), cmd_areas)
    add_json(areas)

    area = add_command(sub, "area", N_("sửa các khu vực cấp số"))
    area_sub = add_subcommands(area, "area_command")
    set_area = add_command(
        area_sub,
        "set",
        N_("thêm một khu vực hoặc đổi tên, loại của khu vực (quản trị viên)"),
        cmd_area_set,
    )
    set_area.add_argument("letter", metavar="LETTER", help=N_("ký hiệu khu vực, một chữ cái A-Z"))
    set_area.add_argument("name", metavar="NAME", help=N_("tên khu vực, ví dụ Hộ tịch"))
    set_area.add_argument(
        "--kind",
        choices=[k.value for k in AreaKind],
        metavar="|".join(k.value for k in AreaKind),
        default=AreaKind.SERVICE.value,
        help=N_(
            "service (tiếp nhận hồ sơ, mặc định) hoặc results (trả kết quả: số lấy bằng mã hồ "
            "sơ vào đây)"
        ),
    )
    set_area.add_argument(
        "--inactive",
        action="store_true",
        help=N_("ngừng cấp số ở khu vực này (các số đã cấp vẫn được gọi)"),
    )


def _add_counter(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--counter", metavar="N", help=COUNTER_HELP)


# --- the queue and the printer ---------------------------------------------------------------


@contextmanager
def _queue(opened: Opened) -> Iterator[QueueService]:
    """The office's queue: the hub's when the settings name one, else this file's own; a hub
    client's connections are closed after the command."""
    from desk_app.services.queue_hub import queue_for

    queue = queue_for(opened.workspace, opened.workspace.settings)
    try:
        yield queue
    finally:
        close = getattr(queue, "close", None)
        if callable(close):
            close()


@contextmanager
def _open_queue(args: argparse.Namespace) -> Iterator[tuple[Opened, QueueService]]:
    """The workspace (who acts) and the queue, for one command."""
    with open_workspace(args) as opened, _queue(opened) as queue:
        yield opened, queue


@runtime_checkable
class _Managed(Protocol):
    """What an administrator's area commands need beyond `QueueService`: the queue of this
    very file (the hub machine's own, or a one-PC office's), never a hub client."""

    def set_area(
        self, actor: Actor, letter: str, name: str, *, kind: AreaKind, active: bool
    ) -> AreaInfo: ...


def _managed(queue: QueueService) -> _Managed:
    if not isinstance(queue, _Managed):
        raise HubCannot()
    return queue


def _counter(args: argparse.Namespace, opened: Opened) -> str:
    """``--counter``, else the workstation's counter in the settings, else a plain refusal."""
    from desk_app.services.queue import NoCounter

    counter = (args.counter or opened.workspace.settings.counter or "").strip()
    if not counter:
        raise NoCounter()
    return counter


def _print_ticket(args: argparse.Namespace, opened: Opened, ticket: TicketInfo) -> bool | None:
    """Print ``ticket`` on this workstation's ticket printer: True when printed, False when
    the printer failed (a warning: the ticket stays issued and its number is shown), None when
    nothing was to be printed (``--no-print``, no printer set)."""
    settings = opened.workspace.settings
    if args.no_print or settings.ticket_printer.strip().lower() == "none":
        return None
    from desk_app.services.ticket_printing import print_ticket

    outcome = print_ticket(settings, ticket, opened.actor.office.name)  # never raises
    if not outcome.printed and outcome.message:
        print(outcome.message, file=sys.stderr)  # already in the settings' language
    return outcome.printed


# --- ticket ----------------------------------------------------------------------------------


def cmd_issue(args: argparse.Namespace) -> int:
    priority = PriorityKind(args.priority) if args.priority else None
    with _open_queue(args) as (opened, queue):
        ticket = queue.issue(
            opened.actor, args.area, priority=priority, source=TicketSource.COMMAND_LINE
        )
        return _issued(args, opened, ticket)


def cmd_result(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.issue_for_result(opened.actor, args.dossier_code)
        return _issued(args, opened, ticket)


def _issued(args: argparse.Namespace, opened: Opened, ticket: TicketInfo) -> int:
    """The number first, so it is seen even when the printer then hangs or fails."""
    if args.json:
        printed = _print_ticket(args, opened, ticket)
        print_json(_ticket_json(ticket) | {"printed": printed})
        return 0
    say_count(
        args,
        ISSUED,
        ticket.waiting_ahead,
        label=ticket.label,
        letter=ticket.area_letter,
        area=ticket.area_name,
    )
    _say_extras(args, ticket)
    _print_ticket(args, opened, ticket)
    return 0


def _say_extras(args: argparse.Namespace, ticket: TicketInfo) -> None:
    if ticket.priority is not None:
        say(args, PRIORITY_LINE, priority=PRIORITY_NAMES[ticket.priority])
    if ticket.dossier_code:
        say(args, DOSSIER_LINE, code=ticket.dossier_code)


def cmd_call(args: argparse.Namespace) -> int:
    if args.label is not None and args.areas:
        raise ValidationError(LABEL_WITH_AREAS, field="area")
    with _open_queue(args) as (opened, queue):
        counter = _counter(args, opened)
        if args.label is not None:
            ticket = queue.call(opened.actor, counter, args.label)
        else:
            areas = args.areas or list(opened.workspace.settings.counter_areas) or None
            ticket = queue.call_next(opened.actor, counter, areas)
    return _acted(args, ticket, CALLED)


def cmd_recall(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.recall(opened.actor, _counter(args, opened), args.label)
    return _acted(args, ticket, RECALLED)


def cmd_start(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.start(opened.actor, _counter(args, opened), args.label)
    return _acted(args, ticket, STARTED)


def cmd_finish(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.finish(
            opened.actor, _counter(args, opened), args.label, dossier_code=args.dossier
        )
    return _acted(args, ticket, FINISHED)


def cmd_no_show(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.no_show(opened.actor, _counter(args, opened), args.label)
    return _acted(args, ticket, NO_SHOW)


def cmd_transfer(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        ticket = queue.transfer(opened.actor, args.label, args.to_area, to_counter=args.to_counter)
    said = TRANSFERRED_TO_COUNTER if ticket.target_counter else TRANSFERRED
    return _acted(args, ticket, said, counter=ticket.target_counter)


def _acted(
    args: argparse.Namespace, ticket: TicketInfo, msgid: str, counter: str | None = None
) -> int:
    if args.json:
        print_json(_ticket_json(ticket))
        return 0
    say(
        args,
        msgid,
        label=ticket.label,
        counter=counter or ticket.counter or "",
        letter=ticket.area_letter,
        area=ticket.area_name,
        calls=ticket.calls,
    )
    _say_extras(args, ticket)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    with _open_queue(args) as (_opened, queue):
        waiting = queue.waiting(args.area)
    if args.json:
        print_json([_ticket_json(t) for t in waiting])
        return 0
    if not waiting:
        say(args, NOBODY_WAITING)
        return 0
    headings = (H_LABEL, H_AREA, H_PRIORITY, H_ISSUED_AT, H_FOR_COUNTER)
    rows = [
        [
            t.label,
            f"{t.area_letter} {t.area_name}",
            _priority_text(args, t),
            _clock(t.issued_at),
            t.target_counter or NONE_SHOWN,
        ]
        for t in waiting
    ]
    _print_table(args, headings, rows)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open_queue(args) as (_opened, queue):
        ticket = queue.ticket(args.label)
    if args.json:
        print_json(_ticket_json(ticket))
        return 0
    facts: list[tuple[str, object]] = [
        (S_LABEL, ticket.label),
        (S_DAY, ticket.day.strftime("%d/%m/%Y")),
        (S_AREA, f"{ticket.area_letter} {ticket.area_name}"),
        (S_STATE, translate(STATE_NAMES[ticket.state], args.language)),
        (S_PRIORITY, _priority_text(args, ticket)),
        (S_ISSUED_AT, _clock(ticket.issued_at)),
        (S_AHEAD, ticket.waiting_ahead),
        (S_CALLS, ticket.calls),
        (S_COUNTER, ticket.counter),
        (S_FOR_COUNTER, ticket.target_counter),
        (S_OFFICER, ticket.officer),
        (S_STARTED_AT, ticket.started_at and _clock(ticket.started_at)),
        (S_FINISHED_AT, ticket.finished_at and _clock(ticket.finished_at)),
        (S_TRANSFERS, ticket.transfers),
        (S_DOSSIER, ticket.dossier_code),
    ]
    for label, value in facts:
        shown = NONE_SHOWN if value is None or value == "" else value
        print(SHOW_LINE.format(label=translate(label, args.language), value=shown))
    return 0


def _priority_text(args: argparse.Namespace, ticket: TicketInfo) -> str:
    if ticket.priority is None:
        return NONE_SHOWN
    return translate(PRIORITY_NAMES[ticket.priority], args.language)


def _ticket_json(ticket: TicketInfo) -> dict[str, object]:
    """A ticket's stable JSON: times ISO 8601 in UTC, the day the office's local date."""
    return {
        "label": ticket.label,
        "day": ticket.day.isoformat(),
        "area": ticket.area_letter,
        "area_name": ticket.area_name,
        "state": ticket.state.value,
        "priority": ticket.priority.value if ticket.priority else None,
        "source": ticket.source.value,
        "waiting_ahead": ticket.waiting_ahead,
        "target_counter": ticket.target_counter,
        "counter": ticket.counter,
        "officer": ticket.officer,
        "calls": ticket.calls,
        "transfers": ticket.transfers,
        "dossier_code": ticket.dossier_code,
        "issued_at": _iso(ticket.issued_at),
        "first_called_at": _iso(ticket.first_called_at),
        "last_called_at": _iso(ticket.last_called_at),
        "started_at": _iso(ticket.started_at),
        "finished_at": _iso(ticket.finished_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _clock(moment: datetime) -> str:
    """Office time of day, as the counter reads it."""
    from desk_app.core.calendar import OFFICE_TZ

    return moment.astimezone(OFFICE_TZ).strftime("%H:%M")


# --- queue -----------------------------------------------------------------------------------


def cmd_stats(args: argparse.Namespace) -> int:
    from desk_app.core.calendar import OFFICE_TZ

    with _open_queue(args) as (opened, queue):
        day = _day(args.date) if args.date else opened.workspace.now().astimezone(OFFICE_TZ).date()
        rows = queue.stats(opened.actor, day)
    if args.json:
        print_json({"day": day.isoformat(), "rows": [_stats_json(r) for r in rows]})
        return 0
    if not rows:
        say(args, NO_TICKETS, day=day.strftime("%d/%m/%Y"))
        return 0
    headings = (
        H_BY,
        H_KEY,
        H_ISSUED,
        H_SERVED,
        H_NO_SHOW,
        H_WAITING,
        H_WAIT_MEDIAN,
        H_WAIT_P90,
        H_SERVICE_MEDIAN,
        H_SERVICE_P90,
    )
    table = [
        [
            translate(BY_NAMES.get(r.by, r.by), args.language),
            r.key,
            str(r.issued),
            str(r.served),
            str(r.no_show),
            str(r.waiting_now),
            _minutes(r.wait.median),
            _minutes(r.wait.p90),
            _minutes(r.service.median),
            _minutes(r.service.p90),
        ]
        for r in rows
    ]
    _print_table(args, headings, table, right=range(2, len(headings)))
    return 0


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(BAD_DAY, field="date", value=text) from None


def _stats_json(row: StatsRow) -> dict[str, object]:
    return {
        "by": row.by,
        "key": row.key,
        "issued": row.issued,
        "served": row.served,
        "no_show": row.no_show,
        "waiting_now": row.waiting_now,
        "wait": _spread_json(row.wait),
        "service": _spread_json(row.service),
    }


def _spread_json(spread: Spread) -> dict[str, object]:
    """Seconds, as the service measured them."""
    return {"count": spread.count, "median": spread.median, "p90": spread.p90}


def _minutes(seconds: float | None) -> str:
    """mm:ss (minutes past 59 keep counting: 75:00), a dash when nothing was measured."""
    if seconds is None:
        return NONE_SHOWN
    whole = round(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


def cmd_areas(args: argparse.Namespace) -> int:
    with _open_queue(args) as (_opened, queue):
        areas = queue.areas()
    if args.json:
        print_json([_area_json(a) for a in areas])
        return 0
    rows = [
        [
            a.letter,
            a.name,
            translate(KIND_NAMES[a.kind], args.language),
            translate(ACTIVE if a.active else INACTIVE, args.language),
        ]
        for a in areas
    ]
    _print_table(args, (H_LETTER, H_NAME, H_KIND, H_STATE), rows)
    return 0


def _area_json(area: AreaInfo) -> dict[str, object]:
    return {
        "letter": area.letter,
        "name": area.name,
        "kind": area.kind.value,
        "position": area.position,
        "active": area.active,
    }


def cmd_area_set(args: argparse.Namespace) -> int:
    with _open_queue(args) as (opened, queue):
        area = _managed(queue).set_area(
            opened.actor,
            args.letter,
            args.name,
            kind=AreaKind(args.kind),
            active=not args.inactive,
        )
    say(
        args,
        AREA_SAVED if area.active else AREA_SAVED_INACTIVE,
        letter=area.letter,
        name=area.name,
        kind=KIND_NAMES[area.kind],
    )
    return 0


# --- tables ----------------------------------------------------------------------------------


def _width(text: str) -> int:
    """Columns a text takes: combining marks (a decomposed Vietnamese letter) take none."""
    return sum(not unicodedata.combining(ch) for ch in text)


def _print_table(
    args: argparse.Namespace,
    headings: Sequence[str],
    rows: Sequence[Sequence[str]],
    right: Sequence[int] = (),
) -> None:
    """Columns aligned under translated headings; the ``right`` ones (figures) flush right."""
    lines = [[translate(h, args.language) for h in headings], *rows]
    widths = [max(_width(line[i]) for line in lines) for i in range(len(headings))]
    for line in lines:
        cells = []
        for i, cell in enumerate(line):
            pad = " " * (widths[i] - _width(cell))
            cells.append(pad + cell if i in right else cell + pad)
        print("  ".join(cells).rstrip())
