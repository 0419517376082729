"""Server schema: offices, users, enrollment codes, devices, received and quarantined events,
the pull feed, district dossiers, dashboard sessions

Revision ID: 0001
Revises:
Create Date: 2026-12-03 19:53:38.808346
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "district_office",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("upper_unit", sa.String(length=255), nullable=False),
        sa.Column("created_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_office")),
        sa.UniqueConstraint("agency_id", name=op.f("uq_district_office_agency_id")),
    )
    op.create_table(
        "district_user",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("role", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_user")),
        sa.UniqueConstraint("username", name=op.f("uq_district_user_username")),
    )
    op.create_table(
        "dashboard_session",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("opened_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ended_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["district_user.id"],
            name=op.f("fk_dashboard_session_user_id_district_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dashboard_session")),
    )
    with op.batch_alter_table("dashboard_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dashboard_session_user_id"), ["user_id"], unique=False)

    op.create_table(
        "device",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("workstation_code", sa.String(length=64), nullable=False),
        sa.Column("workstation_id", sa.Uuid(), nullable=False),
        sa.Column("local_office_id", sa.Uuid(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("enrolled_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_seen_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_push_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("waiting", sa.Integer(), nullable=False),
        sa.Column(
            "oldest_waiting_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True
        ),
        sa.Column("clock_skew_s", sa.Integer(), nullable=False),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("chain_detail", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["district_office.id"], name=op.f("fk_device_office_id_district_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_device_token_hash")),
        sa.UniqueConstraint("workstation_id", name=op.f("uq_device_workstation_id")),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_office_id"), ["office_id"], unique=False)

    op.create_table(
        "enrollment_code",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("workstation_code", sa.String(length=64), nullable=False),
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["district_office.id"],
            name=op.f("fk_enrollment_code_office_id_district_office"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_enrollment_code")),
        sa.UniqueConstraint("code_hash", name=op.f("uq_enrollment_code_code_hash")),
    )
    op.create_table(
        "server_change",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["district_office.id"],
            name=op.f("fk_server_change_office_id_district_office"),
        ),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_server_change")),
    )
    with op.batch_alter_table("server_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_server_change_office_id"), ["office_id"], unique=False)

    op.create_table(
        "district_dossier",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("lookup_key", sa.String(length=16), nullable=False),
        sa.Column("procedure_code", sa.String(length=64), nullable=False),
        sa.Column("procedure_name", sa.Text(), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=False),
        sa.Column("applicant_masked", sa.String(length=255), nullable=False),
        sa.Column("received_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_day", sa.Date(), nullable=False),
        sa.Column("due_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("resolved_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("returned_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_district_dossier_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["district_office.id"],
            name=op.f("fk_district_dossier_office_id_district_office"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_district_dossier")),
        sa.UniqueConstraint("code", name=op.f("uq_district_dossier_code")),
    )
    with op.batch_alter_table("district_dossier", schema=None) as batch_op:
        batch_op.create_index(
            "ix_district_dossier_office_state_due", ["office_id", "state", "due_at"], unique=False
        )

    op.create_table(
        "quarantined_event",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column(
            "quarantined_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False
        ),
        sa.Column("resolved_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_quarantined_event_device_id_device")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quarantined_event")),
    )
    with op.batch_alter_table("quarantined_event", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_quarantined_event_event_id"), ["event_id"], unique=False
        )

    op.create_table(
        "received_event",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("workstation_seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("aggregate_id", sa.Uuid(), nullable=True),
        sa.Column("audit_seq", sa.Integer(), nullable=False),
        sa.Column("audit_hash", sa.String(length=64), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("envelope", sa.Text(), nullable=False),
        sa.Column("created_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("received_at", desk_app.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"], ["device.id"], name=op.f("fk_received_event_device_id_device")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"],
            ["district_office.id"],
            name=op.f("fk_received_event_office_id_district_office"),
        ),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_received_event")),
        sa.UniqueConstraint(
            "device_id", "workstation_seq", name=op.f("uq_received_event_device_id_workstation_seq")
        ),
    )
    with op.batch_alter_table("received_event", schema=None) as batch_op:
        batch_op.create_index("ix_received_event_office_kind", ["office_id", "kind"], unique=False)
        batch_op.create_index(
            "ix_received_event_device_audit", ["device_id", "audit_seq"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("received_event", schema=None) as batch_op:
        batch_op.drop_index("ix_received_event_office_kind")
        batch_op.drop_index("ix_received_event_device_audit")

    op.drop_table("received_event")
    with op.batch_alter_table("quarantined_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_quarantined_event_event_id"))

    op.drop_table("quarantined_event")
    with op.batch_alter_table("district_dossier", schema=None) as batch_op:
        batch_op.drop_index("ix_district_dossier_office_state_due")

    op.drop_table("district_dossier")
    with op.batch_alter_table("server_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_server_change_office_id"))

    op.drop_table("server_change")
    op.drop_table("enrollment_code")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_device_office_id"))

    op.drop_table("device")
    with op.batch_alter_table("dashboard_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dashboard_session_user_id"))

    op.drop_table("dashboard_session")
    op.drop_table("district_user")
    op.drop_table("district_office")
