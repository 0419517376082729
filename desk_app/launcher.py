"""Open the counter window, or say in plain words how to add Qt when it is not installed.

Qt is the ``[gui]`` extra: a server or a scripted workstation installs desk-app without it, and
every command still works there. This module imports no Qt itself, so both ways into the window
(``desk-app`` with no command, and the windowed ``desk-app-window``) can answer a missing Qt
with the pip command that adds it instead of a traceback.
"""

from __future__ import annotations

import logging
import sys

from desk_app.core.errors import N_, DeskError, Message
from desk_app.i18n import translate

log = logging.getLogger(__name__)
EXIT_NO_QT = 1
QT_MISSING = N_(
    "Máy này chưa cài phần giao diện (Qt) nên không mở được cửa sổ quầy. Cài thêm bằng lệnh:\n"
    "    {command}\n"
    "Các lệnh như desk-app init, desk-app intake, desk-app receipt vẫn dùng được khi chưa có Qt."
)


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


def open_window(argv: list[str]) -> int:
    """Run the counter window with ``argv`` (Qt's own options included); its exit status."""
    try:
        from desk_app.gui.app import run_gui
    except ModuleNotFoundError as error:
        if not _is_qt(error.name):
            raise
        text = Message(QT_MISSING, {"command": gui_install_command()})
        # A windowed start on Windows has no stderr (None): there is nobody to tell but the log.
        if sys.stderr is not None:
            language = _language()
            print(text.render(lambda msgid: translate(msgid, language)), file=sys.stderr)
        log.error("counter window not opened: Qt (%s) missing", error.name)
        return EXIT_NO_QT
    return run_gui(argv)


def main() -> int:
    """The windowed entry point, ``desk-app-window``: the counter window, no console."""
    from desk_app.logs import configure_logging

    configure_logging()
    return open_window(list(sys.argv))


if __name__ == "__main__":  # PyInstaller's windowed executable runs this file as its script
    sys.exit(main())
