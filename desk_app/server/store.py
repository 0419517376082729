"""The district server's database: an SQLite file in the server's data folder by default, or
PostgreSQL through a ``postgresql+psycopg://`` URL (psycopg 3), brought to the newest server
schema when opened."""

from __future__ import annotations

from pathlib import Path

from desk_app.server.schema import ServerBase
from desk_app.store.db import Database, sqlite_url

SERVER_DATABASE_FILE = "district.sqlite3"


def default_server_url(home: Path) -> str:
    """The SQLite file a server started without ``--db`` keeps its data in."""
    return sqlite_url(home / "server" / SERVER_DATABASE_FILE)


def open_server_database(url: str) -> Database:
    """Open ``url`` and bring it to the server schema's head.

    Placeholder until the server's Alembic migrations land: creates missing tables."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    db = Database.open(url)
    ServerBase.metadata.create_all(db.engine)
    return db
