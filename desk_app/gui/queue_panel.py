"""The officer's queue panel, docked in the counter window: who waits, who is at this counter,
and one key for each act (issue 9, item 4).

F3 calls the next citizen, F4 calls again, F6 starts the service, F7 finishes it, F10 marks a
no-show, F11 transfers (another area or counter; the citizen keeps the number), Ctrl+G calls
a given number and F9 issues a ticket (printed on a worker thread: a printer that fails says
why and the number is shown anyway). The keys avoid the intake screen's F2, F5, F8 and F12.

Every act is a service call off the UI thread (`gui.operations`); a refusal (nobody waiting, a
double-pressed key, a hub that went away) is one plain line in the panel, never a dialog
storm. The lists redraw when the queue changes: a `QueueWatcher` thread loops on
``queue.wait_for_change``, so another counter's call shows here within a moment, and keeps
retrying by itself while the hub is unreachable; the rest of the window works meanwhile.

The counter number is the settings' ``counter``; when there is none the panel asks for one the
first time it is needed (for this session: settings files are the administrator's to write).
A dossier saved while a citizen is at the counter is linked to the ticket when it is finished,
so the ticket leads to the dossier (item 1).

The watcher, the queue chosen by the settings and ticket printing (`print_in_background`) are
shared with the kiosk and the TV display (`gui.kiosk`, `gui.display`), which are both a
`QueueScreen` run by `run_screen`; the supervisor's figures (`gui.queue_figures`) use the watcher.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.queue import STATE_NAMES, AreaKind, PriorityKind, TicketSource, TicketState
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import error_text, log_failure
from desk_app.gui.forms.ui_queue_panel import Ui_QueuePanel
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QApplication,
    QCloseEvent,
    QComboBox,
    QCoreApplication,
    QDialog,
    QDialogButtonBox,
    QEvent,
    QFont,
    QFormLayout,
    QGuiApplication,
    QImage,
    QKeySequence,
    QLabel,
    QLineEdit,
    QObject,
    QPageSize,
    QPainter,
    QPrinter,
    QPrinterInfo,
    QResizeEvent,
    QShortcut,
    QSizeF,
    Qt,
    QTimer,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
    Slot,
    qt_object_alive,
)
from desk_app.i18n import translate
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.queue import AreaInfo, Board, QueueService, TicketInfo

if TYPE_CHECKING:
    from PIL import Image

log = logging.getLogger(__name__)
D = TypeVar("D", bound=QDialog)

LOCAL_WAIT_S = 0.25  # a local queue polls its file anyway; short, so a closing window is quick
HUB_WAIT_S = 10.0  # a hub answers as soon as something changes: a long poll costs nothing
RETRY_S = 3.0  # between attempts while the queue cannot be reached
TICK_MS = 30_000  # waiting times move with the clock
MM_PER_INCH = 25.4
AT_COUNTER = frozenset({TicketState.CALLED, TicketState.SERVING})
KEYS = {
    "call_next": "F3",
    "recall": "F4",
    "start": "F6",
    "finish": "F7",
    "issue": "F9",
    "no_show": "F10",
    "transfer": "F11",
    "call_number": "Ctrl+G",
}

# --- shared with the kiosk and the display -----------------------------------------------------


def hub_lost_text() -> str:
    """What every queue screen says while its queue cannot be reached."""
    return QCoreApplication.translate("Queue", "Mất kết nối máy chủ hàng đợi, đang thử lại…")


def priority_name(kind: PriorityKind) -> str:
    names = {
        PriorityKind.ELDERLY: QCoreApplication.translate("Queue", "Người cao tuổi"),
        PriorityKind.DISABLED: QCoreApplication.translate("Queue", "Người khuyết tật"),
        PriorityKind.PREGNANT: QCoreApplication.translate("Queue", "Phụ nữ mang thai"),
        PriorityKind.SMALL_CHILDREN: QCoreApplication.translate("Queue", "Người có con nhỏ"),
        PriorityKind.OTHER: QCoreApplication.translate("Queue", "Ưu tiên khác"),
    }
    return names[kind]


def counter_name(counter: str) -> str:
    """``Quầy 3``: how screens name a counter."""
    return QCoreApplication.translate("Queue", "Quầy {counter}").format(counter=counter)


def open_queue(workspace: Workspace) -> QueueService:
    """The queue the settings choose: the office hub's, or this workstation's own file."""
    from desk_app.services.queue_hub import queue_for

    return queue_for(workspace, workspace.settings)


def close_queue(queue: QueueService | None) -> None:
    """A hub client's connections are closed with its window."""
    close = getattr(queue, "close", None)
    if callable(close):
        try:
            close()
        except Exception as error:  # closing is best effort; the window goes anyway
            log.info("queue client not closed cleanly", exc_info=error)


def hub_unreachable(error: BaseException) -> bool:
    """Whether ``error`` says the queue could not be reached (rather than refusing an act)."""
    if isinstance(error, OSError):  # refused, reset, timed out, no route
        return True
    names = [cls.__name__ for cls in type(error).__mro__]
    return any(name.endswith(("Unreachable", "Unavailable", "Offline")) for name in names)


