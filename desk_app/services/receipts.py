"""The receipt (Mẫu 01) of a stored dossier: fill the printing layer's data and count prints.

Printing happens only after the intake transaction committed; a failed print never undoes the
dossier. Each render is counted in its own small transaction so a reprint says which one it is.
"""

from __future__ import annotations

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.deadlines import describe_duration
from desk_app.core.dossier import ReturnMethod
from desk_app.services.catalogue import format_fee
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import find_dossier, to_record
from desk_app.sync.events import ReceiptPrinted

# Completes item 6, "Đăng ký nhận kết quả tại: ..." (reference §2, Mẫu 01).
RETURN_PLACES = {
    ReturnMethod.COUNTER: "{unit}",
    ReturnMethod.POST: "Địa chỉ của người nộp, qua dịch vụ bưu chính",
}


def prepare_printing() -> None:
    """Load ReportLab and the fonts ahead of the first print (the GUI calls it after start-up,
    off the UI thread), so the first Save & Print is as quick as the others."""
    from desk_app.printing.fonts import register_fonts

    register_fonts()
    import desk_app.printing.receipt  # noqa: F401


def receipt_pdf(workspace: Workspace, actor: Actor, code: str) -> bytes:
    """Render the receipt; the first render is the original, later ones are marked reprints."""
    # Imported on first use: ReportLab costs ~0.2 s of the window's start-up otherwise.
    from desk_app.printing.receipt import ReceiptData, render_receipt

    now = workspace.now()
    office = actor.office
    settings = workspace.settings
    with workspace.write() as session:
        dossier = find_dossier(session, actor, code)
        reprint_number = dossier.receipt_prints  # 0 for the first print
        dossier.receipt_prints += 1
        dossier.updated_at = now
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
        record = to_record(dossier)
        rule_set = dossier.rule_set
    rules = workspace.rules(office.id)
    lookup = rules.lookup_url.replace("{code}", record.code)
    data = ReceiptData(
        rule_set=rule_set,
        code=record.code,
        # Reference §2: the header names the agency in capitals, the unit under it.
        agency_lines=(office.name.upper(), office.reception_unit.upper()),
        reception_unit=f"{office.reception_unit} - {office.name}",
        place=office.place,
        issued_at=now.astimezone(OFFICE_TZ),
        applicant=record.applicant,
        procedure_code=record.procedure_code,
        procedure_name=record.procedure_name,
        components=tuple(c for c in record.components if c.received),
        sets_count=record.sets_count,
        duration_text=describe_duration(record.duration),
        received_at=record.received_at.astimezone(OFFICE_TZ),
        due_at=record.due_at.astimezone(OFFICE_TZ),
        return_at=RETURN_PLACES[record.return_method].format(unit=office.reception_unit),
        register_book=record.register_book,
        register_line=record.register_line,
        officer_name=record.officer_name,
        fee_text=format_fee(record.fee_vnd, record.fee_note),
        system_name=rules.system_name,
        lookup_url=lookup,
        reprint_number=reprint_number,
    )
    # Rendering after the commit: the print count is stored even if the printer then fails,
    # so the next copy is honestly marked as a reprint.
    return render_receipt(data, paper=settings.paper_size)
