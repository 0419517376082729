"""The paper folder's hand-over log (issue 10, item 6): who passed a dossier's papers to whom.

The usual input is a handheld scanner reading the receipt's barcode, one line per folder, so
each line is read as `core.codes.parse_code` reads a code (white space, lower case forgiven)
and a line that is not one is refused with its line number. A batch is checked whole before
anything is written: every line a code, no code twice, every dossier found; then all of it is
recorded in one transaction (one row and one event per dossier, sharing the batch's id), so a
bad line never leaves half a batch recorded.

Pages: the count the receiver checks. Not given, a folder keeps the count of its previous
hand-over; a folder never counted has 0, printed blank on the list to be written by hand.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.codes import parse_code
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.roles import Act
from desk_app.core.text import clean
from desk_app.files import write_atomically
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace, read_office
from desk_app.services.dossiers import find_dossier
from desk_app.services.errors import NotFound
from desk_app.services.permissions import require
from desk_app.store.models import Dossier, FolderHandover
from desk_app.store.types import new_id
from desk_app.sync.events import FolderHandedOver

MAX_PAGES = 100_000  # a folder of more is a typing slip
MAX_BATCH = 500  # one trolley of folders; a longer list is a scanner gone wrong
NAME_LENGTH = 200  # the Name column's width


class BadScanLine(ValidationError):
    """A line of the batch is refused; ``reason`` says why, ``number`` where."""

    msgid = N_("Dòng {number}: {reason}")


class EmptyBatch(ValidationError):
    msgid = N_("Chưa có mã hồ sơ nào để bàn giao; hãy quét mã trên giấy tiếp nhận.")


class BatchTooLong(ValidationError):
    msgid = N_("Một lần bàn giao nhận nhiều nhất {limit} hồ sơ; hãy chia thành nhiều lần.")


class ScannedTwice(ValidationError):
    msgid = N_(
        "Mã hồ sơ {code} được quét hai lần (dòng {first} và dòng {second}); hãy bỏ một dòng."
    )


class NameRefused(ValidationError):
    """A giver's or receiver's name missing or too long."""


NAME_MISSING = {
    "from_name": N_("Hãy ghi họ tên người giao hồ sơ giấy."),
    "to_name": N_("Hãy ghi họ tên người nhận hồ sơ giấy."),
}
NAME_TOO_LONG = {
    "from_name": N_("Họ tên người giao dài quá {limit} ký tự."),
    "to_name": N_("Họ tên người nhận dài quá {limit} ký tự."),
}


class SamePerson(ValidationError):
    msgid = N_("Người giao và người nhận trùng nhau; hãy kiểm tra lại tên người nhận.")


class BadPages(ValidationError):
    msgid = N_("Số trang phải từ 0 đến {limit} (0: chưa đếm).")


class BatchNotFound(DeskError):
    msgid = N_("Không tìm thấy lần bàn giao {batch}.")


@dataclass(frozen=True)
class HandoverItem:
    """One scanned line and, if counted, the folder's pages."""

    line: str
    pages: int | None = None


@dataclass(frozen=True)
class HandoverRecord:
    """One hand-over of one folder, as screens, the CLI and the list show it."""

    code: str
    seq: int
    at: datetime
    from_name: str
    to_name: str
    pages: int
    batch_id: uuid.UUID | None
    note: str
    applicant_name: str
    procedure_name: str

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = dict(self.__dict__)
        data["batch_id"] = str(self.batch_id) if self.batch_id else None
        data["at"] = self.at.isoformat()
        data["at_local"] = self.at.astimezone(OFFICE_TZ).isoformat()
        return data