def waited_minutes(ticket: TicketInfo, now: datetime) -> int:
    return max(0, int((now - ticket.issued_at).total_seconds() // 60))


def clock_text(moment: datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%H:%M")


class QueueWatcher(QObject):
    """Reads the queue again each time it changes, on a thread of its own.

    ``read(queue)`` runs on that thread after every change (and once at the start); its result
    arrives on the UI thread through ``seen``. A failure arrives through ``lost`` and the
    thread tries again after ``RETRY_S``, for as long as it runs: a display started before the
    hub, or a hub restarted, comes back by itself. The thread is not one of the thread pool's,
    where a loop that never ends would hold a worker the window's operations need.
    """

    seen = Signal(object)
    lost = Signal(object)

    def __init__(
        self,
        queue: Callable[[], QueueService],
        read: Callable[[QueueService], object],
        *,
        retry_s: float = RETRY_S,
    ) -> None:
        super().__init__()
        self._queue = queue
        self._read = read
        self._retry_s = retry_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def follow(
        cls,
        owner: QObject,
        queue: QueueService,
        read: Callable[[QueueService], object],
        seen: Callable[[object], None],
        lost: Callable[[object], None],
        *,
        retry_s: float = RETRY_S,
    ) -> QueueWatcher:
        """A watcher of ``queue`` for ``owner``, started: its readings go to ``seen``, its
        failures to ``lost``, and it stops when ``owner`` is destroyed."""
        watcher = cls(lambda: queue, read, retry_s=retry_s)
        watcher.seen.connect(seen)
        watcher.lost.connect(lost)
        owner.destroyed.connect(lambda *_: watcher.stop())
        watcher.start()
        return watcher

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="queue-watcher", daemon=True)
        self._thread.start()

    def stop(self, wait_s: float = 0.0) -> None:
        """Let the thread end (it may finish the wait it is in); ``wait_s`` to join it."""
        self._stop.set()
        thread = self._thread
        if wait_s > 0 and thread is not None and thread is not threading.current_thread():
            thread.join(wait_s)

    def _run(self) -> None:
        from desk_app.services.queue import LocalQueue

        token: str | None = None
        while not self._stop.is_set():
            try:
                queue = self._queue()
                wait_s = LOCAL_WAIT_S if isinstance(queue, LocalQueue) else HUB_WAIT_S
                new = queue.wait_for_change(token, wait_s)
                if self._stop.is_set():
                    break
                if new != token:
                    snapshot = self._read(queue)
                    token = new
                    self._emit(self.seen, snapshot)
            except Exception as error:  # any failure is told and tried again, never fatal
                token = None
                if self._stop.is_set():
                    break
                self._emit(self.lost, error)
                self._stop.wait(self._retry_s)

    def _emit(self, signal: Any, value: object) -> None:
        try:
            signal.emit(value)
        except RuntimeError:  # the Qt side is gone: nobody to tell any more
            self._stop.set()


@dataclass(frozen=True)
class TicketPrint:
    """What became of printing one ticket: ``message`` says why not, and that the number
    stands, in the reader's language (empty when printed)."""

    printed: bool
    message: str


def print_ticket_on_paper(workspace: Workspace, ticket: TicketInfo) -> TicketPrint | None:
    """Print ``ticket`` on this workstation's ticket printer (on a worker thread); None when
    the settings name no printer. Never raises: a failing printer is an outcome to show."""
    from desk_app.services.ticket_printing import print_ticket

    office = workspace.station.office.name if workspace.station else ""
    try:
        outcome = print_ticket(
            workspace.settings, ticket, office, system_printer=print_on_system_printer
        )
    except Exception as error:  # a bug, not the printer: the number stands all the same
        log_failure(error)
        return TicketPrint(False, error_text(error, workspace.settings.language))
    if outcome.printed:
        return TicketPrint(True, "")
    if outcome.problem == "none":
        return None
    return TicketPrint(False, outcome.message or "")


def print_on_system_printer(name: str, image: Image.Image, dpi: int) -> None:
    """A ``system:NAME`` ticket printer: the ticket's raster through Qt's printing, one page
    the ticket's size at its own resolution (QPainter may paint a QPrinter off the UI thread)."""
    from desk_app.printing.escpos_output import PrinterProblem, SystemPrinterMissing

    target = f"system:{name}"
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise SystemPrinterMissing(name=name, target=target)
    gray = image.convert("L")
    pixels = gray.tobytes()  # kept alive while the QImage over it is painted
    picture = QImage(pixels, gray.width, gray.height, gray.width, QImage.Format.Format_Grayscale8)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    printer.setResolution(dpi)
    printer.setFullPage(True)
    size_mm = QSizeF(gray.width * MM_PER_INCH / dpi, gray.height * MM_PER_INCH / dpi)
    printer.setPageSize(QPageSize(size_mm, QPageSize.Unit.Millimeter, "ticket"))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterProblem(target=target)
    try:
        painter.drawImage(0, 0, picture)
    finally:
        painter.end()


def print_in_background(
    parent: QWidget,
    workspace: Workspace,
    ticket: TicketInfo,
    printed: Callable[[TicketPrint | None], None],
) -> Operation[TicketPrint | None]:
    """Print ``ticket`` on a worker thread, ``parent`` usable meanwhile (its number is on
    screen already); ``printed`` gets the outcome on the UI thread."""
    return run_operation(
        parent, lambda: print_ticket_on_paper(workspace, ticket), printed, block_parent=False
    )


class QueueScreen(QWidget):
    """A public screen of the queue (the kiosk, the TV display), run by `run_screen`.

    It follows the queue's board with a `QueueWatcher` (``read_board`` on its thread, then
    ``show_board`` here), says why while the queue cannot be reached (``say_lost``) and comes
    back by itself; its type is ``STYLE`` with the ``SIZES`` (pixels at the ``DESIGN`` screen
    size) scaled to the screen it has. Ctrl+Shift+Q closes it (no title bar in full screen).
    ``queue`` stands in for the settings' queue (tests).
    """

    retry_s = RETRY_S  # between attempts to reach the queue
    name = "queue screen"  # for the log
    STYLE = ""
    SIZES: ClassVar[dict[str, float]] = {}
    DESIGN = (1280, 800)
    MIN_SCALE = 0.5

    def __init__(
        self, workspace: Workspace, queue: QueueService | None, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.workspace = workspace
        self.language = workspace.settings.language
        self._queue = queue
        self._lost: BaseException | None = None
        self._watcher: QueueWatcher | None = None
        QShortcut(QKeySequence("Ctrl+Shift+Q"), self).activated.connect(self.close)

    # -- what a screen says -----------------------------------------------------------------

    def read_board(self, queue: QueueService) -> Board:
        raise NotImplementedError

    def show_board(self, board: Board) -> None:
        raise NotImplementedError

    def say_lost(self, text: str) -> None:
        raise NotImplementedError

    def regained(self) -> None:
        """The queue answers again (or for the first time)."""

    # -- the queue --------------------------------------------------------------------------

    @property
    def queue(self) -> QueueService:
        if self._queue is None:
            self._queue = open_queue(self.workspace)
        return self._queue

    def start_watching(self) -> None:
        if self._watcher is not None:
            return
        try:
            queue = self.queue
        except Exception as error:  # the hub's address in the settings is not usable
            log_failure(error)
            self.say_lost(error_text(error, self.language))
            return
        self._watcher = QueueWatcher.follow(
            self, queue, self.read_board, self._seen, self._watch_lost, retry_s=self.retry_s
        )

    def stop(self, wait_s: float = 1.0) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop(wait_s)
        close_queue(self._queue)

    @Slot(object)
    def _seen(self, board: object) -> None:
        if not qt_object_alive(self):
            return
        assert isinstance(board, Board)
        self._lost = None
        self.regained()
        self.show_board(board)

    @Slot(object)
    def _watch_lost(self, error: object) -> None:
        if not qt_object_alive(self):
            return
        assert isinstance(error, Exception)
        if self._lost is None:
            log.warning("%s: queue not reachable (%s); retrying", self.name, type(error).__name__)
            if not hub_unreachable(error):
                log_failure(error)
        self._lost = error
        text = hub_lost_text() if hub_unreachable(error) else error_text(error, self.language)
        self.say_lost(text)

    # -- the window -------------------------------------------------------------------------

    def _restyle(self) -> None:
        """Type sized for the screen this one has (designed at ``DESIGN``)."""
        width, height = self.DESIGN
        scale = max(self.MIN_SCALE, min(self.width() / width, self.height() / height, 2.0))
        sizes = {key: max(10, round(size * scale)) for key, size in self.SIZES.items()}
        self.setStyleSheet(self.STYLE.format(**sizes))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._restyle()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop()
        super().closeEvent(event)


def run_screen(
    make: Callable[[Workspace], QWidget], *, windowed: bool, screen: int | None = None
) -> int:
    """Open this workstation, build its screen with ``make`` and run it: full screen on the
    ``screen``-th monitor (1, 2...; the primary one by default), or in a 1280x800 window."""
    from desk_app.gui.app import prepare_application
    from desk_app.gui.crash import install_crash_hooks
    from desk_app.gui.operations import wait_for_operations
    from desk_app.gui.translation import language_hint
    from desk_app.home import data_home
    from desk_app.services.workstation import open_workstation

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    home = data_home()
    prepare_application(app, language_hint(home))
    install_crash_hooks(app)
    workspace = open_workstation(home)  # a folder not set up says so (desk-app init)
    window: QWidget | None = None
    try:
        window = make(workspace)
        screens = QGuiApplication.screens()
        if screen is not None and 1 <= screen <= len(screens):
            window.setGeometry(screens[screen - 1].geometry())
        if windowed:
            window.resize(1280, 800)
            window.show()
        else:
            window.showFullScreen()
        if isinstance(window, QueueScreen):
            window.start_watching()
        return app.exec()
    finally:
        if isinstance(window, QueueScreen):
            window.stop()
        wait_for_operations()
        workspace.close()


# --- the panel's dialogs -----------------------------------------------------------------------


class _Question(QDialog):
    """A small window-modal form (opened, never exec()'d: the panel keeps painting)."""

    def __init__(self, parent: QWidget, title: str, yes: str, note: str = "") -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        if note:
            label = QLabel(note)
            label.setWordWrap(True)
            layout.addWidget(label)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(yes)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(
            QCoreApplication.translate("QueueDialog", "Hủy")
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class CounterDialog(_Question):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(
            parent,
            self.tr("Số quầy"),
            self.tr("Dùng số quầy này"),
            self.tr(
                "Máy trạm này chưa được gán số quầy, nên chưa gọi số được. Nhập số quầy để "
                "dùng đến khi đóng chương trình; để không phải hỏi lại, nhờ quản trị viên "
                'đặt counter = "3" (số quầy của máy) trong tệp settings.toml của máy trạm.'
            ),
        )
        self.counter_edit = QLineEdit()
        self.counter_edit.setMaxLength(16)
        self.form.addRow(self.tr("Số quầy:"), self.counter_edit)


class NumberDialog(_Question):
    def __init__(self, parent: QWidget, label: str) -> None:
        super().__init__(parent, self.tr("Gọi một số"), self.tr("Gọi số này"))
        self.label_edit = QLineEdit(label)
        self.label_edit.setMaxLength(8)
        self.label_edit.selectAll()
        self.form.addRow(self.tr("Số thứ tự (ví dụ A012):"), self.label_edit)


class TransferDialog(_Question):
    def __init__(self, parent: QWidget, ticket: TicketInfo, areas: Sequence[AreaInfo]) -> None:
        super().__init__(
            parent,
            self.tr("Chuyển số {label}").format(label=ticket.label),
            self.tr("Chuyển"),
            self.tr("Công dân giữ nguyên số {label}.").format(label=ticket.label),
        )
        self.area_combo = QComboBox()
        for area in areas:
            self.area_combo.addItem(f"{area.letter} · {area.name}", area.letter)
        others = [i for i, a in enumerate(areas) if a.letter != ticket.area_letter]
        self.area_combo.setCurrentIndex(others[0] if others else 0)
        self.counter_edit = QLineEdit()
        self.counter_edit.setMaxLength(16)
        self.counter_edit.setPlaceholderText(self.tr("để trống: quầy nào của khu vực cũng gọi"))
        self.form.addRow(self.tr("Sang khu vực:"), self.area_combo)
        self.form.addRow(self.tr("Dành cho quầy:"), self.counter_edit)


class IssueDialog(_Question):
    def __init__(self, parent: QWidget, areas: Sequence[AreaInfo], letter: str | None) -> None:
        super().__init__(parent, self.tr("Cấp số thứ tự"), self.tr("Cấp và in số"))
        self.area_combo = QComboBox()
        for area in areas:
            self.area_combo.addItem(f"{area.letter} · {area.name}", area.letter)
        found = self.area_combo.findData(letter) if letter else -1
        self.area_combo.setCurrentIndex(max(found, 0))
        self.priority_combo = QComboBox()
        self.priority_combo.addItem(self.tr("Không ưu tiên"), "")
        for kind in PriorityKind:
            self.priority_combo.addItem(priority_name(kind), kind.value)
        self.form.addRow(self.tr("Khu vực:"), self.area_combo)
        self.form.addRow(self.tr("Ưu tiên:"), self.priority_combo)

    @property
    def priority(self) -> PriorityKind | None:
        value = self.priority_combo.currentData()
        return PriorityKind(value) if value else None


# --- the panel ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelView:
    """What the panel shows, read in one go off the UI thread."""

    areas: tuple[AreaInfo, ...]
    waiting: tuple[TicketInfo, ...]
    current: TicketInfo | None


def read_panel(queue: QueueService, counter: str | None) -> PanelView:
    return PanelView(
        tuple(queue.areas()),
        tuple(queue.waiting()),
        queue.at_counter(counter) if counter else None,
    )


TicketWork = Callable[[QueueService, str], TicketInfo]


class QueuePanel(QWidget):
    """The queue at this counter; see the module text."""

    open_dossier = Signal(str)  # the code of the dossier the current citizen comes for
    status_message = Signal(str)  # each line of the status line, for a window to echo
    retry_s = RETRY_S  # between attempts to reach the queue

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        bus: ChangeBus | None = None,
        queue: QueueService | None = None,
        parent: QWidget | None = None,
        *,
        keys_owner: QWidget | None = None,
    ) -> None:
        """``keys_owner`` holds the panel's shortcuts (the counter window, so they work while
        the panel is hidden); by default the panel itself."""
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.language = workspace.settings.language
        self.ui = Ui_QueuePanel()
        self.ui.setupUi(self)
        self._queue = queue
        self._counter = (workspace.settings.counter or actor.counter or "").strip() or None
        self.view: PanelView | None = None
        self.current: TicketInfo | None = None
        self.dialog: QDialog | None = None  # the question open now, if any
        self._linked: dict[str, str] = {}  # ticket label -> dossier saved while it was served
        self._acting = False
        self._loading: Operation[PanelView] | None = None
        self._stale = False
        self._lost: BaseException | None = None
        self._watcher: QueueWatcher | None = None
        big = QFont(self.font())
        big.setPointSize(26)
        big.setBold(True)
        self.ui.current_number_label.setFont(big)
        self.ui.connection_label.setStyleSheet("color: #a61b1b; font-weight: bold;")
        self.ui.connection_label.hide()
        # Narrow enough to sit beside the intake screen on a 1366-pixel laptop.
        self.setStyleSheet("QPushButton { padding: 4px 6px; }")
        tree = self.ui.waiting_tree
        tree.setIndentation(10)
        metrics = tree.fontMetrics()
        tree.setColumnWidth(0, metrics.horizontalAdvance("W0000") + 16)  # a number, bold
        tree.setColumnWidth(1, metrics.horizontalAdvance(self.tr("%n phút", "", 999)) + 12)
        tree.itemActivated.connect(self._waiting_activated)
        ui = self.ui
        for name, slot, button in (
            ("call_next", self.call_next, ui.call_next_button),
            ("recall", self.recall, ui.recall_button),
            ("start", self.start, ui.start_button),
            ("finish", self.finish, ui.finish_button),
            ("no_show", self.no_show, ui.no_show_button),
            ("transfer", self.transfer, ui.transfer_button),
            ("call_number", self.call_number, ui.call_number_button),
            ("issue", self.issue, ui.issue_button),
        ):
            button.clicked.connect(slot)
            QShortcut(QKeySequence(KEYS[name]), keys_owner or self).activated.connect(slot)
        ui.open_dossier_button.clicked.connect(self._open_dossier)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self._show_waiting)
        self._tick.start()
        if bus is not None:
            bus.dossier_saved.connect(self._dossier_saved)
        self._show_texts()

    # -- the queue and its watcher --------------------------------------------------------------

    @property
    def counter(self) -> str | None:
        """This workstation's counter: the settings', or the one the officer gave."""
        return self._counter

    @counter.setter
    def counter(self, counter: str | None) -> None:
        self._counter = counter
        self._show_counter()

    @property
    def queue(self) -> QueueService:
        if self._queue is None:
            self._queue = open_queue(self.workspace)
        return self._queue

    def _queue_or_say(self) -> QueueService | None:
        """The queue, or None after saying why there is none (a hub address that is wrong)."""
        try:
            return self.queue
        except Exception as error:
            log_failure(error)
            self.ui.connection_label.setText(error_text(error, self.language))
            self.ui.connection_label.show()
            return None

    def start_watching(self) -> None:
        """Follow the queue from now on (the window calls this once it is on screen)."""
        if self._watcher is not None:
            return
        queue = self._queue_or_say()
        if queue is None:
            return
        # The counter is read on the thread at each change: it may be given later.
        self._watcher = QueueWatcher.follow(
            self,
            queue,
            lambda q: read_panel(q, self.counter),
            self._seen,
            self._watch_lost,
            retry_s=self.retry_s,
        )

    def stop_watching(self, wait_s: float = 1.0) -> None:
        """Stop following the queue (the window closes); waits up to ``wait_s`` for the
        thread, so it does not read a database being closed."""
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop(wait_s)
        close_queue(self._queue)

    @Slot(object)
    def _seen(self, view: object) -> None:
        if not qt_object_alive(self):
            return
        assert isinstance(view, PanelView)
        if self._lost is not None:
            was_hub = hub_unreachable(self._lost)
            self._lost = None
            self.ui.connection_label.hide()
            if was_hub:
                self.say(self.tr("Đã kết nối lại máy chủ hàng đợi."))
        self._show_view(view)

    @Slot(object)
    def _watch_lost(self, error: object) -> None:
        if not qt_object_alive(self):
            return
        assert isinstance(error, Exception)
        if self._lost is None:
            log.warning("queue not reachable (%s); retrying", type(error).__name__)
            if not hub_unreachable(error):
                log_failure(error)
        self._lost = error
        self.ui.connection_label.setText(self._lost_text(error))
        self.ui.connection_label.show()

    def _lost_text(self, error: Exception) -> str:
        if hub_unreachable(error):
            return hub_lost_text()
        return self.tr("{reason} Đang thử lại…").format(reason=error_text(error, self.language))

    def reload(self) -> None:
        """Read the lists again now (after this counter's own act), off the UI thread."""
        if self._loading is not None and self._loading.running:
            self._stale = True
            return
        self._stale = False
        queue, counter = self._queue_or_say(), self.counter
        if queue is None:
            return
        self._loading = run_operation(
            self,
            lambda: read_panel(queue, counter),
            self._loaded,
            self._not_loaded,
            block_parent=False,
        )

    def _loaded(self, view: PanelView) -> None:
        if self._stale:
            self.reload()
            return
        self._show_view(view)

    def _not_loaded(self, error: Exception) -> None:
        log_failure(error)  # the watcher tells the officer, and keeps trying
        if self._stale:
            self.reload()

    # -- acts -----------------------------------------------------------------------------------

    def call_next(self) -> Operation[TicketInfo] | None:
        areas = tuple(self.workspace.settings.counter_areas) or None
        return self._act(
            lambda q, c: q.call_next(self.actor, c, areas),
            lambda t: self.tr("Mời số {label} đến {counter}.").format(
                label=t.label, counter=counter_name(t.counter or "")
            ),
        )

    def recall(self) -> Operation[TicketInfo] | None:
        ticket = self._current_or_say()
        if ticket is None:
            return None
        return self._act(
            lambda q, c: q.recall(self.actor, c, ticket.label),
            lambda t: self.tr("Đã gọi lại số {label} (lần gọi thứ {calls}).").format(
                label=t.label, calls=t.calls
            ),
        )

    def start(self) -> Operation[TicketInfo] | None:
        ticket = self._current_or_say()
        if ticket is None:
            return None
        return self._act(
            lambda q, c: q.start(self.actor, c, ticket.label),
            lambda t: self.tr("Đang phục vụ số {label}.").format(label=t.label),
        )

    def finish(self) -> Operation[TicketInfo] | None:
        ticket = self._current_or_say()
        if ticket is None:
            return None
        dossier = None if ticket.dossier_code else self._linked.get(ticket.label)
        return self._act(
            lambda q, c: q.finish(self.actor, c, ticket.label, dossier),
            lambda t: (
                self.tr("Đã phục vụ xong số {label}; hồ sơ {code} được ghi vào số này.").format(
                    label=t.label, code=dossier
                )
                if dossier
                else self.tr("Đã phục vụ xong số {label}.").format(label=t.label)
            ),
        )

    def no_show(self) -> Operation[TicketInfo] | None:
        ticket = self._current_or_say()
        if ticket is None:
            return None
        return self._act(
            lambda q, c: q.no_show(self.actor, c, ticket.label),
            lambda t: self.tr("Số {label} được ghi là vắng mặt.").format(label=t.label),
        )

    def transfer(self) -> TransferDialog | None:
        """Ask where to send the citizen at the counter (or the waiting ticket selected)."""
        ticket = self.current or self.selected_waiting()
        if ticket is None:
            self.say(self.tr("Chưa có số nào ở quầy này để chuyển."), error=True)
            return None
        areas = self._active_areas()
        if not areas:
            self.say(self.tr("Đang đọc danh sách khu vực; hãy thử lại sau giây lát."), error=True)
            return None
        dialog = TransferDialog(self, ticket, areas)

        def answered() -> None:
            letter = str(dialog.area_combo.currentData())
            to_counter = dialog.counter_edit.text().strip() or None
            self._transfer(ticket, letter, to_counter)

        return self._ask(dialog, answered, dialog.area_combo)

    def _transfer(self, ticket: TicketInfo, letter: str, to_counter: str | None) -> None:
        def said(t: TicketInfo) -> str:
            if t.target_counter:
                return self.tr(
                    "Đã chuyển số {label} sang khu vực {letter} {area}, dành cho {counter}; "
                    "số vẫn giữ nguyên."
                ).format(
                    label=t.label,
                    letter=t.area_letter,
                    area=t.area_name,
                    counter=counter_name(t.target_counter),
                )
            return self.tr(
                "Đã chuyển số {label} sang khu vực {letter} {area}; số vẫn giữ nguyên."
            ).format(label=t.label, letter=t.area_letter, area=t.area_name)

        # Transferring needs no counter of its own (a waiting ticket may be sent on too).
        self._run_act(
            lambda q, _c: q.transfer(self.actor, ticket.label, letter, to_counter), said, ""
        )

    def call_number(self) -> NumberDialog | None:
        selected = self.selected_waiting()
        dialog = NumberDialog(self, selected.label if selected else "")

        def answered() -> None:
            label = dialog.label_edit.text().strip()
            if label:
                self._act(
                    lambda q, c: q.call(self.actor, c, label),
                    lambda t: self.tr("Mời số {label} đến {counter}.").format(
                        label=t.label, counter=counter_name(t.counter or "")
                    ),
                )

        return self._ask(dialog, answered, dialog.label_edit)

    def issue(self) -> IssueDialog | None:
        """Ask for the area and priority, then issue the ticket and print it."""
        areas = self._active_areas()
        if not areas:
            self.say(self.tr("Đang đọc danh sách khu vực; hãy thử lại sau giây lát."), error=True)
            return None
        mine = self.workspace.settings.counter_areas
        dialog = IssueDialog(self, areas, mine[0] if mine else None)

        def answered() -> None:
            self.issue_ticket(str(dialog.area_combo.currentData()), dialog.priority)

        return self._ask(dialog, answered, dialog.area_combo)

    def issue_ticket(
        self, letter: str, priority: PriorityKind | None = None
    ) -> Operation[TicketInfo] | None:
        queue = self._queue_or_say()
        if self._acting or queue is None:
            return None
        self._acting = True

        def issued(ticket: TicketInfo) -> None:
            self._acting = False
            self._issued(ticket)
            self.reload()

        return run_operation(
            self,
            lambda: queue.issue(self.actor, letter, priority=priority, source=TicketSource.COUNTER),
            issued,
            self._act_failed,
        )

    def _issued(self, ticket: TicketInfo) -> None:
        issued = self.tr(
            "Đã cấp số {label} (khu vực {letter} {area}), %n người chờ trước.",
            "",
            ticket.waiting_ahead,
        ).format(label=ticket.label, letter=ticket.area_letter, area=ticket.area_name)
        self.say(issued)
        workspace = self.workspace

        def printed(outcome: TicketPrint | None) -> None:
            if outcome is None:
                self.say(
                    self.tr(
                        "{issued} Máy này chưa đặt máy in số thứ tự: hãy đọc số cho công dân."
                    ).format(issued=issued)
                )
            elif not outcome.printed:
                self.say(
                    self.tr("{issued} {problem}").format(issued=issued, problem=outcome.message),
                    error=True,
                )
            else:
                self.say(self.tr("{issued} Đã in số.").format(issued=issued))

        print_in_background(self, workspace, ticket, printed)

    # -- how an act runs ------------------------------------------------------------------------

    def _act(
        self, work: TicketWork, said: Callable[[TicketInfo], str]
    ) -> Operation[TicketInfo] | None:
        """Run ``work(queue, counter)`` off the UI thread, asking for the counter if needed."""
        if self._acting:
            return None  # a double-pressed key: the first press is still on its way
        counter = self.counter
        if counter is None:
            self._ask_counter(lambda: self._act(work, said))
            return None
        return self._run_act(work, said, counter)

    def _run_act(
        self, work: TicketWork, said: Callable[[TicketInfo], str], counter: str
    ) -> Operation[TicketInfo] | None:
        queue = self._queue_or_say()
        if self._acting or queue is None:
            return None
        self._acting = True

        def done(ticket: TicketInfo) -> None:
            self._acting = False
            self._took(ticket)
            self.say(said(ticket))
            self.reload()

        return run_operation(self, lambda: work(queue, counter), done, self._act_failed)

    def _act_failed(self, error: Exception) -> None:
        """The refusal's plain words in the status line (a hub gone away says so too)."""
        self._acting = False
        log_failure(error)
        if hub_unreachable(error):
            text = (
                hub_lost_text() if isinstance(error, OSError) else error_text(error, self.language)
            )
            self.ui.connection_label.setText(hub_lost_text())
            self.ui.connection_label.show()
        else:
            text = error_text(error, self.language)
        self.say(text, error=True)
        self.reload()

    def _took(self, ticket: TicketInfo) -> None:
        """The ticket an act answered with: the current one while it stays at this counter."""
        if ticket.state in AT_COUNTER and ticket.counter == self.counter:
            self.current = ticket
        elif self.current is not None and self.current.label == ticket.label:
            self.current = None
        self._show_current()

    def _current_or_say(self) -> TicketInfo | None:
        if self._acting:
            return None
        if self.current is None:
            self.say(self.tr("Chưa có số nào ở quầy này: bấm F3 để gọi số tiếp theo."), error=True)
        return self.current

    def _ask_counter(self, then: Callable[[], object]) -> None:
        dialog = CounterDialog(self)

        def answered() -> None:
            counter = dialog.counter_edit.text().strip()
            if not counter:
                return
            self.counter = counter
            self.reload()
            then()

        self._ask(dialog, answered, dialog.counter_edit)

    def _ask(self, dialog: D, answered: Callable[[], None], focus: QWidget) -> D | None:
        """Open ``dialog`` (one question at a time); ``answered`` once it is accepted."""
        if self.dialog is not None and qt_object_alive(self.dialog) and self.dialog.isVisible():
            dialog.deleteLater()
            self.dialog.raise_()
            return None
        self.dialog = dialog
        before = QApplication.focusWidget()

        def closed(_result: int) -> None:
            # The keys go back where they were (the intake search, the waiting list).
            if before is not None and qt_object_alive(before) and before.isVisible():
                before.window().activateWindow()
                give_focus(before)

        dialog.finished.connect(closed)
        dialog.accepted.connect(answered)
        dialog.open()
        dialog.activateWindow()
        focus.setFocus()
        return dialog

    # -- what the panel shows -------------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        """One line in the panel's status line (the last act's answer, or its refusal)."""
        label = self.ui.status_label
        label.setStyleSheet("color: #a61b1b;" if error else "")
        label.setText(text)
        self.status_message.emit(text)

    @property
    def status_text(self) -> str:
        return self.ui.status_label.text()

    def _show_texts(self) -> None:
        self._show_counter()
        self._show_current()
        self._show_waiting()

    def _show_counter(self) -> None:
        if self.counter:
            self.ui.counter_label.setText(
                self.tr("Hàng đợi của {counter}").format(counter=counter_name(self.counter))
            )
        else:
            self.ui.counter_label.setText(self.tr("Máy này chưa được gán số quầy."))

    def _show_view(self, view: PanelView) -> None:
        self.view = view
        if not self._acting:  # an act on its way answers with the current ticket itself
            self.current = view.current
        self._show_current()
        self._show_waiting()

    def _show_current(self) -> None:
        ticket = self.current
        ui = self.ui
        has = ticket is not None
        for button in (ui.recall_button, ui.start_button, ui.finish_button, ui.no_show_button):
            button.setEnabled(has)
        if ticket is None:
            ui.current_number_label.setText("—")
            ui.current_details_label.setText(self.tr("Chưa có ai tại quầy."))
            ui.dossier_label.setText("")
            ui.dossier_label.hide()
            ui.open_dossier_button.hide()
            return
        ui.current_number_label.setText(ticket.label)
        lines = [
            self.tr("Khu vực {letter} · {area} — {state}").format(
                letter=ticket.area_letter,
                area=ticket.area_name,
                state=translate(STATE_NAMES[ticket.state], self.language),
            )
        ]
        if ticket.priority is not None:
            lines.append(self.tr("Ưu tiên: {kind}").format(kind=priority_name(ticket.priority)))
        lines.append(
            self.tr("Lấy số lúc {time} · gọi %n lần", "", ticket.calls).format(
                time=clock_text(ticket.issued_at)
            )
        )
        ui.current_details_label.setText("\n".join(lines))
        code = ticket.dossier_code
        linked = self._linked.get(ticket.label)
        if code:
            ui.dossier_label.setText(self.tr("Hồ sơ cần trả: {code}").format(code=code))
        elif linked:
            ui.dossier_label.setText(
                self.tr("Hồ sơ vừa tiếp nhận: {code} (ghi vào số khi bấm Xong)").format(code=linked)
            )
        ui.dossier_label.setVisible(bool(code or linked))
        ui.open_dossier_button.setVisible(bool(code or linked))

    def _active_areas(self) -> list[AreaInfo]:
        return [a for a in (self.view.areas if self.view else ()) if a.active]

    def _show_waiting(self) -> None:
        """The waiting list per area, keeping the selected ticket selected."""
        tree = self.ui.waiting_tree
        keep = self.selected_waiting()
        tree.clear()
        view = self.view
        if view is None:
            return
        now = self.workspace.now()
        bold = QFont(tree.font())
        bold.setBold(True)
        select: QTreeWidgetItem | None = None
        for area in view.areas:
            tickets = [t for t in view.waiting if t.area_letter == area.letter]
            if not area.active and not tickets:
                continue
            heading = QTreeWidgetItem(
                [
                    self.tr("{letter} · {area}: %n người chờ", "", len(tickets)).format(
                        letter=area.letter, area=area.name
                    )
                ]
            )
            heading.setFlags(Qt.ItemFlag.ItemIsEnabled)
            heading.setFont(0, bold)
            tree.addTopLevelItem(heading)
            heading.setFirstColumnSpanned(True)
            for ticket in tickets:
                item = QTreeWidgetItem(
                    [
                        ticket.label,
                        self.tr("%n phút", "", waited_minutes(ticket, now)),
                        self._note(ticket, area),
                    ]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, ticket.label)
                item.setToolTip(2, item.text(2))  # the column is narrow beside the intake
                if ticket.priority is not None:
                    item.setFont(0, bold)
                    item.setForeground(0, Qt.GlobalColor.darkRed)
                    item.setForeground(2, Qt.GlobalColor.darkRed)
                heading.addChild(item)
                if keep is not None and ticket.label == keep.label:
                    select = item
        tree.expandAll()
        if select is not None:
            tree.setCurrentItem(select)

    def _note(self, ticket: TicketInfo, area: AreaInfo) -> str:
        notes = []
        if ticket.priority is not None:
            notes.append(f"★ {priority_name(ticket.priority)}")
        if ticket.target_counter:
            notes.append(
                self.tr("cho {counter}").format(counter=counter_name(ticket.target_counter))
            )
        if ticket.dossier_code and area.kind is AreaKind.RESULTS:
            notes.append(self.tr("hồ sơ {code}").format(code=ticket.dossier_code))
        elif ticket.transfers:
            notes.append(self.tr("được chuyển đến"))
        return " · ".join(notes)

    def waiting_labels(self, letter: str | None = None) -> list[str]:
        """The labels listed as waiting (in ``letter``'s area), top to bottom."""
        view = self.view
        if view is None:
            return []
        return [t.label for t in view.waiting if letter is None or t.area_letter == letter]

    def selected_waiting(self) -> TicketInfo | None:
        item = self.ui.waiting_tree.currentItem()
        label = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not label or self.view is None:
            return None
        return next((t for t in self.view.waiting if t.label == label), None)

    def focus_list(self) -> None:
        """Ctrl+3: the keys go to the waiting list, on its first number if none is chosen."""
        tree = self.ui.waiting_tree
        give_focus(tree, Qt.FocusReason.ShortcutFocusReason)
        if tree.currentItem() is not None:
            return
        for index in range(tree.topLevelItemCount()):
            heading = tree.topLevelItem(index)
            first = heading.child(0) if heading is not None else None
            if first is not None:
                tree.setCurrentItem(first)
                return

    def _waiting_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, Qt.ItemDataRole.UserRole):
            self.call_number()  # Enter on a waiting number: asks to call it, prefilled

    # -- the dossier the ticket leads to --------------------------------------------------------

    @Slot(object)
    def _dossier_saved(self, record: object) -> None:
        """A dossier taken in while a citizen is at this counter is that citizen's."""
        if not isinstance(record, DossierRecord) or self.current is None:
            return
        if self.current.state in AT_COUNTER and not self.current.dossier_code:
            self._linked[self.current.label] = record.code
            self._show_current()

    def _open_dossier(self) -> None:
        ticket = self.current
        if ticket is None:
            return
        code = ticket.dossier_code or self._linked.get(ticket.label)
        if code:
            self.open_dossier.emit(code)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self.language = self.workspace.settings.language
            self._show_texts()
        super().changeEvent(event)
