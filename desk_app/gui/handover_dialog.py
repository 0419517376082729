"""The paper folders' hand-over (issue 10, item 6): scan each folder's receipt code, name who
takes them, record the batch, print or save its list.

A handheld scanner types the code and Enter into the scan field; each line is read at once with
`read_scanned_code`, so a bad scan (a QR of something else, a torn barcode) is said while the
folder is still in hand, and a code scanned twice is refused on the spot. Each accepted line
shows the dossier it names (read off the UI thread) and a page count the receiver checks (0:
not counted, the list leaves it blank; left at 0 a folder keeps its previous count). Recording
is the service's one transaction (`record_handover`): the whole batch or nothing.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.core.errors import DeskError
from desk_app.gui.feedback import PlainFailure, error_text, log_failure, show_error
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QColor,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPrinter,
    QPrinterInfo,
    QPushButton,
    QSpinBox,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_output import load_pdf, paint_pdf
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord, get_dossier
from desk_app.services.handover import (
    MAX_BATCH,
    MAX_PAGES,
    HandoverBatch,
    HandoverItem,
    read_scanned_code,
    record_handover,
    render_handover_list_of,
    save_handover_list,
)

BAD_RED = QColor("#b3261e")
_CODE, _APPLICANT, _PROCEDURE, _PAGES = range(4)


class HandoverDialog(QDialog):
    """Hand over paper folders. ``recorded(HandoverBatch)`` once the batch is stored;
    ``status_message(text)`` for the window's status bar (printed, saved)."""

    recorded = Signal(object)
    status_message = Signal(str)

    def __init__(self, workspace: Workspace, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.language = workspace.settings.language
        self.batch: HandoverBatch | None = None
        self.setWindowTitle(self.tr("Bàn giao hồ sơ giấy"))

        self.scan_edit = QLineEdit()
        self.scan_edit.setPlaceholderText(
            self.tr("Quét mã vạch trên giấy tiếp nhận của từng hồ sơ (hoặc gõ mã rồi Enter)")
        )
        self.scan_edit.returnPressed.connect(self._scanned)
        self.scan_message = QLabel()
        self.scan_message.setWordWrap(True)
        self.scan_message.hide()

        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Mã hồ sơ"), self.tr("Người nộp"), self.tr("Thủ tục"), self.tr("Số trang")]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(_PROCEDURE, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(True)
        self.remove_button = QPushButton(self.tr("Bỏ dòng đã chọn"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.count_label = QLabel()

        self.from_edit = QLineEdit(actor.officer.full_name if actor.officer else "")
        self.to_edit = QLineEdit()
        self.to_edit.setPlaceholderText(self.tr("Họ tên người nhận hồ sơ giấy"))
        self.note_edit = QLineEdit()
        form = QFormLayout()
        form.addRow(self.tr("Người giao:"), self.from_edit)
        form.addRow(self.tr("Người nhận:"), self.to_edit)
        form.addRow(self.tr("Ghi chú:"), self.note_edit)

        self.record_button = QPushButton(self.tr("Ghi bàn giao"))
        self.record_button.setDefault(False)
        self.record_button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record)
        self.print_button = QPushButton(self.tr("In danh sách"))
        self.save_button = QPushButton(self.tr("Lưu danh sách (PDF)…"))
        self.close_button = QPushButton(self.tr("Đóng"))
        for button in (self.print_button, self.save_button, self.close_button):
            button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_list)
        self.save_button.clicked.connect(self.choose_list_file)
        self.close_button.clicked.connect(self.reject)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.hide()

        table_row = QHBoxLayout()
        table_row.addWidget(self.count_label, 1)
        table_row.addWidget(self.remove_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Mã hồ sơ:")))
        layout.addWidget(self.scan_edit)
        layout.addWidget(self.scan_message)
        layout.addWidget(self.table, 1)
        layout.addLayout(table_row)
        layout.addLayout(form)
        layout.addWidget(self.result_label)
        layout.addLayout(buttons)
        self.resize(760, 520)
        self._enable()
        self.scan_edit.setFocus()

    # --- scanning -----------------------------------------------------------------------

    def codes(self) -> list[str]:
        found = (self.table.item(r, _CODE) for r in range(self.table.rowCount()))
        return [item.text() for item in found if item is not None]

    def _scanned(self) -> None:
        line = self.scan_edit.text()
        self.scan_edit.clear()
        if line.strip():
            self.add_line(line)

    def add_line(self, line: str) -> str | None:
        """Check a scanner line at once and add its dossier; the code, or None if refused."""
        number = self.table.rowCount() + 1
        try:
            code = read_scanned_code(line, number)
        except DeskError as error:
            self._say(error_text(error, self.language), bad=True)
            return None
        if code in self.codes():
            row = self.codes().index(code) + 1
            self._say(
                self.tr("Mã {code} đã quét ở dòng {row}; không thêm lần nữa.").format(
                    code=code, row=row
                ),
                bad=True,
            )
            return None
        if self.table.rowCount() >= MAX_BATCH:
            self._say(
                self.tr("Một lần bàn giao nhận nhiều nhất {limit} hồ sơ.").format(limit=MAX_BATCH),
                bad=True,
            )
            return None
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, _CODE, QTableWidgetItem(code))
        self.table.setItem(row, _APPLICANT, QTableWidgetItem(self.tr("đang tìm…")))
        self.table.setItem(row, _PROCEDURE, QTableWidgetItem(""))
        pages = QSpinBox()
        pages.setRange(0, MAX_PAGES)
        pages.setSpecialValueText(self.tr("chưa đếm"))
        pages.setToolTip(self.tr("Số trang người nhận kiểm đếm; để trống nếu chưa đếm."))
        self.table.setCellWidget(row, _PAGES, pages)
        self.table.scrollToBottom()
        self._say(self.tr("Đã thêm {code}.").format(code=code), bad=False)
        self._enable()
        run_operation(
            self,
            lambda: get_dossier(self.workspace, self.actor, code),
            lambda record: self._found(code, record),
            lambda error: self._not_found(code, error),
            block_parent=False,
        )
        return code

    def _row_of(self, code: str) -> int:
        return self.codes().index(code) if code in self.codes() else -1

    def _found(self, code: str, record: DossierRecord) -> None:
        row = self._row_of(code)
        if row < 0:
            return
        for column, text in (
            (_APPLICANT, record.applicant.name),
            (_PROCEDURE, record.procedure_name),
        ):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.table.setItem(row, column, item)

    def _not_found(self, code: str, error: Exception) -> None:
        log_failure(error)
        row = self._row_of(code)
        if row < 0:
            return
        item = QTableWidgetItem(error_text(error, self.language))
        item.setForeground(BAD_RED)
        self.table.setItem(row, _APPLICANT, item)

    def set_pages(self, code: str, pages: int) -> None:
        spin = self._pages_spin(self._row_of(code))
        if spin is not None:
            spin.setValue(pages)

    def _pages_spin(self, row: int) -> QSpinBox | None:
        widget = self.table.cellWidget(row, _PAGES) if row >= 0 else None
        return widget if isinstance(widget, QSpinBox) else None

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.table.removeRow(rows[0].row())
        self._enable()

    def _say(self, text: str, *, bad: bool) -> None:
        self.scan_message.setText(text)
        self.scan_message.setStyleSheet(f"color: {BAD_RED.name() if bad else '#1b6e20'};")
        self.scan_message.show()

    def _enable(self) -> None:
        done = self.batch is not None
        count = self.table.rowCount()
        self.count_label.setText(self.tr("%n hồ sơ", "", count))
        for widget in (self.scan_edit, self.from_edit, self.to_edit, self.note_edit):
            widget.setEnabled(not done)
        for row in range(count):
            spin = self._pages_spin(row)
            if spin is not None:
                spin.setEnabled(not done)  # the pages recorded are the list's
        self.remove_button.setEnabled(not done and count > 0)
        self.record_button.setEnabled(not done and count > 0)
        self.print_button.setEnabled(done)
        self.save_button.setEnabled(done)

    # --- recording ----------------------------------------------------------------------

    def items(self) -> list[HandoverItem]:
        found = []
        for row, code in enumerate(self.codes()):
            spin = self._pages_spin(row)
            pages = spin.value() if spin is not None else 0
            found.append(HandoverItem(code, pages or None))
        return found

    def record(self) -> Operation[HandoverBatch] | None:
        if self.batch is not None:
            return None
        items = self.items()
        to_name, from_name, note = self.to_edit.text(), self.from_edit.text(), self.note_edit.text()
        return run_operation(
            self,
            lambda: record_handover(
                self.workspace, self.actor, items, to_name=to_name, from_name=from_name, note=note
            ),
            self._recorded,
            self._refused,
        )

    def _refused(self, error: Exception) -> None:
        show_error(self, error)
        field = getattr(error, "field", None)
        target = {"to_name": self.to_edit, "from_name": self.from_edit}.get(str(field))
        give_focus(target or self.scan_edit)

    def _recorded(self, batch: HandoverBatch) -> None:
        self.batch = batch
        self.result_label.setText(
            self.tr(
                "Đã ghi bàn giao {count} hồ sơ, số {label}, từ {giver} cho {receiver}. Hãy in "
                "danh sách để hai bên ký."
            ).format(
                count=len(batch.entries),
                label=batch.label,
                giver=batch.from_name,
                receiver=batch.to_name,
            )
        )
        self.result_label.setStyleSheet("color: #1b6e20; font-weight: bold;")
        self.result_label.show()
        self.scan_message.hide()
        self._enable()
        self.recorded.emit(batch)
        give_focus(self.print_button)

    # --- the list -----------------------------------------------------------------------

    def print_list(self) -> Operation[bytes] | None:
        """Render the list off the UI thread, then send it to the default printer."""
        batch = self.batch
        if batch is None:
            return None
        return run_operation(
            self,
            lambda: render_handover_list_of(self.workspace, self.actor, batch.batch_id),
            self._print,
        )

    def _print(self, pdf: bytes) -> None:
        assert self.batch is not None
        printers = QPrinterInfo.availablePrinters()
        if not printers:
            show_error(self, PlainFailure(self.tr("Máy tính này chưa kết nối máy in nào.")))
            return
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.batch.label)
        document = load_pdf(pdf)
        try:
            paint_pdf(document, printer)
        finally:
            document.close()
        self.status_message.emit(
            self.tr("Đã gửi danh sách bàn giao {label} tới máy in {printer}.").format(
                label=self.batch.label, printer=info.printerName()
            )
        )

    def suggested_file_name(self) -> str:
        label = self.batch.label if self.batch is not None else "ban-giao"
        return self.tr("ban-giao-{label}.pdf").format(label=label)

    def choose_list_file(self) -> QFileDialog | None:
        if self.batch is None:
            return None
        dialog = QFileDialog(self, self.tr("Lưu danh sách bàn giao"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilter(self.tr("Tệp PDF (*.pdf)"))
        dialog.setDefaultSuffix("pdf")
        dialog.selectFile(self.suggested_file_name())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(lambda name: self.save_list_to(Path(name)))
        dialog.open()
        return dialog

    def save_list_to(self, path: Path) -> Operation[None] | None:
        """Write the list to ``path`` (whole or not at all, by the service)."""
        batch = self.batch
        if batch is None:
            return None

        def saved(_none: None) -> None:
            text = self.tr("Đã lưu danh sách bàn giao vào {path}.").format(path=path)
            self.result_label.setText(text)
            self.status_message.emit(text)

        return run_operation(
            self,
            lambda: save_handover_list(self.workspace, self.actor, batch.batch_id, path),
            saved,
        )
