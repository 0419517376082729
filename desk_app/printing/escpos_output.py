"""A ticket as ESC/POS bytes, and the ways to a ticket printer (network, USB, serial, spooler).

python-escpos builds the job on its `Dummy` printer (which only collects bytes): ESC @, the
ticket raster with ``GS v 0`` (`Escpos.image`), a feed and the cut (``GS V``), then the real
printer class sends those bytes. Building first keeps the slow part (talking to a device)
apart from the fast one, and lets a test read back exactly what a printer would get.

Text mode (`text_job`) prints the lines in the printer's own font; it is offered only for a
profile that has a Vietnamese code page (TCVN-3, else Windows-1258), since elsewhere
"Trả kết quả" would print as question marks. Everywhere else, and by default, the raster.

A target is written ``network:HOST[:PORT]`` (port 9100 by default), ``usb:VENDOR:PRODUCT``
(hex ids), ``serial:PORT[@BAUD]``, ``windows:PRINTER`` (the Windows spooler, raw) or
``system:PRINTER`` (any printer the system knows, through Qt: the caller supplies it, since
this layer never imports Qt). A problem is a `PrinterProblem` with a plain message; the
caller decides what it means for the ticket.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import socket
import sys
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from PIL import Image, ImageChops

from desk_app.core.errors import N_, DeskError
from desk_app.printing.ticket import DOTS, Band, TicketContent, barcode_image

DEFAULT_PORT = 9100
CONNECT_TIMEOUT = 3.0  # seconds to reach a printer and to hand it the job
STATUS_TIMEOUT = 0.5  # seconds a printer has to answer the paper query (many never do)
MAX_SHOWN = 80  # characters of a malformed address quoted back

# (printer name, ticket image, dots per inch): prints through the system (Qt), or raises a
# PrinterProblem. The window and the command line supply one; see `desk_app.cli.printer`.
SystemPrinter = Callable[[str, Image.Image, int], None]

_import_lock = threading.Lock()


class TargetKind(StrEnum):
    NONE = "none"
    NETWORK = "network"
    USB = "usb"
    SERIAL = "serial"
    WINDOWS = "windows"
    SYSTEM = "system"


@dataclass(frozen=True)
class Target:
    """Where tickets go, parsed from the settings' ``ticket_printer``."""

    kind: TargetKind
    address: str  # as written, for messages
    host: str = ""
    port: int = DEFAULT_PORT
    vendor: int = 0
    product: int = 0
    device: str = ""  # serial port, or the Windows / system printer's name
    baudrate: int = 9600

    def __str__(self) -> str:
        return self.address


# --- problems ----------------------------------------------------------------------------------


class PrinterProblem(DeskError):
    """The ticket printer could not print; ``kind`` names the problem for logs and tests."""

    kind = "failed"
    msgid = N_("Máy in số thứ tự ({target}) báo lỗi khi in.")


class BadPrinterAddress(PrinterProblem):
    kind = "bad_address"
    msgid = N_(
        "Địa chỉ máy in số thứ tự “{target}” không đúng dạng. Hãy ghi một trong: "
        "network:192.168.1.50:9100, usb:04b8:0202, serial:COM3, windows:TÊN MÁY IN, "
        "system:TÊN MÁY IN, hoặc none."
    )


class NoTicketPrinter(PrinterProblem):
    kind = "none"
    msgid = N_(
        "Chưa chọn máy in số thứ tự (ticket_printer = none trong cài đặt). Hãy ghi địa chỉ máy "
        "in vào cài đặt, hoặc dùng --to."
    )


class UnknownProfile(PrinterProblem):
    kind = "bad_profile"
    msgid = N_(
        "Không có cấu hình máy in “{profile}” (ticket_printer_profile); hãy để default hoặc "
        "ghi đúng tên mẫu máy in, ví dụ TM-T88V."
    )


class PrinterRefused(PrinterProblem):
    kind = "refused"
    msgid = N_(
        "Máy in số thứ tự ({target}) từ chối kết nối: máy in đang tắt, đang khởi động lại "
        "hoặc cổng ghi trong cài đặt không đúng."
    )


class PrinterNoAnswer(PrinterProblem):
    kind = "no_answer"
    msgid = N_("Máy in số thứ tự không phản hồi ({target}): máy in tắt, mất mạng hoặc sai địa chỉ.")


