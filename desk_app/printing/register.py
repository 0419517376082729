"""Sổ theo dõi hồ sơ (2018 Mẫu 06, 2025 Mẫu 07): the register of every dossier, as PDF or XLSX.

Reference §2: No. | code | procedure | number of sets | applicant | address, phone | handling
unit | dates received / due / sent to the handling unit / result back / returned | signature on
collection | note. The PDF is A4 landscape in the forms' frame; the XLSX has the same columns
and the same two merged header rows, numbers as numbers and times as dates, for offices that
keep the book in a spreadsheet. Rows come in register books ("Quyển số"), each line numbered as
the receipt cites it. The services layer fills `RegisterData`; nothing here reads the database.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table

from desk_app.core.office import OfficeIdentity
from desk_app.core.rules import RuleSet
from desk_app.printing.form_layout import LAYOUTS, Paper, table_style
from desk_app.printing.form_texts import two_digits
from desk_app.printing.lifecycle_texts import FormSet, RegisterTexts, form_set
from desk_app.printing.official_form import FormCopy, FormFrame, OfficialDocument, fill, nfc

PAPER: Paper = "A4-landscape"
# Share of the frame's width per column, in the order of RegisterTexts.columns.
_WIDTHS = (3.2, 15.5, 9.5, 4, 8.5, 9.5, 8, 6.4, 6.4, 6.4, 6.4, 6.4, 9.5, 7)
_DATE_COLUMNS = range(7, 12)


@dataclass(frozen=True)
class RegisterRow:
    """One dossier's line; times aware and in office time, None while the step is not done."""

    book: str
    line: int
    code: str
    procedure_name: str
    sets_count: int
    applicant_name: str
    address_phone: str
    handling_unit: str
    received_at: datetime
    due_at: datetime
    sent_at: datetime | None = None
    result_at: datetime | None = None
    returned_at: datetime | None = None
    original_due_at: datetime | None = None  # printed when an extension moved the due date
    collected_by_proxy: str = ""  # a proxy's name, printed in the signature column
    postal_waybill: str = ""  # returned by post: no signature, the waybill instead
    note: str = ""


@dataclass(frozen=True)
class RegisterData:
    rule_set: RuleSet
    office: OfficeIdentity
    date_from: date
    date_to: date
    printed_on: date
    system_name: str
    rows: tuple[RegisterRow, ...]


def render_register_pdf(data: RegisterData, *, texts: FormSet | None = None) -> bytes:
    data = nfc(data)
    wording = (texts or form_set(data.rule_set)).register
    return _Register(data, wording).render(PAPER)


def _books(rows: tuple[RegisterRow, ...]) -> list[str]:
    books: list[str] = []
    for row in rows:
        if row.book not in books:
            books.append(row.book)
    return books


