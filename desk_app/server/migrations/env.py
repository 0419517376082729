"""Alembic environment of the district server's database (`desk_app.server.schema`).

Separate from the workstation's (`desk_app/store/migrations`): its own tables, its own
revisions. Batch mode, so a later migration can alter a table on SQLite too.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from desk_app.server.schema import ServerBase
from desk_app.store.db import make_engine

config = context.config
target_metadata = ServerBase.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.connect() as fresh:
        _run(fresh)


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
run_migrations_online()
