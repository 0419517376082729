"""Shared domain tables: what a workstation, an office hub and the district server all hold.

Every row has a UUIDv7 key; human codes (dossier code, username, procedure code) are separate
columns, unique within their scope (an office for usernames, a workstation for audit sequences
and register lines) so the server can hold many offices. A dossier keeps snapshots of its
applicant, officer and procedure, so a later catalogue change never rewrites what the citizen's
receipt says, and a dossier pulled from elsewhere needs no local officer or procedure row.
Workstation-only tables are in `desk_app.store.local`.
"""

from __future__ import annotations

import uuid
from datetime import date, time

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from desk_app.core.codes import new_lookup_key
from desk_app.core.deadlines import DurationUnit
from desk_app.core.dossier import Channel, ComponentKind, ReturnMethod
from desk_app.core.fees import FeeBasis
from desk_app.core.lifecycle import Action, DossierState
from desk_app.core.queue import AreaKind, PriorityKind, TicketSource, TicketState
from desk_app.core.roles import Role
from desk_app.core.rules import CountingMethod, RuleSet
from desk_app.store.base import Base, Name, ShortText, Utc, UuidPk
from desk_app.store.types import check_known


class Office(Base):
    """A ward's reception unit. Its names and agency identifier change over time (wards were
    merged and renamed on 1 July 2025), so they live in `OfficeIdentity`, one row per period."""

    __tablename__ = "office"
    id: Mapped[UuidPk]
    created_at: Mapped[Utc]
    identities: Mapped[list[OfficeIdentity]] = relationship(
        order_by="OfficeIdentity.valid_from", cascade="all, delete-orphan"
    )


class OfficeIdentity(Base):
    """The office's identity from ``valid_from`` on (`core.office.OfficeIdentity`): rows are
    only added, so every form can print the identity in force on its dossier's receipt date."""

    __tablename__ = "office_identity"
    __table_args__ = (UniqueConstraint("office_id", "valid_from"),)
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"), index=True)
    valid_from: Mapped[date]
    agency_id: Mapped[ShortText] = mapped_column(index=True)  # prefix of the dossier codes
    name: Mapped[Name]  # as written in a sentence: "UBND phường Thanh Xuân"
    reception_unit: Mapped[Name]  # "Trung tâm Phục vụ hành chính công phường Thanh Xuân"
    place: Mapped[Name]  # the place name on forms' date line
    recorded_at: Mapped[Utc]


class OfficeRules(Base):
    """The office-wide rules of `core.rules.OfficeRules`: the same on every workstation."""

    __tablename__ = "office_rules"
    __table_args__ = (check_known("counting_method", CountingMethod),)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"), primary_key=True)
    morning_start: Mapped[time] = mapped_column(Time)
    morning_end: Mapped[time] = mapped_column(Time)
    afternoon_start: Mapped[time] = mapped_column(Time)
    afternoon_end: Mapped[time] = mapped_column(Time)
    same_day_cutoff: Mapped[time] = mapped_column(Time)
    forms_2025_from: Mapped[date]
    system_name: Mapped[Name]
    lookup_url: Mapped[str]
    counting_method: Mapped[CountingMethod] = mapped_column(default=CountingMethod.WORKING_HOURS)
    # The work list's "due soon" horizon, in working days (issue 10).
    due_soon_days: Mapped[int] = mapped_column(default=2)
    updated_at: Mapped[Utc]


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


class Officer(Base):
    __tablename__ = "officer"
    __table_args__ = (UniqueConstraint("office_id", "username"), check_known("role", Role))
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    username: Mapped[ShortText]
    full_name: Mapped[Name]
    role: Mapped[Role]
    password_hash: Mapped[str]  # argon2id, encoded with its parameters
    active: Mapped[bool] = mapped_column(default=True)
    # Failed logins in a row, and until when the account is locked after too many (issue 8).
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[Utc | None]
    created_at: Mapped[Utc]
    # HMAC of who the account is and what it may do (services.officer_seal), under the
    # workstation's audit key: a role or password hash changed with another tool is named by
    # `audit verify`. None on the server, which holds no workstation's key.
    row_mac: Mapped[str | None] = mapped_column(String(64))


class CalendarOverride(Base):
    """An office's own exception to the national calendar: an extra closure or working day."""

    __tablename__ = "calendar_override"
    __table_args__ = (UniqueConstraint("office_id", "day"),)
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    day: Mapped[date]
    is_working: Mapped[bool]
    reason: Mapped[Name]