def _when(texts: RegisterTexts, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return texts.date_format.format(
        hour=moment.hour, minute=moment.minute, day=moment.day, month=moment.month, year=moment.year
    )


def _signature_text(texts: RegisterTexts, row: RegisterRow) -> str:
    if row.postal_waybill:
        return texts.by_post.format(waybill=row.postal_waybill)
    if row.collected_by_proxy:
        return texts.by_proxy.format(name=row.collected_by_proxy)
    return ""


def _note_text(texts: RegisterTexts, row: RegisterRow) -> str:
    parts = [row.note] if row.note else []
    if row.original_due_at is not None and row.original_due_at != row.due_at:
        parts.append(texts.original_due.format(when=_when(texts, row.original_due_at)))
    return "; ".join(parts)


class _Register(OfficialDocument[RegisterTexts]):
    def __init__(self, data: RegisterData, texts: RegisterTexts) -> None:
        office = data.office
        frame = FormFrame(
            code=", ".join(_books(data.rows)) or texts.blank,
            agency_lines=(office.name.upper(), office.reception_unit.upper()),
            place=office.place,
            issued_on=data.printed_on,
            system_name=data.system_name,
            author=office.reception_unit,
        )
        super().__init__(texts, frame)
        self.data = data

    def heading(self, copy: FormCopy[RegisterTexts]) -> list[Flowable]:
        data, texts = self.data, copy.texts
        period = fill(
            texts.period_line,
            start=escape(data.date_from.strftime("%d/%m/%Y")),
            end=escape(data.date_to.strftime("%d/%m/%Y")),
        )
        return [Paragraph(f"<i>{period}</i>", copy.styles.body_center)]

    def body(self, copy: FormCopy[RegisterTexts]) -> list[Flowable]:
        texts, styles = copy.texts, copy.styles
        cell = ParagraphStyle("register_cell", parent=styles.cell, fontSize=8, leading=9.8)
        head = ParagraphStyle("register_head", parent=cell, alignment=TA_CENTER)
        columns = texts.columns
        first = [Paragraph(f"<b>{escape(c)}</b>", head) for c in columns]
        second: list[str | Flowable] = [""] * len(columns)
        first[_DATE_COLUMNS[0]] = Paragraph(f"<b>{escape(texts.dates_group)}</b>", head)
        for index in _DATE_COLUMNS:
            second[index] = Paragraph(f"<b>{escape(columns[index])}</b>", head)
        numbers: list[str | Flowable] = [f"({n})" for n in range(1, len(columns) + 1)]
        rows: list[list[str | Flowable]] = [list(first), second, numbers]
        spans: list[tuple[object, ...]] = [("SPAN", (_DATE_COLUMNS[0], 0), (_DATE_COLUMNS[-1], 0))]
        spans += [("SPAN", (c, 0), (c, 1)) for c in range(len(columns)) if c not in _DATE_COLUMNS]
        book = None
        for row in self.data.rows:
            if row.book != book:
                book = row.book
                label = fill(texts.book_line, book=escape(book))
                rows.append([Paragraph(f"<b>{label}</b>", cell), *[""] * (len(columns) - 1)])
                spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
            values = [
                two_digits(row.line),
                row.code,
                row.procedure_name,
                two_digits(row.sets_count),
                row.applicant_name,
                row.address_phone,
                row.handling_unit,
                _when(texts, row.received_at),
                _when(texts, row.due_at),
                _when(texts, row.sent_at),
                _when(texts, row.result_at),
                _when(texts, row.returned_at),
                _signature_text(texts, row),
                _note_text(texts, row),
            ]
            rows.append(
                [
                    Paragraph(escape(v), head if i in (0, 3) or i in _DATE_COLUMNS else cell)
                    for i, v in enumerate(values)
                ]
            )
        if not self.data.rows:
            rows.append([Paragraph(escape(texts.no_rows), cell), *[""] * (len(columns) - 1)])
            spans.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        total = sum(_WIDTHS)
        widths = [LAYOUTS[PAPER].frame_width * w / total for w in _WIDTHS]
        table = Table(rows, colWidths=widths, repeatRows=3)
        table.setStyle(
            table_style(
                ("FONTSIZE", (0, 0), (-1, -1), 7.5),
                ("ALIGN", (0, 2), (-1, 2), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                *spans,
            )
        )
        return [table]


def render_register_xlsx(data: RegisterData, *, texts: FormSet | None = None) -> bytes:
    """The register as a workbook: the title and period, two merged header rows like the PDF,
    then one row per dossier (a merged row names each book). Times are Excel dates in office
    time (Excel has no time zones); counts and line numbers are numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    data = nfc(data)
    wording = (texts or form_set(data.rule_set)).register
    columns = wording.columns
    book = Workbook()
    sheet = book.active
    sheet.title = wording.form_number
    last = len(columns)
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)

    sheet.cell(1, 1, data.office.name.upper())
    sheet.cell(2, 1, data.office.reception_unit.upper()).font = bold
    sheet.cell(1, last, wording.form_number).font = bold
    sheet.cell(3, 1, wording.title).font = Font(bold=True, size=14)
    period = wording.period_line.format(
        start=data.date_from.strftime("%d/%m/%Y"), end=data.date_to.strftime("%d/%m/%Y")
    )
    sheet.cell(4, 1, period)
    for row in (3, 4):
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
        sheet.cell(row, 1).alignment = centre

    top, under = 6, 7
    for index, title in enumerate(columns, start=1):
        if index - 1 in _DATE_COLUMNS:
            sheet.cell(under, index, title)
        else:
            sheet.cell(top, index, title)
            sheet.merge_cells(start_row=top, start_column=index, end_row=under, end_column=index)
    first_date = _DATE_COLUMNS[0] + 1
    sheet.cell(top, first_date, wording.dates_group)
    sheet.merge_cells(
        start_row=top, start_column=first_date, end_row=top, end_column=_DATE_COLUMNS[-1] + 1
    )
    for row in (top, under):
        for column in range(1, last + 1):
            header = sheet.cell(row, column)
            header.font, header.alignment, header.border = bold, centre, grid

    current = under + 1
    shelf = None
    for entry in data.rows:
        if entry.book != shelf:
            shelf = entry.book
            sheet.cell(current, 1, wording.book_line.format(book=shelf)).font = bold
            sheet.merge_cells(start_row=current, start_column=1, end_row=current, end_column=last)
            current += 1
        values: list[object] = [
            entry.line,
            entry.code,
            entry.procedure_name,
            entry.sets_count,
            entry.applicant_name,
            entry.address_phone,
            entry.handling_unit,
            _naive(entry.received_at),
            _naive(entry.due_at),
            _naive(entry.sent_at),
            _naive(entry.result_at),
            _naive(entry.returned_at),
            _signature_text(wording, entry),
            _note_text(wording, entry),
        ]
        for column, value in enumerate(values, start=1):
            target = sheet.cell(current, column, value)
            target.border = grid
            target.alignment = Alignment(vertical="top", wrap_text=True)
            if isinstance(value, datetime):
                target.number_format = "dd/mm/yyyy hh:mm"
        current += 1
    widths = (6, 27, 30, 9, 22, 30, 22, 16, 16, 16, 16, 16, 18, 22)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(under + 1, 1)
    sheet.print_options.gridLines = False
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{top}:{under}"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _naive(moment: datetime | None) -> datetime | None:
    """Office wall-clock time without its zone: what Excel can store as a date."""
    return None if moment is None else moment.replace(tzinfo=None)
