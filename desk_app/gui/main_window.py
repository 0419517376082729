"""The counter window: the intake screen and today's dossiers, one tab each."""

from __future__ import annotations

from desk_app.gui.feedback import show_message
from desk_app.gui.forms.ui_main_window import Ui_MainWindow
from desk_app.gui.intake import IntakeView
from desk_app.gui.qt import QCloseEvent, QKeySequence, QLabel, QMainWindow, QShortcut, QWidget
from desk_app.gui.receipt_output import ReceiptOutput
from desk_app.gui.state import GuiState
from desk_app.gui.today import TodayView
from desk_app.services.auth import OfficerInfo
from desk_app.services.desk import Desk

STATUS_TIMEOUT_MS = 15_000
GEOMETRY_KEY = "main_window/geometry"


class MainWindow(QMainWindow):
    def __init__(
        self, desk: Desk, officer: OfficerInfo, state: GuiState, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.desk = desk
        self.officer = officer
        self.state = state
        self.ui = Ui_MainWindow()
        self.ui.setupUi(self)
        self.output = ReceiptOutput(state, self)
        self.intake = IntakeView(desk, officer, self.output)
        self.today = TodayView(desk, officer, self.output)
        self.ui.intake_page_layout.addWidget(self.intake)
        self.ui.today_page_layout.addWidget(self.today)
        self.setWindowTitle(self.tr("Bộ phận một cửa — {office}").format(office=desk.office.name))
        identity = QLabel(
            self.tr("{office} · {workstation} · Cán bộ: {officer}").format(
                office=desk.office.name,
                workstation=desk.workstation.name,
                officer=officer.full_name,
            )
        )
        self.ui.status_bar.addPermanentWidget(identity)
        self.intake.dossier_saved.connect(lambda _record: self.today.refresh())
        for view in (self.intake, self.today):
            view.status_message.connect(self.show_status)
        self.today.count_changed.connect(self._show_count)
        self._show_count(len(self.today.records))
        self.ui.new_intake_action.triggered.connect(self.new_intake)
        self.ui.choose_pdf_folder_action.triggered.connect(self.intake.choose_pdf_folder)
        self.ui.quit_action.triggered.connect(self.close)
        self.ui.shortcuts_action.triggered.connect(self.show_shortcuts)
        for index, keys in enumerate(("Ctrl+1", "Ctrl+2")):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda index=index: self.show_view(index)
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

    def show_status(self, text: str) -> None:
        self.ui.status_bar.showMessage(text, STATUS_TIMEOUT_MS)

    def _show_count(self, count: int) -> None:
        self.ui.views_tab_widget.setTabText(
            1, self.tr("Hồ sơ hôm nay: {count} (Ctrl+2)").format(count=count)
        )

    def show_shortcuts(self) -> None:
        show_message(
            self,
            self.tr(
                "F2: tìm thủ tục · Enter: chọn thủ tục · Phím cách: đánh dấu thành phần\n"
                "F8: dán mã QR căn cước · F12: lưu và in biên nhận · Ctrl+N: hồ sơ mới\n"
                "Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại"
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.state.set_bytes(GEOMETRY_KEY, self.saveGeometry())
        self.state.sync()
        super().closeEvent(event)
