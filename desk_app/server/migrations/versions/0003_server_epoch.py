"""The server's epoch: which life of the database the pull feed and acknowledgements belong to

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07

One row, made here with a fresh epoch (a database upgraded from 0002 starts its first life);
a restore makes a new one (`desk_app.server.admin`). Workstations that synced before the
upgrade have no epoch stored yet and take this one as theirs.
"""

import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    epochs = op.create_table(
        "server_epoch",
        sa.Column("singleton", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=36), nullable=False),
        sa.Column("made_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.CheckConstraint("singleton = 1", name=op.f("ck_server_epoch_singleton")),
        sa.PrimaryKeyConstraint("singleton", name=op.f("pk_server_epoch")),
    )
    op.bulk_insert(
        epochs,
        [
            {
                "singleton": 1,
                "epoch": str(uuid.uuid4()),  # frozen here: an epoch is a random name, no key
                "made_at": datetime.now(UTC),
                "reason": "created",
            }
        ],
    )


def downgrade() -> None:
    op.drop_table("server_epoch")
