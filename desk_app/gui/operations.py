"""Slow work for a widget, off the UI thread (in the spirit of Anki's ``aqt.operations``).

A service call that may wait on the database (a commit behind another program's lock waits up
to the busy timeout), on argon2 or on ReportLab runs on Qt's thread pool; the window keeps
painting and answering keys meanwhile. While it runs its parent widget is disabled and the
cursor says the program is busy, so the same action cannot be started twice; a widget busy with
several operations is enabled again when the last has answered, and the keyboard focus goes
back to where it was only if that widget is still shown (not in a tab the officer left). Exactly
one callback follows, on the UI thread, through a queued signal: ``on_success(result)`` or
``on_failure(error)``, which by default shows the error in plain words (`feedback.show_error`).
If the parent widget was destroyed meanwhile, both are dropped: nothing is ever called back
into a deleted widget. A window closing while it has operations of this kind waits for them
(`blocking_operations`), so their answers still land in a window on screen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from desk_app.gui.feedback import show_error
from desk_app.gui.qt import (
    QApplication,
    QCursor,
    QObject,
    Qt,
    QThreadPool,
    QWidget,
    Signal,
    Slot,
    qt_object_alive,
)

log = logging.getLogger(__name__)

T = TypeVar("T")

_running: set[Operation[Any]] = set()  # each operation lives until its answer is delivered


@dataclass
class _Busy:
    """A widget disabled by ``count`` running operations; the first one noted the focus."""

    focus: QWidget | None
    disabled: bool  # by us: a widget disabled on purpose by someone else stays disabled
    count: int = 0


_busy: dict[QWidget, _Busy] = {}  # the widgets running operations keep disabled


def give_focus(widget: QWidget, reason: Qt.FocusReason = Qt.FocusReason.OtherFocusReason) -> None:
    """Move the keyboard focus to ``widget`` unless it is hidden in its window (a tab page not
    shown): work ending behind today's list must not pull the keys into the intake screen."""
    if widget.isEnabled() and widget.isVisibleTo(widget.window()):
        widget.setFocus(reason)


class _Relay(QObject):
    """Lives on the UI thread: the worker emits through it, its slots run on the UI thread."""

    succeeded = Signal(object)
    failed = Signal(object)
    settled = Signal()  # after the callback ran, or was dropped

    def __init__(self, finish: Callable[[bool, object], None]) -> None:
        super().__init__()
        self._finish = finish
        self.succeeded.connect(self._succeeded, Qt.ConnectionType.QueuedConnection)
        self.failed.connect(self._failed, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _succeeded(self, result: object) -> None:
        self._finish(True, result)

    @Slot(object)
    def _failed(self, error: object) -> None:
        self._finish(False, error)


def _default_failure(parent: QWidget) -> Callable[[Exception], None]:
    def show(error: Exception) -> None:
        show_error(parent, error)

    return show


class Operation(Generic[T]):
    """One call of ``call()`` on the thread pool on behalf of ``parent``; see the module text.

    ``block_parent=False`` leaves the parent usable (the workspace opening behind the login,
    where the officer types meanwhile). ``settled`` is emitted once the answer was handled.
    """

    def __init__(
        self,
        parent: QWidget,
        call: Callable[[], T],
        on_success: Callable[[T], None],
        on_failure: Callable[[Exception], None] | None = None,
        *,
        block_parent: bool = True,
    ) -> None:
        self.parent = parent
        self._call = call
        self._on_success = on_success
        self._on_failure = on_failure or _default_failure(parent)
        self._block = block_parent
        self._relay = _Relay(self._finish)
        self.settled = self._relay.settled
        self.running = False
        self.done = False

    def start(self) -> Operation[T]:
        if self.running or self.done:
            raise RuntimeError("an operation runs once")
        self.running = True
        _running.add(self)
        if self._block:
            self._set_busy()
        relay = self._relay
        call = self._call

        def work() -> None:
            try:
                result = call()
            except Exception as error:  # handed to the UI thread, which shows it
                relay.failed.emit(error)
            else:
                relay.succeeded.emit(result)

        QThreadPool.globalInstance().start(work)
        return self

    @property
    def blocks(self) -> bool:
        """Whether its parent is disabled while it runs."""
        return self._block

    def _set_busy(self) -> None:
        parent = self.parent
        busy = _busy.get(parent)
        if busy is None:
            focus = QApplication.focusWidget()
            if focus is not None and not (focus is parent or parent.isAncestorOf(focus)):
                focus = None
            forced = parent.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            busy = _busy[parent] = _Busy(focus, disabled=not forced)
            if busy.disabled:
                parent.setEnabled(False)
        busy.count += 1
        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BusyCursor))

    def _end_busy(self, parent_alive: bool) -> None:
        QApplication.restoreOverrideCursor()
        busy = _busy[self.parent]
        busy.count -= 1
        if busy.count:
            return  # another operation of the same widget still runs
        del _busy[self.parent]
        if not parent_alive or not busy.disabled:
            return
        self.parent.setEnabled(True)
        if busy.focus is not None and qt_object_alive(busy.focus):
            give_focus(busy.focus)  # the callback may move it on

    def _finish(self, ok: bool, value: object) -> None:
        self.running = False
        self.done = True
        parent_alive = qt_object_alive(self.parent)
        try:
            if self._block:
                self._end_busy(parent_alive)
            if not parent_alive:
                error = value if isinstance(value, BaseException) else None
                log.info("answer dropped: its window was closed meanwhile", exc_info=error)
            elif ok:
                self._on_success(cast(T, value))  # what ``call`` returned
            else:
                assert isinstance(value, Exception)
                self._on_failure(value)
        finally:
            _running.discard(self)
            self._relay.settled.emit()
            self._relay.deleteLater()


def run_operation(
    parent: QWidget,
    call: Callable[[], T],
    on_success: Callable[[T], None],
    on_failure: Callable[[Exception], None] | None = None,
    *,
    block_parent: bool = True,
) -> Operation[T]:
    """Start ``call()`` off the UI thread for ``parent``; returns the running operation."""
    return Operation(parent, call, on_success, on_failure, block_parent=block_parent).start()


def running_operations() -> int:
    """How many operations have not answered yet (a window closing waits for them)."""
    return len(_running)


def blocking_operations(window: QWidget) -> list[Operation[Any]]:
    """The running operations that keep ``window`` or a widget in it disabled (a save, a print):
    their answers belong in a window on screen, so it does not close before them."""
    return [
        operation
        for operation in _running
        if operation.blocks
        and qt_object_alive(operation.parent)
        and (operation.parent is window or window.isAncestorOf(operation.parent))
    ]


def wait_for_operations() -> None:
    """Block until every worker has returned (on exit, so no thread outlives the app)."""
    QThreadPool.globalInstance().waitForDone()
