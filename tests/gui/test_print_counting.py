"""A print counts only when it produced a document (issue 7, item 6): the first receipt the
citizen holds is never marked as a reprint because an earlier attempt came to nothing."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from desk_app.gui.main_window import MainWindow
from desk_app.gui.operations import running_operations
from desk_app.gui.qt import QPrinter, QPrinterInfo, QPrintPreviewDialog
from desk_app.gui.receipt_output import PrintTarget, ReceiptOutput
from desk_app.gui.state import GuiState
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier
from desk_app.services.intake import take_in
from tests.factories import intake_request
from tests.gui.conftest import open_message_boxes

BIRTH = "1.001193"
REPRINT = "BẢN IN LẠI"
WAIT_MS = 10_000


def pdf_text(path: Path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(path.read_bytes())).pages)


def prints_of(workspace: Workspace, actor: Actor, code: str) -> int:
    return get_dossier(workspace, actor, code).receipt_prints


class Printing:
    """One receipt print through the window's receipt jobs, as F12 and Ctrl+P start it."""

    def __init__(self, qtbot: QtBot, counter: MainWindow, code: str) -> None:
        self.done: list[str] = []
        self.failed: list[str] = []
        self.printed: list[str] = []
        counter.bus.receipt_printed.connect(self.printed.append)
        counter.receipts.print(counter.intake, code, self.done.append, self.failed.append)
        qtbot.waitUntil(lambda: running_operations() == 0, timeout=WAIT_MS)


@pytest.fixture
def code(workspace: Workspace, actor: Actor) -> str:
    return take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code


def test_a_saved_pdf_counts_once_and_is_the_original(
    qtbot: QtBot,
    counter: MainWindow,
    workspace: Workspace,
    actor: Actor,
    code: str,
    receipts_folder: Path,
) -> None:
    printing = Printing(qtbot, counter, code)
    assert printing.printed == [code] and printing.failed == []
    assert printing.done == [f"Đã lưu biên nhận vào {receipts_folder / f'{code}.pdf'}."]
    assert prints_of(workspace, actor, code) == 1
    assert REPRINT not in pdf_text(receipts_folder / f"{code}.pdf")

    Printing(qtbot, counter, code)  # the officer prints it again: that one is the reprint
    assert prints_of(workspace, actor, code) == 2
    assert "BẢN IN LẠI LẦN 1" in pdf_text(receipts_folder / f"{code} (2).pdf")


