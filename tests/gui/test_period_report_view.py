"""The period report on screen: the form's counts for a period as the service gives them, the
dossiers behind a count listed and opened, the report saved as PDF and XLSX; an officer is
not offered it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pytestqt.qtbot import QtBot

from desk_app.core.period_report import COUNT_NAMES
from desk_app.core.roles import Role
from desk_app.gui.main_window import DOSSIER_PAGE, MainWindow
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import record_result
from desk_app.services.period_report import period_report_of, report_json
from tests.factories import SettableClock, intake_request

RESIDENCE = "1.010041"  # Xác nhận thông tin về cư trú
BIRTH = "1.001193"  # Đăng ký khai sinh


def test_the_month_s_counts_their_dossiers_and_the_files(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
    tmp_path: Path,
) -> None:
    codes = []
    for procedure, name in ((RESIDENCE, "Nguyễn Văn An"), (BIRTH, "Trần Thị Bình")):
        codes.append(take_in(workspace, actor, intake_request(procedure, name)).code)
        clock.advance(minutes=20)
    record_result(workspace, actor, codes[0], number="1/XN", signer="A", issuer="UBND")
    clock.advance(minutes=1)  # the report is asked for after the result
    assert counter.report_action.isVisible()
    counter.report_action.trigger()
    dialog = counter.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.period() == (clock.current.date().replace(day=1), clock.current.date())
    operation = dialog.make()
    qtbot.waitUntil(lambda: operation.done)
    table = dialog.table
    expected = report_json(period_report_of(workspace, actor, *dialog.period()))
    rows = [*expected["rows"], {"label": "Tổng cộng", **expected["total"]}]
    assert table.rowCount() == len(rows) == 3
    for row, line in enumerate(rows):
        assert table.item(row, 0).text() == line["label"]
        shown = [int(table.item(row, c).text()) for c in range(1, table.columnCount())]
        assert shown == [line[name] for name in COUNT_NAMES]

    # The total's "đang giải quyết": the birth registration, still in progress.
    total = table.rowCount() - 1
    listing = dialog.list_cell(total, 1 + COUNT_NAMES.index("in_progress_total"))
    assert listing is not None
    qtbot.waitUntil(lambda: listing.done)
    assert [dialog.codes_list.item(i).text() for i in range(dialog.codes_list.count())] == [
        codes[1]
    ]
    assert "Đang giải quyết tổng số" in dialog.codes_caption.text()
    dialog.codes_list.itemActivated.emit(dialog.codes_list.item(0))
    qtbot.waitUntil(lambda: counter.dossier_view.code == codes[1])
    assert counter.ui.views_tab_widget.currentIndex() == DOSSIER_PAGE

    pdf, xlsx = dialog.save(tmp_path / "bc.pdf", "pdf"), dialog.save(tmp_path / "bc.xlsx", "xlsx")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert xlsx is not None and xlsx.read_bytes().startswith(b"PK")  # a zip: the workbook
    for box in dialog.findChildren(type(dialog)):
        box.close()


def test_an_officer_is_not_offered_the_report(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    from desk_app.gui.app import build_main_window

    assert actor.officer is not None
    clerk = replace(actor, officer=replace(actor.officer, role=Role.OFFICER))
    window = build_main_window(workspace, clerk)
    qtbot.addWidget(window)
    assert not window.report_action.isVisible()
    assert window.open_report() is None
