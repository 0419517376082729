"""Many offices and typed events: scoped uniqueness, checked enums, office rules, transition
details, dossier snapshots, outbox envelopes

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01

Waiting outbox events are moved forward, never dropped (sync-and-reliability.md, "Schema
changes with events waiting"): every ``dossier.received`` event of the first release carried
the display record (version 1); it is rewritten here into version 2 of
`desk_app.sync.events.DossierReceived`, built from the stored dossier, and given the envelope
columns (office, workstation, the audit entry's sequence and hash). Audit entries are not
touched: their hashes vouch for what they said then.

The conversion code is frozen here on purpose: a migration must keep doing what it did even
when the application's models move on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)
STATES = ("received", "in_progress", "supplement_requested", "result_ready", "returned",
          "refused", "stopped")  # fmt: skip
ACTIONS = ("receive", "transfer", "request_supplement", "resume", "refuse", "apologise", "stop",
           "record_result", "return")  # fmt: skip
UNITS = ("working_days", "calendar_days", "working_hours", "same_day")
HOURS = ("morning_start", "morning_end", "afternoon_start", "afternoon_end", "same_day_cutoff")
DOSSIER_FIELDS = (
    "code", "procedure_code", "procedure_name", "duration_value", "duration_unit", "rule_set",
    "applicant_name", "applicant_id_number", "applicant_phone", "applicant_email",
    "applicant_address", "representative", "channel", "return_method", "sets_count", "fee_vnd",
    "fee_note", "register_book", "register_line", "state",
)  # fmt: skip


def _known(column: str, values: Sequence[str], *, nullable: bool = False) -> str:
    condition = f"{column} IN ({', '.join(repr(v) for v in values)})"
    return f"{column} IS NULL OR {condition}" if nullable else condition


def upgrade() -> None:
    bind = op.get_bind()
    now = datetime.now(UTC)

    op.create_table(
        "office_rules",
        sa.Column("office_id", sa.Uuid(), nullable=False),
        sa.Column("morning_start", sa.Time(), nullable=False),
        sa.Column("morning_end", sa.Time(), nullable=False),
        sa.Column("afternoon_start", sa.Time(), nullable=False),
        sa.Column("afternoon_end", sa.Time(), nullable=False),
        sa.Column("same_day_cutoff", sa.Time(), nullable=False),
        sa.Column("forms_2025_from", sa.Date(), nullable=False),
        sa.Column("system_name", sa.String(length=255), nullable=False),
        sa.Column("lookup_url", sa.Text(), nullable=False),
        sa.Column("updated_at", UTC_TYPE, nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["office.id"], name=op.f("fk_office_rules_office_id_office")
        ),
        sa.PrimaryKeyConstraint("office_id", name=op.f("pk_office_rules")),
    )
    offices = sa.table("office", sa.column("id", sa.Uuid()))
    rules = sa.table(
        "office_rules",
        *(sa.column(name, sa.Time()) for name in HOURS),
        sa.column("office_id", sa.Uuid()),
        sa.column("forms_2025_from", sa.Date()),
        sa.column("system_name"),
        sa.column("lookup_url"),
        sa.column("updated_at", UTC_TYPE),
    )
    for (office_id,) in bind.execute(sa.select(offices.c.id)):
        # The first release's defaults; a settings file that changed them is migrated when
        # the workstation opens (services.office_rules).
        bind.execute(
            rules.insert().values(
                office_id=office_id,
                morning_start=time(7, 30),
                morning_end=time(11, 30),
                afternoon_start=time(13, 0),
                afternoon_end=time(17, 0),
                same_day_cutoff=time(15, 0),
                forms_2025_from=date(2025, 9, 15),
                system_name="desk-app",
                lookup_url="",
                updated_at=now,
            )
        )

    op.create_table(
        "sync_state",
        sa.Column("singleton", sa.Integer(), nullable=False),
        sa.Column("pull_cursor", sa.Integer(), nullable=False),
        sa.Column("last_success_at", UTC_TYPE, nullable=True),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.CheckConstraint("singleton = 1", name=op.f("ck_sync_state_singleton")),
        sa.PrimaryKeyConstraint("singleton", name=op.f("pk_sync_state")),
    )

    with op.batch_alter_table("officer") as batch:
        batch.drop_constraint("uq_officer_username", type_="unique")
        batch.create_unique_constraint(
            batch.f("uq_officer_office_id_username"), ["office_id", "username"]
        )

    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint("uq_audit_entry_seq", type_="unique")
        batch.create_unique_constraint(
            batch.f("uq_audit_entry_workstation_id_seq"), ["workstation_id", "seq"]
        )
    _refuse_audit_changes(bind)

    with op.batch_alter_table("procedure") as batch:
        batch.create_check_constraint("duration_unit_known", _known("duration_unit", UNITS))

    _upgrade_dossier(bind, now)
    _upgrade_transitions(bind)
    _upgrade_outbox(bind)


def _refuse_audit_changes(bind: sa.Connection) -> None:
    """SQLite's batch mode rebuilt audit_entry and its triggers went with the old table: the log
    stays append-only only if they are made again (PostgreSQL altered the table in place)."""
    if bind.dialect.name != "sqlite":
        return
    for verb in ("UPDATE", "DELETE"):
        op.execute(f"DROP TRIGGER IF EXISTS audit_entry_no_{verb.lower()}")
        op.execute(
            f"CREATE TRIGGER audit_entry_no_{verb.lower()} BEFORE {verb} ON audit_entry "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END"
        )


def _upgrade_dossier(bind: sa.Connection, now: datetime) -> None:
    with op.batch_alter_table("dossier") as batch:
        batch.add_column(sa.Column("officer_name", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("resolved_at", UTC_TYPE, nullable=True))
        batch.add_column(sa.Column("returned_at", UTC_TYPE, nullable=True))
        batch.add_column(sa.Column("updated_at", UTC_TYPE, nullable=True))
    bind.execute(
        sa.text(
            "UPDATE dossier SET updated_at = created_at, officer_name = "
            "(SELECT full_name FROM officer WHERE officer.id = dossier.officer_id)"
        )
    )
    with op.batch_alter_table("dossier") as batch:
        batch.alter_column("officer_name", existing_type=sa.String(length=255), nullable=False)
        batch.alter_column("updated_at", existing_type=UTC_TYPE, nullable=False)
        for column in ("officer_id", "procedure_id", "workstation_id"):
            batch.alter_column(column, existing_type=sa.Uuid(), nullable=True)
        for column in ("resolved_at", "returned_at", "updated_at"):
            batch.create_index(batch.f(f"ix_dossier_{column}"), [column], unique=False)
        batch.create_check_constraint(
            "return_method_known", _known("return_method", ("counter", "post"))
        )
        batch.create_check_constraint("state_known", _known("state", STATES))
        batch.create_check_constraint("duration_unit_known", _known("duration_unit", UNITS))
        batch.create_check_constraint("rule_set_known", _known("rule_set", ("2018", "2025")))


def _upgrade_transitions(bind: sa.Connection) -> None:
    with op.batch_alter_table("dossier_transition") as batch:
        batch.add_column(sa.Column("seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("officer_name", sa.String(length=255), nullable=True))
        batch.add_column(sa.Column("workstation_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("event_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("new_due_at", UTC_TYPE, nullable=True))
        batch.add_column(sa.Column("handling_unit", sa.Text(), nullable=True))
        batch.add_column(sa.Column("paused_from", UTC_TYPE, nullable=True))
        batch.add_column(sa.Column("paused_until", UTC_TYPE, nullable=True))
        batch.add_column(sa.Column("result_summary", sa.Text(), nullable=True))
    # Each dossier's acts numbered in the order they happened (the first release made one).
    bind.execute(
        sa.text(
            "UPDATE dossier_transition SET handling_unit = '', result_summary = '', "
            "officer_name = COALESCE((SELECT full_name FROM officer "
            "  WHERE officer.id = dossier_transition.officer_id), ''), "
            "workstation_id = (SELECT workstation_id FROM dossier "
            "  WHERE dossier.id = dossier_transition.dossier_id), "
            "seq = (SELECT COUNT(*) FROM dossier_transition AS earlier "
            "  WHERE earlier.dossier_id = dossier_transition.dossier_id "
            "  AND (earlier.at < dossier_transition.at OR (earlier.at = dossier_transition.at "
            "  AND earlier.id <= dossier_transition.id)))"
        )
    )
    with op.batch_alter_table("dossier_transition") as batch:
        batch.alter_column("seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("officer_name", existing_type=sa.String(length=255), nullable=False)
        batch.alter_column("handling_unit", existing_type=sa.Text(), nullable=False)
        batch.alter_column("result_summary", existing_type=sa.Text(), nullable=False)
        batch.alter_column("officer_id", existing_type=sa.Uuid(), nullable=True)
        batch.create_foreign_key(
            batch.f("fk_dossier_transition_workstation_id_workstation"),
            "workstation",
            ["workstation_id"],
            ["id"],
        )
        batch.create_unique_constraint(
            batch.f("uq_dossier_transition_dossier_id_seq"), ["dossier_id", "seq"]
        )
        batch.create_unique_constraint(batch.f("uq_dossier_transition_event_id"), ["event_id"])
        batch.create_check_constraint("action_known", _known("action", ACTIONS))
        batch.create_check_constraint(
            "from_state_known", _known("from_state", STATES, nullable=True)
        )
        batch.create_check_constraint("to_state_known", _known("to_state", STATES))


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _received_v2(bind: sa.Connection, dossier_id: Any) -> dict[str, Any]:
    """Version 2 of dossier.received for a stored dossier (the shape of that version)."""
    d = sa.table(
        "dossier",
        *(sa.column(name) for name in DOSSIER_FIELDS),
        sa.column("id", sa.Uuid()),
        *(sa.column(c, UTC_TYPE) for c in ("received_at", "counting_from", "due_at")),
    )
    c = sa.table(
        "dossier_component",
        *(sa.column(n) for n in ("position", "name", "original_count", "copy_count")),
        sa.column("required", sa.Boolean()),
        sa.column("received", sa.Boolean()),
        sa.column("dossier_id", sa.Uuid()),
    )
    row = bind.execute(sa.select(d).where(d.c.id == dossier_id)).mappings().one()
    parts = bind.execute(
        sa.select(c).where(c.c.dossier_id == dossier_id).order_by(c.c.position)
    ).mappings()
    return {
        "dossier_id": str(dossier_id),
        "code": row["code"],
        "procedure": {
            "code": row["procedure_code"],
            "name": row["procedure_name"],
            "duration_value": row["duration_value"],
            "duration_unit": row["duration_unit"],
        },
        "rule_set": row["rule_set"],
        "applicant": {
            "name": row["applicant_name"],
            "id_number": row["applicant_id_number"],
            "phone": row["applicant_phone"],
            "email": row["applicant_email"],
            "address": row["applicant_address"],
            "representative": row["representative"],
        },
        "channel": row["channel"],
        "return_method": row["return_method"],
        "sets_count": row["sets_count"],
        "components": [
            {
                "position": p["position"],
                "name": p["name"],
                "original_count": p["original_count"],
                "copy_count": p["copy_count"],
                "required": bool(p["required"]),
                "received": bool(p["received"]),
            }
            for p in parts
        ],
        "fee_vnd": row["fee_vnd"],
        "fee_note": row["fee_note"],
        "received_at": _utc_text(row["received_at"]),
        "counting_from": _utc_text(row["counting_from"]),
        "due_at": _utc_text(row["due_at"]),
        "register_book": row["register_book"],
        "register_line": row["register_line"],
        "state": row["state"],
    }


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _upgrade_outbox(bind: sa.Connection) -> None:
    with op.batch_alter_table("outbox_event") as batch:
        batch.add_column(sa.Column("office_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("workstation_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("audit_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("audit_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("officer_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("officer_username", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("officer_name", sa.String(length=255), nullable=True))
    outbox = sa.table(
        "outbox_event",
        sa.column("id", sa.Uuid()),
        sa.column("kind"),
        sa.column("schema_version"),
        sa.column("aggregate_id", sa.Uuid()),
        sa.column("payload"),
        sa.column("office_id", sa.Uuid()),
        sa.column("workstation_id", sa.Uuid()),
        sa.column("audit_seq"),
        sa.column("audit_hash"),
        sa.column("officer_id", sa.Uuid()),
        sa.column("officer_username"),
        sa.column("officer_name"),
    )
    officers = sa.table(
        "officer",
        sa.column("id", sa.Uuid()),
        sa.column("username"),
        sa.column("full_name"),
    )
    dossiers = sa.table("dossier", sa.column("id", sa.Uuid()), sa.column("officer_id", sa.Uuid()))
    audit = sa.table(
        "audit_entry",
        sa.column("seq"),
        sa.column("hash"),
        sa.column("action"),
        sa.column("entity_id"),
    )
    identity = sa.table(
        "local_identity", sa.column("office_id", sa.Uuid()), sa.column("workstation_id", sa.Uuid())
    )
    local = bind.execute(sa.select(identity)).first()
    transition = sa.table(
        "dossier_transition",
        sa.column("event_id", sa.Uuid()),
        sa.column("dossier_id", sa.Uuid()),
        sa.column("seq"),
    )
    for event in bind.execute(sa.select(outbox)).mappings().all():
        if event["kind"] != "dossier.received" or event["schema_version"] != 1 or local is None:
            raise RuntimeError(f"outbox event {event['id']} has no known upgrade")  # none exist
        code = json.loads(event["payload"])["code"]
        vouching = bind.execute(
            sa.select(audit.c.seq, audit.c.hash).where(
                audit.c.action == "dossier.receive", audit.c.entity_id == code
            )
        ).one()
        receiver = bind.execute(
            sa.select(officers.c.id, officers.c.username, officers.c.full_name)
            .join(dossiers, dossiers.c.officer_id == officers.c.id)
            .where(dossiers.c.id == event["aggregate_id"])
        ).one()
        bind.execute(
            outbox.update()
            .where(outbox.c.id == event["id"])
            .values(
                schema_version=2,
                payload=_canonical(_received_v2(bind, event["aggregate_id"])),
                office_id=local.office_id,
                workstation_id=local.workstation_id,
                audit_seq=vouching.seq,
                audit_hash=vouching.hash,
                officer_id=receiver.id,
                officer_username=receiver.username,
                officer_name=receiver.full_name,
            )
        )
        bind.execute(
            transition.update()
            .where(transition.c.dossier_id == event["aggregate_id"], transition.c.seq == 1)
            .values(event_id=event["id"])
        )
    bind.execute(
        sa.text(
            "UPDATE outbox_event SET officer_username = COALESCE(officer_username, ''), "
            "officer_name = COALESCE(officer_name, '')"
        )
    )
    with op.batch_alter_table("outbox_event") as batch:
        for column, kind in (
            ("office_id", sa.Uuid()),
            ("workstation_id", sa.Uuid()),
            ("audit_seq", sa.Integer()),
            ("audit_hash", sa.String(length=64)),
            ("officer_username", sa.String(length=64)),
            ("officer_name", sa.String(length=255)),
        ):
            batch.alter_column(column, existing_type=kind, nullable=False)


def downgrade() -> None:
    """The schema of 0001 again, for developers going back a release. Refused while the outbox
    holds events, or while any dossier or act lacks the officer, workstation or procedure 0001
    requires; the office rules are dropped (0001 read its rules from settings.toml)."""
    if op.get_bind().execute(sa.text("SELECT COUNT(*) FROM outbox_event")).scalar():
        # 0001 could neither send version-2 events nor rebuild their envelopes again.
        raise RuntimeError("outbox_event holds events: 0001 cannot take them back; not downgraded")
    with op.batch_alter_table("outbox_event") as batch:
        for column in (
            "officer_name", "officer_username", "officer_id",
            "audit_hash", "audit_seq", "workstation_id", "office_id",
        ):  # fmt: skip
            batch.drop_column(column)
    with op.batch_alter_table("dossier_transition") as batch:
        for name in ("to_state_known", "from_state_known", "action_known"):
            batch.drop_constraint(batch.f(f"ck_dossier_transition_{name}"), type_="check")
        batch.drop_constraint(batch.f("uq_dossier_transition_event_id"), type_="unique")
        batch.drop_constraint(batch.f("uq_dossier_transition_dossier_id_seq"), type_="unique")
        batch.drop_constraint(
            batch.f("fk_dossier_transition_workstation_id_workstation"), type_="foreignkey"
        )
        for column in (
            "result_summary", "paused_until", "paused_from", "handling_unit", "new_due_at",
            "event_id", "workstation_id", "officer_name", "seq",
        ):  # fmt: skip
            batch.drop_column(column)
        batch.alter_column("officer_id", existing_type=sa.Uuid(), nullable=False)
    with op.batch_alter_table("dossier") as batch:
        for name in ("rule_set_known", "duration_unit_known", "state_known", "return_method_known"):
            batch.drop_constraint(batch.f(f"ck_dossier_{name}"), type_="check")
        for column in ("updated_at", "returned_at", "resolved_at"):
            batch.drop_index(batch.f(f"ix_dossier_{column}"))
        for column in ("updated_at", "returned_at", "resolved_at", "officer_name"):
            batch.drop_column(column)
        for column in ("officer_id", "procedure_id", "workstation_id"):
            batch.alter_column(column, existing_type=sa.Uuid(), nullable=False)
    with op.batch_alter_table("procedure") as batch:
        batch.drop_constraint(batch.f("ck_procedure_duration_unit_known"), type_="check")
    with op.batch_alter_table("audit_entry") as batch:
        batch.drop_constraint(batch.f("uq_audit_entry_workstation_id_seq"), type_="unique")
        batch.create_unique_constraint(batch.f("uq_audit_entry_seq"), ["seq"])
    _refuse_audit_changes(op.get_bind())
    with op.batch_alter_table("officer") as batch:
        batch.drop_constraint(batch.f("uq_officer_office_id_username"), type_="unique")
        batch.create_unique_constraint(batch.f("uq_officer_username"), ["username"])
    op.drop_table("sync_state")
    op.drop_table("office_rules")
