"""The receipt (Mẫu 01) of a stored dossier: fill the printing layer's data and count prints.

Printing happens only after the intake transaction committed; a failed print never undoes the
dossier. A print counts only once it produced a document - the PDF written, the printer took
the job, the preview printed - so the first receipt a citizen holds is never marked as a
reprint because an earlier attempt died (`count_receipt_print`, called by whoever delivered it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.deadlines import describe_duration
from desk_app.core.dossier import ReturnMethod
from desk_app.core.roles import Act
from desk_app.files import write_atomically
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace, read_office
from desk_app.services.dossiers import find_dossier, to_record
from desk_app.services.permissions import require
from desk_app.sync.events import ReceiptPrinted

# Completes item 6, "Đăng ký nhận kết quả tại: ..." (reference §2, Mẫu 01).
RETURN_PLACES = {
    ReturnMethod.COUNTER: "{unit}",
    ReturnMethod.POST: "Địa chỉ của người nộp, qua dịch vụ bưu chính",
}


@dataclass(frozen=True)
class RenderedReceipt:
    """A receipt ready to deliver: ``print_number`` 1 is the original, later ones reprints."""

    code: str
    print_number: int
    pdf: bytes


def prepare_printing() -> None:
    """Load ReportLab and the fonts ahead of the first print (the GUI calls it after start-up,
    off the UI thread), so the first Save & Print is as quick as the others."""
    from desk_app.printing.fonts import register_fonts

    register_fonts()
    import desk_app.printing.receipt  # noqa: F401


def render_receipt_of(workspace: Workspace, actor: Actor, code: str) -> RenderedReceipt:
    """Render the receipt without counting it: marked as the reprint it would be if delivered."""
    require(workspace, actor, Act.RECEIPT)
    # Imported on first use: ReportLab costs ~0.2 s of the window's start-up otherwise.
    from desk_app.printing.receipt import ReceiptData, render_receipt

    now = workspace.now()
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        record = to_record(dossier)
        rule_set = dossier.rule_set
        received_at = record.received_at.astimezone(OFFICE_TZ)
        # The identity in force on the day of receipt, as stored now (reference §1).
        office = read_office(session, actor.office.id).identity_on(received_at.date())
    rules = workspace.rules(actor.office.id)
    reprint_number = record.receipt_prints  # 0 for the original
    data = ReceiptData(
        rule_set=rule_set,
        code=record.code,
        office=office,
        applicant=record.applicant,
        procedure_code=record.procedure_code,
        procedure_name=record.procedure_name,
        components=tuple(c for c in record.components if c.received),
        sets_count=record.sets_count,
        duration_text=describe_duration(record.duration),
        received_at=received_at,
        due_at=record.due_at.astimezone(OFFICE_TZ),
        return_at=RETURN_PLACES[record.return_method].format(unit=office.reception_unit),
        register_book=record.register_book,
        register_line=record.register_line,
        officer_name=record.officer_name,
        fee_text=record.fee_text,
        system_name=rules.system_name,
        lookup_url=rules.lookup_link(record.code, record.lookup_key),
        lookup_key=record.lookup_key,
        reprint_number=reprint_number,
        reprinted_at=now.astimezone(OFFICE_TZ) if reprint_number else None,
    )
    pdf = render_receipt(data, paper=workspace.settings.paper_size)
    return RenderedReceipt(record.code, reprint_number + 1, pdf)


def count_receipt_print(workspace: Workspace, actor: Actor, code: str) -> int:
    """Record that a receipt of ``code`` reached paper or disk; returns the print's number."""
    with workspace.write() as session:
        dossier = find_dossier(session, actor, code)
        dossier.receipt_prints += 1
        dossier.updated_at = workspace.now()
        record_change(
            session,
            workspace,
            actor,
            ReceiptPrinted(
                dossier_id=dossier.id, code=dossier.code, print_number=dossier.receipt_prints
            ),
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
        )
        return dossier.receipt_prints


def save_receipt(workspace: Workspace, actor: Actor, code: str, path: Path) -> RenderedReceipt:
    """Render, write ``path`` whole or not at all, then count the print (the CLI's way)."""
    receipt = render_receipt_of(workspace, actor, code)
    write_atomically(path, receipt.pdf)
    count_receipt_print(workspace, actor, code)
    return receipt


def receipt_pdf(workspace: Workspace, actor: Actor, code: str) -> bytes:
    """Render and count at once, for callers that deliver in memory (tests, samples)."""
    receipt = render_receipt_of(workspace, actor, code)
    count_receipt_print(workspace, actor, code)
    return receipt.pdf
