"""The typed, versioned events a workstation sends to the district server.

One pydantic model per (kind, version), registered in `EVENT_TYPES`; services build them from
domain values (never from a display record) and the one change recorder
(`desk_app.services.changes`) stores each in the audit log and the outbox. The server reads
them with the same models: this module imports nothing of Qt, SQL or the services.

Changing a model's shape means a new version, registered beside the old one (the server
accepts the previous version too, sync-and-reliability.md); a committed JSON-schema snapshot
per model under tests/sync/schemas makes an unversioned change fail the tests.
"""

from __future__ import annotations

import uuid
from datetime import date, time
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from desk_app.core.deadlines import DurationUnit
from desk_app.core.dossier import Applicant, Channel, Component, ReturnMethod
from desk_app.core.lifecycle import DossierState
from desk_app.core.queue import AreaKind, PriorityKind, TicketSource
from desk_app.core.roles import Act, Role
from desk_app.core.rules import CountingMethod, OfficeRules, RuleSet

# The largest sequence number anything carries: what a PostgreSQL integer column holds (the
# server's seq columns are 32-bit; a workstation makes fewer than 2 billion events in its life).
MAX_SEQ = 2**31 - 1


class Event(BaseModel):
    """Base of every event payload: immutable, no unknown fields, validated when made.

    Schemas are built on first use (start-up stays quick), and a refusal's text never repeats
    the input, which holds applicants' data and may reach the log."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    KIND: ClassVar[str]
    VERSION: ClassVar[int]

    def dump(self) -> dict[str, Any]:
        """Plain JSON types, as stored and sent."""
        return self.model_dump(mode="json")


EVENT_TYPES: dict[tuple[str, int], type[Event]] = {}
_E = TypeVar("_E", bound=type[Event])


def registered(cls: _E) -> _E:
    key = (cls.KIND, cls.VERSION)
    if key in EVENT_TYPES:
        raise ValueError(f"event {key} registered twice")
    EVENT_TYPES[key] = cls
    return cls


class UnknownEvent(LookupError):
    """A (kind, version) this code does not know: never guess its shape."""


def event_type(kind: str, version: int) -> type[Event]:
    try:
        return EVENT_TYPES[(kind, version)]
    except KeyError:
        raise UnknownEvent(f"{kind} v{version}") from None


class OfficerRef(BaseModel):
    """Who acted, with the name as it was then (the server may not know the account)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    id: uuid.UUID
    username: str
    full_name: str


class Envelope(BaseModel):
    """What travels around a payload: identity, origin, order and the audit entry vouching for it.

    ``event_id`` is made when the act happens and is the idempotency key; ``workstation_seq``
    orders one workstation's events; ``audit_seq``/``audit_hash`` let the server check the
    workstation's audit chain for continuity.
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    event_id: uuid.UUID
    kind: str
    version: int
    office_id: uuid.UUID
    workstation_id: uuid.UUID | None
    # Bounded by what a 64-bit column holds: a larger number is refused as invalid, never a
    # server error (found by schemathesis).
    workstation_seq: int | None = Field(ge=1, le=MAX_SEQ)  # None: not queued (a server act)
    officer: OfficerRef | None  # None: the system (set-up, migration)
    audit_seq: int = Field(ge=0, le=MAX_SEQ)
    audit_hash: str
    created_at: AwareDatetime
    payload: dict[str, Any]

    def event(self) -> Event:
        """The payload validated against its registered model."""
        return event_type(self.kind, self.version).model_validate(self.payload)


# --- dossiers ----------------------------------------------------------------------------------


class ProcedureRef(BaseModel):
    """The procedure as the receipt states it (a snapshot: the catalogue may change later)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    code: str
    name: str
    duration_value: int
    duration_unit: DurationUnit


