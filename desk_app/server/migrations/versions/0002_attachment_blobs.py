"""Attachment blobs: the bytes of scans, by office and SHA-256, as they arrive in chunks

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-07

A new table only; the files themselves live in the server's attachment folder
(`desk_app.server.attachments`), never in the database.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "attachment_blob",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("received_bytes", sa.Integer(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("storage", sa.String(length=255), nullable=False),
        sa.Column("started_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_attachment_blob_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["district_office.id"],
            name=op.f("fk_attachment_blob_office_id_district_office"),
        ),
        sa.PrimaryKeyConstraint("office_id", "sha256", name=op.f("pk_attachment_blob")),
    )


def downgrade() -> None:
    op.drop_table("attachment_blob")
