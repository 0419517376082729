"""The bytes of scans on the district server (issue 11, item 5): in chunks, verified on arrival.

An ``attachment.added`` event carries a scan's SHA-256 and size only; its bytes follow, once
the server acknowledged the event, through two device-authenticated endpoints scoped to the
device's office:

- ``GET /api/attachments/{sha256}``: what the server holds of it (`AttachmentState`): nothing
  yet, ``received`` bytes of a declared ``size`` (an upload cut off resumes there), or
  ``complete``.
- ``PUT /api/attachments/{sha256}/chunks?offset=N&size=TOTAL`` with up to
  ATTACHMENT_CHUNK_BYTES of raw bytes (``application/octet-stream``). A chunk is appended only
  at the current end: one that starts past it (a gap) is refused with 409 ``offset_gap``; one
  that ends at or before it (a repeat, after a lost reply) is answered with the state as it
  is, and only its new tail, if any, is written. When ``size`` bytes are there the file is
  hashed: if it is ``sha256`` it is kept, else it and its row are removed and the answer is a
  422 ``sha_mismatch``: the workstation sends it again from byte 0. A file over
  MAX_ATTACHMENT_BYTES (50 MiB, the workstation's own limit) or a chunk over the chunk limit
  is a 413 in plain words.

Where the bytes live. A folder of the server's (``blob_dir`` of `create_district_app`); by
default ``attachments/`` beside the SQLite file (``<home>/server/attachments`` for the
default database), and for PostgreSQL, whose database has no folder of its own,
``<DESK_APP_HOME>/server/attachments`` on the machine that serves (several server processes
must share one such folder). Each office has a folder of its own; inside it, a verified file
is kept under its hash (``<office>/ab/abcdef...``), content-addressed; an upload under way
grows in ``partial/<office>/<sha256>.part``, every chunk flushed and fsync'ed before its row
says it arrived, and only the verified whole is moved into place with `os.replace` (then the
folder fsync'ed): a kept file is always complete and verified. The server's own database
backup does not copy this folder: copy it beside the backup (its files never change once
kept).

Order of writes, so a crash loses nothing that was acknowledged: the chunk reaches the disk
first, then the row's ``received_bytes`` commits, and only then is the chunk answered. A crash
in between leaves a partial file longer than its row says; the next chunk is written at the
row's offset and the file cut there. A partial file shorter than its row (a lost disk) counts
as what it holds. A kept file that disappeared is reported as not there, so the workstation
sends it again. Two requests for one blob are serialised by the row (``SELECT ... FOR UPDATE``
on PostgreSQL, the single writer on SQLite), and the file is written inside that transaction.

Office scope: the row's key is (office, SHA-256), so a device of another office that asks for
the same hash sees nothing of this office's upload, and what it sends is its own.

Only announced scans. A device may not fill the server's disk with bytes of its choosing: the
chunk that would begin a file (make its row, or declare it again with another size) is taken
only when the device's office has an accepted ``attachment.added`` event
(``received_event``) with this SHA-256 and exactly this ``size_bytes``; otherwise it is a 409
``not_announced`` in plain words, and nothing is written. The workstation sends a scan's bytes
only after the server acknowledged its event, so it never meets this answer (were it to, it
sets the scan aside with that reason and tries again the next round). The candidates are found
by a ``LIKE`` on the event's canonical JSON within the office's ``attachment.added`` events
(the index on office and kind), then read exactly. A ``GET`` of a hash not announced answers
as for any hash the server holds nothing of (nothing yet): it reveals nothing and writes
nothing.
"""

from __future__ import annotations

import json
import logging
import os
import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from desk_app.core.errors import N_, DeskError
from desk_app.files import sha256_of, sync_folder
from desk_app.home import data_home, private_folder
from desk_app.server.schema import AttachmentBlob, Device, ReceivedEvent
from desk_app.services.context import Clock
from desk_app.store.db import Database
from desk_app.sync.protocol import (
    ATTACHMENT_CHUNK_BYTES,
    MAX_ATTACHMENT_BYTES,
    SHA256_PATTERN,
    AttachmentState,
    ErrorOut,
)

log = logging.getLogger(__name__)

BLOB_FOLDER = "attachments"
PARTIAL_FOLDER = "partial"
ANNOUNCED_KIND = "attachment.added"
_SHA256 = re.compile(SHA256_PATTERN)


# --- errors ----------------------------------------------------------------------------------


