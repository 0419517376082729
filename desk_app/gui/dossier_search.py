"""Find a dossier (Ctrl+F) and open it, or open one by its code (Ctrl+O).

The search is `services.search.search_dossiers`: a code (typed or scanned, the receipt's QR
too) finds that dossier alone and opens it at once; words find the applicants, codes, ID
numbers and phones that hold them all, diacritics-insensitive (đ = d), newest first,
narrowed by state, procedure and the days of receipt if asked. It runs off the UI thread;
the dialog stays usable meanwhile.

Keys: the text field has the focus; Enter there searches, Down goes to the results, Enter
(or a double-click) on a result opens it and closes the dialog, Esc closes it.
"""

from __future__ import annotations

from datetime import date

from desk_app.core.errors import DeskError
from desk_app.core.lifecycle import STATE_LABELS, DossierState
from desk_app.gui.feedback import show_error, show_message
from desk_app.gui.operations import Operation, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QComboBox,
    QDate,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    Qt,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.texts import office_moment_text
from desk_app.i18n import translate
from desk_app.services.catalogue import list_procedures
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.search import SearchFilters, code_in, search_dossiers

# A day edit at its minimum shows its "no day" text: the filter is off.
_NO_DAY = QDate(2000, 1, 1)


def _day_edit(name: str, none_text: str) -> QDateEdit:
    edit = QDateEdit()
    edit.setObjectName(name)
    edit.setDisplayFormat("dd/MM/yyyy")
    edit.setCalendarPopup(True)
    edit.setMinimumDate(_NO_DAY)
    edit.setSpecialValueText(none_text)
    edit.setDate(_NO_DAY)
    return edit


def _day_of(edit: QDateEdit) -> date | None:
    chosen = edit.date()
    if chosen == _NO_DAY:
        return None
    return date(chosen.year(), chosen.month(), chosen.day())


class _SearchEdit(QLineEdit):
    """Down moves to the results (``down_pressed``)."""

    down_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        super().keyPressEvent(event)


