"""Figures for the district server's push and pull (issue 11, "Proof").

Run from the repository root: ``PYTHONPATH=. python benchmarks/sync.py [--no-postgresql]``.

For each server database (an SQLite file; a throw-away PostgreSQL database on 127.0.0.1:5432,
user postgres, when it answers) the district server runs on uvicorn on 127.0.0.1 in this
program, and one client talks to it over HTTP as a workstation's sync does:

- push of 10,000 events: 5,000 dossiers taken in and each handed to a unit (DossierReceived v3
  then DossierTransferred, copies of real ones from a throw-away workstation with their ids,
  codes and places in the chain made unique), in batches of PUSH_BATCH, one after the other,
  each answered before the next is sent: from the first request to the last answer;
- pull of 10,000 changes: ServerChange rows (each a small calendar document) read from cursor 0
  in pages of MAX_PULL_CHANGES until ``more`` is false;
- upload of one 20 MiB scan (random bytes, so nothing compresses) with the workstation's own
  `desk_app.services.sync_uploads.upload_blob`: the server asked what it holds, then chunks of
  ATTACHMENT_CHUNK_BYTES each written, fsync'ed and recorded before the next is sent, the
  whole hashed and moved into place at the end; MB/s (10^6 bytes a second) from the first
  question to the last answer.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder comes first on sys.path, and benchmarks/queue.py would hide the
# standard library's queue from asyncio (as benchmarks/queue.py itself explains).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]

import argparse  # noqa: E402 - after the path is mended
import json  # noqa: E402 - after the path is mended
import os  # noqa: E402 - after the path is mended
import tempfile  # noqa: E402 - after the path is mended
import threading  # noqa: E402 - after the path is mended
import time  # noqa: E402 - after the path is mended
import uuid  # noqa: E402 - after the path is mended
from collections.abc import Iterator  # noqa: E402 - after the path is mended
from contextlib import contextmanager  # noqa: E402 - after the path is mended
from datetime import UTC, datetime, timedelta  # noqa: E402 - after the path is mended
from typing import Any  # noqa: E402 - after the path is mended

from benchmarks.intake import Row, load_average, machine, print_table, set_up  # noqa: E402 - after the path is mended

EVENTS = 10_000
CHANGES = 10_000
GOAL_PUSH_S = 3.0
GOAL_PULL_S = 2.0
UPLOAD_BYTES = 20 * 1024 * 1024
PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def template_events(home: Path) -> tuple[Any, Any]:
    """A real DossierReceived and DossierTransferred envelope from a throw-away workstation."""
    from sqlalchemy import select

    from desk_app.core.dossier import Applicant
    from desk_app.services.changes import envelope_of
    from desk_app.services.context import Actor
    from desk_app.services.intake import IntakeRequest, take_in
    from desk_app.services.lifecycle import transfer
    from desk_app.services.workstation import open_workstation, station_of
    from desk_app.store.local import OutboxEvent
    from tests.factories import account_of

    set_up(home)
    workspace = open_workstation(home)
    try:
        actor = Actor.at_station(station_of(workspace), account_of(workspace, "quantri"))
        code = take_in(workspace, actor, IntakeRequest("1.004873", Applicant("Nguyễn Văn An"))).code
        transfer(workspace, actor, code, unit="Công chức Tư pháp - Hộ tịch")
        with workspace.read() as session:
            rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
            envelopes = [envelope_of(row) for row in rows]
    finally:
        workspace.close()
    received = next(e for e in envelopes if e.kind == "dossier.received")
    transferred = next(e for e in envelopes if e.kind == "dossier.transferred")
    return received, transferred


def many_events(received: Any, transferred: Any, count: int) -> list[Any]:
    """``count`` envelopes: dossiers received then transferred, unique ids, codes and places."""
    events = []
    for index in range(count // 2):
        dossier_id = str(uuid.uuid4())
        code = f"B-{index:08d}"
        for offset, template in enumerate((received, transferred)):
            place = 2 * index + offset + 1
            events.append(
                template.model_copy(
                    update={
                        "event_id": uuid.uuid4(),
                        "workstation_seq": place,
                        "audit_seq": place,
                        "audit_hash": f"{place:064x}",
                        "payload": {**template.payload, "dossier_id": dossier_id, "code": code},
                    }
                )
            )
    return events


@contextmanager
def database(kind: str, folder: Path) -> Iterator[str]:
    if kind == "SQLite":
        yield f"sqlite:///{folder / 'district.sqlite3'}"
        return
    import psycopg

    name = f"desk_app_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@contextmanager
def served(db: Any) -> Iterator[str]:
    import uvicorn

    from desk_app.server.district import create_district_app
    from desk_app.server.hub import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    config = uvicorn.Config(
        create_district_app(db), log_level="warning", log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


def device_for(db: Any, received: Any) -> str:
    """A device row for the template's workstation, written directly; its token."""
    import secrets

    from desk_app.server.district import token_hash
    from desk_app.server.schema import Device, DistrictOffice

    token = secrets.token_urlsafe(32)
    now = datetime.now(UTC)
    with db.write() as session:
        office = DistrictOffice(
            id=uuid.uuid4(), agency_id="000.00.19.H26", name="UBND phường", created_at=now
        )
        session.add(office)
        session.flush()
        session.add(
            Device(
                id=uuid.uuid4(),
                office_id=office.id,
                workstation_code="01",
                workstation_id=received.workstation_id,
                local_office_id=received.office_id,
                token_hash=token_hash(token),
                enrolled_at=now,
            )
        )
    return token


