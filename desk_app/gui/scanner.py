"""Catch an ID-card QR typed by a keyboard-wedge scanner into whatever field has the focus.

A wedge scanner is a keyboard: it types the QR line fast and ends it with Enter, into the focused
widget. An event filter on each widget of one screen watches the keys typed there. As soon as
the line so far looks like an ID QR (12 digits then "|", `looks_like_id_qr`), the focused field
gets back the text it had before the line started and the rest of the line is kept away from the
widgets (so a space cannot tick a checkbox); Enter then hands over the whole line. Anything
else, such as an officer typing an ID number by hand, passes through untouched.
"""

from __future__ import annotations

from collections.abc import Callable

from desk_app.core.citizen_id import looks_like_id_qr
from desk_app.gui.qt import (
    QApplication,
    QEvent,
    QKeyEvent,
    QLineEdit,
    QObject,
    QSpinBox,
    Qt,
    QWidget,
    Signal,
)

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
_MODIFIER_KEYS = (
    Qt.Key.Key_Shift,
    Qt.Key.Key_Control,
    Qt.Key.Key_Alt,
    Qt.Key.Key_AltGr,
    Qt.Key.Key_Meta,
)


def _restorer(widget: QWidget) -> Callable[[], None]:
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


class ScannerWedge(QObject):
    """Emits ``scanned(line)`` for each ID-QR line typed inside ``scope`` while it is visible."""

    scanned = Signal(str)

    def __init__(self, scope: QWidget) -> None:
        super().__init__(scope)
        self._scope = scope
        self._line = ""
        self._capturing = False
        self._target: QWidget | None = None
        self._restore: Callable[[], None] = lambda: None

    def install(self) -> None:
        """Watch ``scope`` and every widget in it; Qt drops the filters with the widgets.

        Not an application-wide filter: Python would then receive every event of every widget
        of the program, and the first event of each Qt class costs shiboken a type set-up
        (about 80 ms at start-up for the widgets of today's list alone).
        """
        for widget in (self._scope, *self._scope.findChildren(QWidget)):
            widget.installEventFilter(self)

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
        key, text = event.key(), event.text()
        if key in _ENTER_KEYS:
            line, capturing = self._line, self._capturing
            self._reset()
            if capturing:
                self.scanned.emit(line)
            return capturing  # the QR's Enter must not press a default button
        if key in _MODIFIER_KEYS:
            return self._capturing  # the scanner holds Shift for capitals and "|"
        if not text or not text.isprintable():
            self._reset()  # arrows, Tab, Backspace, Esc: a person at the keyboard
            return False
        if widget is not self._target:
            self._reset()
            self._target = widget
        if not self._line:
            self._restore = _restorer(widget)
        self._line += text
        if self._capturing:
            return True
        if looks_like_id_qr(self._line):
            self._capturing = True
            # This last key has not reached the widget yet; swallow it and undo the others.
            self._restore()
            return True
        return False

    def _reset(self) -> None:
        self._line = ""
        self._capturing = False
        self._target = None
        self._restore = lambda: None
