"""Scanned documents of a dossier (issue 10, item 5): attach, list, check, take from a folder.

A scan belongs to one of a dossier's submitted components (by its position) or to its result.
The bytes are stored once per content, under their SHA-256 in the workstation's data folder
(``attachments/ab/abcdef...``), written whole or not at all (`write_atomically`); the database
row says which dossier, which component, the name it came with, its type and pages. Reading a
scan hashes it again, so a file altered or lost on the disk is reported, never shown as if it
were the scan taken.

A file is checked before anything is stored: not empty, not over `MAX_ATTACHMENT_BYTES`, its
content of the type its name says (PDF, JPEG, PNG, TIFF, by magic bytes), a PDF readable and
without a password. The same bytes attached twice to one dossier are refused as already
attached; attached to another dossier they are stored once and referred to twice.

Order of writes, so a failure leaves nothing half-done: the stored file is written (or found
intact) inside the database write transaction, whose lock every other writer waits for, and
only then is the row added and committed. A failed commit can leave a stored file no row
refers to, which nobody sees and the next attach of those bytes reuses; a row never points at
a file that was not written. A removal deletes the stored file after its commit, under a new
write lock, only when no row refers to it any more.

Digitisation (reference §6, "Digitisation rate = dossiers whose components and result are
stored digitally / all dossiers"; Directive 02/CT-TTg, reference §9): a dossier is digitised
when every submitted component that is required or was handed in has a scan and, once a result
exists, the result has one too.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import struct
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.dossier import ComponentKind
from desk_app.core.errors import N_, DeskError, Message, ValidationError
from desk_app.core.lifecycle import DossierState
from desk_app.core.roles import Act
from desk_app.core.text import clean
from desk_app.files import write_atomically
from desk_app.home import private_folder
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import find_dossier
from desk_app.services.permissions import require
from desk_app.store.models import Attachment, Dossier
from desk_app.sync.events import AttachmentAdded, AttachmentRemoved, MediaType

log = logging.getLogger(__name__)

# 50 MiB per file. A 300 dpi A4 page scans to 0.3-1 MB as a compressed PDF or JPEG and to about
# 25 MB as an uncompressed colour TIFF; a thick dossier of 30 pages at 300 dpi stays under this
# as PDF, while a file over it is almost always a scan at the wrong settings (600 dpi colour,
# no compression) that would fill the data folder and its backups. The whole file is read into
# memory to be hashed and checked, which 50 MB keeps cheap on a counter PC.
MAX_ATTACHMENT_BYTES = 50 * 1024 * 1024
STORE_FOLDER = "attachments"
# Scanner folders: what has just appeared may still be being written.
DEFAULT_SETTLE_SECONDS = 2.0
DONE_FOLDER = "done"
REFUSED_FOLDER = "refused"
# Files a desktop leaves in any folder: never scans, never reported.
_IGNORED_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store"})
_PARTIAL_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial")

# The types accepted, by the name's extension, and how each is named to the officer.
EXTENSIONS: dict[str, MediaType] = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
TYPE_NAMES: dict[MediaType, str] = {
    "application/pdf": "PDF",
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
}
# Where the PDF header may start: the specification lets it follow up to 1024 bytes of junk.
_PDF_HEADER_WINDOW = 1024

# Results exist from the result's recording on (core.lifecycle): then the result needs a scan.
_RESULT_STATES = frozenset({DossierState.RESULT_READY, DossierState.RETURNED})


# --- errors -----------------------------------------------------------------------------------


class AttachmentRefused(ValidationError):
    """The file cannot be attached as it is; nothing was stored."""

    def __init__(self, msgid: str, /, **params: Any) -> None:
        super().__init__(msgid, field="file", **params)


EMPTY = N_("Tệp rỗng (0 byte); không có gì để đính kèm.")
TOO_BIG = N_(
    "Tệp nặng {size} MB, quá giới hạn {limit} MB của một tệp đính kèm; hãy quét lại ở độ phân "
    "giải thấp hơn (200-300 dpi) hoặc chia thành nhiều tệp."
)
UNREADABLE = N_("Không đọc được tệp {path}: {reason}")
NOT_A_FILE = N_("{path} không phải là một tệp.")
UNKNOWN_TYPE = N_(
    "Chỉ đính kèm được tệp PDF, JPEG, PNG hoặc TIFF (đuôi .pdf, .jpg, .jpeg, .png, .tif, "
    ".tiff); tệp này có đuôi “{extension}”."
)
WRONG_TYPE = N_(
    "Tên tệp nói đây là tệp {claimed} nhưng nội dung là tệp {actual}; hãy chọn đúng tệp hoặc "
    "đặt lại tên cho đúng loại."
)
NOT_OF_TYPE = N_(
    "Tên tệp nói đây là tệp {claimed} nhưng nội dung không phải {claimed} (tệp hỏng hoặc "
    "không phải bản quét); hãy chọn đúng tệp."
)
DAMAGED = N_("Tệp {claimed} bị hỏng, không đọc được nội dung; hãy quét lại.")
PASSWORD = N_("Tệp PDF có mật khẩu; hãy lưu một bản không đặt mật khẩu rồi đính kèm.")


class AlreadyAttached(DeskError):
    msgid = N_(
        "Tệp này đã được đính kèm vào hồ sơ {code} ({target}) lúc {when}; không đính kèm lần nữa."
    )


class NoSuchComponent(ValidationError):
    msgid = N_("Hồ sơ {code} không có thành phần số {position}; các thành phần: {positions}.")


class ShownOnly(ValidationError):
    msgid = N_(
        "Thành phần số {position} của hồ sơ {code} chỉ xuất trình để đối chiếu và trả lại người "
        "nộp; không lưu bản quét của giấy tờ này."
    )


class NoDataFolder(DeskError):
    msgid = N_("Máy này không có thư mục dữ liệu để lưu tệp đính kèm.")


class AttachmentNotFound(DeskError):
    msgid = N_("Hồ sơ {code} không có tệp đính kèm “{ref}”.")


class AmbiguousAttachment(ValidationError):
    msgid = N_(
        "“{ref}” ứng với nhiều tệp đính kèm của hồ sơ {code}; hãy ghi thêm ký tự của mã tệp."
    )


class AttachmentDamaged(DeskError):
    """A stored scan is missing or no longer the bytes attached (`check_files` lists them)."""


MISSING = N_(
    "Tệp đính kèm {sha} của hồ sơ {code} không còn trong thư mục dữ liệu; hãy đính kèm lại bản "
    "quét."
)
ALTERED = N_(
    "Tệp đính kèm {sha} của hồ sơ {code} đã bị thay đổi sau khi đính kèm (mã băm không khớp); "
    "không dùng tệp này, hãy đính kèm lại bản quét."
)
STORE_UNREADABLE = N_("Không đọc được tệp đính kèm {sha} của hồ sơ {code}: {reason}")

RESULT_TARGET = N_("kết quả")
COMPONENT_TARGET = N_("thành phần số {position}")


def _target(position: int | None) -> Message:
    if position is None:
        return Message(RESULT_TARGET)
    return Message(COMPONENT_TARGET, {"position": position})


# --- checking a file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScannedFile:
    """A file that passed the checks, ready to store: its bytes and what was read from them."""

    file_name: str
    media_type: MediaType
    data: bytes = field(repr=False)
    sha256: str
    pages: int | None  # None: not counted (a BigTIFF)

    @property
    def size_bytes(self) -> int:
        return len(self.data)


def sniff(data: bytes) -> MediaType | None:
    """The accepted type the content's magic bytes say, if any."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:4] in (b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"):
        return "image/tiff"
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return "application/pdf"
    return None


