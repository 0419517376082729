"""Biểu số II.06a/VPCP/KSTT (Circular 01/2020/TT-VPCP): the period report as PDF and XLSX.

The official table holds the form's 13 columns and nothing else, with its header band, title
and column headers word for word (reference §5 and §11); the supervisors' figures (online
share, on-time rate, waiting for a supplement, refused, stopped, extended, late after an
extension) come after it in a second table of their own (PDF) or on a second sheet (XLSX).
The wording is Vietnamese whatever the interface language: it is the form's. The services
layer fills `PeriodReportData`; nothing here reads the database.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.period_report import (
    COUNT_NAMES,
    ExtraCounts,
    Period,
    PeriodCounts,
    PeriodReportData,
    month_of,
    quarter_of,
)
from desk_app.core.text import clean
from desk_app.printing import fonts
from desk_app.printing.deferring_canvas import DeferringCanvas
from desk_app.printing.form_layout import LAYOUTS, Paper, styles_for, table_style

PAPER: Paper = "A4-landscape"
FORM_NUMBER = "Biểu số II.06a/VPCP/KSTT"
TITLE = "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC"
REPORTING = "- Đơn vị báo cáo: {unit}"
RECEIVING = "- Đơn vị nhận báo cáo: {unit}"
PERIOD_LINE = "Kỳ báo cáo: {name} (Từ ngày {first} đến ngày {last})"
UNIT_LINE = "Đơn vị tính: Số hồ sơ TTHC"
BLANK = "…………………………"
# The column headers, reference §11: (1) and (2) span the header's three rows; the groups.
NUMBER = "STT"
LABEL = "Lĩnh vực, công việc giải quyết theo cấp"
RECEIVED_GROUP = "Số hồ sơ nhận giải quyết"
RESOLVED_GROUP = "Số hồ sơ đã giải quyết"
IN_PROGRESS_GROUP = "Số lượng hồ sơ đang giải quyết"
TOTAL = "Tổng số"
OF_WHICH = "Trong đó"
RECEIVED_PARTS = ("Trực tuyến", "Trực tiếp, dịch vụ bưu chính", "Từ kỳ trước")
RESOLVED_PARTS = ("Trước hạn", "Đúng hạn", "Quá hạn")
IN_PROGRESS_PARTS = ("Trong hạn", "Quá hạn")
TOTAL_ROW = "Tổng cộng"
# Ours, not the form's: the second table.
EXTRA_TITLE = "SỐ LIỆU BỔ SUNG (ngoài Biểu số II.06a, để theo dõi)"
RATE_HEADERS = ("Tỷ lệ tiếp nhận trực tuyến", "Tỷ lệ giải quyết đúng hạn (trước hạn và đúng hạn)")
EXTRA_HEADERS = {
    "waiting_supplement": "Đang chờ bổ sung",
    "refused": "Từ chối giải quyết",
    "stopped": "Dừng giải quyết theo đề nghị",
    "extended": "Đã gia hạn (xin lỗi, hẹn lại)",
    "late_after_extension": "Quá hạn sau gia hạn",
}
AS_OF = "Số liệu tính đến {time}, lập bằng {system}."
ROMAN = ("I", "II", "III", "IV")


def period_name(period: Period) -> str:
    """The period as reports name it: a month, a quarter, a half year, a year, else nothing
    (the dates in brackets say it)."""
    first, last = period.first, period.last
    if month_of(first) == period:
        return f"Tháng {first.month} năm {first.year}"
    if quarter_of(first) == period:
        return f"Quý {ROMAN[(first.month - 1) // 3]} năm {first.year}"
    if first == date(first.year, 1, 1) and last == date(first.year, 6, 30):
        return f"6 tháng đầu năm {first.year}"
    if first == date(first.year, 7, 1) and last == date(first.year, 12, 31):
        return f"6 tháng cuối năm {first.year}"
    if first == date(first.year, 1, 1) and last == date(first.year, 12, 31):
        return f"Năm {first.year}"
    return ""


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.1f}%".replace(".", ",")


def _numbers(counts: PeriodCounts) -> list[int]:
    return [getattr(counts, name) for name in COUNT_NAMES]


def _extra_headers(data: PeriodReportData) -> list[str]:
    return [NUMBER, LABEL, *RATE_HEADERS, *(EXTRA_HEADERS[name] for name in data.extra_names)]


def _extras_of(data: PeriodReportData, counts: PeriodCounts, extras: ExtraCounts) -> list[str]:
    return [
        _percent(counts.online_share),
        _percent(counts.on_time_rate),
        *(str(getattr(extras, name)) for name in data.extra_names),
    ]


def _header_lines(data: PeriodReportData) -> tuple[str, str, str]:
    reporting = REPORTING.format(unit=clean(data.reporting_unit) or BLANK)
    receiving = RECEIVING.format(unit=clean(data.receiving_unit) or BLANK)
    period = PERIOD_LINE.format(
        name=period_name(data.period) or BLANK,
        first=_day(data.period.first),
        last=_day(data.period.last),
    )
    return reporting, receiving, period


# --- PDF ----------------------------------------------------------------------------------------


def render_period_report_pdf(data: PeriodReportData, *, system_name: str = "desk-app") -> bytes:
    layout = LAYOUTS[PAPER]
    styles = styles_for(PAPER)
    cell = ParagraphStyle("report_cell", parent=styles.cell, fontSize=9, leading=11)
    head = ParagraphStyle("report_head", parent=cell, fontName=fonts.BOLD, alignment=TA_CENTER)
    number = ParagraphStyle("report_number", parent=cell, alignment=TA_RIGHT)
    right = ParagraphStyle("report_right", parent=styles.body, alignment=TA_RIGHT)
    reporting, receiving, period = _header_lines(data)

    band = Table(
        [
            [
                Paragraph(f"<b>{escape(FORM_NUMBER)}</b>", styles.body),
                Paragraph(escape(clean(reporting)), styles.body),
            ],
            ["", Paragraph(escape(clean(receiving)), styles.body)],
        ],
        colWidths=[layout.frame_width * 0.45, layout.frame_width * 0.55],
    )
    band.setStyle(table_style(("VALIGN", (0, 0), (-1, -1), "TOP")))
    story: list[Flowable] = [
        band,
        Paragraph(escape(TITLE), styles.title),
        Paragraph(f"<i>{escape(clean(period))}</i>", styles.body_center),
        Paragraph(f"<i>{escape(UNIT_LINE)}</i>", right),
        Spacer(1, layout.gap),
        _official_table(data, cell, head, number),
        Spacer(1, layout.gap * 3),
        Paragraph(f"<b>{escape(EXTRA_TITLE)}</b>", styles.body),
        Spacer(1, layout.gap),
        _extra_table(data, cell, head, number),
        Spacer(1, layout.gap * 2),
        Paragraph(escape(_as_of(data, system_name)), styles.note),
    ]
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=layout.size,
        leftMargin=layout.margin_left,
        rightMargin=layout.margin_right,
        topMargin=layout.margin_top,
        bottomMargin=layout.margin_bottom,
        title=clean(f"{FORM_NUMBER} - {period}"),
        author=clean(data.reporting_unit),
        creator=clean(system_name),
    )
    document.build(story, canvasmaker=DeferringCanvas)
    return buffer.getvalue()


def _as_of(data: PeriodReportData, system_name: str) -> str:
    moment = data.as_of.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y")
    return AS_OF.format(time=moment, system=clean(system_name))


def _body_rows(data: PeriodReportData) -> list[tuple[str, str, PeriodCounts, ExtraCounts]]:
    rows = [
        (str(index), clean(line.label), line.counts, line.extras)
        for index, line in enumerate(data.lines, start=1)
    ]
    rows.append(("", TOTAL_ROW, data.total, data.total_extras))
    return rows


def _official_table(
    data: PeriodReportData, cell: ParagraphStyle, head: ParagraphStyle, number: ParagraphStyle
) -> Table:
    def h(text: str) -> Paragraph:
        return Paragraph(escape(text), head)

    first = [h(NUMBER), h(LABEL), h(RECEIVED_GROUP), "", "", "", h(RESOLVED_GROUP), "", "", ""]
    first += [h(IN_PROGRESS_GROUP), "", ""]
    second = ["", "", h(TOTAL), h(OF_WHICH), "", "", h(TOTAL), *map(h, RESOLVED_PARTS)]
    second += [h(TOTAL), *map(h, IN_PROGRESS_PARTS)]
    third = ["", "", "", *map(h, RECEIVED_PARTS), "", "", "", "", "", "", ""]
    numbers: list[str | Flowable] = [h(f"({n})") for n in range(1, 14)]
    rows: list[list[str | Flowable]] = [first, second, third, numbers]
    body = _body_rows(data)
    for index, label, counts, _extras in body:
        bold = index == ""
        mark = ("<b>", "</b>") if bold else ("", "")
        rows.append(
            [
                Paragraph(index, head),
                Paragraph(f"{mark[0]}{escape(label)}{mark[1]}", cell),
                *(Paragraph(f"{mark[0]}{n}{mark[1]}", number) for n in _numbers(counts)),
            ]
        )
    spans = [
        ("SPAN", (0, 0), (0, 2)),
        ("SPAN", (1, 0), (1, 2)),
        ("SPAN", (2, 0), (5, 0)),  # received
        ("SPAN", (6, 0), (9, 0)),  # resolved
        ("SPAN", (10, 0), (12, 0)),  # in progress
        ("SPAN", (2, 1), (2, 2)),
        ("SPAN", (3, 1), (5, 1)),  # of which
        *(("SPAN", (c, 1), (c, 2)) for c in range(6, 13)),
    ]
    frame = LAYOUTS[PAPER].frame_width
    label_width = frame * 0.25
    number_width = (frame - label_width - frame * 0.04) / 11
    table = Table(rows, colWidths=[frame * 0.04, label_width, *[number_width] * 11], repeatRows=4)
    table.setStyle(_grid(*spans))
    return table


def _extra_table(
    data: PeriodReportData, cell: ParagraphStyle, head: ParagraphStyle, number: ParagraphStyle
) -> Table:
    headers = _extra_headers(data)
    rows: list[list[str | Flowable]] = [[Paragraph(escape(t), head) for t in headers]]
    for index, label, counts, extras in _body_rows(data):
        bold = ("<b>", "</b>") if index == "" else ("", "")
        rows.append(
            [
                Paragraph(index, head),
                Paragraph(f"{bold[0]}{escape(label)}{bold[1]}", cell),
                *(
                    Paragraph(f"{bold[0]}{v}{bold[1]}", number)
                    for v in _extras_of(data, counts, extras)
                ),
            ]
        )
    frame = LAYOUTS[PAPER].frame_width
    label_width = frame * 0.25
    rest = (frame - label_width - frame * 0.04) / (len(headers) - 2)
    widths = [frame * 0.04, label_width, *[rest] * (len(headers) - 2)]
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(_grid())
    return table


def _grid(*extra: tuple[object, ...]) -> object:
    return table_style(
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        *extra,
    )


# --- XLSX ---------------------------------------------------------------------------------------


def render_period_report_xlsx(data: PeriodReportData, *, system_name: str = "desk-app") -> bytes:
    """The same report as a workbook: the form's sheet (header band, title, merged column
    groups, numbers as numbers) and a second sheet with the supervisors' figures."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    book = Workbook()
    sheet: Worksheet = book.active
    sheet.title = "II.06a"
    bold = Font(bold=True)
    centre = Alignment(horizontal="center", vertical="center", wrap_text=True)
    thin = Side(style="thin")
    grid = Border(left=thin, right=thin, top=thin, bottom=thin)
    reporting, receiving, period = _header_lines(data)

    sheet.cell(1, 1, FORM_NUMBER).font = bold
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=4)
    sheet.cell(1, 8, clean(reporting))
    sheet.cell(2, 8, clean(receiving))
    for row, text, style in ((4, TITLE, Font(bold=True, size=13)), (5, clean(period), None)):
        target = sheet.cell(row, 1, text)
        if style is not None:
            target.font = style
        target.alignment = centre
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=13)
    sheet.cell(6, 13, UNIT_LINE).alignment = Alignment(horizontal="right")

    top = 8
    headers: list[tuple[int, int, int, int, str]] = [  # row, column, last row, last column
        (top, 1, top + 2, 1, NUMBER),
        (top, 2, top + 2, 2, LABEL),
        (top, 3, top, 6, RECEIVED_GROUP),
        (top, 7, top, 10, RESOLVED_GROUP),
        (top, 11, top, 13, IN_PROGRESS_GROUP),
        (top + 1, 3, top + 2, 3, TOTAL),
        (top + 1, 4, top + 1, 6, OF_WHICH),
        (top + 1, 7, top + 2, 7, TOTAL),
        (top + 1, 11, top + 2, 11, TOTAL),
    ]
    headers += [(top + 2, 4 + i, top + 2, 4 + i, t) for i, t in enumerate(RECEIVED_PARTS)]
    headers += [(top + 1, 8 + i, top + 2, 8 + i, t) for i, t in enumerate(RESOLVED_PARTS)]
    headers += [(top + 1, 12 + i, top + 2, 12 + i, t) for i, t in enumerate(IN_PROGRESS_PARTS)]
    for row, column, last_row, last_column, text in headers:
        sheet.cell(row, column, text)
        if (last_row, last_column) != (row, column):
            sheet.merge_cells(
                start_row=row, start_column=column, end_row=last_row, end_column=last_column
            )
    numbers_row = top + 3
    for column in range(1, 14):
        sheet.cell(numbers_row, column, f"({column})")
    for row in range(top, numbers_row + 1):
        for column in range(1, 14):
            target = sheet.cell(row, column)
            target.font, target.alignment, target.border = bold, centre, grid

    current = numbers_row + 1
    for index, label, counts, _extras in _body_rows(data):
        values: Sequence[object] = [int(index) if index else None, label, *_numbers(counts)]
        for column, value in enumerate(values, start=1):
            target = sheet.cell(current, column, value)
            target.border = grid
            if index == "":
                target.font = bold
        current += 1
    sheet.cell(current + 1, 1, _as_of(data, system_name)).font = Font(italic=True, size=9)
    widths = (6, 42, *[11] * 11)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = sheet.cell(numbers_row + 1, 3)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.print_title_rows = f"{top}:{numbers_row}"

    extra = book.create_sheet("Bổ sung")
    extra.cell(1, 1, EXTRA_TITLE).font = Font(bold=True, size=12)
    extra_headers = _extra_headers(data)
    for column, title in enumerate(extra_headers, start=1):
        target = extra.cell(3, column, title)
        target.font, target.alignment, target.border = bold, centre, grid
    current = 4
    for index, label, counts, extras in _body_rows(data):
        ratios = [
            None if rate is None else round(rate, 4)
            for rate in (counts.online_share, counts.on_time_rate)
        ]
        values = [
            int(index) if index else None,
            label,
            *ratios,
            *(getattr(extras, name) for name in data.extra_names),
        ]
        for column, value in enumerate(values, start=1):
            target = extra.cell(current, column, value)
            target.border = grid
            if column in (3, 4):
                target.number_format = "0.0%"
            if index == "":
                target.font = bold
        current += 1
    for column, width in enumerate((6, 42, *[16] * (len(extra_headers) - 2)), start=1):
        extra.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
