"""The TV display (`desk-app display`): who is being served at which counter, the last calls,
how many wait per area, and each new call spoken (issue 9, item 5).

The numbers at a counter now fill the left in very large type ("A012 → Quầy 3"), the latest
call on top and marked; the last calls and the waiting counts are on the right. A
`QueueWatcher` redraws it whenever the queue changes. A call is new when a ticket's calls count
or its last call time moved since the board before: the announcer is asked to say it with the
counter that actually called (several counters may serve one area). What was already called
when the display started, or long ago while the hub was away, is shown but not spoken.

If the queue cannot be reached (the hub is down, or started after the display), the footer says
so and the watcher keeps trying; the board comes back by itself. Type is sized from the screen
(designed at 1920x1080, legible at 1280x800). Ctrl+Shift+Q closes it.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import ClassVar, Protocol

from desk_app.core.calendar import office_time_text
from desk_app.gui.qt import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    Qt,
    QTimer,
    QVBoxLayout,
    QWidget,
)
from desk_app.gui.queue_panel import QueueScreen, clock_text, counter_name
from desk_app.services.context import Workspace
from desk_app.services.queue import Board, QueueService, TicketInfo

log = logging.getLogger(__name__)

SERVING_ROWS = 5
RECENT = 6
CLOCK_MS = 15_000
STALE_CALL = timedelta(minutes=5)  # a call older than this is not announced on reconnecting

STYLE = """
DisplayWindow {{ background: #0d2440; }}
QFrame#header {{ background: #163a66; }}
QLabel#office_label {{ color: #ffffff; font-size: {title}px; font-weight: bold; }}
QLabel#clock_label {{ color: #ffffff; font-size: {title}px; }}
QLabel#heading_label {{ color: #9cc3ef; font-size: {heading}px; font-weight: bold; }}
QLabel#column_label {{ color: #9cc3ef; font-size: {small}px; }}
QFrame#serving_row {{ background: #12325a; border-radius: {radius}px; }}
QFrame#serving_row[latest="true"] {{ background: #f0b429; }}
QLabel#serving_number, QLabel#serving_counter {{
    color: #ffffff; font-size: {number}px; font-weight: bold;
}}
QLabel#serving_arrow {{ color: #9cc3ef; font-size: {arrow}px; }}
QFrame#serving_row[latest="true"] QLabel#serving_number,
QFrame#serving_row[latest="true"] QLabel#serving_counter,
QFrame#serving_row[latest="true"] QLabel#serving_arrow {{ color: #10243d; }}
QLabel#nobody_label {{ color: #9cc3ef; font-size: {heading}px; }}
QFrame#side {{ background: #112d50; border-radius: {radius}px; }}
QLabel#recent_label {{ color: #ffffff; font-size: {side}px; }}
QLabel#waiting_label {{ color: #ffffff; font-size: {side}px; }}
QLabel#footer_label {{ color: #dce7f5; font-size: {small}px; }}
QLabel#footer_label[lost="true"] {{ color: #ffb3b3; font-weight: bold; }}
"""


class Announces(Protocol):
    """What the display asks of its voice (`gui.announcer.Announcer`)."""

    def announce(self, label: str, counter: str) -> None: ...


def default_announcer(workspace: Workspace, parent: QWidget) -> Announces:
    from desk_app.gui.announcer import Announcer

    return Announcer(workspace.settings, parent)


class ServingRow(QFrame):
    """One number at a counter: ``A012 → Quầy 3``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("serving_row")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 4)
        self.number_label = QLabel()
        self.number_label.setObjectName("serving_number")
        self.arrow_label = QLabel("→")
        self.arrow_label.setObjectName("serving_arrow")
        self.counter_label = QLabel()
        self.counter_label.setObjectName("serving_counter")
        self.counter_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label in (self.number_label, self.arrow_label, self.counter_label):
            # The row's share of the screen sizes the type, never the type the window.
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        layout.addWidget(self.number_label, 4)
        layout.addWidget(self.arrow_label, 1, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.counter_label, 5)

    def show_ticket(self, ticket: TicketInfo | None, latest: bool) -> None:
        self.setProperty("latest", latest)
        self.style().unpolish(self)
        self.style().polish(self)
        for label in (self.number_label, self.arrow_label, self.counter_label):
            label.style().unpolish(label)
            label.style().polish(label)
        if ticket is None:
            self.hide()
            return
        self.number_label.setText(ticket.label)
        self.counter_label.setText(counter_name(ticket.counter or "?"))
        self.show()


