"""The workstation's search index (migration 0008): made for the dossiers already there, kept by
its triggers, left out of the model comparison by name only, and gone after a downgrade."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.search import search_dossiers
from desk_app.store.base import Base
from desk_app.store.db import make_engine, sqlite_url
from desk_app.store.migrate import downgrade_to, upgrade_to_head
from desk_app.store.search import INDEX_TABLES, include_object, missing_triggers
from tests.factories import intake_request


def test_dossiers_received_before_the_index_are_found_after_the_upgrade(
    workspace: Workspace, actor: Actor
) -> None:
    code = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Đức")).code
    engine = workspace.db.engine
    downgrade_to(engine, "0007")
    with engine.connect() as connection:
        names = set(connection.exec_driver_sql("SELECT name FROM sqlite_master").scalars())
    assert not names & INDEX_TABLES
    upgrade_to_head(engine)
    assert [r.code for r in search_dossiers(workspace, actor, "duc")] == [code]
    with engine.connect() as connection:
        assert missing_triggers(connection) == []


def test_the_filter_hides_the_index_and_nothing_else(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path / "w.sqlite3"))
    upgrade_to_head(engine)
    with engine.connect() as connection:
        unfiltered = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        # Without the filter the index's tables look like tables the models lack...
        assert {d[1].name for d in unfiltered if d[0] == "remove_table"} <= INDEX_TABLES
        assert {d[1].name for d in unfiltered if d[0] == "remove_table"} >= {
            "dossier_search",
            "dossier_search_key",
        }
        # ...and a table of another name would still be reported.
        connection.exec_driver_sql("CREATE TABLE stray (x INTEGER)")
        context = MigrationContext.configure(connection, opts={"include_object": include_object})
        assert [d[1].name for d in compare_metadata(context, Base.metadata)] == ["stray"]
    engine.dispose()


def test_every_dossier_has_one_key_and_one_index_row(workspace: Workspace, actor: Actor) -> None:
    for name in ("Lê Văn An", "Trần Thị Bình", "Phạm Văn Công"):
        take_in(workspace, actor, intake_request("1.001193", name))
    with workspace.read() as session:
        dossiers = session.execute(text("SELECT count(*) FROM dossier")).scalar()
        keys = session.execute(text("SELECT count(*) FROM dossier_search_key")).scalar()
        indexed = session.execute(
            text("SELECT count(*) FROM dossier_search WHERE dossier_search MATCH 'h26'")
        ).scalar()
    assert dossiers == keys == indexed == 3


def test_the_index_made_again_by_0011_holds_every_dossier_and_follows_new_ones(
    workspace: Workspace, actor: Actor
) -> None:
    """0010's index (prefixes to three, no whole names) made again: the dossiers already there
    are found by the run-together name and a five-letter prefix, and after a downgrade and a
    new upgrade the triggers still index a new dossier."""
    first = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Thị Thu Châu")).code
    engine = workspace.db.engine
    downgrade_to(engine, "0010")
    with engine.connect() as connection:
        ddl = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'dossier_search'"
        ).scalar()
    assert "whole" not in ddl and "prefix='1 2 3'" in ddl
    upgrade_to_head(engine)
    assert [r.code for r in search_dossiers(workspace, actor, "nguyen thi thu ch")] == [first]
    assert [r.code for r in search_dossiers(workspace, actor, "nguye")] == [first]
    later = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Thị Thu Cúc")).code
    assert [r.code for r in search_dossiers(workspace, actor, "nguyen thi thu c")] == [
        later,
        first,
    ]
    with engine.connect() as connection:
        assert missing_triggers(connection) == []
