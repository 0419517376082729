"""The work list that opens with the app (issue 10, "Deadlines in sight"): overdue, due today,
due within the office's N working days, waiting for a supplement, ready to return.

The buckets are the service's (`services.work_list`, rules in `core.work_list`); this view
only shows them. It is read off the UI thread, never disabling the window, on a timer (a
dossier becomes overdue without anybody touching it), when the change bus says a dossier was
saved, and on F5. What each row says about time ("còn 2 giờ 10 phút", "quá hạn 3 ngày làm
việc") is counted in the same worker, with the office calendar, so a weekend or a holiday
never counts as a day the office had.

A dossier about to be late (due by the end of the next working day: the last moment for the
apology and new appointment, Mẫu 04, which must come before the due time, reference §2 and §4)
is marked and offers "Lập phiếu xin lỗi…": the apology dialog, filled in with the dossier and
a proposed new date (`propose_new_due`), the reason left to the officer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal

from desk_app.core.calendar import OFFICE_TZ, WorkingCalendar, office_time_text
from desk_app.core.roles import Act, may
from desk_app.core.work_list import BUCKET_LABELS, Bucket
from desk_app.gui.changes import ChangeBus
from desk_app.gui.feedback import error_text, log_failure, show_error
from desk_app.gui.operations import Operation, give_focus, run_operation
from desk_app.gui.qt import (
    QAbstractItemView,
    QColor,
    QDate,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFont,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QKeySequence,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QShortcut,
    Qt,
    QTimer,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
    Signal,
)
from desk_app.gui.texts import office_moment_text
from desk_app.i18n import translate
from desk_app.services.context import Actor, Workspace
from desk_app.services.lifecycle import ActResult, apologise, confirm_approver
from desk_app.services.permissions import ROLE_NAMES
from desk_app.services.work_list import WorkItem, WorkList, work_list

REFRESH_MS = 60_000  # a minute: "còn 5 phút" may be a minute stale, never more
OVERDUE_RED = QColor("#b3261e")
LATE_SOON_BACKGROUND = QColor("#fff4d6")  # about to be late: the apology is still possible
_CODE_ROLE = Qt.ItemDataRole.UserRole
_BUCKET_ROLE = Qt.ItemDataRole.UserRole + 1

TimingKind = Literal["late_minutes", "late_days", "left_minutes", "left_days", "paused", "ready"]


@dataclass(frozen=True)
class Timing:
    """How long a row has left (or how late it is), counted in the worker."""

    kind: TimingKind
    amount: int  # minutes or working days, by ``kind``
    since: datetime | None = None  # paused or resolved at


@dataclass(frozen=True)
class WorkListSnapshot:
    """What one refresh read: the list, each row's timing, the apology's proposed dates."""

    work_list: WorkList
    timings: Mapping[str, Timing]
    proposals: Mapping[str, date]  # the about-to-be-late dossiers' proposed new due dates


def propose_new_due(item: WorkItem, calendar: WorkingCalendar) -> date:
    """The new date the apology proposes: the current due date pushed on by as many working
    days as the dossier was first given (at least one).

    Why that: the delay usually means the handling unit needs another round of the work (a
    check, a reply from elsewhere), and the procedure's own time is the only measure of a
    round the law gives. A shorter first extension invites a second one, which the law counts
    as exceptional (reference §2, Mẫu 04); the officer shortens the date when the unit says
    less will do.
    """
    received = item.received_at.astimezone(OFFICE_TZ).date()
    original = item.original_due_at.astimezone(OFFICE_TZ).date()
    days = max(1, calendar.working_days_in(received + timedelta(days=1), original))
    day = item.due_at.astimezone(OFFICE_TZ).date()
    for _ in range(days):
        day = calendar.next_working_day(day)
    return day


def timing_of(item: WorkItem, bucket: Bucket, now: datetime, calendar: WorkingCalendar) -> Timing:
    """What the "Còn lại" column says, for ``item`` of ``bucket`` as of ``now``."""
    if bucket is Bucket.WAITING_SUPPLEMENT:
        return Timing("paused", 0, item.paused_at)
    if bucket is Bucket.READY_TO_RETURN:
        return Timing("ready", 0, item.resolved_at)
    today = now.astimezone(OFFICE_TZ).date()
    due_day = item.due_at.astimezone(OFFICE_TZ).date()
    if item.due_at < now:
        late = now - item.due_at
        if late < timedelta(days=1):
            return Timing("late_minutes", max(1, math.ceil(late.total_seconds() / 60)))
        days = calendar.working_days_in(due_day + timedelta(days=1), today)
        return Timing("late_days", max(1, days))
    if due_day == today:
        left = item.due_at - now
        return Timing("left_minutes", math.floor(left.total_seconds() / 60))
    return Timing("left_days", calendar.working_days_in(today + timedelta(days=1), due_day))


def read_snapshot(workspace: Workspace, actor: Actor) -> WorkListSnapshot:
    """The work list with its timings (a worker's call: it reads the database)."""
    listed = work_list(workspace, actor)
    calendar = workspace.calendar(actor.office.id)
    now = listed.bounds.now.astimezone(UTC)
    timings: dict[str, Timing] = {}
    proposals: dict[str, date] = {}
    for bucket, items in listed.buckets.items():
        for item in items:
            timings[item.code] = timing_of(item, bucket, now, calendar)
            if item.about_to_be_late:
                proposals[item.code] = propose_new_due(item, calendar)
    return WorkListSnapshot(listed, timings, proposals)


class WorkListView(QWidget):
    """The work list. ``open_dossier(code)``: the officer picked a dossier (double-click or
    Enter); ``counts_changed(text)``: the status bar's line after each refresh;
    ``apology_made(ActResult)``: an apology and new date was recorded from here."""

    open_dossier = Signal(str)
    counts_changed = Signal(str)
    apology_made = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        bus: ChangeBus | None = None,
        parent: QWidget | None = None,
        *,
        refresh_ms: int = REFRESH_MS,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.language = workspace.settings.language
        self.snapshot: WorkListSnapshot | None = None
        self._loading: Operation[WorkListSnapshot] | None = None
        self._stale = False
        self._items: dict[str, WorkItem] = {}

        self.summary_label = QLabel(self.tr("Đang đọc danh sách việc cần làm…"))
        self.summary_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.warning_label.hide()
        self.tree = QTreeWidget()
        headers = [
            self.tr("Mã hồ sơ"),
            self.tr("Người nộp"),
            self.tr("Thủ tục"),
            self.tr("Hẹn trả"),
            self.tr("Còn lại"),
        ]
        self.tree.setColumnCount(len(headers))
        self.tree.setHeaderLabels(headers)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemSelectionChanged.connect(self._selection_changed)

        self.refresh_button = QPushButton(self.tr("Làm mới (F5)"))
        self.open_button = QPushButton(self.tr("Mở hồ sơ"))
        self.apology_button = QPushButton(self.tr("Lập phiếu xin lỗi…"))
        self.apology_button.setToolTip(
            self.tr("Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04), lập trước khi hết hạn.")
        )
        self.refresh_button.clicked.connect(self.refresh)
        self.open_button.clicked.connect(self.open_selected)
        self.apology_button.clicked.connect(self.propose_apology)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.apology_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.refresh)
        self.timer = QTimer(self)
        self.timer.setInterval(refresh_ms)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        if bus is not None:
            bus.dossier_saved.connect(self._dossier_saved)
        self._selection_changed()
        # The first `refresh` is the window's to start, once it is on screen.

    # --- reading -------------------------------------------------------------------------

    @property
    def loading(self) -> bool:
        return self._loading is not None and self._loading.running

    def _dossier_saved(self, _record: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the list again off the UI thread; a refresh asked for meanwhile follows it."""
        if self.loading:
            self._stale = True
            return
        self._stale = False
        self._loading = run_operation(
            self,
            lambda: read_snapshot(self.workspace, self.actor),
            self._show,
            self._not_read,
            block_parent=False,
        )

    def _not_read(self, error: Exception) -> None:
        """The list stays as it was and says why it is not fresh (no dialog every minute)."""
        log_failure(error)
        self.summary_label.setText(error_text(error, self.language))
        if self._stale:
            self.refresh()

    def _show(self, snapshot: WorkListSnapshot) -> None:
        if self._stale:
            self.refresh()
            return
        keep = self.selected_code()
        self.snapshot = snapshot
        listed = snapshot.work_list
        self._items = {i.code: i for items in listed.buckets.values() for i in items}
        self.tree.clear()
        for bucket in Bucket:
            self._add_section(bucket, listed, snapshot)
        self.tree.expandAll()
        for section in self._sections():
            section.setFirstColumnSpanned(True)
        self._select(keep)
        hour, day = office_time_text(listed.bounds.now)
        horizon = listed.bounds.horizon_day.strftime("%d/%m/%Y")
        self.summary_label.setText(
            self.tr(
                "Cập nhật lúc {hour} ngày {day}. Sắp đến hạn: trong {days} ngày làm việc tới "
                "(đến hết ngày {horizon})."
            ).format(hour=hour, day=day, days=listed.due_soon_days, horizon=horizon)
        )
        late = len(snapshot.proposals)
        self.warning_label.setVisible(late > 0)
        self.warning_label.setText(
            self.tr(
                "%n hồ sơ sắp trễ hạn (tô vàng): hãy lập phiếu xin lỗi và hẹn lại trước khi "
                "hết hạn.",
                "",
                late,
            )
        )
        self.counts_changed.emit(self.counts_text())

    def _add_section(self, bucket: Bucket, listed: WorkList, snapshot: WorkListSnapshot) -> None:
        count = listed.counts[bucket]
        label = translate(BUCKET_LABELS[bucket], self.language)
        section = QTreeWidgetItem([self.tr("{label} ({count})").format(label=label, count=count)])
        section.setData(0, _BUCKET_ROLE, bucket.value)
        section.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = QFont(self.font())
        font.setBold(True)
        section.setFont(0, font)
        overdue = bucket is Bucket.OVERDUE and count > 0
        if overdue:
            section.setForeground(0, OVERDUE_RED)
        elif count == 0:
            section.setForeground(0, QColor("#6b6b6b"))
        self.tree.addTopLevelItem(section)
        items = listed.buckets[bucket]
        for item in items:
            cells = [
                item.code,
                item.applicant_name,
                item.procedure_name,
                office_moment_text(item.due_at),
                self._timing_text(snapshot.timings[item.code]),
            ]
            row = QTreeWidgetItem(cells)
            row.setData(0, _CODE_ROLE, item.code)
            for column, text in enumerate(cells):
                row.setToolTip(column, text)
                if overdue:
                    row.setForeground(column, OVERDUE_RED)
                elif item.about_to_be_late:
                    row.setBackground(column, LATE_SOON_BACKGROUND)
            section.addChild(row)
        if count > len(items):
            more = QTreeWidgetItem(
                [self.tr("… và %n hồ sơ khác (tìm theo mã để mở).", "", count - len(items))]
            )
            more.setFlags(Qt.ItemFlag.ItemIsEnabled)
            section.addChild(more)
            more.setFirstColumnSpanned(True)

    def _timing_text(self, timing: Timing) -> str:
        match timing.kind:
            case "late_minutes":
                return self.tr("Quá hạn {span}").format(span=self._span(timing.amount))
            case "late_days":
                return self.tr("Quá hạn %n ngày làm việc", "", timing.amount)
            case "left_minutes":
                return self.tr("Còn {span}").format(span=self._span(timing.amount))
            case "left_days":
                return self.tr("Còn %n ngày làm việc", "", timing.amount)
            case "paused":
                since = timing.since
                if since is None:
                    return self.tr("Tạm dừng, chờ bổ sung")
                return self.tr("Tạm dừng từ {day}").format(day=office_time_text(since)[1])
            case "ready":
                since = timing.since
                if since is None:
                    return self.tr("Có kết quả")
                return self.tr("Có kết quả từ {day}").format(day=office_time_text(since)[1])

    def _span(self, minutes: int) -> str:
        hours, rest = divmod(max(0, minutes), 60)
        if hours == 0:
            return self.tr("{minutes} phút").format(minutes=rest)
        return self.tr("{hours} giờ {minutes} phút").format(hours=hours, minutes=rest)

    # --- what the status bar shows ----------------------------------------------------

    def counts_text(self) -> str:
        """``Quá hạn 1 · Hôm nay 3 · Sắp đến hạn 5 · Chờ bổ sung 2 · Chờ trả 4`` ("" before
        the first read)."""
        if self.snapshot is None:
            return ""
        counts = self.snapshot.work_list.counts
        return self.tr(
            "Quá hạn {overdue} · Hôm nay {today} · Sắp đến hạn {soon} · Chờ bổ sung {waiting}"
            " · Chờ trả {ready}"
        ).format(
            overdue=counts[Bucket.OVERDUE],
            today=counts[Bucket.DUE_TODAY],
            soon=counts[Bucket.DUE_SOON],
            waiting=counts[Bucket.WAITING_SUPPLEMENT],
            ready=counts[Bucket.READY_TO_RETURN],
        )

    def needs_attention(self) -> bool:
        """Something overdue, due today or about to be late: the window opens on this list."""
        if self.snapshot is None:
            return False
        counts = self.snapshot.work_list.counts
        urgent = counts[Bucket.OVERDUE] + counts[Bucket.DUE_TODAY]
        return urgent > 0 or bool(self.snapshot.proposals)

    def count(self, bucket: Bucket) -> int:
        return self.snapshot.work_list.counts[bucket] if self.snapshot else 0

    def codes_in(self, bucket: Bucket) -> list[str]:
        """The codes shown under ``bucket``, in the order shown."""
        for section in self._sections():
            if section.data(0, _BUCKET_ROLE) == bucket.value:
                rows = _children(section)
                return [str(c.data(0, _CODE_ROLE)) for c in rows if c.data(0, _CODE_ROLE)]
        return []

    def _sections(self) -> list[QTreeWidgetItem]:
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [s for s in found if s is not None]

    # --- picking ----------------------------------------------------------------------

    def selected_code(self) -> str | None:
        chosen = self.tree.selectedItems()
        code = chosen[0].data(0, _CODE_ROLE) if chosen else None
        return str(code) if code else None

    def select_code(self, code: str) -> bool:
        """Select ``code``'s row (as the officer would), if it is listed."""
        self._select(code)
        return self.selected_code() == code

    def _select(self, code: str | None) -> None:
        self.tree.clearSelection()
        if code is not None:
            for section in self._sections():
                for child in _children(section):
                    if child.data(0, _CODE_ROLE) == code:
                        self.tree.setCurrentItem(child)
                        child.setSelected(True)
                        self.tree.scrollToItem(child)
                        self._selection_changed()
                        return
        self._selection_changed()

    def _selection_changed(self) -> None:
        code = self.selected_code()
        self.open_button.setEnabled(code is not None)
        item = self._items.get(code) if code else None
        self.apology_button.setEnabled(item is not None and item.about_to_be_late)

    def _activated(self, row: QTreeWidgetItem, _column: int) -> None:
        code = row.data(0, _CODE_ROLE)
        if code:
            self.open_dossier.emit(str(code))

    def open_selected(self) -> None:
        code = self.selected_code()
        if code is not None:
            self.open_dossier.emit(code)

    # --- the apology ------------------------------------------------------------------

    def propose_apology(self) -> WorkListApologyDialog | None:
        """Open the pre-filled apology for the selected dossier, if it is about to be late."""
        code = self.selected_code()
        item = self._items.get(code) if code else None
        if item is None or not item.about_to_be_late or self.snapshot is None:
            return None
        proposed = self.snapshot.proposals.get(item.code)
        dialog = WorkListApologyDialog(self.workspace, self.actor, item, proposed, self)
        dialog.made.connect(self._apology_made)
        dialog.open()
        return dialog

    def _apology_made(self, result: ActResult) -> None:
        self.apology_made.emit(result)
        self.refresh()


class WorkListApologyDialog(QDialog):
    """Mẫu 04 filled in for one dossier: its code, applicant, procedure and due time shown, a
    new date proposed, the reason for the officer to write. The approver is the officer when
    they are a supervisor, else a supervisor who types their username and password here
    (`confirm_approver`, checked as at login). ``made(ActResult)`` once recorded."""

    made = Signal(object)

    def __init__(
        self,
        workspace: Workspace,
        actor: Actor,
        item: WorkItem,
        proposed: date | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.actor = actor
        self.item = item
        self.act_result: ActResult | None = None
        self.setWindowTitle(self.tr("Phiếu xin lỗi và hẹn lại ngày trả kết quả"))
        language = workspace.settings.language
        hour, day = office_time_text(item.due_at)
        about = QLabel(
            self.tr(
                "Hồ sơ <b>{code}</b> của {applicant}<br>{procedure}<br>Hẹn trả hiện tại: "
                "<b>{hour} ngày {day}</b>"
            ).format(
                code=item.code,
                applicant=_escape(item.applicant_name),
                procedure=_escape(item.procedure_name),
                hour=hour,
                day=day,
            )
        )
        about.setWordWrap(True)
        about.setTextFormat(Qt.TextFormat.RichText)

        due_day = item.due_at.astimezone(OFFICE_TZ).date()
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setMinimumDate(_qdate(due_day + timedelta(days=1)))
        self.date_edit.setDate(_qdate(proposed or due_day + timedelta(days=1)))
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText(
            self.tr("Vì sao hồ sơ chưa giải quyết được đúng hạn (in trên phiếu).")
        )
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setMinimumHeight(72)
        form = QFormLayout()
        form.addRow(self.tr("Ngày hẹn trả mới:"), self.date_edit)
        if proposed is not None:
            hint = QLabel(
                self.tr(
                    "Đề xuất: thêm bằng thời hạn giải quyết ban đầu của hồ sơ; hãy sửa nếu "
                    "đơn vị giải quyết hẹn ngày khác."
                )
            )
            hint.setWordWrap(True)
            hint.setStyleSheet("color: #555555;")
            form.addRow("", hint)
        form.addRow(self.tr("Lý do:"), self.reason_edit)

        officer = actor.officer
        self.self_approves = officer is not None and may(officer.role, Act.APPROVE_EXTENSION)
        self.username_edit = QLineEdit()
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        if self.self_approves and officer is not None:
            role = translate(ROLE_NAMES[officer.role], language)
            form.addRow(
                self.tr("Người duyệt:"),
                QLabel(self.tr("{name} ({role})").format(name=officer.full_name, role=role)),
            )
        else:
            note = QLabel(
                self.tr("Gia hạn phải có lãnh đạo bộ phận duyệt: người duyệt nhập tài khoản.")
            )
            note.setWordWrap(True)
            form.addRow("", note)
            form.addRow(self.tr("Tài khoản người duyệt:"), self.username_edit)
            form.addRow(self.tr("Mật khẩu người duyệt:"), self.password_edit)

        self.buttons = QDialogButtonBox()
        self.make_button = self.buttons.addButton(
            self.tr("Lập phiếu"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(self.tr("Hủy"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.make)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)
        self.reason_edit.setFocus()

    @property
    def new_due(self) -> date:
        picked = self.date_edit.date()
        return date(picked.year(), picked.month(), picked.day())

    def make(self) -> Operation[ActResult] | None:
        """Record the apology (off the UI thread: the approver's password is hashed)."""
        workspace, actor, code = self.workspace, self.actor, self.item.code
        new_due, reason = self.new_due, self.reason_edit.toPlainText()
        username, password = self.username_edit.text().strip(), self.password_edit.text()
        self_approves = self.self_approves

        def call() -> ActResult:
            approver = None if self_approves else confirm_approver(workspace, username, password)
            return apologise(
                workspace, actor, code, new_due=new_due, reason=reason, approver=approver
            )

        return run_operation(self, call, self._made, self._refused)

    def _made(self, result: ActResult) -> None:
        self.act_result = result
        self.made.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.password_edit.clear()
        show_error(self, error)
        fields = {"reason": self.reason_edit, "new_due": self.date_edit}
        target = fields.get(getattr(error, "field", ""))
        if target is None and not self.self_approves:
            target = self.username_edit if not self.username_edit.text() else self.password_edit
        give_focus(target or self.reason_edit)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _children(section: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (section.child(i) for i in range(section.childCount()))
    return [c for c in found if c is not None]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
