"""Today's list as the officer uses it: the dossier selected stays selected, by its code, so
Ctrl+P reprints the receipt of the citizen on screen and no other."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.gui.app import build_main_window
from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import QLabel, Qt, QWidget
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.intake import take_in
from tests.factories import SettableClock, intake_request
from tests.gui.conftest import focused, show_active

BIRTH = "1.001193"


def receive(counter: MainWindow, workspace: Workspace, actor: Actor, name: str) -> DossierRecord:
    """A dossier taken in (at this counter or another), announced as the intake screen does."""
    record = take_in(workspace, actor, intake_request(BIRTH, name))
    counter.bus.dossier_saved.emit(record)
    return record


def table_codes(counter: MainWindow) -> list[str]:
    table = counter.today.ui.today_table
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def selected_row_codes(counter: MainWindow) -> list[str]:
    table = counter.today.ui.today_table
    return [table.item(i.row(), 0).text() for i in table.selectionModel().selectedRows()]


def open_today(qtbot: QtBot, counter: MainWindow) -> None:
    qtbot.keyClick(focused(), Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert focused() is counter.today.ui.today_table


def test_the_selected_dossier_stays_selected_when_new_ones_arrive(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"):
        receive(counter, workspace, actor, name)
        clock.advance(minutes=5)
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 3)
    open_today(qtbot, counter)
    chosen = table_codes(counter)[1]  # Trần Thị Bình, in the middle
    qtbot.keyClick(focused(), Qt.Key.Key_Down)  # from the newest, one down
    assert counter.today.selected_code() == chosen

    for name in ("Phạm Minh Dũng", "Hoàng Thị Én"):  # the next citizens arrive on top
        receive(counter, workspace, actor, name)
        clock.advance(minutes=5)
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 5)

    assert table_codes(counter).index(chosen) == 3  # its row moved...
    assert counter.today.selected_code() == chosen  # ...and the selection with it
    assert selected_row_codes(counter) == [chosen]
    table = counter.today.ui.today_table
    assert table.item(table.currentRow(), 1).text() == "Trần Thị Bình"


def test_ctrl_p_after_a_refresh_reprints_the_selected_citizens_receipt(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
    receipts_folder: Path,
) -> None:
    first = receive(counter, workspace, actor, "Nguyễn Văn An")
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 1)
    open_today(qtbot, counter)
    assert counter.today.selected_code() == first.code  # the only one, selected at once
    clock.advance(minutes=5)
    receive(counter, workspace, actor, "Trần Thị Bình")  # arrives while the officer looks
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 2)

    with qtbot.waitSignal(counter.bus.receipt_printed) as printed:
        qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert printed.args == [first.code]
    assert [p.name for p in receipts_folder.iterdir()] == [f"{first.code}.pdf"]
    table = counter.today.ui.today_table
    row = table_codes(counter).index(first.code)
    qtbot.waitUntil(lambda: table.item(row, 6).text() == "1")  # the print count changed...
    assert counter.today.selected_code() == first.code  # ...and the selection did not

    # The list's own refresh (it runs as an operation, the list disabled meanwhile) over, as
    # an officer sees it, before the second Ctrl+P.
    qtbot.waitUntil(lambda: counter.today.isEnabled() and focused() is table)
    with qtbot.waitSignal(counter.bus.receipt_printed) as again:
        qtbot.keyClick(focused(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert again.args == [first.code]
    qtbot.waitUntil(lambda: table.item(row, 6).text() == "2")


def test_a_selected_dossier_no_longer_listed_leaves_nothing_selected(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    receive(counter, workspace, actor, "Nguyễn Văn An")
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 1)
    open_today(qtbot, counter)
    clock.advance(days=1)  # the next morning: yesterday's dossier is not today's
    counter.today.refresh()
    qtbot.waitUntil(lambda: table_codes(counter) == [])
    assert counter.today.selected_code() is None
    assert not counter.today.ui.reprint_button.isEnabled()
    assert counter.today.reprint_selected() is None  # Ctrl+P prints nobody's receipt

    latest = receive(counter, workspace, actor, "Trần Thị Bình")
    qtbot.waitUntil(lambda: len(table_codes(counter)) == 1)
    assert counter.today.selected_code() == latest.code  # the first of an empty list
    assert counter.today.ui.reprint_button.isEnabled()


def test_english_mode_leaves_no_vietnamese_in_todays_list(
    qtbot: QtBot, english: None, workspace: Workspace, actor: Actor
) -> None:
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    today = window.today
    qtbot.waitUntil(lambda: today.ui.count_label.text() == "0 dossiers received today.")
    table = today.ui.today_table
    texts = [today.windowTitle(), today.ui.refresh_button.text(), today.ui.reprint_button.text()]
    texts += [label.text() for label in today.findChildren(QLabel)]
    texts += [widget.toolTip() for widget in today.findChildren(QWidget)]
    texts += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert today.ui.reprint_button.text() == "Reprin&t receipt (Ctrl+P)"
    vietnamese = [
        text
        for text in texts
        if "đ" in text.lower()
        or any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", text))
    ]
    assert vietnamese == []