class PrinterUnknownHost(PrinterProblem):
    kind = "unknown_host"
    msgid = N_("Không tìm thấy máy in số thứ tự {target} trên mạng: tên máy in có đúng không?")


class PrinterUnplugged(PrinterProblem):
    kind = "unplugged"
    msgid = N_("Máy in số thứ tự ({target}) chưa được cắm vào máy tính hoặc chưa bật.")


class PrinterNoAccess(PrinterProblem):
    kind = "no_access"
    msgid = N_(
        "Không mở được máy in số thứ tự ({target}): cổng đang bị chương trình khác dùng, hoặc "
        "tài khoản này không có quyền dùng cổng."
    )


class PrinterOutOfPaper(PrinterProblem):
    kind = "no_paper"
    msgid = N_("Máy in số thứ tự ({target}) hết giấy: hãy thay cuộn giấy.")


class WindowsOnly(PrinterProblem):
    kind = "unavailable"
    msgid = N_("In qua hàng đợi in của Windows ({target}) chỉ dùng được trên máy chạy Windows.")


class NeedsQt(PrinterProblem):
    kind = "unavailable"
    msgid = N_(
        "In qua máy in của hệ thống ({target}) cần phần cửa sổ của desk-app: "
        "pip install 'desk-app[gui]'."
    )


class NeedsLibusb(PrinterProblem):
    kind = "unavailable"
    msgid = N_(
        "In qua cổng USB ({target}) cần thư viện libusb trên máy này; hoặc dùng máy in qua "
        "mạng, cổng COM hay hàng đợi in của Windows."
    )


class SystemPrinterMissing(PrinterProblem):
    kind = "unplugged"
    msgid = N_("Hệ thống không có máy in tên “{name}” ({target}).")


# --- addresses ---------------------------------------------------------------------------------

_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")
_HEX_ID = re.compile(r"(?:0[xX])?([0-9A-Fa-f]{1,4})")
_SERIAL = re.compile(r"(?P<port>[^@\s][^@]*?)(?:@(?P<baud>\d{3,7}))?")


def parse_target(text: str) -> Target:
    """The target ``text`` names, or BadPrinterAddress saying what a good one looks like."""
    address = " ".join(text.split())
    kind_text, _, rest = address.partition(":")
    try:
        kind = TargetKind(kind_text.strip().lower())
    except ValueError:
        raise _bad(address) from None
    rest = rest.strip()
    if kind is TargetKind.NONE:
        if rest:
            raise _bad(address)
        return Target(kind, "none")
    if kind is TargetKind.NETWORK:
        return _network(address, rest)
    if kind is TargetKind.USB:
        ids = rest.split(":")
        found = [_HEX_ID.fullmatch(part.strip()) for part in ids]
        if len(ids) != 2 or not all(found):
            raise _bad(address)
        vendor, product = (int(m[1], 16) for m in found if m)
        if not vendor or not product:
            raise _bad(address)
        return Target(kind, address, vendor=vendor, product=product)
    if kind is TargetKind.SERIAL:
        serial = _SERIAL.fullmatch(rest)
        if serial is None:
            raise _bad(address)
        baud = int(serial["baud"]) if serial["baud"] else 9600
        return Target(kind, address, device=serial["port"].strip(), baudrate=baud)
    if not rest or not rest.isprintable():
        raise _bad(address)
    return Target(kind, address, device=rest)


def _network(address: str, rest: str) -> Target:
    host, port_text = rest, ""
    if rest.startswith("["):  # [IPv6]:PORT
        host, bracket, after = rest[1:].partition("]")
        if not bracket or (after and not after.startswith(":")):
            raise _bad(address)
        port_text = after[1:]
        try:
            socket.inet_pton(socket.AF_INET6, host)
        except OSError:
            raise _bad(address) from None
    elif ":" in rest:
        host, _, port_text = rest.rpartition(":")
        if not _HOST.fullmatch(host):
            raise _bad(address)
    elif not _HOST.fullmatch(host):
        raise _bad(address)
    port = DEFAULT_PORT
    if port_text or address.endswith(":"):
        if not (port_text.isascii() and port_text.isdecimal()) or not 0 < int(port_text) < 65536:
            raise _bad(address)
        port = int(port_text)
    return Target(TargetKind.NETWORK, address, host=host, port=port)


