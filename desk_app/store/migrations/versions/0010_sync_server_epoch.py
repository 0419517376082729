"""The district server's epoch as this workstation last saw it (issue 11)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

``sync_state.server_epoch``: empty until the first sync after this upgrade, which stores the
server's. When a later answer names another epoch, the server was restored from a backup:
the client pulls from the start and sends again what that server had acknowledged
(`desk_app.services.sync`). A plain ALTER TABLE, like 0009's.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "sync_state",
        sa.Column("server_epoch", sa.String(length=36), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("sync_state", "server_epoch")  # in place on SQLite >= 3.35, as 0009's
