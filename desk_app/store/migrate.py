"""Bring a database to the newest schema, backing up the file first if it already has data."""

from __future__ import annotations

import logging
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)
MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The newest revision in migrations/versions. Kept here so that opening an up-to-date database
# needs no Alembic import (~0.3 s of the counter window's start-up); a test checks it against
# Alembic's own idea of the head, so forgetting to bump it fails CI.
SCHEMA_HEAD = "0011"


def alembic_config(url: str = "") -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


def head_revision() -> str:
    """Alembic's head, read from the migration scripts (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(engine: Engine, *, backup_dir: Path | None = None) -> bool:
    """Migrate to head; returns True if anything ran. Backs up a non-empty SQLite file first."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return False
    if current is not None and backup_dir is not None and engine.url.database:
        _backup_sqlite(Path(engine.url.database), backup_dir, current)
    _run_alembic(engine, "upgrade", "head")
    return True


def downgrade_to(engine: Engine, revision: str) -> None:
    """Go back to ``revision`` (developers going back a release, and the migration tests)."""
    _run_alembic(engine, "downgrade", revision)


def _run_alembic(engine: Engine, verb: str, revision: str) -> None:
    from alembic import command

    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # Batch mode rebuilds a table by copy, drop and rename; with foreign keys enforced
            # the drop of a referenced table fails. The pragma only works outside a
            # transaction, so it goes straight to the driver; the check after the migration
            # proves no reference was broken.
            _driver_sql(connection, "PRAGMA foreign_keys = OFF")
        try:
            with connection.begin():
                config = alembic_config()
                config.attributes["connection"] = connection
                getattr(command, verb)(config, revision)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise RuntimeError(f"migration broke a reference in {broken[0]}")
        finally:
            if sqlite:
                _driver_sql(connection, "PRAGMA foreign_keys = ON")


def _driver_sql(connection: Connection, statement: str) -> None:
    driver = connection.connection.driver_connection
    assert driver is not None
    driver.execute(statement)


def _backup_sqlite(db_file: Path, backup_dir: Path, revision: str) -> Path:
    """Copy with SQLite's online backup API (never a file copy of a live database)."""
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"{db_file.stem}-before-{revision}-{stamp}.sqlite3"
    target.touch(mode=0o600)  # private before a byte of the citizens' data is in it
    with sqlite3.connect(db_file) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    log.info("backed up %s to %s before migrating", db_file, target)
    return target
