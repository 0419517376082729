"""The public kiosk: a touch takes a number (shown big, printed or not), a receipt's barcode
takes a result ticket or says plainly why not; and how it looks on two screens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.queue import PriorityKind, TicketSource, TicketState
from desk_app.gui.kiosk import KioskWindow
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QApplication, QEvent, QKeyEvent, Qt
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.queue import local_queue
from desk_app.services.workstation import station_of
from tests.factories import intake_request
from tests.gui.conftest import KEY_STARTS_AN_OPERATION, show_active

PICTURES = Path("/tmp")


@pytest.fixture
def kiosk(qtbot: QtBot, workspace: Workspace) -> Iterator[KioskWindow]:
    """The kiosk as `desk-app kiosk --windowed` opens it: the workstation acts, no officer."""
    window = KioskWindow(workspace, Actor.at_station(station_of(workspace), None))
    qtbot.addWidget(window)
    window.resize(1280, 800)
    show_active(qtbot, window)
    window.start_watching()
    qtbot.waitUntil(lambda: len(window.area_buttons) == 3)
    yield window
    window.stop()
    qtbot.waitUntil(lambda: running_operations() == 0)


def settled(qtbot: QtBot, kiosk: KioskWindow) -> None:
    qtbot.waitUntil(lambda: running_operations() == 0 and kiosk.isEnabled())


def scan(kiosk: KioskWindow, text: str) -> None:
    """A keyboard-wedge scanner: the code's characters, then Enter, into whatever has the keys."""
    target = QApplication.focusWidget()
    assert target is kiosk.barcode_edit  # the field always holds the keys
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(target, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(
            target, QKeyEvent(kind, Qt.Key.Key_Return, Qt.KeyboardModifier.NoModifier)
        )


def test_a_touch_on_an_area_issues_a_number_and_shows_it_big(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace, actor: Actor
) -> None:
    buttons = kiosk.area_buttons
    assert [(b.letter_label.text(), b.name_label.text()) for b in buttons.values()] == [
        ("A", "Chứng thực"),
        ("B", "Hộ tịch"),
        ("C", "Trả kết quả"),
    ]
    local_queue(workspace).issue(actor, "A")  # someone took A001 at a counter
    qtbot.waitUntil(lambda: buttons["A"].waiting_label.text() == "Đang chờ: 1 người")
    qtbot.mouseClick(buttons["A"], Qt.MouseButton.LeftButton)
    settled(qtbot, kiosk)
    assert kiosk.page == 1
    assert kiosk.yours_label.text() == "Số của bạn"
    assert kiosk.number_label.text() == "A002"
    assert kiosk.ahead_label.text() == "Đang có 1 người chờ trước bạn"
    # No ticket printer is set here: the number stands, the kiosk says so in small type.
    qtbot.waitUntil(lambda: kiosk.printer_label.text() != "Đang in số…")
    assert kiosk.printer_label.text() == "Máy này không in số: xin ghi nhớ số của bạn."
    ticket = local_queue(workspace).ticket("A002")
    assert (ticket.state, ticket.source, ticket.officer) == (
        TicketState.WAITING,
        TicketSource.KIOSK,
        None,
    )
    qtbot.mouseClick(kiosk.pages.currentWidget(), Qt.MouseButton.LeftButton)  # a touch: back
    assert kiosk.page == 0
    assert QApplication.focusWidget() is kiosk.barcode_edit


def test_a_priority_touched_first_marks_the_next_ticket_only(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace
) -> None:
    elderly = kiosk.priority_buttons[PriorityKind.ELDERLY]
    pregnant = kiosk.priority_buttons[PriorityKind.PREGNANT]
    assert [b.text() for b in kiosk.priority_buttons.values()] == [
        "Người cao tuổi",
        "Người khuyết tật",
        "Phụ nữ mang thai",
        "Người có con nhỏ",
    ]
    qtbot.mouseClick(elderly, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(pregnant, Qt.MouseButton.LeftButton)  # one at most
    assert (elderly.isChecked(), pregnant.isChecked()) == (False, True)
    qtbot.mouseClick(kiosk.area_buttons["B"], Qt.MouseButton.LeftButton)
    settled(qtbot, kiosk)
    assert kiosk.extra_label.text() == "Ưu tiên: Phụ nữ mang thai"
    assert local_queue(workspace).ticket("B001").priority is PriorityKind.PREGNANT
    assert not pregnant.isChecked()
    kiosk.go_home()
    qtbot.mouseClick(kiosk.area_buttons["B"], Qt.MouseButton.LeftButton)
    settled(qtbot, kiosk)
    assert local_queue(workspace).ticket("B002").priority is None


@KEY_STARTS_AN_OPERATION
def test_a_receipt_scanned_before_its_result_is_ready_says_so_with_the_due_date(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace, actor: Actor
) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    scan(kiosk, record.code.lower())  # a scanner in lower case is forgiven
    settled(qtbot, kiosk)
    due = record.due_at.astimezone(OFFICE_TZ).strftime("%d/%m/%Y")
    assert kiosk.page == 2
    assert kiosk.refusal_label.text() == (
        f"Hồ sơ {record.code} chưa có kết quả. Ngày hẹn trả kết quả: {due}. "
        "Xin quay lại vào ngày hẹn."
    )
    assert local_queue(workspace).waiting() == []  # no ticket for a result not ready

    kiosk.go_home()
    scan(kiosk, "xin chao")  # not a receipt's barcode at all
    settled(qtbot, kiosk)
    assert kiosk.refusal_label.text().startswith("“XIN CHAO” không phải là mã hồ sơ") or (
        "không phải là mã hồ sơ" in kiosk.refusal_label.text()
    )


@KEY_STARTS_AN_OPERATION
def test_a_receipt_of_a_dossier_held_elsewhere_gets_a_results_ticket_naming_it(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace
) -> None:
    scan(kiosk, "000.00.19.H26-250101-0999")
    settled(qtbot, kiosk)
    assert kiosk.page == 1
    assert kiosk.number_label.text() == "C001"
    assert kiosk.extra_label.text() == "Hồ sơ: 000.00.19.H26-250101-0999"
    assert local_queue(workspace).ticket("C001").dossier_code == "000.00.19.H26-250101-0999"


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 800)])
def test_the_kiosk_rendered_offscreen(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace, actor: Actor, width: int, height: int
) -> None:
    """Pictures to look at (/tmp/kiosk-*.png): the services, and a number on screen."""
    queue = local_queue(workspace)
    for letter in "AAB":
        queue.issue(actor, letter)
    kiosk.resize(width, height)
    qtbot.waitUntil(lambda: kiosk.area_buttons["A"].waiting_label.text() == "Đang chờ: 2 người")
    kiosk.priority_buttons[PriorityKind.SMALL_CHILDREN].setChecked(True)
    qtbot.wait(50)
    picture = kiosk.grab()
    assert (picture.width(), picture.height()) == (width, height)  # the type fits the screen
    assert picture.save(str(PICTURES / f"kiosk-{width}x{height}.png"))
    qtbot.mouseClick(kiosk.area_buttons["A"], Qt.MouseButton.LeftButton)
    settled(qtbot, kiosk)
    qtbot.waitUntil(lambda: kiosk.printer_label.text() != "Đang in số…")
    qtbot.wait(50)
    assert kiosk.grab().save(str(PICTURES / f"kiosk-number-{width}x{height}.png"))
    number = kiosk.number_label
    assert number.fontMetrics().horizontalAdvance(number.text()) < number.width()
    assert number.fontMetrics().height() <= number.height()  # the big number is not clipped


@KEY_STARTS_AN_OPERATION
def test_a_scan_while_a_number_is_shown_is_not_lost(
    qtbot: QtBot, kiosk: KioskWindow, workspace: Workspace
) -> None:
    qtbot.mouseClick(kiosk.area_buttons["A"], Qt.MouseButton.LeftButton)
    settled(qtbot, kiosk)
    assert kiosk.page == 1
    code = "000.00.19.H26-250101-0999"
    for char in code:  # as Qt routes them: to the focus widget (the page), else the window
        qtbot.keyClick(QApplication.focusWidget() or kiosk, char)
    assert kiosk.page == 0 and kiosk.barcode_edit.text() == code  # the first key too
    qtbot.keyClick(kiosk.barcode_edit, Qt.Key.Key_Return)
    settled(qtbot, kiosk)
    assert (kiosk.page, kiosk.number_label.text()) == (1, "C001")
    assert local_queue(workspace).ticket("C001").dossier_code == code
