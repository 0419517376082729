"""The district server's schema comes from its own migrations, on SQLite and PostgreSQL, and
matches the tables the server's code uses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import select

from desk_app.server import admin
from desk_app.server.schema import DistrictOffice, ServerBase
from desk_app.server.store import (
    MIGRATIONS_DIR,
    SERVER_SCHEMA_HEAD,
    open_server_database,
    server_revision,
    upgrade_server,
)
from desk_app.store.db import Database
from tests.server.sync_helpers import database_url

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    urls = database_url(request.param, tmp_path)
    yield next(urls)
    urls.close()


def test_the_head_constant_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == SERVER_SCHEMA_HEAD


def test_an_empty_database_is_migrated_to_exactly_the_servers_tables(fresh_url: str) -> None:
    db = open_server_database(fresh_url)
    try:
        assert server_revision(db.engine) == SERVER_SCHEMA_HEAD
        with db.engine.connect() as connection:
            differences = compare_metadata(
                MigrationContext.configure(connection, opts={"compare_type": True}),
                ServerBase.metadata,
            )
        assert differences == []
        assert upgrade_server(db.engine) is False  # opening again runs nothing
    finally:
        db.dispose()


def test_a_backup_restores_what_the_server_held(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server' / 'district.sqlite3'}"
    db = open_server_database(url)
    admin.add_office(db, "000.01.19.H01", "UBND phường Thử Nghiệm")
    copy = admin.backup(url, tmp_path / "copy.sqlite3")
    admin.add_office(db, "000.02.19.H01", "UBND phường Sau Sao Lưu")
    db.dispose()
    admin.restore(copy, url)
    again: Database = open_server_database(url)
    try:
        assert [office.agency_id for office in _offices(again)] == ["000.01.19.H01"]
    finally:
        again.dispose()


def test_restore_refuses_a_file_that_is_not_a_server_database(tmp_path: Path) -> None:
    stray = tmp_path / "notes.sqlite3"
    stray.write_bytes(b"not a database at all")
    with pytest.raises(admin.NotAServerDatabase):
        admin.restore(stray, f"sqlite:///{tmp_path / 'district.sqlite3'}")


def _offices(db: Database) -> list[DistrictOffice]:
    with db.read() as session:
        return list(session.scalars(select(DistrictOffice)))
