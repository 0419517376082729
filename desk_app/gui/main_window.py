"""The counter window: the intake screen and today's dossiers, one tab each.

The window owns the change bus (`gui.changes`) and hands it to its views; they tell each other
what changed through it, never by calling each other's refresh. Work the intake screen does not
need to be usable (reading today's list, `app.start_counter`) starts on ``first_painted``, once
the window is on screen, so it never competes with drawing it.

While a save or a receipt print runs, the File menu's actions wait (a new form would wipe one
whose save may yet be refused), and closing the window waits too: it closes once they have
answered, so their answer (the receipt, a refusal) lands in a window on screen, never after
the event loop has stopped. If that answer is a message for the officer, it stays open.
"""

from __future__ import annotations

from typing import Any

from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import show_message
from desk_app.gui.forms.ui_main_window import Ui_MainWindow
from desk_app.gui.intake import IntakeView
from desk_app.gui.operations import Operation, blocking_operations
from desk_app.gui.qt import (
    QCloseEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPaintEvent,
    QShortcut,
    QTimer,
    QWidget,
    Signal,
)
from desk_app.gui.receipt_jobs import ReceiptJobs
from desk_app.gui.receipt_output import ReceiptOutput
from desk_app.gui.state import GuiState
from desk_app.gui.today import TodayView
from desk_app.services.catalogue import ProcedureIndex
from desk_app.services.context import Actor, Workspace

STATUS_TIMEOUT_MS = 15_000
GEOMETRY_KEY = "main_window/geometry"


class MainWindow(QMainWindow):
    first_painted = Signal()  # once, on the turn of the event loop after the first paint

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        state: GuiState,
        index: ProcedureIndex | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.state = state
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self._painted = False
        self._close_pending = False  # closing waits for a save or a print
        self._awaited: set[Operation[Any]] = set()
        self.bus = ChangeBus(self)
        self.output = ReceiptOutput(state, self)
        self.receipts = ReceiptJobs(workspace, actor, self.output, self.bus)
        self.intake = IntakeView(workspace, actor, self.receipts, self.bus, index)
        self.today = TodayView(workspace, actor, self.receipts, self.bus)
        self.ui.intake_page_layout.addWidget(self.intake)
        self.ui.today_page_layout.addWidget(self.today)
        office = actor.office.name
        self.setWindowTitle(self.tr("Bộ phận một cửa — {office}").format(office=office))
        identity = QLabel(
            self.tr("{office} · {workstation} · Cán bộ: {officer}").format(
                office=office,
                workstation=actor.workstation.name if actor.workstation else "—",
                officer=actor.officer.full_name if actor.officer else "—",
            )
        )
        self.ui.status_bar.addPermanentWidget(identity)
        for view in (self.intake, self.today):
            view.status_message.connect(self.show_status)
        self.today.count_changed.connect(self._show_count)  # the .ui's title until it is read
        self.first_painted.connect(self.today.refresh)
        self.ui.new_intake_action.triggered.connect(self.new_intake)
        self.ui.choose_pdf_folder_action.triggered.connect(self.intake.choose_pdf_folder)
        self.ui.quit_action.triggered.connect(self.close)
        self.intake.busy_changed.connect(self._intake_busy)
        self.ui.shortcuts_action.triggered.connect(self.show_shortcuts)
        for page, keys in enumerate(("Ctrl+1", "Ctrl+2")):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda page=page: self.show_view(page)
            )
        geometry = state.bytes(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.ui.views_tab_widget.setCurrentIndex(0)
        self.intake.focus_search()

    def show_view(self, index: int) -> None:
        self.ui.views_tab_widget.setCurrentIndex(index)
        if index == 0:
            self.intake.focus_search()
        else:
            self.today.ui.today_table.setFocus()

    def new_intake(self) -> None:
        self.show_view(0)
        self.intake.start_over()

    def _intake_busy(self, busy: bool) -> None:
        for action in (
            self.ui.new_intake_action,
            self.ui.choose_pdf_folder_action,
            self.ui.quit_action,
        ):
            action.setEnabled(not busy)

    def show_status(self, text: str) -> None:
        self.ui.status_bar.showMessage(text, STATUS_TIMEOUT_MS)

    def _show_count(self, count: int) -> None:
        self.ui.views_tab_widget.setTabText(1, self.tr("Hồ sơ hôm nay: %n (Ctrl+2)", "", count))

    def show_shortcuts(self) -> None:
        show_message(
            self,
            self.tr(
                "F2: tìm thủ tục · Enter: chọn thủ tục · Phím cách: đánh dấu thành phần\n"
                "F8: dán mã QR căn cước · F12: lưu và in biên nhận · Ctrl+N: hồ sơ mới\n"
                "Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại"
            ),
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)

    def closeEvent(self, event: QCloseEvent) -> None:
        unfinished = blocking_operations(self)
        if unfinished:
            event.ignore()
            self._close_pending = True
            self.show_status(
                self.tr("Đang lưu hoặc in biên nhận; cửa sổ sẽ tự đóng khi xong việc.")
            )
            for operation in unfinished:
                if operation not in self._awaited:
                    self._awaited.add(operation)
                    operation.settled.connect(self._awaited_settled)
            return
        self._close_pending = False
        self.state.set_bytes(GEOMETRY_KEY, self.saveGeometry())
        self.state.sync()
        super().closeEvent(event)

    def _awaited_settled(self) -> None:
        """Close as asked once nothing is left running, unless the officer has a message to
        read (a refused save, a receipt not printed): then they close again after reading."""
        self._awaited = {operation for operation in self._awaited if not operation.done}
        if not self._close_pending or self._awaited:
            return
        if any(box.isVisible() for box in self.findChildren(QMessageBox)):
            self._close_pending = False
            self.show_status(self.tr("Cửa sổ chưa đóng: hãy xem thông báo trước."))
            return
        self.close()  # waits again if the answer started more work (a save's receipt)