def _bad(address: str) -> BadPrinterAddress:
    shown = address if len(address) <= MAX_SHOWN else address[: MAX_SHOWN - 1] + "…"
    return BadPrinterAddress(target=shown)


# --- python-escpos -----------------------------------------------------------------------------


@cache
def _escpos() -> Any:
    """python-escpos, imported once and tidily.

    Its import calls ``logging.basicConfig()`` (a stderr handler on the root logger, which would
    print into a command's output), so the root's handlers are put back as they were; and it
    loads its 35-printer capability file (YAML, about 0.15 s) unless a pickle of it is kept,
    so the pickle is kept in the data folder's cache instead of a new temporary folder.
    """
    from desk_app.home import data_home, private_folder

    with _import_lock:
        if "ESCPOS_CAPABILITIES_PICKLE_DIR" not in os.environ:
            try:
                folder = private_folder(data_home() / "cache")
                os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)
            except OSError:
                pass  # a read-only profile: python-escpos uses a temporary folder
        root = logging.getLogger()
        handlers, level = list(root.handlers), root.level
        try:
            import escpos.printer
        finally:
            root.handlers[:] = handlers
            root.setLevel(level)
        return escpos


def _profile(name: str) -> Any:
    escpos = _escpos()
    try:
        return escpos.capabilities.get_profile(name or "default")
    except KeyError:
        raise UnknownProfile(profile=name[:MAX_SHOWN]) from None


def check_profile(name: str) -> None:
    """UnknownProfile unless python-escpos knows the printer profile ``name``."""
    _profile(name)


def printable_dots(paper_mm: int, profile: str = "default") -> int:
    """Dots a line for ``paper_mm`` paper, fewer where the profile says its head prints fewer
    (an Epson TM-T88V prints 512 on 80 mm paper)."""
    pixels = _profile(profile).profile_data.get("media", {}).get("width", {}).get("pixels")
    paper = DOTS[paper_mm]
    return min(paper, pixels) if isinstance(pixels, int) and pixels > 0 else paper


def vietnamese_code_pages(profile: str) -> dict[str, int]:
    """The profile's Vietnamese code pages by name and slot: both TCVN-3 halves (lower and
    upper case) where it has them, else Windows-1258; empty when it has none."""
    pages = _profile(profile).get_code_pages()
    tcvn = {name: int(pages[name]) for name in ("TCVN-3-1", "TCVN-3-2") if name in pages}
    if len(tcvn) == 2:
        return tcvn
    return {"CP1258": int(pages["CP1258"])} if "CP1258" in pages else {}


def _dummy(profile: str, width: int, **options: Any) -> Any:
    """A Dummy printer with ``profile`` whose line is ``width`` dots: the ticket's width, which
    may be less than the profile's head (58 mm paper), and which python-escpos needs to
    centre an image (it prints a warning on stdout for every image of a profile without one).
    """
    _profile(profile)  # a plain error for an unknown name
    printer = _escpos().printer.Dummy(profile=profile or "default", **options)
    data = printer.profile.profile_data
    media = data.get("media", {})
    width_data = {**media.get("width", {}), "pixels": width}
    printer.profile.profile_data = {**data, "media": {**media, "width": width_data}}
    return printer


def raster_job(
    image: Image.Image,
    *,
    profile: str = "default",
    bands: Sequence[Band] = (),
) -> bytes:
    """The print job of a ticket image: initialise, the raster (GS v 0), feed and cut (GS V).

    With ``bands`` (`TicketPicture.bands`, covering the image) the image goes as one raster per
    band, and a band drawn from a key seen before reuses its bytes: python-escpos converts an
    image in five full passes (dithering included), most of a ticket's cost, and most bands
    repeat from ticket to ticket. The paper shows no seam between bands.
    """
    printer = _dummy(profile, image.width)
    printer.hw("INIT")
    if not bands:
        printer._raw(_raster(image, profile))
    for band in bands:
        key = (profile, *band.key)
        with _rasters_lock:
            made = _RASTERS.get(key)
            if made is not None:
                _RASTERS.move_to_end(key)
        if made is None:
            made = _raster(image.crop((0, band.top, image.width, band.bottom)), profile)
            with _rasters_lock:
                _RASTERS[key] = made
                while len(_RASTERS) > _RASTERS_KEPT:
                    _RASTERS.popitem(last=False)
        printer._raw(made)
    printer.cut()
    return bytes(printer.output)


