"""The receipt (Mẫu 01) of a stored dossier: fill the printing layer's data and count prints.

Printing happens only after the intake transaction committed; a failed print never undoes the
dossier. Each render is counted in its own small transaction so a reprint says which one it is.
"""

from __future__ import annotations

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.deadlines import Duration, DurationUnit, describe_duration
from desk_app.core.rules import RuleSet
from desk_app.services.auth import OfficerInfo
from desk_app.services.catalogue import format_fee
from desk_app.services.desk import Desk
from desk_app.services.dossiers import find_dossier
from desk_app.services.errors import storage_errors
from desk_app.store.audit import append_audit
from desk_app.store.models import Officer

# Completes item 6, "Đăng ký nhận kết quả tại: ..." (reference §2, Mẫu 01).
RETURN_PLACES = {
    "counter": "{unit}",
    "post": "Địa chỉ của người nộp, qua dịch vụ bưu chính",
}


def prepare_printing() -> None:
    """Load ReportLab and the fonts ahead of the first print (the GUI calls it after start-up,
    off the UI thread), so the first Save & Print is as quick as the others."""
    from desk_app.printing.fonts import register_fonts

    register_fonts()
    import desk_app.printing.receipt  # noqa: F401


def receipt_pdf(desk: Desk, officer: OfficerInfo, code: str) -> bytes:
    """Render the receipt; the first render is the original, later ones are marked reprints."""
    # Imported on first use: ReportLab costs ~0.2 s of the window's start-up otherwise.
    from desk_app.printing.receipt import ReceiptComponent, ReceiptData, render_receipt

    now = desk.now()
    with storage_errors(), desk.db.write() as session:
        dossier = find_dossier(session, code)
        receiver = session.get_one(Officer, dossier.officer_id)
        reprint_number = dossier.receipt_prints  # 0 for the first print
        dossier.receipt_prints += 1
        append_audit(
            session,
            at=now,
            actor=officer.username,
            action="receipt.reprint" if reprint_number else "receipt.print",
            entity="dossier",
            entity_id=dossier.code,
            payload={"print": dossier.receipt_prints},
            workstation_id=desk.workstation.id,
        )
        duration = Duration(dossier.duration_value, DurationUnit(dossier.duration_unit))
        lookup = desk.settings.lookup_url.replace("{code}", dossier.code)
        data = ReceiptData(
            rule_set=RuleSet(dossier.rule_set),
            code=dossier.code,
            # Reference §2: the header names the agency in capitals, the unit under it.
            agency_lines=(desk.office.name.upper(), desk.office.reception_unit.upper()),
            reception_unit=f"{desk.office.reception_unit} - {desk.office.name}",
            place=desk.office.place,
            issued_at=now.astimezone(OFFICE_TZ),
            applicant_name=dossier.applicant_name,
            address=dossier.applicant_address,
            phone=dossier.applicant_phone,
            email=dossier.applicant_email,
            representative=dossier.representative,
            id_number=dossier.applicant_id_number,
            procedure_code=dossier.procedure_code,
            procedure_name=dossier.procedure_name,
            components=tuple(
                ReceiptComponent(c.name, c.original_count, c.copy_count)
                for c in dossier.components
                if c.received
            ),
            sets_count=dossier.sets_count,
            duration_text=describe_duration(duration),
            received_at=dossier.received_at.astimezone(OFFICE_TZ),
            due_at=dossier.due_at.astimezone(OFFICE_TZ),
            return_at=RETURN_PLACES[dossier.return_method].format(unit=desk.office.reception_unit),
            register_book=dossier.register_book,
            register_line=dossier.register_line,
            officer_name=receiver.full_name,
            fee_text=format_fee(dossier.fee_vnd, dossier.fee_note),
            system_name=desk.settings.system_name,
            lookup_url=lookup,
            reprint_number=reprint_number,
        )
    # Rendering after the commit: the print count is stored even if the printer then fails,
    # so the next copy is honestly marked as a reprint.
    return render_receipt(data, paper=desk.settings.paper_size)
