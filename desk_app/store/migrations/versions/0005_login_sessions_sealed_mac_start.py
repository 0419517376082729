"""Login sessions checked against the database, and a sealed start of the audit MACs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

- ``login_session``: one row per command-line login, holding only the SHA-256 of the token the
  data folder's session file carries; ended at logout, a password change or a deactivation.
- ``local_identity.audit_mac_seal``: HMAC of the sequence from which entries carry a MAC, so
  raising that number (to pass entries stripped of their MACs) no longer verifies. A database
  upgraded from 0004 is sealed at its first open, when the key is read.
- ``officer.row_mac``: HMAC of the account's identity, role and password hash under the audit
  key, set by the services on every write (rows upgraded from 0004 are sealed at first open).
- ``local_identity.recovery_code_hash``: the argon2id hash of the one-time administrator
  recovery code shown at set-up.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.add_column("local_identity", sa.Column("audit_mac_seal", sa.String(length=64)))
    op.add_column("local_identity", sa.Column("recovery_code_hash", sa.String(length=255)))
    op.add_column("officer", sa.Column("row_mac", sa.String(length=64)))
    op.create_table(
        "login_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("opened_at", UTC_TYPE, nullable=False),
        sa.Column("expires_at", UTC_TYPE, nullable=False),
        sa.Column("ended_at", UTC_TYPE, nullable=True),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_login_session_officer_id_officer")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_session")),
    )
    op.create_index(op.f("ix_login_session_officer_id"), "login_session", ["officer_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_login_session_officer_id"), table_name="login_session")
    op.drop_table("login_session")
    with op.batch_alter_table("officer") as batch:
        batch.drop_column("row_mac")
    with op.batch_alter_table("local_identity") as batch:
        batch.drop_column("recovery_code_hash")
        batch.drop_column("audit_mac_seal")
