"""The wedge-scanner filter on its own: QR lines are caught, broken scans leave nothing behind,
everything else is typing."""

from __future__ import annotations

import string
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from desk_app.gui.qt import QLineEdit, QSpinBox, Qt, QWidget
from desk_app.gui.scanner import BREAK_GAP_S, MIN_SCAN_KEYS, ScannerWedge
from tests.gui.conftest import show_active, type_into

QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021"
SCANNER_KEY_S = 0.002  # a wedge scanner types a key every few milliseconds
HAND_KEY_S = 0.15  # a quick typist


@dataclass
class Clock:
    """The wedge's clock, moved by the test: keys are exactly as far apart as it says."""

    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


class Screen(QWidget):
    def __init__(self, clock: Clock | None = None) -> None:
        super().__init__()
        self.edit = QLineEdit(self)
        self.spin = QSpinBox(self)
        self.spin.move(0, 40)
        self.clock = clock or Clock()
        self.scanner = ScannerWedge(self, self.clock)
        self.scanner.install()
        self.lines: list[str] = []
        self.breaks: list[None] = []
        self.scanner.scanned.connect(self.lines.append)
        self.scanner.interrupted.connect(lambda: self.breaks.append(None))


def a_screen(qtbot: QtBot, clock: Clock | None = None) -> Screen:
    screen = Screen(clock)
    qtbot.addWidget(screen)
    show_active(qtbot, screen)
    return screen


def type_timed(qtbot: QtBot, screen: Screen, widget: QWidget, text: str, every: float) -> None:
    """Type ``text`` with ``every`` seconds on the wedge's clock between keys."""
    for char in text:
        screen.clock.now += every
        type_into(qtbot, widget, char)


def enter(qtbot: QtBot, screen: Screen, widget: QWidget, after: float = SCANNER_KEY_S) -> None:
    screen.clock.now += after
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def fall_silent(screen: Screen) -> None:
    """The scanner stops: the watchdog finds it silent for longer than a scan allows."""
    screen.clock.now += 2 * BREAK_GAP_S
    screen.scanner.check_for_break()


def test_a_qr_line_is_handed_over_whole_and_taken_out_of_the_field(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setText("Lê")
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR, SCANNER_KEY_S)
    enter(qtbot, screen, screen.edit)
    assert screen.lines == [QR]
    assert screen.edit.text() == "Lê"
    assert screen.breaks == []


def test_a_qr_is_caught_after_letters_typed_by_hand_in_the_same_field(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, "Lê", HAND_KEY_S)
    screen.clock.now += 1
    type_timed(qtbot, screen, screen.edit, QR, SCANNER_KEY_S)
    enter(qtbot, screen, screen.edit)
    assert screen.lines == [QR] and screen.edit.text() == "Lê"


def test_a_slow_scanner_is_still_known_by_its_twelve_digits_and_bar(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR, 0.08)  # slower than MIN_SCAN_KEYS can tell
    enter(qtbot, screen, screen.edit, after=0.08)
    assert screen.lines == [QR] and screen.edit.text() == ""


def test_a_qr_typed_into_a_number_box_leaves_its_value(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.spin.setValue(3)
    screen.spin.setFocus()
    type_timed(qtbot, screen, screen.spin, QR, SCANNER_KEY_S)
    screen.clock.now += SCANNER_KEY_S
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


@pytest.mark.parametrize("typed", range(1, len(QR) + 1))
def test_a_scan_that_stops_after_any_character_leaves_no_fragment_and_says_so(
    qtbot: QtBot, typed: int
) -> None:
    screen = a_screen(qtbot)
    screen.edit.setText("Lê")
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR[:typed], SCANNER_KEY_S)
    fall_silent(screen)
    assert screen.lines == []
    if typed < MIN_SCAN_KEYS:
        # One or two keys cannot be told from typing: they stay, and nothing is reported.
        assert screen.edit.text() == "Lê" + QR[:typed] and screen.breaks == []
    else:
        assert screen.edit.text() == "Lê" and screen.breaks == [None]
    assert not screen.scanner.scanning  # the next key typed is the officer's again
    type_timed(qtbot, screen, screen.edit, "a", HAND_KEY_S)
    assert screen.edit.text().endswith("a")


@pytest.mark.parametrize("typed", range(MIN_SCAN_KEYS, len(QR)))
def test_the_rest_of_a_broken_scan_is_dropped_when_the_scanner_resumes(
    qtbot: QtBot, typed: int
) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR[:typed], SCANNER_KEY_S)
    screen.clock.now += 2 * BREAK_GAP_S  # silent, then it goes on (the watchdog has not run)
    type_timed(qtbot, screen, screen.edit, QR[typed:], SCANNER_KEY_S)
    enter(qtbot, screen, screen.edit)
    assert screen.edit.text() == ""
    assert screen.lines == [] and screen.breaks == [None]  # reported once, never half-filled


def test_a_new_scan_right_after_a_broken_one_goes_through(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR[:20], SCANNER_KEY_S)
    fall_silent(screen)
    screen.clock.now += 0.5
    type_timed(qtbot, screen, screen.edit, QR, SCANNER_KEY_S)
    enter(qtbot, screen, screen.edit)
    assert screen.lines == [QR] and screen.breaks == [None] and screen.edit.text() == ""


@pytest.mark.parametrize("key", [Qt.Key.Key_Escape, Qt.Key.Key_Backspace, Qt.Key.Key_Left])
def test_a_key_pressed_by_hand_in_the_middle_of_a_scan_breaks_it(qtbot: QtBot, key: Qt.Key) -> None:
    screen = a_screen(qtbot)
    screen.edit.setText("Lê")
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR[:30], SCANNER_KEY_S)
    qtbot.keyClick(screen.edit, key)
    assert screen.breaks == [None] and screen.lines == []
    assert "|" not in screen.edit.text() and "0010" not in screen.edit.text()


def test_the_watchdog_breaks_a_silent_scan_by_itself(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR[:25], SCANNER_KEY_S)
    screen.clock.now += 2 * BREAK_GAP_S
    qtbot.waitUntil(lambda: screen.breaks == [None], timeout=3000)
    assert screen.edit.text() == ""


def test_a_tab_suffix_ends_the_line_like_enter(qtbot: QtBot) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, QR, SCANNER_KEY_S)
    qtbot.keyClick(screen.edit, Qt.Key.Key_Tab)
    assert screen.lines == [QR] and screen.edit.text() == ""


TYPED = st.text(
    alphabet=string.digits + string.ascii_letters + " |./-ăđếữ", min_size=1, max_size=30
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TYPED.filter(lambda text: not (text[:12].isdigit() and text[12:13] == "|")))
def test_anything_typed_by_hand_is_typed_as_it_was(qtbot: QtBot, text: str) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, text, HAND_KEY_S)
    enter(qtbot, screen, screen.edit, after=HAND_KEY_S)
    assert screen.edit.text() == text and screen.lines == [] and screen.breaks == []
    screen.close()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(TYPED.filter(lambda text: "|" not in text))
def test_a_barcode_without_a_bar_passes_through_at_machine_speed(qtbot: QtBot, text: str) -> None:
    screen = a_screen(qtbot)
    screen.edit.setFocus()
    type_timed(qtbot, screen, screen.edit, text, SCANNER_KEY_S)
    enter(qtbot, screen, screen.edit)
    assert screen.edit.text() == text and screen.lines == [] and screen.breaks == []
    screen.close()
