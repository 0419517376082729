"""The hand-over list of paper folders (issue 10, item 6): what passed from whom to whom, signed.

Not a form of the circulars: the office's own record that a batch of dossier folders changed
hands (reference §9, "the physical location of the paper dossier and each hand-over between
officers"). It shares the official frame (header, page numbers, issuing system) so it looks
like the office's other papers: A4 portrait, one unlabelled copy, a table No. | code |
applicant | procedure | pages, then the giver's and the receiver's signatures. The services
fill `HandoverListData`; this module never touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from desk_app.core.office import OfficeIdentity
from desk_app.printing import fonts
from desk_app.printing.form_layout import table_style
from desk_app.printing.form_texts import FormTexts, clock_and_date, two_digits
from desk_app.printing.official_form import (
    FormCopy,
    FormFrame,
    OfficialDocument,
    Signature,
    bold,
    nfc,
)


@dataclass(frozen=True, kw_only=True)
class HandoverTexts(FormTexts):
    """The list's wording: kept beside it (no rule set: the office's own paper, not a form)."""

    form_number: str = ""
    legal_basis: str = ""
    title: str = "DANH SÁCH BÀN GIAO HỒ SƠ GIẤY"
    document_name: str = "Danh sách bàn giao hồ sơ giấy"
    continued_header_unlabelled: str = "Danh sách bàn giao số {code} (tiếp theo)"
    batch_line: str = "Số: {batch}"
    time_line: str = "Thời gian bàn giao: {when}"
    giver_line: str = "Bên giao: {name}"
    receiver_line: str = "Bên nhận: {name}"
    note_line: str = "Ghi chú: {note}"
    intro_line: str = "Bên giao đã giao và bên nhận đã nhận đủ các hồ sơ giấy sau:"
    columns: tuple[str, str, str, str, str] = (
        "STT",
        "Mã hồ sơ",
        "Người nộp",
        "Thủ tục",
        "Số trang",
    )
    total_line: str = "Tổng cộng: {count} hồ sơ, {pages} trang."
    total_line_uncounted: str = "Tổng cộng: {count} hồ sơ."
    giver_signature: str = "NGƯỜI GIAO"
    receiver_signature: str = "NGƯỜI NHẬN"


HANDOVER_TEXTS = HandoverTexts()


@dataclass(frozen=True)
class HandoverRow:
    code: str
    applicant: str
    procedure: str
    pages: int  # 0: not counted, left blank to write by hand


@dataclass(frozen=True)
class HandoverListData:
    """Everything the list prints, already worded; ``at`` is aware and local."""

    office: OfficeIdentity  # in force on the day of the hand-over
    batch_label: str
    at: datetime
    from_name: str
    to_name: str
    rows: tuple[HandoverRow, ...]
    system_name: str
    note: str = ""


def render_handover_list(data: HandoverListData, *, paper: Literal["A4"] = "A4") -> bytes:
    """The list as PDF bytes (A4 portrait: the table needs the width)."""
    return _HandoverList(nfc(data)).render(paper)


_Copy = FormCopy[HandoverTexts]


class _HandoverList(OfficialDocument[HandoverTexts]):
    def __init__(self, data: HandoverListData) -> None:
        office = data.office
        frame = FormFrame(
            code=data.batch_label,
            agency_lines=(office.name.upper(), office.reception_unit.upper()),
            place=office.place,
            issued_on=data.at.date(),
            system_name=data.system_name,
            author=office.reception_unit,
        )
        super().__init__(HANDOVER_TEXTS, frame)
        self.data = data

    def heading(self, copy: _Copy) -> list[Flowable]:
        line = copy.texts.batch_line.format(batch=self.data.batch_label)
        return [Paragraph(escape(line), copy.styles.body_center)]

    def body(self, copy: _Copy) -> list[Flowable]:
        data, texts, line = self.data, copy.texts, copy.line
        story: list[Flowable] = [
            Spacer(1, copy.layout.gap),
            line(texts.time_line, when=escape(clock_and_date(data.at))),
            line(texts.giver_line, name=bold(data.from_name)),
            line(texts.receiver_line, name=bold(data.to_name)),
        ]
        if data.note:
            story.append(line(texts.note_line, note=escape(data.note)))
        story += [
            line(texts.intro_line),
            Spacer(1, copy.layout.gap * 0.4),
            self._table(copy),
            Spacer(1, copy.layout.gap * 0.6),
        ]
        count = two_digits(len(data.rows))
        if all(r.pages for r in data.rows):
            total = line(
                texts.total_line,
                count=bold(count),
                pages=bold(str(sum(r.pages for r in data.rows))),
            )
        else:  # a folder not counted: its pages are written by hand, so no total is printed
            total = line(texts.total_line_uncounted, count=bold(count))
        # The total and the signatures stay together: a page never holds only the places to sign.
        story.append(
            KeepTogether(
                [
                    total,
                    Spacer(1, copy.layout.gap * 1.5),
                    copy.signatures(
                        Signature(texts.giver_signature, data.from_name),
                        Signature(texts.receiver_signature, data.to_name),
                    ),
                ]
            )
        )
        return story

    def _table(self, copy: _Copy) -> Table:
        """Code and pages never wrap; applicant and procedure share the rest and wrap inside
        their columns; the header row repeats on a continuation page."""
        texts, styles, layout = copy.texts, copy.styles, copy.layout
        size = styles.cell.fontSize
        padding = layout.gap * 0.8
        rows: list[list[str | Flowable]] = [list(texts.columns)]
        for number, row in enumerate(self.data.rows, start=1):
            rows.append(
                [
                    str(number),
                    row.code,
                    Paragraph(escape(row.applicant), styles.cell),
                    Paragraph(escape(row.procedure), styles.cell),
                    str(row.pages) if row.pages else "",
                ]
            )

        def width(*texts_: str, font: str = fonts.REGULAR) -> float:
            widest: float = max(stringWidth(t, font, size) for t in texts_)
            return widest + 2 * padding

        number_width = width(texts.columns[0], "000", font=fonts.BOLD)
        code_width = width(texts.columns[1], *(r.code for r in self.data.rows), font=fonts.BOLD)
        pages_width = width(texts.columns[4], font=fonts.BOLD)
        rest = layout.frame_width - number_width - code_width - pages_width
        applicant_width = rest * 0.4
        table = Table(
            rows,
            colWidths=[
                number_width,
                code_width,
                applicant_width,
                rest - applicant_width,
                pages_width,
            ],
            repeatRows=1,
        )
        table.setStyle(
            table_style(
                ("FONTSIZE", (0, 0), (-1, -1), size),
                ("LEADING", (0, 0), (-1, -1), styles.cell.leading),
                ("FONTNAME", (0, 0), (-1, 0), fonts.BOLD),
                ("ALIGN", (0, 0), (-1, 0), "CENTER"),
                ("ALIGN", (0, 1), (0, -1), "CENTER"),
                ("ALIGN", (-1, 1), (-1, -1), "CENTER"),
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), padding * 0.4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
            )
        )
        return table