class OfficialCalendarYear(Base):
    """A year's official days off and make-up working days, imported after the bundled table
    (the district server's updates): national, not per office."""

    __tablename__ = "official_calendar_year"
    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    source: Mapped[str]  # the notices that decided the year
    imported_at: Mapped[Utc]
    days: Mapped[list[OfficialCalendarDay]] = relationship(
        order_by="OfficialCalendarDay.day", cascade="all, delete-orphan"
    )


class OfficialCalendarDay(Base):
    """One exception to "weekdays open, weekends closed" in an official year."""

    __tablename__ = "official_calendar_day"
    day: Mapped[date] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(
        ForeignKey("official_calendar_year.year", ondelete="CASCADE"), index=True
    )
    is_working: Mapped[bool]  # True: a make-up working day on a weekend
    name: Mapped[Name]
    source: Mapped[str] = mapped_column(default="")


class Procedure(Base):
    """One administrative procedure of the catalogue (reference §7)."""

    __tablename__ = "procedure"
    __table_args__ = (
        check_known("duration_unit", DurationUnit),
        check_known("fee_basis", FeeBasis),
    )
    id: Mapped[UuidPk]
    code: Mapped[ShortText] = mapped_column(unique=True)  # national code, e.g. 2.000908
    code_verified: Mapped[bool] = mapped_column(default=True)
    name: Mapped[str]
    name_folded: Mapped[str]  # search key, see core.text.fold
    field: Mapped[Name]
    field_code: Mapped[ShortText] = mapped_column(default="")
    legal_basis: Mapped[str]
    duration_value: Mapped[int]
    duration_unit: Mapped[DurationUnit]
    duration_note: Mapped[str] = mapped_column(default="")
    # The fee rule of core.fees.FeeRule, in đồng.
    fee_basis: Mapped[FeeBasis] = mapped_column(default=FeeBasis.PROVINCE)
    fee_vnd: Mapped[int | None]  # the amount (fixed, per copy or per page); None if set locally
    fee_later_from_page: Mapped[int] = mapped_column(default=0)
    fee_later_vnd: Mapped[int] = mapped_column(default=0)
    fee_cap_vnd: Mapped[int | None]
    fee_note: Mapped[str] = mapped_column(default="")  # exemptions and sources: never printed
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
    __table_args__ = (
        UniqueConstraint("procedure_id", "position"),
        check_known("kind", ComponentKind),
    )
    id: Mapped[UuidPk]
    procedure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str]
    original_count: Mapped[int]
    copy_count: Mapped[int]
    required: Mapped[bool]
    kind: Mapped[ComponentKind] = mapped_column(default=ComponentKind.SUBMITTED)
    note: Mapped[str] = mapped_column(default="")
    procedure: Mapped[Procedure] = relationship(back_populates="components")


