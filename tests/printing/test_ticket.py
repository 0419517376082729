"""The queue ticket image as a citizen and a counter's scanner see it."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageChops

from desk_app.core.queue import PriorityKind
from desk_app.printing.ticket import (
    DOTS,
    SampleTicket,
    barcode_image,
    layout_ticket,
    read_ticket_barcode,
    render_ticket,
    self_test_content,
    ticket_barcode,
    ticket_content,
)

OFFICE = "Ủy ban nhân dân phường Thanh Xuân"
TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LETTERS = "bcdđghklmnpqrstvx" + "".join(
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in TONE_MARKS
)


def ticket(**changes: object) -> SampleTicket:
    fields: dict[str, object] = {
        "label": "A012",
        "day": date(2025, 7, 15),
        "area_name": "Trả kết quả",
        "issued_at": datetime(2025, 7, 15, 2, 5, tzinfo=UTC),  # 09:05 in Hà Nội
        "waiting_ahead": 7,
    }
    return SampleTicket(**(fields | changes))  # type: ignore[arg-type]


def zbarimg(path: Path) -> list[str]:
    tool = shutil.which("zbarimg")
    if tool is None:
        pytest.fail("zbarimg is missing: install the Debian package zbar-tools")
    found = subprocess.run([tool, "--raw", "-q", str(path)], capture_output=True, check=False)
    return found.stdout.decode("utf-8").split()


def black_columns(image: Image.Image) -> tuple[int, int] | None:
    """The leftmost and rightmost columns holding a black dot."""
    box = ImageChops.invert(image.convert("L")).getbbox()
    return None if box is None else (box[0], box[2])


@pytest.mark.parametrize("paper", [80, 58])
def test_a_ticket_is_one_bit_deep_at_the_paper_s_dots_and_its_barcode_scans(
    paper: int, tmp_path: Path
) -> None:
    result = ticket(priority=PriorityKind.ELDERLY, dossier_code="000.00.19.H26-250715-0001")
    image = render_ticket(result, office_name=OFFICE, paper_mm=paper, message="Xin cảm ơn.")  # type: ignore[arg-type]
    assert image.mode == "1" and image.width == DOTS[paper] == {80: 576, 58: 384}[paper]
    assert 400 < image.height < 960  # one band of python-escpos, a short slip of paper
    path = tmp_path / f"ticket-{paper}.png"
    image.save(path)
    assert zbarimg(path) == ["T20250715A012"]


def test_the_ticket_says_what_the_citizen_needs_in_office_time() -> None:
    result = ticket(priority=PriorityKind.PREGNANT, dossier_code="000.00.19.H26-250715-0001")
    content = ticket_content(result, office_name=OFFICE, message="  Xin   cảm ơn. ")
    assert content.lines == [
        OFFICE,
        "Trả kết quả",
        "SỐ THỨ TỰ",
        "A012",
        "ƯU TIÊN",
        "Nhận kết quả hồ sơ: 000.00.19.H26-250715-0001",
        "Số người đang chờ trước bạn: 7",
        "Giờ lấy số: 09:05 ngày 15/07/2025",
        "Xin cảm ơn.",
    ]
    plain = ticket_content(ticket(), office_name=OFFICE)
    assert plain.priority is None and plain.dossier is None and plain.message == ""


def test_the_ticket_follows_the_settings_language() -> None:
    content = ticket_content(ticket(priority=PriorityKind.OTHER), office_name=OFFICE, language="en")
    assert (content.heading, content.priority) == ("YOUR NUMBER", "PRIORITY")
    assert content.waiting == "People waiting ahead of you: 7"
    assert content.issued == "Issued at 09:05 on 15/07/2025"
    assert content.area_name == "Trả kết quả"  # a name is data, not a word to translate


def test_decomposed_text_prints_like_composed_text() -> None:
    """A name typed on a Mac (NFD) prints the same letters, not a letter and loose marks."""
    decomposed = unicodedata.normalize("NFD", OFFICE)
    assert decomposed != OFFICE
    typed = ticket(area_name=unicodedata.normalize("NFD", "Trả kết quả"))
    nfd = render_ticket(typed, office_name=decomposed)
    nfc = render_ticket(ticket(), office_name=OFFICE)
    assert nfd.tobytes() == nfc.tobytes()
    content = ticket_content(ticket(), office_name=decomposed)
    assert all(unicodedata.is_normalized("NFC", line) for line in content.lines)


def test_a_priority_ticket_carries_a_black_band_a_plain_one_does_not() -> None:
    plain = render_ticket(ticket(), office_name=OFFICE)
    marked = render_ticket(ticket(priority=PriorityKind.DISABLED), office_name=OFFICE)
    assert marked.height > plain.height
    # A row inside the band is mostly black: white letters on black, seen across the room.
    grey = marked.convert("L")
    rows = [grey.crop((0, y, grey.width, y + 1)).tobytes() for y in range(grey.height)]
    darkest = max(row.count(0) for row in rows)
    assert darkest > marked.width * 0.35


def test_barcode_bars_are_whole_modules_of_dots() -> None:
    """Each bar and space is a whole number of modules (3 dots at 80 mm, 2 at 58 mm): a bar one
    dot off is what makes a handheld scanner hesitate."""
    for width, module in ((576, 3), (384, 2)):
        symbol = barcode_image("T20250715A012", width)
        row = symbol.crop((0, 10, symbol.width, 11)).convert("L").tobytes()
        runs, count = [], 1
        for before, after in itertools.pairwise(row):
            if before == after:
                count += 1
            else:
                runs.append(count)
                count = 1
        runs.append(count)
        assert all(run % module == 0 for run in runs), (width, runs)
        assert runs[0] == runs[-1] == 10 * module  # quiet zones
        assert symbol.width <= width


def test_the_barcode_names_the_day_and_the_number() -> None:
    assert ticket_barcode(date(2025, 7, 15), "A012") == "T20250715A012"
    assert read_ticket_barcode("T20250715A012") == (date(2025, 7, 15), "A012")
    assert read_ticket_barcode(" t20250715b1234\n") == (date(2025, 7, 15), "B1234")
    for other in ("A012", "T20251315A012", "T2025071A012", "000.00.19.H26-250715-0001", ""):
        assert read_ticket_barcode(other) is None


def test_the_self_test_says_the_printer_works_and_its_width(tmp_path: Path) -> None:
    now = datetime(2025, 7, 15, 2, 5, tzinfo=UTC)
    content = self_test_content(office_name=OFFICE, paper_mm=58, dots=384, now=now)
    assert content.label == "A123" and content.office_name == OFFICE
    assert "Máy in hoạt động tốt" in content.notes
    assert "Khổ giấy 58 mm, 384 điểm một dòng" in content.notes
    picture = layout_ticket(content, width=384)
    path = tmp_path / "self-test.png"
    picture.image.save(path)
    assert zbarimg(path) == ["T20250715A123"]


def test_bands_cover_the_ticket_top_to_bottom() -> None:
    content = ticket_content(ticket(), office_name=OFFICE, message="Xin cảm ơn.")
    picture = layout_ticket(content, width=576)
    edges = [(band.top, band.bottom) for band in picture.bands]
    assert edges[0][0] == 0 and edges[-1][1] == picture.image.height
    assert all(top < bottom for top, bottom in edges)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(edges))
    assert len({band.key for band in picture.bands}) == len(picture.bands)


words = st.text(alphabet=LETTERS, min_size=1, max_size=40)
names = st.lists(words, min_size=1, max_size=25).map(" ".join)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names, st.lists(words, max_size=30).map(" ".join), st.sampled_from([80, 58]))
# Found in CI: a hook past its letter's advance (ơ, ứ) at the line's end crossed the margin.
@example("aaaaabeehiiotuuuuyơứứ aaứứớ", "", 58)
def test_long_names_wrap_and_never_cross_the_margins(office: str, message: str, paper: int) -> None:
    """Any office name or message, however long (even one word wider than the paper), is
    wrapped inside the margins: nothing is cut off at the paper's edge."""
    image = render_ticket(ticket(), office_name=office, paper_mm=paper, message=message)  # type: ignore[arg-type]
    columns = black_columns(image)
    assert columns is not None
    margin = 12
    assert columns[0] >= margin and columns[1] <= image.width - margin
    short = render_ticket(ticket(), office_name="UBND", paper_mm=paper, message=message)  # type: ignore[arg-type]
    if len(office) > 60:  # wider than one line at any paper: it took more lines
        assert image.height > short.height