def test_a_pdf_that_could_not_be_written_counts_nothing_and_the_next_print_is_the_original(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "not-a-folder"
    not_a_folder.write_text("a file where the receipts folder should be")
    counter.intake.set_pdf_folder(not_a_folder)

    failed = Printing(qtbot, counter, code)

    assert failed.printed == [] and failed.done == []
    assert "Không ghi được tệp PDF vào thư mục" in failed.failed[0]
    assert [box.text() for box in open_message_boxes(counter.intake)] == failed.failed
    assert prints_of(workspace, actor, code) == 0
    open_message_boxes(counter.intake)[0].close()

    good_folder = tmp_path / "receipts"
    counter.intake.set_pdf_folder(good_folder)
    Printing(qtbot, counter, code)
    assert prints_of(workspace, actor, code) == 1
    assert REPRINT not in pdf_text(good_folder / f"{code}.pdf")  # the citizen's first copy


def test_a_render_that_died_counts_nothing(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str
) -> None:
    workspace.settings = workspace.settings.model_copy(update={"paper_size": "Letter"})
    printing = Printing(qtbot, counter, code)
    assert printing.printed == [] and printing.done == []
    assert printing.failed[0].startswith(f"Hồ sơ {code} đã được lưu nhưng chưa in được")
    assert prints_of(workspace, actor, code) == 0


@pytest.mark.skipif(bool(QPrinterInfo.availablePrinters()), reason="a printer is installed")
def test_no_printer_to_send_to_counts_nothing(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str
) -> None:
    counter.output.target = PrintTarget.PRINTER
    printing = Printing(qtbot, counter, code)
    assert "Máy tính này chưa kết nối máy in nào." in printing.failed[0]
    assert printing.printed == [] and prints_of(workspace, actor, code) == 0


def open_preview(
    qtbot: QtBot, counter: MainWindow, code: str, done: list[str] | None = None
) -> QPrintPreviewDialog:
    counter.output.target = PrintTarget.PREVIEW
    done = [] if done is None else done
    counter.receipts.print(counter.intake, code, done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=WAIT_MS)
    assert done == [f"Đã mở bản xem trước biên nhận {code}."]
    dialog = counter.intake.findChild(QPrintPreviewDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)  # its pages are painted for the preview: that prints nothing
    return dialog


def paper(path: Path) -> QPrinter:
    """A printer as the print dialog hands it over, writing its job to ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_a_preview_closed_without_printing_counts_nothing(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str
) -> None:
    dialog = open_preview(qtbot, counter, code)
    dialog.reject()  # the officer closed it
    qtbot.waitUntil(lambda: running_operations() == 0, timeout=WAIT_MS)
    assert prints_of(workspace, actor, code) == 0

    # Qt accepts the preview even when its "save as PDF" file dialog was cancelled.
    open_preview(qtbot, counter, code).accept()
    qtbot.waitUntil(lambda: running_operations() == 0, timeout=WAIT_MS)
    assert prints_of(workspace, actor, code) == 0


def test_printing_from_the_preview_counts_once(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    done: list[str] = []
    dialog = open_preview(qtbot, counter, code, done)
    with qtbot.waitSignal(counter.bus.receipt_printed, timeout=WAIT_MS):
        dialog.paintRequested.emit(paper(tmp_path / "job.pdf"))  # the print dialog's OK
        dialog.accept()  # what Qt does once printed
    assert prints_of(workspace, actor, code) == 1
    assert REPRINT not in pdf_text(tmp_path / "job.pdf")
    assert done[-1] == f"Đã in biên nhận {code} từ bản xem trước."


@pytest.mark.qt_log_ignore(r"QPainter::begin\(\): Returned false")  # the refusal under test
def test_a_printer_that_refused_the_job_from_the_preview_counts_nothing(
    qtbot: QtBot, counter: MainWindow, workspace: Workspace, actor: Actor, code: str, tmp_path: Path
) -> None:
    dialog = open_preview(qtbot, counter, code)
    dialog.paintRequested.emit(paper(tmp_path / "no-such-folder" / "job.pdf"))
    dialog.accept()
    qtbot.waitUntil(lambda: running_operations() == 0, timeout=WAIT_MS)
    assert prints_of(workspace, actor, code) == 0
    boxes = open_message_boxes(counter.intake)  # outlives the preview, which has closed
    assert [box.text() for box in boxes] == ["Máy in không nhận lệnh in."]


def test_with_no_printer_receipts_go_to_the_pdf_folder_and_the_officer_is_told_once(
    workspace: Workspace,
) -> None:
    assert workspace.home is not None
    no_printer = ReceiptOutput(GuiState(workspace.home), printers=lambda: [])
    assert no_printer.target == PrintTarget.PDF
    assert no_printer.pdf_folder == workspace.home / "receipts"
    notice = no_printer.no_printer_notice()
    assert notice is not None and str(workspace.home / "receipts") in notice
    assert notice.startswith("Máy tính này chưa cài máy in nào, nên biên nhận được lưu")
    assert no_printer.no_printer_notice() is None
    again = ReceiptOutput(GuiState(workspace.home), printers=lambda: [])  # the next start
    assert again.no_printer_notice() is None and again.target == PrintTarget.PDF

    with_printer = ReceiptOutput(GuiState(workspace.home), printers=lambda: [QPrinterInfo()])
    assert with_printer.target == PrintTarget.PRINTER


def test_a_destination_chosen_by_the_officer_needs_no_notice(workspace: Workspace) -> None:
    assert workspace.home is not None
    output = ReceiptOutput(GuiState(workspace.home), printers=lambda: [])
    output.target = PrintTarget.PREVIEW
    assert output.no_printer_notice() is None
    assert output.target == PrintTarget.PREVIEW
