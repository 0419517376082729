"""The audit chain: a pinned canonical form, and tampering named by its first broken entry."""

from __future__ import annotations

import hashlib
import hmac
import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desk_app.store.audit import (
    GENESIS_HASH,
    append_audit,
    canonical_json,
    chain_head,
    entry_hash,
    entry_mac,
    hash_at,
    missing_triggers,
    stored_entries,
    verify_chain,
)
from desk_app.store.db import Database, sqlite_url
from desk_app.store.migrate import upgrade_to_head
from desk_app.store.models import AuditEntry

T0 = datetime(2025, 7, 15, 2, 5, tzinfo=UTC)
WORKSTATION = uuid.UUID(int=7)


def _database(tmp_path: Path) -> tuple[Database, Path]:
    db_file = tmp_path / "w.sqlite3"
    db = Database.open(sqlite_url(db_file))
    upgrade_to_head(db.engine)
    return db, db_file


KEY = bytes(range(32))


def _append(
    db: Database, count: int, key: bytes | None = None, name: str = "Nguyễn Văn An"
) -> None:
    with db.write() as session:
        for i in range(count):
            append_audit(
                session,
                at=T0 + timedelta(minutes=i),
                actor="can-bo",
                action="dossier.receive",
                entity="dossier",
                entity_id=f"000.00.19.H26-250715-{1001 + i}",
                payload={"applicant": name, "i": i},
                workstation_id=WORKSTATION,
                key=key,
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


def test_mac_is_pinned() -> None:
    # HMAC-SHA256 of the hex hash text: a stored MAC must stay checkable across releases.
    expected = "316f015283f48487bfe5d490ce40c9cab087c68ce59d700d781e6b686cd1b4f9"
    assert hmac.new(KEY, GENESIS_HASH.encode(), hashlib.sha256).hexdigest() == expected
    assert entry_mac(KEY, GENESIS_HASH) == expected


def test_keyed_chain_verifies_only_with_its_key(tmp_path: Path) -> None:
    db, _ = _database(tmp_path)
    _append(db, 3, KEY)
    with db.read() as session:
        assert verify_chain(session, WORKSTATION, key=KEY, mac_from_seq=1).ok
        wrong = verify_chain(session, WORKSTATION, key=bytes(32), mac_from_seq=1)
    assert wrong.first_broken_seq == 1 and "MAC" in wrong.reason


def test_chain_recomputed_with_plain_sha256_fails(tmp_path: Path) -> None:
    db, db_file = _database(tmp_path)
    _append(db, 3, KEY)
    db.dispose()
    # A forger without the key rewrites the payloads and re-hashes the chain with plain SHA-256
    # (here: the same entries built without a key): every hash and link is right again, but
    # no MAC can be made.
    (tmp_path / "forged").mkdir()
    fresh, _ = _database(tmp_path / "forged")
    _append(fresh, 3, name="Người Khác")
    with fresh.read() as session:
        forged = [
            (e.seq, e.hash, e.prev_hash, e.payload)
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.seq))
        ]
    fresh.dispose()
    _tamper(
        db_file,
        "".join(
            f"UPDATE audit_entry SET hash = '{h}', prev_hash = '{p}', payload = '{text}' "
            f"WHERE seq = {seq};"
            for seq, h, p, text in forged
        ),
    )
    with Database.open(sqlite_url(db_file)).read() as session:
        assert verify_chain(session, WORKSTATION).ok  # hashes alone: no tampering seen
        report = verify_chain(session, WORKSTATION, key=KEY, mac_from_seq=1)
    assert report.first_broken_seq == 1


def test_entry_without_mac_from_the_required_seq_fails(tmp_path: Path) -> None:
    db, _ = _database(tmp_path)
    _append(db, 2)  # written before the key existed
    _append(db, 1, KEY)
    with db.read() as session:
        assert verify_chain(session, WORKSTATION, key=KEY, mac_from_seq=3).ok
        report = verify_chain(session, WORKSTATION, key=KEY, mac_from_seq=2)
    assert report.first_broken_seq == 2


def test_head_and_hash_at(tmp_path: Path) -> None:
    db, _ = _database(tmp_path)
    with db.read() as session:
        assert chain_head(session, WORKSTATION) is None
    _append(db, 4)
    with db.read() as session:
        head = chain_head(session, WORKSTATION)
        assert head is not None and head[0] == 4
        assert hash_at(session, WORKSTATION, 4) == head[1]
        assert hash_at(session, WORKSTATION, 5) is None


def test_missing_triggers_are_named(tmp_path: Path) -> None:
    db, db_file = _database(tmp_path)
    with db.read() as session:
        assert missing_triggers(session) == []
    db.dispose()
    connection = sqlite3.connect(db_file)
    connection.executescript("DROP TRIGGER audit_entry_no_update;")
    connection.close()
    with Database.open(sqlite_url(db_file)).read() as session:
        assert missing_triggers(session) == ["audit_entry_no_update"]


def test_unreadable_payload_is_kept_as_none(tmp_path: Path) -> None:
    db, db_file = _database(tmp_path)
    _append(db, 3)
    db.dispose()
    _tamper(db_file, "UPDATE audit_entry SET payload = '{\"i\": ' WHERE seq = 2;")
    with Database.open(sqlite_url(db_file)).read() as session:
        entries = stored_entries(session)
    assert [e.payload is None for e in entries] == [False, True, False]
    assert entries[1].seq == 2
