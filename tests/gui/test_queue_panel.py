"""The officer's queue panel in the counter window, driven with its keys: issue, call, no-show,
transfer, the counter asked once, a dossier linked to its ticket, and a hub that goes away."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.queue import PriorityKind, TicketState
from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QApplication, Qt
from desk_app.gui.queue_panel import (
    CounterDialog,
    IssueDialog,
    NumberDialog,
    QueuePanel,
    TransferDialog,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.queue import LocalQueue, local_queue
from tests.factories import intake_request
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    fill_a_complete_dossier,
    open_message_boxes,
    press,
    show_active,
    type_text,
)

HUB_LOST = "Mất kết nối máy chủ hàng đợi, đang thử lại…"


@pytest.fixture
def panel(qtbot: QtBot, counter: MainWindow) -> QueuePanel:
    """The counter window's queue panel, shown, at counter 3, its first lists read."""
    counter.queue_panel.counter = "3"
    counter.resize(1700, 900)
    counter.queue_dock.show()
    show_active(qtbot, counter)
    panel = counter.queue_panel
    qtbot.waitUntil(lambda: panel.view is not None)
    return panel


def answer(qtbot: QtBot, dialog_type: type[Any]) -> Any:
    """The question the panel opened (one at a time), once it holds the keys."""

    def holds_the_keys() -> bool:
        dialog = QApplication.activeModalWidget()
        focus = QApplication.focusWidget()
        return isinstance(dialog, dialog_type) and focus is not None and dialog.isAncestorOf(focus)

    qtbot.waitUntil(holds_the_keys)
    return QApplication.activeModalWidget()


def settle(qtbot: QtBot, panel: QueuePanel) -> None:
    qtbot.waitUntil(lambda: running_operations() == 0 and panel.isEnabled())


def issue_with_f9(qtbot: QtBot, panel: QueuePanel, letter: str) -> None:
    press(qtbot, Qt.Key.Key_F9)
    dialog = answer(qtbot, IssueDialog)
    dialog.area_combo.setCurrentIndex(dialog.area_combo.findData(letter))
    press(qtbot, Qt.Key.Key_Return)
    settle(qtbot, panel)


@KEY_STARTS_AN_OPERATION
def test_issue_call_no_show_call_and_transfer_with_the_keys(
    qtbot: QtBot, counter: MainWindow, panel: QueuePanel, workspace: Workspace
) -> None:
    issue_with_f9(qtbot, panel, "A")
    assert panel.status_text.startswith("Đã cấp số A001 (khu vực A Chứng thực), 0 người chờ trước.")
    # No ticket printer is set here: the number is said, and the officer told to read it out.
    assert "chưa đặt máy in số thứ tự" in panel.status_text
    assert counter.ui.status_bar.currentMessage() == panel.status_text  # seen with it hidden
    issue_with_f9(qtbot, panel, "A")
    qtbot.waitUntil(lambda: panel.waiting_labels("A") == ["A001", "A002"])
    tree = panel.ui.waiting_tree
    assert tree.topLevelItem(0).text(0) == "A · Chứng thực: 2 người chờ"
    assert [tree.topLevelItem(0).child(i).text(0) for i in range(2)] == ["A001", "A002"]

    press(qtbot, Qt.Key.Key_F3)  # call next, wherever the focus is (here: the intake search)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "A001"
    assert "đã gọi" in panel.ui.current_details_label.text()
    assert panel.status_text == "Mời số A001 đến Quầy 3."
    qtbot.waitUntil(lambda: panel.waiting_labels("A") == ["A002"])

    press(qtbot, Qt.Key.Key_F10)  # no-show
    settle(qtbot, panel)
    assert panel.status_text == "Số A001 được ghi là vắng mặt."
    assert panel.ui.current_number_label.text() == "—"

    press(qtbot, Qt.Key.Key_F3)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "A002"

    press(qtbot, Qt.Key.Key_F11)  # transfer: to B, no counter named
    dialog = answer(qtbot, TransferDialog)
    assert dialog.area_combo.currentData() == "B"  # the first other area is offered
    press(qtbot, Qt.Key.Key_Return)
    settle(qtbot, panel)
    assert panel.status_text == ("Đã chuyển số A002 sang khu vực B Hộ tịch; số vẫn giữ nguyên.")
    qtbot.waitUntil(lambda: panel.waiting_labels("B") == ["A002"])  # the citizen keeps A002
    heading = next(
        tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(0).startswith("B · Hộ tịch")
    )
    assert heading.child(0).text(0) == "A002"
    assert heading.child(0).text(2) == "được chuyển đến"
    assert panel.ui.current_number_label.text() == "—"
    queue = local_queue(workspace)
    assert queue.ticket("A001").state is TicketState.NO_SHOW
    moved = queue.ticket("A002")
    assert (moved.area_letter, moved.state, moved.transfers) == ("B", TicketState.WAITING, 1)


