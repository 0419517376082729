"""Search: a name typed from its beginning, and prefixes of up to five letters, from the index

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-08

Measured on 1,000,000 dossiers (benchmarks/dossiers.py, issue 10): two kinds of typing made
the slowest searches, 20 to 50 ms each. A word cut after four or five letters ("Nguy",
"nguye"): the index kept prefixes of up to three, so FTS5 merged the whole list of every word
so beginning (all the Nguyễn) before giving the first 20. A full name typed in order ("nguyen
thi thu ch"): every word is common, and their intersection walks long lists. So the index is
made again (SQLite only) with:

- prefixes of 1 to 5 characters (Vietnamese syllables folded are at most seven letters);
- a seventh column, ``whole``: the folded name with its spaces taken out, behind a mark no
  word of a name, code, ID number or phone can begin with (``ŋ``, a letter Vietnamese does
  not use, which the tokenizer keeps), so "ŋnguyenthithuch"* finds the names that begin so,
  and no other word's prefix ever meets these.

The triggers are made again with the new column. Rebuilding the index of a million dossiers
took 48 s on a 2-core machine; its size grew from 293 to 331 MB (13%). The SQL is frozen here.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TRIGGERS = ("dossier_search_insert", "dossier_search_update", "dossier_search_delete")
_INDEXED = (
    "applicant_name_folded, code, applicant_id_number, applicant_phone, procedure_code, "
    "procedure_name"
)
_KEY = "(SELECT search_rowid FROM dossier_search_key WHERE dossier_id = {p}.id)"


def _values(p: str, whole: bool) -> str:
    values = (
        f"{p}.applicant_name_folded, {p}.code, {p}.applicant_id_number, {p}.applicant_phone, "
        f"{p}.procedure_code, replace(replace({p}.procedure_name, 'Đ', 'D'), 'đ', 'd')"
    )
    return f"{values}, 'ŋ' || replace({p}.applicant_name_folded, ' ', '')" if whole else values


def _columns(whole: bool) -> str:
    columns = "name, code, id_number, phone, procedure_code, procedure_name"
    return f"{columns}, whole" if whole else columns


def _make(whole: bool, prefixes: str) -> None:
    """The index, its triggers and its rows, in the shape ``whole``/``prefixes`` say."""
    for trigger in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS dossier_search")
    columns = _columns(whole)
    op.execute(
        f"CREATE VIRTUAL TABLE dossier_search USING fts5({columns}, content='', "
        f"columnsize=0, detail=column, prefix='{prefixes}', "
        "tokenize='unicode61 remove_diacritics 2')"
    )

    def index(p: str) -> str:
        return (
            f"INSERT INTO dossier_search (rowid, {columns}) "
            f"VALUES ({_KEY.format(p=p)}, {_values(p, whole)});"
        )

    def unindex(p: str) -> str:
        return (
            f"INSERT INTO dossier_search (dossier_search, rowid, {columns}) "
            f"VALUES ('delete', {_KEY.format(p=p)}, {_values(p, whole)});"
        )

    op.execute(
        "CREATE TRIGGER dossier_search_insert AFTER INSERT ON dossier BEGIN "
        "INSERT INTO dossier_search_key (dossier_id) VALUES (NEW.id); "
        f"{index('NEW')} END"
    )
    op.execute(
        f"CREATE TRIGGER dossier_search_update AFTER UPDATE OF {_INDEXED}, id ON dossier BEGIN "
        f"{unindex('OLD')} "
        "UPDATE dossier_search_key SET dossier_id = NEW.id WHERE dossier_id = OLD.id; "
        f"{index('NEW')} END"
    )
    op.execute(
        "CREATE TRIGGER dossier_search_delete AFTER DELETE ON dossier BEGIN "
        f"{unindex('OLD')} "
        "DELETE FROM dossier_search_key WHERE dossier_id = OLD.id; END"
    )
    op.execute(
        f"INSERT INTO dossier_search (rowid, {columns}) "
        f"SELECT k.search_rowid, {_values('d', whole)} "
        "FROM dossier AS d JOIN dossier_search_key AS k ON k.dossier_id = d.id"
    )
    op.execute("INSERT INTO dossier_search (dossier_search) VALUES ('optimize')")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _make(whole=True, prefixes="1 2 3 4 5")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _make(whole=False, prefixes="1 2 3")  # as 0008 made it
