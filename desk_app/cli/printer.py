"""``desk-app printer test``: the ticket printer's self-test, for any officer logged in.

It prints a sample ticket (a sample number, the office name, "Máy in hoạt động tốt" and the
line width) on the settings' ticket printer, or on ``--to TARGET``; ``--out FILE.png`` saves the
image instead. A printer that fails gives its plain message and a non-zero exit status.

A ``system:NAME`` target prints through Qt when PySide6 is installed ([gui]); Qt is imported
only then, inside `print_through_qt`, so the base install stays without it.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    EXIT_ERROR,
    Commands,
    add_command,
    add_subcommands,
    open_workspace,
    say,
)
from desk_app.core.errors import N_, DeskError

if TYPE_CHECKING:
    from PIL import Image

    from desk_app.printing.escpos_output import SystemPrinter

PRINTED = N_("Đã in phiếu thử trên máy in {target}.")
SAVED = N_("Đã lưu phiếu thử vào {path}.")


def register(commands: Commands) -> None:
    group = add_command(commands, "printer", N_("máy in số thứ tự"))
    sub = add_subcommands(group, "printer_command")
    test = add_command(
        sub,
        "test",
        N_("in phiếu thử trên máy in số thứ tự (cán bộ nào đã đăng nhập cũng dùng được)"),
        cmd_printer_test,
    )
    where = test.add_mutually_exclusive_group()
    where.add_argument(
        "--to",
        metavar="TARGET",
        help=N_(
            "in trên máy in này thay cho máy in trong cài đặt: network:HOST[:PORT], "
            "usb:VENDOR:PRODUCT, serial:PORT, windows:TÊN hoặc system:TÊN"
        ),
    )
    where.add_argument(
        "--out", metavar="FILE.png", help=N_("lưu ảnh phiếu thử vào tệp PNG này thay vì in")
    )


def cmd_printer_test(args: argparse.Namespace) -> int:
    from desk_app.config import load_settings
    from desk_app.services.ticket_printing import print_self_test, self_test_image

    settings = load_settings()
    with open_workspace(args) as opened:
        office_name = opened.actor.office.name
    if args.out:
        _save(self_test_image(settings, office_name), Path(args.out))
        say(args, SAVED, path=args.out)
        return 0
    outcome = print_self_test(
        settings, office_name, target=args.to, system_printer=qt_system_printer()
    )
    if not outcome.printed:
        print(outcome.message, file=sys.stderr)
        return EXIT_ERROR
    say(args, PRINTED, target=outcome.target)
    return 0


def _save(image: Image.Image, path: Path) -> None:
    from desk_app.files import write_atomically

    png = io.BytesIO()
    image.save(png, format="PNG", dpi=(203, 203))
    try:
        write_atomically(path, png.getvalue())
    except OSError as error:
        raise DeskError(
            N_("Không ghi được tệp {path}: {reason}"),
            path=str(path),
            reason=error.strerror or str(error),
        ) from error


def qt_system_printer() -> SystemPrinter | None:
    """`print_through_qt` when PySide6's printing module is installed, else None (a
    ``system:`` target then says how to add it)."""
    try:
        import PySide6.QtPrintSupport  # noqa: F401
    except ImportError:
        return None
    return print_through_qt


def print_through_qt(name: str, image: Image.Image, dpi: int) -> None:
    """Print ``image`` on the system printer ``name`` at its size (``dpi``), no margins.

    Without a display (a server, a terminal over SSH) Qt runs offscreen: printing needs no
    screen, only the application object Qt's printer support asks for.
    """
    if sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    ):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QSizeF
    from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
    from PySide6.QtWidgets import QApplication

    from desk_app.printing.escpos_output import PrinterProblem, SystemPrinterMissing

    target = f"system:{name}"
    _app = QApplication.instance() or QApplication([])
    info = QPrinterInfo.printerInfo(name)
    if info.isNull():
        raise SystemPrinterMissing(name=name, target=target)
    printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
    size = QSizeF(image.width / dpi * 25.4, image.height / dpi * 25.4)
    printer.setPageSize(QPageSize(size, QPageSize.Unit.Millimeter, "ticket"))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    png = io.BytesIO()
    image.save(png, format="PNG")
    picture = QImage.fromData(png.getvalue(), b"PNG")
    painter = QPainter()
    if not painter.begin(printer):
        raise PrinterProblem(target=target)
    try:
        painter.drawImage(printer.pageRect(QPrinter.Unit.DevicePixel), picture)
    finally:
        painter.end()
