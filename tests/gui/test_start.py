"""Start-up: the login is the first window, the workstation opens behind it, and what goes
wrong on the way (a broken settings file, a bug, a hard crash) ends in plain words."""

from __future__ import annotations

import logging
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.config import SettingsError
from desk_app.gui.app import CounterStart, build_main_window, start_counter
from desk_app.gui.crash import CrashReporter
from desk_app.gui.login import LoginDialog
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QApplication, QLineEdit, Qt, QTimer, QWidget
from desk_app.gui.translation import language_hint
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.workstation import station_of
from tests.factories import ADMIN_PASSWORD
from tests.gui.conftest import focused, open_message_boxes, show_active, type_into

ROOT = Path(__file__).resolve().parents[2]
BACKGROUND_MS = 15_000
UNEXPECTED = "Đã xảy ra lỗi ngoài dự kiến; thao tác chưa hoàn tất."
HEAVY = ("sqlalchemy", "alembic", "pydantic", "pydantic_settings", "reportlab", "argon2")


@pytest.fixture
def home(office_template: Path, tmp_path: Path) -> Path:
    """A set-up workstation in the data folder the settings are read from (DESK_APP_HOME)."""
    folder = tmp_path / "home"
    shutil.copytree(office_template, folder)
    return folder


def test_the_first_window_needs_no_database_library() -> None:
    probe = (
        "import sys, desk_app.gui.app, desk_app.gui.login\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in sys.argv[1:]"
        " or m.startswith(('desk_app.services', 'desk_app.store', 'desk_app.config'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *HEAVY],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert result.stdout.strip() == "[]"


def test_the_login_is_usable_before_the_workstation_is_open_and_enter_waits_for_it(
    qtbot: QtBot, home: Path
) -> None:
    gate = threading.Event()
    start = CounterStart(home)

    def slow_open() -> Workspace:
        gate.wait(BACKGROUND_MS / 1000)  # a migration, a cold disk
        return start.open()

    login = LoginDialog("vi")
    qtbot.addWidget(login)
    show_active(qtbot, login)
    assert login.ui.office_label.text() == "Đang mở dữ liệu của máy trạm…"
    login.open_workspace(slow_open)
    type_into(qtbot, focused(), "quantri")
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    type_into(qtbot, focused(), ADMIN_PASSWORD)
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    assert "sẽ đăng nhập ngay khi xong" in login.ui.office_label.text()
    assert login.isVisible() and login.officer is None

    with qtbot.waitSignal(login.accepted, timeout=BACKGROUND_MS):
        gate.set()

    assert login.officer is not None and login.officer.username == "quantri"
    assert login.ui.office_label.text() == "UBND phường Thanh Xuân Trung · Quầy 1"
    assert start.index is not None and start.index.search("khai sinh")  # loaded meanwhile
    assert login.workspace is not None
    login.workspace.close()


def test_a_broken_settings_file_at_start_is_a_dialog_not_a_traceback(
    qtbot: QtBot, home: Path
) -> None:
    (home / "settings.toml").write_text("language = [chưa đóng ngoặc\n", encoding="utf-8")
    language = language_hint(home)
    assert language == "vi"
    login = LoginDialog(language)
    qtbot.addWidget(login)
    show_active(qtbot, login)
    login.open_workspace(CounterStart(home).open)

    qtbot.waitUntil(lambda: bool(open_message_boxes(login)), timeout=BACKGROUND_MS)
    box = open_message_boxes(login)[0]
    assert box.text().startswith(f"Tệp cài đặt {home / 'settings.toml'} có lỗi, hãy sửa")
    assert "Traceback" not in box.text()
    assert not login.ui.login_button.isEnabled()
    assert isinstance(login.open_error, SettingsError)
    with qtbot.waitSignal(login.rejected):
        box.close()  # run_gui then ends with status 1


def test_the_language_of_the_first_window_is_read_like_the_settings(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert language_hint(home) == "vi"
    (home / "settings.toml").write_text('language = "en"\n', encoding="utf-8")
    assert language_hint(home) == "en"
    monkeypatch.setenv("DESK_APP_LANGUAGE", "vi")  # the environment wins, as in Settings
    assert language_hint(home) == "vi"


def test_what_opening_changed_is_told_once_after_login(
    qtbot: QtBot, home: Path, officer: OfficerInfo
) -> None:
    (home / "settings.toml").write_text('same_day_cutoff = "14:00"\n', encoding="utf-8")
    workspace = CounterStart(home).open()
    try:
        window = build_main_window(workspace, Actor.at_station(station_of(workspace), officer))
        qtbot.addWidget(window)
        show_active(qtbot, window)
        start_counter(window)
        boxes = open_message_boxes(window)
        assert len(boxes) == 1
        # Office rules in the settings file of a current database are not applied: said once.
        assert boxes[0].text().startswith("Tệp settings.toml có ghi giờ làm việc")
        assert workspace.notices == []
        boxes[0].close()
        start_counter(window)
        assert open_message_boxes(window) == []  # once only
        qtbot.waitUntil(lambda: running_operations() == 0)  # the database check, the fonts
    finally:
        workspace.close()


def test_notices_with_values_and_the_missing_printer_are_told_in_plain_words_once(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    from desk_app.config import SettingsError
    from desk_app.gui.qt import QPrinterInfo
    from desk_app.services.errors import LoginFailed

    # Notices carrying values, as a calendar year without an official table would: a message
    # with its fields, an error; and a plain msgid.
    workspace.notices.append(SettingsError(file="settings.toml", detail="dòng 3").message)
    workspace.notices.append(SettingsError(file="khac.toml", detail="dòng 1"))
    workspace.notices.append(LoginFailed.msgid)
    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    start_counter(window)
    boxes = open_message_boxes(window)
    assert len(boxes) == 1
    paragraphs = boxes[0].text().split("\n\n")
    assert paragraphs[:3] == [
        "Tệp cài đặt settings.toml có lỗi, hãy sửa hoặc xóa nó: dòng 3",
        "Tệp cài đặt khac.toml có lỗi, hãy sửa hoặc xóa nó: dòng 1",
        "Tên đăng nhập hoặc mật khẩu không đúng.",
    ]
    if not QPrinterInfo.availablePrinters():
        assert paragraphs[3].startswith("Máy tính này chưa cài máy in nào")
    assert "{" not in boxes[0].text() and "Message(" not in boxes[0].text()
    boxes[0].close()
    start_counter(window)
    assert open_message_boxes(window) == []  # each told once
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_an_uncaught_exception_is_logged_with_its_traceback_and_shown_plainly(
    qtbot: QtBot,
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    window = QWidget()
    QLineEdit(window)  # something to hold the focus
    qtbot.addWidget(window)
    show_active(qtbot, window)
    reporter = CrashReporter(qapp)
    monkeypatch.setattr(sys, "excepthook", reporter.excepthook)  # restored after the test
    monkeypatch.setattr(threading, "excepthook", reporter.thread_excepthook)

    def broken_slot() -> None:
        raise ZeroDivisionError("a bug in a slot")

    with caplog.at_level(logging.CRITICAL):
        QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(open_message_boxes(window)))
    box = open_message_boxes(window)[0]
    assert box.text().startswith(UNEXPECTED) and "ZeroDivisionError" not in box.text()
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)
    box.close()
    show_active(qtbot, window)

    def broken_thread() -> None:
        raise KeyError("a bug in a thread")

    with caplog.at_level(logging.CRITICAL):
        thread = threading.Thread(target=broken_thread, name="sync")
        thread.start()
        thread.join()
        qtbot.waitUntil(lambda: bool(open_message_boxes(window)))
    assert open_message_boxes(window)[0].text().startswith(UNEXPECTED)
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    open_message_boxes(window)[0].close()


def test_a_hard_crash_leaves_every_threads_stack_in_the_log_folder(tmp_path: Path) -> None:
    crashing = (
        "import faulthandler\n"
        "from desk_app.gui.qt import QApplication\n"
        "from desk_app.gui.crash import install_crash_hooks\n"
        "app = QApplication([])\n"
        "install_crash_hooks(app)\n"
        "faulthandler._sigsegv()\n"
    )
    home = tmp_path / "crash-home"
    env = {
        "PATH": "/usr/bin:/bin",
        "DESK_APP_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    result = subprocess.run(
        [sys.executable, "-c", crashing], capture_output=True, env=env, check=False, cwd=ROOT
    )
    assert result.returncode != 0
    crash_log = (home / "logs" / "crash.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in crash_log
    assert "Current thread" in crash_log


DRIVER = """
import sys
from desk_app.gui import app as app_module
from desk_app.gui.qt import QApplication, QMessageBox, QTimer

def drive() -> None:
    for widget in QApplication.topLevelWidgets():
        if not widget.isVisible():
            continue
        for box in widget.findChildren(QMessageBox):
            if box.isVisible():
                print("BOX:", box.text().replace("\\n", " "), flush=True)
                box.close()
                return
        kind = type(widget).__name__
        if kind == "LoginDialog" and widget.workspace is not None and widget.officer is None:
            if widget.ui.login_button.isEnabled() and widget.ui.password_edit.isEnabled():
                widget.ui.username_edit.setText("quantri")
                widget.ui.password_edit.setText(sys.argv[1])
                widget.ui.login_button.click()
        if kind == "MainWindow" and widget.today.records and not widget.findChildren(QMessageBox):
            print("WINDOW:", widget.windowTitle(), flush=True)
            widget.close()

class DrivenApp(QApplication):
    def __init__(self, argv: list[str]) -> None:
        super().__init__(argv)
        self.driver = QTimer(self)
        self.driver.timeout.connect(drive)
        self.driver.start(50)

app_module.QApplication = DrivenApp
sys.exit(app_module.run_gui(["desk-app"]))
"""


def run_the_app(home: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "DESK_APP_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    return subprocess.run(
        [sys.executable, "-c", DRIVER, ADMIN_PASSWORD],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
        cwd=ROOT,
    )


def test_the_app_logs_in_tells_what_changed_and_opens_the_counter(
    home: Path, officer: OfficerInfo
) -> None:
    from desk_app.services.intake import take_in
    from desk_app.services.workstation import open_workstation
    from tests.factories import intake_request

    workspace = open_workstation(home)
    try:
        actor = Actor.at_station(station_of(workspace), officer)
        take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    finally:
        workspace.close()
    (home / "settings.toml").write_text('same_day_cutoff = "14:00"\n', encoding="utf-8")

    result = run_the_app(home)

    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("BOX: Tệp settings.toml có ghi giờ làm việc")  # once
    # The platform adds " — Bộ phận một cửa" to the title bar; the title names whose counter.
    assert lines[1] == "WINDOW: UBND phường Thanh Xuân Trung · Quầy 1 · Phạm Thị Hồng"
    assert "Traceback" not in result.stderr


def test_the_app_with_a_broken_settings_file_says_so_and_stops(home: Path) -> None:
    (home / "settings.toml").write_text("language = [\n", encoding="utf-8")

    result = run_the_app(home)

    assert result.returncode == 1
    assert result.stdout.startswith(f"BOX: Tệp cài đặt {home / 'settings.toml'} có lỗi")
    assert "Traceback" not in result.stderr
