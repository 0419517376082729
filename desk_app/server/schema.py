"""The district server's own tables (issue 11): offices, users, devices, what was pushed, what is
quarantined, the pull feed and the dossiers as the district sees them.

A separate metadata from the workstation's (`desk_app.store.base.Base`): the server is not a
big workstation. It keeps every pushed envelope as received (the permanent duplicate table:
offices can be offline for weeks), and projects what the dashboard, the report and the public
lookup read into ``district_dossier``. Migrations: ``desk_app/server/migrations``.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desk_app.core.lifecycle import DossierState
from desk_app.store.base import _TYPES, NAMING_CONVENTION, Name, ShortText, Utc, UuidPk


class ServerBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = _TYPES


class ServerEpoch(ServerBase):
    """Which life of this database the pull feed and the acknowledgements belong to.

    Made with the database (migration 0003) and made anew by a restore (`admin.restore`, or
    `admin.mark_restored` after pg_restore). A restored server has gone back in time: events it
    acknowledged after the backup and changes it published after it are gone, and its pull
    feed's numbers start again below the workstations' cursors. A workstation that sees another
    epoch than the one it last synced with pulls from the start and sends again what this
    server acknowledged (`services.sync`), so what the restore dropped comes back, once."""

    __tablename__ = "server_epoch"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"),)
    singleton: Mapped[int] = mapped_column(primary_key=True, default=1)
    epoch: Mapped[str] = mapped_column(String(36))  # a UUID's text: written by sqlite3 too
    made_at: Mapped[Utc]
    reason: Mapped[ShortText]  # "created" | "restored"


class DistrictOffice(ServerBase):
    """A ward (or any unit) the district serves, by its agency identifier."""

    __tablename__ = "district_office"
    id: Mapped[UuidPk]
    agency_id: Mapped[ShortText] = mapped_column(unique=True)
    name: Mapped[Name]
    upper_unit: Mapped[Name] = mapped_column(default="")
    created_at: Mapped[Utc]


class DistrictUser(ServerBase):
    """Someone who logs in to the dashboard: ``district`` sees every ward, ``admin`` too and
    administers. Passwords as argon2id only."""

    __tablename__ = "district_user"
    id: Mapped[UuidPk]
    username: Mapped[ShortText] = mapped_column(unique=True)
    role: Mapped[ShortText]  # "district" | "admin"
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[Utc]


class EnrollmentCode(ServerBase):
    """A one-time code for one workstation of one office; only its SHA-256 is kept."""

    __tablename__ = "enrollment_code"
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_office.id"))
    workstation_code: Mapped[ShortText]
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[Utc]
    expires_at: Mapped[Utc]
    used_at: Mapped[Utc | None]
    device_id: Mapped[uuid.UUID | None]


class Device(ServerBase):
    """An enrolled workstation: its token's hash, the keys its events carry, its health.

    ``audit_seq``/``audit_hash`` are the newest chain head it reported (a batch's ``head``);
    ``chain`` is "ok", "gap", "fork" or "rewritten" once a push showed it (never cleared by a
    later push: an administrator looks)."""

    __tablename__ = "device"
    id: Mapped[UuidPk]
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_office.id"), index=True)
    workstation_code: Mapped[ShortText]
    workstation_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    local_office_id: Mapped[uuid.UUID]
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    enrolled_at: Mapped[Utc]
    revoked_at: Mapped[Utc | None]
    last_seen_at: Mapped[Utc | None]
    last_push_at: Mapped[Utc | None]
    waiting: Mapped[int] = mapped_column(default=0)
    oldest_waiting_at: Mapped[Utc | None]
    clock_skew_s: Mapped[int] = mapped_column(default=0)
    audit_seq: Mapped[int] = mapped_column(default=0)
    audit_hash: Mapped[ShortText] = mapped_column(default="")
    chain: Mapped[ShortText] = mapped_column(default="ok")
    chain_detail: Mapped[str] = mapped_column(default="")


class ReceivedEvent(ServerBase):
    """Every event the server accepted, as it came (the idempotency record, kept forever).

    ``content_hash`` is the SHA-256 of the envelope's canonical JSON; a second push of the
    same id is a duplicate when it matches and a conflict when it does not."""

    __tablename__ = "received_event"
    __table_args__ = (
        UniqueConstraint("device_id", "workstation_seq"),
        Index("ix_received_event_office_kind", "office_id", "kind"),
        # The audit chain's check per batch (push.ChainCheck): count, top and a batch's seqs.
        Index("ix_received_event_device_audit", "device_id", "audit_seq"),
    )
    event_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_office.id"))
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    workstation_seq: Mapped[int]
    kind: Mapped[ShortText]
    version: Mapped[int]
    aggregate_id: Mapped[uuid.UUID | None]
    audit_seq: Mapped[int]
    audit_hash: Mapped[ShortText]
    content_hash: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str]  # canonical JSON
    created_at: Mapped[Utc]  # the workstation's clock
    received_at: Mapped[Utc]  # the server's


class QuarantinedEvent(ServerBase):
    """An event the server would not apply (conflict or rejected), for an administrator.

    ``reason`` is a machine word (as sent back in `EventResult`), ``detail`` a sentence with no
    personal data; the envelope is kept whole so nothing the workstation sent is lost."""

    __tablename__ = "quarantined_event"
    id: Mapped[UuidPk]
    event_id: Mapped[uuid.UUID] = mapped_column(index=True)
    office_id: Mapped[uuid.UUID | None]
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("device.id"))
    outcome: Mapped[ShortText]  # "conflict" | "rejected"
    reason: Mapped[ShortText]
    detail: Mapped[str] = mapped_column(default="")
    content_hash: Mapped[str] = mapped_column(String(64))
    envelope: Mapped[str]
    quarantined_at: Mapped[Utc]
    resolved_at: Mapped[Utc | None]


class ServerChange(ServerBase):
    """The pull feed: one row per server-side change, ``seq`` in commit order.

    ``office_id`` None: for every office (a district-wide calendar). On PostgreSQL ``seq`` is
    assigned under a transaction-scoped advisory lock, so a lower number can never commit after
    a higher one a client has already read past (sync-and-reliability.md, "Pull")."""

    __tablename__ = "server_change"
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    office_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("district_office.id"), index=True
    )
    kind: Mapped[ShortText]
    payload: Mapped[str]  # JSON
    created_at: Mapped[Utc]


class DistrictDossier(ServerBase):
    """A dossier as the district sees it, projected from its events (dashboard, report, public
    lookup). ``code`` is unique across the district: a second workstation's dossier with a
    code already here is quarantined, never renumbered. The applicant's name is kept masked
    only; the whole record stays in the received envelopes."""

    __tablename__ = "district_dossier"
    __table_args__ = (
        Index("ix_district_dossier_office_state_due", "office_id", "state", "due_at"),
    )
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)  # the workstation's dossier id
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_office.id"))
    device_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("device.id"))
    code: Mapped[ShortText] = mapped_column(unique=True)
    lookup_key: Mapped[str] = mapped_column(String(16), default="")
    procedure_code: Mapped[ShortText]
    procedure_name: Mapped[str]
    channel: Mapped[ShortText]
    applicant_masked: Mapped[Name]
    received_at: Mapped[Utc]
    received_day: Mapped[date]  # in the office's time zone, for the period figures
    due_at: Mapped[Utc]
    state: Mapped[DossierState]
    resolved_at: Mapped[Utc | None]  # the result was ready (or the dossier refused/stopped)
    returned_at: Mapped[Utc | None]
    updated_at: Mapped[Utc]


class DashboardSession(ServerBase):
    """A dashboard login: the browser's cookie holds the id and a random token, this row only
    the token's SHA-256, so a database copy opens no session."""

    __tablename__ = "dashboard_session"
    id: Mapped[UuidPk]
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_user.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[Utc]
    expires_at: Mapped[Utc]
    ended_at: Mapped[Utc | None]


class AttachmentBlob(ServerBase):
    """The bytes of one scan of an office, by its SHA-256, as they arrive in chunks.

    Office-scoped: the same bytes sent by two offices are two rows (and two files), so one
    office never learns what another holds. ``received_bytes`` grows chunk by chunk (the next
    one starts there); once it reaches ``size_bytes`` the file is hashed, and only when it
    matches ``sha256`` is it moved to its place, ``storage`` (a path relative to the server's
    attachment folder, `desk_app.server.attachments`), and ``complete`` set. A mismatch
    removes the row and the file: nothing of it is kept."""

    __tablename__ = "attachment_blob"
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("district_office.id"), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    device_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("device.id"))  # who sent last
    size_bytes: Mapped[int]
    received_bytes: Mapped[int] = mapped_column(default=0)
    complete: Mapped[bool] = mapped_column(default=False)
    storage: Mapped[str] = mapped_column(String(255), default="")
    started_at: Mapped[Utc]
    updated_at: Mapped[Utc]
    completed_at: Mapped[Utc | None]