@dataclass(frozen=True)
class HandoverBatch:
    """Folders handed over together, in code order (ids are no business order; a list sorted
    by code is also the quickest to check against the folders)."""

    batch_id: uuid.UUID
    at: datetime
    from_name: str
    to_name: str
    entries: tuple[HandoverRecord, ...]

    @property
    def label(self) -> str:
        """The number printed on the list: the local day and time and the id's last digits
        (the first digits of a UUIDv7 are its time, shared by batches made close together)."""
        local = self.at.astimezone(OFFICE_TZ)
        return f"{local:%y%m%d-%H%M}-{self.batch_id.hex[-4:].upper()}"

    @property
    def total_pages(self) -> int:
        return sum(e.pages for e in self.entries)

    def to_json(self) -> dict[str, object]:
        return {
            "batch_id": str(self.batch_id),
            "label": self.label,
            "at": self.at.isoformat(),
            "at_local": self.at.astimezone(OFFICE_TZ).isoformat(),
            "from_name": self.from_name,
            "to_name": self.to_name,
            "total_pages": self.total_pages,
            "entries": [e.to_json() for e in self.entries],
        }


def read_scanned_code(line: str, number: int = 1) -> str:
    """The dossier code a scanner line holds, or BadScanLine naming the line and why.

    The GUI calls it as each line arrives, so a bad scan is said at once, before the batch."""
    try:
        return str(parse_code(line))
    except ValidationError as error:
        raise BadScanLine(field="code", number=number, reason=error.message) from None


def record_handover(
    workspace: Workspace,
    actor: Actor,
    items: Sequence[HandoverItem],
    *,
    to_name: str,
    from_name: str | None = None,
    note: str = "",
) -> HandoverBatch:
    """Record that the folders of ``items`` passed from ``from_name`` (by default the officer
    acting) to ``to_name`` now, as one batch; all of it or, on any bad line, none."""
    require(workspace, actor, Act.LIFECYCLE)
    giver = _name(from_name if from_name is not None else _officer_name(actor), "from_name")
    receiver = _name(to_name, "to_name")
    if giver.casefold() == receiver.casefold():
        raise SamePerson(field="to_name")
    codes = _codes(items)
    note = clean(note)
    batch_id = new_id()
    with workspace.write() as session:
        now = workspace.now()
        dossiers = []
        for number, (code, _pages) in enumerate(codes, start=1):
            try:
                dossiers.append(find_dossier(session, actor, code))
            except NotFound as error:
                raise BadScanLine(field="code", number=number, reason=error.message) from None
        entries = []
        for dossier, (_code, pages) in zip(dossiers, codes, strict=True):
            seq, previous_pages = _last(session, dossier)
            counted = previous_pages if pages is None else pages
            row = FolderHandover(
                dossier_id=dossier.id,
                seq=seq + 1,
                at=now,
                from_name=giver,
                to_name=receiver,
                pages=counted,
                batch_id=batch_id,
                note=note,
                officer_id=actor.officer.id if actor.officer else None,
                workstation_id=actor.workstation.id if actor.workstation else None,
            )
            session.add(row)
            record_change(
                session,
                workspace,
                actor,
                FolderHandedOver(
                    dossier_id=dossier.id,
                    code=dossier.code,
                    seq=row.seq,
                    batch_id=batch_id,
                    batch_size=len(codes),
                    at=now,
                    from_name=giver,
                    to_name=receiver,
                    pages=counted,
                ),
                entity="dossier",
                entity_id=dossier.code,
                aggregate_id=dossier.id,
            )
            entries.append(_record(dossier, row))
    entries.sort(key=lambda e: e.code)
    return HandoverBatch(batch_id, now.astimezone(UTC), giver, receiver, tuple(entries))