@KEY_STARTS_AN_OPERATION
def test_start_finish_recall_and_a_number_called_out_of_turn(
    qtbot: QtBot, panel: QueuePanel, workspace: Workspace, actor: Actor
) -> None:
    queue = local_queue(workspace)
    for _ in range(3):
        queue.issue(actor, "A")
    queue.issue(actor, "B", priority=PriorityKind.ELDERLY)
    qtbot.waitUntil(lambda: panel.waiting_labels() == ["A001", "A002", "A003", "B001"])
    tree = panel.ui.waiting_tree
    priority = tree.topLevelItem(1).child(0)
    assert (priority.text(0), priority.text(2)) == ("B001", "★ Người cao tuổi")

    press(qtbot, Qt.Key.Key_F4)  # nobody at the counter yet: said plainly, nothing sent
    assert panel.status_text == "Chưa có số nào ở quầy này: bấm F3 để gọi số tiếp theo."

    panel.focus_list()
    tree.setCurrentItem(tree.topLevelItem(0).child(2))  # A003, out of turn
    press(qtbot, Qt.Key.Key_Return)  # Enter on a number asks to call it
    dialog = answer(qtbot, NumberDialog)
    assert dialog.label_edit.text() == "A003"
    press(qtbot, Qt.Key.Key_Return)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "A003"

    press(qtbot, Qt.Key.Key_F4)
    settle(qtbot, panel)
    assert panel.status_text == "Đã gọi lại số A003 (lần gọi thứ 2)."
    press(qtbot, Qt.Key.Key_F6)
    settle(qtbot, panel)
    assert panel.status_text == "Đang phục vụ số A003."
    assert "đang phục vụ" in panel.ui.current_details_label.text()
    press(qtbot, Qt.Key.Key_F6)  # a double press: the service refuses, the panel says why
    settle(qtbot, panel)
    assert panel.status_text == (
        "Số A003 đang ở trạng thái “đang phục vụ”: không thể bắt đầu phục vụ."
    )
    press(qtbot, Qt.Key.Key_F7)
    settle(qtbot, panel)
    assert panel.status_text == "Đã phục vụ xong số A003."
    assert queue.ticket("A003").state is TicketState.SERVED

    # The next call takes the priority ticket first, whatever its area.
    press(qtbot, Qt.Key.Key_F3)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "B001"
    assert "Ưu tiên: Người cao tuổi" in panel.ui.current_details_label.text()


@KEY_STARTS_AN_OPERATION
def test_an_empty_queue_is_one_plain_line(qtbot: QtBot, panel: QueuePanel) -> None:
    press(qtbot, Qt.Key.Key_F3)
    settle(qtbot, panel)
    assert panel.status_text == "Không còn ai đang chờ ở các khu vực của quầy này."
    assert panel.ui.current_number_label.text() == "—"


@KEY_STARTS_AN_OPERATION
def test_without_a_counter_number_the_panel_asks_once(
    qtbot: QtBot, panel: QueuePanel, workspace: Workspace, actor: Actor
) -> None:
    panel.counter = None
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.issue(actor, "A")
    press(qtbot, Qt.Key.Key_F3)
    dialog = answer(qtbot, CounterDialog)
    assert "settings.toml" in dialog.findChildren(type(panel.ui.status_label))[0].text()
    type_text(qtbot, "5")
    press(qtbot, Qt.Key.Key_Return)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "A001"
    assert queue.ticket("A001").counter == "5"
    assert panel.ui.counter_label.text() == "Hàng đợi của Quầy 5"
    press(qtbot, Qt.Key.Key_F7)  # no second question
    settle(qtbot, panel)
    assert QApplication.activeModalWidget() is None
    assert panel.status_text == "Đã phục vụ xong số A001."


