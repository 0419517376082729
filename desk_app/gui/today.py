"""Today's dossiers at this workstation, newest first, with a reprint of any receipt."""

from __future__ import annotations

import logging

from desk_app.core.calendar import office_time_text
from desk_app.core.errors import DeskError
from desk_app.gui.feedback import error_text, log_failure, show_message
from desk_app.gui.forms.ui_today_list import Ui_TodayList
from desk_app.gui.qt import (
    QHeaderView,
    QKeySequence,
    QMessageBox,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_output import PrintFailed, ReceiptOutput
from desk_app.i18n import translate
from desk_app.services.auth import OfficerInfo
from desk_app.services.desk import Desk
from desk_app.services.dossiers import DossierRecord, list_today

log = logging.getLogger(__name__)


class TodayView(QWidget):
    status_message = Signal(str)
    count_changed = Signal(int)

    def __init__(
        self,
        desk: Desk,
        officer: OfficerInfo,
        output: ReceiptOutput,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.officer = officer
        self.output = output
        self.language = desk.settings.language
        self.ui = Ui_TodayList()
        self.ui.setupUi(self)
        self.records: list[DossierRecord] = []
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
        self.refresh()

    def refresh(self) -> None:
        try:
            self.records = list_today(self.desk)
        except DeskError as error:  # a locked database: say so, keep the list as it was
            log_failure(error)
            self.ui.count_label.setText(error_text(error, self.language))
            return
        table = self.ui.today_table
        table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            received_time, _ = office_time_text(record.received_at)
            due_time, due_date = office_time_text(record.due_at)
            cells = (
                record.code,
                record.applicant_name,
                record.procedure_name,
                received_time,
                f"{due_time} {due_date}",
                translate(record.state_label, self.language),
                str(record.receipt_prints),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(row, column, item)
        if self.records and table.currentRow() < 0:
            table.selectRow(0)
        self.ui.count_label.setText(
            self.tr("{count} hồ sơ đã tiếp nhận hôm nay.").format(count=len(self.records))
        )
        self.ui.reprint_button.setEnabled(bool(self.records))
        self.count_changed.emit(len(self.records))

    def selected_code(self) -> str | None:
        row = self.ui.today_table.currentRow()
        return self.records[row].code if 0 <= row < len(self.records) else None

    def reprint_selected(self) -> bool:
        """Print the selected dossier's receipt again (it is marked as a reprint)."""
        code = self.selected_code()
        if code is None:
            return False
        try:
            done = self.output.print_dossier(self.desk, self.officer, code, self)
        except (DeskError, PrintFailed) as error:
            log.warning("reprint of %s failed", code, exc_info=True)
            reason = error_text(error, self.language)
            show_message(
                self,
                self.tr("Chưa in lại được biên nhận {code}: {reason}").format(
                    code=code, reason=reason
                ),
                QMessageBox.Icon.Warning,
            )
            return False
        self.status_message.emit(done)
        self.refresh()
        return True
