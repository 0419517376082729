"""The scans' bytes to the district server, after the events (issue 11, item 5).

Attachments. After the events, the bytes of each scan whose ``attachment.added`` event the
server acknowledged go up in chunks (`upload_blob`): the server is asked what it already holds
and the upload resumes there, never from zero; it keeps the file only once its SHA-256
matched. What was uploaded is kept in ``sync.uploads.json`` beside the enrollment (it belongs
to that server and its epoch: enrolling with another one, or the server restored from a
backup, starts again), not in the database: an outbox
cursor (every ``attachment.added`` event up to that seq is settled: uploaded, no longer
attached, refused with its event, or set aside) with the event at it (a restored older
database is noticed and everything checked again, which costs one question per scan), and
the scans set aside with their reason. A scan missing or altered on this disk, or one the
server will not take, is set aside (shown by `sync_status` in plain words, tried again each
round) and never holds up the events nor the other scans. The file is changed only under the
database's write lock, so two rounds at once (the window's timer and the command) cannot
lose each other's progress; a lost or damaged file costs only questions to the server.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.errors import N_, Message
from desk_app.files import sha256_of, write_atomically
from desk_app.services.context import Workspace
from desk_app.store.local import OutboxEvent
from desk_app.store.models import Attachment
from desk_app.sync.client import AttachmentMismatch, ServerRefused, SyncClient
from desk_app.sync.events import AttachmentAdded
from desk_app.sync.protocol import ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES

log = logging.getLogger(__name__)

UPLOADS_FILE = "sync.uploads.json"
ERROR_WORD_LENGTH = 64  # a server's reason kept, as the outbox keeps it


UPLOAD_MISSING = N_(
    "Tệp quét “{file}” của hồ sơ {code} không còn trong thư mục dữ liệu nên chưa gửi được lên "
    "máy chủ quận; hãy đính kèm lại bản quét."
)
UPLOAD_ALTERED = N_(
    "Tệp quét “{file}” của hồ sơ {code} đã bị thay đổi sau khi đính kèm (mã băm không khớp) nên "
    "không gửi lên máy chủ quận; hãy đính kèm lại bản quét."
)
UPLOAD_UNREADABLE = N_(
    "Không đọc được tệp quét “{file}” của hồ sơ {code} để gửi lên máy chủ quận; hãy kiểm tra "
    "thư mục dữ liệu."
)
UPLOAD_TOO_LARGE = N_(
    "Tệp quét “{file}” của hồ sơ {code} nặng quá 50 MiB nên máy chủ quận không nhận; hãy quét "
    "lại ở độ phân giải thấp hơn rồi đính kèm lại."
)
UPLOAD_MISMATCH = N_(
    "Tệp quét “{file}” của hồ sơ {code} tới máy chủ quận hai lần với mã băm không khớp (hỏng "
    "trên đường truyền); sẽ gửi lại ở lần đồng bộ sau."
)
UPLOAD_REFUSED = N_(
    "Máy chủ quận không nhận tệp quét “{file}” của hồ sơ {code} (lý do: {reason}); sẽ thử lại ở "
    "lần đồng bộ sau."
)
_PROBLEM_TEXTS = {
    "missing": UPLOAD_MISSING,
    "altered": UPLOAD_ALTERED,
    "unreadable": UPLOAD_UNREADABLE,
    "too_large": UPLOAD_TOO_LARGE,
    "attachment_too_large": UPLOAD_TOO_LARGE,
    AttachmentMismatch.word: UPLOAD_MISMATCH,
}
# Refusals that mean "someone else moved the upload on": ask the server again where it is.
_MOVED_ON = frozenset({"offset_gap", "size_differs"})
_MOVED_ON_TRIES = 3


@dataclass(frozen=True)
class UploadOwner:
    """Whom a ledger's "uploaded" is true of: the enrolled server and device, and the server
    database's epoch (a restored server lost the scans it took after its backup: a ledger of
    the epoch before is started afresh, one question per scan)."""

    url: str
    device_id: str
    epoch: str = ""


@dataclass
class _Ledger:
    """``sync.uploads.json``: see the module's word on attachments."""

    url: str
    device_id: str
    after_seq: int = 0
    after_event: str = ""
    epoch: str = ""
    done: set[int] = field(default_factory=set)  # settled seqs past after_seq
    problems: dict[str, dict[str, str]] = field(default_factory=dict)  # event id -> reason, since

    def document(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "device_id": self.device_id,
            "after_seq": self.after_seq,
            "after_event": self.after_event,
            "epoch": self.epoch,
            "done": sorted(self.done),
            "problems": self.problems,
        }


def _ledger_file(workspace: Workspace) -> Path:
    assert workspace.home is not None, "an enrolled workstation has a data folder"
    return workspace.home / UPLOADS_FILE


