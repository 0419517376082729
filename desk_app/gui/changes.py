"""What changed in the data, told to every view that shows it (Anki's ``operation_did_execute``).

The main window owns one bus and hands it to its views. A view that changes something emits
here; a view that shows it listens and refreshes itself, so no screen wires another's refresh
by hand. Queue calls and sync state will join as signals of their own.
"""

from __future__ import annotations

from desk_app.gui.qt import QObject, Signal


class ChangeBus(QObject):
    dossier_saved = Signal(object)  # the DossierRecord just committed
    # A receipt of this dossier code reached paper or disk and its print was counted.
    receipt_printed = Signal(str)
