"""Mẫu 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": the receipt a citizen takes home.

Reference section 2: printed in two copies ("Liên 1: Lưu" stays with the dossier, "Liên 2: Giao
người nộp" goes to the applicant), each starting on its own page; a QR in the top-left corner
(Circular 01/2023/TT-VPCP, content in `desk_app.printing.document_qr`) and a Code 128 of the
dossier code for handheld scanners. The services layer fills `ReceiptData`; this module never
touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from desk_app.core.dossier import Applicant, Component
from desk_app.core.office import OfficeIdentity
from desk_app.core.rules import RuleSet
from desk_app.printing import fonts
from desk_app.printing.barcodes import QrFlowable, QrSymbol, code128
from desk_app.printing.document_qr import DocumentQr
from desk_app.printing.form_layout import table_style
from desk_app.printing.form_texts import RECEIPT_TEXTS, ReceiptTexts, clock_and_date, two_digits
from desk_app.printing.official_form import (
    FormCopy,
    FormFrame,
    OfficialDocument,
    Signature,
    bold,
    fill,
    nfc,
)


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on the receipt, already worded; datetimes are aware and local."""

    rule_set: RuleSet
    code: str
    office: OfficeIdentity  # in force on the receipt date, whenever the receipt is printed
    applicant: Applicant
    procedure_code: str
    procedure_name: str
    # The papers handed in and those shown for comparison, in the procedure's order: only the
    # former are listed under item 1 (reference §11).
    components: tuple[Component, ...]
    sets_count: int
    duration_text: str
    received_at: datetime
    due_at: datetime
    return_at: str
    register_book: str
    register_line: int
    officer_name: str
    fee_text: str
    system_name: str
    lookup_url: str
    lookup_key: str = ""  # "Mã tra cứu": with the code, opens the public lookup
    reprint_number: int = 0  # 0 = the original print; n >= 1 marks every page "BẢN IN LẠI LẦN n"
    reprinted_at: datetime | None = None  # a reprint's own time, printed in its mark

    @property
    def submitted(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if not c.shown_only)

    @property
    def shown(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.shown_only)


def render_receipt(data: ReceiptData, *, paper: Literal["A4", "A5"] = "A4") -> bytes:
    """The receipt as PDF bytes: copy 1 then copy 2, each starting on a new page."""
    return _Receipt(nfc(data)).render(paper)


def receipt_qr(data: ReceiptData) -> DocumentQr:
    """The facts the receipt's QR carries (Circular 01/2023/TT-VPCP; appointment = due time)."""
    return DocumentQr(
        dossier_code=data.code,
        procedure_code=data.procedure_code,
        id_number=data.applicant.id_number,
        document_name=RECEIPT_TEXTS[data.rule_set].document_name,
        system_name=data.system_name,
        issued_at=data.received_at,
        appointment_at=data.due_at,
        lookup_url=data.lookup_url,
    )


_Copy = FormCopy[ReceiptTexts]


