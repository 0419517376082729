"""Print a stored dossier's receipt: render on a worker thread, output on the UI thread.

Rendering counts the print in the database (a small write that may wait behind another
program's lock) and runs ReportLab, so it is an operation; the PDF bytes then go to the printer,
the preview or a file on the UI thread, where QPrinter and dialogs must live. The intake screen
(after Save) and today's list (a reprint) print the same way.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import error_text, show_message
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import QCoreApplication, QMessageBox, QWidget
from desk_app.gui.receipt_output import PrintFailed, ReceiptOutput
from desk_app.services.context import Actor, Workspace
from desk_app.services.receipts import receipt_pdf

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
        a box on ``parent``; ``on_failed`` gets the same text (for a banner, say)."""

        def failed(error: Exception) -> None:
            log.warning("receipt of %s not printed (reprint: %s)", code, reprint, exc_info=error)
            text = self.failure_text(code, error, reprint=reprint)
            show_message(parent, text, QMessageBox.Icon.Warning)
            if on_failed is not None:
                on_failed(text)

        def output(pdf: bytes) -> None:
            self.bus.receipt_printed.emit(code)  # the print is counted once rendered
            try:
                done = self.output.deliver(pdf, code, parent)
            except PrintFailed as error:
                failed(error)
                return
            on_done(done)

        return run_operation(
            parent, lambda: receipt_pdf(self.workspace, self.actor, code), output, failed
        )

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
