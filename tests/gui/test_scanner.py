"""The wedge-scanner filter on its own: QR lines are caught, everything else is typing."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desk_app.gui.qt import QLineEdit, QSpinBox, Qt, QWidget
from desk_app.gui.scanner import ScannerWedge
from tests.gui.conftest import show_active, type_into

QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021"


class Screen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit(self)
        self.spin = QSpinBox(self)
        self.spin.move(0, 40)
        self.scanner = ScannerWedge(self)
        self.scanner.install()
        self.lines: list[str] = []
        self.scanner.scanned.connect(self.lines.append)


def a_screen(qtbot: QtBot) -> Screen:
    screen = Screen()
    qtbot.addWidget(screen)
    show_active(qtbot, screen)
    return screen


def test_a_qr_line_is_handed_over_whole_and_taken_out_of_the_field(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setText("Lê")
    screen.edit.setFocus()
    type_into(qtbot, screen.edit, QR)
    qtbot.keyClick(screen.edit, Qt.Key.Key_Return)
    assert screen.lines == [QR]
    assert screen.edit.text() == "Lê"


def test_a_qr_typed_into_a_number_box_leaves_its_value(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.spin.setValue(3)
    screen.spin.setFocus()
    type_into(qtbot, screen.spin, QR)
    qtbot.keyClick(screen.spin, Qt.Key.Key_Enter)
    assert screen.lines == [QR] and screen.spin.value() == 3


def test_a_qr_typed_after_the_screen_is_hidden_is_ignored(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    other = QLineEdit()
    qtbot.addWidget(other)
    screen.hide()
    show_active(qtbot, other)
    type_into(qtbot, other, QR)
    assert screen.lines == [] and other.text() == QR


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.text(
        alphabet=string.digits + string.ascii_letters + " |./-ăđếữ", min_size=1, max_size=30
    ).filter(lambda text: not (text[:12].isdigit() and text[12:13] == "|"))
)
def test_anything_else_is_typed_as_it_was(qtbot: QtBot, text: str) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_into(qtbot, screen.edit, text)
    qtbot.keyClick(screen.edit, Qt.Key.Key_Return)
    assert screen.edit.text() == text and screen.lines == []
    screen.close()
