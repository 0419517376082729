"""Mẫu 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả": the receipt a citizen takes home.

Reference section 2: printed in two copies ("Liên 1: Lưu" stays with the dossier, "Liên 2: Giao
người nộp" goes to the applicant), each starting on its own page; a QR in the top-left corner
(Circular 01/2023/TT-VPCP, content in `desk_app.printing.document_qr`) and a Code 128 of the
dossier code for handheld scanners. The services layer fills `ReceiptData`; this module never
touches the database.
"""

from __future__ import annotations

import dataclasses
import io
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from desk_app.core.rules import RuleSet
from desk_app.core.text import clean
from desk_app.printing import fonts
from desk_app.printing.barcodes import QrFlowable, QrSymbol, code128
from desk_app.printing.deferring_canvas import DeferringCanvas
from desk_app.printing.document_qr import DocumentQr
from desk_app.printing.form_layout import (
    LAYOUTS,
    PaperLayout,
    Styles,
    official_header,
    styles_for,
    table_style,
)
from desk_app.printing.form_texts import (
    RECEIPT_TEXTS,
    ReceiptTexts,
    clock_and_date,
    place_and_date,
    two_digits,
)


@dataclass(frozen=True)
class ReceiptComponent:
    """One document handed in ("thành phần hồ sơ") with how many originals and copies."""

    name: str
    original_count: int
    copy_count: int


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on the receipt, already worded; datetimes are aware and local."""

    rule_set: RuleSet
    code: str
    agency_lines: tuple[str, ...]
    reception_unit: str
    place: str
    issued_at: datetime
    applicant_name: str
    address: str
    phone: str
    email: str
    representative: str
    id_number: str
    procedure_code: str
    procedure_name: str
    components: tuple[ReceiptComponent, ...]
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
    reprint_number: int = 0  # 0 = the original print; n >= 1 marks every page "BẢN IN LẠI LẦN n"


def render_receipt(data: ReceiptData, *, paper: Literal["A4", "A5"] = "A4") -> bytes:
    """The receipt as PDF bytes: copy 1 then copy 2, each starting on a new page."""
    if paper not in LAYOUTS:
        raise ValueError(f"unknown paper size {paper!r}")
    if data.reprint_number < 0:
        raise ValueError("reprint_number must be 0 (original) or a positive reprint count")
    printed = _cleaned(data)
    buffer = io.BytesIO()
    doc = _document(buffer, printed, paper)
    qr = QrSymbol.encode(receipt_qr(printed).payload())
    doc.build(_story(printed, paper, qr), canvasmaker=DeferringCanvas)
    return buffer.getvalue()


def receipt_qr(data: ReceiptData) -> DocumentQr:
    """The facts the receipt's QR carries (Circular 01/2023/TT-VPCP; appointment = due time)."""
    return DocumentQr(
        dossier_code=data.code,
        procedure_code=data.procedure_code,
        id_number=data.id_number,
        document_name=RECEIPT_TEXTS[data.rule_set].document_name,
        system_name=data.system_name,
        issued_at=data.issued_at,
        appointment_at=data.due_at,
        lookup_url=data.lookup_url,
    )


def _cleaned(data: ReceiptData) -> ReceiptData:
    """Every printed string NFC-normalised: ReportLab does no shaping, so NFD marks would float."""
    changes: dict[str, Any] = {
        field.name: clean(value)
        for field in dataclasses.fields(data)
        if isinstance(value := getattr(data, field.name), str)
    }
    changes["agency_lines"] = tuple(clean(line) for line in data.agency_lines)
    changes["components"] = tuple(
        dataclasses.replace(component, name=clean(component.name)) for component in data.components
    )
    return dataclasses.replace(data, **changes)


def _document(buffer: io.BytesIO, data: ReceiptData, paper: Literal["A4", "A5"]) -> BaseDocTemplate:
    """Per copy, a template for its first page and one for continuation pages, each drawing
    the marks that sit in the margins."""
    layout = LAYOUTS[paper]
    texts = RECEIPT_TEXTS[data.rule_set]
    doc = BaseDocTemplate(
        buffer,
        pagesize=layout.size,
        leftMargin=layout.margin_left,
        rightMargin=layout.margin_right,
        topMargin=layout.margin_top,
        bottomMargin=layout.margin_bottom,
        initialFontName=fonts.register_fonts(),
        title=f"{texts.document_name} {data.code}",
        author=data.reception_unit,
        creator=data.system_name,
    )
    pages_per_copy = [0] * len(texts.copy_labels)
    for copy, label in enumerate(texts.copy_labels):
        for continued in (False, True):
            decoration = _PageDecoration(
                layout=layout,
                styles=styles_for(paper),
                texts=texts,
                data=data,
                copy=copy,
                copy_label=label,
                continued=continued,
                pages_per_copy=pages_per_copy,
            )
            doc.addPageTemplates(
                PageTemplate(
                    id=f"{'next' if continued else 'first'}{copy}",
                    frames=[_frame(layout, continued=continued)],
                    onPage=decoration,
                    autoNextPageTemplate=f"next{copy}",
                )
            )
    return doc


