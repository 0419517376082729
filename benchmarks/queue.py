"""Figures for the office queue hub and for issuing a ticket (issue 9, "Proof").

Run from the repository root: ``PYTHONPATH=. python benchmarks/queue.py`` (about 4 minutes).

A throw-away workstation is set up in a temporary ``DESK_APP_HOME`` and ``desk-app server hub``
is started on it as a program of its own on 127.0.0.1, as an office's hub PC runs it; the
counters and the display are `HubQueue` clients in this program, one thread each. Measured:

- display update: from just before a counter sends "call next" to the moment a display, waiting
  on the hub's change stream (`wait_for_change`), returns with the new token; one ticket
  waiting, rounds 50 ms apart, so each measures one call, not a queue of them;
- throughput: 10 counters calling next at 50 calls/s in all (each in its turn, 200 ms apart)
  for 10 s while a kiosk issues as fast, on a queue of ``WAITING`` (areas A and B): the rate
  achieved and each call's latency as its counter sees it; then, for scale, the most the hub
  does with 10 counters calling as fast as they can;
- the hub's resident memory (VmRSS of its process, /proc) once the day holds 10,000 tickets,
  each issued, called and finished through the hub by 10 clients while a display listens;
- ticket issue without printing: `LocalQueue.issue` in this program on its own workstation
  (WAL, ``synchronous=FULL``), with about 20 citizens waiting, as on a busy morning;
- and, when ``benchmarks/ticket_print.py`` is there, its figures (issue to printer bytes).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and this file's name would hide the
# standard library's queue from every module that imports it (httpx, anyio, threading's users).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402 - after the path is mended
import contextlib  # noqa: E402
import os  # noqa: E402
import queue  # noqa: E402
import re  # noqa: E402
import signal  # noqa: E402
import sqlite3  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import TYPE_CHECKING  # noqa: E402

from benchmarks.intake import (  # noqa: E402
    Row,
    Spread,
    finish,
    load_average,
    machine,
    ms,
    set_up,
)

if TYPE_CHECKING:
    from desk_app.services.context import Actor
    from desk_app.services.queue_hub import HubQueue

REPO = Path(__file__).resolve().parents[1]
CLIENTS = 10
WAITING = 200  # a ward's busiest morning, and then some
ROUNDS = 3
TARGET_RATE = 50.0  # calls/s offered by all counters together: the goal's rate
PACED_SECONDS = 10.0
LATENCY_ROUNDS = 200
DAY_TICKETS = 10_000
LOCAL_ISSUES = 300
LOCAL_WAITING = 20

GOAL_DISPLAY_MS = 100.0
GOAL_CALLS_PER_S = 50.0
GOAL_CALL_P95_MS = 50.0
GOAL_RSS_MB = 100.0
GOAL_ISSUE_MS = 3.0
GOAL_ISSUE_TO_BYTES_MS = 10.0


# --- the hub, a program of its own ------------------------------------------------------------


@dataclass(frozen=True)
class RunningHub:
    process: subprocess.Popen[str]
    url: str
    key: str
    home: Path


@contextmanager
def hub_program(home: Path) -> Iterator[RunningHub]:
    """``desk-app server hub`` on ``home``, stopped with Ctrl+C (SIGINT) afterwards."""
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONPATH": str(REPO)}
    process = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "server", "hub", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert process.stdout is not None
        said = "".join(process.stdout.readline() for _ in range(5))
        url = re.search(r"(http://127\.0\.0\.1:\d+)", said)
        key = re.search(r"(?:Khoá kết nối|Connection key): (\S+)", said)
        if not (url and key):
            raise RuntimeError(
                f"the hub did not start: {said}{process.stderr.read() if process.stderr else ''}"
            )
        yield RunningHub(process, url.group(1), key.group(1), home)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT if os.name == "posix" else signal.SIGTERM)
            try:
                process.communicate(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()


def rss_mb(pid: int) -> float | None:
    status = Path(f"/proc/{pid}/status")
    if not status.exists():
        return None
    for line in status.read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def officer(username: str) -> Actor:
    """A counter's officer as the hub sees one from another workstation (no account there)."""
    from desk_app.core.roles import Role
    from desk_app.services.context import Actor, OfficeInfo, OfficerInfo

    office = OfficeInfo(uuid.uuid4(), ())  # the hub acts in its own office whatever is sent
    return Actor(office, None, OfficerInfo(uuid.uuid4(), username, username, Role.OFFICER))


