"""GUI fixtures: one offscreen QApplication dressed like the real one, and a counter window
over a real workstation (the ``workspace`` and ``actor`` fixtures of tests/conftest.py)."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import pytest
from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QMessageBox,
    Qt,
    QTranslator,
    QWidget,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.workstation import database_file

# A key that starts an operation (F12, Enter on the login) disables its form at once
# (`gui.operations`); QTest then delivers the same click's release, or the press's
# propagation to the parent, to a disabled widget, which refuses it, and QTest warns. A real
# keyboard's release arrives later and Qt drops it silently. Tests pressing such keys allow it.
KEY_STARTS_AN_OPERATION = pytest.mark.qt_log_ignore(
    r"^Keyboard event not accepted by receiving widget$"
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture(scope="session", autouse=True)
def vietnamese(qapp: QApplication) -> Iterator[list[QTranslator]]:
    """The bundled font, the style sheet and the Vietnamese catalogue, as `run_gui` sets them."""
    from desk_app.gui.fonts import install_app_font
    from desk_app.gui.style import apply_style_sheet
    from desk_app.gui.translation import install_translators, remove_translators

    install_app_font(qapp)
    apply_style_sheet(qapp)
    translators = install_translators(qapp, "vi")
    yield translators
    remove_translators(qapp, translators)


@pytest.fixture
def english(qapp: QApplication, vietnamese: list[QTranslator]) -> Iterator[None]:
    """English widget texts for one test; Vietnamese again afterwards."""
    from desk_app.gui.translation import install_translators, remove_translators

    remove_translators(qapp, vietnamese)
    translators = install_translators(qapp, "en")
    yield
    remove_translators(qapp, translators)
    vietnamese[:] = install_translators(qapp, "vi")


def open_message_boxes(parent: QWidget) -> list[QMessageBox]:
    return [box for box in parent.findChildren(QMessageBox) if box.isVisible()]


@pytest.fixture
def receipts_folder(tmp_path: Path) -> Path:
    return tmp_path / "receipts"


@pytest.fixture
def counter(
    qtbot: QtBot, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> Iterator[MainWindow]:
    """The counter window, shown, with receipts going to PDF files (there is no printer here).

    Afterwards it waits for the window's operations, so none outlives the workspace.
    """
    from desk_app.gui.app import build_main_window
    from desk_app.gui.operations import running_operations

    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    intake = window.intake
    intake.ui.print_target_combo.setCurrentIndex(intake.ui.print_target_combo.findData("pdf"))
    intake.set_pdf_folder(receipts_folder)
    window.resize(1280, 760)
    show_active(qtbot, window)
    assert QApplication.focusWidget() is intake.ui.procedure_search_edit
    yield window
    qtbot.waitUntil(lambda: running_operations() == 0)


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` as a keyboard (or a wedge scanner in Unicode mode) would.

    QTest types Latin-1 only and aborts on "ễ", so other letters arrive the way a Unicode
    scanner sends them: a key event with no key code and the letter as its text.
    """
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))


def show_active(qtbot: QtBot, window: QWidget) -> None:
    """Show ``window`` and wait until it is the active one, with a widget holding the focus."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()))


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(qtbot: QtBot, key: Qt.Key) -> None:
    qtbot.keyClick(focused(), key)


def type_text(qtbot: QtBot, text: str) -> None:
    type_into(qtbot, focused(), text)


def pick_birth_registration(qtbot: QtBot, counter: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_F2)
    type_text(qtbot, "dang ky khai sinh")
    press(qtbot, Qt.Key.Key_Return)
    assert counter.intake.procedure is not None
    assert counter.intake.procedure.name == "Đăng ký khai sinh"


def fill_a_complete_dossier(qtbot: QtBot, counter: MainWindow) -> None:
    """A birth registration with every component and a name: a save that is accepted."""
    pick_birth_registration(qtbot, counter)
    counter.intake.tick_all_components()
    counter.intake.ui.applicant_name_edit.setText("Trần Văn Bình")


class OtherProgram:
    """Another program holding the workstation's write lock (``BEGIN IMMEDIATE``) until
    `release` or the end of the ``with``: a save started meanwhile waits for it."""

    def __init__(self, workspace: Workspace) -> None:
        assert workspace.home is not None
        self._connection: sqlite3.Connection | None = sqlite3.connect(
            database_file(workspace.home), isolation_level=None
        )
        self._connection.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self._connection is not None:
            self._connection.execute("ROLLBACK")
            self._connection.close()
            self._connection = None

    def __enter__(self) -> OtherProgram:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.release()