@registered
class DossierReceivedV3(Event):
    """A dossier was taken in and given its code (Mẫu 01), as version 3 said it.

    Still registered so that the server reads a version-3 event sent before a workstation's
    upgrade; the workstation itself sends only `DossierReceived` (version 4).
    """

    KIND: ClassVar[str] = "dossier.received"
    VERSION: ClassVar[int] = 3
    dossier_id: uuid.UUID
    code: str
    procedure: ProcedureRef
    rule_set: RuleSet
    applicant: Applicant
    channel: Channel
    return_method: ReturnMethod
    sets_count: int = Field(ge=1)
    components: tuple[Component, ...]
    fee_vnd: int | None = Field(ge=0)
    fee_text: str
    fee_pages: int | None = Field(ge=1)
    fee_copies: int | None = Field(ge=1)
    fee_note: str
    received_at: AwareDatetime
    counting_from: AwareDatetime
    due_at: AwareDatetime
    register_book: str
    register_line: int = Field(ge=1)
    state: DossierState


@registered
class DossierReceived(DossierReceivedV3):
    """A dossier was taken in and given its code (Mẫu 01).

    Version 1 was the display record of the first release (migration 0002 rewrote every waiting
    one into version 2); version 3 added each component's kind (submitted or only shown) and the
    fee as printed with what it was computed from (migration 0003 rewrote waiting version-2
    events); version 4 adds ``lookup_key``, the receipt's "Mã tra cứu" that opens the public
    lookup (migration 0009 rewrote waiting version-3 events with their dossier's key). Only
    version 4 is ever sent; the server still reads version 3 (no key: no public lookup).
    """

    VERSION: ClassVar[int] = 4
    lookup_key: str = Field(min_length=1, max_length=16)


@registered
class DossierBackdated(Event):
    """A dossier was taken in with a receipt time more than 30 days back (issue 8): who did it
    is the entry's actor, why is ``reason``; recorded with its DossierReceived."""

    KIND: ClassVar[str] = "dossier.backdated"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    received_at: AwareDatetime
    reason: str = Field(min_length=1)


@registered
class ReceiptPrinted(Event):
    """A receipt was printed: ``print_number`` 1 is the original, later ones are reprints."""

    KIND: ClassVar[str] = "receipt.printed"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    print_number: int = Field(ge=1)


@registered
class FormPrinted(Event):
    """A lifecycle form (``seq``: the act it prints) or the control slip (``seq`` 0) reached
    paper or disk; ``print_number`` 1 is the first print of that document, later ones reprints."""

    KIND: ClassVar[str] = "form.printed"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    seq: int = Field(ge=0)
    document_name: str = Field(min_length=1)
    print_number: int = Field(ge=1)


class DossierActEvent(Event):
    """What every lifecycle act after the receipt names (issue 10): the dossier, when, and the
    state it is in after the act. Personal data stays out: the applicant is in the dossier's
    DossierReceived, a proxy collector's name and ID number stay on the workstation."""

    dossier_id: uuid.UUID
    code: str
    at: AwareDatetime
    state: DossierState


@registered
class DossierTransferred(DossierActEvent):
    """Handed to a handling unit (control slip Mẫu 05 / 06 row), or back to the desk."""

    KIND: ClassVar[str] = "dossier.transferred"
    VERSION: ClassVar[int] = 1
    handling_unit: str = Field(min_length=1)
    to_officer: str
    step_due_at: AwareDatetime | None
    note: str
    back_to_desk: bool


class SupplementItemRef(BaseModel):
    """A component to complete, with the papers asked for (Mẫu 02's table)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    name: str = Field(min_length=1)
    original: int = Field(ge=0)
    certified_copy: int = Field(ge=0)
    photocopy: int = Field(ge=0)
    note: str


@registered
class DossierSupplementRequested(DossierActEvent):
    """Mẫu 02: the applicant must complete the dossier; the clock stands still from ``at``.
    A request after the first (``request_number`` > 1) carries the supervisor's reason."""

    KIND: ClassVar[str] = "dossier.supplement_requested"
    VERSION: ClassVar[int] = 1
    items: tuple[SupplementItemRef, ...] = Field(min_length=1)
    reason: str = Field(min_length=1)
    guide: str
    request_number: int = Field(ge=1)
    second_request_reason: str
    approved_by: str


@registered
class DossierSupplementReceived(DossierActEvent):
    """The completed components came in: the clock runs again and the due time moved by the
    open-office time of the pause."""

    KIND: ClassVar[str] = "dossier.supplement_received"
    VERSION: ClassVar[int] = 1
    paused_from: AwareDatetime
    paused_until: AwareDatetime
    paused_working_minutes: int = Field(ge=0)
    original_due_at: AwareDatetime
    due_at: AwareDatetime