_RASTERS: OrderedDict[tuple[object, ...], bytes] = OrderedDict()
_RASTERS_KEPT = 64
_rasters_lock = threading.Lock()


def _raster(image: Image.Image, profile: str) -> bytes:
    """``image`` as python-escpos's raster command (GS v 0)."""
    printer = _dummy(profile, image.width)
    # Only the inked middle goes through python-escpos's conversion, centred back to the full
    # line by it: a symmetric crop, so every dot stays where the ticket put it.
    ink = ImageChops.invert(image).getbbox()
    side = min(ink[0], image.width - ink[2]) if ink else 0
    if side > 0:
        image = image.crop((side, 0, image.width - side, image.height))
    printer.image(image, impl="bitImageRaster", center=side > 0)
    return bytes(printer.output)


def text_job(content: TicketContent, *, profile: str, width: int) -> bytes | None:
    """The ticket in the printer's own font with a Vietnamese code page, the barcode as a
    raster; None when the profile has no Vietnamese code page (print the raster instead)."""
    pages = vietnamese_code_pages(profile)
    if not pages:
        return None
    escpos = _escpos()
    encoder = escpos.magicencode.Encoder(pages)
    printer = _dummy(profile, width, magic_encode_args={"encoder": encoder})
    to_page = _cp1258 if "CP1258" in pages else _nfc

    def line(text: str) -> None:
        printer.textln(to_page(text))

    printer.hw("INIT")
    printer.set(align="center", bold=True, normal_textsize=True)
    line(content.office_name)
    printer.set(align="center", bold=True, double_height=True, double_width=True)
    line(content.area_name)
    printer.set(align="center", bold=False, normal_textsize=True)
    line(content.heading)
    printer.set(align="center", bold=True, custom_size=True, width=4, height=4)
    line(content.label)
    printer.set(align="center", bold=True, normal_textsize=True, double_height=True)
    if content.priority:
        printer.set(invert=True)
        line(f" {content.priority} ")
        printer.set(invert=False)
    printer.set(align="center", bold=False, normal_textsize=True)
    for text in (content.dossier, content.waiting, content.issued, *content.notes):
        if text:
            line(text)
    if content.message:
        line(content.message)
    if content.barcode:
        symbol = barcode_image(content.barcode, width)
        padded = Image.new("1", (width, symbol.height), 1)
        padded.paste(symbol, ((width - symbol.width) // 2, 0))
        printer.image(padded, impl="bitImageRaster")
    printer.cut()
    return bytes(printer.output)


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _cp1258(text: str) -> str:
    """``text`` as Windows-1258 writes Vietnamese: a letter with its shape marks (â, ơ, ư...)
    precomposed, its tone as a combining mark after it ("ế" = "ê" + acute), since the code page
    has no room for every precomposed letter."""
    out: list[str] = []
    for char in unicodedata.normalize("NFC", text):
        try:
            char.encode("cp1258")
            out.append(char)
            continue
        except UnicodeEncodeError:
            pass
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in _TONES))
        out.append(base + tones)
    return "".join(out)


# --- sending -----------------------------------------------------------------------------------


def send(target: Target, job: bytes, *, timeout: float = CONNECT_TIMEOUT) -> None:
    """Hand ``job`` to the printer at ``target``, then ask it for its paper (real-time status,
    answered at once by printers that can): a PrinterProblem when it cannot print."""
    if target.kind is TargetKind.NONE:
        raise NoTicketPrinter()
    if target.kind is TargetKind.SYSTEM:
        raise NeedsQt(target=str(target))  # a raster for the system: `SystemPrinter`
    with _device(target, timeout) as printer:
        printer._raw(job)
        if _paper(printer, target) == 0:
            raise PrinterOutOfPaper(target=str(target))


