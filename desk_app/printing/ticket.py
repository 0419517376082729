"""The queue ticket as a raster image: what a thermal printer prints, dot for dot.

A ticket is drawn, not sent as text, so Vietnamese prints correctly on any ESC/POS printer:
most have no Vietnamese code page, and the bundled Noto Serif has every letter. The image is
1 bit deep (a thermal head has no grey) at the printer's 203 dpi: 576 dots a line on 80 mm
paper, 384 on 58 mm.

The barcode is Code 128 of ``T`` + the office day (YYYYMMDD) + the number, e.g.
``T20250715A012``: a counter's handheld scanner types it like a keyboard, and the day makes
yesterday's ticket recognisable instead of calling today's A012. `read_ticket_barcode` reads it
back. It is drawn by python-barcode's ImageWriter, each module a whole number of dots (a bar
one dot off its width is what makes a scanner hesitate).

Printing takes plain facts (`TicketFacts`): the services' TicketInfo has them, and this layer
stays below the services.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Any, Literal, Protocol

from barcode import Code128
from barcode.writer import ImageWriter
from PIL import Image, ImageDraw, ImageFont

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_
from desk_app.core.text import clean
from desk_app.i18n import translate
from desk_app.printing.fonts import font_files

PaperMm = Literal[80, 58]
DPI = 203
DOTS: dict[int, int] = {80: 576, 58: 384}  # printable dots a line at 203 dpi

NUMBER_HEADING = N_("Số thứ tự")
PRIORITY = N_("Ưu tiên")
ISSUED_AT = N_("Giờ lấy số: {time} ngày {date}")
WAITING_AHEAD = N_("Số người đang chờ trước bạn: {count}")
RESULT_OF = N_("Nhận kết quả hồ sơ: {code}")
SELF_TEST = N_("Phiếu in thử")
PRINTER_WORKS = N_("Máy in hoạt động tốt")
PAPER_WIDTH = N_("Khổ giấy {paper} mm, {dots} điểm một dòng")
SAMPLE_AREA = N_("Khu vực mẫu")

_BARCODE = re.compile(r"T(\d{8})([A-Z]\d{3,4})")
_lock = threading.Lock()  # FreeType faces are not safe to use from two threads at once


class TicketFacts(Protocol):
    """What a printed ticket shows (`desk_app.services.queue.TicketInfo` has it all)."""

    @property
    def label(self) -> str: ...

    @property
    def day(self) -> date: ...

    @property
    def area_name(self) -> str: ...

    @property
    def priority(self) -> object | None: ...

    @property
    def issued_at(self) -> datetime: ...

    @property
    def waiting_ahead(self) -> int: ...

    @property
    def dossier_code(self) -> str | None: ...


@dataclass(frozen=True)
class SampleTicket:
    """A ticket that was never issued: the self-test prints it."""

    label: str
    day: date
    area_name: str
    issued_at: datetime
    priority: object | None = None
    waiting_ahead: int = 0
    dossier_code: str | None = None


@dataclass(frozen=True)
class TicketContent:
    """A ticket's lines in one language, NFC, before layout: the raster and the text mode
    print the same content."""

    office_name: str
    area_name: str
    heading: str  # "SỐ THỨ TỰ"
    label: str  # A012
    priority: str | None  # "ƯU TIÊN" for a priority ticket
    dossier: str | None  # "Nhận kết quả hồ sơ: ..." for a result ticket
    waiting: str
    issued: str
    notes: tuple[str, ...] = ()  # the self-test's lines
    message: str = ""
    barcode: str = ""

    @property
    def lines(self) -> list[str]:
        """Every text line in print order (the text mode's, a test's view)."""
        found = [self.office_name, self.area_name, self.heading, self.label]
        found += [t for t in (self.priority, self.dossier) if t]
        found += [self.waiting, self.issued, *self.notes]
        return found + ([self.message] if self.message else [])


def ticket_barcode(day: date, label: str) -> str:
    """The Code 128 content of a ticket: ``T20250715A012``."""
    return f"T{day:%Y%m%d}{label}"


def read_ticket_barcode(text: str) -> tuple[date, str] | None:
    """The office day and number a scanned ticket names, or None when it is no ticket."""
    found = _BARCODE.fullmatch(text.strip().upper())
    if found is None:
        return None
    try:
        day = datetime.strptime(found[1], "%Y%m%d").date()
    except ValueError:
        return None
    return day, found[2]


def ticket_content(
    ticket: TicketFacts,
    *,
    office_name: str,
    message: str = "",
    language: str = "vi",
    notes: Sequence[str] = (),
) -> TicketContent:
    """The ticket's lines in ``language``; names and codes as stored, NFC."""

    def words(msgid: str, **params: object) -> str:
        return clean(translate(msgid, language).format(**params))

    issued = ticket.issued_at.astimezone(OFFICE_TZ)
    return TicketContent(
        office_name=clean(office_name),
        area_name=clean(ticket.area_name),
        heading=words(NUMBER_HEADING).upper(),
        label=clean(ticket.label),
        priority=words(PRIORITY).upper() if ticket.priority is not None else None,
        dossier=words(RESULT_OF, code=clean(ticket.dossier_code)) if ticket.dossier_code else None,
        waiting=words(WAITING_AHEAD, count=ticket.waiting_ahead),
        issued=words(ISSUED_AT, time=f"{issued:%H:%M}", date=f"{issued:%d/%m/%Y}"),
        notes=tuple(clean(n) for n in notes),
        message=clean(message),
        barcode=ticket_barcode(ticket.day, clean(ticket.label)),
    )