@registered
class DossierRefused(DossierActEvent):
    """Mẫu 03: the dossier is not handled, for ``reason``."""

    KIND: ClassVar[str] = "dossier.refused"
    VERSION: ClassVar[int] = 1
    reason: str = Field(min_length=1)


@registered
class DossierExtended(DossierActEvent):
    """Mẫu 04: apology and new date, approved by a supervisor; from the second on the
    extension is ``exceptional``."""

    KIND: ClassVar[str] = "dossier.extended"
    VERSION: ClassVar[int] = 1
    reason: str = Field(min_length=1)
    previous_due_at: AwareDatetime
    new_due_at: AwareDatetime
    extension_number: int = Field(ge=1)
    exceptional: bool
    approved_by: str = Field(min_length=1)
    approver_title: str


@registered
class DossierStopped(DossierActEvent):
    """2025 Mẫu 05: processing stopped at the applicant's request."""

    KIND: ClassVar[str] = "dossier.stopped"
    VERSION: ClassVar[int] = 1
    reason: str = Field(min_length=1)
    stage: str
    papers_returned: str
    fees_settled: str


@registered
class DossierResultRecorded(DossierActEvent):
    """The result came back to the desk (control slip's last row; register "result back")."""

    KIND: ClassVar[str] = "dossier.result_recorded"
    VERSION: ClassVar[int] = 1
    result_number: str = Field(min_length=1)
    signer: str = Field(min_length=1)
    issuer: str = Field(min_length=1)
    summary: str


FeeMethod = Literal["cash", "transfer", "card", ""]


@registered
class DossierReturned(DossierActEvent):
    """The result was handed over (register "returned"): to whom by kind only, the fee
    collected, and the waybill when it went by post."""

    KIND: ClassVar[str] = "dossier.returned"
    VERSION: ClassVar[int] = 1
    collector: Literal["applicant", "proxy"]
    originals_returned: str
    fee_amount_vnd: int | None = Field(ge=0)
    fee_method: FeeMethod
    fee_receipt_number: str
    postal_waybill: str


# --- office and catalogue ----------------------------------------------------------------------


@registered
class WorkstationInitialised(Event):
    """A workstation was set up for an office (``desk-app init``)."""

    KIND: ClassVar[str] = "workstation.initialised"
    VERSION: ClassVar[int] = 1
    agency_id: str
    office_name: str
    reception_unit: str
    place: str
    workstation_number: int = Field(ge=1, le=9)
    admin_username: str
    procedures: int = Field(ge=0)


RulesSource = Literal["setup", "settings_file", "administrator"]


@registered
class OfficeRulesChanged(Event):
    """The office's shared rules changed; ``source`` says from where."""

    KIND: ClassVar[str] = "office.rules_changed"
    VERSION: ClassVar[int] = 2  # 2 adds counting_method; migration 0003 rewrote waiting v1
    morning_start: time
    morning_end: time
    afternoon_start: time
    afternoon_end: time
    same_day_cutoff: time
    forms_2025_from: date
    system_name: str
    lookup_url: str
    counting_method: CountingMethod
    source: RulesSource

    @classmethod
    def of(cls, rules: OfficeRules, source: RulesSource) -> OfficeRulesChanged:
        hours = rules.hours
        return cls(
            morning_start=hours.morning_start,
            morning_end=hours.morning_end,
            afternoon_start=hours.afternoon_start,
            afternoon_end=hours.afternoon_end,
            same_day_cutoff=hours.same_day_cutoff,
            forms_2025_from=rules.forms_2025_from,
            system_name=rules.system_name,
            lookup_url=rules.lookup_url,
            counting_method=rules.counting_method,
            source=source,
        )


@registered
class OfficeDueSoonSet(Event):
    """The work list's "due soon" horizon changed: ``due_soon_days`` working days (issue 10).
    An event of its own, so `OfficeRulesChanged` keeps its version."""

    KIND: ClassVar[str] = "office.due_soon_set"
    VERSION: ClassVar[int] = 1
    due_soon_days: int = Field(ge=0, le=20)


