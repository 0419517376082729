"""The public kiosk (`desk-app kiosk`): a citizen touches a service and takes a number.

Full-screen with large touch buttons, one per service area that issues numbers (its letter,
its name, how many wait), and a row of priority buttons (the elderly, the disabled, pregnant
women, people with small children: Decree 61/2018 art. 6) that apply to the next ticket. A
touch issues the ticket as the workstation itself (no officer, no login: the kiosk only issues
numbers), prints it at once on a worker thread, and shows the number big for a few seconds,
with how many are ahead; a printer that fails changes nothing but a small line under the number.

A citizen back for a result scans the barcode of the receipt (a keyboard-wedge scanner types the
dossier code and Enter into the field that always holds the keys): the ticket is in the results
area and names the dossier; a result not ready yet, or already handed back, is said plainly
with its due date instead. Any touch on the answer goes back to the services at once.

Ctrl+Shift+Q closes the kiosk (there is no title bar in full screen).
"""

from __future__ import annotations

import logging
from typing import ClassVar

from desk_app.core.calendar import office_time_text
from desk_app.core.codes import parse_code
from desk_app.core.errors import ValidationError
from desk_app.core.queue import PriorityKind, TicketSource
from desk_app.gui.feedback import error_text, log_failure
from desk_app.gui.operations import run_operation
from desk_app.gui.qt import (
    QApplication,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QKeyEvent,
    QLabel,
    QLineEdit,
    QMouseEvent,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.queue_panel import (
    QueueScreen,
    TicketPrint,
    hub_unreachable,
    print_in_background,
    priority_name,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.queue import AreaInfo, Board, QueueService, TicketInfo

log = logging.getLogger(__name__)

SHOW_MS = 8_000  # how long a number (or a refusal) stays on screen
CLOCK_MS = 15_000
PRIORITIES = (
    PriorityKind.ELDERLY,
    PriorityKind.DISABLED,
    PriorityKind.PREGNANT,
    PriorityKind.SMALL_CHILDREN,
)

STYLE = """
KioskWindow {{ background: #eef3f9; }}
QFrame#header {{ background: #1f4f8a; }}
QLabel#office_label {{ color: #dce7f5; font-size: {small}px; }}
QLabel#title_label {{ color: #ffffff; font-size: {title}px; font-weight: bold; }}
QLabel#clock_label {{ color: #ffffff; font-size: {normal}px; }}
QLabel#priority_heading {{ font-size: {normal}px; color: #1f2d3d; }}
QPushButton#priority_button {{
    font-size: {normal}px; padding: {pad}px; border: 2px solid #8a5a00; border-radius: 8px;
    background: #fff8e6; color: #5c3b00; min-height: {touch}px;
}}
QPushButton#priority_button:checked {{
    background: #e09b00; color: #ffffff; border: 4px solid #5c3b00;
}}
QPushButton#area_button {{
    background: #ffffff; border: 3px solid #1f5fa8; border-radius: 14px; min-height: {area}px;
}}
QPushButton#area_button:pressed {{ background: #cfe0f5; }}
QPushButton#area_button:disabled {{ border-color: #9aa5b4; }}
QLabel#area_letter {{ color: #1f5fa8; font-size: {letter}px; font-weight: bold; }}
QLabel#area_name {{ color: #1f2d3d; font-size: {name}px; font-weight: bold; }}
QLabel#area_waiting {{ color: #4a5868; font-size: {small}px; }}
QFrame#result_frame {{ background: #ffffff; border: 2px dashed #1f5fa8; border-radius: 10px; }}
QLabel#result_label {{ font-size: {normal}px; color: #1f2d3d; }}
QLineEdit#barcode_edit {{ font-size: {normal}px; padding: {pad}px; }}
QLabel#status_label {{ font-size: {normal}px; color: #a61b1b; font-weight: bold; }}
QLabel#yours_label {{ font-size: {title}px; color: #1f2d3d; }}
QLabel#number_label {{ font-size: {number}px; color: #1f4f8a; font-weight: bold; }}
QLabel#ticket_area_label, QLabel#ahead_label {{ font-size: {name}px; color: #1f2d3d; }}
QLabel#extra_label {{ font-size: {normal}px; color: #5c3b00; }}
QLabel#printer_label {{ font-size: {small}px; color: #6b3a3a; }}
QLabel#refusal_label {{ font-size: {name}px; color: #1f2d3d; }}
QLabel#back_label {{ font-size: {small}px; color: #4a5868; }}
"""


class _TapPage(QWidget):
    """A page any touch leaves."""

    tapped = Signal()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.tapped.emit()
        event.accept()


class AreaButton(QPushButton):
    """A service area: its letter big, its name, and how many wait."""

    def __init__(self, area: AreaInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.area = area
        self.setObjectName("area_button")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the barcode field keeps the keys
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(f"{area.letter} {area.name}")
        layout = QVBoxLayout(self)
        self.letter_label = QLabel(area.letter)
        self.letter_label.setObjectName("area_letter")
        self.name_label = QLabel(area.name)
        self.name_label.setObjectName("area_name")
        self.name_label.setWordWrap(True)
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("area_waiting")
        for label in (self.letter_label, self.name_label, self.waiting_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)

    def show_waiting(self, count: int) -> None:
        self.waiting_label.setText(self.tr("Đang chờ: %n người", "", count))


class KioskWindow(QueueScreen):
    """See the module text. ``queue`` stands in for the settings' queue (tests)."""

    name = "kiosk"
    STYLE = STYLE
    # Pixels on the 1280x800 screen it is designed for, scaled to others.
    SIZES: ClassVar[dict[str, float]] = {
        "small": 20,
        "normal": 26,
        "name": 38,
        "title": 40,
        "letter": 96,
        "number": 230,
        "area": 190,
        "touch": 64,
        "pad": 10,
    }
    DESIGN = (1280, 800)
    MIN_SCALE = 0.5

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        *,
        queue: QueueService | None = None,
        show_ms: int = SHOW_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, queue, parent)
        self.setObjectName("KioskWindow")
        self.actor = actor
        self.board: Board | None = None
        self.ticket: TicketInfo | None = None  # the last one issued here
        self.area_buttons: dict[str, AreaButton] = {}
        self._issuing = False
        self.setWindowTitle(self.tr("Lấy số thứ tự"))
        self._back = QTimer(self)
        self._back.setSingleShot(True)
        self._back.setInterval(show_ms)
        self._back.timeout.connect(self.go_home)
        self.pages = QStackedWidget()
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        # The screen's size sizes the type (`_restyle`), not the type the window.
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        root.addWidget(self.pages)
        self.pages.addWidget(self._home_page())
        self.pages.addWidget(self._ticket_page())
        self.pages.addWidget(self._refusal_page())
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._show_clock)
        self._clock.start()
        self._show_clock()
        self._restyle()
        self.go_home()

    # -- the pages ------------------------------------------------------------------------------

    def _home_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QFrame()
        header.setObjectName("header")
        top = QHBoxLayout(header)
        titles = QVBoxLayout()
        office = self.actor.office.name
        self.office_label = QLabel(office)
        self.office_label.setObjectName("office_label")
        self.title_label = QLabel(self.tr("Mời chọn dịch vụ để lấy số thứ tự"))
        self.title_label.setObjectName("title_label")
        self.title_label.setWordWrap(True)
        titles.addWidget(self.office_label)
        titles.addWidget(self.title_label)
        top.addLayout(titles, 1)
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock_label")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.clock_label)
        layout.addWidget(header)

        body = QVBoxLayout()
        body.setContentsMargins(24, 12, 24, 16)
        body.setSpacing(14)
        heading = QLabel(
            self.tr("Nếu bạn thuộc diện ưu tiên, hãy chạm chọn trước khi chọn dịch vụ:")
        )
        heading.setObjectName("priority_heading")
        heading.setWordWrap(True)
        body.addWidget(heading)
        priorities = QHBoxLayout()
        self.priority_group = QButtonGroup(self)
        self.priority_group.setExclusive(False)  # one at most, and a second touch clears it
        self.priority_buttons: dict[PriorityKind, QPushButton] = {}
        for kind in PRIORITIES:
            button = QPushButton(priority_name(kind))
            button.setObjectName("priority_button")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            self.priority_group.addButton(button)
            self.priority_buttons[kind] = button
            priorities.addWidget(button, 1)
        self.priority_group.buttonToggled.connect(self._priority_toggled)
        body.addLayout(priorities)
        self.area_grid = QGridLayout()
        self.area_grid.setSpacing(18)
        body.addLayout(self.area_grid, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("status_label")
        self.status_label.setWordWrap(True)
        self.status_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        body.addWidget(self.status_label)
        self.status_label.hide()
        result = QFrame()
        result.setObjectName("result_frame")
        row = QHBoxLayout(result)
        self.result_label = QLabel(
            self.tr("Nhận kết quả: đưa mã vạch trên giấy biên nhận vào máy quét")
        )
        self.result_label.setObjectName("result_label")
        self.result_label.setWordWrap(True)
        row.addWidget(self.result_label, 3)
        self.barcode_edit = QLineEdit()
        self.barcode_edit.setObjectName("barcode_edit")
        self.barcode_edit.setMaxLength(64)
        self.barcode_edit.setPlaceholderText(self.tr("Mã hồ sơ"))
        self.barcode_edit.returnPressed.connect(self._scanned)
        row.addWidget(self.barcode_edit, 2)
        body.addWidget(result)
        layout.addLayout(body, 1)
        return page

    def _ticket_page(self) -> QWidget:
        page = _TapPage()
        page.tapped.connect(self.go_home)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        self.yours_label = QLabel(self.tr("Số của bạn"))
        self.number_label = QLabel()
        self.ticket_area_label = QLabel()
        self.ahead_label = QLabel()
        self.extra_label = QLabel()
        self.printer_label = QLabel()
        self.ticket_back_label = QLabel(self.tr("Chạm vào màn hình để quay lại"))
        layout.addStretch(1)
        for name, label in (
            ("yours_label", self.yours_label),
            ("number_label", self.number_label),
            ("ticket_area_label", self.ticket_area_label),
            ("ahead_label", self.ahead_label),
            ("extra_label", self.extra_label),
            ("printer_label", self.printer_label),
            ("back_label", self.ticket_back_label),
        ):
            label.setObjectName(name)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(name != "number_label")
            layout.addWidget(label)
        layout.addStretch(1)
        return page

    def _refusal_page(self) -> QWidget:
        page = _TapPage()
        page.tapped.connect(self.go_home)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(48, 24, 48, 24)
        self.refusal_label = QLabel()
        self.refusal_label.setObjectName("refusal_label")
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = QLabel(self.tr("Chạm vào màn hình để quay lại"))
        back.setObjectName("back_label")
        back.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        layout.addWidget(self.refusal_label)
        layout.addWidget(back)
        layout.addStretch(1)
        return page

    def go_home(self) -> None:
        """Back to the services, the keys in the barcode field for the next scan."""
        self._back.stop()
        self.pages.setCurrentIndex(0)
        self.barcode_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def page(self) -> int:
        return self.pages.currentIndex()

    # -- the queue ------------------------------------------------------------------------------

    def read_board(self, queue: QueueService) -> Board:
        return queue.board(0)

    def regained(self) -> None:
        self._say_status("")

    def say_lost(self, text: str) -> None:
        self._say_status(text)

    def _say_status(self, text: str) -> None:
        self.status_label.setText(text)
        self.status_label.setVisible(bool(text))

    def show_board(self, board: Board) -> None:
        """The area buttons (built again only when the areas changed), with their queues."""
        self.board = board
        areas = [a for a in board.areas if a.active]
        if [(a.letter, a.name) for a in areas] != [
            (b.area.letter, b.area.name) for b in self.area_buttons.values()
        ]:
            self._build_area_buttons(areas)
        for letter, button in self.area_buttons.items():
            button.show_waiting(board.waiting.get(letter, 0))

    def _build_area_buttons(self, areas: list[AreaInfo]) -> None:
        for button in self.area_buttons.values():
            self.area_grid.removeWidget(button)
            button.deleteLater()
        self.area_buttons = {}
        columns = 2 if len(areas) == 4 else min(3, max(1, len(areas)))
        for index, area in enumerate(areas):
            button = AreaButton(area)
            button.clicked.connect(lambda _checked=False, letter=area.letter: self.choose(letter))
            self.area_grid.addWidget(button, index // columns, index % columns)
            self.area_buttons[area.letter] = button
        self._restyle()

    # -- taking a number ------------------------------------------------------------------------

    def _priority_toggled(self, button: QPushButton, checked: bool) -> None:
        if checked:
            for other in self.priority_buttons.values():
                if other is not button and other.isChecked():
                    other.setChecked(False)

    @property
    def priority(self) -> PriorityKind | None:
        return next((k for k, b in self.priority_buttons.items() if b.isChecked()), None)

    def _clear_priority(self) -> None:
        for button in self.priority_buttons.values():
            button.setChecked(False)

    def choose(self, letter: str) -> None:
        """A touch on an area: issue its next number (the kiosk is busy until it answers)."""
        if self._issuing:
            return
        queue = self._queue_or_refuse()
        if queue is None:
            return
        actor, priority = self.actor, self.priority
        self._issuing = True
        run_operation(
            self,
            lambda: queue.issue(actor, letter, priority=priority, source=TicketSource.KIOSK),
            self._issued,
            self._refused,
        )

    def _scanned(self) -> None:
        """The receipt's barcode: a ticket for the result, or why there is none yet."""
        text = self.barcode_edit.text().strip()
        self.barcode_edit.clear()
        if not text or self._issuing:
            return
        try:
            code = str(parse_code(text))
        except ValidationError as error:
            self._refused(error)
            return
        queue = self._queue_or_refuse()
        if queue is None:
            return
        actor = self.actor
        self._issuing = True
        run_operation(
            self, lambda: queue.issue_for_result(actor, code), self._issued, self._refused
        )

    def _queue_or_refuse(self) -> QueueService | None:
        try:
            return self.queue
        except Exception as error:  # the hub's address in the settings is not usable
            self._refused(error)
            return None

    def _issued(self, ticket: TicketInfo) -> None:
        self._issuing = False
        self.ticket = ticket
        self._clear_priority()
        self.number_label.setText(ticket.label)
        self.ticket_area_label.setText(f"{ticket.area_letter} · {ticket.area_name}")
        if ticket.waiting_ahead:
            ahead = self.tr("Đang có %n người chờ trước bạn", "", ticket.waiting_ahead)
        else:
            ahead = self.tr("Không có ai chờ trước bạn: xin mời chú ý màn hình gọi số")
        self.ahead_label.setText(ahead)
        extras = []
        if ticket.priority is not None:
            extras.append(self.tr("Ưu tiên: {kind}").format(kind=priority_name(ticket.priority)))
        if ticket.dossier_code:
            extras.append(self.tr("Hồ sơ: {code}").format(code=ticket.dossier_code))
        self.extra_label.setText(" · ".join(extras))
        self.extra_label.setVisible(bool(extras))
        self.printer_label.setText(self.tr("Đang in số…"))
        self.pages.setCurrentIndex(1)
        self._back.start()
        print_in_background(self, self.workspace, ticket, self._printed)

    def _printed(self, outcome: TicketPrint | None) -> None:
        if outcome is None:
            text = self.tr("Máy này không in số: xin ghi nhớ số của bạn.")
        elif outcome.printed:
            text = self.tr("Xin nhận phiếu số ở khe máy in.")
        else:
            text = outcome.message
        self.printer_label.setText(text)

    def _refused(self, error: Exception) -> None:
        """A plain sentence, big, for a few seconds: not ready (with its due date), returned
        already, an area closed, the queue unreachable."""
        self._issuing = False
        log_failure(error)
        if hub_unreachable(error):
            text = self.tr(
                "Chưa lấy được số: mất kết nối máy chủ hàng đợi. Xin thử lại sau ít phút hoặc "
                "hỏi cán bộ tại quầy."
            )
        else:
            text = error_text(error, self.language)
        self.refusal_label.setText(text)
        self.pages.setCurrentIndex(2)
        self._back.start()

    # -- the window -----------------------------------------------------------------------------

    def _show_clock(self) -> None:
        time_text, date_text = office_time_text(self.workspace.now())
        self.clock_label.setText(f"{time_text}\n{date_text}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A scan while a number is on screen: back to the services, the scan into the field."""
        if self.page != 0 and event.text().isprintable() and event.text():
            self.go_home()
            QApplication.sendEvent(self.barcode_edit, event)
            return
        super().keyPressEvent(event)


def run_kiosk(*, windowed: bool = False, screen: int | None = None) -> int:
    """``desk-app kiosk``: numbers for citizens, issued as this workstation (no login)."""
    from desk_app.gui.queue_panel import run_screen
    from desk_app.services.workstation import station_of

    def make(workspace: Workspace) -> KioskWindow:
        return KioskWindow(workspace, Actor.at_station(station_of(workspace), None))

    return run_screen(make, windowed=windowed, screen=screen)
