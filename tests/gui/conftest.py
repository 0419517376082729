"""GUI fixtures: one offscreen QApplication dressed like the real one, and a counter window
over a real workstation (the ``desk`` and ``officer`` fixtures of tests/conftest.py)."""

from __future__ import annotations

import os
import shutil

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any QApplication exists

from collections.abc import Iterator
from pathlib import Path

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
from desk_app.services.auth import OfficerInfo
from desk_app.services.desk import Desk
from tests.factories import SettableClock


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


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One set-up workstation (argon2, migrations, catalogue: ~0.7 s), copied for each test."""
    from desk_app.services.setup import initialise
    from tests.factories import office_setup, office_time

    home = tmp_path_factory.mktemp("template") / "home"
    initialise(home, office_setup(), now=lambda: office_time(2025, 7, 15, 8, 0))
    return home


@pytest.fixture(scope="session")
def template_officer(office_template: Path) -> OfficerInfo:
    """The template's administrator, logged in once: every copy holds the same account."""
    from desk_app.services.auth import login
    from desk_app.services.desk import open_desk
    from tests.factories import ADMIN_PASSWORD

    desk = open_desk(office_template)
    try:
        return login(desk, "quantri", ADMIN_PASSWORD)
    finally:
        desk.close()


@pytest.fixture
def officer(template_officer: OfficerInfo) -> OfficerInfo:
    return template_officer


@pytest.fixture
def desk(office_template: Path, tmp_path: Path, clock: SettableClock) -> Iterator[Desk]:
    """The shared ``desk`` fixture's workstation, from a copy of the template."""
    from desk_app.services.desk import open_desk

    home = tmp_path / "home"
    shutil.copytree(office_template, home)
    opened = open_desk(home, now=clock)
    yield opened
    opened.close()


@pytest.fixture
def receipts_folder(tmp_path: Path) -> Path:
    return tmp_path / "receipts"


@pytest.fixture
def counter(qtbot: QtBot, desk: Desk, officer: OfficerInfo, receipts_folder: Path) -> MainWindow:
    """The counter window, shown, with receipts going to PDF files (there is no printer here)."""
    from desk_app.gui.app import build_main_window

    window = build_main_window(desk, officer)
    qtbot.addWidget(window)
    intake = window.intake
    intake.ui.print_target_combo.setCurrentIndex(intake.ui.print_target_combo.findData("pdf"))
    intake.set_pdf_folder(receipts_folder)
    window.resize(1280, 760)
    show_active(qtbot, window)
    assert QApplication.focusWidget() is intake.ui.procedure_search_edit
    return window


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
