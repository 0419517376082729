"""The supervisor's queue figures window (issue 9, item 7): opened with Ctrl+4 from the counter
window, the day's numbers per area, counter and officer as the tickets were served, following
the queue as it moves; an officer is not offered it."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.roles import Role
from desk_app.gui.app import build_main_window
from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QApplication, QDate, QHeaderView, Qt
from desk_app.gui.queue_figures import QueueFiguresDialog, duration_text
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.queue import local_queue
from desk_app.services.workstation import station_of
from tests.factories import SettableClock
from tests.gui.conftest import focused, press, show_active

PICTURES = Path("/tmp")
ISSUED, SERVED, NO_SHOW, WAITING, WAIT_MEDIAN, WAIT_P90, SERVICE_MEDIAN, SERVICE_P90 = range(2, 10)


def a_morning(workspace: Workspace, actor: Actor, clock: SettableClock) -> None:
    """A001 waits 2:00 and is served in 4:30; A002 waits 7:30 and does not come; B001 waits."""
    queue = local_queue(workspace)
    for letter in ("A", "A", "B"):
        queue.issue(actor, letter)
    clock.advance(minutes=2)
    queue.call_next(actor, "3", ["A"])
    clock.advance(minutes=1)
    queue.start(actor, "3", "A001")
    clock.advance(minutes=4, seconds=30)
    queue.finish(actor, "3", "A001")
    queue.call_next(actor, "3", ["A"])
    queue.no_show(actor, "3", "A002")


def open_with_ctrl_4(qtbot: QtBot, counter: MainWindow) -> QueueFiguresDialog:
    qtbot.keyClick(focused(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: counter.figures is not None and counter.figures.isVisible())
    figures = counter.figures
    assert figures is not None
    qtbot.waitUntil(lambda: figures.view is not None)
    return figures


def test_a_supervisor_reads_the_days_figures_and_they_follow_the_queue(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    a_morning(workspace, actor, clock)
    assert counter.ui.queue_figures_action.isVisible()  # an administrator sees it
    assert counter.ui.queue_menu.title() == "&Xếp hàng"
    figures = open_with_ctrl_4(qtbot, counter)
    assert figures.windowTitle() == "Số liệu xếp hàng"
    assert QApplication.focusWidget() is figures.ui.date_edit  # the keys start on the day
    assert figures.ui.date_edit.date() == QDate(2025, 7, 15)  # today, by default
    assert figures.ui.heading_label.text() == "(hôm nay)"

    table = figures.ui.figures_table
    headings = [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())]
    assert headings == [
        "Theo",
        "Tên",
        "Đã cấp",
        "Đã phục vụ",
        "Vắng mặt",
        "Đang chờ",
        "Chờ: trung vị",
        "Chờ: P90",
        "Phục vụ: trung vị",
        "Phục vụ: P90",
    ]
    rows = [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(5)]
    # Waits of 2:00 and 7:30: median 4:45; the 90th percentile lies between, at 6:57.
    assert rows == [
        ["Khu vực", "A · Chứng thực", "2", "1", "1", "0", "04:45", "06:57", "04:30", "04:30"],
        ["", "B · Hộ tịch", "1", "0", "0", "1", "—", "—", "—", "—"],
        ["Quầy", "Quầy 3", "2", "1", "1", "0", "04:45", "06:57", "04:30", "04:30"],
        ["Cán bộ", "quantri", "2", "1", "1", "0", "04:45", "06:57", "04:30", "04:30"],
        ["Tổng cộng", "", "3", "1", "1", "1", "04:45", "06:57", "04:30", "04:30"],
    ]
    assert table.item(4, ISSUED).font().bold()  # the total stands out
    assert table.item(0, ISSUED).textAlignment() & Qt.AlignmentFlag.AlignRight
    assert figures.status_text.startswith("Số liệu ngày 15/07/2025, cập nhật lúc")

    # Another citizen takes a number: the window follows the queue by itself.
    local_queue(workspace).issue(actor, "B")
    qtbot.waitUntil(lambda: figures.cell("total", "", ISSUED) == "4")
    assert figures.cell("area", "B", WAITING) == "2"

    # F5 reads again at once; another day has no tickets, and says so.
    press(qtbot, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: figures._loading is not None and not figures._loading.running)
    figures.set_day(date(2025, 7, 14))
    qtbot.waitUntil(lambda: figures.status_text == "Ngày 14/07/2025 chưa có số nào được cấp.")
    assert table.rowCount() == 0 and figures.ui.heading_label.text() == ""
    qtbot.keyClick(figures.ui.today_button, Qt.Key.Key_Space)  # Alt+H, Hôm nay
    qtbot.waitUntil(lambda: table.rowCount() == 5)

    # Esc closes it (its watcher stops); Ctrl+4 brings the same window back.
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not figures.isVisible())
    assert figures._watcher is None
    show_active(qtbot, counter)  # the platform gives the counter window the keys back
    assert open_with_ctrl_4(qtbot, counter) is figures


def test_the_figures_window_fits_a_laptop_screen_and_nothing_is_cut(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    a_morning(workspace, actor, clock)
    figures = open_with_ctrl_4(qtbot, counter)
    screen = (1366, 768 - 40)  # a taskbar
    assert figures.width() <= screen[0] and figures.height() <= screen[1]
    table = figures.ui.figures_table
    header = table.horizontalHeader()
    used = sum(header.sectionSize(i) for i in range(table.columnCount()))
    assert used <= table.viewport().width()  # no column scrolled off to the right
    metrics = table.fontMetrics()
    for column in range(table.columnCount()):
        if header.sectionResizeMode(column) != QHeaderView.ResizeMode.ResizeToContents:
            continue
        widest = max(
            metrics.horizontalAdvance(table.item(r, column).text()) for r in range(table.rowCount())
        )
        assert header.sectionSize(column) >= widest  # no figure elided
    assert figures.grab().save(str(PICTURES / "queue-figures.png"))


def test_an_officer_is_not_offered_the_figures(qtbot: QtBot, workspace: Workspace) -> None:
    station = station_of(workspace)
    officer = OfficerInfo(uuid.uuid4(), "canbo", "Nguyễn Văn Cán", Role.OFFICER)
    window = build_main_window(workspace, Actor.at_station(station, officer))
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert not window.ui.queue_figures_action.isVisible()
    assert not window.ui.queue_menu.menuAction().isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(50)
    assert window.figures is None
    assert window.open_figures() is None
    qtbot.waitUntil(lambda: running_operations() == 0)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(None, "—"), (0, "00:00"), (59.6, "01:00"), (4500, "75:00")]
)
def test_durations_read_as_minutes_and_seconds(seconds: float | None, shown: str) -> None:
    assert duration_text(seconds) == shown
