"""The frame every official form shares, so each form is only its own story (reference section 2).

A form subclasses `OfficialDocument`: it hands over its wording (a `FormTexts`, versioned by rule
set in `form_texts`) and the facts its frame prints (`FormFrame`), and writes `body` - and, if it
has them, `corner` (the QR) and `heading` - for one copy. The document prints that story once per
copy, each copy from a new page, under the official header and the title, and draws in the
margins of every page the form number and legal basis, the reprint mark, the running header of a
continuation page, the issuing system and the copy's page numbers. `FormCopy` gives the story its
paper, styles and helpers for lines and signature blocks.
"""

from __future__ import annotations

import dataclasses
import io
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Generic, TypeVar, cast
from xml.sax.saxutils import escape

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
)

from desk_app.core.text import clean
from desk_app.printing import fonts
from desk_app.printing.deferring_canvas import DeferringCanvas
from desk_app.printing.form_layout import (
    LAYOUTS,
    Paper,
    PaperLayout,
    Styles,
    official_header,
    styles_for,
    table_style,
)
from desk_app.printing.form_texts import FormTexts, place_and_date

TextsT = TypeVar("TextsT", bound=FormTexts)
DataT = TypeVar("DataT")


def fill(template: str, **values: str) -> str:
    """Paragraph markup of a plain-text template; values arrive escaped (see `bold`)."""
    return escape(template).format(**values)


def bold(value: str) -> str:
    """A value escaped and in bold, ready for `fill`."""
    return f"<b>{escape(value)}</b>"


def nfc(data: DataT) -> DataT:
    """``data`` with every string in it, also in tuples and nested dataclasses, cleaned to NFC:
    ReportLab does no shaping, so NFD marks would float. Enum members stay as they are."""
    return cast(DataT, _cleaned(data))


