"""THE PROOF of issue 9, item 6: five counters pressing "call next" at once against a real hub.

1,000 tickets are issued through the hub (areas A and B), then five counters, each its own
client and thread, call next as fast as they can until the queue is empty. Every ticket must be
called exactly once: 1,000 calls in all, none twice, none skipped, and the hub's file agrees.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.core.queue import TicketState
from desk_app.services.audit import verify_audit
from desk_app.services.queue import QueueEmpty
from desk_app.store.models import Ticket
from tests.server.running import RunningHub, copy_of, counter_actor, kiosk_actor

pytestmark = [pytest.mark.slow, pytest.mark.integration]

TICKETS = 1000
COUNTERS = 5
ISSUERS = 2  # a kiosk and a counter's window issue at the same time
TIME_LIMIT_S = 60.0


def test_five_counters_calling_next_at_once_call_every_ticket_exactly_once(
    office_template: Path, tmp_path: Path
) -> None:
    hub = RunningHub(copy_of(office_template, tmp_path / "hub")).start()
    started = time.perf_counter()
    try:
        issued: list[str] = []
        issued_lock = threading.Lock()
        failures: list[BaseException] = []

        def issue(worker: int) -> None:
            try:
                with hub.client() as kiosk:
                    actor = kiosk_actor(hub)
                    for n in range(worker, TICKETS, ISSUERS):
                        label = kiosk.issue(actor, "AB"[n % 2]).label
                        with issued_lock:
                            issued.append(label)
            except BaseException as error:  # reported by the main thread
                failures.append(error)

        run_all(issue, ISSUERS)
        assert not failures, failures
        issue_s = time.perf_counter() - started
        assert len(issued) == len(set(issued)) == TICKETS
        assert Counter(label[0] for label in issued) == {"A": TICKETS // 2, "B": TICKETS // 2}

        calls: dict[int, list[str]] = {worker: [] for worker in range(COUNTERS)}
        barrier = threading.Barrier(COUNTERS)

        def call(worker: int) -> None:
            try:
                with hub.client() as counter:
                    actor = counter_actor(hub, f"canbo{worker}")
                    barrier.wait()
                    while True:
                        try:
                            ticket = counter.call_next(actor, str(worker + 1), ["A", "B"])
                        except QueueEmpty:
                            return
                        assert ticket.counter == str(worker + 1)
                        calls[worker].append(ticket.label)
            except BaseException as error:
                failures.append(error)

        calling = time.perf_counter()
        run_all(call, COUNTERS)
        call_s = time.perf_counter() - calling
        assert not failures, failures

        every_call = [label for labels in calls.values() for label in labels]
        assert len(every_call) == TICKETS  # exactly 1,000 calls
        twice = [label for label, n in Counter(every_call).items() if n > 1]
        assert twice == []  # no ticket called twice
        assert set(every_call) == set(issued)  # none skipped
        assert all(calls.values()), "every counter got tickets: they really ran at once"

        with hub.workspace.read() as session:
            stored = session.scalars(select(Ticket)).all()
        assert len(stored) == TICKETS
        assert {(t.state, t.calls) for t in stored} == {(TicketState.CALLED, 1)}
        assert {t.counter for t in stored} == {str(n + 1) for n in range(COUNTERS)}
        assert verify_audit(hub.workspace).ok
        elapsed = time.perf_counter() - started
        print(
            f"\n{TICKETS} issued in {issue_s:.1f} s, {TICKETS} called by {COUNTERS} counters in "
            f"{call_s:.1f} s ({TICKETS / call_s:.0f} calls/s); "
            + ", ".join(f"counter {w + 1}: {len(c)}" for w, c in calls.items())
        )
        assert elapsed < TIME_LIMIT_S
    finally:
        hub.close()


def run_all(work: object, count: int) -> None:
    assert callable(work)
    threads = [threading.Thread(target=work, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIME_LIMIT_S)
    assert not any(thread.is_alive() for thread in threads)