class BlobRefused(DeskError):
    """An answer of these endpoints with its status and machine word (ErrorOut.error)."""

    status = 400
    word = "bad_request"


class AttachmentTooLarge(BlobRefused):
    status, word = 413, "attachment_too_large"
    msgid = N_(
        "Tệp đính kèm nặng {size} byte, quá giới hạn {limit} byte (50 MiB) của một tệp; máy chủ "
        "quận không nhận tệp này."
    )


class ChunkTooLarge(BlobRefused):
    status, word = 413, "chunk_too_large"
    msgid = N_(
        "Một phần tệp đính kèm gửi lên nặng {size} byte, quá giới hạn {limit} byte của một "
        "phần; hãy gửi tệp thành nhiều phần nhỏ hơn."
    )


class EmptyChunk(BlobRefused):
    status, word = 422, "empty_chunk"
    msgid = N_("Phần tệp đính kèm gửi lên không có byte nào.")


class BeyondSize(BlobRefused):
    status, word = 422, "beyond_size"
    msgid = N_("Phần tệp đính kèm gửi lên vượt quá kích thước đã khai của tệp ({size} byte).")


class OffsetGap(BlobRefused):
    status, word = 409, "offset_gap"
    msgid = N_(
        "Phần tệp đính kèm gửi lên bắt đầu ở byte {offset} nhưng máy chủ mới nhận {received} "
        "byte; hãy gửi tiếp từ byte {received}."
    )


class SizeDiffers(BlobRefused):
    status, word = 409, "size_differs"
    msgid = N_(
        "Tệp đính kèm này đang được nhận với kích thước {size} byte, khác kích thước {declared} "
        "byte vừa khai; hãy gửi lại tệp từ byte 0."
    )


class ShaMismatch(BlobRefused):
    status, word = 422, "sha_mismatch"
    msgid = N_(
        "Đã nhận đủ {size} byte của tệp đính kèm nhưng mã băm SHA-256 không khớp; máy chủ quận "
        "đã bỏ toàn bộ tệp này, hãy gửi lại từ đầu."
    )


class NotAnnounced(BlobRefused):
    status, word = 409, "not_announced"
    msgid = N_(
        "Máy chủ quận chưa nhận được sự kiện hồ sơ nào của đơn vị này đính kèm tệp quét này "
        "(kích thước {size} byte) nên chưa nhận tệp; hãy để máy trạm gửi các sự kiện hồ sơ lên "
        "trước rồi gửi lại tệp."
    )


def _refusal(error: BlobRefused) -> JSONResponse:
    body = ErrorOut(error=error.word, message=error.message.render())
    return JSONResponse(body.model_dump(mode="json"), status_code=error.status)


# --- where the bytes live ----------------------------------------------------------------------


def default_blob_dir(db: Database) -> FilePath:
    """``attachments/`` beside an SQLite file; for any other database (PostgreSQL) the one in
    the server's data folder, ``<DESK_APP_HOME>/server/attachments``."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        return FilePath(url.database).resolve().parent / BLOB_FOLDER
    return data_home() / "server" / BLOB_FOLDER


@dataclass(frozen=True)
class BlobStore:
    """The attachment folder: kept files by office and hash, uploads under way apart."""

    root: FilePath

    @staticmethod
    def relative(office_id: uuid.UUID, sha256: str) -> str:
        return f"{office_id.hex}/{sha256[:2]}/{sha256}"

    def kept(self, office_id: uuid.UUID, sha256: str) -> FilePath:
        return self.root / self.relative(office_id, sha256)

    def partial(self, office_id: uuid.UUID, sha256: str) -> FilePath:
        return self.root / PARTIAL_FOLDER / office_id.hex / f"{sha256}.part"

    def folder(self, path: FilePath) -> FilePath:
        """``path``'s folder made (private, as every folder from the root down to it)."""
        private_folder(self.root)
        relative = path.parent.relative_to(self.root)
        current = self.root
        for part in relative.parts:
            current = private_folder(current / part)
        return current