def self_test_content(
    *, office_name: str, paper_mm: int, dots: int, now: datetime, language: str = "vi"
) -> TicketContent:
    """The self-test ticket: a sample number, the office, "Máy in hoạt động tốt", the width."""
    local = now.astimezone(OFFICE_TZ)
    sample = SampleTicket(
        label="A123",
        day=local.date(),
        area_name=translate(SAMPLE_AREA, language),
        issued_at=now,
        waiting_ahead=0,
    )
    notes = [
        translate(SELF_TEST, language).upper(),
        translate(PRINTER_WORKS, language),
        translate(PAPER_WIDTH, language).format(paper=paper_mm, dots=dots),
    ]
    return ticket_content(sample, office_name=office_name, language=language, notes=notes)


# --- drawing -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    """A word's ink as a 1-bit mask (1 = ink), placed from the pen on the baseline."""

    mask: Image.Image
    left: int
    top: int
    advance: float


class _Face:
    """One style at one size, keeping every word it has drawn.

    Pillow keeps no glyph cache: FreeType rasterises each glyph on every call, about 50 µs for
    a Vietnamese letter (a composite of base and marks). A ticket repeats the same words all
    day, so words are drawn once and pasted after; only the number and the time are new.
    """

    MAX_WORDS = 4096

    def __init__(self, style: str, size: int) -> None:
        self.font = ImageFont.truetype(str(font_files()[style]), size)
        ascent, descent = self.font.getmetrics()
        self.ascent = ascent
        self.line_height = ascent + descent
        self.space = self.font.getlength(" ")
        self._words: dict[str, _Word] = {}

    def word(self, text: str) -> _Word:
        found = self._words.get(text)
        if found is None:
            left, top, right, bottom = (int(v) for v in self.font.getbbox(text, anchor="ls"))
            mask = Image.new("1", (max(1, right - left), max(1, bottom - top)), 0)
            ImageDraw.Draw(mask).text((-left, -top), text, font=self.font, fill=1, anchor="ls")
            found = _Word(mask, left, top, self.font.getlength(text))
            if len(self._words) >= self.MAX_WORDS:
                self._words.clear()
            self._words[text] = found
        return found

    def glyphs(self, text: str) -> _Word:
        """``text`` set from its letters' masks: the big number, new on every ticket, costs
        pastes instead of a fresh rasterisation of glyphs 30 mm tall (kerning is left out;
        letters and digits of a number have none to speak of)."""
        pens: list[float] = []
        pen = 0.0
        for char in text:
            pens.append(pen)
            pen += self.word(char).advance
        parts = [
            (round(x) + self.word(c).left, self.word(c)) for x, c in zip(pens, text, strict=True)
        ]
        left = min(x for x, _ in parts)
        top = min(w.top for _, w in parts)
        right = max(x + w.mask.width for x, w in parts)
        bottom = max(w.top + w.mask.height for _, w in parts)
        mask = Image.new("1", (right - left, bottom - top), 0)
        for x, word in parts:
            mask.paste(1, (x - left, word.top - top), word.mask)
        return _Word(mask, left, top, pen)

    def extent(self, words: Sequence[str]) -> tuple[float, float]:
        """Where the line's ink starts and ends from its pen's start: a mark or a hook (ơ, ứ)
        may stand past a letter's advance, and the margins are for the ink."""
        pen, left, right = 0.0, 0.0, 0.0
        for text in words:
            word = self.word(text)
            left = min(left, pen + word.left)
            right = max(right, pen + word.advance, pen + word.left + word.mask.width)
            pen += word.advance + self.space
        return left, right

    def length(self, words: Sequence[str]) -> float:
        left, right = self.extent(words)
        return right - left

    def wrap(self, text: str, width: int) -> list[list[str]]:
        """Greedy word wrap within ``width`` dots; a word wider than a line is cut between
        letters (never between a letter and its marks: the text is NFC)."""
        lines: list[list[str]] = []
        current: list[str] = []
        for word in text.split():
            if self.length([*current, word]) <= width:
                current.append(word)
                continue
            if current:
                lines.append(current)
            current = []
            piece = ""
            for char in word:
                if piece and self.length([piece + char]) > width:
                    lines.append([piece])
                    piece = ""
                piece += char
            current = [piece]
        if current:
            lines.append(current)
        return lines or [[]]

    def draw(self, image: Image.Image, words: Sequence[str], top: int, *, ink: int = 0) -> None:
        """``words`` centred on ``image`` as one line whose ascender is at ``top``: room above
        the capitals for stacked marks (Ễ, Ủ)."""
        left, right = self.extent(words)
        x = (image.width - (right - left)) / 2 - left
        baseline = top + self.ascent
        for text in words:
            word = self.word(text)
            image.paste(ink, (round(x) + word.left, baseline + word.top), word.mask)
            x += word.advance + self.space


