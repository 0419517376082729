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
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import QWidget
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
        on_failed: Callable[[Exception], None],
    ) -> Operation[bytes]:
        """Render and output the receipt of ``code``; ``on_done`` gets what happened, in plain
        words, ``on_failed`` a DeskError (rendering) or PrintFailed (output)."""

        def output(pdf: bytes) -> None:
            self.bus.receipt_printed.emit(code)  # the print is counted once rendered
            try:
                done = self.output.deliver(pdf, code, parent)
            except PrintFailed as error:
                on_failed(error)
                return
            on_done(done)

        return run_operation(
            parent, lambda: receipt_pdf(self.workspace, self.actor, code), output, on_failed
        )