@contextmanager
def _device(target: Target, timeout: float) -> Iterator[Any]:
    printer = _printer(target, timeout)
    try:
        try:
            if target.kind is TargetKind.NETWORK:
                # Connected here rather than by python-escpos's open(), which speaks IPv4 only
                # and drops the socket of a failed attempt without closing it.
                address = (target.host, target.port)
                printer.device = socket.create_connection(address, timeout=timeout)
            else:
                printer.open()
            if target.kind is TargetKind.SERIAL:
                # pyserial writes without a time limit; with flow control on, a printer that
                # is off would hold the ticket (and the window's worker) for ever.
                printer.device.write_timeout = timeout
        except Exception as error:
            raise _problem(error, target) from None
        try:
            yield printer
        except PrinterProblem:
            raise
        except Exception as error:
            raise _problem(error, target) from None
    finally:
        with suppress(Exception):  # a device gone mid-job: closing it has nothing to tell
            printer.close()


def _printer(target: Target, timeout: float) -> Any:
    classes = _escpos().printer
    if target.kind is TargetKind.NETWORK:
        return classes.Network(target.host, target.port, timeout=timeout)
    if target.kind is TargetKind.USB:
        if not classes.Usb.is_usable():
            raise NeedsLibusb(target=str(target))
        return classes.Usb(target.vendor, target.product, timeout=int(timeout * 1000))
    if target.kind is TargetKind.SERIAL:
        return classes.Serial(target.device, baudrate=target.baudrate, timeout=timeout)
    if sys.platform != "win32":
        raise WindowsOnly(target=str(target))
    return classes.Win32Raw(target.device)


def _paper(printer: Any, target: Target) -> int | None:
    """2 plenty, 1 near its end, 0 none; None when the printer did not say."""
    if target.kind is TargetKind.WINDOWS:
        return None  # the spooler reads nothing back
    try:
        if target.kind is TargetKind.NETWORK:
            printer.device.settimeout(STATUS_TIMEOUT)
        status: int = printer.paper_status()
    except Exception:  # no answer in time, or none at all: the job was sent
        return None
    return status


_ERRNO_PROBLEMS: dict[int, type[PrinterProblem]] = {
    errno.ECONNREFUSED: PrinterRefused,
    errno.ETIMEDOUT: PrinterNoAnswer,
    errno.EHOSTUNREACH: PrinterNoAnswer,
    errno.ENETUNREACH: PrinterNoAnswer,
    errno.EHOSTDOWN: PrinterNoAnswer,
    errno.ENOENT: PrinterUnplugged,
    errno.ENODEV: PrinterUnplugged,
    errno.ENXIO: PrinterUnplugged,
    errno.EACCES: PrinterNoAccess,
    errno.EPERM: PrinterNoAccess,
    errno.EBUSY: PrinterNoAccess,
}


_TIMEOUTS = {"USBTimeoutError", "SerialTimeoutException"}  # pyusb's, pyserial's


def _problem(error: BaseException, target: Target) -> PrinterProblem:
    """The plain problem behind what python-escpos, the socket, pyusb or pyserial raised.

    python-escpos wraps a failed open in its DeviceNotFoundError; the error it wrapped is the
    exception's context.
    """
    if isinstance(error, PrinterProblem):
        return error
    escpos = _escpos()
    cause: BaseException = error
    while isinstance(cause, escpos.exceptions.DeviceNotFoundError) and cause.__context__:
        cause = cause.__context__
    shown = str(target)
    if isinstance(cause, socket.gaierror):
        return PrinterUnknownHost(target=shown)
    if isinstance(cause, TimeoutError) or type(cause).__name__ in _TIMEOUTS:
        return PrinterNoAnswer(target=shown)
    if isinstance(cause, ConnectionRefusedError):
        return PrinterRefused(target=shown)
    if isinstance(cause, AssertionError) or type(cause).__name__ == "USBNotFoundError":
        return PrinterUnplugged(target=shown)  # python-escpos: no USB device with those ids
    if type(cause).__name__ == "NoBackendError":
        return NeedsLibusb(target=shown)
    number = getattr(cause, "errno", None) or getattr(cause, "backend_error_code", None)
    if isinstance(number, int) and number in _ERRNO_PROBLEMS:
        return _ERRNO_PROBLEMS[number](target=shown)
    if target.kind is TargetKind.SERIAL and "could not open port" in str(cause):
        return PrinterUnplugged(target=shown)
    return PrinterProblem(target=shown)
