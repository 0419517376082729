"""Following a dossier to the end: lifecycle facts, scans and the folder hand-over log (issue 10)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03

- ``dossier``: the clock's pause while a supplement is awaited, how many supplement requests and
  extensions it had, who holds it now and when it was first sent to a handling unit.
- ``dossier_transition``: the act's printed details (JSON) and the supervisor who approved it.
- ``office_rules.due_soon_days``: the work list's "due soon" horizon in working days.
- ``attachment``: scanned files, stored by SHA-256 in the data directory.
- ``folder_handover``: who passed a dossier's paper folder to whom, when, with how many pages.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("office_rules") as batch:
        batch.add_column(
            sa.Column("due_soon_days", sa.Integer(), nullable=False, server_default="2")
        )
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("paused_at", UTC_TYPE, nullable=True))
        batch.add_column(
            sa.Column("supplement_requests", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("extensions", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("handling_unit", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("sent_at", UTC_TYPE, nullable=True))
    with op.batch_alter_table("dossier_transition") as batch:
        batch.add_column(sa.Column("details", sa.Text(), nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("approved_by", sa.String(length=255), nullable=False, server_default="")
        )
    op.create_table(
        "attachment",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("component_position", sa.Integer(), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("added_at", UTC_TYPE, nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("officer_name", sa.String(length=255), nullable=False),
        sa.Column("workstation_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier.id"],
            name=op.f("fk_attachment_dossier_id_dossier"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_attachment_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstation.id"],
            name=op.f("fk_attachment_workstation_id_workstation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
        sa.UniqueConstraint("dossier_id", "sha256", name=op.f("uq_attachment_dossier_id_sha256")),
    )
    op.create_index(op.f("ix_attachment_dossier_id"), "attachment", ["dossier_id"])
    op.create_index(op.f("ix_attachment_sha256"), "attachment", ["sha256"])
    op.create_table(
        "folder_handover",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", UTC_TYPE, nullable=False),
        sa.Column("from_name", sa.String(length=255), nullable=False),
        sa.Column("to_name", sa.String(length=255), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Uuid(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier.id"],
            name=op.f("fk_folder_handover_dossier_id_dossier"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_folder_handover_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstation.id"],
            name=op.f("fk_folder_handover_workstation_id_workstation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_folder_handover")),
        sa.UniqueConstraint("dossier_id", "seq", name=op.f("uq_folder_handover_dossier_id_seq")),
    )
    op.create_index(op.f("ix_folder_handover_dossier_id"), "folder_handover", ["dossier_id"])
    op.create_index(op.f("ix_folder_handover_batch_id"), "folder_handover", ["batch_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_folder_handover_batch_id"), table_name="folder_handover")
    op.drop_index(op.f("ix_folder_handover_dossier_id"), table_name="folder_handover")
    op.drop_table("folder_handover")
    op.drop_index(op.f("ix_attachment_sha256"), table_name="attachment")
    op.drop_index(op.f("ix_attachment_dossier_id"), table_name="attachment")
    op.drop_table("attachment")
    with op.batch_alter_table("dossier_transition") as batch:
        batch.drop_column("approved_by")
        batch.drop_column("details")
    with op.batch_alter_table("dossier") as batch:
        batch.drop_column("sent_at")
        batch.drop_column("handling_unit")
        batch.drop_column("extensions")
        batch.drop_column("supplement_requests")
        batch.drop_column("paused_at")
    with op.batch_alter_table("office_rules") as batch:
        batch.drop_column("due_soon_days")
