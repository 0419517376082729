"""Opening the counter window on Linux without the libraries Qt's xcb plugin needs, or with no
screen at all: one plain sentence and a non-zero status, never Qt's bare "Aborted" (issue 7,
item 8)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desk_app.launcher import (
    LIBRARIES_MISSING,
    NO_SCREEN,
    WINDOW_LIBRARIES,
    Loader,
    missing_packages,
    window_problem,
)

ROOT = Path(__file__).resolve().parent.parent

# Started as the two ways into the window are: `desk-app` with no command, `desk-app-window`.
STARTS = {
    "desk-app": "from desk_app.cli import main\nsys.exit(main([]))",
    "desk-app-window": "from desk_app.launcher import main\nsys.exit(main())",
}

# The dynamic loader of a computer without ``REFUSED`` and with every other library the window
# needs, whatever this computer has: ctypes is where the check meets the loader, so the child
# replaces ctypes.CDLL before anything else runs. If the check let the start go on, Qt would
# load for real and abort (no X server answers on the display given), failing the test.
SIMULATED_LOADER = textwrap.dedent("""
    import atexit, ctypes, os, sys
    REFUSED = set(sys.argv[1].split(","))
    WANTED = {wanted!r}
    real = ctypes.CDLL
    def loader(name, *args, **kwargs):
        soname = os.path.basename(name)
        if soname in REFUSED:
            raise OSError(f"{{name}}: cannot open shared object file: No such file or directory")
        try:
            return real(name, *args, **kwargs)
        except OSError:
            if soname in WANTED:
                return None  # present on the computer this test imagines
            raise
    ctypes.CDLL = loader
    atexit.register(lambda: print("Qt loaded:", "PySide6.QtGui" in sys.modules))
