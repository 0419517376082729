"""The local queue on a real workstation file: numbers, order, acts, events and figures."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk_app.core.queue import (
    PriorityKind,
    TicketActRefused,
    TicketSource,
    TicketState,
    Waiting,
    calling_order,
)
from desk_app.core.roles import Role
from desk_app.services.audit import verify_audit
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import NotPermitted
from desk_app.services.queue import (
    NotThisCounter,
    QueueEmpty,
    ResultNotReady,
    UnknownArea,
    local_queue,
)
from desk_app.services.workstation import open_workstation, station_of
from desk_app.store.local import OutboxEvent
from tests.factories import SettableClock


def test_set_up_gives_the_default_areas(workspace: Workspace) -> None:
    areas = local_queue(workspace).areas()
    assert [(a.letter, a.name, a.kind.value) for a in areas] == [
        ("A", "Chứng thực", "service"),
        ("B", "Hộ tịch", "service"),
        ("C", "Trả kết quả", "results"),
    ]


def test_numbers_run_per_area_per_day_across_a_reopen_and_restart_at_midnight(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    assert [queue.issue(actor, "A").label for _ in range(3)] == ["A001", "A002", "A003"]
    assert queue.issue(actor, "b").label == "B001"
    assert workspace.home is not None
    home = workspace.home
    reopened = open_workstation(home, now=clock)  # another program, or the same after a crash
    try:
        assert local_queue(reopened).issue(actor, "A").label == "A004"
    finally:
        reopened.close()
    clock.current = clock.current.replace(hour=23, minute=59)
    assert queue.issue(actor, "A").label == "A005"
    clock.advance(minutes=2)  # the next office day
    ticket = queue.issue(actor, "A")
    assert ticket.label == "A001" and ticket.day == (clock.current.date())


def test_priority_tickets_are_called_first_and_the_ticket_says_who_is_ahead(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    first = queue.issue(actor, "A")
    clock.advance(minutes=1)
    second = queue.issue(actor, "A")
    clock.advance(minutes=1)
    elderly = queue.issue(actor, "A", priority=PriorityKind.ELDERLY, source=TicketSource.KIOSK)
    assert (first.waiting_ahead, second.waiting_ahead, elderly.waiting_ahead) == (0, 1, 0)
    calls = [queue.call_next(actor, "1", ["A"]).label for _ in range(3)]
    assert calls == [elderly.label, first.label, second.label]
    with pytest.raises(QueueEmpty):
        queue.call_next(actor, "1", ["A"])


def test_a_served_ticket_goes_from_call_to_finish_and_a_double_press_is_refused(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    called = queue.call_next(actor, "3")
    assert called.state is TicketState.CALLED and called.counter == "3"
    assert queue.at_counter("3") == called
    clock.advance(minutes=1)
    assert queue.recall(actor, "3", "A001").calls == 2
    with pytest.raises(NotThisCounter):
        queue.start(actor, "4", "A001")
    queue.start(actor, "3", "A001")
    clock.advance(minutes=5)
    done = queue.finish(actor, "3", "A001", dossier_code="000.00.19.H26-250715-1001")
    assert done.state is TicketState.SERVED and done.dossier_code.endswith("1001")
    with pytest.raises(TicketActRefused, match="A001"):
        queue.finish(actor, "3", "A001")
    assert queue.at_counter("3") is None


def test_a_transfer_keeps_the_number_and_its_place(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    early = queue.issue(actor, "A")
    clock.advance(minutes=5)
    later = queue.issue(actor, "B")
    queue.call_next(actor, "1", ["A"])
    moved = queue.transfer(actor, early.label, "B")
    assert moved.label == "A001" and moved.area_letter == "B" and moved.state is TicketState.WAITING
    assert [t.label for t in queue.waiting("B")] == ["A001", later.label]  # issued earlier
    sent = queue.transfer(actor, "A001", "B", to_counter="5")
    assert sent.target_counter == "5"
    assert [t.label for t in queue.waiting("B")] == ["A001", later.label]  # still listed
    assert queue.call_next(actor, "2", ["B"]).label == later.label  # left for counter 5
    assert queue.call_next(actor, "5", ["B"]).label == "A001"


def test_no_show_and_unknown_area(workspace: Workspace, actor: Actor) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.call_next(actor, "1")
    assert queue.no_show(actor, "1", "A001").state is TicketState.NO_SHOW
    with pytest.raises(UnknownArea):
        queue.issue(actor, "Z")


def test_every_act_is_audited_and_queued_for_the_server_and_the_record_verifies(
    workspace: Workspace, actor: Actor
) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.call_next(actor, "1")
    queue.start(actor, "1", "A001")
    queue.finish(actor, "1", "A001")
    with workspace.read() as session:
        kinds = [e.kind for e in session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq))]
        payload = session.scalars(select(OutboxEvent.payload)).all()[-1]
    assert kinds[-4:] == [
        "ticket.issued",
        "ticket.called",
        "ticket.service_started",
        "ticket.finished",
    ]
    data = payload if isinstance(payload, dict) else json.loads(payload)
    assert data["label"] == "A001" and data["outcome"] == "served"
    assert verify_audit(workspace).ok


def test_calling_needs_an_officer_role_taking_a_number_does_not(
    workspace: Workspace, actor: Actor
) -> None:
    from dataclasses import replace

    assert actor.officer is not None
    kiosk = Actor.at_station(station_of(workspace), None)
    queue = local_queue(workspace)
    assert queue.issue(kiosk, "A", source=TicketSource.KIOSK).label == "A001"
    stranger = replace(actor, officer=replace(actor.officer, role=Role.OFFICER))
    assert queue.call_next(stranger, "1").label == "A001"
    with pytest.raises(NotPermitted):
        queue.stats(stranger, queue.today())
    with pytest.raises(NotPermitted):
        queue.set_area(stranger, "D", "Đất đai")


def test_a_result_ticket_names_the_dossier_or_says_when_to_come_back(
    workspace: Workspace, actor: Actor
) -> None:
    from desk_app.services.intake import take_in
    from tests.factories import intake_request

    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    queue = local_queue(workspace)
    with pytest.raises(ResultNotReady) as refused:
        queue.issue_for_result(actor, record.code)
    assert record.due_at.astimezone().strftime("%Y") in str(refused.value.message)
    ticket = queue.issue_for_result(actor, "000.00.19.H26-250101-0999")  # held elsewhere
    assert ticket.label == "C001" and ticket.dossier_code == "000.00.19.H26-250101-0999"


def test_the_days_figures(workspace: Workspace, actor: Actor, clock: SettableClock) -> None:
    queue = local_queue(workspace)
    for _ in range(3):
        queue.issue(actor, "A")
    clock.advance(minutes=10)
    queue.call_next(actor, "1")
    clock.advance(minutes=4)
    queue.finish(actor, "1", "A001")
    clock.advance(minutes=1)
    queue.call_next(actor, "1")
    queue.no_show(actor, "1", "A002")
    rows = {(r.by, r.key): r for r in queue.stats(actor, queue.today())}
    total = rows[("total", "")]
    assert (total.issued, total.served, total.no_show, total.waiting_now) == (3, 1, 1, 1)
    assert rows[("area", "A")].wait.median == timedelta(minutes=12.5).total_seconds()
    assert rows[("counter", "1")].service.median == timedelta(minutes=4).total_seconds()
    assert rows[("officer", "quantri")].served == 1


def test_a_ticket_row_changed_behind_the_apps_back_is_named(
    workspace: Workspace, actor: Actor
) -> None:
    import sqlite3

    from desk_app.services.audit import TICKET_DIFFERS, TICKET_NO_EVENT, Finding
    from desk_app.services.workstation import database_file

    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.issue(actor, "A")
    queue.call_next(actor, "2")
    queue.no_show(actor, "2", "A001")
    assert verify_audit(workspace).ok
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as db:
        db.execute("UPDATE ticket SET state = 'served' WHERE number = 1")  # hide a no-show
        db.execute(
            "INSERT INTO ticket SELECT 'ab' || substr(id, 3), office_id, area_id, day, letter,"
            " 9, priority, state, source, issued_at, issued_by, workstation_id, waiting_ahead,"
            " target_counter, counter, officer_id, served_by, first_called_at, last_called_at,"
            " calls, started_at, finished_at, transfers, dossier_code FROM ticket WHERE number = 2"
        )
    db.close()
    findings = verify_audit(workspace).findings
    day = queue.today().isoformat()
    assert Finding(TICKET_DIFFERS, {"ticket": f"{day} A001", "fields": "state"}) in findings
    assert Finding(TICKET_NO_EVENT, {"ticket": f"{day} A009"}) in findings


def test_the_board_shows_one_citizen_per_counter_the_last_one_it_called(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    for _ in range(3):
        queue.issue(actor, "A")
    first = queue.call_next(actor, "1")
    clock.advance(minutes=1)
    other = queue.call_next(actor, "2")
    clock.advance(minutes=1)
    again = queue.call_next(actor, "1")  # counter 1 called the next without finishing
    board = queue.board()
    assert [(t.label, t.counter) for t in board.serving] == [("A003", "1"), ("A002", "2")]
    assert again.label == "A003" and other.label == "A002"
    assert first.label in [t.label for t in board.recent]


def test_the_change_token_moves_with_every_act_even_at_the_same_instant_and_at_midnight(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    queue = local_queue(workspace)
    seen = [queue.change_token()]
    queue.issue(actor, "A")
    seen.append(queue.change_token())
    queue.call_next(actor, "1")
    seen.append(queue.change_token())
    queue.recall(actor, "1", "A001")  # the clock stands still: only the act tells them apart
    seen.append(queue.change_token())
    assert queue.change_token() == seen[-1]  # reading the queue changes nothing
    queue.set_area(actor, "D", "Đất đai")
    seen.append(queue.change_token())
    clock.current = clock.current.replace(hour=23, minute=59)
    seen.append(queue.change_token())  # later the same day, nothing done: no move
    clock.advance(minutes=2)
    seen.append(queue.change_token())  # the next day: the board empties, so it moves
    assert seen[-2] == seen[-3]
    assert len(set(seen)) == len(seen) - 1


TICKETS = st.lists(
    st.tuples(
        st.sampled_from("AB"),
        st.booleans(),  # priority
        st.sampled_from([None, None, "1", "2"]),  # sent to a counter by a transfer
        st.integers(min_value=1, max_value=90),  # seconds after the one before
    ),
    max_size=12,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tickets=TICKETS)
def test_call_next_in_sql_calls_in_the_rules_order(
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
    tickets: list[tuple[str, bool, str | None, int]],
) -> None:
    """Counter 1 calls everyone it may, in exactly `core.queue.calling_order`, and leaves a
    ticket sent to counter 2 alone (each example runs on a day of its own)."""
    clock.advance(days=1)
    queue = local_queue(workspace)
    for letter, priority, to_counter, gap in tickets:
        clock.advance(seconds=gap)
        issued = queue.issue(actor, letter, priority=PriorityKind.ELDERLY if priority else None)
        if to_counter is not None:
            queue.transfer(actor, issued.label, letter, to_counter)
    while True:
        rows = [
            Waiting(t.id, t.priority is not None, t.issued_at, int(t.label[1:]), t.target_counter)
            for t in queue.waiting()
        ]
        expected = calling_order(rows, "1")
        if not expected:
            with pytest.raises(QueueEmpty):
                queue.call_next(actor, "1")
            break
        assert queue.call_next(actor, "1").id == expected[0].key
    assert all(t.target_counter == "2" for t in queue.waiting())
