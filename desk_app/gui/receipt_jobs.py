"""Print a stored dossier's receipt: render on a worker thread, output on the UI thread, and
count the print only once a document exists.

Rendering runs ReportLab, so it is an operation; it counts nothing (`render_receipt_of`). The
PDF bytes then go to the printer, the preview or a file on the UI thread, where QPrinter and
dialogs must live. Only when that produced a document - the PDF written, the printer took the
job, the officer printed from the preview - is the print counted (`count_receipt_print`, a
small write that may wait behind another program's lock, so an operation too) and announced
on the bus. The count does not hold the screen (the officer goes on with the next citizen);
a later print of the same receipt waits for it on its worker, so it is numbered after it.
A cancelled preview, a refused job, a PDF not written or a render that died count
nothing, so the first receipt the citizen holds is never marked as a reprint (issue 7, item 6).
The intake screen (after Save) and today's list (a reprint) print the same way.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from desk_app.core.errors import DeskError
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import PlainFailure, error_text, show_message
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import QCoreApplication, QMessageBox, QWidget
from desk_app.gui.receipt_output import PrintFailed, ReceiptOutput
from desk_app.services.context import Actor, Workspace
from desk_app.services.receipts import count_receipt_print, render_receipt_of

log = logging.getLogger(__name__)


class ReceiptJobs:
    """Receipts of this workstation's dossiers, sent where ``output`` says."""

    def __init__(
        self, workspace: Workspace, actor: Actor, output: ReceiptOutput, bus: ChangeBus
    ) -> None:
        self.workspace = workspace
        self.actor = actor
        self.output = output
        self.bus = bus
        # Set once the count of a delivered receipt is written (or failed), by dossier code.
        self._counting: dict[str, threading.Event] = {}

    def print(
        self,
        parent: QWidget,
        code: str,
        on_done: Callable[[str], None],
        on_failed: Callable[[str], None] | None = None,
        *,
        reprint: bool = False,
    ) -> Operation[bytes]:
        """Render and output the receipt of ``code``; ``on_done`` gets what happened, in plain
        words. A failure (a DeskError rendering, PrintFailed on output) is logged and shown in
        a box on ``parent``; ``on_failed`` gets the same text (for a banner, say). Returns the
        rendering; the count, once the document exists, is an operation of its own."""

        def failed(error: Exception) -> None:
            if isinstance(error, DeskError | PlainFailure):
                # An ordinary refusal: one line, its class only (its message may quote the
                # applicant's name); tracebacks are for the unexpected.
                log.warning(
                    "receipt of %s not printed (reprint: %s): %s",
                    code,
                    reprint,
                    type(error).__name__,
                )
            else:
                log.error("receipt of %s not printed (reprint: %s)", code, reprint, exc_info=error)
            text = self.failure_text(code, error, reprint=reprint)
            show_message(parent, text, QMessageBox.Icon.Warning)
            if on_failed is not None:
                on_failed(text)

        def produced(done: str) -> None:
            on_done(done)
            self.count(parent, code)

        def output(pdf: bytes) -> None:
            try:
                waiting = self.output.deliver(pdf, code, parent, produced)
            except PrintFailed as error:
                failed(error)
                return
            if waiting is not None:  # a preview: counted if the officer prints from it
                on_done(waiting)

        counting = self._counting.get(code)

        def render() -> bytes:
            if counting is not None:
                counting.wait()  # the last print's count first: this one is numbered after it
            return render_receipt_of(self.workspace, self.actor, code).pdf

        return run_operation(parent, render, output, failed)

    def count(self, parent: QWidget, code: str) -> Operation[int]:
        """Record that a receipt of ``code`` reached paper or disk, then tell the views."""
        workspace, actor = self.workspace, self.actor
        written = self._counting[code] = threading.Event()

        def call() -> int:
            try:
                return count_receipt_print(workspace, actor, code)
            finally:
                written.set()

        def settled() -> None:
            if self._counting.get(code) is written:
                del self._counting[code]

        def counted(number: int) -> None:
            settled()
            log.info("receipt %s printed (print %d)", code, number)
            self.bus.receipt_printed.emit(code)

        def not_counted(error: Exception) -> None:
            settled()
            if isinstance(error, DeskError):
                log.warning("receipt of %s printed but not counted: %s", code, type(error).__name__)
            else:
                log.error("receipt of %s printed but not counted", code, exc_info=error)
            text = QCoreApplication.translate(
                "ReceiptJobs",
                "Biên nhận {code} đã in, nhưng chưa ghi nhận được lần in này: {reason}",
            ).format(code=code, reason=error_text(error, workspace.settings.language))
            show_message(parent, text, QMessageBox.Icon.Warning)

        return run_operation(parent, call, counted, not_counted, block_parent=False)

    def failure_text(self, code: str, error: Exception, *, reprint: bool) -> str:
        """Why the receipt of ``code`` is not out; a first print's text says the dossier is
        stored all the same and where to reprint it."""
        reason = error_text(error, self.workspace.settings.language)
        if reprint:
            template = QCoreApplication.translate(
                "ReceiptJobs", "Chưa in lại được biên nhận {code}: {reason}"
            )
        else:
            template = QCoreApplication.translate(
                "ReceiptJobs",
                "Hồ sơ {code} đã được lưu nhưng chưa in được biên nhận: {reason} "
                "Có thể in lại từ danh sách hồ sơ hôm nay.",
            )
        return template.format(code=code, reason=reason)
