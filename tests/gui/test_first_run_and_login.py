"""First start: the set-up dialog creates the office (or the demo one); then the login."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.core.errors import DeskError
from desk_app.core.rules import CountingMethod
from desk_app.gui.first_run import FirstRunDialog
from desk_app.gui.login import LoginDialog
from desk_app.gui.qt import Qt
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import search_dossiers
from desk_app.services.recovery import ALPHABET, recover_admin
from desk_app.services.workstation import is_initialised, open_workstation, station_of
from tests.factories import ADMIN_PASSWORD
from tests.gui.conftest import (
    KEY_STARTS_AN_OPERATION,
    focused,
    open_message_boxes,
    show_active,
    type_into,
)

BACKGROUND_MS = 15_000  # argon2 and the first migration run off the UI thread
CODE = re.compile(rf"[{ALPHABET}]{{5}}(?:-[{ALPHABET}]{{5}}){{3}}")


def close_recovery_code(qtbot: QtBot, dialog: FirstRunDialog) -> str:
    """Once the office exists its recovery code is shown; closing that accepts the dialog."""
    qtbot.waitUntil(lambda: dialog.recovery_box is not None, timeout=BACKGROUND_MS)
    assert dialog.recovery_box is not None and not dialog.result()
    text = dialog.recovery_box.text()
    assert "Hãy chép mã này ra giấy và cất vào nơi có khóa" in text
    found = CODE.search(text)
    assert found is not None
    with qtbot.waitSignal(dialog.accepted, timeout=BACKGROUND_MS):
        dialog.recovery_box.buttons()[0].click()  # its one button, "Đóng"
    return found[0]


@KEY_STARTS_AN_OPERATION
def test_the_first_run_dialog_creates_an_office_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    answers = {
        "office_name_edit": "UBND phường Kim Liên",
        "reception_unit_edit": None,  # left empty: the centre's name, as its placeholder says
        "agency_id_edit": "000.00.19.H26",
        "place_edit": "Hà Nội",
        "workstation_spin": "2",
        "counting_method_combo": None,  # the default: working hours from receipt
        "admin_username_edit": "hoa",
        "admin_full_name_edit": "Lê Thị Hoa",
        "admin_password_edit": "mat-khau-moi",
        "admin_password_again_edit": "mat-khau-moi",
    }
    for name, text in answers.items():
        assert focused() is getattr(dialog.ui, name)
        if text is not None:
            if name == "workstation_spin":
                qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_into(qtbot, focused(), text)
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is dialog.ui.create_button
    unit_hint = "Để trống: Trung tâm Phục vụ hành chính công phường Kim Liên"
    assert dialog.ui.reception_unit_edit.placeholderText() == unit_hint

    qtbot.keyClick(focused(), Qt.Key.Key_Space)
    code = close_recovery_code(qtbot, dialog)

    assert is_initialised(home) and not dialog.demo
    workspace = open_workstation(home)
    try:
        # The code shown is the one kept: it sets the administrator's password.
        recover_admin(workspace, "hoa", code, "mat-khau-khac-1", sleep=lambda _s: None)
        station = station_of(workspace)
        assert station.office.name == "UBND phường Kim Liên"
        unit = station.office.current.reception_unit
        assert unit == "Trung tâm Phục vụ hành chính công phường Kim Liên"
        assert station.workstation.number == 2
        rules = workspace.rules(station.office.id)
        assert rules.counting_method == CountingMethod.WORKING_HOURS
    finally:
        workspace.close()


def fill_the_office(dialog: FirstRunDialog, full_name: str) -> None:
    ui = dialog.ui
    ui.office_name_edit.setText("UBND xã Yên Thường")
    ui.agency_id_edit.setText("000.00.19.H26")
    ui.place_edit.setText("Hà Nội")
    ui.admin_username_edit.setText("hoa")
    ui.admin_full_name_edit.setText(full_name)
    ui.admin_password_edit.setText("mat-khau-moi")
    ui.admin_password_again_edit.setText("mat-khau-moi")


def test_the_civil_code_count_and_a_unit_name_typed_in_are_what_the_office_gets(
    qtbot: QtBot, tmp_path: Path
) -> None:
    home = tmp_path / "new-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    fill_the_office(dialog, "Lê Thị Hoa")
    combo = dialog.ui.counting_method_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Cộng giờ làm việc từ lúc nhận (mặc định)",
        "Theo Bộ luật Dân sự: tính từ ngày hôm sau, hết ngày cuối cùng",
    ]
    assert combo.currentIndex() == 0
    combo.setCurrentIndex(1)
    dialog.ui.reception_unit_edit.setText("Bộ phận một cửa xã Yên Thường")
    dialog.ui.create_button.click()
    close_recovery_code(qtbot, dialog)

    workspace = open_workstation(home)
    try:
        station = station_of(workspace)
        assert station.office.current.reception_unit == "Bộ phận một cửa xã Yên Thường"
        rules = workspace.rules(station.office.id)
        assert rules.counting_method == CountingMethod.CIVIL_CODE
    finally:
        workspace.close()


def test_an_administrator_without_a_full_name_is_refused_and_asked_for_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    home = tmp_path / "new-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    fill_the_office(dialog, "hoa")  # the login name is no name to sign a receipt with
    dialog.ui.create_button.click()
    qtbot.waitUntil(lambda: bool(open_message_boxes(dialog)), timeout=BACKGROUND_MS)
    box = open_message_boxes(dialog)[0]
    assert box.text().startswith("Hãy nhập họ và tên đầy đủ của cán bộ (khác tên đăng nhập)")
    box.close()
    assert not is_initialised(home)
    assert dialog.focusWidget() is dialog.ui.admin_full_name_edit  # where the answer goes


def test_mismatched_passwords_create_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    dialog.ui.admin_password_edit.setText("mat-khau-moi")
    dialog.ui.admin_password_again_edit.setText("mat-khau-khac")
    dialog.ui.create_button.click()
    assert open_message_boxes(dialog)[0].text() == "Hai lần nhập mật khẩu không khớp."
    assert not is_initialised(home)


def test_a_refused_set_up_says_why_in_vietnamese(qtbot: QtBot, tmp_path: Path) -> None:
    home = tmp_path / "new-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    dialog.ui.office_name_edit.setText("UBND phường Kim Liên")
    dialog.ui.agency_id_edit.setText("H26")
    dialog.ui.place_edit.setText("Hà Nội")
    dialog.ui.admin_username_edit.setText("hoa")
    dialog.ui.create_button.click()
    qtbot.waitUntil(lambda: bool(open_message_boxes(dialog)), timeout=BACKGROUND_MS)
    assert open_message_boxes(dialog)[0].text().startswith("Mã định danh cơ quan “H26”")
    assert dialog.ui.create_button.isEnabled()
    assert not is_initialised(home)


def test_the_demo_office_opens_with_its_account_ready_to_log_in(
    qtbot: QtBot, tmp_path: Path
) -> None:
    home = tmp_path / "demo-home"
    dialog = FirstRunDialog(home, "vi")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.accepted, timeout=BACKGROUND_MS):
        dialog.ui.demo_button.click()
    assert dialog.demo and dialog.setup is not None

    workspace = open_workstation(home)
    try:
        login = LoginDialog("vi", dialog.setup)
        qtbot.addWidget(login)
        login.use_workspace(workspace)
        assert dialog.setup.admin_password in login.ui.demo_hint_label.text()
        with qtbot.waitSignal(login.accepted, timeout=BACKGROUND_MS):
            login.ui.login_button.click()
        assert login.officer is not None and login.officer.username == "demo"
        actor = Actor.at_station(station_of(workspace), login.officer)
        assert search_dossiers(workspace, actor, "Nguyễn Văn An")  # the sample dossiers are there
    finally:
        workspace.close()


@KEY_STARTS_AN_OPERATION
def test_a_wrong_password_is_refused_in_place(qtbot: QtBot, workspace: Workspace) -> None:
    login = LoginDialog()
    qtbot.addWidget(login)
    login.use_workspace(workspace)
    show_active(qtbot, login)
    type_into(qtbot, focused(), "quantri")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into(qtbot, focused(), "sai-mat-khau")
    with qtbot.waitSignal(login.failed, timeout=BACKGROUND_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert login.ui.error_label.text() == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert login.ui.password_edit.text() == "" and login.officer is None
    assert login.isVisible()

    type_into(qtbot, login.ui.password_edit, ADMIN_PASSWORD)
    with qtbot.waitSignal(login.accepted, timeout=BACKGROUND_MS):
        qtbot.keyClick(login.ui.password_edit, Qt.Key.Key_Return)
    assert login.officer is not None and login.officer.full_name == "Phạm Thị Hồng"


@KEY_STARTS_AN_OPERATION
def test_a_locked_account_is_told_so_in_plain_words(qtbot: QtBot, workspace: Workspace) -> None:
    """After ten wrong passwords even the right one is refused, with the lock's own sentence."""
    from desk_app.services.auth import LOCK_AFTER, login

    for _ in range(LOCK_AFTER):
        with pytest.raises(DeskError):
            login(workspace, "quantri", "sai-mat-khau-roi", sleep=lambda _seconds: None)
    dialog = LoginDialog()
    qtbot.addWidget(dialog)
    dialog.use_workspace(workspace)
    show_active(qtbot, dialog)
    type_into(qtbot, focused(), "quantri")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into(qtbot, focused(), ADMIN_PASSWORD)
    with qtbot.waitSignal(dialog.failed, timeout=BACKGROUND_MS):
        qtbot.keyClick(focused(), Qt.Key.Key_Return)
    shown = dialog.ui.error_label.text()
    assert shown.startswith("Tài khoản đang bị khóa vì nhập sai mật khẩu nhiều lần")
    assert "09:20 15/07/2025" in shown and "lãnh đạo bộ phận mở khóa" in shown
    assert dialog.officer is None and dialog.isVisible()
