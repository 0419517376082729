"""The counter window while a save or its receipt's print runs: the File menu waits, closing
waits, the keyboard stays where the officer is, and a second F12 stores nothing more.

Answers of operations arrive through the event loop (`gui.operations`), so what a test does
right after F12, before it waits, happens while the save is still running; ``intake.saving``
asserts it.
"""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import blocking_operations
from desk_app.gui.qt import Qt
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import list_today
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    OtherProgram,
    fill_a_complete_dossier,
    focused,
    open_message_boxes,
    pick_birth_registration,
    press,
)

WAIT_MS = 10_000
CLOSING = "Đang lưu hoặc in biên nhận; cửa sổ sẽ tự đóng khi xong việc."
INCOMPLETE = "Hồ sơ chưa đủ thành phần, chưa thể tiếp nhận."


def idle(busy: bool) -> bool:
    return not busy


@KEY_STARTS_AN_OPERATION
def test_closing_mid_save_waits_for_the_save_and_its_receipt(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    intake = counter.intake
    fill_a_complete_dossier(qtbot, counter)
    with OtherProgram(workspace) as other_program:
        press(qtbot, Qt.Key.Key_F12)
        assert intake.saving  # waiting for the other program's lock

        assert not counter.close()
        assert counter.isVisible()
        assert counter.ui.status_bar.currentMessage() == CLOSING

        with qtbot.waitSignal(counter.bus.dossier_saved, timeout=WAIT_MS) as saved:
            other_program.release()
    assert counter.isVisible()  # the receipt is still to print
    qtbot.waitUntil(lambda: not counter.isVisible(), timeout=WAIT_MS)

    code = saved.args[0].code
    assert (receipts_folder / f"{code}.pdf").read_bytes().startswith(b"%PDF")
    assert [r.code for r in list_today(workspace, actor)] == [code]
    assert blocking_operations(counter) == []  # nothing left to answer into a closed window


@KEY_STARTS_AN_OPERATION
def test_a_save_refused_while_closing_keeps_the_window_open_with_the_reason(
    qtbot: QtBot, counter: MainWindow
) -> None:
    intake = counter.intake
    pick_birth_registration(qtbot, counter)  # no component ticked: refused
    intake.ui.applicant_name_edit.setText("Trần Văn Bình")
    with qtbot.waitSignal(intake.busy_changed, check_params_cb=idle, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_F12)
        assert intake.saving
        assert not counter.close()

    boxes = open_message_boxes(intake)
    assert [box.text().startswith(INCOMPLETE) for box in boxes] == [True]
    assert counter.isVisible()
    assert counter.ui.status_bar.currentMessage() == "Cửa sổ chưa đóng: hãy xem thông báo trước."
    assert intake.ui.applicant_name_edit.text() == "Trần Văn Bình"
    boxes[0].close()
    intake.start_over()  # the officer clears the refused form: nothing is left to lose
    assert counter.close()  # read, closed again: nothing runs any more


@KEY_STARTS_AN_OPERATION
def test_the_file_menu_waits_during_a_save_and_a_refused_save_keeps_the_form(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor
) -> None:
    intake = counter.intake
    ui = counter.ui
    actions = (ui.new_intake_action, ui.choose_pdf_folder_action, ui.quit_action)
    pick_birth_registration(qtbot, counter)  # no component ticked: refused
    intake.ui.applicant_name_edit.setText("Trần Văn Bình")
    intake.ui.phone_edit.setText("0912345678")

    with qtbot.waitSignal(intake.busy_changed, check_params_cb=idle, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_F12)
        assert intake.saving
        assert [action.isEnabled() for action in actions] == [False, False, False]
        ui.new_intake_action.trigger()  # "Hồ sơ mới" chosen from the menu meanwhile
        ui.quit_action.trigger()

    assert open_message_boxes(intake)[0].text().startswith(INCOMPLETE)
    assert intake.ui.applicant_name_edit.text() == "Trần Văn Bình"  # nothing typed is lost
    assert intake.ui.phone_edit.text() == "0912345678"
    assert intake.procedure is not None and intake.procedure.name == "Đăng ký khai sinh"
    assert counter.isVisible()
    assert [action.isEnabled() for action in actions] == [True, True, True]
    assert list_today(workspace, actor) == []
    open_message_boxes(intake)[0].close()


@KEY_STARTS_AN_OPERATION
def test_a_save_ending_behind_todays_list_leaves_the_keyboard_there(
    qtbot: QtBot, counter: MainWindow, receipts_folder: Path
) -> None:
    intake = counter.intake
    table = counter.today.ui.today_table
    fill_a_complete_dossier(qtbot, counter)
    with qtbot.waitSignal(intake.busy_changed, check_params_cb=idle, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_F12)
        assert intake.saving
        qtbot.keyClick(counter, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert focused() is table

    assert len(list(receipts_folder.glob("*.pdf"))) == 1  # saved and printed meanwhile
    assert counter.ui.views_tab_widget.currentIndex() == 1
    assert focused() is table  # not pulled into the hidden intake screen
    qtbot.keyClick(table, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    assert focused() is intake.ui.procedure_search_edit  # ready for the next applicant


@KEY_STARTS_AN_OPERATION
def test_a_second_f12_while_the_save_runs_stores_one_dossier(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    intake = counter.intake
    fill_a_complete_dossier(qtbot, counter)
    with qtbot.waitSignal(intake.busy_changed, check_params_cb=idle, timeout=WAIT_MS):
        press(qtbot, Qt.Key.Key_F12)
        assert intake.saving
        qtbot.keyClick(counter, Qt.Key.Key_F12)  # where the key lands with the form busy
        assert intake.save_and_print() is None  # and the action itself refuses

    assert len(list_today(workspace, actor)) == 1
    assert len(list(receipts_folder.glob("*.pdf"))) == 1
