"""Three programs taking in dossiers on one data folder at the same time (issue 8, "Proof").

A counter window, a command line and a second window may all hold the same workstation's
file. Each child process (tests/e2e/concurrency_child.py) opens the workstation, waits until
all three are open, then takes in 200 dossiers through `services.intake.take_in` as fast as it
can, saying each code right after its COMMIT. What must hold afterwards:

- 600 dossiers stored, 600 distinct codes, and the codes stored are exactly those the children
  were given, each with the applicant its child sent: no intake lost, doubled or mixed up;
- the serials of the day run 1001..1600 without a gap (workstation 1's block, core/codes.py):
  the counter is read and bumped inside the intake's BEGIN IMMEDIATE transaction, so a serial
  is spent only with its dossier; register lines run 1..600 the same way;
- `services.audit.verify_audit` passes: the hash chain, its MACs and every dossier row
  against its audited event, one "dossier.received" entry per dossier;
- the three really wrote at the same time (each started before any other finished), and the
  run's time is printed with ``pytest -s``.
"""

from __future__ import annotations

import os
import queue
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from desk_app.core.codes import parse_code
from desk_app.services.audit import verify_audit
from desk_app.services.setup import initialise
from desk_app.services.workstation import database_file, open_workstation
from tests.e2e.concurrency_child import applicant_name
from tests.factories import office_setup, office_time

pytestmark = [pytest.mark.slow, pytest.mark.integration]

PROCESSES = 3
PER_PROCESS = 200
TOTAL = PROCESSES * PER_PROCESS
DAY = date(2025, 7, 15)
FIRST_SERIAL = 1001  # workstation 1's block starts here (core/codes.py)
SETUP_ENTRIES = 2  # set-up records the workstation and the office's rules
REPO = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120.0


@dataclass
class Child:
    name: str
    process: subprocess.Popen[str]
    lines: queue.Queue[str | None] = field(default_factory=queue.Queue)
    codes: dict[str, int] = field(default_factory=dict)  # code -> the child's intake number
    first: float = 0.0
    last: float = 0.0

    def read(self) -> None:
        """Every stdout line into ``lines``, then None at end of output (a reader thread)."""
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.put(raw.strip())
        self.lines.put(None)

    def next_line(self, deadline: float) -> str | None:
        try:
            return self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            pytest.fail(f"child {self.name} said nothing for too long")


def _spawn(home: Path, name: str, log: Path) -> Child:
    python_path = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
    env = os.environ | {
        "PYTHONPATH": python_path,
        "DESK_APP_HOME": str(home),
        "PYTHONIOENCODING": "utf-8",
    }
    command = [sys.executable, "-m", "tests.e2e.concurrency_child", str(home), name]
    with log.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [*command, str(PER_PROCESS), DAY.isoformat()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            cwd=REPO,
            env=env,
        )
    return Child(name, process)


@contextmanager
def _children(home: Path, logs: Path) -> Iterator[list[Child]]:
    """The children, each with a reader thread; killed if still running when the test ends."""
    children = [_spawn(home, f"P{n}", logs / f"child-{n}.log") for n in range(PROCESSES)]
    readers = [threading.Thread(target=child.read, daemon=True) for child in children]
    for reader in readers:
        reader.start()
    try:
        yield children
    finally:
        for child in children:
            if child.process.poll() is None:
                child.process.kill()
            child.process.wait(timeout=TIMEOUT_S)
        for reader in readers:
            reader.join(timeout=TIMEOUT_S)
        for child in children:
            for stream in (child.process.stdin, child.process.stdout):
                if stream is not None and not stream.closed:
                    stream.close()


def _failed(child: Child, logs: Path, what: str) -> str:
    number = child.name.removeprefix("P")
    return f"child {child.name} {what}:\n{(logs / f'child-{number}.log').read_text('utf-8')}"


