"""The dossier state machine: what the officer may do in each state, and what they may not."""

from __future__ import annotations

from itertools import product

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.lifecycle import (
    ACTION_LABELS,
    INITIAL_ACTION,
    STATE_LABELS,
    Action,
    DossierState,
    ForbiddenTransition,
    allowed_actions,
    is_terminal,
    next_actions,
    transition,
)

S = DossierState
A = Action

# Written out independently of the module: each row is a form or record of reference §2.
ALLOWED: dict[tuple[DossierState | None, Action], DossierState] = {
    (None, A.RECEIVE): S.RECEIVED,  # Mẫu 01 receipt
    (S.RECEIVED, A.TRANSFER): S.IN_PROGRESS,  # control slip
    (S.IN_PROGRESS, A.TRANSFER): S.IN_PROGRESS,  # control slip, next unit
    (S.RECEIVED, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,  # Mẫu 02
    (S.IN_PROGRESS, A.REQUEST_SUPPLEMENT): S.SUPPLEMENT_REQUESTED,
    (S.SUPPLEMENT_REQUESTED, A.RESUME): S.RECEIVED,
    (S.RECEIVED, A.APOLOGISE): S.RECEIVED,  # Mẫu 04: due date moves, state stays
    (S.IN_PROGRESS, A.APOLOGISE): S.IN_PROGRESS,
    (S.RECEIVED, A.RECORD_RESULT): S.RESULT_READY,  # resolved at the desk itself
    (S.IN_PROGRESS, A.RECORD_RESULT): S.RESULT_READY,
    (S.RESULT_READY, A.RETURN): S.RETURNED,
    (S.RECEIVED, A.REFUSE): S.REFUSED,  # Mẫu 03
    (S.IN_PROGRESS, A.REFUSE): S.REFUSED,
    (S.SUPPLEMENT_REQUESTED, A.REFUSE): S.REFUSED,
    (S.RECEIVED, A.STOP): S.STOPPED,  # Mẫu 05 (2025) / procedure 1.010010
    (S.IN_PROGRESS, A.STOP): S.STOPPED,
    (S.SUPPLEMENT_REQUESTED, A.STOP): S.STOPPED,
}
EVERY_STATE: list[DossierState | None] = [None, *DossierState]
FORBIDDEN = [pair for pair in product(EVERY_STATE, Action) if pair not in ALLOWED]
TERMINAL = {S.RETURNED, S.REFUSED, S.STOPPED}


@pytest.mark.parametrize(("pair", "expected"), ALLOWED.items(), ids=str)
def test_allowed_transitions_lead_where_the_forms_say(
    pair: tuple[DossierState | None, Action], expected: DossierState
) -> None:
    state, action = pair
    assert transition(state, action) is expected
    assert action in allowed_actions(state)


@pytest.mark.parametrize(("state", "action"), FORBIDDEN, ids=str)
def test_every_other_transition_is_refused(state: DossierState | None, action: Action) -> None:
    with pytest.raises(ForbiddenTransition) as caught:
        transition(state, action)
    assert action not in allowed_actions(state)
    assert (caught.value.state, caught.value.action) == (state, action)
    assert ACTION_LABELS[action] in str(caught.value)


def test_refusal_message_names_state_and_action_in_vietnamese() -> None:
    with pytest.raises(ForbiddenTransition) as caught:
        transition(S.REFUSED, A.RETURN)
    assert str(caught.value) == "Không thể “Trả kết quả” khi hồ sơ đang ở trạng thái “Đã từ chối”."


def test_nothing_but_a_receipt_can_start_a_dossier() -> None:
    assert allowed_actions(None) == frozenset({INITIAL_ACTION}) == frozenset({A.RECEIVE})
    with pytest.raises(ForbiddenTransition) as caught:
        transition(None, A.TRANSFER)
    assert str(caught.value) == "Không thể “Chuyển xử lý” khi hồ sơ chưa được tiếp nhận."


def test_a_dossier_is_never_received_twice() -> None:
    with pytest.raises(ForbiddenTransition, match="Không thể “Tiếp nhận”"):
        transition(S.IN_PROGRESS, A.RECEIVE)


@pytest.mark.parametrize("state", list(DossierState))
def test_terminal_states_allow_nothing(state: DossierState) -> None:
    assert is_terminal(state) is (state in TERMINAL)
    assert (allowed_actions(state) == frozenset()) is (state in TERMINAL)


def test_every_state_is_reachable_from_a_receipt() -> None:
    seen = {transition(None, INITIAL_ACTION)}
    frontier = list(seen)
    while frontier:
        state = frontier.pop()
        for action in allowed_actions(state):
            target = transition(state, action)
            if target not in seen:
                seen.add(target)
                frontier.append(target)
    assert seen == set(DossierState)


def test_every_state_and_action_has_a_distinct_vietnamese_label() -> None:
    assert set(STATE_LABELS) == set(DossierState)
    assert set(ACTION_LABELS) == set(Action)
    assert len(set(STATE_LABELS.values())) == len(DossierState)
    assert len(set(ACTION_LABELS.values())) == len(Action)


def test_states_are_stored_as_stable_lowercase_words() -> None:
    assert [state.value for state in DossierState] == [
        "received",
        "in_progress",
        "supplement_requested",
        "result_ready",
        "returned",
        "refused",
        "stopped",
    ]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_walk_following_allowed_actions_never_fails(data: st.DataObject) -> None:
    state: DossierState | None = None
    for _ in range(30):
        actions = allowed_actions(state)
        if not actions:
            assert state is not None and is_terminal(state)
            break
        probe = data.draw(st.sampled_from(list(Action)), label="probe")
        if probe not in actions:
            with pytest.raises(ForbiddenTransition):
                transition(state, probe)
        action = data.draw(st.sampled_from(sorted(actions)), label="action")
        state = transition(state, action)


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (None, (A.RECEIVE,)),
        (
            S.RECEIVED,
            (A.TRANSFER, A.REQUEST_SUPPLEMENT, A.REFUSE, A.APOLOGISE, A.STOP, A.RECORD_RESULT),
        ),
        (S.SUPPLEMENT_REQUESTED, (A.RESUME, A.REFUSE, A.STOP)),
        (S.RESULT_READY, (A.RETURN,)),
        (S.RETURNED, ()),
    ],
)
def test_next_actions_are_the_allowed_ones_in_the_order_of_a_dossiers_life(
    state: DossierState | None, expected: tuple[Action, ...]
) -> None:
    # The dossier view lists exactly what may be done next, always in the same order.
    assert next_actions(state) == expected
    assert frozenset(next_actions(state)) == allowed_actions(state)
