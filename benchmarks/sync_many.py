"""Figures for 50 workstations syncing with one district server at once (issue 11, "Proof").

Run from the repository root: ``PYTHONPATH=. python benchmarks/sync_many.py [--no-postgresql]``.

The district server runs as its own process (``desk-app server serve``, one uvicorn worker, as
a district would start it), on an SQLite file and on a throw-away PostgreSQL database on
127.0.0.1:5432 when it answers. Fifty workstations of ten wards (five each, every one with its
own device token) sync as `services.sync.sync_once` does: ask the server's time, push what
waits (PUSH_BATCH at a time, each answered before the next), pull. The events are copies of
real envelopes (dossiers received and transferred) with their own ids, codes and places in
each workstation's chain. Two days are measured, each with its own fifty devices:

- a working day: each workstation on its own timer, as the window's (`services.sync`: a round
  SYNC_EVERY_S after the last, ±JITTER), all fifty started within the same second; time runs
  ten times faster than in an office (a round every 3 s instead of 30 s), each round with the
  DAY_EVENTS a busy counter makes between two. The goal (p95 request ≤ 200 ms, no error) is for
  this day.
- the same day with every timer firing at the same instant, TICKS times (the worst a day could
  line them up; the jitter exists so that it does not happen): no goal.
- the network back after an outage: each workstation comes back with OUTAGE_EVENTS waiting,
  all fifty at once. No goal: the figure says how long until every backlog is in.

Every request's time is kept, from sending to the whole answer read.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and benchmarks/queue.py would hide the
# standard library's queue from asyncio (as benchmarks/queue.py itself explains).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402 - after the path is mended
import asyncio  # noqa: E402 - after the path is mended
import os  # noqa: E402 - after the path is mended
import random  # noqa: E402 - after the path is mended
import secrets  # noqa: E402 - after the path is mended
import socket  # noqa: E402 - after the path is mended
import statistics  # noqa: E402 - after the path is mended
import subprocess  # noqa: E402 - after the path is mended
import tempfile  # noqa: E402 - after the path is mended
import time  # noqa: E402 - after the path is mended
import uuid  # noqa: E402 - after the path is mended
from dataclasses import dataclass  # noqa: E402 - after the path is mended
from datetime import UTC, datetime  # noqa: E402 - after the path is mended
from typing import Any  # noqa: E402 - after the path is mended

from benchmarks.intake import Row, load_average, machine, print_table  # noqa: E402
from benchmarks.sync import database, postgres_answers, template_events  # noqa: E402

WARDS = 10
PER_WARD = 5
TICKS = 10
SPEED_UP = 10  # the day's timers run this much faster than the window's
DAY_EVENTS = 4  # two dossiers taken in and handed on since the last round, 30 s ago
OUTAGE_EVENTS = 200  # a morning's work of a busy counter, in one PUSH_BATCH
GOAL_P95_MS = 200.0


@dataclass
class Station:
    token: str
    bodies: list[bytes]  # one round's push each


def stations(
    db: Any, received: Any, transferred: Any, *, rounds: int, per_round: int, ward_base: int
) -> list[Station]:
    """Offices and devices written into the server's database, and each device's push bodies:
    ``rounds`` rounds of ``per_round`` events."""
    from desk_app.server.district import token_hash
    from desk_app.server.schema import Device, DistrictOffice
    from desk_app.sync.protocol import ChainHead, PushIn

    now = datetime.now(UTC)
    made: list[Station] = []
    with db.write() as session:
        for ward in range(WARDS):
            office = DistrictOffice(
                id=uuid.uuid4(),
                agency_id=f"000.{ward_base + ward:02d}.19.H26",
                name=f"UBND phường số {ward_base + ward + 1}",
                created_at=now,
            )
            session.add(office)
            session.flush()
            local_office = uuid.uuid4()
            for desk in range(PER_WARD):
                workstation = uuid.uuid4()
                token = secrets.token_urlsafe(32)
                session.add(
                    Device(
                        id=uuid.uuid4(),
                        office_id=office.id,
                        workstation_code=f"{desk + 1:02d}",
                        workstation_id=workstation,
                        local_office_id=local_office,
                        token_hash=token_hash(token),
                        enrolled_at=now,
                    )
                )
                events = []
                for index in range(rounds * per_round // 2):
                    dossier_id = str(uuid.uuid4())
                    code = f"{ward_base + ward:02d}{desk:02d}-{index:06d}"
                    for offset, template in enumerate((received, transferred)):
                        place = 2 * index + offset + 1
                        events.append(
                            template.model_copy(
                                update={
                                    "event_id": uuid.uuid4(),
                                    "workstation_id": workstation,
                                    "office_id": local_office,
                                    "workstation_seq": place,
                                    "audit_seq": place,
                                    "audit_hash": f"{place:064x}",
                                    "payload": {
                                        **template.payload,
                                        "dossier_id": dossier_id,
                                        "code": code,
                                    },
                                }
                            )
                        )
                bodies = []
                for start in range(0, len(events), per_round):
                    batch = events[start : start + per_round]
                    bodies.append(
                        PushIn(
                            head=ChainHead(seq=batch[-1].audit_seq, hash=batch[-1].audit_hash),
                            waiting=len(batch),
                            oldest_waiting_at=batch[0].created_at,
                            events=batch,
                            client_time=now,
                        )
                        .model_dump_json()
                        .encode()
                    )
                made.append(Station(token, bodies))
    return made


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def serve(url: str, port: int, log: Path) -> subprocess.Popen[bytes]:
    """``desk-app server serve`` in its own process; returns once /api/health answers."""
    import httpx

    process = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "server", "serve", "--db", url, "--port", str(port)],
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start: {log.read_text()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("the server did not start")


async def one_round(
    client: Any, station: Station, body: bytes, times: list[float], errors: list[str]
) -> None:
    headers = {"Authorization": f"Bearer {station.token}", "Content-Type": "application/json"}

    async def timed(method: str, path: str, **kwargs: Any) -> Any:
        start = time.perf_counter()
        answer = await client.request(method, path, headers=headers, **kwargs)
        document = answer.json()
        times.append(time.perf_counter() - start)
        if answer.status_code != 200:
            errors.append(f"{method} {path}: {answer.status_code}")
        return document

    await timed("GET", "/api/time")
    answer = await timed("POST", "/api/sync/push", content=body)
    outcomes = {r["outcome"] for r in answer.get("results", [])}
    if outcomes != {"accepted"}:
        errors.append(f"push answered {sorted(outcomes)}")
    await timed("GET", "/api/sync/pull", params={"after": 0})


async def together(
    client: Any, made: list[Station], rounds: int, times: list[float], errors: list[str]
) -> None:
    """``rounds`` ticks; in each, every station's round starts at the same instant."""
    for tick in range(rounds):
        await asyncio.gather(*(one_round(client, s, s.bodies[tick], times, errors) for s in made))


