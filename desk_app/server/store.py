"""The district server's database: an SQLite file in the server's data folder by default, or
PostgreSQL through a ``postgresql+psycopg://`` URL (psycopg 3), brought to the newest server
schema (``desk_app/server/migrations``) when opened."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, inspect, text

from desk_app.store.db import Database, sqlite_url

SERVER_DATABASE_FILE = "district.sqlite3"
MIGRATIONS_DIR = Path(__file__).with_name("migrations")
# The newest revision in migrations/versions; a test checks it against Alembic's own head.
SERVER_SCHEMA_HEAD = "0003"


def default_server_url(home: Path) -> str:
    """The SQLite file a server started without ``--db`` keeps its data in."""
    return sqlite_url(home / "server" / SERVER_DATABASE_FILE)


def server_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_server(engine: Engine) -> bool:
    """Migrate the server database to head; True if anything ran."""
    if server_revision(engine) == SERVER_SCHEMA_HEAD:
        return False
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.connect() as connection, connection.begin():
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    return True


def open_server_database(url: str) -> Database:
    """Open ``url`` (its SQLite folder made if missing) at the newest server schema."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database.open(url)
    upgrade_server(db.engine)
    return db
