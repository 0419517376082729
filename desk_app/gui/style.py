"""The counter's look: one Qt style sheet, ``ui/desk.qss``, kept beside the Designer forms."""

from __future__ import annotations

from desk_app.gui.qt import QApplication
from desk_app.paths import ui_dir

STYLE_SHEET = "desk.qss"


def apply_style_sheet(app: QApplication) -> None:
    app.setStyle("Fusion")  # the same widgets on Windows and Linux counters, so one sheet fits
    app.setStyleSheet((ui_dir() / STYLE_SHEET).read_text(encoding="utf-8"))
