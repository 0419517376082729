"""English mode: every window speaks English when the workstation's language is "en"."""

from __future__ import annotations

import unicodedata

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox
from pytestqt.qtbot import QtBot

from desk_app.gui.app import build_main_window, prepare_application
from desk_app.gui.first_run import FirstRunDialog
from desk_app.gui.login import LoginDialog
from desk_app.gui.qt import QApplication, QLabel, QLineEdit, QTranslator, QWidget
from desk_app.gui.receipt_output import ReceiptOutput
from desk_app.gui.state import GuiState
from desk_app.gui.translation import install_translators, remove_translators
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from tests.factories import intake_request
from tests.gui.conftest import open_message_boxes, pick_birth_registration, show_active


def test_english_mode_shows_english_labels(
    qtbot: QtBot, english: None, workspace: Workspace, actor: Actor, tmp_path: object
) -> None:
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)  # today's list is read once the window is on screen
    intake = window.intake.ui
    assert window.ui.views_tab_widget.tabText(0) == "Intake (Ctrl+1)"
    qtbot.waitUntil(lambda: window.today.ui.count_label.text() == "0 dossiers received today.")
    assert window.ui.views_tab_widget.tabText(1) == "Today: 0 dossiers (Ctrl+2)"
    assert intake.applicant_group.title() == "Applicant"
    assert intake.applicant_name_label.text() == "Full &name:"
    assert intake.save_print_button.text() == "Save and print receipt (F12)"
    assert intake.channel_combo.itemText(0) == "In person at the one-stop desk"
    assert window.today.ui.today_table.horizontalHeaderItem(0).text() == "Dossier code"

    login = LoginDialog("en")
    qtbot.addWidget(login)
    login.use_workspace(workspace)
    assert login.windowTitle() == "Log in" and login.ui.password_label.text() == "&Password:"

    first_run = FirstRunDialog(workspace.home / "unused", "en")
    qtbot.addWidget(first_run)
    assert first_run.ui.demo_button.text() == "&Try with a demo office"


def test_vietnamese_is_the_default(qtbot: QtBot, workspace: Workspace, actor: Actor) -> None:
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    assert window.intake.ui.save_print_button.text() == "Lưu và in biên nhận (F12)"
    qtbot.waitUntil(lambda: window.ui.views_tab_widget.tabText(1) == "Hồ sơ hôm nay: 0 (Ctrl+2)")


BIRTH = "1.001193"


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        (
            "en",
            [
                ("Today: 1 dossier (Ctrl+2)", "1 dossier received today."),
                ("Today: 2 dossiers (Ctrl+2)", "2 dossiers received today."),
            ],
        ),
        (
            "vi",
            [
                ("Hồ sơ hôm nay: 1 (Ctrl+2)", "1 hồ sơ đã tiếp nhận hôm nay."),
                ("Hồ sơ hôm nay: 2 (Ctrl+2)", "2 hồ sơ đã tiếp nhận hôm nay."),
            ],
        ),
    ],
)
def test_todays_count_is_a_real_plural_and_follows_the_change_bus(
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    actor: Actor,
    language: str,
    shown: list[tuple[str, str]],
) -> None:
    if language == "en":
        request.getfixturevalue("english")
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    for number, (tab, label) in enumerate(shown, start=1):
        record = take_in(workspace, actor, intake_request(BIRTH, f"Nguyễn Văn {number}"))
        window.bus.dossier_saved.emit(record)  # what the intake screen says after a save
        qtbot.waitUntil(lambda label=label: window.today.ui.count_label.text() == label)
        assert window.ui.views_tab_widget.tabText(1) == tab


def test_english_mode_names_the_application_in_english(
    qapp: QApplication, vietnamese: list[QTranslator]
) -> None:
    name, display_name = qapp.applicationName(), qapp.applicationDisplayName()
    remove_translators(qapp, vietnamese)
    translators = prepare_application(qapp, "en")  # as run_gui does for an English workstation
    try:
        assert qapp.applicationDisplayName() == "One-stop desk"  # in every window's title bar
    finally:
        remove_translators(qapp, translators)
        vietnamese[:] = install_translators(qapp, "vi")
        qapp.setApplicationName(name)
        qapp.setApplicationDisplayName(display_name)


