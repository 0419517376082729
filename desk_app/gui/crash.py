"""The last line of defence: a bug the code did not expect still ends in plain words.

An exception nobody caught (in a slot, a paint, a thread) is logged with its traceback and the
officer reads one sentence saying the action did not finish and the details are in the log
(`feedback.error_text`), never a traceback. A hard crash (a segfault in a driver) cannot run
Python code any more; `faulthandler` then writes every thread's stack into ``crash.log`` in
the log folder, so there is something to send to whoever maintains the counter.
"""

from __future__ import annotations

import faulthandler
import logging
import sys
import threading
from pathlib import Path
from types import TracebackType
from typing import TextIO

from desk_app.gui.feedback import error_text, show_message
from desk_app.gui.qt import QApplication, QMessageBox, QObject, Qt, Signal, Slot, qt_object_alive
from desk_app.gui.translation import current_language

log = logging.getLogger(__name__)

CRASH_LOG = "crash.log"
_fault_streams: list[TextIO] = []  # faulthandler writes to them until the process ends


class CrashReporter(QObject):
    """Installed as ``sys.excepthook`` and ``threading.excepthook`` by `install_crash_hooks`."""

    _report = Signal(object)  # emitted from any thread; shown on the UI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._box: QMessageBox | None = None
        self._report.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def excepthook(
        self,
        kind: type[BaseException],
        error: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, traceback)
            return
        log.critical("unexpected error", exc_info=(kind, error, traceback))
        self._report.emit(error)

    def thread_excepthook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "?"
        log.critical(
            "unexpected error in thread %s",
            name,
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )
        self._report.emit(args.exc_value)

    @Slot(object)
    def _show(self, error: BaseException) -> None:
        box = self._box
        if box is not None and qt_object_alive(box) and box.isVisible():
            return  # one box at a time: a failing paint would otherwise raise one per frame
        bug = error if isinstance(error, Exception) else RuntimeError()
        text = error_text(bug, current_language())
        self._box = show_message(QApplication.activeWindow(), text, QMessageBox.Icon.Critical)


def enable_faulthandler(folder: Path) -> Path | None:
    """Dump every thread's stack into ``folder/crash.log`` on a hard crash; the file, or None."""
    path = folder / CRASH_LOG
    try:
        folder.mkdir(parents=True, exist_ok=True)
        stream = path.open("a", encoding="utf-8")
    except OSError:
        log.warning("no crash log in %s", folder, exc_info=True)
        return None
    faulthandler.enable(stream, all_threads=True)
    _fault_streams.append(stream)
    return path


def install_crash_hooks(app: QApplication, log_folder: Path | None = None) -> CrashReporter:
    """Route uncaught exceptions to the log and a plain message; hard crashes to crash.log."""
    from desk_app.logs import log_dir

    reporter = CrashReporter(app)
    sys.excepthook = reporter.excepthook
    threading.excepthook = reporter.thread_excepthook
    enable_faulthandler(log_folder or log_dir())
    return reporter