def kiosk() -> Actor:
    from desk_app.services.context import Actor, OfficeInfo

    return Actor(OfficeInfo(uuid.uuid4(), ()), None, None)


def client(hub: RunningHub) -> HubQueue:
    from desk_app.services.queue_hub import HubQueue

    return HubQueue(hub.url, hub.key)


def in_threads(work: Callable[[int], None], count: int) -> None:
    failures: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def issue_many(hub: RunningHub, count: int, workers: int = 4) -> None:
    def issue(worker: int) -> None:
        with client(hub) as kiosk_client:
            for n in range(worker, count, workers):
                kiosk_client.issue(kiosk(), "AB"[n % 2])

    in_threads(issue, workers)


# --- the figures ---------------------------------------------------------------------------------


class Display:
    """A display waiting on the hub's change stream, noting when each change reaches it."""

    def __init__(self, hub: RunningHub) -> None:
        self.heard: queue.Queue[float] = queue.Queue()
        self._hub = hub
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)

    def __enter__(self) -> Display:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _listen(self) -> None:
        with client(self._hub) as display:
            token = display.wait_for_change(None, 0)
            while not self._stop.is_set():
                new = display.wait_for_change(token, 0.5)
                if new != token:
                    self.heard.put(time.perf_counter())
                    token = new

    def settle(self) -> None:
        """Let the display take in what happened and listen again, then forget it."""
        time.sleep(0.05)
        while not self.heard.empty():
            self.heard.get_nowait()


def display_update(hub: RunningHub) -> tuple[Spread, Spread]:
    """Call next -> display update, and the call's own round trip."""
    updates: list[float] = []
    calls: list[float] = []
    actor = officer("canbo.quay1")
    with client(hub) as counter, Display(hub) as display:
        for _ in range(LATENCY_ROUNDS):
            counter.issue(kiosk(), "A")
            display.settle()
            started = time.perf_counter()
            ticket = counter.call_next(actor, "1")
            calls.append(time.perf_counter() - started)
            updates.append(display.heard.get(timeout=5) - started)
            counter.finish(actor, "1", ticket.label)
            display.settle()
    return Spread.of(updates), Spread.of(calls)


def paced(hub: RunningHub) -> tuple[float, Spread]:
    """``CLIENTS`` counters each calling next ``TARGET_RATE / CLIENTS`` times a second (their
    starts spread evenly) for ``PACED_SECONDS``, while a kiosk issues as fast, on a queue of
    ``WAITING``: the rate achieved and each call's latency. A counter whose call takes longer
    than its turn falls behind, and the rate achieved shows it."""
    issue_many(hub, WAITING)
    interval = CLIENTS / TARGET_RATE
    rounds = int(PACED_SECONDS / interval)
    times: list[list[float]] = [[] for _ in range(CLIENTS)]
    begin = time.perf_counter() + 0.5  # every counter connected first

    def at(moment: float) -> None:
        time.sleep(max(0.0, moment - time.perf_counter()))

    def call(n: int) -> None:
        actor = officer(f"canbo.quay{n + 1}")
        with client(hub) as counter:
            counter.areas()
            for k in range(rounds):
                at(begin + (n + k * CLIENTS) / TARGET_RATE)
                started = time.perf_counter()
                counter.call_next(actor, str(n + 1))
                times[n].append(time.perf_counter() - started)

    def issue(_n: int) -> None:
        with client(hub) as kiosk_client:
            for k in range(rounds * CLIENTS):
                at(begin + k / TARGET_RATE)
                kiosk_client.issue(kiosk(), "AB"[k % 2])

    in_threads(lambda n: call(n) if n < CLIENTS else issue(n), CLIENTS + 1)
    took = time.perf_counter() - begin
    calls = [t for ts in times for t in ts]
    return len(calls) / took, Spread.of(calls)