def check_file(file_name: str, data: bytes) -> ScannedFile:
    """``data`` as the scan ``file_name`` says it is, or AttachmentRefused saying why not."""
    name = clean(Path(file_name).name) or "scan"
    if not data:
        raise AttachmentRefused(EMPTY)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(TOO_BIG, size=_megabytes(len(data)), limit=_megabytes())
    extension = Path(name).suffix.lower()
    claimed = EXTENSIONS.get(extension)
    if claimed is None:
        raise AttachmentRefused(UNKNOWN_TYPE, extension=extension or "-")
    actual = sniff(data)
    if actual is None:
        raise AttachmentRefused(NOT_OF_TYPE, claimed=TYPE_NAMES[claimed])
    if actual != claimed:
        raise AttachmentRefused(WRONG_TYPE, claimed=TYPE_NAMES[claimed], actual=TYPE_NAMES[actual])
    return ScannedFile(
        file_name=name,
        media_type=claimed,
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        pages=_pages(claimed, data),
    )


def read_file(path: Path) -> ScannedFile:
    """The file at ``path`` read (never more than the limit) and checked."""
    try:
        if not path.is_file():
            raise AttachmentRefused(NOT_A_FILE, path=str(path))
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > MAX_ATTACHMENT_BYTES:
                raise AttachmentRefused(TOO_BIG, size=_megabytes(size), limit=_megabytes())
            data = stream.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as error:
        raise AttachmentRefused(
            UNREADABLE, path=str(path), reason=error.strerror or type(error).__name__
        ) from error
    return check_file(path.name, data)


