"""Queue tickets: service areas, their daily numbers and one row per ticket (issue 9)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

- ``service_area``: letter, name and kind (service or results) per office; set-up and this
  upgrade add the default areas A Chứng thực, B Hộ tịch, C Trả kết quả.
- ``ticket_counter``: the last number of an area on an office day.
- ``ticket``: a visit from the number taken to the end of the service.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import uuid6
from alembic import op

import desk_app.store.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)
# The areas every office starts with, written out here: migrations never import the app's
# constants, which may change after this revision.
DEFAULT_AREAS = (
    ("A", "Chứng thực", "service"),
    ("B", "Hộ tịch", "service"),
    ("C", "Trả kết quả", "results"),
)


def upgrade() -> None:
    op.create_table(
        "service_area",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("letter", sa.String(length=1), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('service', 'results')", name=op.f("ck_service_area_kind_known")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_service_area_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_area")),
        sa.UniqueConstraint("office_id", "letter", name=op.f("uq_service_area_office_id_letter")),
    )
    op.create_table(
        "ticket",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("area_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("letter", sa.String(length=1), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("priority", sa.String(length=64), nullable=True),
        sa.Column("state", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("issued_at", UTC_TYPE, nullable=False),
        sa.Column("issued_by", sa.Uuid(), nullable=True),
        sa.Column("workstation_id", sa.Uuid(), nullable=True),
        sa.Column("waiting_ahead", sa.Integer(), nullable=False),
        sa.Column("target_counter", sa.String(length=16), nullable=True),
        sa.Column("counter", sa.String(length=16), nullable=True),
        sa.Column("officer_id", sa.Uuid(), nullable=True),
        sa.Column("served_by", sa.String(length=64), nullable=True),
        sa.Column("first_called_at", UTC_TYPE, nullable=True),
        sa.Column("last_called_at", UTC_TYPE, nullable=True),
        sa.Column("calls", sa.Integer(), nullable=False),
        sa.Column("started_at", UTC_TYPE, nullable=True),
        sa.Column("finished_at", UTC_TYPE, nullable=True),
        sa.Column("transfers", sa.Integer(), nullable=False),
        sa.Column("dossier_code", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "priority IN ('elderly', 'disabled', 'pregnant', 'small_children', 'other')",
            name=op.f("ck_ticket_priority_known"),
        ),
        sa.CheckConstraint(
            "source IN ('kiosk', 'counter', 'command_line')", name=op.f("ck_ticket_source_known")
        ),
        sa.CheckConstraint(
            "state IN ('waiting', 'called', 'serving', 'served', 'no_show')",
            name=op.f("ck_ticket_state_known"),
        ),
        sa.ForeignKeyConstraint(
            ["area_id"], ["service_area.id"], name=op.f("fk_ticket_area_id_service_area")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by"], ["officer.id"], name=op.f("fk_ticket_issued_by_officer")
        ),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_ticket_office_id_office")
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officer.id"], name=op.f("fk_ticket_officer_id_officer")
        ),
        sa.ForeignKeyConstraint(
            ["workstation_id"],
            ["workstation.id"],
            name=op.f("fk_ticket_workstation_id_workstation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ticket")),
        sa.UniqueConstraint(
            "office_id",
            "day",
            "letter",
            "number",
            name=op.f("uq_ticket_office_id_day_letter_number"),
        ),
    )
    op.create_index("ix_ticket_waiting", "ticket", ["office_id", "day", "state"], unique=False)
    op.create_table(
        "ticket_counter",
        sa.Column("area_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["area_id"], ["service_area.id"], name=op.f("fk_ticket_counter_area_id_service_area")
        ),
        sa.PrimaryKeyConstraint("area_id", "day", name=op.f("pk_ticket_counter")),
    )
    _add_default_areas()


def _add_default_areas() -> None:
    """Each office of an upgraded workstation gets the default areas (a new one gets them at
    set-up, from the services)."""
    connection = op.get_bind()
    area = sa.table(
        "service_area",
        sa.column("id", sa.Uuid()),
        sa.column("office_id", sa.Uuid()),
        sa.column("letter", sa.String()),
        sa.column("name", sa.String()),
        sa.column("kind", sa.String()),
        sa.column("position", sa.Integer()),
        sa.column("active", sa.Boolean()),
    )
    offices = connection.execute(sa.text("SELECT id FROM office")).scalars().all()
    for office in offices:
        office_id = office if isinstance(office, uuid.UUID) else uuid.UUID(hex=str(office))
        for position, (letter, name, kind) in enumerate(DEFAULT_AREAS, start=1):
            connection.execute(
                area.insert().values(
                    id=uuid.UUID(bytes=uuid6.uuid7().bytes),
                    office_id=office_id,
                    letter=letter,
                    name=name,
                    kind=kind,
                    position=position,
                    active=True,
                )
            )


def downgrade() -> None:
    op.drop_table("ticket_counter")
    op.drop_index("ix_ticket_waiting", table_name="ticket")
    op.drop_table("ticket")
    op.drop_table("service_area")
