"""English mode: every window speaks English when the workstation's language is "en"."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from desk_app.gui.app import build_main_window
from desk_app.gui.first_run import FirstRunDialog
from desk_app.gui.login import LoginDialog
from desk_app.services.auth import OfficerInfo
from desk_app.services.desk import Desk


def test_english_mode_shows_english_labels(
    qtbot: QtBot, english: None, desk: Desk, officer: OfficerInfo, tmp_path: object
) -> None:
    desk.settings = desk.settings.model_copy(update={"language": "en"})
    window = build_main_window(desk, officer)
    qtbot.addWidget(window)
    intake = window.intake.ui
    assert window.ui.views_tab_widget.tabText(0) == "Intake (Ctrl+1)"
    assert window.ui.views_tab_widget.tabText(1) == "Today's dossiers: 0 (Ctrl+2)"
    assert intake.applicant_group.title() == "Applicant"
    assert intake.applicant_name_label.text() == "Full &name:"
    assert intake.save_print_button.text() == "Save and print receipt (F12)"
    assert intake.channel_combo.itemText(0) == "In person at the one-stop desk"
    assert window.today.ui.today_table.horizontalHeaderItem(0).text() == "Dossier code"

    login = LoginDialog(desk)
    qtbot.addWidget(login)
    assert login.windowTitle() == "Log in" and login.ui.password_label.text() == "&Password:"

    first_run = FirstRunDialog(desk.home / "unused", "en")
    qtbot.addWidget(first_run)
    assert first_run.ui.demo_button.text() == "&Try with a demo office"


def test_vietnamese_is_the_default(qtbot: QtBot, desk: Desk, officer: OfficerInfo) -> None:
    window = build_main_window(desk, officer)
    qtbot.addWidget(window)
    assert window.intake.ui.save_print_button.text() == "Lưu và in biên nhận (F12)"
    assert window.ui.views_tab_widget.tabText(1) == "Hồ sơ hôm nay: 0 (Ctrl+2)"
