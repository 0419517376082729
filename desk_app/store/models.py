"""Tables of a workstation's database (SQLAlchemy 2 typed declarative mapping).

Every row has a UUIDv7 key; human codes (dossier code, username, procedure code) are separate
unique columns. Dossier applicant data and the procedure's name are copied onto the dossier at
intake, so a later catalogue change never rewrites what the citizen's receipt says.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from desk_app.store.types import UTCDateTime, new_id

# Named constraints, so Alembic batch mode can find them again on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UuidPk = Annotated[uuid.UUID, mapped_column(Uuid, primary_key=True, default=new_id)]
Utc = Annotated[datetime, mapped_column(UTCDateTime)]
Name = Annotated[str, mapped_column(String(255))]
ShortText = Annotated[str, mapped_column(String(64))]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {uuid.UUID: Uuid, datetime: UTCDateTime, str: Text}  # noqa: RUF012


class Office(Base):
    """The ward's reception unit. Its agency identifier is the prefix of every dossier code."""

    __tablename__ = "office"
    id: Mapped[UuidPk]
    agency_id: Mapped[ShortText] = mapped_column(unique=True)
    name: Mapped[Name]  # as written in a sentence: "UBND phường Thanh Xuân Trung"
    reception_unit: Mapped[Name]  # "Bộ phận tiếp nhận và trả kết quả"; forms print capitals
    place: Mapped[Name]  # the place name on forms' date line
    created_at: Mapped[Utc]


class Workstation(Base):
    """A counter PC; its number owns a block of the daily serial space (core.codes)."""

    __tablename__ = "workstation"
    __table_args__ = (
        UniqueConstraint("office_id", "number"),
        CheckConstraint("number BETWEEN 1 AND 9", name="number_range"),
    )
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    number: Mapped[int]
    name: Mapped[Name]
    created_at: Mapped[Utc]


class LocalIdentity(Base):
    """Exactly one row: which office and workstation this database file belongs to."""

    __tablename__ = "local_identity"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"),)
    singleton: Mapped[int] = mapped_column(primary_key=True, default=1)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    workstation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workstation.id"))


class Officer(Base):
    __tablename__ = "officer"
    __table_args__ = (
        CheckConstraint("role IN ('officer', 'supervisor', 'admin')", name="role_known"),
    )
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    username: Mapped[ShortText] = mapped_column(unique=True)
    full_name: Mapped[Name]
    role: Mapped[ShortText]
    password_hash: Mapped[str]  # argon2id, encoded with its parameters
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[Utc]


class CalendarOverride(Base):
    """An office's own exception to the national calendar: an extra closure or working day."""

    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("office_id", "day"),)
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    day: Mapped[date]
    is_working: Mapped[bool]
    reason: Mapped[Name]


class Procedure(Base):
    """One administrative procedure of the catalogue (reference §7)."""

    __tablename__ = "procedure"
    id: Mapped[UuidPk]
    code: Mapped[ShortText] = mapped_column(unique=True)  # national code, e.g. 2.000908
    code_verified: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str]
    name_folded: Mapped[str]  # search key, see core.text.fold
    field: Mapped[Name]
    field_code: Mapped[ShortText] = mapped_column(default="")
    legal_basis: Mapped[str]
    duration_value: Mapped[int]
    duration_unit: Mapped[ShortText]  # core.deadlines.DurationUnit
    duration_note: Mapped[str] = mapped_column(default="")
    fee_vnd: Mapped[int | None]  # đồng; None = set by the province
    fee_note: Mapped[str] = mapped_column(default="")
    result_name: Mapped[str] = mapped_column(default="")
    effective_from: Mapped[date | None]
    effective_to: Mapped[date | None]
    source: Mapped[str] = mapped_column(default="")
    updated_at: Mapped[Utc]
    components: Mapped[list[ProcedureComponent]] = relationship(
        back_populates="procedure",
        order_by="ProcedureComponent.position",
        cascade="all, delete-orphan",
    )


class ProcedureComponent(Base):
    __tablename__ = "procedure_component"
    __table_args__ = (UniqueConstraint("procedure_id", "position"),)
    id: Mapped[UuidPk]
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str]
    original_count: Mapped[int]
    copy_count: Mapped[int]
    required: Mapped[bool]
    note: Mapped[str] = mapped_column(default="")
    procedure: Mapped[Procedure] = relationship(back_populates="components")


