"""Helpers of the district push/pull/API tests: a real district server on 127.0.0.1 (SQLite
file or a throwaway PostgreSQL database), offices and codes written into its database, and
real envelopes read from a set-up workstation's outbox."""

from __future__ import annotations

import hashlib
import json
import threading
import time
import uuid
from collections.abc import Generator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import func, select

from desk_app.server.admin import hash_code, normalise_code
from desk_app.server.district import create_district_app, token_hash
from desk_app.server.hub import listening_socket
from desk_app.server.schema import (
    Device,
    DistrictDossier,
    DistrictOffice,
    EnrollmentCode,
    QuarantinedEvent,
    ReceivedEvent,
    ServerChange,
)
from desk_app.server.store import open_server_database
from desk_app.services.changes import envelope_of
from desk_app.services.context import Workspace
from desk_app.store.db import Database, sqlite_url
from desk_app.store.local import OutboxEvent
from desk_app.sync.events import AttachmentAdded, Envelope, OfficerRef
from desk_app.sync.protocol import ChainHead, EnrollIn, PushIn

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
START_TIMEOUT_S = 10.0


def database_url(kind: str, tmp_path: Path) -> Generator[str, None, None]:
    """A fresh server database URL of ``kind`` ("sqlite" or "postgresql")."""
    if kind == "sqlite":
        yield sqlite_url(tmp_path / "server" / "district.sqlite3")
        return
    name = f"desk_app_sync_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


class District:
    """create_district_app on uvicorn in a thread, on a free loopback port."""

    def __init__(self, db: Database, app: FastAPI | None = None) -> None:
        self.db = db
        self.app = app if app is not None else create_district_app(db)
        self.port = 0
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> District:
        sock = listening_socket("127.0.0.1", self.port)
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self.app,
            log_level="warning",
            log_config=None,
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=3,
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="district", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the district server did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(START_TIMEOUT_S)
        self._server = self._thread = None

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30.0)


