"""Catch an ID-card QR typed by a keyboard-wedge scanner into whatever field has the focus.

A wedge scanner is a keyboard: it types the QR line fast and ends it with Enter, into the focused
widget. An event filter on each widget of one screen watches the keys typed there. A line is a
scan once it looks like an ID QR: 12 digits then "|" (`looks_like_id_qr`), at any speed, or a
run of at least `MIN_SCAN_KEYS` keys at machine speed (`SCAN_KEY_GAP_S` apart or less) that is
all digits or holds a "|" (no officer types a "|", nor three digits in 50 ms). The field then
gets back the text it had before the scan began and, once the scan holds a "|", the rest of the
line is kept away from the widgets (so a space cannot tick a checkbox); Enter (or a Tab suffix)
hands the whole line over as ``scanned``. Anything else, such as an officer typing an ID number
by hand, passes through untouched.

A scan that breaks off (silent for `BREAK_GAP_S`, or cut by an arrow, Backspace, Esc or a
repeating key) leaves nothing of itself in any field and says ``interrupted``; what a scanner
still types at machine speed within `TAIL_WINDOW_S` after that is the rest of the broken line
and is dropped, unless it starts a new QR (a last key or two are known by the Enter that follows at
machine speed). A lost keystroke inside the line reaches ``scanned``
and fails `parse_qr` there. The limits: the first two keys of a scan cannot be told from typing
(a scan broken after them leaves those one or two digits), and a scanner slower than
`SCAN_KEY_GAP_S` per key is only recognised by its 12 digits and "|".
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from desk_app.core.citizen_id import looks_like_id_qr
from desk_app.gui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QObject,
    QSpinBox,
    Qt,
    QTimer,
    QWidget,
    Signal,
)

SCAN_KEY_GAP_S = 0.05  # keys this close come from a machine: a hand needs more between keys
MIN_SCAN_KEYS = 3  # a quick pair of typed keys is not a scan; three at machine speed are
BREAK_GAP_S = 0.5  # a scanner silent this long in the middle of a line has broken off
TAIL_WINDOW_S = 2.0  # how long after a break a machine-speed run is the rest of that line

_END_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
)

Restore = Callable[[], None]


def _restorer(widget: QWidget) -> Restore:
    """A function that puts ``widget``'s content back as it is now."""
    if isinstance(widget, QLineEdit):
        text, cursor = widget.text(), widget.cursorPosition()

        def restore_line() -> None:
            widget.setText(text)
            widget.setCursorPosition(cursor)

        return restore_line
    if isinstance(widget, QSpinBox):
        value = widget.value()
        return lambda: widget.setValue(value)
    return lambda: None  # buttons, lists and combo boxes keep no typed text


@dataclass
class _Scan:
    """A line the scanner is typing: what it typed so far and how to undo it in the field."""

    restore: Restore
    text: str
    swallowing: bool  # its keys no longer reach the widgets
    tail: bool  # the rest of a line that broke off: dropped, unless it starts a new QR


