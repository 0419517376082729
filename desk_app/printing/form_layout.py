"""Paper geometry, paragraph styles and the two-column official header shared by printed forms.

Reference section 2: the agency in capitals with a short rule under it on the left; on the right
the national name (bold capitals), the motto (bold, underlined) and the italic place-and-date
line. Sizes follow Decree 30/2020/NĐ-CP's 12-14 pt on A4; A5 is the same form scaled down to
stay legible on half a sheet.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from desk_app.printing import fonts
from desk_app.printing.form_texts import NATIONAL_MOTTO, NATIONAL_NAME

# "A4-landscape" is for the register (Sổ theo dõi hồ sơ), whose table has 14 columns.
Paper = Literal["A4", "A5", "A4-landscape"]


@dataclass(frozen=True)
class PaperLayout:
    """Where things go on one paper size; lengths in points."""

    size: tuple[float, float]
    margin_left: float
    margin_right: float
    margin_top: float  # holds the band with the form number and the reprint mark
    margin_bottom: float  # holds the footer line
    body_size: float
    header_size: float
    title_size: float
    note_size: float
    line_spacing: float  # leading as a multiple of the font size
    qr_size: float
    qr_min_module: float  # smallest QR module that phones and a 200 dpi scan still read
    bar_width: float
    bar_height: float
    signature_space: float

    @property
    def width(self) -> float:
        return self.size[0]

    @property
    def height(self) -> float:
        return self.size[1]

    @property
    def frame_width(self) -> float:
        return self.width - self.margin_left - self.margin_right

    @property
    def gap(self) -> float:
        """The unit of vertical and horizontal breathing space, proportional to the text."""
        return self.body_size * 0.5


LAYOUTS: dict[Paper, PaperLayout] = {
    # Decree 30/2020/NĐ-CP, Annex I: left margin 30-35 mm, right 15-20 mm, top and bottom
    # 20-25 mm. The receipt is a slip, so it uses a little less to keep the form on one page.
    "A4": PaperLayout(
        size=A4,
        margin_left=22 * mm,
        margin_right=15 * mm,
        margin_top=16 * mm,
        margin_bottom=12 * mm,
        body_size=12,
        header_size=12,
        title_size=14,
        note_size=8.5,
        line_spacing=1.22,
        qr_size=22 * mm,
        qr_min_module=0.27 * mm,
        bar_width=0.25 * mm,
        bar_height=9 * mm,
        signature_space=18 * mm,
    ),
    "A4-landscape": PaperLayout(
        size=landscape(A4),
        margin_left=15 * mm,
        margin_right=12 * mm,
        margin_top=14 * mm,
        margin_bottom=12 * mm,
        body_size=11,
        header_size=11,
        title_size=14,
        note_size=8,
        line_spacing=1.2,
        qr_size=22 * mm,
        qr_min_module=0.27 * mm,
        bar_width=0.25 * mm,
        bar_height=9 * mm,
        signature_space=18 * mm,
    ),
    "A5": PaperLayout(
        size=A5,
        margin_left=14 * mm,
        margin_right=10 * mm,
        margin_top=15 * mm,
        margin_bottom=11 * mm,
        body_size=9,
        header_size=8.5,
        title_size=10.5,
        note_size=6.5,
        line_spacing=1.22,
        qr_size=22 * mm,
        qr_min_module=0.27 * mm,
        bar_width=0.25 * mm,
        bar_height=6 * mm,
        signature_space=12 * mm,
    ),
}


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    item: ParagraphStyle  # numbered item: wrapped lines align after the number
    body_center: ParagraphStyle
    cell: ParagraphStyle
    title: ParagraphStyle
    header: ParagraphStyle
    header_bold: ParagraphStyle
    header_date: ParagraphStyle
    copy_label: ParagraphStyle
    signature_title: ParagraphStyle
    signature_hint: ParagraphStyle
    note: ParagraphStyle
    note_right: ParagraphStyle
    reprint: ParagraphStyle


@cache
def styles_for(paper: Paper) -> Styles:
    """Paragraph styles for one paper size, all in the bundled family (never Helvetica)."""
    family = fonts.register_fonts()
    layout = LAYOUTS[paper]

    def style(name: str, size: float, **extra: Any) -> ParagraphStyle:
        settings: dict[str, Any] = {
            "fontName": family,
            "fontSize": size,
            "leading": size * layout.line_spacing,
            "alignment": TA_LEFT,
        }
        return ParagraphStyle(name, **(settings | extra))

    body = layout.body_size
    header = layout.header_size
    return Styles(
        body=style("body", body, spaceBefore=body * 0.15),
        item=style(
            "item",
            body,
            spaceBefore=body * 0.15,
            leftIndent=body * 1.2,
            firstLineIndent=-body * 1.2,
        ),
        body_center=style("body_center", body, alignment=TA_CENTER),
        cell=style("cell", body - 1),
        title=style(
            "title",
            layout.title_size,
            fontName=fonts.BOLD,
            alignment=TA_CENTER,
            spaceBefore=layout.title_size * 1.2,
            spaceAfter=layout.title_size * 0.2,
        ),
        header=style("header", header, alignment=TA_CENTER, leading=header * 1.25),
        header_bold=style(
            "header_bold", header, fontName=fonts.BOLD, alignment=TA_CENTER, leading=header * 1.25
        ),
        header_date=style(
            "header_date",
            header,
            fontName=fonts.ITALIC,
            alignment=TA_CENTER,
            spaceBefore=header * 0.6,
        ),
        copy_label=style(
            "copy_label",
            body,
            fontName=fonts.BOLD,
            alignment=TA_CENTER,
            spaceAfter=body * 0.4,
        ),
        signature_title=style("signature_title", body, fontName=fonts.BOLD, alignment=TA_CENTER),
        signature_hint=style(
            "signature_hint", body - 1, fontName=fonts.ITALIC, alignment=TA_CENTER
        ),
        note=style("note", layout.note_size, fontName=fonts.ITALIC),
        note_right=style("note_right", layout.note_size, fontName=fonts.ITALIC, alignment=TA_RIGHT),
        reprint=style("reprint", layout.note_size + 2.5, fontName=fonts.BOLD, alignment=TA_CENTER),
    )


class ShortRule(Flowable):  # type: ignore[misc]  # ReportLab ships no type hints
    """The short centred line under the agency name (Decree 30/2020/NĐ-CP, Annex I)."""

    def __init__(self, length: float, space: float) -> None:
        super().__init__()
        self.length = length
        self.space = space

    def wrap(self, available_width: float, *_: Any) -> tuple[float, float]:
        self.width = available_width
        return available_width, self.space

    def draw(self) -> None:
        self.canv.setLineWidth(0.6)
        left = (self.width - self.length) / 2
        y = self.space * 0.45
        self.canv.line(left, y, left + self.length, y)


def table_style(*commands: tuple[Any, ...]) -> TableStyle:
    """A table style whose cells use the bundled font: ReportLab's cell default is Helvetica,
    which it sets on the canvas (and so lists in the PDF) even when every cell is a paragraph."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR), *commands])


