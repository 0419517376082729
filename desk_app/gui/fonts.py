"""Give the GUI the bundled Vietnamese-capable font, so it never depends on system fonts.

With no usable system font Qt draws every glyph as a box (platform notes); the printing layer
ships a font with all Vietnamese letters, and screen and paper then look alike.
"""

from __future__ import annotations

import logging

from desk_app.gui.qt import QApplication, QFont, QFontDatabase
from desk_app.printing.fonts import font_files

log = logging.getLogger(__name__)

UI_POINT_SIZE = 11  # readable at a counter from arm's length; Designer forms use the app font


def install_app_font(app: QApplication) -> str:
    """Register the bundled faces and make their family the application font; returns it."""
    family = ""
    for style, path in font_files().items():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        if style == "regular":
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    if family:
        font = QFont(family, UI_POINT_SIZE)
        app.setFont(font)
    return family