async def on_timers(
    client: Any, made: list[Station], rounds: int, times: list[float], errors: list[str]
) -> None:
    """Every station on its own timer, as the window's, SPEED_UP times faster."""
    from desk_app.services.sync import JITTER, SYNC_EVERY_S

    every = SYNC_EVERY_S / SPEED_UP
    rng = random.Random(11)

    async def station_day(station: Station, start: float) -> None:
        await asyncio.sleep(start)
        for body in station.bodies[:rounds]:
            await one_round(client, station, body, times, errors)
            await asyncio.sleep(every * rng.uniform(1 - JITTER, 1 + JITTER))

    await asyncio.gather(*(station_day(s, rng.uniform(0, 1)) for s in made))


async def run_day(
    address: str, made: list[Station], rounds: int, timers: bool
) -> tuple[list[float], list[str], float]:
    import httpx

    times: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=len(made), max_keepalive_connections=len(made))
    async with httpx.AsyncClient(base_url=address, timeout=60, limits=limits) as client:
        start = time.perf_counter()
        await (on_timers if timers else together)(client, made, rounds, times, errors)
        return times, errors, time.perf_counter() - start


def stored_events(db: Any) -> int:
    from sqlalchemy import func, select

    from desk_app.server.schema import ReceivedEvent

    with db.read() as session:
        return int(session.scalar(select(func.count()).select_from(ReceivedEvent)) or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgresql", action="store_true")
    options = parser.parse_args()

    import httpx
    import uvicorn

    from desk_app.server.store import open_server_database

    print(machine(f"httpx {httpx.__version__}", f"uvicorn {uvicorn.__version__}"))
    print(f"load average before: {load_average()}")
    kinds = ["SQLite"]
    if not options.no_postgresql and postgres_answers():
        kinds.append("PostgreSQL")
    rows: list[Row] = []
    # (what, rounds, events a round, first ward's number, own timers, goal)
    days = [
        ("working day, own timers", TICKS, DAY_EVENTS, 0, True, True),
        ("every timer at the same instant", TICKS, DAY_EVENTS, WARDS, False, False),
        ("after an outage", 1, OUTAGE_EVENTS, 2 * WARDS, False, False),
    ]
    with tempfile.TemporaryDirectory(prefix="desk-bench-many-") as temp:
        folder = Path(temp)
        os.environ["DESK_APP_HOME"] = str(folder / "home")
        received, transferred = template_events(folder / "workstation")
        for kind in kinds:
            with database(kind, folder) as url:
                db = open_server_database(url)
                try:
                    made = {
                        day: stations(
                            db, received, transferred, rounds=r, per_round=n, ward_base=base
                        )
                        for day, r, n, base, _timers, _goal in days
                    }
                    port = free_port()
                    server = serve(url, port, folder / f"server-{kind}.log")
                    try:
                        runs = {
                            day: asyncio.run(
                                run_day(f"http://127.0.0.1:{port}", made[day], r, timers)
                            )
                            for day, r, _n, _base, timers, _goal in days
                        }
                    finally:
                        server.terminate()
                        server.wait(20)
                    stored = stored_events(db)
                finally:
                    db.dispose()
            total = sum(WARDS * PER_WARD * r * n for _day, r, n, _base, _t, _goal in days)
            rows.append(Row(f"{kind}: events stored", f"{stored:,}", f"{total:,}", stored == total))
            for day, _r, n, _base, _timers, goal in days:
                times, errors, wall = runs[day]
                p95 = statistics.quantiles(times, n=20)[-1] * 1000
                who = f"{kind}, {day} ({n} events a round)"
                rows.append(Row(f"{who}: errors", f"{len(errors)}", "0", not errors))
                rows.append(
                    Row(
                        f"{who}: p95 of {len(times)} requests",
                        f"{p95:.0f} ms",
                        f"≤ {GOAL_P95_MS:.0f} ms" if goal else "",
                        p95 <= GOAL_P95_MS if goal else None,
                    )
                )
                rows.append(Row(f"{who}: slowest request", f"{max(times) * 1000:.0f} ms"))
                rows.append(Row(f"{who}: until the last round was done", f"{wall:.2f} s"))
                if errors:
                    print(f"{kind} {day} errors (first 5): {errors[:5]}")
    print_table(rows)
    print(f"load average after: {load_average()}")
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
