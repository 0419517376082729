"""The audit chain: a pinned canonical form, and tampering named by its first broken entry."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desk_app.store.audit import (
    GENESIS_HASH,
    append_audit,
    canonical_json,
    entry_hash,
    verify_chain,
)
from desk_app.store.db import Database, sqlite_url
from desk_app.store.migrate import upgrade_to_head

T0 = datetime(2025, 7, 15, 2, 5, tzinfo=UTC)
WORKSTATION = uuid.UUID(int=7)


def _database(tmp_path: Path) -> tuple[Database, Path]:
    db_file = tmp_path / "w.sqlite3"
    db = Database.open(sqlite_url(db_file))
    upgrade_to_head(db.engine)
    return db, db_file


def _append(db: Database, count: int) -> None:
    with db.write() as session:
        for i in range(count):
            append_audit(
                session,
                at=T0 + timedelta(minutes=i),
                actor="can-bo",
                action="dossier.receive",
                entity="dossier",
                entity_id=f"000.00.19.H26-250715-{1001 + i}",
                payload={"applicant": "Nguyễn Văn An", "i": i},
                workstation_id=WORKSTATION,
            )


def test_canonical_form_is_pinned() -> None:
    # If this changes, every hash already stored on a workstation becomes unverifiable.
    assert canonical_json({"b": 1, "a": "Đức", "c": [1, None]}) == '{"a":"Đức","b":1,"c":[1,null]}'
    fields = {"seq": 1, "payload": "{}", "at": "2025-07-15T02:05:00.000000Z", "actor": "Đức"}
    expected = "19c7e57d2767816d4e9cb15b61cef68875bfa26b2d325e5bf035874d963bbfaa"
    assert entry_hash(fields, GENESIS_HASH) == expected
    assert entry_hash(dict(reversed(list(fields.items()))), GENESIS_HASH) == expected


def test_intact_chain_verifies(tmp_path: Path) -> None:
    db, _ = _database(tmp_path)
    _append(db, 5)
    with db.read() as session:
        report = verify_chain(session, WORKSTATION)
    assert report.ok and report.checked == 5


def _tamper(db_file: Path, sql: str) -> None:
    connection = sqlite3.connect(db_file)
    connection.executescript(
        "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete;" + sql
    )
    connection.close()


def test_changed_payload_is_named(tmp_path: Path) -> None:
    db, db_file = _database(tmp_path)
    _append(db, 5)
    db.dispose()
    _tamper(db_file, "UPDATE audit_entry SET payload = replace(payload, 'An', 'Ân') WHERE seq = 3;")
    with Database.open(sqlite_url(db_file)).read() as session:
        report = verify_chain(session, WORKSTATION)
    assert not report.ok
    assert report.first_broken_seq == 3
    assert report.checked == 2


def test_deleted_entry_is_named(tmp_path: Path) -> None:
    db, db_file = _database(tmp_path)
    _append(db, 5)
    db.dispose()
    _tamper(db_file, "DELETE FROM audit_entry WHERE seq = 2;")
    with Database.open(sqlite_url(db_file)).read() as session:
        report = verify_chain(session, WORKSTATION)
    assert report.first_broken_seq == 3
