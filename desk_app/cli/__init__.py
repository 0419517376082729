"""The ``desk-app`` command: the counter window by default, every capability as a subcommand.

Command names and flags follow the contract in the architecture document. ``--json`` prints one
JSON document on stdout; errors go to stderr in plain words with a non-zero exit status.

Each command group is a module that registers its parsers with a handler on every leaf
(`register`); ``main`` calls the handler argparse chose. The group modules import only argparse
and the core: a handler imports its services when it runs, so ``desk-app --help`` or a typo
costs no database, PDF or Qt import.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence

import desk_app
from desk_app.cli import (
    attachments,
    audit,
    backup,
    calendar,
    catalogue,
    dossiers,
    forms,
    intake,
    office,
    printer,
    reports,
    screens,
    security,
    server,
    session,
    setup,
    sync,
    tickets,
    users,
)
from desk_app.cli._common import EXIT_ERROR, DeskArgumentParser, Handler
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.i18n import message, translate

__all__ = ["build_parser", "main"]

log = logging.getLogger(__name__)

GROUPS = (
    setup,
    session,
    office,
    users,
    catalogue,
    calendar,
    intake,
    dossiers,
    attachments,  # after dossiers: adds its scan commands to that group
    forms,  # after dossiers: adds form and slip to that group; the register command
    reports,
    audit,
    backup,
    security,
    tickets,
    printer,
    screens,
    server,
    sync,
)
UNEXPECTED = N_(
    "Lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng. Chi tiết đã được ghi vào nhật ký."
)
EPILOG = N_(
    "Gõ desk-app không kèm lệnh nào để mở cửa sổ quầy; các lệnh trên làm việc không cần cửa sổ.\n"
    "\n"
    "Biến môi trường:\n"
    "  DESK_APP_HOME: thư mục dữ liệu của máy trạm (mỗi máy trạm một thư mục, nên chạy được "
    "nhiều máy trạm trên một máy tính); mặc định: thư mục dữ liệu của người dùng.\n"
    '  DESK_APP_LANGUAGE: ngôn ngữ, vi (mặc định) hoặc en; cũng có thể ghi language = "en" '
    "vào tệp settings.toml trong thư mục dữ liệu."
)


def build_parser() -> argparse.ArgumentParser:
    parser = DeskArgumentParser(
        prog="desk-app",
        description=N_(
            "Phần mềm tiếp nhận và trả kết quả hồ sơ (bộ phận một cửa). "
            "Không có lệnh: mở cửa sổ quầy."
        ),
        epilog=EPILOG,
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"desk-app {desk_app.__version__}",
        help=N_("hiện số phiên bản rồi thoát"),
    )
    commands = parser.add_subparsers(dest="command", title=N_("lệnh"), metavar="COMMAND")
    for group in GROUPS:
        group.register(commands)
    return parser


def _setup_logging() -> None:
    from desk_app.logs import configure_logging

    configure_logging()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command ``argv`` names (the window with none); its exit status.

    A reader that stops reading (``desk-app dossier due | head -1``, ``desk-app --help | head``)
    is no error: what it wanted it got, so the command ends quietly with status 0. stdout is
    flushed here, inside the guard, so a closed pipe cannot surface later as Python's
    "Exception ignored" at exit.
    """
    try:
        try:
            return _run(argv)
        finally:
            if sys.stdout is not None:
                sys.stdout.flush()
    except BrokenPipeError:
        _discard_stdout()
        return 0


def _discard_stdout() -> None:
    """Point stdout at the null device: what is still buffered goes nowhere, quietly."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    _setup_logging()
    if handler is None:
        from desk_app.launcher import open_window  # says how to add Qt when it is missing

        return open_window(list(sys.argv if argv is None else ["desk-app", *argv]))
    language = "vi"
    try:
        from desk_app.config import load_settings

        language = args.language = load_settings().language
        return handler(args)
    except DeskError as error:
        # One line without the message or traceback: either may repeat what was typed.
        if isinstance(error, ValidationError):
            from desk_app.logs import refusal_line

            log.info("%s: %s", args.command, refusal_line(error))
        else:
            log.info("%s: command failed (%s)", args.command, type(error).__name__)
        print(message(error, language), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(translate(N_("Đã hủy."), language), file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        raise  # the reader stopped reading: main ends quietly, this is no "unexpected error"
    except Exception:
        # A bug, not bad input: the officer gets a plain sentence, the log gets the traceback.
        log.exception("unexpected error in %s", args.command)
        print(translate(UNEXPECTED, language), file=sys.stderr)
        return EXIT_ERROR
