"""Searching dossiers: the workstation's full-text index, and a dossier's audit entries by key

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

- On SQLite only: ``dossier_search`` (FTS5, contentless) over the applicant's folded name, the
  code, ID number, phone, procedure code and folded procedure name, keyed through
  ``dossier_search_key`` (a stable INTEGER PRIMARY KEY per dossier: the dossier's own implicit
  rowid may be renumbered by VACUUM or a batch rebuild); triggers keep it in step with
  ``dossier``; existing dossiers are indexed here. See `desk_app.store.search`.
  PostgreSQL gets nothing here (the server's search is a later issue).
- Both: an index on ``audit_entry (entity, entity_id)``, so a dossier's view reads its audit
  entries (forms and receipts printed) without scanning the whole log; and one on
  ``dossier (office_id, state, due_at)``, so the work list counts an office's buckets from
  the index alone.

The SQL is frozen here on purpose: a later migration that rebuilds ``dossier`` in batch mode
drops the triggers with the old table and must make them again (and rebuild the index).
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every value as the index holds it. The tokenizer folds case and strips diacritics, but đ has
# no decomposition: it is mapped here (the name is folded by the application already).
_VALUES = (
    "{p}.applicant_name_folded, {p}.code, {p}.applicant_id_number, {p}.applicant_phone, "
    "{p}.procedure_code, replace(replace({p}.procedure_name, 'Đ', 'D'), 'đ', 'd')"
)
_COLUMNS = "name, code, id_number, phone, procedure_code, procedure_name"
_KEY = "(SELECT search_rowid FROM dossier_search_key WHERE dossier_id = {p}.id)"
_INDEXED = (
    "applicant_name_folded, code, applicant_id_number, applicant_phone, procedure_code, "
    "procedure_name"
)


def _index(p: str) -> str:
    return (
        f"INSERT INTO dossier_search (rowid, {_COLUMNS}) "
        f"VALUES ({_KEY.format(p=p)}, {_VALUES.format(p=p)});"
    )


def _unindex(p: str) -> str:
    # A contentless table forgets a row only when told the very values it indexed.
    return (
        f"INSERT INTO dossier_search (dossier_search, rowid, {_COLUMNS}) "
        f"VALUES ('delete', {_KEY.format(p=p)}, {_VALUES.format(p=p)});"
    )


def upgrade() -> None:
    op.create_index("ix_audit_entry_entity", "audit_entry", ["entity", "entity_id"])
    op.create_index("ix_dossier_office_state_due_at", "dossier", ["office_id", "state", "due_at"])
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute(
        "CREATE TABLE dossier_search_key ("
        " search_rowid INTEGER PRIMARY KEY,"
        " dossier_id CHAR(32) NOT NULL UNIQUE)"
    )
    op.execute(
        f"CREATE VIRTUAL TABLE dossier_search USING fts5({_COLUMNS}, content='', "
        "columnsize=0, detail=column, prefix='1 2 3', "
        "tokenize='unicode61 remove_diacritics 2')"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossier BEGIN "
        "INSERT INTO dossier_search_key (dossier_id) VALUES (NEW.id); "
        f"{_index('NEW')} END"
    )
    op.execute(
        f"CREATE TRIGGER dossier_search_update AFTER UPDATE OF {_INDEXED}, id ON dossier BEGIN "
        f"{_unindex('OLD')} "
        "UPDATE dossier_search_key SET dossier_id = NEW.id WHERE dossier_id = OLD.id; "
        f"{_index('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_delete AFTER DELETE ON dossier BEGIN "
        f"{_unindex('OLD')} "
        "DELETE FROM dossier_search_key WHERE dossier_id = OLD.id; END"
    )
    # Existing dossiers, oldest first: the key's order is the search's "newest first".
    op.execute(
        "INSERT INTO dossier_search_key (dossier_id) "
        "SELECT id FROM dossier ORDER BY received_at, id"
    )
    op.execute(
        f"INSERT INTO dossier_search (rowid, {_COLUMNS}) "
        f"SELECT k.search_rowid, {_VALUES.format(p='d')} "
        "FROM dossier AS d JOIN dossier_search_key AS k ON k.dossier_id = d.id"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("dossier_search_insert", "dossier_search_update", "dossier_search_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS dossier_search")
        op.execute("DROP TABLE IF EXISTS dossier_search_key")
    op.drop_index("ix_dossier_office_state_due_at", table_name="dossier")
    op.drop_index("ix_audit_entry_entity", table_name="audit_entry")