@registered
class OfficeIdentityAdded(Event):
    """The office has a new name, unit, place or agency identifier from ``valid_from`` on
    (`desk-app office rename`); earlier dossiers keep printing the identity of their day."""

    KIND: ClassVar[str] = "office.identity_added"
    VERSION: ClassVar[int] = 1
    valid_from: date
    agency_id: str
    name: str
    reception_unit: str
    place: str


@registered
class ActRefused(Event):
    """An officer tried an act the account's role does not allow (issue 8: audited)."""

    KIND: ClassVar[str] = "access.refused"
    VERSION: ClassVar[int] = 1
    act: Act
    role: Role


@registered
class OfficerNameSet(Event):
    """An account was given the full name its receipts are signed with."""

    KIND: ClassVar[str] = "officer.name_set"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str
    full_name: str


@registered
class OfficerAdded(Event):
    """An administrator opened an account (never its password or hash: those stay here)."""

    KIND: ClassVar[str] = "officer.added"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str
    full_name: str
    role: Role


@registered
class OfficerDeactivated(Event):
    """An account can no longer log in; its past acts keep its name."""

    KIND: ClassVar[str] = "officer.deactivated"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str


@registered
class OfficerPasswordSet(Event):
    """An account's password was replaced (the fact only, never the password)."""

    KIND: ClassVar[str] = "officer.password_set"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str


@registered
class OfficerLoggedIn(Event):
    """An officer proved their password at this workstation."""

    KIND: ClassVar[str] = "officer.logged_in"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str


@registered
class OfficerLoginFailed(Event):
    """A login was refused: the name typed (never the password), and whether the account was
    locked at the time."""

    KIND: ClassVar[str] = "officer.login_failed"
    VERSION: ClassVar[int] = 1
    username: str
    while_locked: bool = False


@registered
class OfficerLocked(Event):
    """Too many wrong passwords in a row: the account is locked until ``until``."""

    KIND: ClassVar[str] = "officer.locked"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str
    until: AwareDatetime


@registered
class OfficerUnlocked(Event):
    """A supervisor lifted an account's lock."""

    KIND: ClassVar[str] = "officer.unlocked"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str


@registered
class OfficerLoggedOut(Event):
    """A login session ended before its time: the officer logged out, or the account's
    password was changed or the account deactivated (``reason``)."""

    KIND: ClassVar[str] = "officer.logged_out"
    VERSION: ClassVar[int] = 1
    officer_id: uuid.UUID
    username: str
    session_id: uuid.UUID
    reason: Literal["logout", "password_set", "deactivated"]


@registered
class RecoveryCodeReplaced(Event):
    """An administrator made a new one-time recovery code (the fact only, never the code)."""

    KIND: ClassVar[str] = "officer.recovery_code_replaced"
    VERSION: ClassVar[int] = 1


@registered
class AuditKeyMade(Event):
    """This workstation's audit key was made: every entry from ``mac_from_seq`` on (this one's
    own) carries its MAC. Made at set-up or when data from before keys existed is upgraded,
    never otherwise, so a second one in a chain is itself a finding."""

    KIND: ClassVar[str] = "audit.key_made"
    VERSION: ClassVar[int] = 1
    mac_from_seq: int


@registered
class BackupRestored(Event):
    """The database was replaced by a backup. The chain now goes on from the backup's head;
    the head it had before (``replaced_head_*``) is kept here and the replaced file set aside
    (``set_aside``), so entries that were dropped are accounted for."""

    KIND: ClassVar[str] = "backup.restored"
    VERSION: ClassVar[int] = 1
    replaced_head_seq: int
    replaced_head_hash: str
    backup_head_seq: int
    set_aside: str
    dossiers: int
    forced: bool


@registered
class CatalogueImported(Event):
    """Procedures were added or replaced from a catalogue file."""

    KIND: ClassVar[str] = "catalogue.imported"
    VERSION: ClassVar[int] = 1
    file_name: str
    added: int = Field(ge=0)
    updated: int = Field(ge=0)
    codes: tuple[str, ...]


class OfficialDayEntry(BaseModel):
    """One day of an imported official year, as stored (`core.official_calendar`)."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    day: date
    is_working: bool  # True: a make-up working day on a weekend
    name: str
    source: str


class OfficialYearEntry(BaseModel):
    """An imported official year with the notices that decided it."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, hide_input_in_errors=True
    )
    year: int = Field(ge=2000, le=2099)
    source: str
    days: tuple[OfficialDayEntry, ...]


