"""Open the counter window, or say in plain words what is missing before Qt can say it worse.

Qt is the ``[gui]`` extra: a server or a scripted workstation installs desk-app without it, and
every command still works there. This module imports no Qt itself, so both ways into the window
(``desk-app`` with no command, and the windowed ``desk-app-window``) can answer a missing Qt
with the pip command that adds it instead of a traceback.

On Linux, Qt's X11 platform plugin (xcb) aborts the process with a bare "Aborted" when a system
library it links is missing, or when there is no screen at all (issue 7, item 8). So before Qt
loads, `window_problem` looks for both and the officer gets one sentence naming the Debian
packages to install.
"""

from __future__ import annotations

import ctypes
import importlib.util
import itertools
import logging
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from desk_app.core.errors import N_, DeskError, Message
from desk_app.i18n import translate

log = logging.getLogger(__name__)
EXIT_NO_QT = 1
EXIT_NO_SCREEN = 1
QT_MISSING = N_(
    "Máy này chưa cài phần giao diện (Qt) nên không mở được cửa sổ quầy. Cài thêm bằng lệnh:\n"
    "    {command}\n"
    "Các lệnh như desk-app init, desk-app intake, desk-app receipt vẫn dùng được khi chưa có Qt."
)
LIBRARIES_MISSING = N_(
    "Máy này còn thiếu thư viện hệ thống mà cửa sổ quầy cần; hãy cài bằng lệnh "
    "sudo apt install {packages} rồi chạy lại desk-app."
)
NO_SCREEN = N_(
    "Không tìm thấy màn hình nào để mở cửa sổ quầy (máy này đang chạy không có giao diện đồ "
    "họa, ví dụ khi đăng nhập từ xa qua SSH): hãy chạy desk-app ngay trên máy có màn hình, "
    "hoặc dùng các lệnh không cần cửa sổ như desk-app intake, desk-app receipt (xem desk-app "
    "--help)."
)

# The Debian/Ubuntu package of every system library the window loads with the xcb platform,
# by soname: what PySide6 6.11's plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6 link
# (their ELF NEEDED entries), and the libraries QtCore, QtGui, QtDBus and QtWidgets link
# themselves. libc, libm, libgcc_s and the dynamic loader are left out: Python needs them too.
# tests/test_launcher.py checks this table against the installed Qt.
WINDOW_LIBRARIES: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libz.so.1": "zlib1g",
    "libzstd.so.1": "libzstd1",
    "libstdc++.so.6": "libstdc++6",
}

Loader = Callable[[str], object]


def _is_qt(module: str | None) -> bool:
    return module is not None and module.split(".")[0] in {"PySide6", "shiboken6"}


def _language() -> str:
    from desk_app.config import load_settings

    try:
        return load_settings().language
    except DeskError:  # a broken settings file is the window's to report; say this in Vietnamese
        return "vi"


def gui_install_command() -> str:
    """The pip command, for this very Python, that adds the ``[gui]`` extra."""
    return f'"{sys.executable}" -m pip install "desk-app[gui]"'


def qt_platform(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The platform Qt was asked for: ``-platform NAME`` on the command line, else
    QT_QPA_PLATFORM; "" when neither names one (Qt then chooses)."""
    for flag, value in itertools.pairwise(argv):
        if flag in ("-platform", "--platform"):
            return value
    return environ.get("QT_QPA_PLATFORM", "")


def _dlopen(soname: str) -> object:
    return ctypes.CDLL(soname)  # ctypes.CDLL is looked up at each call: a test may stand in


def _library_folders() -> list[Path]:
    """Folders that may hold a library besides the system's: Qt's own lib folder (found
    without importing Qt) and a frozen build's folder (PyInstaller bundles what it can)."""
    folders = []
    spec = importlib.util.find_spec("PySide6")
    if spec is not None and spec.submodule_search_locations:
        folders += [Path(p) / "Qt" / "lib" for p in spec.submodule_search_locations]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        folders.append(Path(bundle))
    return folders


def missing_packages(load: Loader | None = None) -> list[str]:
    """The Debian packages of the window's libraries that the dynamic loader cannot load.

    Each library is loaded by its soname, the way Qt's own loading finds it (library path, the
    loader's cache, the system folders): no ``ldconfig`` or other tool is run, and a library
    whose own dependencies are missing counts as missing, as it would for Qt.
    """
    load = load or _dlopen
    folders = _library_folders()
    packages: list[str] = []
    for soname, package in WINDOW_LIBRARIES.items():
        if package in packages or _loads(load, soname, folders):
            continue
        packages.append(package)
    return packages


def _loads(load: Loader, soname: str, folders: Sequence[Path]) -> bool:
    for candidate in [soname, *(str(folder / soname) for folder in folders)]:
        try:
            load(candidate)
        except OSError:
            continue
        return True
    return False


def window_problem(
    argv: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    platform: str | None = None,
    load: Loader | None = None,
) -> Message | None:
    """Why Qt's xcb platform would abort here, in words, or None when nothing is known wrong.

    Only Linux with the X11 platform is checked: QT_QPA_PLATFORM (or ``-platform``) unset or
    ``xcb``. Any other platform (offscreen, wayland, a list with a fallback) is Qt's to judge,
    and so is an unset one in a Wayland session. Windows and macOS have nothing to check.
    """
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    if not platform.startswith("linux"):
        return None
    asked = qt_platform(argv, environ)
    if asked:
        if [name.split(":")[0] for name in asked.split(";")] != ["xcb"]:
            return None
    elif environ.get("WAYLAND_DISPLAY"):
        return None  # Qt may choose Wayland; its libraries are not the xcb plugin's
    if not environ.get("DISPLAY"):
        return Message(NO_SCREEN)
    packages = missing_packages(load)
    if packages:
        return Message(LIBRARIES_MISSING, {"packages": " ".join(packages)})
    return None


def _tell(text: Message) -> None:
    # A windowed start on Windows has no stderr (None): there is nobody to tell but the log.
    if sys.stderr is not None:
        language = _language()
        print(text.render(lambda msgid: translate(msgid, language)), file=sys.stderr)


def open_window(argv: list[str]) -> int:
    """Run the counter window with ``argv`` (Qt's own options included); its exit status."""
    if importlib.util.find_spec("PySide6") is None:
        return _no_qt("PySide6")
    problem = window_problem(argv)
    if problem is not None:
        _tell(problem)
        log.error(
            "counter window not opened: %s",
            f"missing {problem.params['packages']}" if problem.params else "no display",
        )
        return EXIT_NO_SCREEN
    try:
        from desk_app.gui.app import run_gui
    except ModuleNotFoundError as error:
        if not _is_qt(error.name):
            raise
        return _no_qt(error.name)
    return run_gui(argv)


def _no_qt(module: str | None) -> int:
    _tell(Message(QT_MISSING, {"command": gui_install_command()}))
    log.error("counter window not opened: Qt (%s) missing", module)
    return EXIT_NO_QT


def main() -> int:
    """The windowed entry point, ``desk-app-window``: the counter window, no console."""
    from desk_app.logs import configure_logging

    configure_logging()
    return open_window(list(sys.argv))


if __name__ == "__main__":  # PyInstaller's windowed executable runs this file as its script
    sys.exit(main())