def _size_of(path: FilePath) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _write_at(path: FilePath, at: int, data: bytes) -> None:
    """``data`` written at byte ``at`` of ``path`` (made if missing), the file cut right after
    it, and all of it on the disk before this returns."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0)
    handle = os.open(path, flags, 0o600)
    try:
        os.lseek(handle, at, os.SEEK_SET)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        os.ftruncate(handle, at + len(data))
        os.fsync(handle)
    finally:
        os.close(handle)


# --- the state and the chunks ------------------------------------------------------------------


def _state(
    store: BlobStore, row: AttachmentBlob | None, sha256: str, now: datetime
) -> AttachmentState:
    def state(size: int | None, received: int, complete: bool) -> AttachmentState:
        return AttachmentState(
            sha256=sha256,
            size=size,
            received=received,
            complete=complete,
            chunk_limit=ATTACHMENT_CHUNK_BYTES,
            server_time=now,
        )

    if row is None:
        return state(None, 0, False)
    if row.complete:
        if store.kept(row.office_id, sha256).is_file():
            return state(row.size_bytes, row.size_bytes, True)
        return state(row.size_bytes, 0, False)  # its file was lost here: send it again
    held = min(row.received_bytes, _size_of(store.partial(row.office_id, sha256)))
    return state(row.size_bytes, held, False)


def blob_state(
    db: Database, store: BlobStore, device: Device, sha256: str, now: datetime
) -> AttachmentState:
    """What the server holds of ``sha256`` for the device's office."""
    with db.read() as session:
        row = session.get(AttachmentBlob, (device.office_id, sha256))
        return _state(store, row, sha256, now)


def announced(session: Session, office_id: uuid.UUID, sha256: str, size: int) -> bool:
    """Whether the office has an accepted ``attachment.added`` event of the scan ``sha256``
    of exactly ``size`` bytes (see the module's word)."""
    if not _SHA256.fullmatch(sha256):  # 64 lowercase hex: nothing a LIKE would read as a pattern
        return False
    candidates = session.scalars(
        select(ReceivedEvent.envelope).where(
            ReceivedEvent.office_id == office_id,
            ReceivedEvent.kind == ANNOUNCED_KIND,
            ReceivedEvent.envelope.like(f'%"sha256":"{sha256}"%'),
        )
    )
    for text in candidates:
        try:
            payload = json.loads(text).get("payload")
        except (ValueError, AttributeError):
            continue
        if not isinstance(payload, dict) or payload.get("sha256") != sha256:
            continue
        declared = payload.get("size_bytes")
        if isinstance(declared, int) and not isinstance(declared, bool) and declared == size:
            return True
    return False


def _check_announced(session: Session, device: Device, sha256: str, size: int) -> None:
    if not announced(session, device.office_id, sha256, size):
        log.warning(
            "attachment %s (%d bytes) refused for office %s: no attachment.added event for it",
            sha256[:12],
            size,
            device.office_id,
        )
        raise NotAnnounced(size=size)


def _ensure_row(db: Database, device: Device, sha256: str, size: int, now: datetime) -> None:
    """The blob's row, made if missing (two first chunks at once: one insert wins); only for
    a scan the office announced (`NotAnnounced` otherwise)."""
    key = (device.office_id, sha256)
    with db.read() as session:
        if session.get(AttachmentBlob, key) is not None:
            return
        _check_announced(session, device, sha256, size)
    try:
        with db.write() as session:
            if session.get(AttachmentBlob, key) is None:
                session.add(_new_row(device, sha256, size, now))
    except IntegrityError:
        pass  # made meanwhile by another request: that one is used


def _new_row(device: Device, sha256: str, size: int, now: datetime) -> AttachmentBlob:
    return AttachmentBlob(
        office_id=device.office_id,
        sha256=sha256,
        device_id=device.id,
        size_bytes=size,
        received_bytes=0,
        complete=False,
        storage="",
        started_at=now,
        updated_at=now,
        completed_at=None,
    )