def saturation(hub: RunningHub) -> tuple[float, Spread]:
    """``CLIENTS`` counters calling next as fast as they can until the queue (refilled to
    ``WAITING`` for each of ``ROUNDS`` rounds) is empty: calls/s and each call's latency."""
    latencies: list[float] = []
    calling = 0.0
    for _ in range(ROUNDS):
        with client(hub) as check:
            issue_many(hub, WAITING - sum(check.board().waiting.values()))
        times, seconds = drain(hub)
        assert len(times) == WAITING, len(times)
        calling += seconds
        latencies += times
    return len(latencies) / calling, Spread.of(latencies)


def drain(hub: RunningHub) -> tuple[list[float], float]:
    """``CLIENTS`` counters call next until the queue is empty, all starting at once: each
    call's latency, and the seconds from the start to the last call."""
    from desk_app.services.queue import QueueEmpty

    barrier = threading.Barrier(CLIENTS + 1)
    times: list[list[float]] = [[] for _ in range(CLIENTS)]

    def call(n: int) -> None:
        actor = officer(f"canbo.quay{n + 1}")
        with client(hub) as counter:
            counter.areas()  # connected before the start, as a counter is all day
            barrier.wait()
            while True:
                started = time.perf_counter()
                try:
                    counter.call_next(actor, str(n + 1))
                except QueueEmpty:
                    return
                times[n].append(time.perf_counter() - started)

    counters = threading.Thread(target=in_threads, args=(call, CLIENTS))
    counters.start()
    barrier.wait()
    started = time.perf_counter()
    counters.join()
    return [t for ts in times for t in ts], time.perf_counter() - started


def a_day_of_tickets(hub: RunningHub, already: int) -> tuple[float | None, float | None, float]:
    """RSS before and after the day reaches ``DAY_TICKETS`` tickets; seconds it took."""
    before = rss_mb(hub.process.pid)
    started = time.perf_counter()
    left = DAY_TICKETS - already

    def serve(n: int) -> None:
        actor = officer(f"canbo.quay{n + 1}")
        counter = str(n + 1)
        with client(hub) as desk:
            for _ in range(n, left, CLIENTS):
                desk.issue(kiosk(), "AB"[n % 2])
                ticket = desk.call_next(actor, counter, ["AB"[n % 2]])
                desk.finish(actor, counter, ticket.label)

    with Display(hub):
        in_threads(serve, CLIENTS)
    took = time.perf_counter() - started
    with client(hub) as check:
        assert check.board().waiting == {"A": 0, "B": 0, "C": 0}  # all served, still answering
    return before, rss_mb(hub.process.pid), took


