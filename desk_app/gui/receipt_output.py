"""Where a receipt goes once the dossier is stored: the system printer, a preview, or a PDF file.

The services render the receipt as PDF bytes on a worker thread (`gui.receipt_jobs`); this
module only outputs them, on the UI thread, where QPrinter and the preview dialog must live.
QtPdf paints those pages onto the printer, so paper and PDF are the same document. QtPdf
renders with a transparent background, so each page is painted onto white first (platform
notes). A failure here never touches the stored dossier: the caller says so and offers a
reprint from today's list.

A print counts only once a document exists (issue 7, item 6), so `ReceiptOutput.deliver` says
when that is: at once for a PDF written whole (`desk_app.files.write_atomically`: a full disk
leaves no truncated file) or a job the printer took; for a preview, only when the officer
prints from it - closing it, or cancelling the print dialog, produced nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path

from desk_app.files import write_atomically
from desk_app.gui.feedback import PlainFailure, show_error
from desk_app.gui.qt import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDialog,
    QImage,
    QIODevice,
    QObject,
    QPageSize,
    QPainter,
    QPdfDocument,
    QPrinter,
    QPrinterInfo,
    QPrintPreviewDialog,
    QRectF,
    QSize,
    QSizeF,
    Qt,
    QWidget,
)
from desk_app.gui.state import GuiState
from desk_app.home import private_folder

log = logging.getLogger(__name__)

MAX_RENDER_DPI = 300  # enough for text and barcodes; a 1200 dpi page image would be ~140 MB


class PrintTarget(StrEnum):
    PRINTER = "printer"
    PREVIEW = "preview"
    PDF = "pdf"


class PrintFailed(PlainFailure):
    """The receipt did not reach the printer or the disk; ``str()`` is the officer's message."""


def load_pdf(pdf: bytes, parent: QObject | None = None) -> QPdfDocument:
    """A QtPdf document over ``pdf`` (loading from memory is synchronous)."""
    buffer = QBuffer(parent)
    buffer.setData(QByteArray(pdf))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument() if parent is None else QPdfDocument(parent)
    document.load(buffer)
    buffer.setParent(document)  # the document reads from the buffer for as long as it lives
    return document


def page_image(document: QPdfDocument, index: int, dpi: int) -> QImage:
    """Page ``index`` rendered at ``dpi`` on an opaque white background."""
    points = document.pagePointSize(index)
    size = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
    white = QImage(size, QImage.Format.Format_RGB32)
    white.fill(Qt.GlobalColor.white)
    painter = QPainter(white)
    painter.drawImage(0, 0, document.render(index, size))
    painter.end()
    return white


