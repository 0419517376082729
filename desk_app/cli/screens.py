"""``desk-app kiosk`` and ``desk-app display``: the queue's public screens (issue 9).

The kiosk issues numbers to citizens (no login: it acts as the workstation); the display shows
and speaks the calls on a TV. Both are Qt windows, full screen unless ``--windowed``, on the
queue the settings name (this workstation's own, or the office hub's). Like the counter window
(`desk_app.launcher`), a machine without Qt, or a Linux session without a screen, is told what
to install or where to run instead of getting a traceback.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
from collections.abc import Callable

from desk_app.cli._common import EXIT_ERROR, Commands, add_command, whole_number
from desk_app.core.errors import N_, Message
from desk_app.i18n import translate

log = logging.getLogger(__name__)

KIOSK = N_("mở màn hình lấy số thứ tự cho công dân (toàn màn hình, không cần đăng nhập)")
DISPLAY = N_("mở màn hình gọi số trên TV: số đang phục vụ tại từng quầy, lời mời đọc to")
WINDOWED = N_("mở trong một cửa sổ thường thay vì toàn màn hình (để thử)")
SCREEN = N_("mở trên màn hình thứ N (1, 2…) khi máy tính có nhiều màn hình")
QT_MISSING = N_(
    "Máy này chưa cài phần giao diện (Qt) nên không mở được màn hình này. Cài thêm bằng lệnh:\n"
    "    {command}"
)


def register(commands: Commands) -> None:
    for name, summary, handler in (
        ("kiosk", KIOSK, cmd_kiosk),
        ("display", DISPLAY, cmd_display),
    ):
        parser = add_command(commands, name, summary, handler)
        parser.add_argument("--windowed", action="store_true", help=WINDOWED)
        parser.add_argument("--screen", type=whole_number, metavar="N", help=SCREEN)


def cmd_kiosk(args: argparse.Namespace) -> int:
    return _open(args, "desk_app.gui.kiosk", "run_kiosk")


def cmd_display(args: argparse.Namespace) -> int:
    return _open(args, "desk_app.gui.display", "run_display")


def _open(args: argparse.Namespace, module: str, function: str) -> int:
    if not _can_open(args):
        return EXIT_ERROR
    try:
        run: Callable[..., int] = getattr(importlib.import_module(module), function)
    except ModuleNotFoundError as error:  # a Qt module missing from a partial installation
        if (error.name or "").split(".")[0] not in {"PySide6", "shiboken6"}:
            raise
        _tell(args, Message(QT_MISSING, {"command": _install_command()}))
        log.error("%s not opened: Qt (%s) missing", args.command, error.name)
        return EXIT_ERROR
    return run(windowed=args.windowed, screen=args.screen)


def _install_command() -> str:
    from desk_app.launcher import gui_install_command

    return gui_install_command()


def _can_open(args: argparse.Namespace) -> bool:
    """Qt is installed and there is a screen to open on; else say so and what to do."""
    from desk_app.launcher import window_problem

    if importlib.util.find_spec("PySide6") is None:
        _tell(args, Message(QT_MISSING, {"command": _install_command()}))
        log.error("%s not opened: Qt missing", args.command)
        return False
    problem = window_problem(sys.argv)
    if problem is not None:
        _tell(args, problem)
        log.error("%s not opened: no usable screen", args.command)
        return False
    return True


def _tell(args: argparse.Namespace, text: Message) -> None:
    if sys.stderr is not None:
        print(text.render(lambda msgid: translate(msgid, args.language)), file=sys.stderr)