@cache
def _face(style: str, size: int) -> _Face:
    return _Face(style, size)


@dataclass(frozen=True)
class _Sizes:
    """The type sizes (dots) and spacing for one printable width."""

    width: int
    margin: int
    office: int
    area: int
    small: int
    text: int
    number: int
    gap: int
    module: int  # barcode module width, dots
    bar_height: int


@cache
def _sizes(width: int) -> _Sizes:
    scale = width / DOTS[80]
    return _Sizes(
        width=width,
        margin=max(12, round(16 * scale)),
        office=max(22, round(28 * scale)),
        area=max(26, round(38 * scale)),
        small=max(20, round(24 * scale)),
        text=max(22, round(27 * scale)),
        number=_number_size(width),
        gap=max(8, round(14 * scale)),
        module=3 if width >= 480 else 2,
        bar_height=max(56, round(80 * scale)),
    )


def _number_size(width: int) -> int:
    """The bold size at which the widest number (W8888) fills 86% of the line."""
    wide = ImageFont.truetype(str(font_files()["bold"]), 100).getlength("W8888")
    return min(int(100 * width * 0.86 / wide), round(width * 0.42))


@dataclass
class _Column:
    """Blocks stacked top to bottom on a white line of ``width`` dots."""

    width: int
    blocks: list[tuple[int, Any]] = field(default_factory=list)  # (top, draw(image, top))
    height: int = 0
    cuts: list[tuple[int, tuple[object, ...]]] = field(default_factory=list)  # (bottom, key)

    def space(self, dots: int) -> None:
        self.height += dots

    def text(self, text: str, face: _Face, margin: int) -> None:
        for words in face.wrap(text, self.width - 2 * margin):
            self._add(face.line_height, lambda image, y, words=words: face.draw(image, words, y))

    def inverted(self, text: str, face: _Face, pad: int) -> None:
        """White letters on a black band: the priority mark, seen from across the room."""
        words = face.wrap(text, self.width - 4 * pad)[0]
        band_width = round(face.length(words)) + 4 * pad
        band_height = face.line_height + pad

        def draw(image: Image.Image, y: int) -> None:
            left = (self.width - band_width) // 2
            ImageDraw.Draw(image).rectangle(
                (left, y, left + band_width - 1, y + band_height - 1), fill=0
            )
            face.draw(image, words, y + pad // 2, ink=1)

        self._add(band_height, draw)

    def number(self, label: str, face: _Face) -> None:
        """The big number, its ink box tight: letters and digits have no diacritics."""
        word = face.glyphs(label)

        def draw(image: Image.Image, y: int) -> None:
            image.paste(0, ((self.width - word.mask.width) // 2, y), word.mask)

        self._add(word.mask.height, draw)

    def rule(self, margin: int) -> None:
        def draw(image: Image.Image, y: int) -> None:
            ImageDraw.Draw(image).rectangle((margin, y, self.width - margin - 1, y + 1), fill=0)

        self._add(2, draw)

    def paste(self, picture: Image.Image) -> None:
        def draw(image: Image.Image, y: int) -> None:
            image.paste(picture, ((self.width - picture.width) // 2, y))

        self._add(picture.height, draw)

    def cut(self, *key: object) -> None:
        """End a band here; ``key`` is what its dots are drawn from (with the width, it fixes
        them): the ESC/POS side converts a band once per key."""
        top = self.cuts[-1][0] if self.cuts else 0
        if self.height > top:
            self.cuts.append((self.height, key))

    def _add(self, height: int, draw: Any) -> None:
        self.blocks.append((self.height, draw))
        self.height += height

    def image(self) -> Image.Image:
        picture = Image.new("1", (self.width, self.height), 1)
        for y, draw in self.blocks:
            draw(picture, y)
        return picture


@lru_cache(maxsize=16)
def _header(office_name: str, width: int) -> Image.Image:
    """The office name block: the same on every ticket of the day, drawn once."""
    sizes = _sizes(width)
    column = _Column(width)
    column.space(sizes.gap)
    column.text(office_name, _face("bold", sizes.office), sizes.margin)
    column.space(sizes.gap // 2)
    column.rule(sizes.margin)
    return column.image()


class _DotWriter(ImageWriter):  # type: ignore[misc]  # python-barcode ships no type hints
    """python-barcode's ImageWriter with one writer unit = one dot and edges on whole dots: at
    its own mm-to-pixel floats a 3-dot bar comes out 2 or 4 dots wide."""

    def __init__(self) -> None:
        super().__init__(format="PNG", mode="1", dpi=25.4)

    def _init(self, code: list[str]) -> None:
        width, height = self.calculate_size(len(code[0]), 1)
        self._image = Image.new("1", (round(width), round(height)), 1)
        self._draw = ImageDraw.Draw(self._image)

    def _paint_module(self, xpos: float, ypos: float, width: float, color: str) -> None:
        if color == self.background:
            return  # the image is white already
        bottom = round(ypos + self.module_height) - 1
        self._draw.rectangle((round(xpos), round(ypos), round(xpos + width) - 1, bottom), fill=0)


def barcode_image(content: str, width: int) -> Image.Image:
    """Code 128 of ``content``: whole-dot modules, 10-module quiet zones, no text under it."""
    sizes = _sizes(width)
    options = {
        "module_width": sizes.module,
        "module_height": sizes.bar_height,
        "quiet_zone": 10 * sizes.module,
        "write_text": False,
        "margin_top": 0,
        "margin_bottom": 0,
    }
    picture: Image.Image = Code128(content, writer=_DotWriter()).render(options)
    if picture.width > width:  # a long content on narrow paper: one dot less a module
        module = max(1, sizes.module - 1)
        options |= {"module_width": module, "quiet_zone": 10 * module}
        picture = Code128(content, writer=_DotWriter()).render(options)
    return picture


@dataclass(frozen=True)
class Band:
    """Rows ``top`` to ``bottom`` of a ticket, drawn from ``key`` alone (width and height
    included)."""

    top: int
    bottom: int
    key: tuple[object, ...]


@dataclass(frozen=True)
class TicketPicture:
    """A laid-out ticket: its image and the bands it is made of, top to bottom.

    The office name, the area and the foot repeat from ticket to ticket while the number, the
    counts and the barcode change; the ESC/POS side converts each band once per key
    (`desk_app.printing.escpos_output.raster_job`)."""

    image: Image.Image
    bands: tuple[Band, ...]


def layout_ticket(content: TicketContent, *, width: int) -> TicketPicture:
    """The ticket ``content`` laid out on a line of ``width`` dots, mode "1" (0 = black)."""
    sizes = _sizes(width)
    margin = sizes.margin
    with _lock:
        column = _Column(width)
        column.paste(_header(content.office_name, width))
        column.space(sizes.gap)
        column.text(content.area_name, _face("bold", sizes.area), margin)
        column.space(sizes.gap // 2)
        column.text(content.heading, _face("regular", sizes.small), margin)
        column.space(sizes.gap)
        column.cut("top", content.office_name, content.area_name, content.heading)
        column.number(content.label, _face("bold", sizes.number))
        column.cut("number", content.label)
        column.space(sizes.gap + sizes.gap // 2)
        column.cut("space")
        if content.priority:
            column.inverted(content.priority, _face("bold", sizes.area), sizes.gap)
            column.space(sizes.gap)
        if content.dossier:
            column.text(content.dossier, _face("bold", sizes.text), margin)
            column.space(sizes.gap // 2)
        column.cut("marks", content.priority, content.dossier)
        column.text(content.waiting, _face("regular", sizes.text), margin)
        column.text(content.issued, _face("regular", sizes.text), margin)
        column.cut("lines", content.waiting, content.issued)
        for note in content.notes:
            column.space(sizes.gap // 2)
            column.text(note, _face("bold", sizes.text), margin)
        if content.message:
            column.space(sizes.gap // 2)
            column.rule(margin)
            column.space(sizes.gap // 2)
            column.text(content.message, _face("italic", sizes.small), margin)
        column.space(sizes.gap)
        column.cut("foot", content.notes, content.message)
        if content.barcode:
            column.paste(barcode_image(content.barcode, width))
        column.cut("barcode", content.barcode)
        column.space(sizes.gap)
        column.cut("space")
        image = column.image()
    tops = [0, *(bottom for bottom, _ in column.cuts)]
    bands = tuple(
        Band(top, bottom, (width, bottom - top, *key))
        for top, (bottom, key) in zip(tops, column.cuts, strict=False)
    )
    return TicketPicture(image, bands)


def draw_ticket(content: TicketContent, *, width: int) -> Image.Image:
    """The ticket ``content`` as an image (`layout_ticket` without its bands)."""
    return layout_ticket(content, width=width).image


def render_ticket(
    ticket: TicketFacts,
    *,
    office_name: str,
    paper_mm: PaperMm = 80,
    message: str = "",
    language: str = "vi",
    width_dots: int | None = None,
) -> Image.Image:
    """The printed ticket: office, area, big number, priority mark, dossier of a result ticket,
    how many wait ahead, time of issue (office time), ``message`` and the Code 128.

    ``width_dots`` narrows the line for a printer whose profile prints fewer dots than the
    paper's 576 (or 384).
    """
    content = ticket_content(ticket, office_name=office_name, message=message, language=language)
    return draw_ticket(content, width=width_dots or DOTS[paper_mm])
