"""The office's identity over time, component kinds, fee rules, the counting method and the
official calendar

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

- ``office_identity``: the office's name, reception unit, place and agency identifier become a
  dated record; each office's current values become its first identity, valid from the day the
  office was set up (a form for an earlier dossier takes the first one).
- ``procedure_component.kind`` / ``dossier_component.kind``: papers filed, or only shown.
- ``procedure.fee_basis`` and the per-page columns: the fee rule (core.fees). A fee that was
  known becomes a fixed one; an unknown one the province's.
- ``dossier.fee_text``, ``fee_pages``, ``fee_copies``: the fee as the receipt prints it.
- ``office_rules.counting_method``: every existing office keeps the method it used.
- ``official_calendar_year`` / ``official_calendar_day``: official days off imported later.

Waiting outbox events are moved forward (sync-and-reliability.md): ``dossier.received`` v2
becomes v3 (component kinds, fee text) and ``office.rules_changed`` v1 becomes v2 (counting
method), each with the values the new columns got. Audit entries are not touched.

The conversion code is frozen here on purpose: a migration must keep doing what it did even
when the application's models move on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)
OFFICE_OFFSET = timedelta(hours=7)  # Asia/Ho_Chi_Minh, no daylight saving since 1975
KINDS = ("submitted", "shown")
BASES = ("fixed", "per_copy", "per_page", "province")
METHODS = ("working_hours", "civil_code")


def _known(column: str, values: Sequence[str]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    bind = op.get_bind()
    _office_identity(bind)
    with op.batch_alter_table("office_rules") as batch:
        batch.add_column(
            sa.Column(
                "counting_method",
                sa.String(length=64),
                nullable=False,
                server_default="working_hours",
            )
        )
    with op.batch_alter_table("office_rules") as batch:
        batch.alter_column(
            "counting_method", existing_type=sa.String(length=64), server_default=None
        )
        batch.create_check_constraint("counting_method_known", _known("counting_method", METHODS))
    for table in ("procedure_component", "dossier_component"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("kind", sa.String(length=64), nullable=False, server_default="submitted")
            )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("kind", existing_type=sa.String(length=64), server_default=None)
            batch.create_check_constraint("kind_known", _known("kind", KINDS))
    with op.batch_alter_table("procedure") as batch:
        batch.add_column(sa.Column("fee_basis", sa.String(length=64), nullable=True))
        batch.add_column(
            sa.Column("fee_later_from_page", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("fee_later_vnd", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(sa.Column("fee_cap_vnd", sa.Integer(), nullable=True))
    bind.execute(
        sa.text(
            "UPDATE procedure SET fee_basis = "
            "CASE WHEN fee_vnd IS NULL THEN 'province' ELSE 'fixed' END"
        )
    )
    with op.batch_alter_table("procedure") as batch:
        batch.alter_column("fee_basis", existing_type=sa.String(length=64), nullable=False)
        for column in ("fee_later_from_page", "fee_later_vnd"):
            batch.alter_column(column, existing_type=sa.Integer(), server_default=None)
        batch.create_check_constraint("fee_basis_known", _known("fee_basis", BASES))
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("fee_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("fee_pages", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("fee_copies", sa.Integer(), nullable=True))
    dossiers = sa.table("dossier", sa.column("id", sa.Uuid()), sa.column("fee_vnd"),
                        sa.column("fee_note"), sa.column("fee_text"))  # fmt: skip
    rows = bind.execute(sa.select(dossiers.c.id, dossiers.c.fee_vnd, dossiers.c.fee_note)).all()
    for row in rows:
        bind.execute(
            dossiers.update()
            .where(dossiers.c.id == row.id)
            .values(fee_text=_fee_text(row.fee_vnd, row.fee_note))
        )
    with op.batch_alter_table("dossier") as batch:
        batch.alter_column("fee_text", existing_type=sa.Text(), nullable=False)
    _official_calendar()
    _upgrade_outbox(bind)


def _office_identity(bind: sa.Connection) -> None:
    op.create_table(
        "office_identity",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("agency_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("reception_unit", sa.String(length=255), nullable=False),
        sa.Column("place", sa.String(length=255), nullable=False),
        sa.Column("recorded_at", UTC_TYPE, nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_office_identity_office_id_office")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_identity")),
        sa.UniqueConstraint(
            "office_id", "valid_from", name=op.f("uq_office_identity_office_id_valid_from")
        ),
    )
    op.create_index(
        op.f("ix_office_identity_office_id"), "office_identity", ["office_id"], unique=False
    )
    op.create_index(
        op.f("ix_office_identity_agency_id"), "office_identity", ["agency_id"], unique=False
    )
    offices = sa.table(
        "office",
        sa.column("id", sa.Uuid()),
        sa.column("agency_id"),
        sa.column("name"),
        sa.column("reception_unit"),
        sa.column("place"),
        sa.column("created_at", UTC_TYPE),
    )
    identities = sa.table(
        "office_identity",
        sa.column("id", sa.Uuid()),
        sa.column("office_id", sa.Uuid()),
        sa.column("valid_from", sa.Date()),
        sa.column("agency_id"),
        sa.column("name"),
        sa.column("reception_unit"),
        sa.column("place"),
        sa.column("recorded_at", UTC_TYPE),
    )
    for office in bind.execute(sa.select(offices)).mappings().all():
        bind.execute(
            identities.insert().values(
                id=desk_app.store.types.new_id(),
                office_id=office["id"],
                valid_from=(office["created_at"] + OFFICE_OFFSET).date(),
                agency_id=office["agency_id"],
                name=office["name"],
                reception_unit=office["reception_unit"],
                place=office["place"],
                recorded_at=office["created_at"],
            )
        )
    with op.batch_alter_table("office") as batch:
        batch.drop_constraint("uq_office_agency_id", type_="unique")
        for column in ("place", "reception_unit", "name", "agency_id"):
            batch.drop_column(column)


def _official_calendar() -> None:
    op.create_table(
        "official_calendar_year",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("imported_at", UTC_TYPE, nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_official_calendar_year")),
    )
    op.create_table(
        "official_calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("is_working", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["year"],
            ["official_calendar_year.year"],
            name=op.f("fk_official_calendar_day_year_official_calendar_year"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_official_calendar_day")),
    )
    op.create_index(
        op.f("ix_official_calendar_day_year"), "official_calendar_day", ["year"], unique=False
    )


def _fee_text(fee_vnd: int | None, fee_note: str) -> str:
    """What core.fees.fee_text gave on the day of this migration, without a rule.

    The first releases stored the catalogue's amount, not the amount due: with a note beside
    it (per page, exemptions) it was a rate, so the receipt says "Theo quy định" rather than
    state a rate as the amount the citizen owes."""
    if fee_vnd is None or fee_note.strip():
        return "Theo quy định"
    if fee_vnd == 0:
        return "Miễn lệ phí"
    return f"{fee_vnd:,} đồng".replace(",", ".")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _upgrade_outbox(bind: sa.Connection) -> None:
    outbox = sa.table(
        "outbox_event",
        sa.column("id", sa.Uuid()),
        sa.column("kind"),
        sa.column("schema_version"),
        sa.column("payload"),
    )
    for event in bind.execute(sa.select(outbox)).mappings().all():
        payload = json.loads(event["payload"])
        match event["kind"], event["schema_version"]:
            case "dossier.received", 2:
                version = 3
                for component in payload["components"]:
                    component["kind"] = "submitted"
                payload["fee_text"] = _fee_text(payload["fee_vnd"], payload["fee_note"])
                payload["fee_pages"] = None
                payload["fee_copies"] = None
            case "office.rules_changed", 1:
                version = 2
                payload["counting_method"] = "working_hours"
            case _:
                continue
        bind.execute(
            outbox.update()
            .where(outbox.c.id == event["id"])
            .values(schema_version=version, payload=_canonical(payload))
        )


def downgrade() -> None:
    """The schema of 0002 again, for developers going back a release. Refused while the outbox
    holds events (0002 could not send the new versions); each office keeps its latest
    identity."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT COUNT(*) FROM outbox_event")).scalar():
        raise RuntimeError("outbox_event holds events: 0002 cannot take them back; not downgraded")
    op.drop_index(op.f("ix_official_calendar_day_year"), table_name="official_calendar_day")
    op.drop_table("official_calendar_day")
    op.drop_table("official_calendar_year")
    with op.batch_alter_table("dossier") as batch:
        for column in ("fee_copies", "fee_pages", "fee_text"):
            batch.drop_column(column)
    with op.batch_alter_table("procedure") as batch:
        batch.drop_constraint(batch.f("ck_procedure_fee_basis_known"), type_="check")
        for column in ("fee_cap_vnd", "fee_later_vnd", "fee_later_from_page", "fee_basis"):
            batch.drop_column(column)
    for table in ("dossier_component", "procedure_component"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(batch.f(f"ck_{table}_kind_known"), type_="check")
            batch.drop_column("kind")
    with op.batch_alter_table("office_rules") as batch:
        batch.drop_constraint(batch.f("ck_office_rules_counting_method_known"), type_="check")
        batch.drop_column("counting_method")
    with op.batch_alter_table("office") as batch:
        for column, kind in (
            ("agency_id", sa.String(length=64)),
            ("name", sa.String(length=255)),
            ("reception_unit", sa.String(length=255)),
            ("place", sa.String(length=255)),
        ):
            batch.add_column(sa.Column(column, kind, nullable=True))
    bind.execute(
        sa.text(
            "UPDATE office SET "
            + ", ".join(
                f"{column} = (SELECT {column} FROM office_identity AS i "
                "WHERE i.office_id = office.id ORDER BY valid_from DESC LIMIT 1)"
                for column in ("agency_id", "name", "reception_unit", "place")
            )
        )
    )
    with op.batch_alter_table("office") as batch:
        for column, kind in (
            ("agency_id", sa.String(length=64)),
            ("name", sa.String(length=255)),
            ("reception_unit", sa.String(length=255)),
            ("place", sa.String(length=255)),
        ):
            batch.alter_column(column, existing_type=kind, nullable=False)
        batch.create_unique_constraint(batch.f("uq_office_agency_id"), ["agency_id"])
    op.drop_index(op.f("ix_office_identity_agency_id"), table_name="office_identity")
    op.drop_index(op.f("ix_office_identity_office_id"), table_name="office_identity")
    op.drop_table("office_identity")