class DossierSearchDialog(QDialog):
    """``open_code(code)`` when the officer picks a dossier (then the dialog closes)."""

    open_code = Signal(str)

    def __init__(self, workspace: Workspace, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.language = workspace.settings.language
        self.records: list[DossierRecord] = []
        self._searching: Operation[list[DossierRecord]] | None = None
        self.setWindowTitle(self.tr("Tìm hồ sơ"))
        self.text_edit = _SearchEdit()
        self.text_edit.setObjectName("search_text_edit")
        self.text_edit.setPlaceholderText(
            self.tr("Mã hồ sơ, tên người nộp (không cần dấu), số giấy tờ, số điện thoại…")
        )
        text_label = QLabel(self.tr("&Tìm:"))
        text_label.setBuddy(self.text_edit)
        self.state_combo = QComboBox()
        self.state_combo.setObjectName("search_state_combo")
        self.state_combo.addItem(self.tr("Mọi trạng thái"), None)
        for state in DossierState:
            self.state_combo.addItem(translate(STATE_LABELS[state], self.language), state.value)
        state_label = QLabel(self.tr("Trạ&ng thái:"))
        state_label.setBuddy(self.state_combo)
        self.procedure_combo = QComboBox()
        self.procedure_combo.setObjectName("search_procedure_combo")
        self.procedure_combo.addItem(self.tr("Mọi thủ tục"), None)
        for procedure in list_procedures(workspace):
            self.procedure_combo.addItem(f"{procedure.code} {procedure.name}", procedure.code)
        self.procedure_combo.setMaximumWidth(420)
        procedure_label = QLabel(self.tr("Thủ tụ&c:"))
        procedure_label.setBuddy(self.procedure_combo)
        self.from_edit = _day_edit("search_from_edit", self.tr("từ đầu"))
        self.to_edit = _day_edit("search_to_edit", self.tr("đến nay"))
        from_label = QLabel(self.tr("Nhận &từ ngày:"))
        from_label.setBuddy(self.from_edit)
        to_label = QLabel(self.tr("đến n&gày:"))
        to_label.setBuddy(self.to_edit)
        self.search_button = QPushButton(self.tr("Tìm (Enter)"))
        self.search_button.setAutoDefault(False)
        self.search_button.clicked.connect(self.search)
        top = QHBoxLayout()
        top.addWidget(text_label)
        top.addWidget(self.text_edit, 1)
        top.addWidget(state_label)
        top.addWidget(self.state_combo)
        top.addWidget(self.search_button)
        narrow = QHBoxLayout()
        narrow.addWidget(procedure_label)
        narrow.addWidget(self.procedure_combo, 1)
        narrow.addWidget(from_label)
        narrow.addWidget(self.from_edit)
        narrow.addWidget(to_label)
        narrow.addWidget(self.to_edit)

        self.results_table = QTableWidget(0, 5)
        self.results_table.setObjectName("search_results_table")
        self.results_table.setHorizontalHeaderLabels(
            [
                self.tr("Mã hồ sơ"),
                self.tr("Người nộp"),
                self.tr("Thủ tục"),
                self.tr("Trạng thái"),
                self.tr("Tiếp nhận"),
            ]
        )
        table = self.results_table
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setTabKeyNavigation(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        for column in (0, 1, 3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        table.activated.connect(lambda index: self.open_row(index.row()))
        self.summary_label = QLabel(self.tr("Gõ từ cần tìm rồi nhấn Enter."))
        self.open_button = QPushButton(self.tr("&Mở hồ sơ"))
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(lambda: self.open_row(table.currentRow()))
        close = QPushButton(self.tr("Đóng (Esc)"))
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.summary_label, 1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(narrow)
        layout.addWidget(table, 1)
        layout.addLayout(bottom)
        self.text_edit.returnPressed.connect(self.search)
        self.text_edit.down_pressed.connect(self._to_results)
        self.resize(980, 520)

    def search(self) -> Operation[list[DossierRecord]] | None:
        """Search in the background; None when the filters themselves are refused (said)."""
        workspace, actor = self.workspace, self.actor
        text = self.text_edit.text()
        value = self.state_combo.currentData()
        try:
            filters = SearchFilters(
                state=DossierState(value) if value else None,
                procedure_code=self.procedure_combo.currentData(),
                received_from=_day_of(self.from_edit),
                received_to=_day_of(self.to_edit),
            )
        except DeskError as error:  # the days the wrong way round: said, nothing searched
            self._failed(error)
            return None
        self.summary_label.setText(self.tr("Đang tìm…"))
        self._searching = run_operation(
            self,
            lambda: search_dossiers(workspace, actor, text, filters),
            lambda records: self._show(records, code_in(text.strip()) is not None),
            self._failed,
            block_parent=False,
        )
        return self._searching

    @property
    def searching(self) -> bool:
        return self._searching is not None and not self._searching.done

    def _failed(self, error: Exception) -> None:
        self.summary_label.setText("")
        show_error(self, error)

    def _show(self, records: list[DossierRecord], by_code: bool) -> None:
        self.records = records
        table = self.results_table
        table.setRowCount(len(records))
        for row, record in enumerate(records):
            cells = (
                record.code,
                record.applicant.name,
                record.procedure_name,
                translate(STATE_LABELS[record.state], self.language),
                office_moment_text(record.received_at),
            )
            for column, text in enumerate(cells):
                table.setItem(row, column, QTableWidgetItem(text))
        self.summary_label.setText(self.tr("Tìm thấy %n hồ sơ.", "", len(records)))
        if by_code and len(records) == 1:
            self.open_row(0)  # a scanned or typed code: that dossier, at once
        elif records:
            table.selectRow(0)

    def _to_results(self) -> None:
        if self.records:
            self.results_table.setFocus()
            self.results_table.selectRow(max(0, self.results_table.currentRow()))

    def open_row(self, row: int) -> None:
        if 0 <= row < len(self.records):
            code = self.records[row].code
            self.accept()
            self.open_code.emit(code)


class OpenCodeDialog(QDialog):
    """Type or scan a dossier's code; ``open_code(code)`` when it is one."""

    open_code = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.language = workspace.settings.language
        self.setWindowTitle(self.tr("Mở hồ sơ theo mã"))
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("open_code_edit")
        self.code_edit.setPlaceholderText(self.tr("Ví dụ 000.00.19.H26-250715-1001"))
        label = QLabel(self.tr("&Mã hồ sơ:"))
        label.setBuddy(self.code_edit)
        self.open_button = QPushButton(self.tr("Mở (Enter)"))
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.submit)
        cancel = QPushButton(self.tr("Hủy (Esc)"))
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.code_edit, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)

    def submit(self) -> None:
        typed = self.code_edit.text().strip()
        code = code_in(typed)
        if code is None:
            show_message(
                self,
                self.tr(
                    "“{text}” không phải mã hồ sơ; mã có dạng 000.00.19.H26-250715-1001."
                ).format(text=typed),
                QMessageBox.Icon.Warning,
            )
            self.code_edit.setFocus()
            return
        self.accept()
        self.open_code.emit(code)