def official_header(
    paper: Paper, *, agency_lines: Sequence[str], place_date: str, corner: Flowable | None = None
) -> Table:
    """The header table: ``corner`` (the QR), if any | agency | national name, motto, place and
    date.

    Every value must be NFC text already; it is escaped here. The motto column is as wide as
    the national name needs, so that line never wraps; the agency column takes the rest.
    """
    layout = LAYOUTS[paper]
    styles = styles_for(paper)
    gutter = layout.gap * 1.5  # between the columns, so their texts never touch
    motto_width = stringWidth(NATIONAL_NAME, fonts.BOLD, layout.header_size) + 1 + gutter
    corner_cells: list[Flowable] = [] if corner is None else [corner]
    corner_widths = [
        cell.wrap(layout.frame_width, layout.height)[0] + gutter for cell in corner_cells
    ]
    agency_width = layout.frame_width - sum(corner_widths) - motto_width

    # The issuing unit (last line) in bold, the bodies above it in regular capitals (Decree 30).
    agency: list[Flowable] = [
        Paragraph(
            escape(line.upper()),
            styles.header_bold if index == len(agency_lines) - 1 else styles.header,
        )
        for index, line in enumerate(agency_lines)
    ]
    agency.append(ShortRule(agency_width / 3, layout.gap * 1.5))
    motto: list[Flowable] = [
        Paragraph(escape(NATIONAL_NAME), styles.header_bold),
        Paragraph(f"<u>{escape(NATIONAL_MOTTO)}</u>", styles.header_bold),
        Paragraph(escape(place_date), styles.header_date),
    ]
    table = Table(
        [[*corner_cells, agency, motto]], colWidths=[*corner_widths, agency_width, motto_width]
    )
    table.setStyle(
        table_style(
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("LEFTPADDING", (-1, 0), (-1, 0), gutter),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        )
    )
    return table