""").format(wanted=set(WINDOW_LIBRARIES))


def start_window(
    start: str, env: dict[str, str], refused: tuple[str, ...], home: Path
) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "DESK_APP_LANGUAGE"}
    }
    environment |= {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8", **env}
    return subprocess.run(
        [sys.executable, "-c", SIMULATED_LOADER + STARTS[start], ",".join(refused)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux: xcb")


@linux_only
@pytest.mark.integration
@pytest.mark.parametrize("start", list(STARTS))
@pytest.mark.parametrize(
    "platform",
    [{}, {"QT_QPA_PLATFORM": "xcb"}, {"QT_QPA_PLATFORM": "xcb", "QT_QPA_PLATFORM_PLUGIN_PATH": ""}],
    ids=["platform unset", "xcb", "xcb, plugin path"],
)
def test_missing_xcb_libraries_name_the_packages_to_install(
    start: str, platform: dict[str, str], tmp_path: Path
) -> None:
    if "QT_QPA_PLATFORM_PLUGIN_PATH" in platform:  # a plugin folder that lacks them all
        (tmp_path / "plugins").mkdir()
        platform = platform | {"QT_QPA_PLATFORM_PLUGIN_PATH": str(tmp_path / "plugins")}
    refused = ("libxcb-cursor.so.0", "libxcb-icccm.so.4")
    result = start_window(start, {"DISPLAY": ":99", **platform}, refused, tmp_path / "home")
    assert result.returncode == 1, result.stderr
    assert result.stderr.count("\n") == 1  # one sentence, on one line
    assert "sudo apt install libxcb-cursor0 libxcb-icccm4 rồi chạy lại desk-app." in result.stderr
    assert "Aborted" not in result.stderr and "qt.qpa" not in result.stderr
    assert result.stdout == "Qt loaded: False\n"  # said before Qt loaded


@linux_only
@pytest.mark.integration
def test_no_screen_at_all_says_so_in_the_settings_language(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = start_window("desk-app", {}, (), home)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("Không tìm thấy màn hình nào để mở cửa sổ quầy")
    assert "QT_QPA_PLATFORM" not in result.stderr  # offscreen is for tests, not for officers
    assert result.stdout == "Qt loaded: False\n"
    english = start_window("desk-app-window", {"DESK_APP_LANGUAGE": "en"}, (), home)
    assert english.returncode == 1
    assert english.stderr.startswith("No screen was found to open the counter window on")
    assert not [ch for ch in english.stderr if ch.isalpha() and not ch.isascii()]


def loader_without(*absent: str) -> Loader:
    def load(name: str) -> object:
        if Path(name).name in absent:
            raise OSError(name)
        return object()

    return load


@pytest.mark.parametrize(
    ("environ", "platform"),
    [
        ({}, "win32"),  # Windows and macOS: nothing of this exists there
        ({}, "darwin"),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux"),
        ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "linux"),
        ({"QT_QPA_PLATFORM": "wayland;xcb", "DISPLAY": ":0"}, "linux"),  # Qt has a fallback
        ({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"}, "linux"),  # Qt may choose Wayland
    ],
)
def test_nothing_is_checked_where_xcb_is_not_the_platform(
    environ: dict[str, str], platform: str
) -> None:
    load = loader_without(*WINDOW_LIBRARIES)
    assert window_problem((), environ, platform, load) is None


def test_the_platform_given_to_qt_on_the_command_line_counts() -> None:
    load = loader_without("libxcb-keysyms.so.1")
    argv = ["desk-app-window", "-platform", "offscreen"]
    assert window_problem(argv, {}, "linux", load) is None
    argv = ["desk-app-window", "-platform", "xcb"]
    problem = window_problem(argv, {"DISPLAY": ":0"}, "linux", load)
    assert problem is not None and problem.msgid == LIBRARIES_MISSING
    assert problem.params == {"packages": "libxcb-keysyms1"}


def test_xcb_with_no_display_is_no_screen_and_all_present_is_no_problem() -> None:
    load = loader_without()
    no_display = window_problem((), {"QT_QPA_PLATFORM": "xcb"}, "linux", load)
    assert no_display is not None and no_display.msgid == NO_SCREEN
    assert window_problem((), {"DISPLAY": ":0"}, "linux", load) is None


def test_each_package_is_named_once() -> None:
    load = loader_without("libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-util.so.1")
    assert missing_packages(load) == ["libxcb-util1", "libglib2.0-0"]


def test_a_library_in_qts_own_folder_counts_as_present() -> None:
    """PySide6 (or a frozen build) may carry a library itself, where Qt finds it by its
    RPATH though the system loader does not: it is not reported missing."""
    pytest.importorskip("PySide6")

    def load(name: str) -> object:
        if name == "libxcb-cursor.so.0":
            raise OSError(name)  # not in the system's folders
        if name.endswith("/libxcb-cursor.so.0") and "PySide6" not in name:
            raise OSError(name)
        return object()

    assert missing_packages(load) == []


def _needed(library: Path) -> set[str]:
    shown = subprocess.run(
        ["readelf", "-d", str(library)], capture_output=True, text=True, check=True
    ).stdout
    return set(re.findall(r"\(NEEDED\)\s+Shared library: \[(.+?)\]", shown))


@linux_only
@pytest.mark.skipif(shutil.which("readelf") is None, reason="readelf (binutils) not installed")
def test_the_table_is_what_the_installed_qt_links() -> None:
    """Every system library the xcb plugin, libQt6XcbQpa and the Qt libraries of the window
    link (their ELF NEEDED entries) is in the table, and the table holds nothing else: a
    PySide6 upgrade that links another library fails here, naming it."""
    pyside = pytest.importorskip("PySide6")
    qt = Path(pyside.__file__).parent / "Qt"
    libraries = [
        qt / "plugins" / "platforms" / "libqxcb.so",
        *(
            qt / "lib" / f"libQt6{name}.so.6"
            for name in ("XcbQpa", "Gui", "Core", "DBus", "Widgets")
        ),
    ]
    bundled = {path.name for path in (qt / "lib").iterdir()}
    always_there = {"libc.so.6", "libm.so.6", "libgcc_s.so.1", "libdl.so.2", "libpthread.so.0"}
    linked = set().union(*(_needed(library) for library in libraries))
    system = {name for name in linked - bundled - always_there if not name.startswith("ld-linux")}
    assert system == set(WINDOW_LIBRARIES)


def test_the_readme_names_every_package_next_to_the_run_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    (run_command,) = [
        line for line in readme.splitlines() if line.endswith(" && .venv/bin/desk-app")
    ]
    for package in set(WINDOW_LIBRARIES.values()) - {"libstdc++6", "zlib1g", "libzstd1"}:
        assert f" {package} " in run_command, package
