"""Today's dossiers at this workstation, newest first, with a reprint of any receipt.

The list refreshes itself when the change bus says a dossier was saved or a receipt printed.
It is read off the UI thread, without disabling anything (`gui.operations`), first once the
counter window is on screen (the first query of a process costs SQLAlchemy about 0.1 s of
set-up, which the intake screen need not wait for); a refresh asked for while one runs
follows it. A reprint writes the print
count, so it is an operation too.
"""

from __future__ import annotations

from desk_app.core.calendar import office_time_text
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import error_text, log_failure
from desk_app.gui.forms.ui_today_list import Ui_TodayList
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import (
    QHeaderView,
    QKeySequence,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QWidget,
    Signal,
    Slot,
)
from desk_app.gui.receipt_jobs import ReceiptJobs
from desk_app.gui.texts import office_moment_text
from desk_app.i18n import translate
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord, list_today


class TodayView(QWidget):
    status_message = Signal(str)
    count_changed = Signal(int)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        receipts: ReceiptJobs,
        bus: ChangeBus,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.receipts = receipts
        self.language = workspace.settings.language
        self.ui = Ui_TodayList()
        self.ui.setupUi(self)
        self.records: list[DossierRecord] = []
        self._loading: Operation[list[DossierRecord]] | None = None
        self._stale = False  # a refresh was asked for while one was running
        table = self.ui.today_table
        headers = [
            self.tr("Mã hồ sơ"),
            self.tr("Người nộp"),
            self.tr("Thủ tục"),
            self.tr("Tiếp nhận"),
            self.tr("Hẹn trả"),
            self.tr("Trạng thái"),
            self.tr("Số lần in"),
        ]
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.ui.refresh_button.clicked.connect(self.refresh)
        self.ui.reprint_button.clicked.connect(self.reprint_selected)
        for keys, slot in (("F5", self.refresh), ("Ctrl+P", self.reprint_selected)):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.ui.count_label.setText(self.tr("Đang đọc danh sách hồ sơ hôm nay…"))
        # Bound slots of this widget: Qt drops the connections when the view is destroyed.
        bus.dossier_saved.connect(self._dossier_saved)
        bus.receipt_printed.connect(self._receipt_printed)
        # The first `refresh` is the window's to start, once it is on screen.

    @Slot(object)
    def _dossier_saved(self, _record: object) -> None:
        self.refresh()

    @Slot(str)
    def _receipt_printed(self, _code: str) -> None:
        self.refresh()

    @property
    def loading(self) -> bool:
        return self._loading is not None and self._loading.running

    def refresh(self) -> None:
        """Read today's dossiers again off the UI thread; the table follows when they arrive."""
        if self.loading:
            self._stale = True
            return
        self._stale = False
        self._loading = run_operation(
            self,
            lambda: list_today(self.workspace, self.actor),
            self._show,
            self._not_read,
            block_parent=False,
        )

    def _not_read(self, error: Exception) -> None:
        """Keep the list as it was and say why it is not fresh (never a stack of dialogs)."""
        log_failure(error)
        self.ui.count_label.setText(error_text(error, self.language))
        if self._stale:
            self.refresh()

    def _show(self, records: list[DossierRecord]) -> None:
        if self._stale:  # already out of date: read again, show that instead
            self.refresh()
            return
        self.records = records
        table = self.ui.today_table
        table.setRowCount(len(records))
        for row, record in enumerate(records):
            received_time, _ = office_time_text(record.received_at)
            cells = (
                record.code,
                record.applicant.name,
                record.procedure_name,
                received_time,
                office_moment_text(record.due_at),
                translate(record.state_label, self.language),
                str(record.receipt_prints),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        if records and table.currentRow() < 0:
            table.selectRow(0)
        self.ui.count_label.setText(self.tr("%n hồ sơ đã tiếp nhận hôm nay.", "", len(records)))
        self.ui.reprint_button.setEnabled(bool(records))
        self.count_changed.emit(len(records))

    def selected_code(self) -> str | None:
        row = self.ui.today_table.currentRow()
        return self.records[row].code if 0 <= row < len(self.records) else None

    def reprint_selected(self) -> Operation[bytes] | None:
        """Print the selected dossier's receipt again (it is marked as a reprint)."""
        code = self.selected_code()
        if code is None:
            return None
        return self.receipts.print(self, code, self.status_message.emit, reprint=True)
