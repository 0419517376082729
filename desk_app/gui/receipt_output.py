"""Where a receipt goes once the dossier is stored: the system printer, a preview, or a PDF file.

The services render the receipt as PDF bytes on a worker thread (`gui.receipt_jobs`); this
module only outputs them, on the UI thread, where QPrinter and the preview dialog must live.
QtPdf paints those pages onto the printer, so paper and PDF are the same document. QtPdf
renders with a transparent background, so each page is painted onto white first (platform
notes). A failure here never touches the stored dossier: the caller says so and offers a
reprint from today's list.
"""

from __future__ import annotations

import logging
from enum import StrEnum
from pathlib import Path

from desk_app.gui.feedback import PlainFailure, show_error
from desk_app.gui.qt import (
    QBuffer,
    QByteArray,
    QCoreApplication,
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


class ReceiptOutput(QObject):
    """The officer's choice of destination, remembered per workstation, and the delivery itself."""

    TARGET_KEY = "receipt/target"
    FOLDER_KEY = "receipt/pdf_folder"

    def __init__(self, state: GuiState, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = state

    @property
    def target(self) -> PrintTarget:
        try:
            return PrintTarget(self._state.text(self.TARGET_KEY, PrintTarget.PRINTER.value))
        except ValueError:  # a state file from another version
            return PrintTarget.PRINTER

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

    def deliver(self, pdf: bytes, code: str, parent: QWidget) -> str:
        """Send the rendered receipt where the officer chose; returns what happened, in plain
        words, or raises PrintFailed. The dossier is already committed: a failure here only
        costs a reprint."""
        match self.target:
            case PrintTarget.PDF:
                return self.save_pdf(pdf, code)
            case PrintTarget.PREVIEW:
                self.preview(pdf, parent)
                return self.tr("Đã mở bản xem trước biên nhận {code}.").format(code=code)
            case PrintTarget.PRINTER:
                return self.send_to_printer(pdf, code)

    def save_pdf(self, pdf: bytes, code: str) -> str:
        folder = self.pdf_folder
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = unused_pdf_path(folder, code)
            path.write_bytes(pdf)
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
        if not QPrinterInfo.availablePrinters():
            raise PrintFailed(self.tr("Máy tính này chưa kết nối máy in nào."))
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            info = QPrinterInfo.availablePrinters()[0]
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

    def preview(self, pdf: bytes, parent: QWidget) -> QPrintPreviewDialog:
        """A print preview the officer can print from; opened, not exec()'d."""
        document = load_pdf(pdf)
        dialog = QPrintPreviewDialog(parent)
        document.setParent(dialog)  # it lives as long as the preview
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def paint(printer: QPrinter) -> None:
            try:
                paint_pdf(document, printer)
            except PrintFailed as error:  # a refusal in plain words, not an "unexpected error"
                show_error(dialog, error)

        dialog.paintRequested.connect(paint)
        dialog.open()
        return dialog