def _megabytes(size: int = MAX_ATTACHMENT_BYTES) -> str:
    return f"{size / (1024 * 1024):.1f}".removesuffix(".0")


def _pages(media_type: MediaType, data: bytes) -> int | None:
    if media_type == "application/pdf":
        return _pdf_pages(data)
    if media_type == "image/tiff":
        return _tiff_pages(data)
    return 1


def _pdf_pages(data: bytes) -> int:
    """The page count, read by pypdf: a PDF it cannot read would not show in the app either."""
    from pypdf import PasswordType, PdfReader

    damaged = AttachmentRefused(DAMAGED, claimed="PDF")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
            raise AttachmentRefused(PASSWORD)
        pages = len(reader.pages)
    except AttachmentRefused:
        raise
    except Exception as error:  # pypdf raises many kinds on a damaged file; all mean the same
        log.info("PDF refused as damaged: %s", type(error).__name__)
        raise damaged from error
    if pages < 1:
        raise damaged
    return pages


def _tiff_pages(data: bytes) -> int | None:
    """The number of images (IFDs) in a TIFF's chain; None for a BigTIFF (not counted)."""
    order = "<" if data[:2] == b"II" else ">"
    if data[2:4] in (b"+\x00", b"\x00+"):
        return None
    damaged = AttachmentRefused(DAMAGED, claimed="TIFF")
    if len(data) < 8:
        raise damaged
    (offset,) = struct.unpack(order + "I", data[4:8])
    seen: set[int] = set()
    while offset:
        if offset in seen or offset + 2 > len(data):
            raise damaged  # a loop, or a chain pointing outside the file
        seen.add(offset)
        (entries,) = struct.unpack(order + "H", data[offset : offset + 2])
        end = offset + 2 + 12 * entries
        if end + 4 > len(data):
            raise damaged
        (offset,) = struct.unpack(order + "I", data[end : end + 4])
    if not seen:
        raise damaged
    return len(seen)


# --- records -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AttachmentRecord:
    """A scan of a dossier as screens and the CLI show it (a display record)."""

    id: uuid.UUID
    code: str
    component_position: int | None  # None: the result
    component_name: str  # "" for the result
    file_name: str
    media_type: str
    size_bytes: int
    pages: int | None
    sha256: str
    added_at: datetime
    officer_name: str

    @property
    def target(self) -> Message:
        return _target(self.component_position)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            key: str(value) if isinstance(value, uuid.UUID) else value
            for key, value in self.__dict__.items()
        }
        data["added_at"] = self.added_at.isoformat()
        data["added_at_local"] = self.added_at.astimezone(OFFICE_TZ).isoformat()
        return data


@dataclass(frozen=True)
class ComponentScans:
    """One submitted component and how many scans it has."""

    position: int
    name: str
    required: bool
    received: bool
    scans: int

    @property
    def needed(self) -> bool:
        """A required paper, or one handed in anyway, must be stored digitally too."""
        return self.required or self.received


@dataclass(frozen=True)
class DigitisationStatus:
    """Which papers of a dossier are scanned: the dossier's share of the digitisation rate."""

    code: str
    components: tuple[ComponentScans, ...]  # the submitted ones, in order
    result_needed: bool  # a result has been recorded
    result_scans: int

    @property
    def missing(self) -> tuple[int, ...]:
        """Positions of needed components without a scan."""
        return tuple(c.position for c in self.components if c.needed and not c.scans)

    @property
    def components_digitised(self) -> bool:
        return not self.missing

    @property
    def digitised(self) -> bool:
        """Counted as digitised (reference §6): components and, once it exists, the result."""
        return self.components_digitised and (self.result_scans > 0 or not self.result_needed)

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "components": [c.__dict__ | {"needed": c.needed} for c in self.components],
            "missing": list(self.missing),
            "components_digitised": self.components_digitised,
            "result_needed": self.result_needed,
            "result_scans": self.result_scans,
            "digitised": self.digitised,
        }


@dataclass(frozen=True)
class DossierFiles:
    """A dossier's scans with its digitisation status."""

    code: str
    attachments: tuple[AttachmentRecord, ...]
    status: DigitisationStatus

    def to_json(self) -> dict[str, object]:
        return {
            "code": self.code,
            "attachments": [a.to_json() for a in self.attachments],
            "status": self.status.to_json(),
        }


