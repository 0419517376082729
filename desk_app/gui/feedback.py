"""Show the officer what went wrong in plain words; the traceback goes to the log only.

Message boxes are opened window-modal with ``open()`` rather than ``exec()``: the UI stays
responsive, Enter or Esc closes them, and tests can read them without a nested event loop.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desk_app.core.errors import DeskError
from desk_app.gui.qt import QCoreApplication, QMessageBox, Qt, QWidget
from desk_app.gui.translation import current_language
from desk_app.i18n import message
from desk_app.logs import refusal_line

log = logging.getLogger(__name__)


class PlainFailure(Exception):
    """A failure the GUI words itself: ``str()`` is the officer's message, already translated
    (`receipt_output.PrintFailed`). Defined here, not there, so the printing side can show its
    failures with this module without an import cycle."""


def error_text(error: Exception, language: str) -> str:
    """What the officer reads: a DeskError's translated message, a generic sentence for a bug."""
    if isinstance(error, DeskError):
        return message(error, language)
    if isinstance(error, PlainFailure):
        return str(error)  # already translated by the GUI
    return QCoreApplication.translate(
        "Feedback",
        "Đã xảy ra lỗi ngoài dự kiến; thao tác chưa hoàn tất. Chi tiết đã được ghi vào nhật ký.",
    )


def log_failure(error: Exception) -> None:
    """A refusal the officer can act on is routine; anything else is a bug worth a traceback."""
    if isinstance(error, DeskError | PlainFailure):
        # One line with the field, never the message: it may quote what the citizen gave.
        log.info(refusal_line(error))
    else:
        log.error("unexpected error", exc_info=error)


def show_error(parent: QWidget | None, error: Exception, language: str = "") -> QMessageBox:
    """Log ``error`` with its traceback and show its message in a box the officer closes.

    ``language`` defaults to the one the windows speak (`translation.current_language`).
    """
    log_failure(error)
    text = error_text(error, language or current_language())
    return show_message(parent, text, QMessageBox.Icon.Warning)


def show_message(
    parent: QWidget | None, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
) -> QMessageBox:
    title = QCoreApplication.translate("Feedback", "Bộ phận một cửa")
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.addButton(QCoreApplication.translate("Feedback", "Đóng"), QMessageBox.ButtonRole.AcceptRole)
    box.open()
    return box


def ask(parent: QWidget, text: str, yes: str, no: str, on_yes: Callable[[], None]) -> QMessageBox:
    """A yes/no question, opened like the other boxes (not exec()'d): ``on_yes`` runs if the
    officer agrees. "No" is the default and Esc answers it, so a stray Enter loses nothing."""
    title = QCoreApplication.translate("Feedback", "Bộ phận một cửa")
    box = QMessageBox(
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    agree = box.button(QMessageBox.StandardButton.Yes)
    agree.setText(yes)
    box.button(QMessageBox.StandardButton.No).setText(no)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)

    def answered(_result: int) -> None:
        if box.clickedButton() is agree:
            on_yes()

    box.finished.connect(answered)
    box.open()
    return box
