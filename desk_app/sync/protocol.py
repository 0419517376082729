"""What a workstation and the district server say to each other (issue 11).

The bodies of ``/api/enroll``, ``/api/sync/push``, ``/api/sync/pull`` and ``/api/attachments``,
shared by the server
(`desk_app.server.district`) and the workstation's client (`desk_app.sync.client`); like the
events, this module imports nothing of Qt, SQL or the services. Every answer carries the
server's clock, so the workstation can warn when its own is more than five minutes off
(sync-and-reliability.md, "Time").
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from desk_app.sync.events import MAX_SEQ, Envelope

# A batch larger than this is refused whole (413) before any of it is read into events; the
# client sends at most PUSH_BATCH at a time.
MAX_PUSH_EVENTS = 500
PUSH_BATCH = 200
MAX_PULL_CHANGES = 1000
# Bytes of one request body the server reads at most (a batch of 500 large events fits).
MAX_BODY_BYTES = 8 * 1024 * 1024
CLOCK_SKEW_WARNING_S = 5 * 60

# Attachments (scans): an ``attachment.added`` event carries only the scan's SHA-256; its bytes
# follow in chunks of at most ATTACHMENT_CHUNK_BYTES (far under MAX_BODY_BYTES, so a chunk
# never meets the body limit), and the server keeps them only once the whole file hashed to
# that SHA-256. A file is at most MAX_ATTACHMENT_BYTES, the workstation's own limit
# (desk_app.services.attachments.MAX_ATTACHMENT_BYTES; a test checks that they agree).
ATTACHMENT_CHUNK_BYTES = 1024 * 1024
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", hide_input_in_errors=True)


class EnrollIn(_Message):
    """A workstation exchanges a one-time code for its device token.

    ``office_id`` and ``workstation_id`` are the workstation's own keys (made by ``desk-app
    init``); its events carry them, and the server accepts events only with the pair it
    enrolled."""

    code: str = Field(min_length=4, max_length=64)
    office_id: uuid.UUID
    workstation_id: uuid.UUID
    workstation_code: str = Field(min_length=1, max_length=16)
    agency_id: str = Field(min_length=1, max_length=64)


class EnrollOut(_Message):
    device_id: uuid.UUID
    token: str  # shown once; the server keeps only its SHA-256
    agency_id: str
    office_name: str
    server_time: AwareDatetime


class ChainHead(_Message):
    """The workstation's audit chain as it stands now (seq 0, hash "": empty)."""

    seq: int = Field(ge=0, le=MAX_SEQ)
    hash: str = Field(max_length=64)


class PushIn(_Message):
    """Outbox events in the workstation's order, with what the officer sees waiting."""

    head: ChainHead
    waiting: int = Field(ge=0, le=MAX_SEQ)  # events not yet acknowledged, this batch included
    oldest_waiting_at: AwareDatetime | None
    events: list[Envelope] = Field(max_length=MAX_PUSH_EVENTS)
    client_time: AwareDatetime


class Outcome(StrEnum):
    """The server's word on one event (sync-and-reliability.md, "Push")."""

    ACCEPTED = "accepted"  # applied now
    DUPLICATE = "duplicate"  # same id and content as before: applied once, answered again
    CONFLICT = "conflict"  # same id, other content: nothing written, quarantined
    REJECTED = "rejected"  # invalid (unknown kind or version, bad payload, another office's,
    #                        a dossier code another workstation holds): quarantined


# What the client does with each outcome: remove from the outbox (acknowledged) or keep it
# aside as quarantined with the server's reason; it never sends either again.
ACKNOWLEDGED = frozenset({Outcome.ACCEPTED, Outcome.DUPLICATE})


class EventResult(_Message):
    event_id: uuid.UUID
    outcome: Outcome
    reason: str = ""  # a short machine word: "unknown_kind", "code_taken", "content_differs"...


class PushOut(_Message):
    results: list[EventResult]
    chain: str  # "ok", "gap", "fork" or "rewritten": the server's view of this device's chain
    server_time: AwareDatetime
    epoch: str = Field(max_length=36)  # the server database's life (schema.ServerEpoch)


class Change(_Message):
    """One server-side change for an office, in commit order (``seq`` strictly increasing)."""

    seq: int = Field(ge=1, le=MAX_SEQ)
    kind: str  # "catalogue.published", "calendar.published", "office.rules_published", ...
    payload: dict[str, Any]


class PullOut(_Message):
    changes: list[Change]
    cursor: int = Field(
        ge=0, le=MAX_SEQ
    )  # store this with the applied changes, in their transaction
    more: bool  # more changes after ``cursor``: ask again at once
    server_time: AwareDatetime
    # The server database's life: another one than last time means it was restored from a
    # backup, and ``cursor`` numbers started again (schema.ServerEpoch).
    epoch: str = Field(max_length=36)


class ErrorOut(_Message):
    """Every 4xx/5xx body: a machine word and a plain sentence, never a traceback."""

    error: str
    message: str


class AttachmentState(_Message):
    """What the server holds of one scan of this device's office (GET, and each chunk's answer).

    ``received`` bytes are kept, from the first one: the next chunk starts there, so an upload
    cut off resumes where it stopped. ``complete``: every byte arrived and they hashed to
    ``sha256``; nothing more to send."""

    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int | None = Field(default=None, ge=1, le=MAX_ATTACHMENT_BYTES)  # None: nothing yet
    received: int = Field(ge=0, le=MAX_ATTACHMENT_BYTES)
    complete: bool
    chunk_limit: int = Field(ge=1)  # the largest chunk the server takes
    server_time: AwareDatetime
