"""Alembic environment: batch mode (SQLite cannot ALTER most things) and our naming convention."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import desk_app.store  # noqa: F401  (registers every table)
from desk_app.store.base import Base
from desk_app.store.db import make_engine
from desk_app.store.search import include_object

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,  # the SQLite search index is not a model
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