@pytest.fixture(params=["sqlite", "postgresql"])
def district(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[District]:
    urls = database_url(request.param, tmp_path)
    url = next(urls)
    db = open_server_database(url)
    running = District(db).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()
        urls.close()


# --- data ------------------------------------------------------------------------------------


def add_office(db: Database, agency_id: str, name: str = "UBND phường") -> uuid.UUID:
    office_id = uuid.uuid4()
    with db.write() as session:
        session.add(
            DistrictOffice(
                id=office_id, agency_id=agency_id, name=name, created_at=datetime.now(UTC)
            )
        )
    return office_id


def add_code(
    db: Database,
    office_id: uuid.UUID,
    code: str | None = None,
    *,
    expires_in: timedelta = timedelta(days=7),
    workstation_code: str = "01",
) -> str:
    code = code or f"ENR-{uuid.uuid4().hex[:8].upper()}"
    now = datetime.now(UTC)
    with db.write() as session:
        session.add(
            EnrollmentCode(
                id=uuid.uuid4(),
                office_id=office_id,
                workstation_code=workstation_code,
                code_hash=hash_code(normalise_code(code)),
                created_at=now,
                expires_at=now + expires_in,
            )
        )
    return code


def enroll_body(
    code: str,
    agency_id: str,
    office_id: uuid.UUID | None = None,
    workstation_id: uuid.UUID | None = None,
) -> dict[str, Any]:
    return EnrollIn(
        code=code,
        office_id=office_id or uuid.uuid4(),
        workstation_id=workstation_id or uuid.uuid4(),
        workstation_code="01",
        agency_id=agency_id,
    ).model_dump(mode="json")


def enroll(
    district: District,
    agency_id: str,
    local_office: uuid.UUID | None = None,
    workstation: uuid.UUID | None = None,
) -> tuple[str, uuid.UUID, uuid.UUID, uuid.UUID]:
    """A new office with a device enrolled: (token, district office id, local office id,
    workstation id)."""
    office = add_office(district.db, agency_id)
    code = add_code(district.db, office)
    local_office, workstation = local_office or uuid.uuid4(), workstation or uuid.uuid4()
    with district.client() as client:
        answer = client.post(
            "/api/enroll", json=enroll_body(code, agency_id, local_office, workstation)
        )
    assert answer.status_code == 200, answer.text
    return answer.json()["token"], office, local_office, workstation


def outbox(workspace: Workspace) -> list[Envelope]:
    with workspace.read() as session:
        rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        return [envelope_of(row) for row in rows]


def push_body(events: list[Envelope], head: tuple[int, str] | None = None) -> dict[str, Any]:
    if head is None:
        last = max(events, key=lambda e: e.audit_seq) if events else None
        head = (last.audit_seq, last.audit_hash) if last else (0, "")
    body = PushIn(
        head=ChainHead(seq=head[0], hash=head[1]),
        waiting=len(events),
        oldest_waiting_at=min((e.created_at for e in events), default=None),
        events=events,
        client_time=datetime.now(UTC),
    )
    document: dict[str, Any] = json.loads(body.model_dump_json())
    return document


def forged(envelope: Envelope, **changes: Any) -> Envelope:
    """A copy of ``envelope`` with some fields (or payload fields, as payload={...}) changed."""
    payload = changes.pop("payload", None)
    if payload is not None:
        changes["payload"] = {**envelope.payload, **payload}
    return envelope.model_copy(update=changes)


def counts(db: Database) -> dict[str, int]:
    with db.read() as session:
        return {
            table.__tablename__: session.scalar(select(func.count()).select_from(table)) or 0
            for table in (ReceivedEvent, QuarantinedEvent, DistrictDossier, ServerChange)
        }


def dossiers(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as session:
        return [
            (d.id, d.code, d.state, d.due_at, d.resolved_at, d.returned_at, d.applicant_masked)
            for d in session.scalars(select(DistrictDossier).order_by(DistrictDossier.code))
        ]


def device_row(db: Database, workstation_id: uuid.UUID) -> Device:
    with db.read() as session:
        row = session.scalar(select(Device).where(Device.workstation_id == workstation_id))
        assert row is not None
        return row


def announce(
    district: District,
    token: str,
    sha256: str,
    size: int,
    *,
    dossier_code: str = "000.01.19.H01-260101-0001",
    file_name: str = "ban-quet.png",
) -> Envelope:
    """An ``attachment.added`` event of the scan ``sha256`` (``size`` bytes), as the workstation
    of ``token``'s device would send it (its next workstation seq and audit seq), pushed through
    /api/sync/push and accepted: what lets the server take the scan's bytes. The envelope."""
    with district.db.read() as session:
        device = session.scalar(select(Device).where(Device.token_hash == token_hash(token)))
        assert device is not None, "announce: no device has this token"
        mine = ReceivedEvent.device_id == device.id
        last_seq = session.scalar(select(func.max(ReceivedEvent.workstation_seq)).where(mine))
        last_audit = session.scalar(select(func.max(ReceivedEvent.audit_seq)).where(mine))
    event = AttachmentAdded(
        dossier_id=uuid.uuid4(),
        code=dossier_code,
        attachment_id=uuid.uuid4(),
        component_position=1,
        sha256=sha256,
        size_bytes=size,
        media_type="image/png",
        pages=1,
        file_name=file_name,
    )
    audit_seq = (last_audit or 0) + 1
    envelope = Envelope(
        event_id=uuid.uuid4(),
        kind=event.KIND,
        version=event.VERSION,
        office_id=device.local_office_id,
        workstation_id=device.workstation_id,
        workstation_seq=(last_seq or 0) + 1,
        officer=OfficerRef(id=uuid.uuid4(), username="motcua", full_name="Nguyễn Thị Lan"),
        audit_seq=audit_seq,
        audit_hash=hashlib.sha256(f"audit {device.id} {audit_seq}".encode()).hexdigest(),
        created_at=datetime.now(UTC),
        payload=event.dump(),
    )
    with district.client(token) as client:
        answer = client.post("/api/sync/push", json=push_body([envelope]))
    assert answer.status_code == 200, answer.text
    [result] = answer.json()["results"]
    assert result["outcome"] == "accepted", result
    return envelope