class DisplayWindow(QueueScreen):
    """See the module text. ``queue`` and ``announcer`` stand in for the settings' (tests)."""

    name = "display"
    STYLE = STYLE
    # Pixels on the 1920x1080 TV it is designed for, scaled to others (legible at 1280x800).
    SIZES: ClassVar[dict[str, float]] = {
        "title": 40,
        "heading": 44,
        "small": 28,
        "number": 104,
        "arrow": 72,
        "side": 40,
        "radius": 14,
    }
    DESIGN = (1920, 1080)
    MIN_SCALE = 0.4

    def __init__(
        self,
        workspace: Workspace,
        *,
        queue: QueueService | None = None,
        announcer: Announces | None = None,
        hide_cursor: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(workspace, queue, parent)
        self.setObjectName("DisplayWindow")
        if hide_cursor:  # a TV: nobody points at it
            self.setCursor(Qt.CursorShape.BlankCursor)
        self.announcer = announcer if announcer is not None else default_announcer(workspace, self)
        self.board: Board | None = None
        self._calls: dict[uuid.UUID, tuple[int, datetime | None]] = {}
        self._primed = False  # the first board is shown, not spoken
        self.setWindowTitle(self.tr("Màn hình gọi số"))
        self._build()
        self._clock = QTimer(self)
        self._clock.setInterval(CLOCK_MS)
        self._clock.timeout.connect(self._show_clock)
        self._clock.start()
        self._show_clock()
        self._restyle()
        self.footer_label.setText(self.tr("Đang kết nối hàng đợi…"))

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        # The screen's size sizes the type (`_restyle`), not the type the window.
        root.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        header = QFrame()
        header.setObjectName("header")
        top = QHBoxLayout(header)
        top.setContentsMargins(32, 12, 32, 12)
        self.office_label = QLabel(
            self.workspace.station.office.name if self.workspace.station else ""
        )
        self.office_label.setObjectName("office_label")
        self.clock_label = QLabel()
        self.clock_label.setObjectName("clock_label")
        self.clock_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top.addWidget(self.office_label, 1)
        top.addWidget(self.clock_label)
        root.addWidget(header)

        body = QHBoxLayout()
        body.setContentsMargins(32, 20, 32, 12)
        body.setSpacing(28)
        serving = QVBoxLayout()
        serving.setSpacing(12)
        self.serving_heading = QLabel(self.tr("Mời công dân có số thứ tự đến quầy"))
        self.serving_heading.setObjectName("heading_label")
        serving.addWidget(self.serving_heading)
        self.nobody_label = QLabel(self.tr("Đang kết nối hàng đợi…"))
        self.nobody_label.setObjectName("nobody_label")
        serving.addWidget(self.nobody_label)
        self.rows = [ServingRow() for _ in range(SERVING_ROWS)]
        for row in self.rows:
            serving.addWidget(row, 1)
            row.hide()
        serving.addStretch(0)
        body.addLayout(serving, 3)

        side = QFrame()
        side.setObjectName("side")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(24, 16, 24, 16)
        recent_heading = QLabel(self.tr("Vừa gọi"))
        recent_heading.setObjectName("heading_label")
        side_layout.addWidget(recent_heading)
        self.recent_grid = QGridLayout()
        side_layout.addLayout(self.recent_grid)
        self.recent_labels: list[tuple[QLabel, QLabel, QLabel]] = []
        for index in range(RECENT):
            cells = (QLabel(), QLabel(), QLabel())
            for column, cell in enumerate(cells):
                cell.setObjectName("recent_label")
                self.recent_grid.addWidget(cell, index, column)
            cells[2].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.recent_labels.append(cells)
        side_layout.addSpacing(16)
        waiting_heading = QLabel(self.tr("Đang chờ"))
        waiting_heading.setObjectName("heading_label")
        side_layout.addWidget(waiting_heading)
        self.waiting_grid = QGridLayout()
        side_layout.addLayout(self.waiting_grid)
        self.waiting_labels: list[tuple[QLabel, QLabel]] = []
        side_layout.addStretch(1)
        body.addWidget(side, 2)
        root.addLayout(body, 1)

        self.footer_label = QLabel()
        self.footer_label.setObjectName("footer_label")
        self.footer_label.setWordWrap(True)
        self.footer_label.setContentsMargins(32, 6, 32, 12)
        root.addWidget(self.footer_label)

    # -- the queue ------------------------------------------------------------------------------

    def read_board(self, queue: QueueService) -> Board:
        return queue.board(RECENT)

    def stop(self, wait_s: float = 1.0) -> None:
        super().stop(wait_s)
        stop = getattr(self.announcer, "stop", None)
        if callable(stop):
            stop()

    def say_lost(self, text: str) -> None:
        if self.board is None:  # nothing to show yet: the big type says why
            self.nobody_label.setText(text)
        self.footer_label.setProperty("lost", True)
        self.footer_label.setText(text)
        self._repolish(self.footer_label)

    # -- the board ------------------------------------------------------------------------------

    def show_board(self, board: Board) -> None:
        """Draw ``board`` and announce the calls made since the one before."""
        self.board = board
        fresh = self._new_calls(board)
        serving = board.serving[: len(self.rows)]
        for index, row in enumerate(self.rows):
            row.show_ticket(serving[index] if index < len(serving) else None, index == 0)
        self.nobody_label.setText(self.tr("Chưa có số nào được gọi."))
        self.nobody_label.setVisible(not serving)
        for index, (number, counter, moment) in enumerate(self.recent_labels):
            ticket = board.recent[index] if index < len(board.recent) else None
            number.setText(ticket.label if ticket else "")
            counter.setText(counter_name(ticket.counter or "?") if ticket else "")
            moment.setText(
                clock_text(ticket.last_called_at) if ticket and ticket.last_called_at else ""
            )
        self._show_waiting(board)
        self.footer_label.setProperty("lost", False)
        self.footer_label.setText(
            self.tr("Khi số của bạn hiện trên màn hình, xin mời đến đúng quầy được ghi.")
        )
        self._repolish(self.footer_label)
        for ticket in fresh:
            self.announcer.announce(ticket.label, ticket.counter or "")

    def _new_calls(self, board: Board) -> list[TicketInfo]:
        """The calls on ``board`` not on the one before, oldest first."""
        now = self.workspace.now()
        fresh = []
        for ticket in sorted(
            {t.id: t for t in (*board.recent, *board.serving)}.values(),
            key=lambda t: t.last_called_at or now,
        ):
            seen = (ticket.calls, ticket.last_called_at)
            if self._calls.get(ticket.id) == seen:
                continue
            self._calls[ticket.id] = seen
            recent = ticket.last_called_at is not None and now - ticket.last_called_at < STALE_CALL
            if self._primed and ticket.counter and ticket.calls and recent:
                fresh.append(ticket)
        self._primed = True
        return fresh

    def _show_waiting(self, board: Board) -> None:
        areas = [a for a in board.areas if a.active]
        while len(self.waiting_labels) < len(areas):
            index = len(self.waiting_labels)
            cells = (QLabel(), QLabel())
            for column, cell in enumerate(cells):
                cell.setObjectName("waiting_label")
                self.waiting_grid.addWidget(cell, index, column)
            cells[1].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.waiting_labels.append(cells)
        for index, (name, count) in enumerate(self.waiting_labels):
            area = areas[index] if index < len(areas) else None
            name.setText(f"{area.letter} · {area.name}" if area else "")
            count.setText(
                self.tr("%n người", "", board.waiting.get(area.letter, 0)) if area else ""
            )

    # -- the window -----------------------------------------------------------------------------

    def serving_texts(self) -> list[tuple[str, str]]:
        """What the big rows say now, top to bottom: (number, counter)."""
        return [
            (row.number_label.text(), row.counter_label.text())
            for row in self.rows
            if not row.isHidden()
        ]

    def _show_clock(self) -> None:
        time_text, date_text = office_time_text(self.workspace.now())
        self.clock_label.setText(f"{time_text} · {date_text}")

    @staticmethod
    def _repolish(widget: QWidget) -> None:
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def run_display(*, windowed: bool = False, screen: int | None = None) -> int:
    """``desk-app display``: this workstation's (or the office hub's) calls on a TV."""
    from desk_app.gui.queue_panel import run_screen

    return run_screen(
        lambda workspace: DisplayWindow(workspace, hide_cursor=not windowed),
        windowed=windowed,
        screen=screen,
    )
