"""The bundled font: registered once, complete for Vietnamese, shipped with its licence."""

from __future__ import annotations

import unicodedata

import pytest
from reportlab.pdfbase import pdfmetrics

from desk_app.printing import fonts

TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
VOWELS = [
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in TONE_MARKS
]
VIETNAMESE = "".join(VOWELS) + "đ" + "".join(VOWELS).upper() + "Đ" + "₫"


def test_registering_twice_returns_the_same_family() -> None:
    assert fonts.register_fonts() == fonts.register_fonts() == fonts.FAMILY


def test_the_four_styles_are_bundled_files() -> None:
    files = fonts.font_files()
    assert set(files) == {"regular", "bold", "italic", "bold_italic"}
    for path in files.values():
        assert path.suffix == ".ttf"
        assert path.stat().st_size > 100_000


def test_the_licence_ships_beside_the_fonts() -> None:
    folder = fonts.font_files()["regular"].parent
    licence = (folder / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2015 Google LLC" in licence


@pytest.mark.parametrize("font_name", [fonts.REGULAR, fonts.BOLD, fonts.ITALIC, fonts.BOLD_ITALIC])
def test_every_vietnamese_letter_has_a_glyph(font_name: str) -> None:
    fonts.register_fonts()
    glyphs = pdfmetrics.getFont(font_name).face.charToGlyph
    assert len(set(VIETNAMESE)) == 147  # 72 vowel forms and đ, in both cases, and ₫
    missing = [char for char in VIETNAMESE if ord(char) not in glyphs]
    assert not missing