def paint_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint every page of ``document`` onto ``printer``, one sheet per page, scaled to fit."""
    if document.pageCount() == 0:
        raise PrintFailed(
            QCoreApplication.translate("ReceiptOutput", "Không đọc được biên nhận để in.")
        )
    printer.setFullPage(True)  # the PDF carries its own margins
    printer.setPageSize(QPageSize(document.pagePointSize(0), QPageSize.Unit.Point))
    painter = QPainter()
    if not painter.begin(printer):
        raise PrintFailed(QCoreApplication.translate("ReceiptOutput", "Máy in không nhận lệnh in."))
    try:
        dpi = min(printer.resolution(), MAX_RENDER_DPI)
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            image = page_image(document, index, dpi)
            paper = QRectF(printer.paperRect(QPrinter.Unit.DevicePixel))
            fitted = QSizeF(image.size()).scaled(paper.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(paper.topLeft(), fitted), image)
    finally:
        painter.end()


def unused_pdf_path(folder: Path, code: str) -> Path:
    """``<code>.pdf``, else ``<code> (2).pdf`` and so on: a reprint never overwrites the first."""
    candidate = folder / f"{code}.pdf"
    copy = 2
    while candidate.exists():
        candidate = folder / f"{code} ({copy}).pdf"
        copy += 1
    return candidate


Printers = Callable[[], list[QPrinterInfo]]
Produced = Callable[[str], None]  # a document exists; what happened, in plain words


def is_preview_painter(printer: QPrinter) -> bool:
    """Whether ``printer`` is painting the preview's pages, not paper: QPrintPreviewDialog
    emits ``paintRequested`` for both, with a picture engine while it previews."""
    engine = printer.paintEngine()
    return engine is not None and engine.type() == engine.Type.Picture


class ReceiptOutput(QObject):
    """The officer's choice of destination, remembered per workstation, and the delivery itself.

    With no choice made yet, receipts go to the system printer, or to PDF files in the data
    folder's ``receipts`` when the computer has no printer (`no_printer_notice` says so once).
    ``printers`` lists the installed printers (Qt's own list unless a test gives one).
    """

    TARGET_KEY = "receipt/target"
    FOLDER_KEY = "receipt/pdf_folder"
    NO_PRINTER_TOLD_KEY = "notices/no_printer_told"

    def __init__(
        self,
        state: GuiState,
        parent: QObject | None = None,
        printers: Printers = QPrinterInfo.availablePrinters,
    ) -> None:
        super().__init__(parent)
        self._state = state
        self._printers = printers

    @property
    def default_target(self) -> PrintTarget:
        return PrintTarget.PRINTER if self._printers() else PrintTarget.PDF

    @property
    def target(self) -> PrintTarget:
        default = self.default_target
        try:
            return PrintTarget(self._state.text(self.TARGET_KEY, default.value))
        except ValueError:  # a state file from another version
            return default

    @target.setter
    def target(self, value: PrintTarget) -> None:
        self._state.set_text(self.TARGET_KEY, value.value)

    @property
    def pdf_folder(self) -> Path:
        default = str(self._state.home / "receipts")
        return Path(self._state.text(self.FOLDER_KEY, default))

    @pdf_folder.setter
    def pdf_folder(self, folder: Path) -> None:
        self._state.set_text(self.FOLDER_KEY, str(folder))

    def target_names(self) -> dict[PrintTarget, str]:
        return {
            PrintTarget.PRINTER: self.tr("Máy in"),
            PrintTarget.PREVIEW: self.tr("Xem trước rồi in"),
            PrintTarget.PDF: self.tr("Tệp PDF"),
        }

    def no_printer_notice(self) -> str | None:
        """Once per workstation: why receipts go to PDF files by default. None when a printer
        is installed, when the officer already chose where receipts go, or once told."""
        chosen = self._state.text(self.TARGET_KEY, "")
        if chosen or self._state.flag(self.NO_PRINTER_TOLD_KEY) or self._printers():
            return None
        self._state.set_flag(self.NO_PRINTER_TOLD_KEY)
        return self.tr(
            "Máy tính này chưa cài máy in nào, nên biên nhận được lưu thành tệp PDF trong "
            "thư mục {folder}. Khi đã cài máy in, chọn “Máy in” ở ô “In ra” của màn hình "
            "tiếp nhận."
        ).format(folder=self.pdf_folder)

    def deliver(self, pdf: bytes, code: str, parent: QWidget, produced: Produced) -> str | None:
        """Send the rendered receipt where the officer chose. ``produced(text)`` is called once
        a document exists: before this returns for a PDF or a printer, later (or never) for a
        preview, whose opening is then what this returns to tell the officer. Raises
        PrintFailed when nothing came out. The dossier is already committed: a failure here
        only costs a reprint."""
        match self.target:
            case PrintTarget.PDF:
                produced(self.save_pdf(pdf, code))
                return None
            case PrintTarget.PRINTER:
                produced(self.send_to_printer(pdf, code))
                return None
            case PrintTarget.PREVIEW:
                printed = self.tr("Đã in biên nhận {code} từ bản xem trước.").format(code=code)
                self.preview(pdf, parent, lambda: produced(printed))
                return self.tr("Đã mở bản xem trước biên nhận {code}.").format(code=code)

    def save_pdf(self, pdf: bytes, code: str) -> str:
        """Write the receipt into the PDF folder. It holds the applicant's personal data, so
        on POSIX the file is the user's only (0600: `write_atomically`'s temporary file is
        created so and keeps its mode), and a folder this creates is too (0700); a folder
        that already exists, chosen by the officer, keeps its own mode."""
        folder = self.pdf_folder
        try:
            if not folder.is_dir():
                private_folder(folder)
            path = unused_pdf_path(folder, code)
            write_atomically(path, pdf)  # whole or not at all: never a truncated receipt
        except OSError as error:
            log.warning("could not save receipt PDF in %s", folder, exc_info=True)
            raise PrintFailed(
                self.tr("Không ghi được tệp PDF vào thư mục {folder} ({reason}).").format(
                    folder=folder, reason=error.strerror or error
                )
            ) from error
        log.info("receipt %s saved to %s", code, path)
        return self.tr("Đã lưu biên nhận vào {path}.").format(path=path)

    def send_to_printer(self, pdf: bytes, code: str) -> str:
        printers = self._printers()
        if not printers:
            raise PrintFailed(self.tr("Máy tính này chưa kết nối máy in nào."))
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = printers[0]
        printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        printer.setDocName(code)
        self.print_on(printer, pdf)
        log.info("receipt %s sent to printer %s", code, info.printerName())
        return self.tr("Đã gửi biên nhận {code} tới máy in {printer}.").format(
            code=code, printer=info.printerName()
        )

    def print_on(self, printer: QPrinter, pdf: bytes) -> None:
        """Paint ``pdf`` onto ``printer``. The document has no parent, so it goes once painted:
        parented to this long-lived object, every receipt printed would stay in memory."""
        document = load_pdf(pdf)
        try:
            paint_pdf(document, printer)
        finally:
            document.close()

    def preview(
        self, pdf: bytes, parent: QWidget, on_printed: Callable[[], None] | None = None
    ) -> QPrintPreviewDialog:
        """A print preview the officer can print from; opened, not exec()'d.

        ``on_printed`` is called when the officer printed from it: the pages were painted onto
        a real printer (not the preview's own pages) and the dialog was then accepted. Closing
        it, cancelling the print dialog (Qt accepts the preview even then when it prints to a
        PDF file and no file name was chosen) or a printer that refused the job call nothing.
        """
        document = load_pdf(pdf)
        dialog = QPrintPreviewDialog(parent)
        document.setParent(dialog)  # it lives as long as the preview
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        painted_on_paper = False

        def paint(printer: QPrinter) -> None:
            nonlocal painted_on_paper
            on_paper = not is_preview_painter(printer)
            try:
                paint_pdf(document, printer)
            except PrintFailed as error:  # a refusal in plain words, not an "unexpected error"
                # A refused job's message outlives the preview, which closes after printing.
                show_error(dialog.parentWidget() if on_paper else dialog, error)
                return
            painted_on_paper = painted_on_paper or on_paper

        def finished(result: int) -> None:
            if result == QDialog.DialogCode.Accepted and painted_on_paper and on_printed:
                on_printed()

        dialog.paintRequested.connect(paint)
        dialog.finished.connect(finished)
        dialog.open()
        return dialog