class _Receipt(OfficialDocument[ReceiptTexts]):
    """Mẫu 01's story: the dossier code under the title, items 1 to 6, the register line."""

    def __init__(self, data: ReceiptData) -> None:
        office = data.office
        frame = FormFrame(
            code=data.code,
            # Reference §2: the agency in capitals, the unit under it.
            agency_lines=(office.name.upper(), office.reception_unit.upper()),
            place=office.place,
            # The date line is the day of receipt, on every print (reference §11).
            issued_on=data.received_at.date(),
            system_name=data.system_name,
            author=office.reception_unit,
            reprint_number=data.reprint_number,
            reprinted_at=data.reprinted_at,
        )
        super().__init__(RECEIPT_TEXTS[data.rule_set], frame)
        self.data = data
        self.qr = QrSymbol.encode(receipt_qr(data).payload())

    def corner(self, copy: _Copy) -> Flowable:
        return QrFlowable(self.qr, size=copy.layout.qr_size, min_module=copy.layout.qr_min_module)

    def heading(self, copy: _Copy) -> list[Flowable]:
        """The dossier code, in words and as a barcode for handheld scanners, and beside it
        the lookup key: the two things the public lookup asks for, read together."""
        layout, texts, style = copy.layout, copy.texts, copy.styles.body_center
        barcode = code128(self.data.code, bar_width=layout.bar_width, bar_height=layout.bar_height)
        barcode.hAlign = "CENTER"
        code_line = fill(texts.code_line, code=bold(self.data.code))
        if self.data.lookup_key:  # one line on A4 and A5 alike (tests/printing measure it)
            key_line = fill(texts.lookup_key_line, key=bold(self.data.lookup_key))
            code_line += _KEY_GAP + key_line
        return [
            Paragraph(code_line, style),
            Spacer(1, layout.gap * 0.6),
            barcode,
            Spacer(1, layout.gap * 0.4),
        ]

    def body(self, copy: _Copy) -> list[Flowable]:
        """From the reception unit to the signatures: items 1 to 6 and the register line."""
        data, texts, line, item, value = self.data, copy.texts, copy.line, copy.item, copy.value
        applicant = data.applicant
        office = data.office
        unit_line = texts.centre_line if _is_centre(office) else texts.reception_unit_line
        story: list[Flowable] = [
            line(unit_line, unit=escape(office.reception_unit), agency=escape(office.name)),
            line(texts.applicant_line, name=bold(applicant.name)),
        ]
        if applicant.representative:
            story.append(line(texts.representative_line, name=escape(applicant.representative)))
        if applicant.id_number:
            story.append(line(texts.id_number_line, id_number=escape(applicant.id_number)))
        contact = "&nbsp;" * 6 + fill(texts.email_line, email=value(applicant.email))
        phone = fill(texts.phone_line, phone=value(applicant.phone))
        story += [
            line(texts.address_line, address=value(applicant.address)),
            Paragraph(phone + contact, copy.styles.body),
            line(texts.request_line, procedure=bold(data.procedure_name)),
            item(texts.components_heading),
            Spacer(1, copy.layout.gap * 0.4),
            self._components_table(copy),
        ]
        if data.shown:
            papers = "; ".join(c.name for c in data.shown)
            story.append(line(texts.shown_line, papers=escape(papers)))
        story += [
            item(texts.sets_line, sets=escape(two_digits(data.sets_count))),
            item(texts.duration_line, duration=value(data.duration_text)),
            item(texts.received_line, when=escape(clock_and_date(data.received_at))),
            item(texts.due_line, when=bold(clock_and_date(data.due_at))),
            item(texts.return_line, where=value(data.return_at)),
        ]
        if data.fee_text:
            story.append(line(texts.fee_line, fee=escape(data.fee_text)))
        register = escape(two_digits(data.register_line))
        closing: list[Flowable] = [
            line(texts.register_line, book=value(data.register_book), line=register)
        ]
        if data.lookup_url:
            # A long link wraps after its last "/" that fits, so the code and key stay whole.
            url_line = fill(texts.lookup_line, url=escape(data.lookup_url))
            closing.append(Paragraph(url_line, _url_style(copy.styles.body)))
        closing += [
            Spacer(1, copy.layout.gap * 1.5),
            copy.signatures(
                Signature(texts.applicant_signature),
                Signature(texts.officer_signature, data.officer_name),
            ),
        ]
        # The register line and the signatures stay together, so a copy never ends on a page
        # holding nothing but the places to sign.
        if texts.notes:
            closing.append(Spacer(1, copy.layout.gap))
            closing.append(line(texts.notes_heading))
            closing += [
                Paragraph(fill(note, unit=escape(office.reception_unit)), copy.styles.body)
                for note in texts.notes
            ]
        story.append(KeepTogether(closing))
        return story

    def _components_table(self, copy: _Copy) -> Flowable:
        """Item 1's numbered list as a table, so long names wrap inside their column and the
        header row repeats if the list runs onto the next page."""
        texts, styles, layout = copy.texts, copy.styles, copy.layout
        submitted = self.data.submitted
        if not submitted:
            return Paragraph(escape(texts.no_components), styles.body)
        # Only the name needs a paragraph (it wraps); numbers and headings are plain cell
        # strings, which the table draws several times faster.
        rows: list[list[str | Flowable]] = [list(texts.components_columns)]
        for number, component in enumerate(submitted, start=1):
            rows.append(
                [
                    str(number),
                    Paragraph(escape(component.name), styles.cell),
                    _count(component.original_count),
                    _count(component.copy_count),
                ]
            )
        size = styles.cell.fontSize
        padding = layout.gap * 0.8
        count_width = (
            max(stringWidth(title, fonts.BOLD, size) for title in texts.components_columns[2:])
            + 2 * padding
        )
        number_width = stringWidth("000", fonts.BOLD, size) + 2 * padding
        name_width = layout.frame_width - number_width - 2 * count_width
        table = Table(
            rows, colWidths=[number_width, name_width, count_width, count_width], repeatRows=1
        )
        table.setStyle(
            table_style(
                ("FONTSIZE", (0, 0), (-1, -1), size),
                ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
                ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding * 0.4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
            )
        )
        return table


# Between the code and the key on their shared line: clearly two values, not one.
_KEY_GAP = "&nbsp;" * 6


def _url_style(body: ParagraphStyle) -> ParagraphStyle:
    """``body`` with ReportLab's URI splitting: a link that does not fit is cut after a "/"."""
    return ParagraphStyle(f"{body.name}_url", parent=body, uriWasteReduce=0.3)


def _is_centre(office: OfficeIdentity) -> bool:
    """Whether the unit is a Public Administration Service Centre, whose name already says
    which ward it serves (Decree 118/2025/NĐ-CP): its receipts print the name alone."""
    return office.reception_unit.casefold().startswith("trung tâm")


def _count(number: int) -> str:
    return two_digits(number) if number > 0 else "-"