class ScannerWedge(QObject):
    """Emits ``scanned(line)`` for each ID-QR line typed inside ``scope`` while it is visible,
    and ``interrupted()`` when a scan broke off before its end (its keys are undone).

    ``clock`` (seconds, monotonic) tells a scanner's keys from a person's; tests inject one.
    """

    scanned = Signal(str)
    interrupted = Signal()

    def __init__(self, scope: QWidget, clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(scope)
        self._scope = scope
        self.clock = clock
        self._target: QWidget | None = None
        self._line = ""  # printable keys typed into the target since its line began
        self._line_restore: Restore = lambda: None
        self._run = ""  # the latest keys of the line that came at machine speed
        self._run_restore: Restore = lambda: None
        self._scan: _Scan | None = None
        self._last_key_at = -math.inf
        self._broken_at = -math.inf
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(round(BREAK_GAP_S * 1000))
        self._watchdog.timeout.connect(self.check_for_break)

    def install(self) -> None:
        """Watch ``scope`` and every widget in it; Qt drops the filters with the widgets.

        Not an application-wide filter: Python would then receive every event of every widget
        of the program, and the first event of each Qt class costs shiboken a type set-up
        (about 80 ms at start-up for the widgets of today's list alone).
        """
        for widget in (self._scope, *self._scope.findChildren(QWidget)):
            widget.installEventFilter(self)

    @property
    def scanning(self) -> bool:
        """A scan has begun and neither ended nor broken off."""
        return self._scan is not None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not self._watches(watched):
            return False
        assert isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
        return self._key(watched, event)

    def _watches(self, watched: QObject) -> bool:
        # A key event also reaches the parents of a widget that ignores it: look only at the
        # focus widget's copy, and only inside our screen.
        return (
            isinstance(watched, QWidget)
            and watched is QApplication.focusWidget()
            and self._scope.isVisible()
            and (watched is self._scope or self._scope.isAncestorOf(watched))
        )

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        """True when the key must not reach the widget."""
        key, text = event.key(), event.text()
        scan = self._scan
        if key in _END_KEYS or (key == Qt.Key.Key_Tab and scan is not None and scan.swallowing):
            return self._end_of_line()
        if key in _MODIFIER_KEYS:
            return scan is not None and scan.swallowing  # Shift for capitals and "|"
        if not text or not text.isprintable() or event.isAutoRepeat():
            # Arrows, Tab, Backspace, Esc, a key held down: a person at the keyboard.
            self.check_for_break(now=math.inf)
            self._new_line(None)
            return False
        return self._printable(widget, text)

    def _printable(self, widget: QWidget, text: str) -> bool:
        now = self.clock()
        gap, self._last_key_at = now - self._last_key_at, now
        if self._scan is not None and gap > BREAK_GAP_S:
            self._break()  # the scanner stopped before this key: it is someone's typing
        scan = self._scan
        if scan is not None and not scan.swallowing and not (text.isdigit() or text == "|"):
            self._scan = None  # a QR starts with digits up to its "|": this is something else
            self._watchdog.stop()
            self._new_line(widget)
            scan = None
        if scan is not None:
            scan.text += text
            self._watchdog.start()
            if not scan.swallowing and "|" in scan.text:
                self._start_swallowing(scan)
            return scan.swallowing
        if widget is not self._target:
            self._new_line(widget)
        if gap > SCAN_KEY_GAP_S:
            self._run, self._run_restore = "", _restorer(widget)
        self._line += text
        self._run += text
        if looks_like_id_qr(self._run) or looks_like_id_qr(self._line):
            whole_run = looks_like_id_qr(self._run)
            restore = self._run_restore if whole_run else self._line_restore
            self._begin(_Scan(restore, self._run if whole_run else self._line, False, False))
        elif len(self._run) >= MIN_SCAN_KEYS and (self._run.isdigit() or "|" in self._run):
            self._begin(_Scan(self._run_restore, self._run, False, self._in_tail(now)))
        else:
            return False
        scan = self._scan
        assert scan is not None
        if "|" in scan.text or scan.tail:
            self._start_swallowing(scan)
        return scan.swallowing

    def _begin(self, scan: _Scan) -> None:
        self._scan = scan
        self._watchdog.start()

    def _start_swallowing(self, scan: _Scan) -> None:
        """From this key on the line is the scanner's: undo what of it reached the field."""
        scan.swallowing = True
        scan.restore()

    def _end_of_line(self) -> bool:
        """Enter: hand a captured line over (a broken line's rest is dropped)."""
        now = self.clock()
        scan, run, run_restore = self._scan, self._run, self._run_restore
        self._scan = None
        self._watchdog.stop()
        self._new_line(None)
        if (
            scan is None
            and run
            and self._in_tail(now)
            and now - self._last_key_at <= SCAN_KEY_GAP_S
        ):
            run_restore()  # the last key or two of a broken line, and its Enter
            return True
        if scan is None or not scan.swallowing:
            return False  # typing, or digits at machine speed with no "|" (a barcode)
        if scan.tail and not looks_like_id_qr(scan.text):
            scan.restore()
            return True
        self._broken_at = -math.inf
        self.scanned.emit(scan.text)
        return True  # the QR's Enter must not press a default button

    def _in_tail(self, now: float) -> bool:
        return now - self._broken_at <= TAIL_WINDOW_S

    def check_for_break(self, now: float | None = None) -> None:
        """Called by the watchdog: a scan silent for `BREAK_GAP_S` broke off (``now=inf``
        breaks a running scan at once)."""
        if self._scan is None:
            return
        silent = (self.clock() if now is None else now) - self._last_key_at
        if silent >= BREAK_GAP_S:
            self._break()
        else:
            self._watchdog.start(max(1, round((BREAK_GAP_S - silent) * 1000)))

    def _break(self) -> None:
        """Undo the broken scan in its field and say so, once (a broken tail says nothing)."""
        scan = self._scan
        assert scan is not None
        self._scan = None
        self._watchdog.stop()
        self._new_line(None)
        scan.restore()
        self._broken_at = self.clock()
        if not scan.tail:
            self.interrupted.emit()

    def _new_line(self, widget: QWidget | None) -> None:
        self._target = widget
        self._line = self._run = ""
        self._line_restore = self._run_restore = (
            _restorer(widget) if widget is not None else lambda: None
        )