@KEY_STARTS_AN_OPERATION
def test_a_dossier_taken_in_for_the_citizen_at_the_counter_is_linked_to_the_ticket(
    qtbot: QtBot, counter: MainWindow, panel: QueuePanel, workspace: Workspace, actor: Actor
) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    press(qtbot, Qt.Key.Key_F3)
    settle(qtbot, panel)
    counter.show_view(0)
    fill_a_complete_dossier(qtbot, counter)
    with qtbot.waitSignal(counter.bus.dossier_saved) as saved_signal:
        press(qtbot, Qt.Key.Key_F12)  # save and print (to a PDF file here)
    saved = saved_signal.args[0].code
    qtbot.waitUntil(lambda: panel.ui.dossier_label.isVisible())
    assert panel.ui.dossier_label.text() == (
        f"Hồ sơ vừa tiếp nhận: {saved} (ghi vào số khi bấm Xong)"
    )
    settle(qtbot, panel)
    press(qtbot, Qt.Key.Key_F7)
    settle(qtbot, panel)
    assert panel.status_text == f"Đã phục vụ xong số A001; hồ sơ {saved} được ghi vào số này."
    assert queue.ticket("A001").dossier_code == saved


class HubThatComesBack:
    """The local queue behind a hub that is unreachable until ``up`` is set."""

    def __init__(self, queue: LocalQueue) -> None:
        self.queue = queue
        self.up = threading.Event()

    def __getattr__(self, name: str) -> Any:
        if not self.up.is_set():
            raise ConnectionRefusedError(111, "Connection refused")
        return getattr(self.queue, name)

    def wait_for_change(self, since: str | None, timeout: float) -> str:
        if not self.up.is_set():
            raise ConnectionRefusedError(111, "Connection refused")
        return self.queue.wait_for_change(since, min(timeout, 0.25))


@KEY_STARTS_AN_OPERATION
def test_a_hub_that_goes_away_is_said_and_the_panel_comes_back_by_itself(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    hub = HubThatComesBack(local_queue(workspace))
    panel = QueuePanel(workspace, actor, queue=hub)  # type: ignore[arg-type]
    panel.retry_s = 0.1
    panel.counter = "3"
    qtbot.addWidget(panel)
    show_active(qtbot, panel)
    panel.start_watching()
    try:
        qtbot.waitUntil(lambda: panel.ui.connection_label.isVisible())
        assert panel.ui.connection_label.text() == HUB_LOST
        panel.call_next()
        settle(qtbot, panel)
        assert panel.status_text == HUB_LOST  # the act's own refusal, no crash, no dialog
        local_queue(workspace).issue(actor, "A")
        hub.up.set()
        qtbot.waitUntil(lambda: panel.waiting_labels() == ["A001"])
        assert panel.ui.connection_label.isHidden()
        assert panel.status_text == "Đã kết nối lại máy chủ hàng đợi."
    finally:
        panel.stop_watching()
        qtbot.waitUntil(lambda: running_operations() == 0)


def test_closing_the_window_stops_following_the_queue(
    qtbot: QtBot, counter: MainWindow, panel: QueuePanel
) -> None:
    assert any(t.name == "queue-watcher" for t in threading.enumerate())
    assert counter.close()
    qtbot.waitUntil(
        lambda: not any(t.name == "queue-watcher" and t.is_alive() for t in threading.enumerate())
    )
    assert counter.state.text("main_window/queue_panel", "") == "shown"


@KEY_STARTS_AN_OPERATION
def test_a_result_ticket_names_its_dossier_and_opens_it(
    qtbot: QtBot, counter: MainWindow, panel: QueuePanel, workspace: Workspace, actor: Actor
) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    counter.today.refresh()
    qtbot.waitUntil(lambda: [r.code for r in counter.today.records] == [record.code])
    queue = local_queue(workspace)
    queue.issue_for_result(actor, "000.00.19.H26-250101-0999")  # received elsewhere
    press(qtbot, Qt.Key.Key_F3)
    settle(qtbot, panel)
    assert panel.ui.current_number_label.text() == "C001"
    assert panel.ui.dossier_label.text() == "Hồ sơ cần trả: 000.00.19.H26-250101-0999"
    qtbot.mouseClick(panel.ui.open_dossier_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(open_message_boxes(counter)))
    box = open_message_boxes(counter)[0]
    assert "000.00.19.H26-250101-0999" in box.text()  # not in this file: said plainly
    box.close()

    counter.open_dossier(record.code)  # one this workstation took in today: its row
    assert counter.ui.views_tab_widget.currentIndex() == 1
    assert counter.today.selected_code() == record.code
