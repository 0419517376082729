"""Run a slow service call (argon2 login, first set-up) off the UI thread.

The result comes back through a queued signal, so callbacks always run on the UI thread and a
test can wait for what they change with ``qtbot.waitSignal``/``waitUntil`` instead of sleeping.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desk_app.gui.qt import QObject, Qt, QThreadPool, Signal

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the UI thread; the worker emits through it."""

    done = Signal(object)
    failed = Signal(object)


_pending: set[_Relay] = set()  # keeps each relay alive until its answer is delivered


def run_in_background(
    call: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[Exception], None],
) -> None:
    """Start ``call()`` on the thread pool; exactly one callback follows, on the UI thread."""
    relay = _Relay()
    _pending.add(relay)

    def finish() -> None:
        _pending.discard(relay)
        relay.deleteLater()

    relay.done.connect(on_done, Qt.ConnectionType.QueuedConnection)
    relay.failed.connect(on_failed, Qt.ConnectionType.QueuedConnection)
    relay.done.connect(finish, Qt.ConnectionType.QueuedConnection)
    relay.failed.connect(finish, Qt.ConnectionType.QueuedConnection)

    def work() -> None:
        try:
            result = call()
        except Exception as error:  # handed to the UI thread, which shows it
            log.debug("background call failed", exc_info=True)
            relay.failed.emit(error)
        else:
            relay.done.emit(result)

    QThreadPool.globalInstance().start(work)


def wait_for_background_work() -> None:
    """Block until every started call has returned (on exit, so no thread outlives the app)."""
    QThreadPool.globalInstance().waitForDone()