def _load_ledger(workspace: Workspace, session: Session, owner: UploadOwner) -> _Ledger:
    """The ledger as the file has it, or a fresh one when it is missing, damaged, of another
    server, or its cursor's event is not the one at that seq here (an older database)."""
    fresh = _Ledger(url=owner.url, device_id=owner.device_id, epoch=owner.epoch)
    try:
        document = json.loads((_ledger_file(workspace)).read_text(encoding="utf-8"))
        ledger = _Ledger(
            url=str(document["url"]),
            device_id=str(document["device_id"]),
            after_seq=int(document["after_seq"]),
            after_event=str(document["after_event"]),
            epoch=str(document.get("epoch", "")),
            done={int(seq) for seq in document.get("done", [])},
            problems={
                str(uuid.UUID(str(key))): {
                    "reason": str(value["reason"])[:ERROR_WORD_LENGTH],
                    "since": datetime.fromisoformat(str(value["since"])).isoformat(),
                }
                for key, value in dict(document.get("problems", {})).items()
            },
        )
    except FileNotFoundError:
        return fresh
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("%s unreadable: every scan is checked with the server again", UPLOADS_FILE)
        return fresh
    if UploadOwner(ledger.url, ledger.device_id, ledger.epoch) != owner:
        return fresh
    if ledger.after_seq:
        at = session.scalar(select(OutboxEvent.id).where(OutboxEvent.seq == ledger.after_seq))
        if at is None or str(at) != ledger.after_event:
            return fresh
    return ledger


def _save_ledger(workspace: Workspace, ledger: _Ledger) -> None:
    data = json.dumps(ledger.document(), ensure_ascii=False, indent=1).encode("utf-8")
    try:
        write_atomically(_ledger_file(workspace), data)
    except OSError as error:  # the next round asks the server again: nothing is lost
        log.warning("%s not written: %s", UPLOADS_FILE, error.strerror or type(error).__name__)


def _added_after(session: Session, seq: int, limit: int | None = None) -> list[OutboxEvent]:
    """The attachment.added events after outbox seq ``seq``, in order."""
    query = (
        select(OutboxEvent)
        .where(OutboxEvent.kind == AttachmentAdded.KIND, OutboxEvent.seq > seq)
        .order_by(OutboxEvent.seq)
    )
    return list(session.scalars(query if limit is None else query.limit(limit)))


@dataclass(frozen=True)
class _Scan:
    """An attachment.added event to settle, read from the outbox."""

    seq: int
    event_id: uuid.UUID
    acked: bool
    quarantined: bool
    sha256: str
    attachment_id: uuid.UUID | None
    code: str
    file_name: str


def _scan_of(row: OutboxEvent) -> _Scan:
    try:
        payload = json.loads(row.payload)
        sha256 = str(payload["sha256"])
        attachment_id: uuid.UUID | None = uuid.UUID(str(payload["attachment_id"]))
        code, file_name = str(payload.get("code", "")), str(payload.get("file_name", ""))
    except (ValueError, KeyError, TypeError):
        sha256, attachment_id, code, file_name = "", None, "", ""
    return _Scan(
        seq=row.seq,
        event_id=row.id,
        acked=row.acked_at is not None,
        quarantined=row.quarantined_at is not None,
        sha256=sha256,
        attachment_id=attachment_id,
        code=code,
        file_name=file_name,
    )