def list_handovers(workspace: Workspace, actor: Actor, code: str) -> list[HandoverRecord]:
    """The dossier's hand-overs, first to last: where its paper folder is now is the last."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        rows = session.scalars(
            select(FolderHandover)
            .where(FolderHandover.dossier_id == dossier.id)
            .order_by(FolderHandover.seq)
        ).all()
        return [_record(dossier, r) for r in rows]


def get_batch(workspace: Workspace, actor: Actor, batch_id: uuid.UUID | str) -> HandoverBatch:
    """A batch by its id (as `record_handover` and the JSON give it)."""
    wanted = _batch_id(batch_id)
    with workspace.read() as session:
        pairs = session.execute(
            select(FolderHandover, Dossier)
            .join(Dossier, Dossier.id == FolderHandover.dossier_id)
            .where(FolderHandover.batch_id == wanted, Dossier.office_id == actor.office.id)
            .order_by(Dossier.code)
        ).all()
        if not pairs:
            raise BatchNotFound(batch=str(wanted))
        entries = tuple(_record(dossier, row) for row, dossier in pairs)
    first = entries[0]
    return HandoverBatch(wanted, first.at, first.from_name, first.to_name, entries)


def render_handover_list_of(workspace: Workspace, actor: Actor, batch_id: uuid.UUID | str) -> bytes:
    """The batch's printable list (A4 portrait) as PDF bytes."""
    from desk_app.printing.handover_list import (
        HandoverListData,
        HandoverRow,
        render_handover_list,
    )

    batch = get_batch(workspace, actor, batch_id)
    local = batch.at.astimezone(OFFICE_TZ)
    with workspace.read() as session:
        office = read_office(session, actor.office.id).identity_on(local.date())
    data = HandoverListData(
        office=office,
        batch_label=batch.label,
        at=local,
        from_name=batch.from_name,
        to_name=batch.to_name,
        rows=tuple(
            HandoverRow(e.code, e.applicant_name, e.procedure_name, e.pages) for e in batch.entries
        ),
        system_name=workspace.rules(actor.office.id).system_name,
        note=batch.entries[0].note,
    )
    return render_handover_list(data)


def save_handover_list(
    workspace: Workspace, actor: Actor, batch_id: uuid.UUID | str, path: Path
) -> None:
    """Write the batch's list to ``path`` whole or not at all."""
    write_atomically(path, render_handover_list_of(workspace, actor, batch_id))


# --- helpers -----------------------------------------------------------------------------------


def _officer_name(actor: Actor) -> str:
    return actor.officer.full_name if actor.officer else ""


def _name(text: str, field: str) -> str:
    name = clean(text)
    if not name:
        raise NameRefused(NAME_MISSING[field], field=field)
    if len(name) > NAME_LENGTH:
        raise NameRefused(NAME_TOO_LONG[field], field=field, limit=NAME_LENGTH)
    return name


def _codes(items: Sequence[HandoverItem]) -> list[tuple[str, int | None]]:
    """Each item's code and pages, checked: a bad line, a repeated code, bad pages refused."""
    if not items:
        raise EmptyBatch(field="code")
    if len(items) > MAX_BATCH:
        raise BatchTooLong(field="code", limit=MAX_BATCH)
    seen: dict[str, int] = {}
    codes: list[tuple[str, int | None]] = []
    for number, item in enumerate(items, start=1):
        code = read_scanned_code(item.line, number)
        if code in seen:
            raise ScannedTwice(field="code", code=code, first=seen[code], second=number)
        seen[code] = number
        if item.pages is not None and not 0 <= item.pages <= MAX_PAGES:
            raise BadPages(field="pages", limit=MAX_PAGES)
        codes.append((code, item.pages))
    return codes


def _last(session: Session, dossier: Dossier) -> tuple[int, int]:
    """The dossier's last hand-over number and its page count (0, 0 before the first)."""
    seq = session.scalar(
        select(func.max(FolderHandover.seq)).where(FolderHandover.dossier_id == dossier.id)
    )
    if not seq:
        return 0, 0
    pages = session.scalar(
        select(FolderHandover.pages).where(
            FolderHandover.dossier_id == dossier.id, FolderHandover.seq == seq
        )
    )
    return seq, pages or 0


def _batch_id(value: uuid.UUID | str) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value.strip())
    except ValueError:
        raise BatchNotFound(batch=clean(value)[:64]) from None


def _record(dossier: Dossier, row: FolderHandover) -> HandoverRecord:
    return HandoverRecord(
        code=dossier.code,
        seq=row.seq,
        at=row.at.astimezone(UTC),
        from_name=row.from_name,
        to_name=row.to_name,
        pages=row.pages,
        batch_id=row.batch_id,
        note=row.note,
        applicant_name=dossier.applicant_name,
        procedure_name=dossier.procedure_name,
    )