@pytest.mark.parametrize(
    ("language", "required", "optional", "due"),
    [
        (
            "en",
            "1. Tờ khai đăng ký khai sinh theo mẫu (1 original)",
            "3. Biên bản về việc trẻ bị bỏ rơi (1 original) (if any)",
            "17:00 on 15/07/2025",
        ),
        (
            "vi",
            "1. Tờ khai đăng ký khai sinh theo mẫu (1 bản chính)",
            "3. Biên bản về việc trẻ bị bỏ rơi (1 bản chính) (nếu có)",
            "17:00 ngày 15/07/2025",
        ),
    ],
    ids=["en", "vi"],
)
def test_components_and_due_dates_read_as_whole_sentences_in_each_language(
    qtbot: QtBot,
    request: pytest.FixtureRequest,
    workspace: Workspace,
    actor: Actor,
    language: str,
    required: str,
    optional: str,
    due: str,
) -> None:
    if language == "en":
        request.getfixturevalue("english")
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    pick_birth_registration(qtbot, window)
    components = window.intake.ui.components_list
    assert (components.item(0).text(), components.item(2).text()) == (required, optional)
    assert window.intake.ui.due_label.text() == due

    record = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    window.bus.dossier_saved.emit(record)
    table = window.today.ui.today_table
    qtbot.waitUntil(lambda: table.rowCount() == 1)
    assert table.item(0, 4).text() == due  # today's list says it as the intake screen does


def vietnamese_in(text: str) -> bool:
    """A Vietnamese letter: đ, or a letter carrying a Vietnamese diacritic."""
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(unicodedata.combining(char) for char in decomposed)


# Names the officer types or the office is called by, printed in Vietnamese on every form: an
# example or a derived name stays as written. The language menu names each language in
# itself, so it is found whichever language the window speaks.
PROPER_NAMES = (
    "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
    "UBND phường Thanh Xuân Trung",
    "UBND phường Thanh Xuân",
    "Trung tâm Phục vụ hành chính công phường/xã",
    "Hà Nội",
    "Quầy 1",
    "Phạm Thị Hồng",
    "Ngôn ngữ / Language",
    "Tiếng Việt",
)


def left_in_vietnamese(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        plain = text
        for name in PROPER_NAMES:
            plain = plain.replace(name, "")
        if vietnamese_in(plain):
            found.append(text)
    return found


def texts_of(window: QWidget) -> list[str]:
    """Every text a window shows of its own: title, labels, buttons, groups, lists, tips."""
    texts = [window.windowTitle()]
    for widget in [window, *window.findChildren(QWidget)]:
        texts.append(widget.toolTip())
        if isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
    return texts


def box_texts(window: QWidget) -> list[str]:
    """The one message open on ``window``, read and closed."""
    boxes = open_message_boxes(window)
    assert len(boxes) == 1
    texts = texts_of(boxes[0])
    boxes[0].close()
    return texts


def test_english_mode_leaves_no_vietnamese_in_the_window_the_dialogs_and_the_boxes(
    qtbot: QtBot, english: None, workspace: Workspace, actor: Actor
) -> None:
    assert workspace.home is not None
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.ui.views_tab_widget.tabText(1).startswith("Today:"))
    ui = window.ui
    texts = [ui.file_menu.title(), ui.help_menu.title(), ui.language_menu.title()]
    texts += [ui.views_tab_widget.tabText(i) for i in range(ui.views_tab_widget.count())]
    texts += [window.windowTitle(), window.identity_label.text()]
    for menu in (ui.file_menu, ui.help_menu, ui.language_menu):
        texts += [action.text() for action in menu.actions()]

    window.intake.ui.applicant_name_edit.setText("Tran Van Binh")
    assert not window.close()
    question = box_texts(window)
    assert "The dossier being entered is not saved. Quit and discard what was entered?" in question
    ui.shortcuts_action.trigger()
    texts += question + box_texts(window)
    notice = ReceiptOutput(GuiState(workspace.home), printers=lambda: []).no_printer_notice()
    assert notice is not None and notice.startswith("This computer has no printer installed")
    texts.append(notice)

    login = LoginDialog("en")
    qtbot.addWidget(login)
    login.use_workspace(workspace)
    first_run = FirstRunDialog(workspace.home / "unused", "en")
    qtbot.addWidget(first_run)
    texts += texts_of(login) + texts_of(first_run)
    first_run.ui.office_name_edit.setText("UBND phường Thanh Xuân")
    texts += texts_of(first_run)
    assert first_run.ui.counting_method_combo.itemText(1) == (
        "Civil Code: from the next day, ending at the close of the last day"
    )
    assert len([text for text in texts if text]) > 60  # the windows were read
    assert left_in_vietnamese(texts) == []
