"""Accounts that lock after failed logins, and audit entries keyed with the workstation's MAC

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

- ``officer.failed_logins`` / ``officer.locked_until``: throttling and the 15-minute lock.
- ``audit_entry.mac``: HMAC-SHA256 of the entry's hash under the workstation's secret key;
  entries written before the key existed keep none.
- ``local_identity.audit_mac_from_seq``: from which sequence every entry must carry one.

Columns are added in place (``ALTER TABLE ADD COLUMN``): audit_entry is not rebuilt, so its
append-only triggers stay.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.add_column(
        "officer",
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("officer", sa.Column("locked_until", UTC_TYPE, nullable=True))
    op.add_column("audit_entry", sa.Column("mac", sa.String(length=64), nullable=True))
    op.add_column("local_identity", sa.Column("audit_mac_from_seq", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("local_identity", "audit_mac_from_seq")
    # Dropping a column rebuilds audit_entry on SQLite: its triggers are made again after.
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_column("mac")
    if op.get_bind().dialect.name == "sqlite":
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"DROP TRIGGER IF EXISTS audit_entry_no_{verb.lower()}")
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
                "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
            )
    op.drop_column("officer", "locked_until")
    op.drop_column("officer", "failed_logins")
