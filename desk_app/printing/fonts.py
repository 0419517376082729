"""The bundled Vietnamese-capable font family, shared by every printed document and the GUI.

ReportLab's standard fonts (Helvetica, Times) have no Vietnamese letters, so every document
registers and uses Noto Serif from ``resources/fonts`` (SIL OFL, licence in ``OFL.txt``).
The Qt GUI loads the same files through `font_files` so screen and paper look alike.
"""

from __future__ import annotations

import threading
from pathlib import Path

from desk_app.paths import resources_dir

FAMILY = "NotoSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

# style key -> (ReportLab font name, file name in resources/fonts)
_FACES: dict[str, tuple[str, str]] = {
    "regular": (REGULAR, "NotoSerif-Regular.ttf"),
    "bold": (BOLD, "NotoSerif-Bold.ttf"),
    "italic": (ITALIC, "NotoSerif-Italic.ttf"),
    "bold_italic": (BOLD_ITALIC, "NotoSerif-BoldItalic.ttf"),
}

_lock = threading.Lock()
_registered = False


def font_files() -> dict[str, Path]:
    """The TTF file of each style ("regular", "bold", "italic", "bold_italic")."""
    folder = resources_dir() / "fonts"
    return {style: folder / file_name for style, (_, file_name) in _FACES.items()}


def register_fonts() -> str:
    """Register the family with ReportLab once per process and return its name.

    Safe to call from several threads (the GUI renders off the UI thread): parsing the four
    TTFs takes tens of milliseconds, so it happens once. It also turns off ReportLab's ASCII85
    stream encoding, a 7-bit-mail relic that in pure Python costs a quarter of a receipt's
    render time (about 15 ms) for the embedded font subsets; binary streams are standard PDF.
    """
    # ReportLab loads here, not at import: the GUI needs only `font_files` to start.
    from reportlab import rl_config
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    global _registered
    with _lock:
        if not _registered:
            files = font_files()
            for style, (font_name, _) in _FACES.items():
                pdfmetrics.registerFont(TTFont(font_name, str(files[style])))
            # Lets <b>/<i> markup in paragraphs pick the right face.
            addMapping(FAMILY, 0, 0, REGULAR)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            rl_config.useA85 = 0
            _registered = True
    return FAMILY
