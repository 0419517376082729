"""The status bar's sync label, and the timer that syncs in the background (issue 11).

`SyncMonitor` runs `services.sync.sync_once` in a worker thread on a single-shot QTimer: a
round SYNC_EVERY_S after a success, after a failure a wait that doubles from 5 s up to 10 min
with ±20 % jitter (`services.sync.next_wait`), and a round soon after a local write
(`nudge`). The GUI thread never waits on the network or the database for it: the thread
reads the status too, and hands it over by a queued signal. The label says what waits, when
the last round succeeded, what the server kept aside, and warns of a clock far off.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from desk_app.core.calendar import OFFICE_TZ
from desk_app.gui.app import notice_text
from desk_app.gui.qt import QLabel, QObject, QTimer, Signal
from desk_app.gui.translation import current_language

if TYPE_CHECKING:
    from desk_app.services.context import Workspace
    from desk_app.services.sync import SyncStatus

log = logging.getLogger(__name__)

NUDGE_MS = 2_000  # after a local write: soon, but not inside the officer's next keystrokes
FIRST_MS = 1_000  # after the window shows


@dataclass(frozen=True)
class Round:
    """What a worker brings back: the status after the round, and how the round ended."""

    status: SyncStatus | None
    failed: bool = False  # the round did not reach its end (network, server, revoked)
    revoked: bool = False  # the device must be enrolled again: no retry helps
    offline: bool = False  # the server could not be reached


def is_enrolled(workspace: Workspace) -> bool:
    """Whether the window should show sync at all (one small file read)."""
    from desk_app.services.sync import enrollment_of_or_none

    return enrollment_of_or_none(workspace) is not None


class SyncMonitor(QObject):
    finished = Signal(object)  # a Round, from the worker thread (queued to the GUI thread)

    def __init__(self, workspace: Workspace, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.label = QLabel()
        self.label.setObjectName("sync_status_label")
        self.failures = 0
        self.last: Round | None = None
        self._thread: threading.Thread | None = None
        self._stopped = False
        self._again = False  # a nudge came while a round ran: another right after it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run_now)
        self.finished.connect(self._show_round)
        self.label.setText(self.tr("Đồng bộ: đang kiểm tra…"))

    # --- scheduling ---------------------------------------------------------------------------

    def start(self, first_ms: int = FIRST_MS) -> None:
        self._stopped = False
        self._timer.start(first_ms)

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()

    def nudge(self) -> None:
        """Something was written here: sync soon (a timer already sooner is kept)."""
        if self._stopped:
            return
        if self.busy:
            self._again = True
        elif not self._timer.isActive() or self._timer.remainingTime() > NUDGE_MS:
            self._timer.start(NUDGE_MS)

    @property
    def busy(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run_now(self) -> None:
        """Start a round in a worker thread (nothing when one runs)."""
        if self.busy or self._stopped:
            return
        self._thread = threading.Thread(target=self._work, name="sync", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        from desk_app.services.sync import NotEnrolled, sync_once, sync_status
        from desk_app.sync.client import DeviceRevoked, DeviceUnknown, ServerUnreachable

        outcome: dict[str, bool] = {}
        try:
            sync_once(self.workspace)
        except (DeviceRevoked, DeviceUnknown, NotEnrolled):
            outcome = {"failed": True, "revoked": True}
        except ServerUnreachable:
            outcome = {"failed": True, "offline": True}
        except Exception as error:  # the server, the disk: told on the label, retried later
            log.info("background sync failed: %s", type(error).__name__)
            outcome = {"failed": True}
        status: SyncStatus | None
        try:
            status = sync_status(self.workspace)
        except Exception as error:
            log.info("sync status not read: %s", type(error).__name__)
            status = None
        with contextlib.suppress(RuntimeError):  # the window is gone: nobody to tell
            self.finished.emit(Round(status, **outcome))

    def _show_round(self, result: Round) -> None:
        from desk_app.services.sync import next_wait

        self.last = result
        self.failures = self.failures + 1 if result.failed else 0
        self.show_status(result)
        if self._stopped:
            return
        if self._again and not result.failed:
            self._again = False
            self._timer.start(0)
            return
        self._again = False
        self._timer.start(round(next_wait(self.failures) * 1000))

    # --- the label --------------------------------------------------------------------------

    def show_status(self, result: Round) -> None:
        status = result.status
        if status is None or not status.enrolled:
            self.label.setText(self.tr("Chưa đăng ký máy chủ"))
            self.label.setToolTip("")
            return
        if result.revoked:
            text = self.tr("Máy trạm bị thu hồi quyền đồng bộ — {waiting} chờ gửi")
        elif result.failed and result.offline:
            text = self.tr("Mất kết nối — {waiting} chờ gửi")
        elif result.failed:  # the server answered with an error, or this PC failed
            text = self.tr("Đồng bộ lỗi, sẽ thử lại — {waiting} chờ gửi")
        elif status.last_success_at is not None:
            text = self.tr("Đồng bộ: {waiting} chờ gửi · lần cuối {time}")
        else:
            text = self.tr("Đồng bộ: {waiting} chờ gửi")
        parts = [text.format(waiting=status.waiting, time=_hhmm(status.last_success_at))]
        if status.quarantined:
            parts.append(self.tr("{count} bị giữ lại").format(count=len(status.quarantined)))
        if status.attachments_waiting:
            parts.append(
                self.tr("{count} bản quét chờ gửi").format(count=status.attachments_waiting)
            )
        if status.clock_skew_warning:
            parts.append(self.tr("đồng hồ lệch"))
        self.label.setText(" · ".join(parts))
        self.label.setToolTip(self._tooltip(status, result))

    def _tooltip(self, status: SyncStatus, result: Round) -> str:
        lines: list[str] = []
        if result.revoked:
            lines.append(
                self.tr(
                    "Máy chủ quận không nhận máy trạm này nữa; không có gì bị xóa. Hãy nhờ "
                    "quản trị viên đăng ký lại (desk-app enroll)."
                )
            )
        if status.quarantined:
            lines.append(self.tr("Bị máy chủ giữ lại (không gửi lại):"))
            for item in status.quarantined:
                lines.append(
                    self.tr("{kind} lúc {time}: {reason}").format(
                        kind=item.kind, time=_day_hhmm(item.created_at), reason=item.reason
                    )
                )
        if status.attachment_problems:
            lines.append(self.tr("Bản quét chưa gửi được (thử lại mỗi lần đồng bộ):"))
            language = current_language()
            lines.extend(
                notice_text(problem.message, language) for problem in status.attachment_problems
            )
        if status.clock_skew_warning:
            lines.append(
                self.tr(
                    "Đồng hồ máy này lệch {minutes} phút so với máy chủ quận; hãy chỉnh lại giờ."
                ).format(minutes=round(status.clock_skew_s / 60))
            )
        return "\n".join(lines)


def _hhmm(moment: datetime | None) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%H:%M") if moment else "—"


def _day_hhmm(moment: datetime) -> str:
    return moment.astimezone(OFFICE_TZ).strftime("%d/%m %H:%M")


def attach(window: Any, workspace: Workspace) -> SyncMonitor | None:
    """The monitor on ``window``'s status bar, started after its first paint and nudged after
    each saved dossier; None (nothing shown) when this workstation is not enrolled."""
    if not is_enrolled(workspace):
        return None
    monitor = SyncMonitor(workspace, window)
    window.ui.status_bar.addPermanentWidget(monitor.label)
    window.bus.dossier_saved.connect(lambda _record: monitor.nudge())
    window.first_painted.connect(lambda: monitor.start())
    window.destroyed.connect(lambda *_: monitor.stop())
    return monitor
