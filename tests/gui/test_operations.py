"""The operation helper: work off the UI thread, answers on it, never into a closed window."""

from __future__ import annotations

import logging
import threading

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from desk_app.core.errors import N_, DeskError
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import QApplication, QLineEdit, Qt, QWidget, qt_object_alive
from tests.gui.conftest import open_message_boxes, show_active

WAIT_S = 5


class Refused(DeskError):
    msgid = N_("Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy thử lại sau ít giây.")


class Form(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit(self)
        self.button = QPushButton("Lưu", self)
        self.button.move(0, 40)


def a_form(qtbot: QtBot) -> Form:
    form = Form()
    qtbot.addWidget(form)
    show_active(qtbot, form)
    form.edit.setFocus()
    return form


def test_the_answer_comes_on_the_ui_thread_and_the_form_is_busy_meanwhile(
    qtbot: QtBot,
) -> None:
    form = a_form(qtbot)
    gate = threading.Event()
    workers: list[threading.Thread] = []
    answers: list[tuple[int, threading.Thread]] = []

    def work() -> int:
        workers.append(threading.current_thread())
        gate.wait(WAIT_S)
        return 42

    operation = run_operation(form, work, lambda n: answers.append((n, threading.current_thread())))
    qtbot.waitUntil(lambda: bool(workers))
    assert not form.isEnabled() and not form.button.isEnabled()
    override = QApplication.overrideCursor()
    assert override is not None and override.shape() == Qt.CursorShape.BusyCursor
    assert workers[0] is not threading.main_thread()

    with qtbot.waitSignal(operation.settled, timeout=WAIT_S * 1000):
        gate.set()

    assert answers == [(42, threading.main_thread())]
    assert form.isEnabled() and QApplication.overrideCursor() is None
    assert QApplication.focusWidget() is form.edit  # the officer is back where they were


def test_a_refusal_is_shown_in_plain_words_by_default(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    form = a_form(qtbot)

    def refuse() -> None:
        raise Refused()

    operation = run_operation(form, refuse, lambda _none: None)
    qtbot.waitUntil(lambda: operation.done)
    boxes = open_message_boxes(form)
    assert [box.text() for box in boxes] == [
        "Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy thử lại sau ít giây."
    ]
    assert form.isEnabled()
    boxes[0].close()


def test_a_bug_is_a_plain_sentence_on_screen_and_a_traceback_in_the_log(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    form = a_form(qtbot)

    def bug() -> None:
        raise ZeroDivisionError("division by zero")

    with caplog.at_level(logging.ERROR):
        operation = run_operation(form, bug, lambda _none: None)
        qtbot.waitUntil(lambda: operation.done)
    text = open_message_boxes(form)[0].text()
    assert text.startswith("Đã xảy ra lỗi ngoài dự kiến; thao tác chưa hoàn tất.")
    assert "ZeroDivisionError" not in text
    logged = [r for r in caplog.records if r.exc_info and r.exc_info[0] is ZeroDivisionError]
    assert logged, "the traceback belongs in the log"


def test_nothing_is_called_back_into_a_window_closed_meanwhile(qtbot: QtBot) -> None:
    form = Form()  # not handed to qtbot: this test deletes it
    form.show()
    gate = threading.Event()
    started = threading.Event()
    called: list[object] = []

    def work() -> str:
        started.set()
        gate.wait(WAIT_S)
        return "late answer"

    def touch_the_form(answer: object) -> None:
        called.append(answer)
        form.edit.setText(str(answer))  # would raise: the C++ widget is gone

    operation: Operation[str] = run_operation(form, work, touch_the_form, touch_the_form)
    assert started.wait(WAIT_S)
    form.deleteLater()
    qtbot.waitUntil(lambda: not qt_object_alive(form))

    gate.set()
    qtbot.waitUntil(lambda: operation.done, timeout=WAIT_S * 1000)

    assert called == []
    assert QApplication.overrideCursor() is None  # the busy cursor did not outlive it


def test_work_behind_a_form_can_leave_it_usable(qtbot: QtBot) -> None:
    form = a_form(qtbot)
    gate = threading.Event()
    answers: list[str] = []
    operation = run_operation(
        form, lambda: gate.wait(WAIT_S) and "open", answers.append, block_parent=False
    )
    assert form.isEnabled() and QApplication.overrideCursor() is None
    qtbot.keyClicks(form.edit, "quantri")  # the officer types while it opens
    with qtbot.waitSignal(operation.settled, timeout=WAIT_S * 1000):
        gate.set()
    assert answers == ["open"] and form.edit.text() == "quantri"


def test_a_form_busy_with_two_operations_waits_for_the_last(qtbot: QtBot) -> None:
    form = a_form(qtbot)
    first_gate, second_gate = threading.Event(), threading.Event()
    first = run_operation(form, lambda: first_gate.wait(WAIT_S), lambda _ok: None)
    second = run_operation(form, lambda: second_gate.wait(WAIT_S), lambda _ok: None)

    with qtbot.waitSignal(first.settled, timeout=WAIT_S * 1000):
        first_gate.set()
    assert second.running
    assert not form.isEnabled() and not form.button.isEnabled()  # the second still runs
    override = QApplication.overrideCursor()
    assert override is not None and override.shape() == Qt.CursorShape.BusyCursor

    with qtbot.waitSignal(second.settled, timeout=WAIT_S * 1000):
        second_gate.set()
    assert form.isEnabled() and QApplication.overrideCursor() is None
    assert QApplication.focusWidget() is form.edit  # where the officer was before the first
