"""The period report (form II.06a) on screen, for a supervisor (issue 12, item 1).

The officer picks a period (this month, last month, this quarter, the half year, this year,
or two days), the lines (by field, procedure or unit) and presses Enter: the figures come
from `services.period_report.period_report_of` off the UI thread, in the form's 11 counts.
Double-clicking (or Enter on) a count lists the dossiers it counts
(`services.period_report.cell_dossiers`), and a dossier of that list opens in the dossier
view (``open_code``), so every number can be defended on the spot. "PDF" and "XLSX" save
the same report as the CLI writes it, in the receipts folder's place or where chosen.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.period_report import (
    COUNT_NAMES,
    Period,
    PeriodReportData,
    month_of,
    quarter_of,
    year_of,
)
from desk_app.files import write_atomically
from desk_app.gui.feedback import show_error, show_message
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.period_report import cell_dossiers, period_report_of

TOTAL_ROW_LABEL = "Tổng cộng"  # as the form's last line prints it


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class PeriodReportDialog(QDialog):
    """See the module text; ``open_code(code)`` asks the window to show a dossier."""

    open_code = Signal(str)

    def __init__(self, workspace: Workspace, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.data: PeriodReportData | None = None
        self._loading: Operation[PeriodReportData] | None = None
        self._listing: Operation[list[str]] | None = None
        self.setWindowTitle(self.tr("Báo cáo tình hình giải quyết TTHC (Biểu số II.06a)"))
        today = workspace.now().astimezone(OFFICE_TZ).date()
        self.today = today
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("report_period_combo")
        last_month = month_of(today.replace(day=1) - timedelta(days=1))
        half = (
            Period(date(today.year, 1, 1), date(today.year, 6, 30))
            if today.month <= 6
            else Period(date(today.year, 7, 1), date(today.year, 12, 31))
        )
        for text, period in (
            (self.tr("Tháng này"), month_of(today)),
            (self.tr("Tháng trước"), last_month),
            (self.tr("Quý này"), quarter_of(today)),
            (self.tr("Sáu tháng này"), half),
            (self.tr("Năm nay"), year_of(today)),
        ):
            self.period_combo.addItem(text, (period.first, min(period.last, today)))
        self.period_combo.addItem(self.tr("Tự chọn ngày"), None)
        period_label = QLabel(self.tr("&Kỳ báo cáo:"))
        period_label.setBuddy(self.period_combo)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit, name in ((self.from_edit, "report_from_edit"), (self.to_edit, "report_to_edit")):
            edit.setObjectName(name)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.setCalendarPopup(True)
            edit.setMaximumDate(_qdate(today))
        from_label = QLabel(self.tr("&Từ ngày:"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("đến &ngày:"))
        to_label.setBuddy(self.to_edit)
        self.by_combo = QComboBox()
        self.by_combo.setObjectName("report_by_combo")
        for text, by in (
            (self.tr("Lĩnh vực"), "field"),
            (self.tr("Thủ tục"), "procedure"),
            (self.tr("Đơn vị"), "unit"),
        ):
            self.by_combo.addItem(text, by)
        by_label = QLabel(self.tr("Mỗi &dòng:"))
        by_label.setBuddy(self.by_combo)
        self.make_button = QPushButton(self.tr("&Lập báo cáo (Enter)"))
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        top = QHBoxLayout()
        for widget in (period_label, self.period_combo, from_label, self.from_edit, to_label):
            top.addWidget(widget)
        for widget in (self.to_edit, by_label, self.by_combo):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.make_button)

        self.table = QTableWidget(0, 1 + len(COUNT_NAMES))
        self.table.setObjectName("report_table")
        # Two lines a heading, so the numbers stay narrow and the lines' names readable.
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Lĩnh vực, công việc"),
                self.tr("Nhận\ntổng số"),
                self.tr("Trực\ntuyến"),
                self.tr("Trực tiếp,\nbưu chính"),
                self.tr("Từ\nkỳ trước"),
                self.tr("Đã giải quyết\ntổng số"),
                self.tr("Trước\nhạn"),
                self.tr("Đúng\nhạn"),
                self.tr("Quá\nhạn"),
                self.tr("Đang giải quyết\ntổng số"),
                self.tr("Trong\nhạn"),
                self.tr("Đang\nquá hạn"),
            ]
        )
        table = self.table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, table.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        table.cellActivated.connect(self.list_cell)

        self.codes_caption = QLabel(self.tr("Nhấn đúp một số để xem các hồ sơ được đếm."))
        self.codes_list = QListWidget()
        self.codes_list.setObjectName("report_codes_list")
        self.codes_list.setMaximumHeight(150)
        self.codes_list.itemActivated.connect(lambda item: self.open_code.emit(item.text()))
        self.summary_label = QLabel()
        self.pdf_button = QPushButton(self.tr("Lưu &PDF…"))
        self.xlsx_button = QPushButton(self.tr("Lưu &XLSX…"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.pdf_button.clicked.connect(lambda: self.choose_and_save("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.choose_and_save("xlsx"))
        close = QPushButton(self.tr("Đóng (Esc)"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.pdf_button)
        bottom.addWidget(self.xlsx_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(table, 1)
        layout.addWidget(self.codes_caption)
        layout.addWidget(self.codes_list)
        layout.addLayout(bottom)
        self.period_combo.currentIndexChanged.connect(self._period_chosen)
        self._period_chosen()
        self.resize(1180, 600)

    # -- the period -----------------------------------------------------------------------------

    def _period_chosen(self) -> None:
        chosen = self.period_combo.currentData()
        custom = chosen is None
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if not custom:
            first, last = chosen
            self.from_edit.setDate(_qdate(first))
            self.to_edit.setDate(_qdate(last))

    def period(self) -> tuple[date, date]:
        return _day(self.from_edit.date()), _day(self.to_edit.date())

    # -- the report -----------------------------------------------------------------------------

    def make(self) -> Operation[PeriodReportData]:
        workspace, actor = self.workspace, self.actor
        first, last = self.period()
        by = self.by_combo.currentData()
        self.summary_label.setText(self.tr("Đang lập báo cáo…"))
        self.codes_list.clear()
        self._loading = run_operation(
            self,
            lambda: period_report_of(workspace, actor, first, last, by=by),
            self._show,
            self._failed,
            block_parent=False,
        )
        return self._loading

    @property
    def loading(self) -> bool:
        return any(op is not None and not op.done for op in (self._loading, self._listing))

    def _failed(self, error: Exception) -> None:
        self.summary_label.setText("")
        show_error(self, error)

    def _show(self, data: PeriodReportData) -> None:
        self.data = data
        rows = [(line.label, line.counts) for line in data.lines]
        rows.append((TOTAL_ROW_LABEL, data.total))
        table = self.table
        table.setRowCount(len(rows))
        for row, (label, counts) in enumerate(rows):
            table.setItem(row, 0, QTableWidgetItem(label))
            for column, name in enumerate(COUNT_NAMES, start=1):
                item = QTableWidgetItem(str(getattr(counts, name)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                item.setData(Qt.ItemDataRole.UserRole, name)
                table.setItem(row, column, item)
        bold = table.font()
        bold.setBold(True)
        for column in range(table.columnCount()):
            cell = table.item(len(rows) - 1, column)
            if cell is not None:
                cell.setFont(bold)
        rate = data.total.on_time_rate
        self.summary_label.setText(
            self.tr("Từ {first} đến {last}: nhận {received} hồ sơ; đúng hạn {rate}.").format(
                first=data.period.first.strftime("%d/%m/%Y"),
                last=data.period.last.strftime("%d/%m/%Y"),
                received=data.total.received_total,
                rate="-" if rate is None else f"{rate * 100:.1f}%",
            )
        )
        self.pdf_button.setEnabled(True)
        self.xlsx_button.setEnabled(True)

    # -- the dossiers behind a count ------------------------------------------------------------

    def list_cell(self, row: int, column: int) -> Operation[list[str]] | None:
        """The dossiers the count at (``row``, ``column``) counts, listed under the table."""
        data = self.data
        item = self.table.item(row, column)
        if data is None or item is None or column == 0:
            return None
        cell = str(item.data(Qt.ItemDataRole.UserRole))
        label_item = self.table.item(row, 0)
        is_total = row == self.table.rowCount() - 1
        label = None if is_total or label_item is None else label_item.text()
        workspace, actor, period, by = self.workspace, self.actor, data.period, data.by
        heading = self.table.horizontalHeaderItem(column)
        caption = " ".join(heading.text().split()) if heading is not None else cell
        self.codes_caption.setText(
            self.tr("Các hồ sơ của ô “{column}”, dòng “{row}”:").format(
                column=caption, row=label or TOTAL_ROW_LABEL
            )
        )
        self.codes_list.clear()
        self._listing = run_operation(
            self,
            lambda: cell_dossiers(
                workspace, actor, period.first, period.last, cell, by=by, label=label
            ),
            self._show_codes,
            self._failed,
            block_parent=False,
        )
        return self._listing

    def _show_codes(self, codes: list[str]) -> None:
        self.codes_list.addItems(codes)
        if codes:
            self.codes_list.setCurrentRow(0)

    # -- files ----------------------------------------------------------------------------------

    def choose_and_save(self, fmt: str) -> Path | None:
        data = self.data
        if data is None:
            return None
        name = f"bao-cao-{data.period.first.isoformat()}-{data.period.last.isoformat()}.{fmt}"
        chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Lưu báo cáo"), name)
        return self.save(Path(chosen), fmt) if chosen else None

    def save(self, path: Path, fmt: str) -> Path | None:
        """Write the report shown as ``fmt`` (pdf, xlsx) to ``path``, whole or not at all."""
        data = self.data
        if data is None:
            return None
        from desk_app.printing.period_report import (
            render_period_report_pdf,
            render_period_report_xlsx,
        )

        system = self.workspace.rules(self.actor.office.id).system_name
        render = render_period_report_pdf if fmt == "pdf" else render_period_report_xlsx
        try:
            write_atomically(path, render(data, system_name=system))
        except OSError as error:
            show_error(self, error)
            return None
        show_message(self, self.tr("Đã lưu báo cáo vào {path}.").format(path=str(path)))
        return path
