"""Start the counter application: first-run set-up if needed, log in, open the counter window.

The login dialog is the first window and appears at once (issue 6, item 10): this module and
`gui.login` import no SQLAlchemy, pydantic or services at the top, the language comes from a
cheap look at the settings (`translation.language_hint`), and `CounterStart.open` opens the
workstation (settings, migrations, the procedure index, the counter window's modules) on a
worker thread while the officer types the password.

Only one copy runs per data folder (`single_instance`): a second start brings the window
on screen forward and ends. Once the counter window is painted, what opening changed
(``workspace.notices``) and, the first time, that receipts go to PDF files for want of a
printer are told in one message.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.gui.crash import install_crash_hooks
from desk_app.gui.feedback import log_failure, show_error, show_message
from desk_app.gui.fonts import install_app_font
from desk_app.gui.login import LoginDialog
from desk_app.gui.operations import run_operation, running_operations, wait_for_operations
from desk_app.gui.qt import (
    QApplication,
    QDialog,
    QMessageBox,
    QMessageLogContext,
    QtMsgType,
    QTranslator,
    QWidget,
    qInstallMessageHandler,
)
from desk_app.gui.single_instance import SingleInstance
from desk_app.gui.style import apply_style_sheet
from desk_app.gui.translation import install_translators, language_hint, name_application
from desk_app.home import data_home, is_initialised

if TYPE_CHECKING:
    from desk_app.gui.main_window import MainWindow
    from desk_app.services.catalogue import ProcedureIndex
    from desk_app.services.context import Actor, Workspace

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
    install_app_font(app)
    apply_style_sheet(app)
    translators = install_translators(app, language)  # parented to the app: live as long as it
    # Named once the catalogues are in, or English mode keeps the Vietnamese name.
    name_application(app)
    return translators


class CounterStart:
    """What opens behind the login dialog, on a worker thread: the workspace, the procedure
    index, the password check's and the counter window's modules, so logging in and the
    window are quick once the officer presses Enter."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.index: ProcedureIndex | None = None

    def open(self) -> Workspace:
        from desk_app.services.catalogue import ProcedureIndex
        from desk_app.services.workstation import open_workstation

        workspace = open_workstation(self.home)
        try:
            self.index = ProcedureIndex.load(workspace)
            # Paid here rather than after the officer presses Enter: the password check's
            # module (argon2) and the counter window's.
            import desk_app.gui.main_window
            import desk_app.services.auth  # noqa: F401
        except BaseException:
            workspace.close()
            raise
        return workspace


def build_main_window(
    workspace: Workspace, actor: Actor, index: ProcedureIndex | None = None
) -> MainWindow:
    """The counter window for a logged-in officer (also how tests and benchmarks open it)."""
    from desk_app.gui.main_window import MainWindow
    from desk_app.gui.state import GuiState

    return MainWindow(workspace, actor, GuiState(workspace.home or data_home()), index)


def notice_text(notice: object, language: str) -> str:
    """One notice in the officer's language: a msgid, a `Message` with its values, or an
    error (a calendar year not covered, a settings file moved into the database)."""
    from desk_app.core.errors import DeskError, Message
    from desk_app.i18n import message, translate

    if isinstance(notice, DeskError):
        return message(notice, language)
    if isinstance(notice, Message):
        return notice.render(lambda msgid: translate(msgid, language))
    return translate(str(notice), language)


def show_notices(
    parent: QWidget, workspace: Workspace, also: tuple[str, ...] = ()
) -> QMessageBox | None:
    """Tell the officer, once, what opening the workstation changed (``workspace.notices``)
    and ``also`` (texts already in the window's language), in one message."""
    language = workspace.settings.language
    notices = [*workspace.notices, *filter(None, [workspace.calendar_notice])]
    texts = [notice_text(notice, language) for notice in notices]
    workspace.notices.clear()
    workspace.calendar_notice = None  # told once per start
    texts += also
    if not texts:
        return None
    return show_message(parent, "\n\n".join(texts))


def start_counter(window: MainWindow) -> None:
    """Once the window is on screen: notices, fonts for the first print, a database check."""
    from desk_app.services.receipts import prepare_printing
    from desk_app.services.workstation import check_database

    workspace = window.workspace
    no_printer = window.output.no_printer_notice()
    show_notices(window, workspace, (no_printer,) if no_printer else ())
    run_operation(window, prepare_printing, lambda _none: None, log_failure, block_parent=False)

    def damaged(error: Exception) -> None:
        show_error(window, error, workspace.settings.language)

    run_operation(
        window, lambda: check_database(workspace), lambda _none: None, damaged, block_parent=False
    )
    start_daily_backup(window)


def start_daily_backup(window: MainWindow) -> None:
    """The first start of the day backs up (issue 8, item 6), off the UI thread; the status bar
    shows the last backup's age, whether or not this one could be made."""
    from desk_app.services.backup import backup_age, daily_backup

    workspace = window.workspace

    def age() -> None:
        last = backup_age(workspace)
        window.show_backup_age(None if last is None else last.days)

    def failed(error: Exception) -> None:
        log_failure(error)
        age()

    window.show_backup_age(None if (last := backup_age(workspace)) is None else last.days)
    run_operation(
        window, lambda: daily_backup(workspace), lambda _path: age(), failed, block_parent=False
    )


def bring_forward() -> None:
    """Another start asked for this window: the one the officer works in comes to the front
    (a dialog over it first). Platforms that refuse a background program the focus (Windows)
    flash it in the taskbar instead."""
    modal = QApplication.activeModalWidget()
    windows = [w for w in QApplication.topLevelWidgets() if w.isVisible() and w is not modal]
    if modal is not None:
        windows.append(modal)  # last, so it ends on top
    for window in windows:
        if window.isMinimized():
            window.showNormal()
        window.raise_()
        window.activateWindow()
        QApplication.alert(window)


def run_gui(argv: list[str]) -> int:
    qInstallMessageHandler(_qt_message)
    app = QApplication(argv)
    home = data_home()
    instance = SingleInstance(home, app)
    if not instance.claim():
        return 0  # the window already open on this data folder came forward
    instance.raise_requested.connect(bring_forward)
    try:
        return _run_counter(app, home)
    finally:
        instance.release()


def _run_counter(app: QApplication, home: Path) -> int:
    language = language_hint(home)
    prepare_application(app, language)
    install_crash_hooks(app)
    demo = None
    if not is_initialised(home):
        from desk_app.gui.first_run import FirstRunDialog  # only ever needed once

        first_run = FirstRunDialog(home, language)
        accepted = first_run.exec() == QDialog.DialogCode.Accepted
        wait_for_operations()
        if not accepted:
            return 0
        demo = first_run.setup if first_run.demo else None
    start = CounterStart(home)
    login = LoginDialog(language, demo)
    login.show()
    login.open_workspace(start.open)
    try:
        accepted = login.exec() == QDialog.DialogCode.Accepted
        workspace, officer = login.workspace, login.officer
        if not accepted or workspace is None or officer is None:
            return 0 if login.open_error is None else 1
        from desk_app.services.context import Actor
        from desk_app.services.workstation import station_of

        actor = Actor.at_station(station_of(workspace), officer)
        window = build_main_window(workspace, actor, start.index)
        window.first_painted.connect(lambda: start_counter(window))
        window.show()
        return app.exec()
    finally:
        # Let every operation answer before the database closes: a save's answer starts its
        # receipt's, and a workspace that opened after the login was closed arrives here.
        while True:
            wait_for_operations()
            app.sendPostedEvents()
            if running_operations() == 0:
                break
        if login.workspace is not None:
            login.workspace.close()
