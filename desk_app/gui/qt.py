"""The one place the GUI imports Qt from (Anki's ``aqt.qt``).

Other GUI modules import Qt names from here, so the binding and its minimum version are decided
once. QtPdf ships separately from PySide6 6.12 on (the ``PySide6-Pdf`` package); a missing
module fails here with a message that names it.
"""

from __future__ import annotations

from PySide6 import __version_info__ as PYSIDE_VERSION
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QEvent,
    QIODevice,
    QLocale,
    QMessageLogContext,
    QObject,
    QRectF,
    QSettings,
    QSize,
    QSizeF,
    Qt,
    QThreadPool,
    QTimer,
    QtMsgType,
    QTranslator,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QCloseEvent,
    QCursor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPageSize,
    QPainter,
    QPaintEvent,
    QShortcut,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QTableWidgetItem,
    QWidget,
)
from shiboken6 import isValid as qt_object_alive  # False once the C++ object is deleted

MIN_PYSIDE = (6, 12)
if tuple(PYSIDE_VERSION[:2]) < MIN_PYSIDE:
    raise ImportError(
        f"desk-app needs PySide6 {'.'.join(map(str, MIN_PYSIDE))} or newer; found "
        f"{'.'.join(map(str, PYSIDE_VERSION[:3]))}"
    )

try:
    from PySide6.QtPdf import QPdfDocument
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        "desk-app prints receipts with QtPdf: install the PySide6-Pdf package "
        "of the same version as PySide6"
    ) from error

__all__ = [
    "QApplication",
    "QBuffer",
    "QByteArray",
    "QCloseEvent",
    "QCoreApplication",
    "QCursor",
    "QDialog",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontDatabase",
    "QGuiApplication",
    "QHeaderView",
    "QIODevice",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLineEdit",
    "QListWidgetItem",
    "QLocale",
    "QMainWindow",
    "QMessageBox",
    "QMessageLogContext",
    "QObject",
    "QPageSize",
    "QPaintEvent",
    "QPainter",
    "QPdfDocument",
    "QPrintPreviewDialog",
    "QPrinter",
    "QPrinterInfo",
    "QRectF",
    "QSettings",
    "QShortcut",
    "QSize",
    "QSizeF",
    "QSpinBox",
    "QTableWidgetItem",
    "QThreadPool",
    "QTimer",
    "QTranslator",
    "QWidget",
    "Qt",
    "QtMsgType",
    "Signal",
    "Slot",
    "qInstallMessageHandler",
    "qt_object_alive",
]
