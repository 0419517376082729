"""Workstation-only tables: this file's identity, its counters, its outbox and its sync state.

They describe one workstation and never travel: the district server's database has none of
them (they are marked `WORKSTATION_ONLY`), while everything in `desk_app.store.models` is shared.
"""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from desk_app.store.base import WORKSTATION_ONLY, Base, Name, ShortText, Utc, UuidPk


class LocalIdentity(Base):
    """Exactly one row: which office and workstation this database file belongs to."""

    __tablename__ = "local_identity"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"), WORKSTATION_ONLY)
    singleton: Mapped[int] = mapped_column(primary_key=True, default=1)
    office_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("office.id"))
    workstation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("workstation.id"))
    # The first audit sequence whose entry must carry a MAC: the key was made just before it.
    audit_mac_from_seq: Mapped[int | None]
    # HMAC of "from which entry" under the audit key (services.audit_key.mac_from_seal): one
    # who edits the number without the key cannot make it match.
    audit_mac_seal: Mapped[str | None] = mapped_column(String(64))
    # argon2id of the one-time recovery code shown at set-up: it lets whoever holds the paper
    # set a new password for an administrator when the only one has forgotten theirs.
    recovery_code_hash: Mapped[str | None] = mapped_column(String(255))


class SerialCounter(Base):
    """The last daily serial a workstation issued; bumped in the intake transaction."""

    __tablename__ = "serial_counter"
    __table_args__ = (WORKSTATION_ONLY,)
    workstation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workstation.id"), primary_key=True
    )
    day: Mapped[date] = mapped_column(primary_key=True)
    last_serial: Mapped[int]


class RegisterCounter(Base):
    """The last line used in a register book (Sổ theo dõi hồ sơ) of this workstation."""

    __tablename__ = "register_counter"
    __table_args__ = (WORKSTATION_ONLY,)
    workstation_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("workstation.id"), primary_key=True
    )
    book: Mapped[ShortText] = mapped_column(primary_key=True)
    last_line: Mapped[int]


class OutboxEvent(Base):
    """An event for the district server, written in the same transaction as its change.

    The columns are the envelope of `desk_app.sync.events.Envelope`; ``seq`` is the
    workstation's own sequence, ``payload`` the event's JSON.
    """

    __tablename__ = "outbox_event"
    __table_args__ = (WORKSTATION_ONLY,)
    id: Mapped[UuidPk]  # the event's identity and idempotency key, made when the action happens
    seq: Mapped[int] = mapped_column(unique=True)
    kind: Mapped[ShortText]
    schema_version: Mapped[int]
    office_id: Mapped[uuid.UUID]
    workstation_id: Mapped[uuid.UUID]
    aggregate_id: Mapped[uuid.UUID]
    officer_id: Mapped[uuid.UUID | None]  # None: the system acted
    officer_username: Mapped[ShortText] = mapped_column(default="")
    officer_name: Mapped[Name] = mapped_column(default="")
    audit_seq: Mapped[int]
    audit_hash: Mapped[ShortText]
    payload: Mapped[str]  # JSON
    created_at: Mapped[Utc]
    acked_at: Mapped[Utc | None]
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(default="")
    # Set when the server refused the event for good (rejected, conflict): it is not sent again.
    quarantined_at: Mapped[Utc | None]
    quarantine_reason: Mapped[str] = mapped_column(String(64), default="")


class SyncState(Base):
    """Exactly one row: how far this workstation has pulled from the server, and when it last
    talked to it (the sync issue fills it; the status bar shows it)."""

    __tablename__ = "sync_state"
    __table_args__ = (CheckConstraint("singleton = 1", name="singleton"), WORKSTATION_ONLY)
    singleton: Mapped[int] = mapped_column(primary_key=True, default=1)
    pull_cursor: Mapped[int] = mapped_column(default=0)
    last_success_at: Mapped[Utc | None]
    last_error: Mapped[str] = mapped_column(default="")
    clock_skew_s: Mapped[int] = mapped_column(default=0)  # server time minus ours, last seen
    last_attempt_at: Mapped[Utc | None]
    # The district server's epoch last seen ("" before the first answer): another one means the
    # server was restored from a backup (desk_app.server.schema.ServerEpoch).
    server_epoch: Mapped[str] = mapped_column(String(36), default="")


class LoginSession(Base):
    """A command-line login (`desk-app login`): the data folder's session file holds its id and
    a random token, this row only the token's SHA-256. Checked by every command, so a copied
    file stops working at logout, a password change or a deactivation (``ended_at``)."""

    __tablename__ = "login_session"
    __table_args__ = (WORKSTATION_ONLY,)
    id: Mapped[UuidPk]
    officer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("officer.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    opened_at: Mapped[Utc]
    expires_at: Mapped[Utc]
    ended_at: Mapped[Utc | None]