def push_all(url: str, token: str, events: list[Any]) -> float:
    import httpx

    from desk_app.sync.protocol import PUSH_BATCH, ChainHead, PushIn

    batches = [events[i : i + PUSH_BATCH] for i in range(0, len(events), PUSH_BATCH)]
    bodies = []
    for batch in batches:
        last = batch[-1]
        bodies.append(
            PushIn(
                head=ChainHead(seq=last.audit_seq, hash=last.audit_hash),
                waiting=len(batch),
                oldest_waiting_at=batch[0].created_at,
                events=batch,
                client_time=datetime.now(UTC),
            ).model_dump_json()
        )
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    with httpx.Client(base_url=url, headers=headers, timeout=60) as client:
        start = time.perf_counter()
        for body in bodies:
            answer = client.post("/api/sync/push", content=body)
            answer.raise_for_status()
            outcomes = {r["outcome"] for r in answer.json()["results"]}
            if outcomes != {"accepted"}:
                raise RuntimeError(f"push answered {outcomes}")
        return time.perf_counter() - start


def add_changes(db: Any, count: int) -> None:
    from sqlalchemy import insert

    from desk_app.server.schema import ServerChange

    payload = json.dumps(
        {"calendar": {"format": 1, "years": [{"year": 2026, "days": ["2026-01-01"] * 5}]}}
    )
    now = datetime.now(UTC)
    with db.write() as session:
        session.execute(
            insert(ServerChange),
            [
                {
                    "seq": seq,
                    "office_id": None,
                    "kind": "calendar.published",
                    "payload": payload,
                    "created_at": now + timedelta(microseconds=seq),
                }
                for seq in range(1, count + 1)
            ],
        )


