"""The supervisor's queue figures (issue 9, item 7): a day's tickets per area, counter and officer.

One window, "Số liệu xếp hàng", opened from the counter window's Xếp hàng menu (Ctrl+4) by a
supervisor or an administrator: a day (today at first), and a table of what was issued,
served, missed and is still waiting, with the waiting and service times (median and 90th
percentile, minutes:seconds), each area, counter and officer on a line and the total last.

The figures come from the same queue the counter's panel uses (this workstation's file, or the
office hub, whose own accounts vouch for the supervisor: `desk_app.server.hub`), read off the UI
thread; a `QueueWatcher` reads them again whenever the queue changes, so the window follows the
day as counters call, and F5 reads them at once. The role is the service's to check: a refusal
is said in the window's status line (and the watcher stops, so a refusal is not audited again
every few seconds).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.roles import Act, may
from desk_app.gui.feedback import error_text, log_failure
from desk_app.gui.forms.ui_queue_figures import Ui_QueueFiguresDialog
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QDate,
    QDialog,
    QEvent,
    QFont,
    QHeaderView,
    QKeySequence,
    QShortcut,
    Qt,
    QTableWidgetItem,
    QWidget,
    Slot,
    qt_object_alive,
)
from desk_app.gui.queue_panel import (
    RETRY_S,
    QueueWatcher,
    counter_name,
    hub_lost_text,
    hub_unreachable,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import NotPermitted
from desk_app.services.queue import AreaInfo, QueueService, StatsRow

log = logging.getLogger(__name__)

NONE_SHOWN = "—"  # nothing measured: a sign, the same in every language


def may_see_figures(actor: Actor) -> bool:
    """Whether the counter window offers the figures to ``actor`` (the service decides)."""
    return actor.officer is not None and may(actor.officer.role, Act.REPORTS)


def duration_text(seconds: float | None) -> str:
    """mm:ss (minutes past 59 keep counting: 75:00); a dash when nothing was measured."""
    if seconds is None:
        return NONE_SHOWN
    whole = round(seconds)
    return f"{whole // 60:02d}:{whole % 60:02d}"


@dataclass(frozen=True)
class FiguresView:
    """What the window shows, read in one go off the UI thread."""

    day: date
    rows: tuple[StatsRow, ...]
    areas: tuple[AreaInfo, ...]


def read_figures(queue: QueueService, actor: Actor, day: date) -> FiguresView:
    return FiguresView(day, tuple(queue.stats(actor, day)), tuple(queue.areas()))


class QueueFiguresDialog(QDialog):
    """See the module text. It shares ``queue`` with the panel: the panel closes it."""

    retry_s = RETRY_S

    def __init__(
        self, workspace: Workspace, actor: Actor, queue: QueueService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.queue = queue
        self.language = workspace.settings.language
        self.ui = Ui_QueueFiguresDialog()
        self.ui.setupUi(self)
        self.view: FiguresView | None = None
        self._loading: Operation[FiguresView] | None = None
        self._stale = False
        self._watcher: QueueWatcher | None = None
        self._day = self.today()
        ui = self.ui
        ui.date_edit.setDate(_qdate(self._day))
        ui.date_edit.setMaximumDate(_qdate(self._day))
        ui.date_edit.dateChanged.connect(self._date_changed)
        ui.today_button.clicked.connect(self.show_today)
        ui.refresh_button.clicked.connect(self.reload)
        ui.close_button.clicked.connect(self.close)
        QShortcut(QKeySequence("F5"), self).activated.connect(self.reload)
        self.finished.connect(lambda _result: self.stop_watching())
        note = ui.note_label.font()
        note.setPointSizeF(note.pointSizeF() * 0.9)
        ui.note_label.setFont(note)
        self._show_headings()
        header = ui.figures_table.horizontalHeader()
        # Room on both sides of a heading: the figures stand flush right under it.
        header.setStyleSheet("QHeaderView::section { padding: 3px 8px; }")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the names take the rest
        self._show_heading()
        self.resize(1180, 560)

    # -- the day ------------------------------------------------------------------------------

    def today(self) -> date:
        return self.workspace.now().astimezone(OFFICE_TZ).date()

    @property
    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> None:
        self.ui.date_edit.setDate(_qdate(day))  # `_date_changed` reads it

    def show_today(self) -> None:
        today = self.today()
        self.ui.date_edit.setMaximumDate(_qdate(today))  # the window may stay open overnight
        self.set_day(today)
        give_focus(self.ui.date_edit)

    def _date_changed(self, picked: QDate) -> None:
        self._day = date(picked.year(), picked.month(), picked.day())
        self._show_heading()
        self.reload()

    # -- reading ------------------------------------------------------------------------------

    def start_watching(self) -> None:
        """Read the figures now and again at each change of the queue (once on screen)."""
        if self._watcher is not None:
            return
        actor, queue = self.actor, self.queue
        # The day is read on the thread at each change: the supervisor may pick another.
        self._watcher = QueueWatcher.follow(
            self,
            queue,
            lambda q: read_figures(q, actor, self.day),
            self._seen,
            self._lost,
            retry_s=self.retry_s,
        )

    def stop_watching(self, wait_s: float = 0.0) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.stop(wait_s)

    def reload(self) -> Operation[FiguresView] | None:
        """F5: read the figures of the day shown now, off the UI thread."""
        if self._loading is not None and self._loading.running:
            self._stale = True
            return None
        self._stale = False
        actor, queue, day = self.actor, self.queue, self.day
        self._loading = run_operation(
            self,
            lambda: read_figures(queue, actor, day),
            self._loaded,
            self._not_loaded,
            block_parent=False,
        )
        return self._loading

    def _loaded(self, view: FiguresView) -> None:
        if self._stale:
            self.reload()
            return
        self._show_view(view)

    def _not_loaded(self, error: Exception) -> None:
        self._failed(error)
        if self._stale:
            self.reload()

    @Slot(object)
    def _seen(self, view: object) -> None:
        if qt_object_alive(self):
            assert isinstance(view, FiguresView)
            self._show_view(view)

    @Slot(object)
    def _lost(self, error: object) -> None:
        if qt_object_alive(self):
            assert isinstance(error, Exception)
            self._failed(error)

    def _failed(self, error: Exception) -> None:
        if isinstance(error, NotPermitted):
            self.stop_watching()  # each refusal is audited: ask once, not every few seconds
        elif not hub_unreachable(error):
            log_failure(error)
        text = hub_lost_text() if hub_unreachable(error) else error_text(error, self.language)
        self.say(text, error=True)

    # -- what the window shows ----------------------------------------------------------------

    def say(self, text: str, *, error: bool = False) -> None:
        self.ui.status_label.setStyleSheet("color: #a61b1b; font-weight: bold;" if error else "")
        self.ui.status_label.setText(text)

    @property
    def status_text(self) -> str:
        return self.ui.status_label.text()

    def _show_headings(self) -> None:
        table = self.ui.figures_table
        headings = [
            (self.tr("Theo"), ""),
            (self.tr("Tên"), ""),
            (self.tr("Đã cấp"), self.tr("Số thứ tự đã cấp trong ngày")),
            (self.tr("Đã phục vụ"), ""),
            (self.tr("Vắng mặt"), self.tr("Được gọi nhưng không đến")),
            (self.tr("Đang chờ"), self.tr("Chưa xong: đang chờ, đã gọi hoặc đang phục vụ")),
            (self.tr("Chờ: trung vị"), self.tr("Từ lúc lấy số đến lần gọi đầu tiên")),
            (self.tr("Chờ: P90"), self.tr("90% số lượt chờ không quá thời gian này")),
            (self.tr("Phục vụ: trung vị"), self.tr("Từ lúc bắt đầu phục vụ đến lúc xong")),
            (self.tr("Phục vụ: P90"), self.tr("90% số lượt phục vụ không quá thời gian này")),
        ]
        table.setColumnCount(len(headings))
        for column, (text, tip) in enumerate(headings):
            item = QTableWidgetItem(text)
            if tip:
                item.setToolTip(tip)
            side = Qt.AlignmentFlag.AlignRight if column >= 2 else Qt.AlignmentFlag.AlignLeft
            item.setTextAlignment(side | Qt.AlignmentFlag.AlignVCenter)
            table.setHorizontalHeaderItem(column, item)

    def _show_heading(self) -> None:
        self.ui.heading_label.setText(self.tr("(hôm nay)") if self.day == self.today() else "")

    def _group_name(self, by: str) -> str:
        names = {
            "area": self.tr("Khu vực"),
            "counter": self.tr("Quầy"),
            "officer": self.tr("Cán bộ"),
            "total": self.tr("Tổng cộng"),
        }
        return names.get(by, by)

    def _key_text(self, row: StatsRow, areas: dict[str, AreaInfo]) -> str:
        if row.by == "area":
            area = areas.get(row.key)
            return f"{row.key} · {area.name}" if area else row.key
        if row.by == "counter":
            return counter_name(row.key)
        return row.key

    def _show_view(self, view: FiguresView) -> None:
        if view.day != self.day:  # read for a day the supervisor has left: read this one
            self.reload()
            return
        self.view = view
        table = self.ui.figures_table
        table.setRowCount(0)
        areas = {a.letter: a for a in view.areas}
        bold = QFont(table.font())
        bold.setBold(True)
        previous = None
        for row in view.rows:
            cells = [
                self._group_name(row.by) if row.by != previous else "",
                self._key_text(row, areas),
                str(row.issued),
                str(row.served),
                str(row.no_show),
                str(row.waiting_now),
                duration_text(row.wait.median),
                duration_text(row.wait.p90),
                duration_text(row.service.median),
                duration_text(row.service.p90),
            ]
            previous = row.by
            index = table.rowCount()
            table.insertRow(index)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if column == 0 or row.by == "total":
                    item.setFont(bold)
                table.setItem(index, column, item)
        shown = view.day.strftime("%d/%m/%Y")
        if not view.rows:
            self.say(self.tr("Ngày {day} chưa có số nào được cấp.").format(day=shown))
        else:
            moment = self.workspace.now().astimezone(OFFICE_TZ).strftime("%H:%M:%S")
            self.say(
                self.tr("Số liệu ngày {day}, cập nhật lúc {time}.").format(day=shown, time=moment)
            )

    def cell(self, by: str, key: str, column: int) -> str:
        """The text in the row of (``by``, ``key``) at ``column`` (tests, and screen readers)."""
        view = self.view
        if view is None:
            raise LookupError(by)
        index = next(i for i, r in enumerate(view.rows) if (r.by, r.key) == (by, key))
        item = self.ui.figures_table.item(index, column)
        return item.text() if item is not None else ""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.ui.retranslateUi(self)
            self.language = self.workspace.settings.language
            self._show_headings()
            self._show_heading()
            if self.view is not None:
                self._show_view(self.view)
        super().changeEvent(event)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)
