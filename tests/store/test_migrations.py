"""Migrations build the schema the models describe, on SQLite and on PostgreSQL."""

from __future__ import annotations

import re
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, inspect, text

from desk_app.store.base import Base
from desk_app.store.db import make_engine, sqlite_url
from desk_app.store.migrate import (
    SCHEMA_HEAD,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)
from desk_app.store.search import include_object

PG_ADMIN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def _checks_in_models() -> dict[tuple[str, str], str]:
    """Every CHECK constraint the models declare: (table, name) -> its condition."""
    found = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, CheckConstraint):
                name = str(constraint.name)
                if not name.startswith("ck_"):
                    name = f"ck_{table.name}_{name}"
                found[(table.name, name)] = _squeezed(str(constraint.sqltext))
    return found


def _checks_in(engine: Engine) -> dict[tuple[str, str], str]:
    found = {}
    with engine.connect() as connection:
        inspector = inspect(connection)
        for table in inspector.get_table_names():
            for check in inspector.get_check_constraints(table):
                found[(table, str(check["name"]))] = _squeezed(check["sqltext"])
    return found


def _squeezed(sql: str) -> str:
    """The condition as text to compare: no spaces, parentheses or casts a database adds."""
    for noise in (" ", "(", ")", "::charactervarying", "::text", "ARRAY", "[", "]", "ANY"):
        sql = sql.replace(noise, "")
    return sql.replace("=", "IN").lower()


def _quoted(sql: str) -> set[str]:
    return set(re.findall(r"'([^']*)'", sql))


def _diff(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        # The same filter as env.py: the SQLite search index (migration 0008) is no model.
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        return compare_metadata(context, Base.metadata)


def test_schema_head_constant_is_alembics_head() -> None:
    # A new migration must bump SCHEMA_HEAD, or workstations would never run it.
    assert head_revision() == SCHEMA_HEAD


def test_sqlite_upgrade_from_empty_matches_models(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "w.sqlite3"))
    assert upgrade_to_head(engine) is True
    assert current_revision(engine) == head_revision()
    assert _diff(engine) == []
    assert upgrade_to_head(engine) is False  # already at head: nothing runs, no backup


def test_sqlite_check_constraints_are_those_the_models_declare(tmp_path: Path) -> None:
    # Autogenerate ignores CHECK constraints, and migration 0002 spells its value lists by hand
    # (a migration must not change when the enums do): this keeps the two in step.
    engine = make_engine(sqlite_url(tmp_path / "w.sqlite3"))
    upgrade_to_head(engine)
    assert _checks_in(engine) == _checks_in_models()


def test_sqlite_connection_pragmas(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "w.sqlite3"))
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000


def test_downgrade_to_empty_and_back(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "w.sqlite3"))
    upgrade_to_head(engine)
    downgrade_to(engine, "base")
    with engine.connect() as connection:
        tables = connection.execute(
            text("SELECT name FROM sqlite_master WHERE type='table' AND name != 'alembic_version'")
        ).all()
    assert tables == []
    assert upgrade_to_head(engine) is True


def test_audit_table_refuses_update_and_delete(tmp_path: Path) -> None:
    db_file = tmp_path / "w.sqlite3"
    upgrade_to_head(make_engine(sqlite_url(db_file)))
    connection = sqlite3.connect(db_file)
    connection.execute(
        "INSERT INTO audit_entry VALUES (X'00', 1, NULL, '2025-01-01', 'a', 'b', 'c', 'd', '{}',"
        " 'p', 'h', NULL)"
    )
    connection.commit()
    for statement in ("UPDATE audit_entry SET actor = 'x'", "DELETE FROM audit_entry"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    name = f"desk_app_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.mark.integration
def test_postgresql_upgrade_from_empty_matches_models(postgres_url: str) -> None:
    engine = make_engine(postgres_url)
    try:
        assert upgrade_to_head(engine) is True
        assert _diff(engine) == []
        # PostgreSQL rewrites conditions (IN as = ANY (ARRAY[...])): compare the value lists.
        in_database = _checks_in(engine)
        assert set(in_database) == set(_checks_in_models())
        for key, condition in _checks_in_models().items():
            assert _quoted(in_database[key]) == _quoted(condition), key
        with engine.begin() as connection, pytest.raises(Exception, match="append-only"):
            connection.execute(
                text(
                    "INSERT INTO audit_entry VALUES (gen_random_uuid(), 1, NULL, now(), 'a', 'b',"
                    " 'c', 'd', '{}', 'p', 'h', NULL); UPDATE audit_entry SET actor = 'x'"
                )
            )
    finally:
        engine.dispose()


def test_workstation_only_tables_are_marked_so_a_server_can_leave_them_out() -> None:
    import desk_app.store.local as local

    marked = {t.name for t in Base.metadata.tables.values() if t.info.get("scope")}
    in_local = {
        cls.__tablename__
        for cls in vars(local).values()
        if isinstance(cls, type) and issubclass(cls, Base) and cls is not Base
    }
    expected = {
        "local_identity",
        "serial_counter",
        "register_counter",
        "outbox_event",
        "sync_state",
        "login_session",
    }
    assert marked == in_local == expected


@pytest.mark.integration
def test_postgresql_0003_moves_names_into_identities_and_fees_into_rules(
    postgres_url: str,
) -> None:
    """A populated 0002 database on PostgreSQL: the office keeps its names as its first
    identity, a known fee becomes a fixed one and an unknown one the province's."""
    engine = make_engine(postgres_url)
    office_id = uuid.uuid4()
    try:
        upgrade_to_head(engine)
        downgrade_to(engine, "0002")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO office (id, agency_id, name, reception_unit, place, created_at)"
                    " VALUES (:id, '000.00.19.H26', 'UBND phường Cũ',"
                    " 'Bộ phận tiếp nhận và trả kết quả', 'Hà Nội', '2024-12-31 17:30:00+00')"
                ),
                {"id": office_id},
            )
            for code, fee in (("2.000908", 0), ("1.001193", None)):
                connection.execute(
                    text(
                        "INSERT INTO procedure (id, code, code_verified, name, name_folded, field,"
                        " field_code, legal_basis, duration_value, duration_unit, duration_note,"
                        " fee_vnd, fee_note, result_name, source, updated_at) VALUES (:id, :code,"
                        " true, 'x', 'x', 'x', '', 'x', 0, 'same_day', '', :fee, '', '', '',"
                        " now())"
                    ),
                    {"id": uuid.uuid4(), "code": code, "fee": fee},
                )
        assert upgrade_to_head(engine) is True
        assert _diff(engine) == []
        with engine.connect() as connection:
            identity = connection.execute(
                text("SELECT valid_from, agency_id, name, reception_unit FROM office_identity")
            ).one()
            bases = dict(connection.execute(text("SELECT code, fee_basis FROM procedure")).all())
        # 17:30 UTC on 31 December is already 1 January in Hà Nội.
        assert str(identity.valid_from) == "2025-01-01"
        assert (identity.agency_id, identity.name) == ("000.00.19.H26", "UBND phường Cũ")
        assert bases == {"2.000908": "fixed", "1.001193": "province"}
    finally:
        engine.dispose()