def _story(data: ReceiptData, paper: Literal["A4", "A5"], qr: QrSymbol) -> list[Flowable]:
    """Both copies, each from a new page. Each copy gets flowables of its own: platypus marks
    a flowable it pushed to the next page, and refuses to push the same object twice."""
    layout = LAYOUTS[paper]
    texts = RECEIPT_TEXTS[data.rule_set]
    styles = styles_for(paper)
    story: list[Flowable] = []
    for copy, label in enumerate(texts.copy_labels):
        if copy:
            story += [NextPageTemplate(f"first{copy}"), PageBreak()]
        corner = QrFlowable(qr, size=layout.qr_size, min_module=layout.qr_min_module)
        story += _head(data, texts, styles, layout, paper, corner)
        story.append(Paragraph(escape(label), styles.copy_label))
        story += _body(data, texts, styles, layout)
    return story


def _frame(layout: PaperLayout, *, continued: bool) -> Frame:
    # A continuation page leaves room under the band for the running header line.
    running_header = layout.body_size * 2.2 if continued else 0
    return Frame(
        layout.margin_left,
        layout.margin_bottom,
        layout.frame_width,
        layout.height - layout.margin_top - layout.margin_bottom - running_header,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )


def _fill(template: str, **values: str) -> str:
    """Paragraph markup of a plain-text template; values arrive escaped (see `_bold`)."""
    return escape(template).format(**values)


def _bold(value: str) -> str:
    return f"<b>{escape(value)}</b>"


def _head(
    data: ReceiptData,
    texts: ReceiptTexts,
    styles: Styles,
    layout: PaperLayout,
    paper: Literal["A4", "A5"],
    qr: Flowable,
) -> list[Flowable]:
    """Header, title, dossier code and its barcode."""
    barcode = code128(data.code, bar_width=layout.bar_width, bar_height=layout.bar_height)
    barcode.hAlign = "CENTER"
    return [
        official_header(
            paper,
            agency_lines=data.agency_lines,
            place_date=place_and_date(data.place, data.issued_at.date()),
            corner=qr,
        ),
        Paragraph(escape(texts.title), styles.title),
        Paragraph(_fill(texts.code_line, code=_bold(data.code)), styles.body_center),
        Spacer(1, layout.gap * 0.6),
        barcode,
        Spacer(1, layout.gap * 0.4),
    ]


def _body(
    data: ReceiptData, texts: ReceiptTexts, styles: Styles, layout: PaperLayout
) -> list[Flowable]:
    """From the reception unit to the signatures: items 1 to 6 and the register line."""

    def line(template: str, **values: str) -> Paragraph:
        return Paragraph(_fill(template, **values), styles.body)

    def item(template: str, **values: str) -> Paragraph:
        return Paragraph(_fill(template, **values), styles.item)

    def value(text: str) -> str:
        return escape(text or texts.blank)

    story: list[Flowable] = [
        line(texts.reception_unit_line, unit=value(data.reception_unit)),
        line(texts.applicant_line, name=_bold(data.applicant_name)),
    ]
    if data.representative:
        story.append(line(texts.representative_line, name=escape(data.representative)))
    if data.id_number:
        story.append(line(texts.id_number_line, id_number=escape(data.id_number)))
    contact = "&nbsp;" * 6 + _fill(texts.email_line, email=value(data.email))
    story += [
        line(texts.address_line, address=value(data.address)),
        Paragraph(_fill(texts.phone_line, phone=value(data.phone)) + contact, styles.body),
        line(texts.request_line, procedure=_bold(data.procedure_name)),
        item(texts.components_heading),
        Spacer(1, layout.gap * 0.4),
        _components_table(data, texts, styles, layout),
        item(texts.sets_line, sets=escape(two_digits(data.sets_count))),
        item(texts.duration_line, duration=value(data.duration_text)),
        item(texts.received_line, when=escape(clock_and_date(data.received_at))),
        item(texts.due_line, when=_bold(clock_and_date(data.due_at))),
        item(texts.return_line, where=value(data.return_at)),
    ]
    if data.fee_text:
        story.append(line(texts.fee_line, fee=escape(data.fee_text)))
    closing: list[Flowable] = [
        line(
            texts.register_line,
            book=value(data.register_book),
            line=escape(two_digits(data.register_line)),
        )
    ]
    if data.lookup_url:
        closing.append(line(texts.lookup_line, url=escape(data.lookup_url)))
    closing += [Spacer(1, layout.gap * 1.5), _signatures(data, texts, styles, layout)]
    # The register line and the signatures stay together, so a copy never ends on a page
    # holding nothing but the places to sign.
    story.append(KeepTogether(closing))
    return story


