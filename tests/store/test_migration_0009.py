"""Migration 0009 on a populated file (the first release's, under data/): every dossier gets a
random lookup key, waiting ``dossier.received`` v3 events become v4 carrying it, the search
triggers of 0008 survive (no rebuild of ``dossier``), and going back to 0008 undoes it."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from desk_app.core.codes import is_lookup_key
from desk_app.store.db import make_engine, sqlite_url
from desk_app.store.migrate import SCHEMA_HEAD, current_revision, downgrade_to, upgrade_to_head

RELEASE_DB = Path(__file__).with_name("data") / "release-0.1.0.sqlite3"
TRIGGERS = {"dossier_search_insert", "dossier_search_update", "dossier_search_delete"}


def _rows(db_file: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_file) as connection:
        return connection.execute(sql).fetchall()


def _received(db_file: Path) -> list[tuple[int, dict[str, object]]]:
    rows = _rows(
        db_file,
        "SELECT schema_version, payload FROM outbox_event "
        "WHERE kind = 'dossier.received' ORDER BY seq",
    )
    return [(int(str(v)), json.loads(str(p))) for v, p in rows]


def test_keys_are_backfilled_events_move_to_v4_and_search_triggers_stay(tmp_path: Path) -> None:
    db_file = tmp_path / "w.sqlite3"
    shutil.copyfile(RELEASE_DB, db_file)
    engine = make_engine(sqlite_url(db_file))
    try:
        upgrade_to_head(engine)
        assert current_revision(engine) == SCHEMA_HEAD  # through 0009
        keys = {str(i): str(k) for i, k in _rows(db_file, "SELECT id, lookup_key FROM dossier")}
        assert len(keys) == 8 and len(set(keys.values())) == 8
        assert all(is_lookup_key(str(k)) for k in keys.values())
        events = _received(db_file)
        assert len(events) == 8
        assert all(version == 4 for version, _ in events)
        by_dossier = {str(p["dossier_id"]).replace("-", ""): p["lookup_key"] for _, p in events}
        assert by_dossier == keys
        triggers = {
            r[0] for r in _rows(db_file, "SELECT name FROM sqlite_master WHERE type='trigger'")
        }
        assert triggers >= TRIGGERS
        # The new columns, with their defaults.
        assert _rows(db_file, "SELECT quarantined_at, quarantine_reason FROM outbox_event")[0] == (
            None,
            "",
        )
        assert _rows(db_file, "SELECT clock_skew_s, last_attempt_at FROM sync_state") in (
            [],
            [(0, None)],
        )

        downgrade_to(engine, "0008")
        assert current_revision(engine) == "0008"
        assert all(v == 3 and "lookup_key" not in p for v, p in _received(db_file))
        columns = {r[1] for r in _rows(db_file, "PRAGMA table_info(dossier)")}
        assert "lookup_key" not in columns
        assert {
            r[0] for r in _rows(db_file, "SELECT name FROM sqlite_master WHERE type='trigger'")
        } >= TRIGGERS

        upgrade_to_head(engine)
        assert all(v == 4 and is_lookup_key(str(p["lookup_key"])) for v, p in _received(db_file))
    finally:
        engine.dispose()
