"""Save & Print while another program holds the database: the window never freezes.

Issue 6, item 5's proof: the workstation file is held with ``BEGIN IMMEDIATE`` by another
connection while F12 is pressed; the window keeps processing events through the whole busy
timeout, then says in plain Vietnamese that the database is locked, and nothing is stored.
Once the other program lets go, the same form saves at the second F12.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import Qt, QTimer
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import list_today
from desk_app.services.workstation import database_file
from desk_app.store.db import Database, make_engine, sqlite_url
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    focused,
    open_message_boxes,
    pick_birth_registration,
    press,
    show_active,
)

BUSY_TIMEOUT_MS = 1500  # the store's is 5 s; shorter keeps the test quick, the path is the same
TICK_MS = 50
LOCKED = "Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy thử lại sau ít giây."
EMPTY_TODAY = "0 hồ sơ đã tiếp nhận hôm nay."


def with_short_busy_timeout(qtbot: QtBot, counter: MainWindow, workspace: Workspace) -> None:
    """Swap in a database with a short busy timeout, once today's first read (on a worker,
    through the old one) has answered: disposing of it under that read would break it."""
    qtbot.waitUntil(lambda: counter.today.ui.count_label.text() == EMPTY_TODAY)
    assert not counter.today.loading
    assert workspace.home is not None
    url = sqlite_url(database_file(workspace.home))
    previous, workspace.db = (
        workspace.db,
        Database(make_engine(url, busy_timeout_ms=BUSY_TIMEOUT_MS)),
    )
    previous.dispose()


@KEY_STARTS_AN_OPERATION
def test_f12_against_a_locked_database_keeps_the_window_alive_and_says_why(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, receipts_folder: Path
) -> None:
    with_short_busy_timeout(qtbot, counter, workspace)
    assert workspace.home is not None
    intake = counter.intake
    pick_birth_registration(qtbot, counter)
    intake.tick_all_components()
    intake.ui.applicant_name_edit.setText("Trần Văn Bình")

    other_program = sqlite3.connect(database_file(workspace.home), isolation_level=None)
    other_program.execute("BEGIN IMMEDIATE")  # holds the write lock until it lets go
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    try:
        pressed = time.monotonic()
        press(qtbot, Qt.Key.Key_F12)
        assert time.monotonic() - pressed < 0.5  # F12 returned at once: the commit waits elsewhere
        assert intake.saving and not intake.isEnabled()

        # While the commit waits for the lock, the window answers the keyboard (the busy form
        # has let go of the focus, so keys reach the window itself).
        qtbot.keyClick(counter, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
        assert counter.ui.views_tab_widget.currentIndex() == 1
        assert intake.saving

        qtbot.waitUntil(lambda: bool(open_message_boxes(intake)), timeout=BUSY_TIMEOUT_MS + 5000)
        refused = time.monotonic()
    finally:
        timer.stop()
        other_program.execute("ROLLBACK")
        other_program.close()

    assert refused - pressed >= BUSY_TIMEOUT_MS / 1000 * 0.9  # it did wait for the lock
    during = [t for t in ticks if pressed <= t <= refused]
    gaps = [b - a for a, b in zip([pressed, *during], [*during, refused], strict=True)]
    assert len(during) >= (refused - pressed) / (TICK_MS / 1000) / 3  # the event loop ran on
    assert max(gaps) < 0.5  # and never stalled for long
    box = open_message_boxes(intake)[0]
    assert box.text() == LOCKED
    assert list_today(workspace, actor) == [] and not receipts_folder.exists()
    assert intake.isEnabled() and not intake.saving
    assert intake.ui.applicant_name_edit.text() == "Trần Văn Bình"  # nothing typed is lost

    box.close()
    show_active(qtbot, counter)  # a window manager does this when a box closes; offscreen does not
    qtbot.keyClick(focused(), Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
    with qtbot.waitSignal(counter.bus.dossier_saved, timeout=5000) as saved:
        press(qtbot, Qt.Key.Key_F12)
    code = saved.args[0].code
    assert [r.code for r in list_today(workspace, actor)] == [code]
    qtbot.waitUntil(lambda: (receipts_folder / f"{code}.pdf").exists())