def _components_table(
    data: ReceiptData, texts: ReceiptTexts, styles: Styles, layout: PaperLayout
) -> Flowable:
    """Item 1's numbered list as a table, so long names wrap inside their column and the
    header row repeats if the list runs onto the next page."""
    if not data.components:
        return Paragraph(escape(texts.no_components), styles.body)
    # Only the name needs a paragraph (it wraps); numbers and headings are plain cell
    # strings, which the table draws several times faster.
    rows: list[list[str | Flowable]] = [list(texts.components_columns)]
    for number, component in enumerate(data.components, start=1):
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


def _count(number: int) -> str:
    return two_digits(number) if number > 0 else "-"


def _signatures(
    data: ReceiptData, texts: ReceiptTexts, styles: Styles, layout: PaperLayout
) -> Flowable:
    def block(title: str, name: str) -> list[Flowable]:
        return [
            Paragraph(escape(title), styles.signature_title),
            Paragraph(escape(texts.signature_hint), styles.signature_hint),
            Spacer(1, layout.signature_space),
            Paragraph(escape(name), styles.signature_title),
        ]

    half = layout.frame_width / 2
    table = Table(
        [[block(texts.applicant_signature, ""), block(texts.officer_signature, data.officer_name)]],
        colWidths=[half, half],
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        )
    )
    return table


@dataclass
class _PageDecoration:
    """Draws what sits in the margins of every page: form number and legal basis, the reprint
    mark, the running header of a continuation page, the issuing system and page numbers."""

    layout: PaperLayout
    styles: Styles
    texts: ReceiptTexts
    data: ReceiptData
    copy: int
    copy_label: str
    continued: bool
    pages_per_copy: list[int]  # shared by every template; complete once the build is over

    def __call__(self, canvas: DeferringCanvas, _doc: BaseDocTemplate) -> None:
        self.pages_per_copy[self.copy] += 1
        canvas.saveState()
        self._band(canvas)
        if self.continued:
            self._running_header(canvas)
        self._footer(canvas, page=self.pages_per_copy[self.copy])
        canvas.restoreState()

    def _band(self, canvas: Canvas) -> None:
        """Form number and legal basis at the top right; the reprint mark at the top left.

        Both sit on a line just above the frame and grow upwards, so however the legal basis
        wraps it never reaches the header below."""
        layout = self.layout
        band_bottom = layout.height - layout.margin_top + layout.gap
        room = layout.frame_width
        if self.data.reprint_number:
            room -= self._reprint_mark(canvas, band_bottom) + 2 * layout.gap
        form = Paragraph(
            f"<b>{escape(self.texts.form_number)}</b><br/>{escape(self.texts.legal_basis)}",
            self.styles.note_right,
        )
        form.wrap(room, layout.margin_top)
        form.drawOn(canvas, layout.width - layout.margin_right - room, band_bottom)

    def _reprint_mark(self, canvas: Canvas, bottom: float) -> float:
        """A boxed bold "BẢN IN LẠI LẦN n" at the top left; returns its width."""
        style = self.styles.reprint
        text = self.texts.reprint_mark.format(number=self.data.reprint_number)
        padding = style.fontSize * 0.5
        width: float = stringWidth(text, style.fontName, style.fontSize) + 2 * padding
        # Room above the capitals for stacked Vietnamese marks (Ả, Ầ).
        height = style.fontSize * 1.9
        left = self.layout.margin_left
        canvas.setLineWidth(1.2)
        canvas.rect(left, bottom, width, height, stroke=1, fill=0)
        canvas.setFont(style.fontName, style.fontSize)
        canvas.drawCentredString(left + width / 2, bottom + style.fontSize * 0.45, text)
        return width

    def _running_header(self, canvas: Canvas) -> None:
        layout = self.layout
        text = self.texts.continued_header.format(code=self.data.code, copy_label=self.copy_label)
        canvas.setFont(fonts.ITALIC, layout.body_size - 1)
        canvas.drawString(
            layout.margin_left, layout.height - layout.margin_top - layout.body_size, text
        )

    def _footer(self, canvas: DeferringCanvas, *, page: int) -> None:
        """The issuing system at the bottom left; "Trang 1/2" at the right when a copy runs to
        more than one page. The page count is known only when the whole document is laid out,
        so the label is drawn then (a deferred form), in room kept free for it."""
        layout = self.layout
        top = layout.margin_bottom * 0.5 + layout.note_size
        right = layout.width - layout.margin_right
        baseline = top - layout.note_size

        def page_label(form: Canvas) -> None:
            pages = self.pages_per_copy[self.copy]
            if pages > 1:
                form.setFont(fonts.ITALIC, layout.note_size)
                label = self.texts.page_label.format(page=page, pages=pages)
                form.drawRightString(right, baseline, label)

        canvas.defer(f"page_label_{self.copy}_{page}", page_label)
        widest = self.texts.page_label.format(page=99, pages=99)
        room = layout.frame_width - stringWidth(widest, fonts.ITALIC, layout.note_size)
        issued_by = self.texts.issued_by.format(system=self.data.system_name)
        footer = Paragraph(escape(issued_by), self.styles.note)
        _, height = footer.wrap(room - 2 * layout.gap, layout.margin_bottom)
        footer.drawOn(canvas, layout.margin_left, top - height)
