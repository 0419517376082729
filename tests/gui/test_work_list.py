"""The work list: its sections and counts as the clock moves, a dossier opened from it, and
the apology made from it before the deadline passes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.lifecycle import DossierState
from desk_app.core.roles import Role
from desk_app.core.work_list import Bucket
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QApplication, Qt
from desk_app.gui.work_list import WorkListApologyDialog, WorkListView
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import SupplementItem, record_result, request_supplement
from desk_app.services.users import add_officer
from tests.factories import SettableClock, intake_request, office_time
from tests.gui.conftest import open_message_boxes

SAME_DAY = "1.001193"  # birth registration: due at today's close
TWO_DAYS = "1.004845"  # end of guardianship: 2 working days
FIVE_DAYS = "1.004884"  # re-registration of a birth: 5 working days
PNG_FOLDER = (
    Path(os.environ.get("DESK_APP_PNG_DIR", "")) if os.environ.get("DESK_APP_PNG_DIR") else None
)


def _view(qtbot: QtBot, workspace: Workspace, actor: Actor) -> WorkListView:
    view = WorkListView(workspace, actor, refresh_ms=3_600_000)
    qtbot.addWidget(view)
    view.resize(1000, 560)
    view.show()
    qtbot.waitExposed(view)
    return view


def _refreshed(qtbot: QtBot, view: WorkListView) -> None:
    with qtbot.waitSignal(view.counts_changed, timeout=10_000):
        view.refresh()


@pytest.fixture
def codes(workspace: Workspace, actor: Actor) -> dict[str, str]:
    """Five dossiers taken in at 09:05 on Tuesday 15/07/2025, one of each kind."""
    today = take_in(workspace, actor, intake_request(SAME_DAY, "Nguyễn Văn Đức")).code
    soon = take_in(workspace, actor, intake_request(TWO_DAYS, "Trần Thị Ánh Tuyết")).code
    later = take_in(workspace, actor, intake_request(FIVE_DAYS, "Lê Hoàng Yến")).code
    waiting = take_in(workspace, actor, intake_request(TWO_DAYS, "Phạm Quốc Việt")).code
    request_supplement(
        workspace, actor, waiting, items=[SupplementItem("Tờ khai", original=1)], reason="Thiếu"
    )
    ready = take_in(workspace, actor, intake_request(SAME_DAY, "Đỗ Thị Hằng")).code
    record_result(workspace, actor, ready, number="15/KS", signer="Phạm Văn C", issuer="UBND")
    return {"today": today, "soon": soon, "later": later, "waiting": waiting, "ready": ready}


def test_sections_and_counts_follow_the_clock(
    qtbot: QtBot, workspace: Workspace, actor: Actor, clock: SettableClock, codes: dict[str, str]
) -> None:
    view = _view(qtbot, workspace, actor)
    _refreshed(qtbot, view)
    assert view.codes_in(Bucket.OVERDUE) == []
    assert view.codes_in(Bucket.DUE_TODAY) == [codes["today"]]
    assert view.codes_in(Bucket.DUE_SOON) == [codes["soon"]]
    assert view.codes_in(Bucket.WAITING_SUPPLEMENT) == [codes["waiting"]]
    assert view.codes_in(Bucket.READY_TO_RETURN) == [codes["ready"]]
    assert view.counts_text() == (
        "Quá hạn 0 · Hôm nay 1 · Sắp đến hạn 1 · Chờ bổ sung 1 · Chờ trả 1"
    )
    if PNG_FOLDER:
        view.grab().save(str(PNG_FOLDER / "work_list_tuesday.png"))

    clock.current = office_time(2025, 7, 16, 9, 0)  # Wednesday: the birth is late
    with qtbot.waitSignal(view.counts_changed, timeout=10_000) as signal:
        view.refresh()
    assert signal.args == ["Quá hạn 1 · Hôm nay 0 · Sắp đến hạn 1 · Chờ bổ sung 1 · Chờ trả 1"]
    assert view.codes_in(Bucket.OVERDUE) == [codes["today"]]
    section = view.tree.topLevelItem(0)
    assert section is not None and section.text(0) == "Quá hạn (1)"
    assert section.foreground(0).color().name() == "#b3261e"
    row = section.child(0)
    assert row is not None and row.text(4) == "Quá hạn 16 giờ 0 phút"

    clock.current = office_time(2025, 7, 21, 9, 0)  # next Monday: the five-day one is near
    _refreshed(qtbot, view)
    assert view.codes_in(Bucket.OVERDUE) == [codes["today"], codes["soon"]]
    assert codes["later"] in view.codes_in(Bucket.DUE_SOON)
    if PNG_FOLDER:
        view.grab().save(str(PNG_FOLDER / "work_list_monday.png"))


def test_a_picked_dossier_is_opened(
    qtbot: QtBot, workspace: Workspace, actor: Actor, codes: dict[str, str]
) -> None:
    view = _view(qtbot, workspace, actor)
    _refreshed(qtbot, view)
    assert view.select_code(codes["soon"])
    with qtbot.waitSignal(view.open_dossier) as signal:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert signal.args == [codes["soon"]]
    assert view.select_code(codes["ready"])
    item = view.tree.currentItem()
    assert item is not None
    point = view.tree.visualItemRect(item).center()
    # A real double-click: the press and release of the first click, then the double one.
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    with qtbot.waitSignal(view.open_dossier) as signal:
        qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert signal.args == [codes["ready"]]


def test_the_apology_is_made_from_the_work_list(
    qtbot: QtBot, workspace: Workspace, actor: Actor, codes: dict[str, str]
) -> None:
    view = _view(qtbot, workspace, actor)
    _refreshed(qtbot, view)
    assert view.select_code(codes["soon"])  # due Thursday: about to be late only on Wednesday
    assert not view.apology_button.isEnabled()
    assert view.select_code(codes["today"])  # due at 17:00 today
    assert view.apology_button.isEnabled()
    dialog = view.propose_apology()
    assert isinstance(dialog, WorkListApologyDialog)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    # A same-day dossier gets one more working day: Wednesday 16/07.
    assert dialog.date_edit.date().toString("dd/MM/yyyy") == "16/07/2025"
    assert dialog.reason_edit.toPlainText() == ""
    assert dialog.self_approves  # the administrator approves their own extension
    if PNG_FOLDER:
        dialog.grab().save(str(PNG_FOLDER / "apology_dialog.png"))

    dialog.make()  # no reason: refused plainly, nothing recorded
    qtbot.waitUntil(lambda: bool(open_message_boxes(dialog)))
    assert "lý do" in open_message_boxes(dialog)[0].text()
    open_message_boxes(dialog)[0].close()
    assert get_dossier(workspace, actor, codes["today"]).due_at.hour == 10  # 17:00 local

    dialog.reason_edit.setPlainText("Chờ xác minh thông tin của cơ quan công an")
    with qtbot.waitSignal(view.apology_made, timeout=10_000) as made:
        dialog.make_button.click()
    result = made.args[0]
    assert result.extensions == 1
    assert result.transition.reason == "Chờ xác minh thông tin của cơ quan công an"
    record = get_dossier(workspace, actor, codes["today"])
    assert record.state is DossierState.RECEIVED
    assert record.due_at.astimezone(office_time(2025, 7, 16).tzinfo) == office_time(
        2025, 7, 16, 17, 0
    )
    qtbot.waitUntil(lambda: codes["today"] in view.codes_in(Bucket.DUE_SOON))
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_an_officer_needs_a_supervisor_to_approve(
    qtbot: QtBot, workspace: Workspace, actor: Actor, codes: dict[str, str]
) -> None:
    from dataclasses import replace

    from desk_app.services.auth import login

    add_officer(workspace, actor, "canbo", Role.OFFICER, "Vũ Thị Mai", "mat-khau-can-bo")
    add_officer(workspace, actor, "lanhdao", Role.SUPERVISOR, "Hoàng Văn Nam", "mat-khau-lanh-dao")
    clerk = replace(actor, officer=login(workspace, "canbo", "mat-khau-can-bo"))
    view = _view(qtbot, workspace, clerk)
    _refreshed(qtbot, view)
    assert view.select_code(codes["today"])
    dialog = view.propose_apology()
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert not dialog.self_approves and dialog.username_edit.isVisibleTo(dialog)
    if PNG_FOLDER:
        dialog.grab().save(str(PNG_FOLDER / "apology_dialog_officer.png"))
    dialog.reason_edit.setPlainText("Chờ ý kiến của cơ quan cấp trên")
    dialog.username_edit.setText("lanhdao")
    dialog.password_edit.setText("mat-khau-lanh-dao")
    with qtbot.waitSignal(dialog.made, timeout=20_000) as made:
        dialog.make_button.click()
    assert made.args[0].transition.approved_by == "Hoàng Văn Nam"
    QApplication.processEvents()


def test_the_window_opens_on_the_work_list_when_something_is_due_today(
    qtbot: QtBot, workspace: Workspace, actor: Actor, codes: dict[str, str]
) -> None:
    from desk_app.gui.app import build_main_window
    from desk_app.gui.operations import running_operations
    from tests.gui.conftest import show_active

    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    view = window.work_list
    assert isinstance(view, WorkListView)
    tabs = window.ui.views_tab_widget
    qtbot.waitUntil(lambda: tabs.currentWidget().isAncestorOf(view), timeout=10_000)
    assert view.needs_attention() and codes["today"] in view.codes_in(Bucket.DUE_TODAY)
    assert "Hôm nay 1" in window.work_list_label.text()
    qtbot.waitUntil(lambda: running_operations() == 0)
