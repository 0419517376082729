"""A dossier's scans in the window: a file dropped on the view is attached to the chosen
component and the digitisation status follows; a scanner folder's files are taken; a PDF is
shown with QtPdf, a picture in a label, a damaged file said plainly."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF
from pytestqt.qtbot import QtBot

from desk_app.gui.attachments_view import AttachmentsView
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import (
    QApplication,
    QDragEnterEvent,
    QDropEvent,
    QMimeData,
    QPdfView,
    Qt,
    QUrl,
)
from desk_app.services.attachments import list_files, stored_path
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from tests.factories import intake_request
from tests.scan_files import pdf_bytes, png_bytes

BIRTH = "1.001193"  # components 1, 2 required
_png = os.environ.get("DESK_APP_PNG_DIR")
PNG_FOLDER = Path(_png) if _png else None


@pytest.fixture
def code(workspace: Workspace, actor: Actor) -> str:
    return take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn Đức")).code


def _view(qtbot: QtBot, workspace: Workspace, actor: Actor, code: str) -> AttachmentsView:
    view = AttachmentsView(workspace, actor, settle_seconds=0)
    qtbot.addWidget(view)
    view.resize(1000, 560)
    view.show()
    qtbot.waitExposed(view)
    with qtbot.waitSignal(view.status_changed, timeout=10_000):
        view.show_dossier(code)
    return view


def _drop(view: AttachmentsView, *paths: Path) -> None:
    """What Explorer does when files are dropped: local URLs in the drag's data."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPointF(view.width() / 2, view.height() / 2)
    enter = QDragEnterEvent(
        where.toPoint(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        where,
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(view, drop)
    assert drop.isAccepted()


def test_a_dropped_file_is_attached_and_the_status_follows(
    qtbot: QtBot, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    view = _view(qtbot, workspace, actor, code)
    assert view.status_label.text() == "Chưa số hóa đủ: thiếu bản quét thành phần số 1, 2."
    assert view.target() == 1  # the first paper still to scan
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(pdf_bytes(2))
    with qtbot.waitSignal(view.files_changed, timeout=10_000) as changed:
        _drop(view, scan)
    assert changed.args == [code]
    qtbot.waitUntil(lambda: view.status_label.text().endswith("thành phần số 2."))
    files = list_files(workspace, actor, code)
    assert [(a.component_position, a.file_name, a.pages) for a in files.attachments] == [
        (1, "to-khai.pdf", 2)
    ]
    assert view.message_label.text() == "Đã đính kèm 1 tệp."
    assert view.target() == 2

    # The second paper, as a picture, and a file that is not what its name says.
    picture, fake = tmp_path / "giay-chung-sinh.png", tmp_path / "gia.pdf"
    picture.write_bytes(png_bytes())
    fake.write_bytes(png_bytes("red"))
    with qtbot.waitSignal(view.files_changed, timeout=10_000):
        _drop(view, picture, fake)
    qtbot.waitUntil(lambda: view.status_label.text().startswith("Đã số hóa đủ"))
    assert "Không đính kèm gia.pdf: Tên tệp nói đây là tệp PDF nhưng nội dung là tệp PNG" in (
        view.message_label.text()
    )

    pdf_sha = files.attachments[0].sha256
    assert view.select_file(pdf_sha)
    qtbot.waitUntil(lambda: view.shown_page() is view.pdf_view)
    assert isinstance(view.pdf_view, QPdfView) and view.pdf_view.document().pageCount() == 2
    if PNG_FOLDER:
        view.grab().save(str(PNG_FOLDER / "attachments_pdf.png"))
    picture_sha = list_files(workspace, actor, code).attachments[1].sha256
    assert view.select_file(picture_sha)
    qtbot.waitUntil(lambda: view.shown_page() is view.image_scroll)
    assert not view.image_label.pixmap().isNull()
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_a_damaged_scan_is_said_plainly(
    qtbot: QtBot, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    view = _view(qtbot, workspace, actor, code)
    scan = tmp_path / "to-khai.pdf"
    scan.write_bytes(pdf_bytes(1))
    with qtbot.waitSignal(view.status_changed, timeout=10_000):
        view.attach_paths([scan])
    qtbot.waitUntil(lambda: bool(list_files(workspace, actor, code).attachments))
    qtbot.waitUntil(lambda: view.listing is not None and view.listing.files.attachments != ())
    sha = list_files(workspace, actor, code).attachments[0].sha256
    stored_path(workspace, sha).write_bytes(pdf_bytes(1, "altered"))  # changed on the disk
    with qtbot.waitSignal(view.status_changed, timeout=10_000):
        view.reload()
    assert view.status_label.text().startswith("1 tệp đính kèm bị hỏng hoặc bị thay đổi")
    assert view.select_file(sha)
    qtbot.waitUntil(lambda: view.shown_page() is view.viewer_message)
    qtbot.waitUntil(lambda: "mã băm không khớp" in view.viewer_message.text())
    if PNG_FOLDER:
        view.grab().save(str(PNG_FOLDER / "attachments_damaged.png"))
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_scans_are_taken_from_the_scanner_folder(
    qtbot: QtBot, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    view = _view(qtbot, workspace, actor, code)
    folder = tmp_path / "scanner"
    folder.mkdir()
    view.set_scanner_folder(folder)
    view.set_target(2)
    (folder / "scan0001.pdf").write_bytes(pdf_bytes(3))
    with qtbot.waitSignal(view.files_changed, timeout=10_000):
        view.watch_button.click()
    assert view.timer.isActive()
    assert view.message_label.text() == "Đã lấy 1 tệp từ thư mục máy quét."
    assert (folder / "done" / "scan0001.pdf").is_file()
    files = list_files(workspace, actor, code)
    assert [(a.component_position, a.pages) for a in files.attachments] == [(2, 3)]
    view.watch_button.click()
    assert not view.timer.isActive()
    qtbot.waitUntil(lambda: running_operations() == 0)