class Dossier(Base):
    """A received dossier. ``code`` is printed on the citizen's receipt and is never reused."""

    __tablename__ = "dossier"
    __table_args__ = (
        UniqueConstraint("workstation_id", "register_book", "register_line"),
        CheckConstraint("channel IN ('counter', 'online', 'postal')", name="channel_known"),
        Index("ix_dossier_received_at", "received_at"),
        Index("ix_dossier_state_due_at", "state", "due_at"),
    )
    id: Mapped[UuidPk]
    code: Mapped[ShortText] = mapped_column(unique=True)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    workstation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workstation.id"))
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"))
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure.id"))
    procedure_code: Mapped[ShortText]
    procedure_name: Mapped[str]
    rule_set: Mapped[ShortText]  # core.rules.RuleSet at receipt
    applicant_name: Mapped[Name]
    applicant_name_folded: Mapped[Name] = mapped_column(index=True)
    applicant_id_number: Mapped[ShortText] = mapped_column(default="", index=True)
    applicant_phone: Mapped[ShortText] = mapped_column(default="")
    applicant_email: Mapped[Name] = mapped_column(default="")
    applicant_address: Mapped[str] = mapped_column(default="")
    representative: Mapped[str] = mapped_column(default="")
    channel: Mapped[ShortText]
    return_method: Mapped[ShortText] = mapped_column(default="counter")
    sets_count: Mapped[int] = mapped_column(default=1)
    fee_vnd: Mapped[int | None]
    fee_note: Mapped[str] = mapped_column(default="")  # exemptions, per-page rules
    received_at: Mapped[Utc]
    counting_from: Mapped[Utc]
    original_due_at: Mapped[Utc]
    due_at: Mapped[Utc]
    duration_value: Mapped[int]
    duration_unit: Mapped[ShortText]
    state: Mapped[ShortText]  # core.lifecycle.DossierState
    register_book: Mapped[ShortText]
    register_line: Mapped[int]
    receipt_prints: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[Utc]
    components: Mapped[list[DossierComponent]] = relationship(
        order_by="DossierComponent.position", cascade="all, delete-orphan"
    )
    transitions: Mapped[list[DossierTransition]] = relationship(
        order_by="DossierTransition.at", cascade="all, delete-orphan"
    )


class DossierComponent(Base):
    __tablename__ = "dossier_component"
    __table_args__ = (UniqueConstraint("dossier_id", "position"),)
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str]
    original_count: Mapped[int]
    copy_count: Mapped[int]
    required: Mapped[bool]
    received: Mapped[bool]


class DossierTransition(Base):
    """One state change; rows are only ever added, so the history is complete."""

    __tablename__ = "dossier_transition"
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[ShortText]
    from_state: Mapped[ShortText | None]
    to_state: Mapped[ShortText]
    at: Mapped[Utc]
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"))
    reason: Mapped[str] = mapped_column(default="")


class SerialCounter(Base):
    """The last daily serial a workstation issued; bumped in the intake transaction."""

    __tablename__ = "serial_counter"
    workstation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workstation.id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    last_serial: Mapped[int]


class RegisterCounter(Base):
    """The last line used in a register book (Sổ theo dõi hồ sơ) of this workstation."""

    __tablename__ = "register_counter"
    workstation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workstation.id"), primary_key=True
    )
    book: Mapped[ShortText] = mapped_column(primary_key=True)
    last_line: Mapped[int]


class AuditEntry(Base):
    """Append-only, hash-chained log: hash = SHA-256(canonical entry + previous hash)."""

    __tablename__ = "audit_entry"
    id: Mapped[UuidPk]
    seq: Mapped[int] = mapped_column(unique=True)
    workstation_id: Mapped[uuid.UUID | None]
    at: Mapped[Utc]
    actor: Mapped[ShortText]  # officer username, or "system"
    action: Mapped[ShortText]
    entity: Mapped[ShortText]
    entity_id: Mapped[ShortText]
    payload: Mapped[str]  # canonical JSON
    prev_hash: Mapped[ShortText]
    hash: Mapped[ShortText] = mapped_column(unique=True)


class OutboxEvent(Base):
    """An event for the district server, written in the same transaction as its change."""

    __tablename__ = "outbox_event"
    id: Mapped[UuidPk]  # the event's identity and idempotency key, made when the action happens
    seq: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[ShortText]
    schema_version: Mapped[int]
    aggregate_id: Mapped[uuid.UUID]
    payload: Mapped[str]  # JSON
    created_at: Mapped[Utc]
    acked_at: Mapped[Utc | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(default="")