def _cleaned(value: Any) -> Any:
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, tuple):
        return tuple(_cleaned(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            field.name: _cleaned(getattr(value, field.name))
            for field in dataclasses.fields(value)
            if field.init
        }
        return dataclasses.replace(value, **changes)
    return value


@dataclass(frozen=True)
class FormFrame:
    """The facts printed around the story of every copy."""

    code: str  # the dossier code, named by the running header of a continuation page
    agency_lines: tuple[str, ...]  # the issuing bodies, the unit that issues last
    place: str
    issued_on: date
    system_name: str  # "Phát hành từ: ..." and the PDF's creator
    author: str  # the PDF's author: the unit issuing the form
    reprint_number: int = 0  # 0 = the original print; n >= 1 marks every page "BẢN IN LẠI LẦN n"
    # When a reprint was made (aware, office time), printed in its mark: the date line keeps
    # the document's own date.
    reprinted_at: datetime | None = None


@dataclass(frozen=True)
class Signature:
    """One place to sign: the signer's role in capitals, the hint under it, then the name."""

    title: str
    name: str = ""  # empty when the signer writes it by hand
    hint: str | None = None  # None: the form's usual "(Ký và ghi rõ họ tên)"


@dataclass(frozen=True)
class FormCopy(Generic[TextsT]):
    """One copy being laid out: its paper, its wording and helpers for its paragraphs."""

    paper: Paper
    texts: TextsT
    number: int  # 0 for the first copy
    label: str  # "" for a form printed as one unlabelled copy

    @property
    def layout(self) -> PaperLayout:
        return LAYOUTS[self.paper]

    @property
    def styles(self) -> Styles:
        return styles_for(self.paper)

    def line(self, template: str, **values: str) -> Paragraph:
        """A body paragraph from a template whose values are already markup."""
        return Paragraph(fill(template, **values), self.styles.body)

    def item(self, template: str, **values: str) -> Paragraph:
        """A numbered item ("1. ..."): its wrapped lines align after the number."""
        return Paragraph(fill(template, **values), self.styles.item)

    def value(self, text: str) -> str:
        """An optional value as markup, or the dotted blank to fill in by hand."""
        return escape(text or self.texts.blank)

    def signatures(self, *blocks: Signature) -> Table:
        """One to three signature blocks side by side; a lone one takes the right half, where
        the signer of a one-signature form signs."""
        if not 1 <= len(blocks) <= 3:
            raise ValueError("a form has one to three signature blocks side by side")
        columns = max(len(blocks), 2)
        cells: list[str | list[Flowable]] = [""] * (columns - len(blocks))
        cells += [self._signature(block) for block in blocks]
        width = self.layout.frame_width / columns
        table = Table([cells], colWidths=[width] * columns)
        table.setStyle(
            table_style(
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            )
        )
        return table

    def _signature(self, block: Signature) -> list[Flowable]:
        hint = self.texts.signature_hint if block.hint is None else block.hint
        return [
            Paragraph(escape(block.title), self.styles.signature_title),
            Paragraph(escape(hint), self.styles.signature_hint),
            Spacer(1, self.layout.signature_space),
            Paragraph(escape(block.name), self.styles.signature_title),
        ]


class OfficialDocument(ABC, Generic[TextsT]):
    """A legal form printed in its copies inside the shared frame; subclasses write the story.

    The story hooks are called once per copy and must return new flowables each time:
    platypus marks a flowable it pushed to the next page, and refuses to push the same
    object twice."""

    def __init__(self, texts: TextsT, frame: FormFrame) -> None:
        self.texts = texts
        self.frame = nfc(frame)

    def corner(self, copy: FormCopy[TextsT]) -> Flowable | None:
        """What sits left of the agency in the header (the QR); nothing by default."""
        return None

    def heading(self, copy: FormCopy[TextsT]) -> list[Flowable]:
        """What follows the title, above the copy label (the dossier code and its barcode)."""
        return []

    @abstractmethod
    def body(self, copy: FormCopy[TextsT]) -> list[Flowable]:
        """The story of one copy after its label, down to the signatures."""

    def render(self, paper: Paper = "A4") -> bytes:
        """The form as PDF bytes, each copy starting on a new page."""
        if paper not in LAYOUTS:
            raise ValueError(f"unknown paper size {paper!r}")
        if self.frame.reprint_number < 0:
            raise ValueError("reprint_number must be 0 (original) or a positive reprint count")
        buffer = io.BytesIO()
        self._template(buffer, paper).build(self._story(paper), canvasmaker=DeferringCanvas)
        return buffer.getvalue()

    @property
    def copy_labels(self) -> tuple[str, ...]:
        return self.texts.copy_labels or ("",)

    def _story(self, paper: Paper) -> list[Flowable]:
        styles = styles_for(paper)
        place_date = place_and_date(self.frame.place, self.frame.issued_on)
        story: list[Flowable] = []
        for number, label in enumerate(self.copy_labels):
            copy = FormCopy(paper, self.texts, number, label)
            if number:
                story += [NextPageTemplate(f"first{number}"), PageBreak()]
            header = official_header(
                paper,
                agency_lines=self.frame.agency_lines,
                place_date=place_date,
                corner=self.corner(copy),
            )
            story += [header, Paragraph(escape(self.texts.title), styles.title)]
            story += self.heading(copy)
            if label:
                story.append(Paragraph(escape(label), styles.copy_label))
            story += self.body(copy)
        return story

    def _template(self, buffer: io.BytesIO, paper: Paper) -> BaseDocTemplate:
        """Per copy, a template for its first page and one for continuation pages, each drawing
        the marks that sit in the margins."""
        layout = LAYOUTS[paper]
        doc = BaseDocTemplate(
            buffer,
            pagesize=layout.size,
            leftMargin=layout.margin_left,
            rightMargin=layout.margin_right,
            topMargin=layout.margin_top,
            bottomMargin=layout.margin_bottom,
            initialFontName=fonts.register_fonts(),
            title=f"{self.texts.document_name} {self.frame.code}",
            author=self.frame.author,
            creator=self.frame.system_name,
        )
        pages_per_copy = [0] * len(self.copy_labels)
        for copy, label in enumerate(self.copy_labels):
            for continued in (False, True):
                margins = _Margins(
                    layout=layout,
                    styles=styles_for(paper),
                    texts=self.texts,
                    frame=self.frame,
                    copy=copy,
                    copy_label=label,
                    continued=continued,
                    pages_per_copy=pages_per_copy,
                )
                doc.addPageTemplates(
                    PageTemplate(
                        id=f"{'next' if continued else 'first'}{copy}",
                        frames=[_frame(layout, continued=continued)],
                        onPage=margins,
                        autoNextPageTemplate=f"next{copy}",
                    )
                )
        return doc


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


@dataclass
class _Margins:
    """Draws what sits in the margins of every page: form number and legal basis, the reprint
    mark, the running header of a continuation page, the issuing system and page numbers."""

    layout: PaperLayout
    styles: Styles
    texts: FormTexts
    frame: FormFrame
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
        if self.frame.reprint_number:
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
        reprinted_at = self.frame.reprinted_at
        text = self.texts.reprint_mark.format(
            number=self.frame.reprint_number,
            when=reprinted_at.strftime("%H:%M %d/%m/%Y") if reprinted_at else "",
        )
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
        if self.copy_label:
            template = self.texts.continued_header
        else:
            template = self.texts.continued_header_unlabelled
        text = template.format(code=self.frame.code, copy_label=self.copy_label)
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
        issued_by = self.texts.issued_by.format(system=self.frame.system_name)
        footer = Paragraph(escape(issued_by), self.styles.note)
        _, height = footer.wrap(room - 2 * layout.gap, layout.margin_bottom)
        footer.drawOn(canvas, layout.margin_left, top - height)