def pull_all(url: str, token: str) -> tuple[float, int]:
    import httpx

    from desk_app.sync.protocol import MAX_PULL_CHANGES

    seen, cursor = 0, 0
    with httpx.Client(
        base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as client:
        start = time.perf_counter()
        while True:
            answer = client.get(
                "/api/sync/pull", params={"after": cursor, "limit": MAX_PULL_CHANGES}
            )
            answer.raise_for_status()
            page = answer.json()
            seen += len(page["changes"])
            cursor = page["cursor"]
            if not page["more"]:
                break
        return time.perf_counter() - start, seen


def announced(template: Any, sha256: str, size: int, place: int) -> Any:
    """The attachment.added event of a scan, at ``place`` in the template's workstation: the
    server takes only the bytes of a scan an accepted event announced."""
    from desk_app.sync.events import AttachmentAdded

    event = AttachmentAdded(
        dossier_id=uuid.UUID(str(template.payload["dossier_id"])),
        code=str(template.payload["code"]),
        attachment_id=uuid.uuid4(),
        component_position=1,
        sha256=sha256,
        size_bytes=size,
        media_type="application/pdf",
        pages=1,
        file_name="ban-quet.pdf",
    )
    return template.model_copy(
        update={
            "event_id": uuid.uuid4(),
            "kind": event.KIND,
            "version": event.VERSION,
            "workstation_seq": place,
            "audit_seq": place,
            "audit_hash": f"{place:064x}",
            "payload": event.dump(),
        }
    )


def upload_one(url: str, token: str, folder: Path, template: Any, place: int) -> float:
    """Seconds to upload one UPLOAD_BYTES scan, verified and kept by the server (its event
    pushed first, as the workstation does)."""
    import hashlib

    from desk_app.services.sync_uploads import upload_blob
    from desk_app.sync.client import SyncClient

    path = folder / "scan-20mib.bin"
    if not path.exists():
        path.write_bytes(os.urandom(UPLOAD_BYTES))
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    push_all(url, token, [announced(template, sha, len(data), place)])
    with SyncClient(url, token) as client:
        start = time.perf_counter()
        sent = upload_blob(client, sha, path, len(data))
        elapsed = time.perf_counter() - start
        if sent != len(data) or not client.attachment_state(sha).complete:
            raise RuntimeError("the scan was not kept whole")
    return elapsed


def postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-postgresql", action="store_true")
    options = parser.parse_args()

    import fastapi
    import sqlalchemy
    import uvicorn

    from desk_app.server.store import open_server_database

    print(
        machine(
            f"SQLAlchemy {sqlalchemy.__version__}",
            f"FastAPI {fastapi.__version__}",
            f"uvicorn {uvicorn.__version__}",
        )
    )
    print(f"load average before: {load_average()}")
    kinds = ["SQLite"]
    if not options.no_postgresql and postgres_answers():
        kinds.append("PostgreSQL")
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="desk-bench-sync-") as temp:
        folder = Path(temp)
        os.environ["DESK_APP_HOME"] = str(folder / "home")
        received, transferred = template_events(folder / "workstation")
        events = many_events(received, transferred, EVENTS)
        for kind in kinds:
            with database(kind, folder) as url:
                db = open_server_database(url)
                try:
                    token = device_for(db, received)
                    add_changes(db, CHANGES)
                    with served(db) as address:
                        pushed = push_all(address, token, events)
                        pulled, seen = pull_all(address, token)
                        uploaded = upload_one(address, token, folder, events[-1], EVENTS + 1)
                finally:
                    db.dispose()
                if seen != CHANGES:
                    raise RuntimeError(f"pulled {seen} changes of {CHANGES}")
                rows.append(
                    Row(
                        f"{kind}: push {EVENTS:,} events",
                        f"{pushed:.2f} s",
                        f"≤ {GOAL_PUSH_S:.0f} s",
                        pushed <= GOAL_PUSH_S,
                    )
                )
                rows.append(
                    Row(
                        f"{kind}: pull {CHANGES:,} changes",
                        f"{pulled:.2f} s",
                        f"≤ {GOAL_PULL_S:.0f} s",
                        pulled <= GOAL_PULL_S,
                    )
                )
                rows.append(
                    Row(
                        f"{kind}: upload a {UPLOAD_BYTES // (1024 * 1024)} MiB scan",
                        f"{UPLOAD_BYTES / uploaded / 1e6:.0f} MB/s ({uploaded:.2f} s)",
                    )
                )
    print_table(rows)
    print(f"load average after: {load_average()}")
    return 0 if all(r.passed is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
