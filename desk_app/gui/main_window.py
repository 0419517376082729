"""The counter window: the intake screen and today's dossiers, one tab each.

The window owns the change bus (`gui.changes`) and hands it to its views; they tell each other
what changed through it, never by calling each other's refresh. Work the intake screen does not
need to be usable (reading today's list, `app.start_counter`) starts on ``first_painted``, once
the window is on screen, so it never competes with drawing it.

While a save or a receipt print runs, the File menu's actions wait (a new form would wipe one
whose save may yet be refused), and closing the window waits too: it closes once they have
answered, so their answer (the receipt, a refusal) lands in a window on screen, never after
the event loop has stopped. If that answer is a message for the officer, it stays open.
Closing with a half-filled form asks first (issue 7, item 8).

The queue panel (`gui.queue_panel`) is docked on the right. Its keys (F3 call next ... F11,
Ctrl+G) belong to the window, so they work wherever the focus is, even with the panel hidden:
its answers go to the status bar too. Ctrl+3 shows it and puts the keys in its waiting list, or
hides it again. A 1366-pixel laptop has no room for it beside the intake screen with a long
procedure, so it starts hidden on screens that narrow until the officer shows it once (the
choice is remembered). It follows the queue from the first paint until the window closes.
The dossier a result ticket names opens in today's list when it is there, else as a summary.

A supervisor or an administrator also has the Xếp hàng menu: the day's queue figures (Ctrl+4,
`gui.queue_figures`), read from the same queue as the panel; an officer does not see it.

The title names only whose counter this is: the platform adds the application's name itself
(`translation.name_application`). The language is chosen from Help > "Ngôn ngữ / Language",
written into the settings file, and applied at once: the catalogues are swapped and both
views are built again in the new language (the form is empty by then, or the officer agreed
to drop it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from desk_app.config import save_language
from desk_app.gui.attachments_view import AttachmentsView
from desk_app.gui.changes import ChangeBus
from desk_app.gui.code_scanner import DossierCodeWedge
from desk_app.gui.dossier_search import DossierSearchDialog, OpenCodeDialog
from desk_app.gui.dossier_view import DossierView
from desk_app.gui.feedback import ask, error_text, show_error, show_message
from desk_app.gui.forms.ui_main_window import Ui_MainWindow
from desk_app.gui.handover_dialog import HandoverDialog
from desk_app.gui.intake import IntakeView
from desk_app.gui.operations import Operation, blocking_operations, run_operation
from desk_app.gui.period_report_view import PeriodReportDialog
from desk_app.gui.qt import (
    QApplication,
    QCloseEvent,
    QDialog,
    QDockWidget,
    QEvent,
    QKeySequence,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPaintEvent,
    QShortcut,
    QSize,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
    qt_object_alive,
)
from desk_app.gui.queue_figures import QueueFiguresDialog, may_see_figures
from desk_app.gui.queue_panel import QueuePanel
from desk_app.gui.receipt_jobs import ReceiptJobs
from desk_app.gui.receipt_output import ReceiptOutput
from desk_app.gui.state import GuiState
from desk_app.gui.sync_status import attach as attach_sync_monitor
from desk_app.gui.today import TodayView
from desk_app.gui.translation import switch_language as install_language
from desk_app.gui.work_list import WorkListView
from desk_app.services.catalogue import ProcedureIndex
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.search import NotAScannedCode

log = logging.getLogger(__name__)

STATUS_TIMEOUT_MS = 15_000
GEOMETRY_KEY = "main_window/geometry"
QUEUE_KEY = "main_window/queue_panel"  # "shown" or "hidden", as the officer left it
# The widest intake screen (a long procedure, a card banner) and the queue panel side by side.
QUEUE_BESIDE_WIDTH = 1600
DOSSIER_PAGE = 2  # the tab of the dossier view (ui/main_window.ui)
# Room left for the window's title bar and frame when it is first sized to the screen.
FRAME_ALLOWANCE = QSize(16, 40)


def first_start_size(preferred: QSize, minimum: QSize, available: QSize) -> QSize:
    """The window's size on a first start: the designed one (at least what its contents
    need), shrunk to fit the screen's free area with its frame (a 1366x768 laptop with a
    taskbar leaves about 1366x728)."""
    return preferred.expandedTo(minimum).boundedTo(available - FRAME_ALLOWANCE)


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
        self._quit_agreed = False  # the officer agreed to drop a half-filled form
        self._question: QMessageBox | None = None
        self._awaited: set[Operation[Any]] = set()
        self._index = index if index is not None else ProcedureIndex.load(workspace)
        self.bus = ChangeBus(self)
        self.output = ReceiptOutput(state, self)
        self.receipts = ReceiptJobs(workspace, actor, self.output, self.bus)
        self.identity_label = QLabel()
        self.ui.status_bar.addPermanentWidget(self.identity_label)
        self.backup_label = QLabel()  # the last backup's age (issue 8, item 6)
        self.ui.status_bar.addPermanentWidget(self.backup_label)
        self.backup_days: int | None = None
        self.intake, self.today = self._build_views()
        self.queue_panel, self.queue_dock = self._build_queue_panel()
        self.figures: QueueFiguresDialog | None = None
        # A supervisor's or an administrator's menu: an officer does not see it (the queue
        # service refuses them the figures anyway).
        supervising = may_see_figures(actor)
        self.ui.queue_figures_action.setVisible(supervising)
        self.ui.queue_menu.menuAction().setVisible(supervising)
        self.ui.queue_figures_action.triggered.connect(self.open_figures)
        self.work_list: QWidget | None = None
        self._work_list_read = False
        self.work_list_label = QLabel()  # the work list's counts (issue 10, item 3)
        self.ui.status_bar.addPermanentWidget(self.work_list_label)
        # The district server's sync, in the background: only once this PC is enrolled.
        self.sync_monitor = attach_sync_monitor(self, workspace)
        self.dossier_view = self._build_dossier_view()
        self.search_dialog: DossierSearchDialog | None = None
        self.ui.search_action.triggered.connect(self.open_search)
        self.ui.open_code_action.triggered.connect(self.ask_code)
        self.ui.work_list_action.triggered.connect(self.show_work_list)
        self.ui.scans_action.triggered.connect(self.open_scans)
        # The period report (form II.06a): a supervisor's, as the service says.
        self.report_dialog: PeriodReportDialog | None = None
        self.report_action = self.ui.dossier_menu.addAction(
            self.tr("Báo cáo định kỳ (Biểu số II.06a)…")
        )
        self.report_action.setObjectName("report_action")
        self.report_action.setShortcut(QKeySequence("Ctrl+R"))
        self.report_action.setVisible(supervising)
        self.report_action.triggered.connect(self.open_report)
        self.ui.handover_action.triggered.connect(self.open_handover)
        QShortcut(QKeySequence("Ctrl+5"), self).activated.connect(
            lambda: self.show_view(DOSSIER_PAGE)
        )
        # A receipt's barcode or QR scanned anywhere in the window opens its dossier; the
        # intake screen keeps the ID-card QR lines (and digit barcodes) its own wedge reads.
        self.code_scanner = DossierCodeWedge(
            self,
            others_take=lambda widget, line: (
                self.intake.isAncestorOf(widget) and (line.isdigit() or "|" in line)
            ),
        )
        self.code_scanner.scanned.connect(self.open_dossier_view)
        self.code_scanner.not_a_code.connect(self._not_a_code)
        self.code_scanner.interrupted.connect(self._scan_interrupted)
        self.code_scanner.install()
        self.attach_work_list(WorkListView(self.workspace, self.actor, self.bus))
        self._show_texts()
        self.first_painted.connect(lambda: self.today.refresh())
        self.first_painted.connect(lambda: self.queue_panel.start_watching())
        self.ui.new_intake_action.triggered.connect(self.new_intake)
        self.ui.choose_pdf_folder_action.triggered.connect(lambda: self.intake.choose_pdf_folder())
        self.ui.quit_action.triggered.connect(self.close)
        self.ui.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.ui.vietnamese_action.triggered.connect(lambda: self.choose_language("vi"))
        self.ui.english_action.triggered.connect(lambda: self.choose_language("en"))
        self._check_language()
        for page, keys in enumerate(("Ctrl+1", "Ctrl+2")):
            QShortcut(QKeySequence(keys), self).activated.connect(
                lambda page=page: self.show_view(page)
            )
        QShortcut(QKeySequence("Ctrl+3"), self).activated.connect(self.toggle_queue)
        geometry = state.bytes(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            self._fit_screen()
        self.ui.views_tab_widget.setCurrentIndex(0)
        self.intake.focus_search()

    # -- the views ------------------------------------------------------------------------------

    def _build_views(self) -> tuple[IntakeView, TodayView]:
        """Both screens, in the language now installed, wired to the window."""
        intake = IntakeView(self.workspace, self.actor, self.receipts, self.bus, self._index)
        today = TodayView(self.workspace, self.actor, self.receipts, self.bus)
        self.ui.intake_page_layout.addWidget(intake)
        self.ui.today_page_layout.addWidget(today)
        for view in (intake, today):
            view.status_message.connect(self.show_status)
        today.count_changed.connect(self._show_count)  # the .ui's title until it is read
        intake.busy_changed.connect(self._intake_busy)
        return intake, today

    def _build_queue_panel(self) -> tuple[QueuePanel, QDockWidget]:
        """The queue panel in a dock on the right, hidden or shown as last left (at first:
        shown where the screen has room for it); its keys are the window's own."""
        panel = QueuePanel(self.workspace, self.actor, self.bus, keys_owner=self)
        dock = QDockWidget(self)
        dock.setObjectName("queue_dock")
        dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetClosable)
        dock.setWidget(panel)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        panel.open_dossier.connect(self.open_dossier)
        panel.status_message.connect(self.show_status)
        shown = self.state.text(QUEUE_KEY, "")
        if not shown:
            screen = self.screen()
            room = screen is not None and screen.availableGeometry().width() >= QUEUE_BESIDE_WIDTH
            shown = "shown" if room else "hidden"
        dock.setVisible(shown == "shown")
        return panel, dock

    def toggle_queue(self) -> None:
        """Ctrl+3: show the queue panel with the keys in its waiting list, or hide it when
        it already has them."""
        dock = self.queue_dock
        focus = QApplication.focusWidget()
        if dock.isVisible() and focus is not None and dock.isAncestorOf(focus):
            dock.hide()
            self.show_view(self.ui.views_tab_widget.currentIndex())
            return
        dock.show()
        self.queue_panel.focus_list()

    def open_figures(self) -> QueueFiguresDialog | None:
        """Ctrl+4: the day's queue figures, read from the panel's queue (local or the hub),
        in a window of their own that follows the queue while it is open."""
        if not may_see_figures(self.actor):
            return None
        figures = self.figures
        if figures is None or not qt_object_alive(figures):
            try:
                queue = self.queue_panel.queue
            except Exception as error:  # the hub's address in the settings is not usable
                show_error(self, error)
                return None
            figures = self.figures = QueueFiguresDialog(self.workspace, self.actor, queue, self)
        if figures.isVisible():
            figures.raise_()  # open already, behind the counter window
        figures.show()
        figures.activateWindow()
        figures.ui.date_edit.setFocus()
        figures.start_watching()
        return figures

    def open_dossier(self, code: str) -> None:
        """Show the dossier a ticket names: selected in today's list when it is listed
        there, else its summary (received on another day or at another workstation)."""
        row = next((i for i, r in enumerate(self.today.records) if r.code == code), -1)
        if row >= 0:
            self.show_view(1)
            self.today.ui.today_table.selectRow(row)
            return
        from desk_app.services.dossiers import get_dossier

        workspace, actor = self.workspace, self.actor
        run_operation(
            self.queue_panel,
            lambda: get_dossier(workspace, actor, code),
            self._show_dossier,
            self._dossier_not_shown,
            block_parent=False,
        )

    # -- the dossier view, search and the work list (issue 10) ----------------------------------

    def _build_dossier_view(self) -> DossierView:
        view = DossierView(self.workspace, self.actor, self.output, self.bus)
        self.ui.dossier_page_layout.addWidget(view)
        view.status_message.connect(self.show_status)
        return view

    def open_dossier_view(self, code: str) -> None:
        """Show the dossier ``code`` in its own tab (a scanned receipt, a search, the work
        list): its facts, history and the acts it allows."""
        self.show_view(DOSSIER_PAGE)
        self.dossier_view.open(code)

    def _not_a_code(self) -> None:
        self.show_status(error_text(NotAScannedCode(), self.language))

    def _scan_interrupted(self) -> None:
        self.show_status(
            self.tr("Quét mã bị ngắt giữa chừng; hãy quét lại mã trên giấy tiếp nhận.")
        )

    def open_search(self) -> DossierSearchDialog:
        """Ctrl+F: the search dialog (one, kept with what was last searched)."""
        dialog = self.search_dialog
        if dialog is None or not qt_object_alive(dialog):
            dialog = self.search_dialog = DossierSearchDialog(self.workspace, self.actor, self)
            dialog.open_code.connect(self.open_dossier_view)
        dialog.open()
        dialog.text_edit.setFocus()
        dialog.text_edit.selectAll()
        return dialog

    def open_report(self) -> PeriodReportDialog | None:
        """Ctrl+R: the period report (one window, kept with its last figures)."""
        if not may_see_figures(self.actor):
            return None
        dialog = self.report_dialog
        if dialog is None or not qt_object_alive(dialog):
            dialog = self.report_dialog = PeriodReportDialog(self.workspace, self.actor, self)
            dialog.open_code.connect(self.open_dossier_view)
        dialog.open()
        return dialog

    def ask_code(self) -> OpenCodeDialog:
        """Ctrl+O: type (or scan) a code and open that dossier."""
        dialog = OpenCodeDialog(self.workspace, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open_code.connect(self.open_dossier_view)
        dialog.open()
        dialog.code_edit.setFocus()
        return dialog

    def open_scans(self) -> QDialog | None:
        """Ctrl+6: the scans of the dossier in the dossier view (add by file, drop or the
        scanner's folder; view; check), in a window of their own."""
        code = self.dossier_view.code
        if code is None:
            self.show_status(self.tr("Hãy mở một hồ sơ trước (Ctrl+F, Ctrl+O hoặc quét giấy)."))
            return None
        dialog = QDialog(self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.setWindowTitle(self.tr("Bản quét của hồ sơ {code}").format(code=code))
        view = AttachmentsView(self.workspace, self.actor, dialog, state=self.state)
        layout = QVBoxLayout(dialog)
        layout.addWidget(view)
        view.files_changed.connect(lambda _code: self.dossier_view.refresh())
        view.show_dossier(code)
        dialog.resize(1100, 640)
        dialog.show()
        return dialog

    def open_handover(self) -> HandoverDialog:
        """Ctrl+7: hand paper folders over, scanned one after another, with a printed list."""
        dialog = HandoverDialog(self.workspace, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status_message.connect(self.show_status)
        dialog.show()
        return dialog

    def attach_work_list(self, view: QWidget) -> None:
        """The hook for the work list (`gui.work_list.WorkListView`): its own tab (Ctrl+0,
        Hồ sơ > Việc cần làm), its counts in the status bar, its dossiers opening here. It
        reads itself first once the window is painted, then on its own timer."""
        self.work_list = view
        page = QWidget()
        page.setObjectName("work_list_page")
        layout = QVBoxLayout(page)
        layout.addWidget(view)
        self.ui.views_tab_widget.addTab(page, self.tr("Việc cần làm (Ctrl+0)"))
        self.ui.work_list_action.setVisible(True)
        if isinstance(view, WorkListView):
            view.open_dossier.connect(self.open_dossier_view)
            view.counts_changed.connect(self.work_list_label.setText)
            view.apology_made.connect(lambda _result: self.dossier_view.refresh())
            self.first_painted.connect(view.refresh)
            if not self._work_list_read:
                view.counts_changed.connect(self._first_counts)

    def _first_counts(self, _text: str) -> None:
        """The work list opens with the app (issue 10, item 3) when something is overdue, due
        today or about to be late, unless the officer has begun a dossier meanwhile; a quiet
        day opens on the intake screen."""
        view = self.work_list
        if self._work_list_read or not isinstance(view, WorkListView):
            return
        self._work_list_read = True  # once per start: a language switch does not jump
        if view.needs_attention() and not self.intake.has_unsaved_input():
            self.show_work_list()

    def show_work_list(self) -> None:
        if self.work_list is None:
            return
        tabs = self.ui.views_tab_widget
        for index in range(tabs.count()):
            page = tabs.widget(index)
            if page is not None and page.isAncestorOf(self.work_list):
                self.show_view(index)
                return

    def _dossier_not_shown(self, error: Exception) -> None:
        show_error(self, error)

    def _show_dossier(self, record: DossierRecord) -> None:
        from desk_app.gui.texts import office_moment_text
        from desk_app.i18n import translate

        show_message(
            self,
            self.tr(
                "Hồ sơ {code}\nThủ tục: {procedure}\nNgười nộp: {name}\n"
                "Trạng thái: {state}\nHẹn trả: {due}"
            ).format(
                code=record.code,
                procedure=record.procedure_name,
                name=record.applicant.name,
                state=translate(record.state_label, self.language),
                due=office_moment_text(record.due_at),
            ),
        )

    def _fit_screen(self) -> None:
        screen = self.screen()
        if screen is None:
            return
        available = screen.availableGeometry()
        self.resize(first_start_size(self.size(), self.minimumSizeHint(), available.size()))
        frame = self.frameGeometry()
        frame.moveCenter(available.center())
        self.move(frame.topLeft())

    def show_backup_age(self, days: int | None) -> None:
        """Days since the last backup in the status bar (None: there is none yet)."""
        self.backup_days = days
        if days is None:
            text = self.tr("Chưa có bản sao lưu")
        elif days == 0:
            text = self.tr("Sao lưu: hôm nay")
        else:
            text = self.tr("Sao lưu: %n ngày trước", "", days)
        self.backup_label.setText(text)

    def _show_texts(self) -> None:
        """What the window says besides its .ui texts: whose counter, in the current language."""
        self.show_backup_age(self.backup_days)
        actor = self.actor
        workstation = actor.workstation.name if actor.workstation else ""
        officer = actor.officer.full_name if actor.officer else ""
        # Names only: the platform appends the application's name (" — Bộ phận một cửa").
        self.setWindowTitle(" · ".join(p for p in (actor.office.name, workstation, officer) if p))
        self.queue_dock.setWindowTitle(self.tr("Hàng đợi"))
        self.identity_label.setText(
            self.tr("{office} · {workstation} · Cán bộ: {officer}").format(
                office=actor.office.name, workstation=workstation or "—", officer=officer or "—"
            )
        )

    def show_view(self, index: int) -> None:
        self.ui.views_tab_widget.setCurrentIndex(index)
        page = self.ui.views_tab_widget.widget(index)
        if index == 0:
            self.intake.focus_search()
        elif page is self.ui.dossier_page:
            self.dossier_view.focus_first()
        elif self.work_list is not None and page is not None and page.isAncestorOf(self.work_list):
            self.work_list.setFocus()
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
            self.ui.vietnamese_action,
            self.ui.english_action,
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
                "Ctrl+1: tiếp nhận · Ctrl+2: hồ sơ hôm nay · F5: làm mới · Ctrl+P: in lại\n"
                "Hàng đợi: F3 gọi tiếp · F4 gọi lại · F6 bắt đầu · F7 xong · F10 vắng mặt\n"
                "F11 chuyển số · Ctrl+G gọi một số · F9 cấp số · Ctrl+3 hiện/ẩn hàng đợi"
            ),
        )

    # -- the language ---------------------------------------------------------------------------

    @property
    def language(self) -> str:
        return self.workspace.settings.language

    def _check_language(self) -> None:
        self.ui.vietnamese_action.setChecked(self.language == "vi")
        self.ui.english_action.setChecked(self.language == "en")

    def choose_language(self, language: str) -> None:
        """Save ``language`` as this workstation's and speak it now. A half-filled form would
        be lost with the screens built again: the officer is asked first."""
        self._check_language()  # until it is really switched
        if language == self.language:
            return
        if blocking_operations(self):
            self.show_status(self.tr("Đang lưu hoặc in biên nhận; hãy đổi ngôn ngữ sau."))
            return
        if self.intake.has_unsaved_input():
            self._ask(
                self.tr(
                    "Hồ sơ đang nhập chưa được lưu. Đổi ngôn ngữ sẽ xóa những gì đã nhập. "
                    "Vẫn đổi ngôn ngữ?"
                ),
                self.tr("Đổi ngôn ngữ"),
                self.tr("Ở lại"),
                lambda: self.switch_language(language),
            )
            return
        self.switch_language(language)

    def switch_language(self, language: str) -> None:
        """Write the choice into the settings file, then rebuild the screens in ``language``."""
        if blocking_operations(self):  # a save started while the question was open
            self.show_status(self.tr("Đang lưu hoặc in biên nhận; hãy đổi ngôn ngữ sau."))
            return
        not_saved: str | None = None  # why the settings file keeps the old language
        try:
            save_language(language)
        except (OSError, ValueError) as error:
            log.warning("language not saved in the settings file", exc_info=error)
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            not_saved = str(reason)
        self.workspace.settings = self.workspace.settings.model_copy(update={"language": language})
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        install_language(app, language)
        self.ui.retranslateUi(self)  # the LanguageChange event follows; its work is done here
        self._rebuild_views()
        self._show_texts()
        self._check_language()
        log.info("language switched to %s", language)
        if not_saved is not None:
            show_message(
                self,
                self.tr(
                    "Không lưu được lựa chọn ngôn ngữ vào tệp cài đặt ({reason}); lần mở sau "
                    "chương trình dùng lại ngôn ngữ cũ."
                ).format(reason=not_saved),
                QMessageBox.Icon.Warning,
            )
        else:
            # Said in the new language: the source text in Vietnamese, English's in English.
            self.show_status(self.tr("Giao diện đã chuyển sang tiếng Việt."))

    def _rebuild_views(self) -> None:
        old = (self.intake, self.today)
        page = self.ui.views_tab_widget.currentIndex()
        for view in old:
            view.hide()
            view.setParent(None)
            view.deleteLater()  # an answer still on its way to it is dropped (`operations`)
        self.intake, self.today = self._build_views()
        self.today.refresh()
        self._rebuild_dossier_views()
        self.show_view(page)

    def _rebuild_dossier_views(self) -> None:
        """The dossier view (the same dossier open again) and the work list, in the new
        language."""
        code = self.dossier_view.code
        for old in (self.dossier_view, self.work_list):
            if old is not None:
                old.hide()
                old.setParent(None)
                old.deleteLater()
        self.dossier_view = self._build_dossier_view()
        if code is not None:
            self.dossier_view.open(code)
        tabs = self.ui.views_tab_widget
        page = tabs.findChild(QWidget, "work_list_page")
        if page is not None and self.work_list is not None:
            tabs.removeTab(tabs.indexOf(page))
            page.deleteLater()
            view = WorkListView(self.workspace, self.actor, self.bus)
            self.attach_work_list(view)
            view.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            # Another catalogue came in (`switch_language` has done this already, harmlessly
            # twice): the .ui texts and the window's own.
            self.ui.retranslateUi(self)
            self._show_texts()
        super().changeEvent(event)

    # -- closing --------------------------------------------------------------------------------

    def _ask(self, text: str, yes: str, no: str, on_yes: Callable[[], None]) -> None:
        """One question at a time on this window; ``on_yes`` if the officer agrees."""
        question = self._question
        if question is not None and qt_object_alive(question) and question.isVisible():
            question.raise_()
            return
        self._question = ask(self, text, yes, no, on_yes)  # deleted once answered

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
        if not self._quit_agreed and self.intake.has_unsaved_input():
            event.ignore()
            self._ask(
                self.tr("Hồ sơ đang nhập chưa được lưu. Thoát và bỏ những gì đã nhập?"),
                self.tr("Thoát"),
                self.tr("Ở lại"),
                self._quit_anyway,
            )
            return
        self.state.set_bytes(GEOMETRY_KEY, self.saveGeometry())
        self.state.sync()
        self.state.set_text(QUEUE_KEY, "shown" if self.queue_dock.isVisible() else "hidden")
        self.state.sync()
        if self.figures is not None and qt_object_alive(self.figures):
            self.figures.close()  # its watcher stops before the panel closes their queue
        self.queue_panel.stop_watching()
        super().closeEvent(event)

    def _quit_anyway(self) -> None:
        self._quit_agreed = True
        if not self.close():
            self._quit_agreed = False  # something else kept it open; ask again next time

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

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self.first_painted.emit)
