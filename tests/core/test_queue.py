"""The queue's pure rules: labels, the calling order, the state machine and the figures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.errors import ValidationError
from desk_app.core.queue import (
    TicketAct,
    TicketActRefused,
    TicketState,
    Waiting,
    after,
    ahead_of,
    ahead_of_new,
    calling_order,
    check_letter,
    parse_label,
    spread,
    ticket_label,
)

T0 = datetime(2025, 7, 15, 2, 0, tzinfo=UTC)


@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), st.integers(1, 9999))
def test_a_printed_label_reads_back(letter: str, number: int) -> None:
    label = ticket_label(letter, number)
    assert parse_label(label) == (letter, number)
    assert parse_label(f" {label.lower()} ") == (letter, number)
    assert len(label) >= 4


@given(st.text(max_size=12))
def test_anything_typed_is_a_label_or_a_plain_refusal(text: str) -> None:
    try:
        letter, number = parse_label(text)
    except ValidationError as error:
        assert error.field == "ticket"
    else:
        assert letter.isalpha() and 1 <= number <= 9999


def test_letters_are_one_plain_capital() -> None:
    assert check_letter(" b ") == "B"
    for bad in ("", "AB", "Đ", "1"):
        with pytest.raises(ValidationError):
            check_letter(bad)


def _w(key: str, minutes: int, *, priority: bool = False, to: str | None = None) -> Waiting:
    return Waiting(key, priority, T0 + timedelta(minutes=minutes), minutes + 1, to)


def test_priority_first_then_by_time_and_a_ticket_sent_to_a_counter_waits_for_it() -> None:
    waiting = [_w("a", 0), _w("b", 1), _w("old", 2, priority=True), _w("sent", 3, to="3")]
    assert [w.key for w in calling_order(waiting, "1")] == ["old", "a", "b"]
    assert [w.key for w in calling_order(waiting, "3")] == ["sent", "old", "a", "b"]
    assert ahead_of(waiting[:2], _w("new", 9, priority=True)) == 0
    assert ahead_of(waiting[:3], _w("new", 9)) == 3


@given(st.lists(st.tuples(st.integers(0, 500), st.booleans()), max_size=30))
def test_the_order_is_a_permutation_with_every_priority_ticket_first(
    items: list[tuple[int, bool]],
) -> None:
    waiting = [_w(str(i), m, priority=p) for i, (m, p) in enumerate(items)]
    order = calling_order(waiting)
    assert sorted(w.key for w in order) == sorted(w.key for w in waiting)
    flags = [w.priority for w in order]
    assert flags == sorted(flags, reverse=True)


def test_acts_follow_the_states_and_a_double_press_is_refused_plainly() -> None:
    state = after(TicketState.WAITING, TicketAct.CALL, "A001")
    assert state is TicketState.CALLED
    assert after(state, TicketAct.RECALL, "A001") is TicketState.CALLED
    assert after(state, TicketAct.START, "A001") is TicketState.SERVING
    served = after(TicketState.SERVING, TicketAct.FINISH, "A001")
    with pytest.raises(TicketActRefused, match="A001"):
        after(served, TicketAct.FINISH, "A001")
    with pytest.raises(TicketActRefused):
        after(TicketState.WAITING, TicketAct.NO_SHOW, "A001")
    assert after(TicketState.SERVING, TicketAct.TRANSFER, "A001") is TicketState.WAITING


def test_median_and_90th_percentile() -> None:
    assert spread([]).median is None
    figures = spread([float(s) for s in range(1, 11)])
    assert figures.count == 10 and figures.median == 5.5
    assert figures.p90 is not None and 9 <= figures.p90 <= 10


@given(
    st.lists(
        st.tuples(st.integers(0, 500), st.booleans(), st.sampled_from([None, "2"])), max_size=30
    ),
    st.booleans(),
)
def test_the_printed_count_ahead_from_two_counts_is_the_calling_order_s(
    items: list[tuple[int, bool, str | None]], priority: bool
) -> None:
    waiting = [_w(str(i), m, priority=p, to=to) for i, (m, p, to) in enumerate(items)]
    new = _w("new", 501, priority=priority)
    counted = ahead_of_new(priority, len(waiting), sum(w.priority for w in waiting))
    assert counted == ahead_of(waiting, new)