def tickets_today(hub: RunningHub) -> int:
    """The tickets the hub's file holds (all of today's: the run is shorter than a day)."""
    database = hub.home / "desk-app.sqlite3"
    with contextlib.closing(sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM ticket").fetchone()[0])


def local_issue(workdir: Path) -> Spread:
    """`LocalQueue.issue` on its own workstation, about ``LOCAL_WAITING`` citizens waiting."""
    from benchmarks.intake import local_actor
    from desk_app.services.queue import local_queue
    from desk_app.services.workstation import open_workstation

    home = workdir / "local-workstation"
    set_up(home)
    workspace = open_workstation(home)
    try:
        actor = local_actor(workspace)
        desk = local_queue(workspace)
        for n in range(LOCAL_WAITING):
            desk.issue(actor, "AB"[n % 2])
        samples = []
        for n in range(LOCAL_ISSUES):
            started = time.perf_counter()
            desk.issue(actor, "AB"[n % 2])
            samples.append(time.perf_counter() - started)
            desk.call_next(actor, "1")  # one served for each one issued: the queue holds
        return Spread.of(samples)
    finally:
        workspace.close()


def ticket_print_rows() -> list[Row]:
    """benchmarks/ticket_print.py's medians, when that script is there."""
    if not (REPO / "benchmarks" / "ticket_print.py").exists():
        return [Row("ticket printing", "benchmarks/ticket_print.py not present")]
    from benchmarks import ticket_print

    figures = ticket_print.measure()
    rows = []
    for name, value in figures.items():
        if name == "issue_to_bytes":
            goal = f"≤ {GOAL_ISSUE_TO_BYTES_MS:.0f} ms"
            rows.append(
                Row(
                    f"print: {name} (median)",
                    f"{value:.1f} ms",
                    goal,
                    value <= GOAL_ISSUE_TO_BYTES_MS,
                )
            )
        else:
            rows.append(Row(f"print: {name} (median)", f"{value:.1f} ms"))
    return rows


# --- the run -----------------------------------------------------------------------------------


def queue_machine() -> str:
    import fastapi
    import httpx
    import sqlalchemy
    import uvicorn

    return machine(
        f"SQLAlchemy {sqlalchemy.__version__}",
        f"FastAPI {fastapi.__version__}",
        f"uvicorn {uvicorn.__version__}",
        f"httpx {httpx.__version__}",
    )


def run(workdir: Path, with_printing: bool) -> list[Row]:
    rows: list[Row] = []
    home = workdir / "hub-workstation"
    set_up(home)
    with hub_program(home) as hub:
        started_rss = rss_mb(hub.process.pid)
        update, call = display_update(hub)
        rows.append(
            Row(
                f"call next -> display update via hub (n={update.count})",
                f"{ms(update.median)} median, {ms(update.p95)} p95",
                f"≤ {GOAL_DISPLAY_MS:.0f} ms",
                update.p95 <= GOAL_DISPLAY_MS / 1000,
            )
        )
        rows.append(
            Row(
                f"  (call next round trip alone, n={call.count})",
                f"{ms(call.median)} median, {ms(call.p95)} p95",
            )
        )
        rate, latency = paced(hub)
        rows.append(
            Row(
                f"hub throughput, {CLIENTS} clients at {TARGET_RATE:.0f} calls/s offered",
                f"{rate:.0f} calls/s",
                f"≥ {GOAL_CALLS_PER_S:.0f} calls/s",
                rate >= GOAL_CALLS_PER_S * 0.98,  # the last round's turns end inside the run
            )
        )
        rows.append(
            Row(
                f"  call next latency at that rate (n={latency.count}, {WAITING} waiting)",
                f"{ms(latency.median)} median, {ms(latency.p95)} p95",
                f"p95 ≤ {GOAL_CALL_P95_MS:.0f} ms",
                latency.p95 <= GOAL_CALL_P95_MS / 1000,
            )
        )
        most, crowded = saturation(hub)
        rows.append(
            Row(
                f"  (most: {CLIENTS} clients as fast as they can, {WAITING} waiting x {ROUNDS})",
                f"{most:.0f} calls/s; {ms(crowded.median)} median, {ms(crowded.p95)} p95",
            )
        )
        before, after, took = a_day_of_tickets(hub, tickets_today(hub))
        count = tickets_today(hub)
        rows.append(
            Row(
                f"hub RSS after {count:,} tickets (each issued, called, finished)",
                "not measured (no /proc)" if after is None else f"{after:.0f} MB",
                f"≤ {GOAL_RSS_MB:.0f} MB",
                None if after is None else after <= GOAL_RSS_MB,
            )
        )
        if started_rss is not None and before is not None and after is not None:
            rows.append(
                Row(
                    "  (hub RSS at start / before the day's run)",
                    f"{started_rss:.0f} MB / {before:.0f} MB; the run took {took:.0f} s",
                )
            )
    issue = local_issue(workdir)
    rows.append(
        Row(
            f"ticket issue, no printing, local (n={issue.count})",
            f"{ms(issue.median)} median, {ms(issue.p95)} p95",
            f"≤ {GOAL_ISSUE_MS:.0f} ms",
            issue.median <= GOAL_ISSUE_MS / 1000,
        )
    )
    if with_printing:
        rows += ticket_print_rows()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--no-printing", action="store_true", help="leave out benchmarks/ticket_print.py"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="desk-bench-queue-") as workdir:
        os.environ["DESK_APP_HOME"] = str(Path(workdir) / "hub-workstation")  # never real data
        rows = run(Path(workdir), with_printing=not args.no_printing)
    return finish(rows, machine_text=queue_machine(), load_before=load_before, started=started)


if __name__ == "__main__":
    sys.exit(main())
