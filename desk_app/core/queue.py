"""Queue tickets as the counter sees them (issue 9): areas, numbers, states, calling order, figures.

A service area has a letter (A, B, C...) and numbers run per area per office day (A001, A002...).
A ticket waits, is called (maybe again), is served and finished, or is marked a no-show; a
transfer sends it to another area or counter with its number kept, waiting again. Priority
tickets (the elderly, the disabled, pregnant women, people with small children: Decree
61/2018 art. 6 asks the one-stop desk to serve them first) are called first within their area.
Pure: no clock, no storage.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from desk_app.core.errors import N_, DeskError, ValidationError


class TicketState(StrEnum):
    WAITING = "waiting"
    CALLED = "called"  # announced; the citizen is on the way to the counter
    SERVING = "serving"
    SERVED = "served"
    NO_SHOW = "no_show"


FINISHED = frozenset({TicketState.SERVED, TicketState.NO_SHOW})


class PriorityKind(StrEnum):
    ELDERLY = "elderly"
    DISABLED = "disabled"
    PREGNANT = "pregnant"
    SMALL_CHILDREN = "small_children"
    OTHER = "other"


class AreaKind(StrEnum):
    SERVICE = "service"  # dossiers are received here
    RESULTS = "results"  # results are handed back here: a kiosk ticket may name its dossier


class TicketSource(StrEnum):
    KIOSK = "kiosk"
    COUNTER = "counter"
    COMMAND_LINE = "command_line"


@dataclass(frozen=True)
class AreaSpec:
    letter: str
    name: str
    kind: AreaKind = AreaKind.SERVICE


# What `desk-app init` creates: editable afterwards.
DEFAULT_AREAS = (
    AreaSpec("A", "Chứng thực"),
    AreaSpec("B", "Hộ tịch"),
    AreaSpec("C", "Trả kết quả", AreaKind.RESULTS),
)

_LETTER = re.compile(r"[A-Z]")
MAX_AREA_NAME = 60
MAX_NUMBER = 9999


class TicketActRefused(DeskError):
    """An act the ticket's state does not allow (a double-pressed key, a stale screen)."""

    msgid = N_("Số {label} đang ở trạng thái “{state}”: không thể {act}.")


STATE_NAMES = {
    TicketState.WAITING: N_("đang chờ"),
    TicketState.CALLED: N_("đã gọi"),
    TicketState.SERVING: N_("đang phục vụ"),
    TicketState.SERVED: N_("đã phục vụ xong"),
    TicketState.NO_SHOW: N_("vắng mặt"),
}


class TicketAct(StrEnum):
    CALL = "call"
    RECALL = "recall"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"


ACT_NAMES = {
    TicketAct.CALL: N_("gọi số này"),
    TicketAct.RECALL: N_("gọi lại số này"),
    TicketAct.START: N_("bắt đầu phục vụ"),
    TicketAct.FINISH: N_("kết thúc phục vụ"),
    TicketAct.NO_SHOW: N_("đánh dấu vắng mặt"),
    TicketAct.TRANSFER: N_("chuyển số này"),
}

# From which states each act may be done; the state it leads to.
_ALLOWED: dict[TicketAct, tuple[frozenset[TicketState], TicketState]] = {
    TicketAct.CALL: (frozenset({TicketState.WAITING}), TicketState.CALLED),
    TicketAct.RECALL: (frozenset({TicketState.CALLED}), TicketState.CALLED),
    TicketAct.START: (frozenset({TicketState.CALLED}), TicketState.SERVING),
    TicketAct.FINISH: (frozenset({TicketState.CALLED, TicketState.SERVING}), TicketState.SERVED),
    TicketAct.NO_SHOW: (frozenset({TicketState.CALLED}), TicketState.NO_SHOW),
    TicketAct.TRANSFER: (
        frozenset({TicketState.WAITING, TicketState.CALLED, TicketState.SERVING}),
        TicketState.WAITING,
    ),
}


def after(state: TicketState, act: TicketAct, label: str) -> TicketState:
    """The state ``act`` leads to from ``state``, or a plain refusal naming the ticket."""
    sources, target = _ALLOWED[act]
    if state not in sources:
        raise TicketActRefused(
            label=label,
            state=DeskError(STATE_NAMES[state]).message,
            act=DeskError(ACT_NAMES[act]).message,
        )
    return target


def check_letter(text: str) -> str:
    letter = text.strip().upper()
    if not _LETTER.fullmatch(letter):
        raise ValidationError(
            N_("Ký hiệu khu vực phải là một chữ cái A-Z (không dấu), ví dụ A."), field="letter"
        )
    return letter


def check_area_name(text: str) -> str:
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name or len(name) > MAX_AREA_NAME or not any(c.isalpha() for c in name):
        raise ValidationError(
            N_("Tên khu vực phải có chữ và dài không quá {count} ký tự."),
            field="name",
            count=MAX_AREA_NAME,
        )
    return name


def ticket_label(letter: str, number: int) -> str:
    """A ticket's number as printed, shown and called: the letter and at least three digits."""
    return f"{letter}{number:03d}"


_LABEL = re.compile(r"([A-Za-z])\s*0*(\d{1,4})")


def parse_label(text: str) -> tuple[str, int]:
    """``A012``, ``a12``, ``A 12`` → ("A", 12); what a scanner or an officer types."""
    match = _LABEL.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= MAX_NUMBER:
        raise ValidationError(
            N_("“{value}” không phải là số thứ tự; số có dạng chữ cái và số, ví dụ A012."),
            field="ticket",
            value=text.strip()[:20],
        )
    return match[1].upper(), int(match[2])


@dataclass(frozen=True)
class Waiting:
    """What the calling order needs to know of a waiting ticket."""

    key: object
    priority: bool
    issued_at: datetime
    number: int
    target_counter: str | None = None


def calling_order(waiting: Iterable[Waiting], counter: str | None = None) -> list[Waiting]:
    """Who is called next, first to last: a ticket sent to this very counter, then priority
    tickets, then by when each was issued (a transferred ticket keeps its place). A ticket sent
    to another counter is left for that counter; with no ``counter`` (a list of who waits)
    every ticket is in the order."""
    mine = [w for w in waiting if counter is None or w.target_counter in (None, counter)]
    return sorted(
        mine,
        key=lambda w: (
            w.target_counter is None or w.target_counter != counter,
            not w.priority,
            w.issued_at,
            w.number,
        ),
    )


def ahead_of(waiting: Sequence[Waiting], ticket: Waiting) -> int:
    """How many are called before ``ticket`` in its area (printed on it)."""
    order = calling_order([*waiting, ticket])
    return order.index(ticket)


def ahead_of_new(priority: bool, waiting: int, waiting_priority: int) -> int:
    """How many are called before a ticket issued now, from the area's counts: the same answer
    as ``ahead_of`` (issued last, it follows all who wait, or only the priority ones when it
    is one itself) without reading every waiting ticket."""
    return waiting_priority if priority else waiting


@dataclass(frozen=True)
class Spread:
    """Median and 90th percentile of a set of durations, in seconds; None when there are none."""

    count: int
    median: float | None
    p90: float | None


def spread(seconds: Sequence[float]) -> Spread:
    values = sorted(seconds)
    if not values:
        return Spread(0, None, None)
    if len(values) == 1:
        return Spread(1, values[0], values[0])
    # "inclusive": the 90th percentile stays within the values seen, as a supervisor reads it.
    p90 = statistics.quantiles(values, n=10, method="inclusive")[8]
    return Spread(len(values), statistics.median(values), p90)
