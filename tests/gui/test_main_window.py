"""The counter window around the intake screen: its title, quitting with a half-filled form,
the language menu, its size on a small screen, and the keys its menus take."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.gui import translation
from desk_app.gui.app import build_main_window
from desk_app.gui.main_window import MainWindow, first_start_size
from desk_app.gui.qt import (
    QApplication,
    QLabel,
    QMessageBox,
    QSize,
    QTranslator,
    QWidget,
)
from desk_app.services.context import Actor, Workspace
from tests.gui.conftest import open_message_boxes, pick_birth_registration, show_active

TITLE = "UBND phường Thanh Xuân Trung · Quầy 1 · Phạm Thị Hồng"
UNSAVED = "Hồ sơ đang nhập chưa được lưu. Thoát và bỏ những gì đã nhập?"


def the_question(window: QWidget) -> QMessageBox:
    boxes = open_message_boxes(window)
    assert len(boxes) == 1
    return boxes[0]


def test_the_title_names_the_counter_and_leaves_the_apps_name_to_the_platform(
    qapp: QApplication, counter: MainWindow, restore_language: None
) -> None:
    # Qt appends the display name to every title bar ("... — Bộ phận một cửa"): once.
    translation.name_application(qapp)  # as `prepare_application` does
    assert qapp.applicationDisplayName() == "Bộ phận một cửa"
    assert counter.windowTitle() == TITLE
    assert "Bộ phận một cửa" not in counter.windowTitle()


def test_quitting_with_a_half_filled_form_asks_first(qtbot: QtBot, counter: MainWindow) -> None:
    counter.intake.ui.applicant_name_edit.setText("Trần Văn Bình")
    counter.ui.quit_action.trigger()
    box = the_question(counter)
    assert box.text() == UNSAVED
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)  # Enter stays
    assert box.button(QMessageBox.StandardButton.Yes).text() == "Thoát"
    assert box.button(QMessageBox.StandardButton.No).text() == "Ở lại"
    box.button(QMessageBox.StandardButton.No).click()
    assert counter.isVisible()
    assert counter.intake.ui.applicant_name_edit.text() == "Trần Văn Bình"  # nothing lost
    qtbot.waitUntil(lambda: counter.findChildren(QMessageBox) == [])  # the answered box goes

    assert not counter.close()  # the window's close button asks the same, again
    the_question(counter).button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: not counter.isVisible())


def test_an_empty_form_quits_without_a_question(counter: MainWindow) -> None:
    counter.intake.ui.procedure_search_edit.setText("khai sinh")  # a search alone stores nothing
    assert counter.close()
    assert open_message_boxes(counter) == []


def test_the_first_start_fits_a_laptop_screen_with_a_taskbar(
    qtbot: QtBot, counter: MainWindow
) -> None:
    laptop = QSize(1366, 768 - 40)  # the free area left by a 40-pixel taskbar
    minimum = counter.minimumSizeHint()
    size = first_start_size(QSize(1240, 760), minimum, laptop)
    assert size.width() <= 1366 - 16 and size.height() <= 728 - 40  # the frame fits too
    assert minimum.width() <= size.width() and minimum.height() <= size.height()
    wide = first_start_size(QSize(1240, 760), minimum, QSize(1920, 1040))
    assert wide == QSize(1240, 760).expandedTo(minimum)  # a big screen: as designed

    counter.resize(size)
    pick_birth_registration(qtbot, counter)
    components = counter.intake.ui.components_list
    qtbot.waitUntil(lambda: components.viewport().height() > 0)
    rows = components.viewport().height() // components.sizeHintForRow(0)
    assert rows >= 7  # the component list still shows a whole birth registration


def mnemonics(texts: list[str]) -> list[str]:
    return [found.lower() for text in texts for found in re.findall(r"&([^&\s])", text)]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_menus_keys_are_taken_by_nothing_on_the_intake_screen(
    qtbot: QtBot, request: pytest.FixtureRequest, workspace: Workspace, actor: Actor, language: str
) -> None:
    if language == "en":
        request.getfixturevalue("english")
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    menus = mnemonics([menu.title() for menu in (window.ui.file_menu, window.ui.help_menu)])
    on_screen = [label.text() for label in window.intake.findChildren(QLabel)]
    on_screen += [
        getattr(window.intake.ui, name).text()
        for name in dir(window.intake.ui)
        if name.endswith("_button")
    ]
    assert len(set(menus)) == len(menus)
    assert set(menus).isdisjoint(mnemonics(on_screen))  # Alt+T is not taken twice


@pytest.fixture
def restore_language(qapp: QApplication, vietnamese: list[QTranslator]) -> Iterator[None]:
    """Vietnamese again after a test that switches the language from the menu."""
    name = qapp.applicationDisplayName()
    yield
    translation.remove_translators(qapp, translation.installed_translators())
    vietnamese[:] = translation.install_translators(qapp, "vi")
    qapp.setApplicationDisplayName(name)


def settings_language(workspace: Workspace) -> object:
    assert workspace.home is not None
    return tomllib.loads((workspace.home / "settings.toml").read_text(encoding="utf-8")).get(
        "language"
    )


def test_the_language_menu_switches_now_and_for_the_next_start(
    qtbot: QtBot,
    qapp: QApplication,
    counter: MainWindow,
    restore_language: None,
    workspace: Workspace,
) -> None:
    assert workspace.home is not None
    (workspace.home / "settings.toml").write_text(
        '# set up by the district\npaper_size = "A4"\n', encoding="utf-8"
    )
    ui = counter.ui
    assert ui.language_menu.title() == "&Ngôn ngữ / Language"  # findable in either language
    assert ui.vietnamese_action.isChecked() and not ui.english_action.isChecked()

    ui.english_action.trigger()

    assert settings_language(workspace) == "en"
    text = (workspace.home / "settings.toml").read_text(encoding="utf-8")
    assert text.endswith('# set up by the district\npaper_size = "A4"\n')  # kept as written
    assert workspace.settings.language == "en"
    assert ui.file_menu.title() == "&File" and ui.help_menu.title() == "&Help"
    assert ui.views_tab_widget.tabText(0) == "Intake (Ctrl+1)"
    assert counter.intake.ui.save_print_button.text() == "Save and print receipt (F12)"
    assert counter.today.ui.today_table.horizontalHeaderItem(0).text() == "Dossier code"
    qtbot.waitUntil(lambda: ui.views_tab_widget.tabText(1) == "Today: 0 dossiers (Ctrl+2)")
    assert qapp.applicationDisplayName() == "One-stop desk"
    assert ui.status_bar.currentMessage() == "The interface is now in English."
    assert ui.english_action.isChecked() and not ui.vietnamese_action.isChecked()
    assert counter.windowTitle() == TITLE  # names only, in any language
    qtbot.wait(10)  # the LanguageChange event Qt posted changes nothing more
    assert ui.file_menu.title() == "&File"

    ui.vietnamese_action.trigger()
    assert settings_language(workspace) == "vi"
    assert ui.file_menu.title() == "&Tệp"
    assert counter.intake.ui.save_print_button.text() == "Lưu và in biên nhận (F12)"
    assert qapp.applicationDisplayName() == "Bộ phận một cửa"
    assert ui.status_bar.currentMessage() == "Giao diện đã chuyển sang tiếng Việt."


def test_switching_the_language_with_a_half_filled_form_asks_first(
    qtbot: QtBot, counter: MainWindow, restore_language: None, workspace: Workspace
) -> None:
    counter.intake.ui.applicant_name_edit.setText("Trần Văn Bình")
    counter.ui.english_action.trigger()
    box = the_question(counter)
    assert box.text().startswith("Hồ sơ đang nhập chưa được lưu. Đổi ngôn ngữ sẽ xóa")
    box.button(QMessageBox.StandardButton.No).click()
    assert workspace.settings.language == "vi"
    assert counter.ui.vietnamese_action.isChecked() and not counter.ui.english_action.isChecked()
    assert counter.intake.ui.applicant_name_edit.text() == "Trần Văn Bình"

    counter.ui.english_action.trigger()
    the_question(counter).button(QMessageBox.StandardButton.Yes).click()
    assert workspace.settings.language == "en"
    assert counter.ui.file_menu.title() == "&File"
    assert counter.intake.ui.applicant_name_edit.text() == ""  # as the question said


def test_a_settings_file_that_cannot_be_written_still_switches_until_the_next_start(
    qtbot: QtBot, counter: MainWindow, restore_language: None, workspace: Workspace
) -> None:
    assert workspace.home is not None
    settings = workspace.home / "settings.toml"
    settings.mkdir()  # a folder where the file should be: it can be neither read nor replaced
    counter.ui.english_action.trigger()
    assert counter.ui.file_menu.title() == "&File"
    box = the_question(counter)
    assert box.text().startswith("The language could not be saved in the settings file (")
    assert settings.is_dir()
    box.close()
    show_active(qtbot, counter)


def test_the_shortcuts_list_is_a_plain_message(counter: MainWindow, tmp_path: Path) -> None:
    counter.ui.shortcuts_action.trigger()
    box = the_question(counter)
    assert "F12: lưu và in biên nhận" in box.text()
    box.close()
