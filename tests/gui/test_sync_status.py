"""The status bar's sync label over a real district server on 127.0.0.1 (offscreen Qt)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.qt import QLabel
from desk_app.gui.sync_status import Round, SyncMonitor
from desk_app.server import admin
from desk_app.server.store import open_server_database
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.sync import (
    BACKOFF_MIN_S,
    JITTER,
    SYNC_EVERY_S,
    Enrollment,
    QuarantinedItem,
    SyncStatus,
    enroll,
    sync_status,
)
from desk_app.store.db import sqlite_url
from tests.factories import AGENCY_ID, intake_request
from tests.server.sync_helpers import District

pytestmark = pytest.mark.integration


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    db = open_server_database(sqlite_url(tmp_path / "server" / "district.sqlite3"))
    admin.add_office(db, AGENCY_ID, "UBND phường Thanh Xuân Trung")
    running = District(db).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()


def _window(qtbot: QtBot, workspace: Workspace, actor: Actor) -> MainWindow:
    from desk_app.gui.app import build_main_window

    window = build_main_window(workspace, actor)
    qtbot.addWidget(window)
    return window


def test_a_workstation_not_enrolled_shows_no_sync_label(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    window = _window(qtbot, workspace, actor)
    assert window.sync_monitor is None
    assert window.findChild(QLabel, "sync_status_label") is None


def test_the_label_counts_what_waits_and_zero_after_the_sync(
    qtbot: QtBot, workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    district.stop()
    window = _window(qtbot, workspace, actor)
    monitor = window.sync_monitor
    assert monitor is not None
    assert monitor.label in window.ui.status_bar.findChildren(type(monitor.label))

    record = take_in(workspace, actor, intake_request("1.001193", "Lê Văn Tám"))
    waiting = sync_status(workspace).waiting
    assert waiting > 0
    window.bus.dossier_saved.emit(record)  # what the intake screen does after a save
    qtbot.waitUntil(lambda: monitor.last is not None, timeout=15_000)
    assert monitor.label.text() == f"Mất kết nối — {waiting} chờ gửi"
    # After a failure: the first backoff step, with its jitter.
    remaining = monitor._timer.remainingTime() / 1000
    assert BACKOFF_MIN_S * (1 - JITTER) - 1 <= remaining <= BACKOFF_MIN_S * (1 + JITTER)

    district.start()
    monitor.last = None
    monitor.run_now()
    qtbot.waitUntil(lambda: monitor.last is not None, timeout=15_000)
    text = monitor.label.text()
    assert text.startswith("Đồng bộ: 0 chờ gửi · lần cuối "), text
    assert sync_status(workspace).waiting == 0
    remaining = monitor._timer.remainingTime() / 1000
    assert SYNC_EVERY_S * (1 - JITTER) - 1 <= remaining <= SYNC_EVERY_S * (1 + JITTER)
    monitor.stop()


def test_quarantined_items_and_a_clock_far_off_are_told(qtbot: QtBot) -> None:
    from desk_app.gui.qt import QObject

    owner = QObject()
    monitor = SyncMonitor(workspace=None, parent=owner)  # type: ignore[arg-type]
    qtbot.addWidget(monitor.label)
    at = datetime(2025, 7, 15, 2, 5, tzinfo=UTC)
    status = SyncStatus(
        enrollment=Enrollment("https://quan.example.vn", uuid.uuid4(), AGENCY_ID),
        last_success_at=at,
        last_attempt_at=at,
        last_error="",
        waiting=3,
        oldest_waiting_at=at,
        quarantined=(
            QuarantinedItem(uuid.uuid4(), "dossier.received", at, "code_taken"),
            QuarantinedItem(uuid.uuid4(), "made.up", at, "unknown_kind"),
        ),
        clock_skew_s=-900,
    )
    monitor.show_status(Round(status))
    assert (
        monitor.label.text() == "Đồng bộ: 3 chờ gửi · lần cuối 09:05 · 2 bị giữ lại · đồng hồ lệch"
    )
    tip = monitor.label.toolTip()
    assert "dossier.received lúc 15/07 09:05: code_taken" in tip and "unknown_kind" in tip
    assert "lệch -15 phút" in tip
    monitor.show_status(Round(status, failed=True))  # the server answered with an error
    assert monitor.label.text().startswith("Đồng bộ lỗi, sẽ thử lại — 3 chờ gửi")
    monitor.show_status(Round(status, failed=True, offline=True))
    assert monitor.label.text().startswith("Mất kết nối — 3 chờ gửi")
    monitor.show_status(Round(status, failed=True, revoked=True))
    assert monitor.label.text().startswith("Máy trạm bị thu hồi quyền đồng bộ — 3 chờ gửi")
    assert "đăng ký lại" in monitor.label.toolTip()
    monitor.show_status(Round(None))
    assert monitor.label.text() == "Chưa đăng ký máy chủ"


def test_scans_waiting_and_scans_set_aside_are_told(qtbot: QtBot) -> None:
    from desk_app.gui.qt import QObject
    from desk_app.services.sync_uploads import AttachmentProblem

    owner = QObject()
    monitor = SyncMonitor(workspace=None, parent=owner)  # type: ignore[arg-type]
    qtbot.addWidget(monitor.label)
    at = datetime(2025, 7, 15, 2, 5, tzinfo=UTC)
    missing = AttachmentProblem(
        uuid.uuid4(), "000.00.19.H26-250715-0001", "ab" * 32, "to-khai.pdf", "missing", at
    )
    status = SyncStatus(
        enrollment=Enrollment("https://quan.example.vn", uuid.uuid4(), AGENCY_ID),
        last_success_at=at,
        last_attempt_at=at,
        last_error="",
        waiting=0,
        oldest_waiting_at=None,
        attachments_waiting=2,
        attachment_problems=(missing,),
    )
    monitor.show_status(Round(status))
    assert monitor.label.text() == "Đồng bộ: 0 chờ gửi · lần cuối 09:05 · 2 bản quét chờ gửi"
    tip = monitor.label.toolTip()
    assert "Bản quét chưa gửi được" in tip
    assert "to-khai.pdf" in tip and "000.00.19.H26-250715-0001" in tip