@registered
class OfficialCalendarImported(Event):
    """Official years of days off and make-up working days were imported (``desk-app calendar
    import``), each replacing what was known of that year; the days ride along whole, so the
    audit log shows exactly which calendar due dates were computed with from then on."""

    KIND: ClassVar[str] = "calendar.official_imported"
    VERSION: ClassVar[int] = 1
    file_name: str
    years: tuple[OfficialYearEntry, ...]


# --- queue tickets (issue 9) ------------------------------------------------------------------


@registered
class ServiceAreaSet(Event):
    """A service area was made or changed (``desk-app queue area``, set-up's defaults)."""

    KIND: ClassVar[str] = "queue.area_set"
    VERSION: ClassVar[int] = 1
    area_id: uuid.UUID
    letter: str = Field(pattern=r"^[A-Z]$")
    name: str
    kind: AreaKind
    active: bool


class TicketEvent(Event):
    """What every ticket act names: the ticket, its label as called and its office day."""

    ticket_id: uuid.UUID
    label: str
    day: date


@registered
class TicketIssued(TicketEvent):
    """A number was taken: at the kiosk, by an officer, or from the command line. A ticket for
    the result counter may name the dossier whose result the citizen comes for."""

    KIND: ClassVar[str] = "ticket.issued"
    VERSION: ClassVar[int] = 1
    area_letter: str
    number: int = Field(ge=1)
    priority: PriorityKind | None = None
    source: TicketSource
    waiting_ahead: int = Field(ge=0)
    dossier_code: str | None = None


@registered
class TicketCalled(TicketEvent):
    """A counter called the ticket (``recall``: again, while the citizen has not come)."""

    KIND: ClassVar[str] = "ticket.called"
    VERSION: ClassVar[int] = 1
    counter: str
    recall: bool = False


@registered
class TicketServiceStarted(TicketEvent):
    KIND: ClassVar[str] = "ticket.service_started"
    VERSION: ClassVar[int] = 1
    counter: str


@registered
class TicketFinished(TicketEvent):
    """The citizen was served (and, when the service took in a dossier, which one) or did not
    come when called."""

    KIND: ClassVar[str] = "ticket.finished"
    VERSION: ClassVar[int] = 1
    counter: str
    outcome: Literal["served", "no_show"]
    dossier_code: str | None = None


@registered
class TicketTransferred(TicketEvent):
    """The ticket waits again, with its number, in another area or for a given counter."""

    KIND: ClassVar[str] = "ticket.transferred"
    VERSION: ClassVar[int] = 1
    from_area: str
    to_area: str
    to_counter: str | None = None


# --- scanned documents and paper folders (issue 10, items 5 and 6) ----------------------------

MediaType = Literal["application/pdf", "image/jpeg", "image/png", "image/tiff"]


@registered
class AttachmentAdded(Event):
    """A scanned file was attached to a dossier's component (``component_position``) or to its
    result (None). Only its fingerprint travels: the bytes stay in the workstation's data
    folder, stored under ``sha256``."""

    KIND: ClassVar[str] = "attachment.added"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    attachment_id: uuid.UUID
    component_position: int | None = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size_bytes: int = Field(ge=1)
    media_type: MediaType
    pages: int | None = Field(ge=1)
    file_name: str


@registered
class AttachmentRemoved(Event):
    """A scan was taken off a dossier (attached to the wrong one, a bad scan); the stored bytes
    go once no dossier refers to them."""

    KIND: ClassVar[str] = "attachment.removed"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    attachment_id: uuid.UUID
    component_position: int | None = Field(ge=1)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")


@registered
class FolderHandedOver(Event):
    """A dossier's paper folder passed from one person to another (``seq`` numbers the
    dossier's hand-overs); the folders scanned together share ``batch_id``."""

    KIND: ClassVar[str] = "folder.handed_over"
    VERSION: ClassVar[int] = 1
    dossier_id: uuid.UUID
    code: str
    seq: int = Field(ge=1)
    batch_id: uuid.UUID
    batch_size: int = Field(ge=1)
    at: AwareDatetime
    from_name: str = Field(min_length=1)
    to_name: str = Field(min_length=1)
    pages: int = Field(ge=0)  # 0: not counted