Problem = Literal["missing", "altered", "unreadable"]


@dataclass(frozen=True)
class FileProblem:
    attachment: AttachmentRecord
    problem: Problem
    message: Message


@dataclass(frozen=True)
class IntegrityReport:
    """Every scan of a dossier hashed again: what is missing or no longer what was attached."""

    code: str
    checked: int
    problems: tuple[FileProblem, ...]

    @property
    def intact(self) -> bool:
        return not self.problems


# --- the store ---------------------------------------------------------------------------------


def _store(workspace: Workspace) -> Path:
    if workspace.home is None:
        raise NoDataFolder()
    return workspace.home / STORE_FOLDER


def stored_path(workspace: Workspace, sha256: str) -> Path:
    """Where the bytes with ``sha256`` are kept (two-letter folders keep each one small)."""
    return _store(workspace) / sha256[:2] / sha256


def _intact(path: Path, sha256: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


def _keep(workspace: Workspace, scanned: ScannedFile) -> None:
    """The bytes stored under their hash: written whole if absent, rewritten if altered."""
    path = stored_path(workspace, scanned.sha256)
    if path.is_file() and _intact(path, scanned.sha256):
        return
    private_folder(path.parent)
    write_atomically(path, scanned.data)


def _read_stored(workspace: Workspace, row: Attachment, code: str) -> bytes:
    path = stored_path(workspace, row.sha256)
    short = row.sha256[:12]
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise AttachmentDamaged(MISSING, sha=short, code=code) from None
    except OSError as error:
        raise AttachmentDamaged(
            STORE_UNREADABLE, sha=short, code=code, reason=error.strerror or type(error).__name__
        ) from error
    if hashlib.sha256(data).hexdigest() != row.sha256:
        raise AttachmentDamaged(ALTERED, sha=short, code=code)
    return data


# --- use cases ---------------------------------------------------------------------------------


def attach_file(
    workspace: Workspace, actor: Actor, code: str, path: Path, *, component: int | None
) -> AttachmentRecord:
    """Attach the scan at ``path`` to component ``component`` of dossier ``code`` (None: to its
    result). Refused with a plain reason when the file or the target is not right."""
    return attach_scan(workspace, actor, code, read_file(path), component=component)


def attach_bytes(
    workspace: Workspace,
    actor: Actor,
    code: str,
    file_name: str,
    data: bytes,
    *,
    component: int | None,
) -> AttachmentRecord:
    """`attach_file` for bytes already in memory (a drop from another program, a scanner API)."""
    return attach_scan(workspace, actor, code, check_file(file_name, data), component=component)


def attach_scan(
    workspace: Workspace, actor: Actor, code: str, scanned: ScannedFile, *, component: int | None
) -> AttachmentRecord:
    """Store a checked file and attach it, in one transaction with its audit entry and event."""
    require(workspace, actor, Act.LIFECYCLE)
    _store(workspace)  # no data folder: refused before anything is written
    with workspace.write() as session:
        dossier = find_dossier(session, actor, code)
        _check_target(dossier, component)
        earlier = session.scalar(
            select(Attachment).where(
                Attachment.dossier_id == dossier.id, Attachment.sha256 == scanned.sha256
            )
        )
        if earlier is not None:
            raise AlreadyAttached(
                code=dossier.code,
                target=_target(earlier.component_position),
                when=_local_text(earlier.added_at),
            )
        _keep(workspace, scanned)
        officer = actor.officer
        row = Attachment(
            dossier_id=dossier.id,
            component_position=component,
            sha256=scanned.sha256,
            file_name=scanned.file_name,
            media_type=scanned.media_type,
            size_bytes=scanned.size_bytes,
            pages=scanned.pages,
            added_at=workspace.now(),
            officer_id=officer.id if officer else None,
            officer_name=officer.full_name if officer else "",
            workstation_id=actor.workstation.id if actor.workstation else None,
        )
        session.add(row)
        session.flush()
        record_change(
            session,
            workspace,
            actor,
            AttachmentAdded(
                dossier_id=dossier.id,
                code=dossier.code,
                attachment_id=row.id,
                component_position=component,
                sha256=scanned.sha256,
                size_bytes=scanned.size_bytes,
                media_type=scanned.media_type,
                pages=scanned.pages,
                file_name=scanned.file_name,
            ),
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
        )
        return _record(dossier, row)


def detach_file(workspace: Workspace, actor: Actor, code: str, ref: str) -> AttachmentRecord:
    """Take the scan ``ref`` (its SHA-256 or the start of it, as `list_files` shows) off the
    dossier; the stored bytes are deleted when no other dossier refers to them."""
    require(workspace, actor, Act.LIFECYCLE)
    with workspace.write() as session:
        dossier = find_dossier(session, actor, code)
        row = _find_attachment(session, dossier, ref)
        record = _record(dossier, row)
        session.delete(row)
        record_change(
            session,
            workspace,
            actor,
            AttachmentRemoved(
                dossier_id=dossier.id,
                code=dossier.code,
                attachment_id=row.id,
                component_position=row.component_position,
                sha256=row.sha256,
            ),
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
        )
    _forget_unreferenced(workspace, record.sha256)
    return record


def _forget_unreferenced(workspace: Workspace, sha256: str) -> None:
    """Delete the stored bytes if no row refers to them, under the write lock an attach of the
    same bytes also takes (so it cannot lose a file it has just found in place)."""
    try:
        with workspace.write() as session:
            used = session.scalar(
                select(func.count()).select_from(Attachment).where(Attachment.sha256 == sha256)
            )
            if not used:
                stored_path(workspace, sha256).unlink(missing_ok=True)
    except (DeskError, OSError) as error:  # the removal is committed; a leftover file is harmless
        log.warning("stored scan not deleted: %s", type(error).__name__)


def list_files(workspace: Workspace, actor: Actor, code: str) -> DossierFiles:
    """The dossier's scans, components first in order then the result, and its status."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        rows = _rows(session, dossier)
        return DossierFiles(
            code=dossier.code,
            attachments=tuple(_record(dossier, r) for r in rows),
            status=_status(dossier, rows),
        )


def digitisation_status(workspace: Workspace, actor: Actor, code: str) -> DigitisationStatus:
    return list_files(workspace, actor, code).status


def status_in(session: Session, dossier: Dossier) -> DigitisationStatus:
    """The dossier's digitisation status read in ``session`` (the dossier view's line)."""
    return _status(dossier, _rows(session, dossier))


def check_files(workspace: Workspace, actor: Actor, code: str) -> IntegrityReport:
    """Every scan of the dossier read and hashed again."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        rows = _rows(session, dossier)
        records = [(_record(dossier, r), r) for r in rows]
        problems = []
        for record, row in records:
            try:
                _read_stored(workspace, row, dossier.code)
            except AttachmentDamaged as error:
                problems.append(FileProblem(record, _problem_of(error), error.message))
        return IntegrityReport(dossier.code, len(records), tuple(problems))