def _run(children: list[Child], logs: Path) -> None:
    """Wait until every child is open, start them together, collect what each committed."""
    deadline = time.monotonic() + TIMEOUT_S
    for child in children:
        line = child.next_line(deadline)
        assert line == "ready", _failed(child, logs, f"did not open the workstation ({line!r})")
    for child in children:  # one write each: they start within microseconds of each other
        assert child.process.stdin is not None
        child.process.stdin.write("go\n")
        child.process.stdin.flush()
    for child in children:
        assert child.process.stdin is not None
        child.process.stdin.close()
    for child in children:
        while (line := child.next_line(deadline)) is not None:
            kind, *values = line.split()
            if kind == "committed":
                code, number = values
                assert code not in child.codes, f"{code} reported twice by {child.name}"
                child.codes[code] = int(number)
            elif kind == "done":
                child.first, child.last = map(float, values)
        returncode = child.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        assert returncode == 0, _failed(child, logs, f"ended with {returncode}")


def test_three_processes_taking_in_at_once_lose_and_double_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    initialise(home, office_setup(), now=lambda: office_time(2025, 7, 15, 7, 30))
    started = time.perf_counter()
    with _children(home, tmp_path) as children:
        _run(children, tmp_path)
    elapsed = time.perf_counter() - started

    # What each child was told it stored: its 200 intakes, numbered 0..199, no code shared.
    for child in children:
        assert sorted(child.codes.values()) == list(range(PER_PROCESS)), child.name
    reported = {
        code: applicant_name(child.name, number)
        for child in children
        for code, number in child.codes.items()
    }
    assert len(reported) == TOTAL, "two processes were given the same code"
    # They wrote at the same time: each began before any other had finished.
    assert max(c.first for c in children) < min(c.last for c in children)

    with closing(sqlite3.connect(database_file(home))) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = dict(connection.execute("SELECT code, applicant_name FROM dossier"))
        (dossiers,) = connection.execute("SELECT count(*) FROM dossier").fetchone()
        counter = connection.execute(
            "SELECT last_serial FROM serial_counter WHERE day = ?", (DAY.isoformat(),)
        ).fetchone()
        register_lines = [r[0] for r in connection.execute("SELECT register_line FROM dossier")]
        received_audit = [
            r[0]
            for r in connection.execute(
                "SELECT entity_id FROM audit_entry WHERE action = 'dossier.received'"
            )
        ]
        (received_events,) = connection.execute(
            "SELECT count(*) FROM outbox_event WHERE kind = 'dossier.received'"
        ).fetchone()

    assert dossiers == TOTAL
    assert stored == reported, "a dossier lost, added or stored with another child's applicant"
    serials = sorted(parse_code(code).serial for code in stored)
    assert {parse_code(code).day for code in stored} == {DAY}
    assert serials == list(range(FIRST_SERIAL, FIRST_SERIAL + TOTAL)), "a gap in the serials"
    assert counter == (serials[-1],), "the day's counter spent a serial with no dossier"
    assert sorted(register_lines) == list(range(1, TOTAL + 1))
    assert sorted(received_audit) == sorted(stored)
    assert received_events == TOTAL

    workspace = open_workstation(home, now=lambda: office_time(2025, 7, 15, 17, 0))
    try:
        report = verify_audit(workspace)
    finally:
        workspace.close()
    assert report.ok, (report.chain.reason, report.findings)
    assert report.checked == TOTAL + SETUP_ENTRIES

    # How the three took turns: the codes of one child are not one block but interleaved.
    owner = {code: child.name for child in children for code in child.codes}
    by_serial = [owner[code] for code in sorted(stored, key=lambda c: parse_code(c).serial)]
    switches = sum(a != b for a, b in pairwise(by_serial))
    spans = ", ".join(f"{c.name} {c.last - c.first:.1f} s" for c in children)
    print(
        f"\n{PROCESSES} processes x {PER_PROCESS} intakes in {elapsed:.1f} s "
        f"(intake spans: {spans}); the writer changed {switches} times along the serials"
    )
