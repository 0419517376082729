"""The workstation's full-text index of dossiers (SQLite FTS5, made by migrations 0008, 0011).

The index is not a model: it exists on SQLite only, triggers on ``dossier`` keep it in step,
and Alembic must neither create it from the models nor report it as a difference
(`include_object`). The district server (PostgreSQL) has none; its search is a later issue and
the services fall back to LIKE on the folded columns there.

Layout (the migration is the source of truth; these names are what the services query):

- ``dossier_search_key``: one row per dossier, ``search_rowid INTEGER PRIMARY KEY`` and the
  dossier's id. The FTS rows are keyed by ``search_rowid``, never by the dossier's implicit
  rowid, which VACUUM and Alembic's batch rebuilds of ``dossier`` may renumber.
- ``dossier_search``: a contentless FTS5 table (``content=''``, nothing stored twice) with the
  columns below, ``unicode61 remove_diacritics 2`` on text already folded (đ→d, which the
  tokenizer cannot do), prefix indexes for 1 to 5 characters (an officer's "Ng V Đ", "Nguy").
  ``whole`` is the folded name without its spaces behind WHOLE_MARK, one word per dossier: a
  name typed in order from its beginning is one cheap prefix there (migration 0011).
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "dossier_search"
KEY_TABLE = "dossier_search_key"
# Columns of the FTS table, in order.
COLUMNS = ("name", "code", "id_number", "phone", "procedure_code", "procedure_name")
WHOLE_COLUMN = "whole"  # the seventh: searched alone (see services.search)
# Begins every word of ``whole``: a letter no folded name, code, ID number or phone begins a
# word with, so no other prefix search ever has to go through these.
WHOLE_MARK = "ŋ"
# A person's words: searched first. The procedure's words only when no person matches (see
# services.search): "Đặng" must find Mr Đặng, not every "Đăng ký ..." dossier.
PERSON_COLUMNS = ("name", "code", "id_number", "phone")
# What FTS5 adds beside a virtual table (https://sqlite.org/fts5.html, "shadow tables").
_FTS5_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
INDEX_TABLES = frozenset({FTS_TABLE, KEY_TABLE, *(FTS_TABLE + s for s in _FTS5_SHADOWS)})
TRIGGERS = ("dossier_search_insert", "dossier_search_update", "dossier_search_delete")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic's filter: the search index's tables are not the models' business.

    Only tables found in the database (``reflected``) with no model beside them, and only the
    index's own names, are left out, so a model named like them would still be compared."""
    return not (type_ == "table" and reflected and compare_to is None and name in INDEX_TABLES)


def has_search_index(connection: Any) -> bool:
    """True when this database holds the index (a workstation's SQLite at schema 0008+)."""
    if connection.dialect.name != "sqlite":
        return False
    found = connection.exec_driver_sql(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?", (FTS_TABLE,)
    ).scalar()
    return bool(found)


def missing_triggers(connection: Any) -> list[str]:
    """The index's triggers that are not there: a later migration that rebuilds ``dossier``
    in batch mode drops them with the old table and must make them again (a test checks)."""
    present = {
        row[0]
        for row in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'dossier'"
        )
    }
    return [name for name in TRIGGERS if name not in present]