class Dossier(Base):
    """A received dossier. ``code`` is printed on the citizen's receipt and is never reused.

    ``officer_id``, ``procedure_id`` and ``workstation_id`` may be empty on a dossier that came
    from elsewhere (imported, pulled from the server); the snapshots beside them always hold.
    """

    __tablename__ = "dossier"
    __table_args__ = (
        UniqueConstraint("workstation_id", "register_book", "register_line"),
        check_known("channel", Channel),
        check_known("return_method", ReturnMethod),
        check_known("state", DossierState),
        check_known("duration_unit", DurationUnit),
        check_known("rule_set", RuleSet),
        Index("ix_dossier_received_at", "received_at"),
        Index("ix_dossier_state_due_at", "state", "due_at"),
        # The work list counts each bucket of one office from the index alone (migration 0008).
        Index("ix_dossier_office_state_due_at", "office_id", "state", "due_at"),
    )
    id: Mapped[UuidPk]
    code: Mapped[ShortText] = mapped_column(unique=True)
    # The receipt's "Mã tra cứu": with the code, it opens the public lookup (core.codes).
    lookup_key: Mapped[str] = mapped_column(String(16), default=new_lookup_key)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    workstation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workstation.id"))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    officer_name: Mapped[Name]  # the receiving officer, as signed on the receipt
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("procedure.id"))
    procedure_code: Mapped[ShortText]
    procedure_name: Mapped[str]
    rule_set: Mapped[RuleSet]  # the form set, by receipt date
    applicant_name: Mapped[Name]
    applicant_name_folded: Mapped[Name] = mapped_column(index=True)
    applicant_id_number: Mapped[ShortText] = mapped_column(default="", index=True)
    applicant_phone: Mapped[ShortText] = mapped_column(default="")
    applicant_email: Mapped[Name] = mapped_column(default="")
    applicant_address: Mapped[str] = mapped_column(default="")
    representative: Mapped[str] = mapped_column(default="")
    channel: Mapped[Channel]
    return_method: Mapped[ReturnMethod] = mapped_column(default=ReturnMethod.COUNTER)
    sets_count: Mapped[int] = mapped_column(default=1)
    fee_vnd: Mapped[int | None]  # the amount due; None while it is not known
    fee_text: Mapped[str] = mapped_column(default="")  # the receipt's fee line (core.fees)
    fee_pages: Mapped[int | None]  # what a per-page or per-copy fee was computed from
    fee_copies: Mapped[int | None]
    fee_note: Mapped[str] = mapped_column(default="")  # the procedure's note: never printed
    received_at: Mapped[Utc]
    counting_from: Mapped[Utc]
    original_due_at: Mapped[Utc]
    due_at: Mapped[Utc]
    duration_value: Mapped[int]
    duration_unit: Mapped[DurationUnit]
    state: Mapped[DossierState]
    register_book: Mapped[ShortText]
    register_line: Mapped[int]
    receipt_prints: Mapped[int] = mapped_column(default=0)
    resolved_at: Mapped[Utc | None] = mapped_column(index=True)  # result back, refused, stopped
    returned_at: Mapped[Utc | None] = mapped_column(index=True)  # result handed to the citizen
    # Lifecycle facts kept on the dossier so lists never replay its history (issue 10):
    paused_at: Mapped[Utc | None]  # a supplement is awaited since then: the clock stands still
    supplement_requests: Mapped[int] = mapped_column(default=0)
    extensions: Mapped[int] = mapped_column(default=0)  # apologies with a new date (Mẫu 04)
    handling_unit: Mapped[str] = mapped_column(default="")  # who holds it now; "" = the desk
    sent_at: Mapped[Utc | None]  # first handed to a handling unit (the register's column)
    created_at: Mapped[Utc]
    updated_at: Mapped[Utc] = mapped_column(index=True)
    components: Mapped[list[DossierComponent]] = relationship(
        order_by="DossierComponent.position", cascade="all, delete-orphan"
    )
    transitions: Mapped[list[DossierTransition]] = relationship(
        order_by="DossierTransition.seq", cascade="all, delete-orphan"
    )


class DossierComponent(Base):
    __tablename__ = "dossier_component"
    __table_args__ = (
        UniqueConstraint("dossier_id", "position"),
        check_known("kind", ComponentKind),
    )
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("dossier.id", ondelete="CASCADE"))
    position: Mapped[int]
    name: Mapped[str]
    original_count: Mapped[int]
    copy_count: Mapped[int]
    required: Mapped[bool]
    received: Mapped[bool]  # handed in; for a shown paper: shown and checked
    kind: Mapped[ComponentKind] = mapped_column(default=ComponentKind.SUBMITTED)


class DossierTransition(Base):
    """One act on a dossier; rows are only ever added, so the history is complete.

    ``seq`` numbers a dossier's acts in order (1 = receipt). The detail columns hold what the
    act's form prints: the new due date of an apology, the handling unit of a transfer, the
    pause of a supplement request, the result recorded.
    """

    __tablename__ = "dossier_transition"
    __table_args__ = (
        UniqueConstraint("dossier_id", "seq"),
        check_known("action", Action),
        check_known("from_state", DossierState, nullable=True),
        check_known("to_state", DossierState),
    )
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    action: Mapped[Action]
    from_state: Mapped[DossierState | None]
    to_state: Mapped[DossierState]
    at: Mapped[Utc]
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    officer_name: Mapped[Name]
    workstation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workstation.id"))
    event_id: Mapped[uuid.UUID | None] = mapped_column(unique=True)  # the event recording it
    reason: Mapped[str] = mapped_column(default="")
    new_due_at: Mapped[Utc | None]
    handling_unit: Mapped[str] = mapped_column(default="")
    paused_from: Mapped[Utc | None]
    paused_until: Mapped[Utc | None]
    result_summary: Mapped[str] = mapped_column(default="")
    # What the act's form prints beyond the columns above, as a JSON object (keys per action:
    # see services/lifecycle.py); ``approved_by`` names the supervisor an act needed.
    details: Mapped[str] = mapped_column(default="{}")
    approved_by: Mapped[Name] = mapped_column(default="")


