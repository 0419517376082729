"""Start the counter application: first-run set-up if needed, log in, open the counter window."""

from __future__ import annotations

import logging

from desk_app.config import data_home, load_settings
from desk_app.core.errors import DeskError
from desk_app.gui.feedback import error_text, log_failure, show_error
from desk_app.gui.fonts import install_app_font
from desk_app.gui.login import LoginDialog
from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import (
    QApplication,
    QDialog,
    QMessageBox,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from desk_app.gui.state import GuiState
from desk_app.gui.style import apply_style_sheet
from desk_app.gui.tasks import run_in_background, wait_for_background_work
from desk_app.gui.translation import install_translators
from desk_app.services.auth import OfficerInfo
from desk_app.services.desk import Desk, check_database, is_initialised, open_desk
from desk_app.services.receipts import prepare_printing

log = logging.getLogger(__name__)
qt_log = logging.getLogger("desk_app.gui.qt")

_QT_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def _qt_message(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
    """Qt's own warnings go to our log file, not to a console the officer never sees."""
    qt_log.log(_QT_LEVELS.get(kind, logging.WARNING), "%s (%s)", text, context.category)


def prepare_application(app: QApplication, language: str) -> list[QTranslator]:
    """Font, look and language: everything a window needs before it is built."""
    app.setApplicationName("desk-app")
    app.setApplicationDisplayName(app.translate("App", "Bộ phận một cửa"))
    install_app_font(app)
    apply_style_sheet(app)
    return install_translators(app, language)  # parented to the app: they live as long as it


def build_main_window(desk: Desk, officer: OfficerInfo) -> MainWindow:
    """The counter window for a logged-in officer (also how tests and benchmarks open it)."""
    return MainWindow(desk, officer, GuiState(desk.home))


def run_gui(argv: list[str]) -> int:
    qInstallMessageHandler(_qt_message)
    app = QApplication(argv)
    language = load_settings().language
    prepare_application(app, language)
    home = data_home()
    demo = None
    if not is_initialised(home):
        from desk_app.gui.first_run import FirstRunDialog  # only ever needed once

        first_run = FirstRunDialog(home, language)
        accepted = first_run.exec() == QDialog.DialogCode.Accepted
        wait_for_background_work()
        if not accepted:
            return 0
        demo = first_run.setup if first_run.demo else None
    try:
        desk = open_desk(home)
    except DeskError as error:
        log_failure(error)
        QMessageBox.critical(None, app.applicationDisplayName(), error_text(error, language))
        return 1
    try:
        login = LoginDialog(desk, demo)
        if login.exec() != QDialog.DialogCode.Accepted or login.officer is None:
            return 0
        window = build_main_window(desk, login.officer)
        window.show()
        run_in_background(prepare_printing, lambda _result: None, log_failure)
        run_in_background(
            lambda: check_database(desk),
            lambda _result: None,
            lambda error: show_error(window, error, language),
        )
        status = app.exec()
    finally:
        wait_for_background_work()
        desk.close()
    return status