def _attached(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these attachments are still attached here."""
    if not ids:
        return set()
    return set(session.scalars(select(Attachment.id).where(Attachment.id.in_(ids))))


def _settle_upload(
    workspace: Workspace, owner: UploadOwner, scan: _Scan, problem: str | None
) -> None:
    """``scan`` settled (uploaded or not to upload: ``problem`` None; else set aside with that
    reason), and the cursor moved over every settled event at its front, under the write
    lock (see the module's word)."""
    with workspace.write() as session:
        ledger = _load_ledger(workspace, session, owner)
        key = str(scan.event_id)
        if problem is None:
            ledger.problems.pop(key, None)
        elif key not in ledger.problems or ledger.problems[key]["reason"] != problem:
            ledger.problems[key] = {"reason": problem, "since": workspace.now().isoformat()}
        if scan.seq > ledger.after_seq:
            ledger.done.add(scan.seq)
        # Only settled events can be passed over: one more than those is all it may read.
        for row in _added_after(session, ledger.after_seq, limit=len(ledger.done) + 1):
            if row.seq not in ledger.done:
                break
            ledger.done.discard(row.seq)
            ledger.after_seq, ledger.after_event = row.seq, str(row.id)
        _save_ledger(workspace, ledger)


def upload_all(workspace: Workspace, client: SyncClient, owner: UploadOwner) -> tuple[int, int]:
    """Send the bytes of every scan waiting (see the module's word): those set aside first
    (they may have come back), then the new ones in the outbox's order, up to the first
    whose event the server has not acknowledged yet. ``owner``: the enrolled server's
    address and device (the ledger is theirs). Returns the scans sent and their bytes."""
    uploaded = uploaded_bytes = 0
    with workspace.read() as session:
        ledger = _load_ledger(workspace, session, owner)
        rows = _added_after(session, ledger.after_seq)
        set_aside = [uuid.UUID(key) for key in ledger.problems]
        earlier = session.scalars(
            select(OutboxEvent).where(
                OutboxEvent.id.in_(set_aside), OutboxEvent.seq <= ledger.after_seq
            )
        ).all()
        scans = [_scan_of(r) for r in earlier] + [
            _scan_of(r) for r in rows if r.seq not in ledger.done or str(r.id) in ledger.problems
        ]
        attached = _attached(session, [s.attachment_id for s in scans if s.attachment_id])
    for scan in scans:
        if not scan.acked and not scan.quarantined:
            break  # its event is not on the server yet: next round
        if scan.quarantined or scan.attachment_id not in attached or not scan.sha256:
            _settle_upload(workspace, owner, scan, None)  # nothing to send for it
            continue
        problem, sent = _upload_scan(workspace, client, scan.sha256)
        if problem is None:
            uploaded += 1
            uploaded_bytes += sent
        else:
            log.warning("scan %s set aside: %s", scan.sha256[:12], problem)
        _settle_upload(workspace, owner, scan, problem)
    return uploaded, uploaded_bytes


def _upload_scan(workspace: Workspace, client: SyncClient, sha256: str) -> tuple[str | None, int]:
    """Send one stored scan: (None, bytes sent) once the server holds it verified, or (a
    reason, 0) to set it aside. A network failure, a server error or a revoked device is
    raised: the round ends there and the next one resumes."""
    from desk_app.services.attachments import stored_path

    path = stored_path(workspace, sha256)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return "too_large", 0
        if sha256_of(path) != sha256:
            return "altered", 0
    except FileNotFoundError:
        return "missing", 0
    except OSError:
        return "unreadable", 0
    for attempt in (1, 2):
        try:
            return None, upload_blob(client, sha256, path, size)
        except AttachmentMismatch:
            if attempt == 2:
                return AttachmentMismatch.word, 0
        except ServerRefused as refused:  # a 4xx on this scan only: the others go on
            return refused.error[:ERROR_WORD_LENGTH], 0
        except FileNotFoundError:
            return "missing", 0
        except OSError:
            return "unreadable", 0
    raise AssertionError("unreachable")


def upload_blob(client: SyncClient, sha256: str, path: Path, size: int) -> int:
    """Send the ``size`` bytes of ``path`` as the scan ``sha256``, from where the server's
    upload stands (nothing sent when it holds them already); the bytes sent.
    `AttachmentMismatch` when the server dropped the whole because it did not verify."""
    state = client.attachment_state(sha256)
    sent = 0
    moved_on = 0
    with path.open("rb") as stream:
        while not state.complete:
            offset = state.received if state.size == size else 0
            stream.seek(offset)
            data = stream.read(max(1, min(ATTACHMENT_CHUNK_BYTES, state.chunk_limit)))
            if not data:  # the file is shorter than it was a moment ago
                raise FileNotFoundError(path)
            try:
                state = client.put_chunk(sha256, offset, size, data)
            except ServerRefused as refused:
                moved_on += 1
                if refused.error not in _MOVED_ON or moved_on > _MOVED_ON_TRIES:
                    raise
                state = client.attachment_state(sha256)  # another round of ours moved it on
                continue
            sent += len(data)
    return sent


@dataclass(frozen=True)
class UploadsView:
    waiting: int
    problems: tuple[AttachmentProblem, ...]


def uploads_view(workspace: Workspace, session: Session, owner: UploadOwner) -> UploadsView:
    """How many scans wait to be sent, and those set aside, as the ledger and outbox say."""
    ledger = _load_ledger(workspace, session, owner)
    pending = [
        _scan_of(r)
        for r in _added_after(session, ledger.after_seq)
        if r.seq not in ledger.done and r.quarantined_at is None
    ]
    problem_rows = session.scalars(
        select(OutboxEvent).where(OutboxEvent.id.in_([uuid.UUID(k) for k in ledger.problems]))
    ).all()
    aside = {row.id: _scan_of(row) for row in problem_rows}
    attached = _attached(
        session, [s.attachment_id for s in [*pending, *aside.values()] if s.attachment_id]
    )
    waiting = sum(1 for s in pending if s.attachment_id in attached and s.event_id not in aside)
    problems = tuple(
        AttachmentProblem(
            event_id=scan.event_id,
            code=scan.code,
            sha256=scan.sha256,
            file_name=scan.file_name,
            reason=ledger.problems[str(scan.event_id)]["reason"],
            since=datetime.fromisoformat(ledger.problems[str(scan.event_id)]["since"]),
        )
        for scan in sorted(aside.values(), key=lambda s: s.seq)
        if scan.attachment_id in attached
    )
    return UploadsView(waiting, problems)


@dataclass(frozen=True)
class AttachmentProblem:
    """A scan whose bytes cannot go to the server for now, with why in plain words (like a
    quarantined event, but tried again every round: it may come back or be attached again)."""

    event_id: uuid.UUID
    code: str  # the dossier's
    sha256: str
    file_name: str
    reason: str  # a machine word: "missing", "altered", "unreadable", "sha_mismatch", ...
    since: datetime

    @property
    def message(self) -> Message:
        msgid = _PROBLEM_TEXTS.get(self.reason, UPLOAD_REFUSED)
        return Message(msgid, {"file": self.file_name, "code": self.code, "reason": self.reason})
