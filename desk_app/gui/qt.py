"""The one place the GUI imports Qt from (Anki's ``aqt.qt``).

Other GUI modules import Qt names from here, so the binding and its version are decided once.
PySide6 6.12.0 is refused: on Python 3.11 it leaks references to None until the interpreter
aborts (see pyproject.toml). QtPdf is in PySide6-Addons up to 6.11 and a package of its own
(``PySide6-Pdf``) from 6.12; a missing module fails here with a message that names it.
"""

from __future__ import annotations

from PySide6 import __version_info__ as PYSIDE_VERSION
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QCoreApplication,
    QDateTime,
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
    QTimeZone,
    QtMsgType,
    QTranslator,
    Signal,
    Slot,
    qInstallMessageHandler,
)
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QCursor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPageSize,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QStackedWidget,
    QTableWidgetItem,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid as qt_object_alive  # False once the C++ object is deleted

MIN_PYSIDE = (6, 11)
BROKEN_PYSIDE = {(6, 12, 0)}
if tuple(PYSIDE_VERSION[:2]) < MIN_PYSIDE or tuple(PYSIDE_VERSION[:3]) in BROKEN_PYSIDE:
    raise ImportError(
        f"desk-app needs PySide6 {'.'.join(map(str, MIN_PYSIDE))} or newer, but not 6.12.0; "
        f"found {'.'.join(map(str, PYSIDE_VERSION[:3]))}"
    )

try:
    from PySide6.QtPdf import QPdfDocument
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        "desk-app prints receipts with QtPdf: install PySide6-Addons (6.11) or the "
        "PySide6-Pdf package (6.12 on) of the same version as PySide6"
    ) from error

__all__ = [
    "QAbstractSocket",
    "QApplication",
    "QBuffer",
    "QButtonGroup",
    "QByteArray",
    "QCloseEvent",
    "QColor",
    "QComboBox",
    "QCoreApplication",
    "QCursor",
    "QDateTime",
    "QDialog",
    "QDialogButtonBox",
    "QDockWidget",
    "QEvent",
    "QFileDialog",
    "QFont",
    "QFontDatabase",
    "QFormLayout",
    "QFrame",
    "QGridLayout",
    "QGuiApplication",
    "QHBoxLayout",
    "QHeaderView",
    "QIODevice",
    "QImage",
    "QKeyEvent",
    "QKeySequence",
    "QLabel",
    "QLineEdit",
    "QListWidgetItem",
    "QLocalServer",
    "QLocalSocket",
    "QLocale",
    "QMainWindow",
    "QMessageBox",
    "QMessageLogContext",
    "QMouseEvent",
    "QObject",
    "QPageSize",
    "QPaintEvent",
    "QPainter",
    "QPdfDocument",
    "QPrintPreviewDialog",
    "QPrinter",
    "QPrinterInfo",
    "QPushButton",
    "QRectF",
    "QResizeEvent",
    "QSettings",
    "QShortcut",
    "QSize",
    "QSizeF",
    "QSizePolicy",
    "QSpinBox",
    "QStackedWidget",
    "QTableWidgetItem",
    "QThreadPool",
    "QTimeZone",
    "QTimer",
    "QTranslator",
    "QTreeWidgetItem",
    "QVBoxLayout",
    "QWidget",
    "Qt",
    "QtMsgType",
    "Signal",
    "Slot",
    "qInstallMessageHandler",
    "qt_object_alive",
]