class Attachment(Base):
    """A scanned file of a dossier: a component's scan (``component_position``) or the
    result's (None). The bytes are stored once by SHA-256 in the data directory."""

    __tablename__ = "attachment"
    __table_args__ = (UniqueConstraint("dossier_id", "sha256"),)
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    component_position: Mapped[int | None]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    file_name: Mapped[Name]
    media_type: Mapped[ShortText]
    size_bytes: Mapped[int]
    pages: Mapped[int | None]
    added_at: Mapped[Utc]
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    officer_name: Mapped[Name]
    workstation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workstation.id"))


class FolderHandover(Base):
    """The paper folder of a dossier passed from one person to another (issue 10: the
    hand-over log); a batch handed over together shares ``batch_id``."""

    __tablename__ = "folder_handover"
    __table_args__ = (UniqueConstraint("dossier_id", "seq"),)
    id: Mapped[UuidPk]
    dossier_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("dossier.id", ondelete="CASCADE"), index=True
    )
    seq: Mapped[int]
    at: Mapped[Utc]
    from_name: Mapped[Name]
    to_name: Mapped[Name]
    pages: Mapped[int]
    batch_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    note: Mapped[str] = mapped_column(default="")
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    workstation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workstation.id"))


class AuditEntry(Base):
    """Append-only, hash-chained log, one chain per workstation (``workstation_id`` None: acts
    of the server itself): hash = SHA-256(canonical entry + previous hash)."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        UniqueConstraint("workstation_id", "seq"),
        # A dossier's view lists its entries (forms and receipts printed): migration 0008.
        Index("ix_audit_entry_entity", "entity", "entity_id"),
    )
    id: Mapped[UuidPk]
    seq: Mapped[int]
    workstation_id: Mapped[uuid.UUID | None]
    at: Mapped[Utc]
    actor: Mapped[ShortText]  # officer username, or "system"
    action: Mapped[ShortText]  # the event kind ("dossier.received"); older entries: the verb
    entity: Mapped[ShortText]
    entity_id: Mapped[ShortText]
    payload: Mapped[str]  # canonical JSON of the event
    prev_hash: Mapped[ShortText]
    hash: Mapped[ShortText] = mapped_column(unique=True)
    # HMAC-SHA256 of ``hash`` under the workstation's secret key: a chain recomputed with plain
    # SHA-256 has none that verify. None on entries written before the key existed.
    mac: Mapped[ShortText | None]


class ServiceArea(Base):
    """A queue's service area: its letter starts every number (A001), its name is on the
    kiosk's button and the ticket (issue 9)."""

    __tablename__ = "service_area"
    __table_args__ = (UniqueConstraint("office_id", "letter"), check_known("kind", AreaKind))
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    letter: Mapped[str] = mapped_column(String(1))
    name: Mapped[Name]
    kind: Mapped[AreaKind]
    position: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)


class TicketCounter(Base):
    """The last number an area gave on an office day: bumped in the issuing transaction, so a
    number is never given twice that day, whatever restarts or crashes."""

    __tablename__ = "ticket_counter"
    area_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_area.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    last_number: Mapped[int]


class Ticket(Base):
    """One citizen's visit, from the number taken to the end of the service (and the dossier
    it produced or came for). ``area_id`` is where it waits now; ``letter`` and ``number``
    never change, so a transferred citizen keeps the number on the paper."""

    __tablename__ = "ticket"
    __table_args__ = (
        UniqueConstraint("office_id", "day", "letter", "number"),
        Index("ix_ticket_waiting", "office_id", "day", "state"),
        check_known("state", TicketState),
        check_known("priority", PriorityKind),
        check_known("source", TicketSource),
    )
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    area_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service_area.id"))
    day: Mapped[date]  # the office's local date of issue
    letter: Mapped[str] = mapped_column(String(1))
    number: Mapped[int]
    priority: Mapped[PriorityKind | None]
    state: Mapped[TicketState]
    source: Mapped[TicketSource]
    issued_at: Mapped[Utc]
    issued_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    workstation_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("workstation.id"))
    waiting_ahead: Mapped[int]
    target_counter: Mapped[str | None] = mapped_column(String(16))
    counter: Mapped[str | None] = mapped_column(String(16))
    officer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("officer.id"))
    # The username of who called or served it: on the office hub, an officer of another
    # workstation has no account row here, so the name is kept as given.
    served_by: Mapped[str | None] = mapped_column(String(64))
    first_called_at: Mapped[Utc | None]
    last_called_at: Mapped[Utc | None]
    calls: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[Utc | None]
    finished_at: Mapped[Utc | None]
    transfers: Mapped[int] = mapped_column(default=0)
    dossier_code: Mapped[str | None] = mapped_column(String(64))