def _problem_of(error: AttachmentDamaged) -> Problem:
    if error.msgid == MISSING:
        return "missing"
    if error.msgid == ALTERED:
        return "altered"
    return "unreadable"


def read_attachment(workspace: Workspace, actor: Actor, code: str, ref: str) -> bytes:
    """The scan's bytes for viewing, hashed again first: AttachmentDamaged if they changed."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        row = _find_attachment(session, dossier, ref)
        return _read_stored(workspace, row, dossier.code)


# --- a watched scanner folder -----------------------------------------------------------------


@dataclass(frozen=True)
class FolderFile:
    """A file met in a scanner folder and where it went."""

    name: str
    moved_to: Path | None  # None: left in place (it could not be moved)
    attachment: AttachmentRecord | None = None
    refusal: Message | None = None


@dataclass(frozen=True)
class FolderIntake:
    """One pass over a scanner folder: what was attached, already there, or refused."""

    attached: tuple[FolderFile, ...] = ()
    already_attached: tuple[FolderFile, ...] = ()
    refused: tuple[FolderFile, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.attached or self.already_attached or self.refused)


def take_from_folder(
    workspace: Workspace,
    actor: Actor,
    code: str,
    folder: Path,
    *,
    component: int | None,
    settle_seconds: float = DEFAULT_SETTLE_SECONDS,
) -> FolderIntake:
    """Attach each new file in ``folder`` to ``code``'s component (None: its result).

    The GUI calls this on a timer. A file is moved to ``done/`` only after its attachment was
    committed; one already attached to this dossier (a pass cut off between the commit and the
    move) goes there too. A refused file goes to ``refused/`` so it is reported once. Files
    younger than ``settle_seconds`` (a scanner still writing), hidden, partial or system files
    are left alone; so are sub-folders.
    """
    found = _new_files(folder, settle_seconds)
    attached: list[FolderFile] = []
    duplicates: list[FolderFile] = []
    refused: list[FolderFile] = []
    for path in found:
        try:
            record = attach_file(workspace, actor, code, path, component=component)
        except AlreadyAttached as error:
            duplicates.append(FolderFile(path.name, _move(path, DONE_FOLDER), None, error.message))
        except AttachmentRefused as error:
            refused.append(FolderFile(path.name, _move(path, REFUSED_FOLDER), None, error.message))
        else:
            attached.append(FolderFile(path.name, _move(path, DONE_FOLDER), record))
    return FolderIntake(tuple(attached), tuple(duplicates), tuple(refused))


def _new_files(folder: Path, settle_seconds: float) -> list[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name.casefold())
    except OSError as error:
        raise AttachmentRefused(
            UNREADABLE, path=str(folder), reason=error.strerror or type(error).__name__
        ) from error
    now = time.time()  # file times are the real clock's, not the workspace's
    chosen = []
    for path in entries:
        name = path.name
        lowered = name.casefold()
        if name.startswith((".", "~")) or lowered in _IGNORED_NAMES:
            continue
        if lowered.endswith(_PARTIAL_SUFFIXES):
            continue
        try:
            if not path.is_file() or now - path.stat().st_mtime < settle_seconds:
                continue
        except OSError:
            continue
        chosen.append(path)
    return chosen


def _move(path: Path, subfolder: str) -> Path | None:
    """``path`` moved into ``subfolder`` beside it, never over a file already there."""
    target_folder = path.parent / subfolder
    try:
        target_folder.mkdir(exist_ok=True)
        stem, suffix = path.stem, path.suffix
        target = target_folder / path.name
        number = 2
        while target.exists():
            target = target_folder / f"{stem} ({number}){suffix}"
            number += 1
        os.replace(path, target)
    except OSError as error:
        log.warning("scanner folder file not moved: %s", type(error).__name__)
        return None
    return target


# --- helpers -----------------------------------------------------------------------------------


def _check_target(dossier: Dossier, position: int | None) -> None:
    if position is None:
        return
    component = next((c for c in dossier.components if c.position == position), None)
    if component is None:
        positions = ", ".join(str(c.position) for c in dossier.components) or "-"
        raise NoSuchComponent(
            field="component", code=dossier.code, position=position, positions=positions
        )
    if component.kind is ComponentKind.SHOWN:
        raise ShownOnly(field="component", code=dossier.code, position=position)


def _rows(session: Session, dossier: Dossier) -> Sequence[Attachment]:
    rows = session.scalars(
        select(Attachment).where(Attachment.dossier_id == dossier.id).order_by(Attachment.added_at)
    ).all()
    # Components in their order, the result last; within one, as attached.
    return sorted(rows, key=lambda r: (r.component_position is None, r.component_position or 0))


def _find_attachment(session: Session, dossier: Dossier, ref: str) -> Attachment:
    wanted = ref.strip().lower()
    rows = [r for r in _rows(session, dossier) if wanted and r.sha256.startswith(wanted)]
    if not rows:
        raise AttachmentNotFound(code=dossier.code, ref=clean(ref)[:64])
    if len(rows) > 1:
        raise AmbiguousAttachment(field="ref", code=dossier.code, ref=clean(ref)[:64])
    return rows[0]


def _record(dossier: Dossier, row: Attachment) -> AttachmentRecord:
    names = {c.position: c.name for c in dossier.components}
    position = row.component_position
    return AttachmentRecord(
        id=row.id,
        code=dossier.code,
        component_position=position,
        component_name=names.get(position, "") if position is not None else "",
        file_name=row.file_name,
        media_type=row.media_type,
        size_bytes=row.size_bytes,
        pages=row.pages,
        sha256=row.sha256,
        added_at=row.added_at.astimezone(UTC),
        officer_name=row.officer_name,
    )


def _status(dossier: Dossier, rows: Sequence[Attachment]) -> DigitisationStatus:
    counts: dict[int | None, int] = {}
    for row in rows:
        counts[row.component_position] = counts.get(row.component_position, 0) + 1
    components = tuple(
        ComponentScans(c.position, c.name, c.required, c.received, counts.get(c.position, 0))
        for c in dossier.components
        if c.kind is ComponentKind.SUBMITTED
    )
    return DigitisationStatus(
        code=dossier.code,
        components=components,
        result_needed=dossier.state in _RESULT_STATES,
        result_scans=counts.get(None, 0),
    )


def _local_text(moment: datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y")