def put_chunk(
    db: Database,
    store: BlobStore,
    device: Device,
    sha256: str,
    offset: int,
    size: int,
    data: bytes,
    now: datetime,
) -> AttachmentState:
    """Append ``data`` at ``offset`` of the ``size``-byte file ``sha256`` (see the module's
    word); the state after it, or a `BlobRefused`."""
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentTooLarge(size=size, limit=MAX_ATTACHMENT_BYTES)
    if len(data) > ATTACHMENT_CHUNK_BYTES:
        raise ChunkTooLarge(size=len(data), limit=ATTACHMENT_CHUNK_BYTES)
    if not data:
        raise EmptyChunk()
    if offset + len(data) > size:
        raise BeyondSize(size=size)
    _ensure_row(db, device, sha256, size, now)
    mismatch = False
    answer: AttachmentState | None
    with db.write() as session:
        row = session.scalar(
            select(AttachmentBlob)
            .where(AttachmentBlob.office_id == device.office_id, AttachmentBlob.sha256 == sha256)
            .with_for_update()
        )
        if row is None:  # removed after a mismatch since _ensure_row: begin again
            _check_announced(session, device, sha256, size)
            row = _new_row(device, sha256, size, now)
            session.add(row)
        kept, partial = store.kept(row.office_id, sha256), store.partial(row.office_id, sha256)
        if row.complete and not kept.is_file():  # its file was lost here: take it again
            row.complete, row.received_bytes, row.storage, row.completed_at = False, 0, "", None
        if row.complete:
            if size != row.size_bytes:
                raise SizeDiffers(size=row.size_bytes, declared=size)
            return _state(store, row, sha256, now)
        if size != row.size_bytes:
            if offset != 0:
                raise SizeDiffers(size=row.size_bytes, declared=size)
            _check_announced(session, device, sha256, size)  # a new file: announced too
            row.size_bytes, row.received_bytes = size, 0  # begun again from byte 0
        held = min(row.received_bytes, _size_of(partial))
        if offset > held:
            raise OffsetGap(offset=offset, received=held)
        row.received_bytes = held
        end = offset + len(data)
        if end > held:  # only the new tail of a chunk that overlaps what is here
            store.folder(partial)
            _write_at(partial, held, data[held - offset :])
            row.received_bytes, row.updated_at, row.device_id = end, now, device.id
        if row.received_bytes == row.size_bytes:
            if sha256_of(partial) == sha256:
                store.folder(kept)
                os.replace(partial, kept)
                sync_folder(kept.parent)
                row.complete, row.completed_at = True, now
                row.storage = store.relative(row.office_id, sha256)
                log.info("attachment %s of office %s kept", sha256[:12], row.office_id)
            else:
                partial.unlink(missing_ok=True)
                session.delete(row)
                mismatch = True
        answer = None if mismatch else _state(store, row, sha256, now)
    if answer is None:
        log.warning("attachment %s: the bytes did not match their SHA-256; dropped", sha256[:12])
        raise ShaMismatch(size=size)
    return answer


# --- the routes --------------------------------------------------------------------------------


def current_device(request: Request) -> Device:  # def: FastAPI runs it in a worker thread
    """The device of the bearer token, as every sync endpoint has it (district.py)."""
    from desk_app.server.district import current_device as device_of

    return device_of(request)


Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="the scan's SHA-256, hex")]
Who = Annotated[Device, Depends(current_device)]

_CHUNK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


async def _chunk_of(request: Request) -> bytes:
    """The request's body, refused as soon as it is known to be over the chunk limit."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > ATTACHMENT_CHUNK_BYTES:
        raise ChunkTooLarge(size=int(declared), limit=ATTACHMENT_CHUNK_BYTES)
    parts: list[bytes] = []
    seen = 0
    async for part in request.stream():
        seen += len(part)
        if seen > ATTACHMENT_CHUNK_BYTES:
            raise ChunkTooLarge(size=seen, limit=ATTACHMENT_CHUNK_BYTES)
        parts.append(part)
    return b"".join(parts)


def add_routes(app: FastAPI, db: Database, clock: Clock, blob_dir: FilePath) -> None:
    """The two attachment endpoints over the folder ``blob_dir``."""
    store = BlobStore(blob_dir)
    app.state.district_blobs = store
    errors: dict[int | str, dict[str, Any]] = {
        code: {"model": ErrorOut} for code in (401, 409, 413, 422)
    }

    @app.exception_handler(BlobRefused)
    async def refused(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, BlobRefused)
        return _refusal(error)

    @app.get("/api/attachments/{sha256}", responses=errors)
    def attachment_state(sha256: Sha256, who: Who) -> AttachmentState:
        return blob_state(db, store, who, sha256, clock())

    @app.put("/api/attachments/{sha256}/chunks", responses=errors, openapi_extra=_CHUNK_BODY)
    async def attachment_chunk(
        request: Request,
        sha256: Sha256,
        who: Who,
        offset: Annotated[int, Query(ge=0, le=MAX_ATTACHMENT_BYTES)],
        size: Annotated[int, Query(ge=1)],
    ) -> AttachmentState:
        data = await _chunk_of(request)
        answer: AttachmentState = await run_in_threadpool(
            put_chunk, db, store, who, sha256, offset, size, data, clock()
        )
        return answer
