"""Receipts on paper: the services' PDF pages painted onto a printer, white, page for page."""

from __future__ import annotations

import os
import stat
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desk_app.gui.qt import QPdfDocument, QPrinter, Qt, QWidget
from desk_app.gui.receipt_output import (
    PrintFailed,
    ReceiptOutput,
    load_pdf,
    page_image,
    paint_pdf,
    unused_pdf_path,
)
from desk_app.gui.state import GuiState
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.receipts import render_receipt_of
from tests.factories import intake_request
from tests.gui.conftest import open_message_boxes

BIRTH = "1.001193"


def a_receipt(workspace: Workspace, actor: Actor) -> bytes:
    """A stored dossier's receipt, rendered (not counted: these tests print no real copy)."""
    record = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    return render_receipt_of(workspace, actor, record.code).pdf


def test_every_receipt_page_reaches_the_printer(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    pdf = a_receipt(workspace, actor)
    printed = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(printed))
    paint_pdf(load_pdf(pdf), printer)
    original = PdfReader(BytesIO(pdf)).pages
    copy = PdfReader(printed).pages
    assert len(copy) == len(original) >= 1
    assert round(float(copy[0].mediabox.width)) == round(float(original[0].mediabox.width))


def test_pages_are_painted_on_white_not_transparent(
    qtbot: QtBot, workspace: Workspace, actor: Actor
) -> None:
    image = page_image(load_pdf(a_receipt(workspace, actor)), 0, 72)
    assert not image.hasAlphaChannel()
    assert image.pixelColor(2, 2) == Qt.GlobalColor.white
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 3)}
    assert len(colours) > 1  # the heading's text is there


def test_the_preview_shows_the_receipt(qtbot: QtBot, workspace: Workspace, actor: Actor) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = ReceiptOutput(GuiState(workspace.home)).preview(a_receipt(workspace, actor), parent)
    qtbot.waitExposed(dialog)
    assert dialog.isVisible()
    dialog.close()


def test_a_reprint_pdf_never_overwrites_the_first(tmp_path: Path) -> None:
    code = "000.00.19.H26-250715-1001"
    first = unused_pdf_path(tmp_path, code)
    first.write_bytes(b"%PDF original")
    second = unused_pdf_path(tmp_path, code)
    assert (first.name, second.name) == (f"{code}.pdf", f"{code} (2).pdf")


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the refusal under test
def test_a_printer_that_refuses_the_job_says_so_plainly(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    # A printer device that cannot start a job: its output goes where nothing can be written.
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "no-such-folder" / "job.pdf"))
    with pytest.raises(PrintFailed, match="Máy in không nhận lệnh in"):
        paint_pdf(load_pdf(a_receipt(workspace, actor)), printer)


def test_printed_receipts_do_not_stay_in_memory(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    output = ReceiptOutput(GuiState(workspace.home))
    pdf = a_receipt(workspace, actor)
    for copy in range(3):
        # What `send_to_printer` does with the system printer, onto a PDF-file printer here.
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / f"copy-{copy}.pdf"))
        output.print_on(printer, pdf)
        assert len(PdfReader(tmp_path / f"copy-{copy}.pdf").pages) >= 1
    assert output.findChildren(QPdfDocument) == []  # no receipt kept for the window's lifetime


def test_a_preview_that_cannot_paint_says_so_plainly(qtbot: QtBot, workspace: Workspace) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    dialog = ReceiptOutput(GuiState(workspace.home)).preview(b"%PDF-1.4 truncated", parent)
    qtbot.waitUntil(lambda: bool(open_message_boxes(dialog)))  # painting it failed
    box = open_message_boxes(dialog)[0]
    assert box.text() == "Không đọc được biên nhận để in."  # not "an unexpected error"
    box.close()
    dialog.close()


def test_a_saved_pdf_is_whole_and_leaves_no_temporary_file(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    output = ReceiptOutput(GuiState(workspace.home))
    folder = tmp_path / "receipts"
    output.pdf_folder = folder
    pdf = a_receipt(workspace, actor)
    code = "000.00.19.H26-250715-1001"
    (folder / "older").mkdir(parents=True)
    earlier = folder / f"{code}.pdf"
    earlier.write_bytes(pdf)

    text = output.save_pdf(pdf, code)

    again = folder / f"{code} (2).pdf"
    assert text == f"Đã lưu biên nhận vào {again}."
    assert again.read_bytes() == pdf and earlier.read_bytes() == pdf  # the first one untouched
    assert sorted(p.name for p in folder.iterdir()) == sorted([earlier.name, again.name, "older"])
    assert len(PdfReader(again).pages) >= 1


def test_a_pdf_that_cannot_be_written_says_where_and_keeps_what_was_there(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    output = ReceiptOutput(GuiState(workspace.home))
    folder = tmp_path / "receipts"
    folder.mkdir()
    kept = folder / "000.00.19.H26-250715-1001.pdf"
    kept.write_bytes(b"%PDF the citizen's copy")
    output.pdf_folder = folder / "kept-as-a-file"
    (folder / "kept-as-a-file").write_text("not a folder")
    with pytest.raises(PrintFailed, match="Không ghi được tệp PDF vào thư mục"):
        output.save_pdf(a_receipt(workspace, actor), "000.00.19.H26-250715-1001")
    assert kept.read_bytes() == b"%PDF the citizen's copy"
    assert sorted(p.name for p in folder.iterdir()) == [kept.name, "kept-as-a-file"]


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX; Windows keeps the profile")
def test_a_saved_pdf_and_a_folder_it_creates_are_the_users_only(
    qtbot: QtBot, workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    """A receipt holds the applicant's name, ID number and phone: nobody else on the computer
    may read it, whatever the umask."""
    output = ReceiptOutput(GuiState(workspace.home))
    folder = tmp_path / "shared" / "receipts"
    output.pdf_folder = folder
    code = "000.00.19.H26-250715-1001"
    old_umask = os.umask(0o022)
    try:
        output.save_pdf(a_receipt(workspace, actor), code)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / f"{code}.pdf").stat().st_mode) == 0o600
