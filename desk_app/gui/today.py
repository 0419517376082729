"""Today's dossiers at this workstation, newest first, with a reprint of any receipt.

The list refreshes itself when the change bus says a dossier was saved or a receipt printed.
It is read off the UI thread, without disabling anything (`gui.operations`), first once the
counter window is on screen (the first query of a process costs SQLAlchemy about 0.1 s of
set-up, which the intake screen need not wait for); a refresh asked for while one runs
follows it. A reprint writes the print count, so it is an operation too.

The selection is a dossier, not a row: a refresh (a new dossier on top, a print count that
changed) selects the same code again, so Ctrl+P never reprints another citizen's receipt. If
that dossier is no longer listed, nothing is selected and Ctrl+P does nothing.
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
        table.itemSelectionChanged.connect(self._selection_changed)
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
        keep = self.selected_code()
        was_empty = self.ui.today_table.rowCount() == 0
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
                if column == 0:
                    item.setData(Qt.ItemDataRole.UserRole, record.code)
                table.setItem(row, column, item)
        if keep is not None:
            self._select_row(self._row_of(keep))
        else:  # the first dossier of an empty list is selected; a vanished one is not replaced
            self._select_row(0 if was_empty and records else -1)
        self.ui.count_label.setText(self.tr("%n hồ sơ đã tiếp nhận hôm nay.", "", len(records)))
        self.count_changed.emit(len(records))

    def _row_of(self, code: str) -> int:
        return next(
            (r for r in range(self.ui.today_table.rowCount()) if self._code_at(r) == code), -1
        )

    def _select_row(self, row: int) -> None:
        """Select ``row`` (scrolled into view), or nothing for -1; Ctrl+P follows."""
        table = self.ui.today_table
        if row < 0:
            table.clearSelection()
            table.setCurrentCell(-1, -1)
        else:
            table.selectRow(row)
            table.scrollTo(table.model().index(row, 0))
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.ui.reprint_button.setEnabled(self.selected_code() is not None)

    def _code_at(self, row: int) -> str | None:
        item = self.ui.today_table.item(row, 0)
        code = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return str(code) if code is not None else None

    def selected_code(self) -> str | None:
        """The code of the dossier selected, read from its row (never by its position)."""
        rows = self.ui.today_table.selectionModel().selectedRows()
        return self._code_at(rows[0].row()) if rows else None

    def reprint_selected(self) -> Operation[bytes] | None:
        """Print the selected dossier's receipt again (it is marked as a reprint)."""
        code = self.selected_code()
        if code is None:
            return None
        return self.receipts.print(self, code, self.status_message.emit, reprint=True)
