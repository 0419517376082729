"""The paper folders' hand-over: codes scanned one after another, each checked at once, a
batch of two recorded with its pages, and its list saved as PDF."""

from __future__ import annotations

import os
from io import BytesIO
from pathlib import Path

from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desk_app.gui.handover_dialog import HandoverDialog
from desk_app.gui.operations import running_operations
from desk_app.services.context import Actor, Workspace
from desk_app.services.handover import list_handovers
from desk_app.services.intake import take_in
from tests.factories import intake_request
from tests.gui.conftest import type_into

_png = os.environ.get("DESK_APP_PNG_DIR")
PNG_FOLDER = Path(_png) if _png else None


def test_two_scanned_folders_are_handed_over_and_listed(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    first = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Đức")).code
    second = take_in(workspace, actor, intake_request("1.004873", "Trần Thị Ánh Tuyết")).code
    dialog = HandoverDialog(workspace, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.from_edit.text() == "Phạm Thị Hồng"  # the officer gives by default

    # As a handheld scanner types: the code (lower case here) and Enter.
    type_into(qtbot, dialog.scan_edit, first.lower())
    qtbot.keyClick(dialog.scan_edit, "\r")
    type_into(qtbot, dialog.scan_edit, "xin chào")  # not a code: said at once, not added
    qtbot.keyClick(dialog.scan_edit, "\r")
    assert dialog.scan_message.text().startswith("Dòng 2:")
    type_into(qtbot, dialog.scan_edit, first)  # the same folder again
    qtbot.keyClick(dialog.scan_edit, "\r")
    assert "đã quét ở dòng 1" in dialog.scan_message.text()
    type_into(qtbot, dialog.scan_edit, second)
    qtbot.keyClick(dialog.scan_edit, "\r")
    assert dialog.codes() == [first, second]
    qtbot.waitUntil(lambda: dialog.table.item(1, 1).text() == "Trần Thị Ánh Tuyết")
    qtbot.waitUntil(lambda: dialog.table.item(0, 1).text() == "Nguyễn Văn Đức")
    dialog.set_pages(first, 12)
    dialog.to_edit.setText("Lê Văn Tám")
    if PNG_FOLDER:
        dialog.grab().save(str(PNG_FOLDER / "handover_dialog.png"))

    with qtbot.waitSignal(dialog.recorded, timeout=10_000) as recorded:
        dialog.record_button.click()
    batch = recorded.args[0]
    assert [(e.code, e.pages) for e in batch.entries] == sorted([(first, 12), (second, 0)])
    assert batch.from_name == "Phạm Thị Hồng" and batch.to_name == "Lê Văn Tám"
    assert [h.to_name for h in list_handovers(workspace, actor, second)] == ["Lê Văn Tám"]
    assert dialog.print_button.isEnabled() and not dialog.record_button.isEnabled()
    assert batch.label in dialog.result_label.text()
    if PNG_FOLDER:
        dialog.grab().save(str(PNG_FOLDER / "handover_recorded.png"))

    target = tmp_path / dialog.suggested_file_name()
    with qtbot.waitSignal(dialog.status_message, timeout=20_000):
        dialog.save_list_to(target)
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(target.read_bytes())).pages)
    assert first in text and second in text and "Lê Văn Tám" in text
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_a_batch_without_a_receiver_is_refused_and_nothing_recorded(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    code = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Đức")).code
    dialog = HandoverDialog(workspace, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.add_line(code) == code
    dialog.record_button.click()
    from tests.gui.conftest import open_message_boxes

    qtbot.waitUntil(lambda: bool(open_message_boxes(dialog)))
    assert open_message_boxes(dialog)[0].text() == "Hãy ghi họ tên người nhận hồ sơ giấy."
    assert list_handovers(workspace, actor, code) == []
    assert dialog.batch is None and dialog.record_button.isEnabled()
    qtbot.waitUntil(lambda: running_operations() == 0)
