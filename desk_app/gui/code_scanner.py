"""Open a dossier from a receipt's barcode or QR scanned anywhere in the counter window.

A handheld scanner in keyboard mode types the line into whatever widget has the focus, fast,
and ends it with Enter (`gui.scanner` tells a machine's keys from a person's by the same
measure: `SCAN_KEY_GAP_S` between keys, `MIN_SCAN_KEYS` in a row). Two kinds of lines are
dossiers': the Code 128 barcode of the code (``000.00.19.H26-250715-1001``, `core.codes`) and
the receipt's QR (``MHS:<code>|TTHC:...``, `printing.document_qr`). Both announce themselves
by their fourth key: three characters and a dot, or ``MHS:``; an ID card's QR (12 digits and
"|") never does, so the intake screen's own wedge keeps those. From that key on the line is
kept away from the widgets (a space of the QR cannot press a button) and what the first keys
typed into a field is undone; Enter then says ``scanned(code)``, or ``not_a_code()`` when the
line holds no code after all.

Any other line a scanner types here and ends with Enter (a product barcode, a QR of another
office: `OTHER_SCAN_MIN_KEYS` keys or more, no space) changes nothing either: the field gets
its text back and ``not_a_code()`` is said, except lines that ``others_take`` claims (the
intake screen's ID-card QR and digit barcodes, which its `ScannerWedge` handles). A person's
typing, at a person's speed, passes untouched.

The filter is put on every widget that takes the keyboard focus inside the window, when it
takes it (``QApplication.focusChanged``), so views built later (after a language switch) are
covered, and it sits in front of any filter a view installed itself. Limits: the first three
keys reach the focused widget before the line is known (a field gets them back; a list may
have jumped to a row starting with them), and a line broken off for `BREAK_GAP_S` is dropped
with ``interrupted()``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from desk_app.gui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QObject,
    QTimer,
    QWidget,
    Signal,
)

# The ID-card wedge's measures and helpers, so both wedges tell a scanner from a person alike.
from desk_app.gui.scanner import (
    _END_KEYS,
    _MODIFIER_KEYS,
    BREAK_GAP_S,
    MIN_SCAN_KEYS,
    SCAN_KEY_GAP_S,
    Restore,
    _restorer,
)
from desk_app.services.search import code_in

_QR_PREFIX = "MHS:"
# A line that announces nothing is a scan only this long and without a space (a product's
# EAN-13, a URL, another system's QR): shorter ones and words are what a person types in a
# burst, and what test tools and text expanders type at machine speed.
OTHER_SCAN_MIN_KEYS = 12
# What each of a code's first characters may be (core.codes: AAA.BB.CC.Dnn-yyMMdd-NNNN).
_ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_CODE_START = (_ALNUM, _ALNUM, _ALNUM, ".")

Claim = Callable[[QWidget, str], bool]


def announces_dossier(text: str) -> bool:
    """Whether a line's first keys can only be a dossier's barcode or receipt QR."""
    head = text[: len(_CODE_START)].upper()
    if len(head) < len(_CODE_START):
        return False
    pairs = zip(head, _CODE_START, strict=True)
    return head == _QR_PREFIX or all(c in allowed for c, allowed in pairs)


class DossierCodeWedge(QObject):
    """``scanned(code)`` for a dossier's barcode or QR scanned inside ``window``;
    ``not_a_code()`` for any other scanned line not claimed by ``others_take``;
    ``interrupted()`` for a dossier line that broke off. ``clock``: seconds, monotonic."""

    scanned = Signal(str)
    not_a_code = Signal()
    interrupted = Signal()

    def __init__(
        self,
        window: QWidget,
        others_take: Claim | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._others_take: Claim = others_take or (lambda _widget, _line: False)
        self.clock = clock
        self._target: QWidget | None = None
        self._run = ""  # keys typed into the target at machine speed, this line
        self._restore: Restore = lambda: None
        self._swallowing = False
        self._last_key_at = -math.inf
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(round(BREAK_GAP_S * 1000))
        self._watchdog.timeout.connect(self._check_for_break)

    def install(self) -> None:
        """Watch the focused widget now and every one that takes the focus from now on."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_changed)
        self._focus_changed(None, QApplication.focusWidget())

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and (new is self._window or self._window.isAncestorOf(new)):
            new.installEventFilter(self)  # again moves it in front of the others

    @property
    def scanning(self) -> bool:
        return self._swallowing

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or watched is not QApplication.focusWidget():
            return False
        assert isinstance(event, QKeyEvent) and isinstance(watched, QWidget)
        if not (watched is self._window or self._window.isAncestorOf(watched)):
            return False  # a dialog of its own, or a widget moved elsewhere
        return self._key(watched, event)

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        """True when the key must not reach the widget."""
        key, text = event.key(), event.text()
        if key in _END_KEYS:
            return self._end_of_line(widget)
        if key in _MODIFIER_KEYS:
            return self._swallowing
        if not text or not text.isprintable() or event.isAutoRepeat():
            if self._swallowing:
                self._break()
            self._new_line(None)
            return False
        now = self.clock()
        gap, self._last_key_at = now - self._last_key_at, now
        if self._swallowing:
            if gap > BREAK_GAP_S:
                self._break()  # the scanner stopped: this key is someone's typing
            else:
                self._run += text
                self._watchdog.start()
                return True
        if widget is not self._target or gap > SCAN_KEY_GAP_S or not self._still_there(widget):
            self._new_line(widget)
        self._run += text
        if announces_dossier(self._run) or (
            len(self._run) > len(_CODE_START)
            and "|" in self._run
            and not self._others_take(widget, self._run)
        ):
            # The key that gave the line away still passes: a wedge behind this one then
            # sees the line is not its own and lets go of it.
            self._swallowing = True
            self._watchdog.start()
            return False
        return False

    def _still_there(self, widget: QWidget) -> bool:
        """Whether the field still holds the run typed so far (a program that cleared it
        between two quick keys started a new line)."""
        return not isinstance(widget, QLineEdit) or self._run in widget.text()

    def _end_of_line(self, widget: QWidget) -> bool:
        run, swallowing, restore = self._run, self._swallowing, self._restore
        quick = self.clock() - self._last_key_at <= SCAN_KEY_GAP_S or swallowing
        self._new_line(None)
        if swallowing:
            restore()
            code = code_in(run)
            if code is None:
                self.not_a_code.emit()
            else:
                self.scanned.emit(code)
            return True  # the scanner's Enter must not press a default button
        if (
            len(run) < max(MIN_SCAN_KEYS, OTHER_SCAN_MIN_KEYS)
            or not quick
            or any(c.isspace() for c in run)
            or self._others_take(widget, run)
        ):
            return False  # typing, or a line another wedge handles
        restore()
        code = code_in(run)
        if code is None:
            self.not_a_code.emit()
        else:
            self.scanned.emit(code)
        return True

    def _check_for_break(self) -> None:
        if self._swallowing and self.clock() - self._last_key_at >= BREAK_GAP_S:
            self._break()
        elif self._swallowing:
            self._watchdog.start()

    def _break(self) -> None:
        """The line broke off: undo it in its field and say so once."""
        self._restore()
        self._new_line(None)
        self.interrupted.emit()

    def _new_line(self, widget: QWidget | None) -> None:
        self._watchdog.stop()
        self._swallowing = False
        self._target = widget
        self._run = ""
        self._restore = _restorer(widget) if widget is not None else lambda: None
