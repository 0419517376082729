"""The counter window on the screens wards have: a 1366x768 laptop with a taskbar, and every
Alt+letter doing one thing only."""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtWidgets import QAbstractButton, QGroupBox, QMenu, QTabWidget
from pytestqt.qtbot import QtBot

from desk_app.gui.app import build_main_window
from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import QKeySequence, QLabel, QSize, QWidget
from desk_app.services.catalogue import list_procedures
from desk_app.services.context import Actor, Workspace
from tests.gui.conftest import show_active

# 1366x768 less a taskbar of 40 px is 1366x728 for the window, less about 30 px of title bar.
SCREEN = QSize(1366, 728)
TITLE_BAR = 30
QR = (
    "001090123456|012345678|Nguyễn Văn An|01011990|Nam|"
    "Số 12 ngõ 34 Nguyễn Huy Tưởng, Phường Thanh Xuân, Hà Nội|15042021"
)


def window_in(
    qtbot: QtBot, request: pytest.FixtureRequest, workspace: Workspace, actor: Actor, language: str
) -> MainWindow:
    if language == "en":
        request.getfixturevalue("english")
        workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    return window


def fully_visible_rows(window: MainWindow) -> int:
    listing = window.intake.ui.components_list
    viewport = listing.viewport().rect()
    return sum(
        viewport.contains(listing.visualItemRect(listing.item(row)))
        for row in range(listing.count())
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_window_fits_a_1366x768_screen_and_shows_seven_components(
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    actor: Actor,
    language: str,
) -> None:
    window = window_in(qtbot, request, workspace, actor, language)
    client = QSize(SCREEN.width(), SCREEN.height() - TITLE_BAR)
    window.resize(client)
    show_active(qtbot, window)
    intake = window.intake
    # The procedure with most papers, a card scanned (its banner takes a line), the fee asked.
    largest = max(list_procedures(workspace), key=lambda p: len(p.components))
    assert len(largest.components) >= 7
    intake.choose_procedure(largest)
    intake.apply_qr(QR)
    assert intake.ui.banner_label.isVisible()
    qtbot.wait(50)  # layouts settle on the event loop

    needed = window.minimumSizeHint()
    assert needed.width() <= client.width() and needed.height() <= client.height(), needed
    assert window.size() == client  # nothing forced it larger than the screen
    assert fully_visible_rows(window) >= 7
    # Nothing of the form squeezed below what it needs (the focused field's style-sheet frame
    # is 1 px thicker each side than when the layout measured it: the style's doing).
    for widget in vars(intake.ui).values():
        laid_out = isinstance(widget, QWidget) and not widget.inherits("QAbstractScrollArea")
        if laid_out and widget.isVisible() and not widget.hasFocus():
            assert widget.height() >= widget.minimumSizeHint().height(), widget.objectName()


def mnemonic(text: str) -> str:
    """Qt's own reading of ``&x`` in a text ("&&" is a literal ampersand): "Alt+X", or ""."""
    return QKeySequence.mnemonic(text).toString()


def window_mnemonics(window: MainWindow) -> dict[str, list[str]]:
    """Every Alt+letter the window answers, with what carries it: labels with a buddy,
    buttons, group boxes, tabs and the menu bar's menus (in any tab, shown or not)."""
    found: dict[str, list[str]] = defaultdict(list)

    def note(text: str, owner: str) -> None:
        if key := mnemonic(text):
            found[key].append(f"{owner}: {text}")

    for label in window.findChildren(QLabel):
        if label.buddy() is not None:
            note(label.text(), label.objectName())
    for button in window.findChildren(QAbstractButton):
        note(button.text(), button.objectName())
    for group in window.findChildren(QGroupBox):
        note(group.title(), group.objectName())
    for tabs in window.findChildren(QTabWidget):
        for index in range(tabs.count()):
            note(tabs.tabText(index), f"{tabs.objectName()} tab {index}")
    for action in window.menuBar().actions():
        note(action.text(), "menu bar")
    return found


@pytest.mark.parametrize("language", ["vi", "en"])
def test_each_mnemonic_is_taken_once_in_the_counter_window(
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    actor: Actor,
    language: str,
) -> None:
    window = window_in(qtbot, request, workspace, actor, language)
    found = window_mnemonics(window)
    assert "Alt+T" in found  # the menu bar's first menu (Tệp) in Vietnamese, or Reprint
    assert {key: owners for key, owners in found.items() if len(owners) > 1} == {}
    # Inside each menu, its items' letters are its own, and unique there too.
    for menu in window.menuBar().findChildren(QMenu):
        keys = [mnemonic(action.text()) for action in menu.actions() if mnemonic(action.text())]
        assert len(keys) == len(set(keys)), (menu.title(), keys)
