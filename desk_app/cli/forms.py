"""``desk-app dossier form|slip`` and ``desk-app register``: the lifecycle forms and the register
as files (reference §2). Each file is written whole or not at all."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from desk_app.cli._common import Commands, add_command, add_user, help_language, whole_number
from desk_app.core.errors import N_, DeskError
from desk_app.i18n import translate

NOT_A_DATE = N_("“{value}” không phải là một ngày (viết theo dạng 2025-07-15 hoặc 15/07/2025).")


def _dossier_commands(commands: Commands) -> Commands:
    """The subcommands of ``desk-app dossier`` (made by `desk_app.cli.dossiers`)."""
    group = commands.choices["dossier"]
    return next(a for a in group._actions if isinstance(a, argparse._SubParsersAction))


def _register_dossier_commands(sub: Commands) -> None:
    """``desk-app dossier form`` and ``desk-app dossier slip``."""
    form = add_command(
        sub, "form", N_("in biểu mẫu của một bước giải quyết hồ sơ ra tệp PDF"), cmd_form
    )
    form.add_argument("code", metavar="CODE", help=N_("mã hồ sơ"))
    form.add_argument(
        "seq", metavar="SEQ", type=whole_number, help=N_("số thứ tự của bước (1 = tiếp nhận)")
    )
    form.add_argument("--out", required=True, metavar="FILE.pdf", help=N_("tệp PDF sẽ ghi ra"))
    slip = add_command(
        sub, "slip", N_("in phiếu kiểm soát quá trình giải quyết hồ sơ ra tệp PDF"), cmd_slip
    )
    slip.add_argument("code", metavar="CODE", help=N_("mã hồ sơ"))
    slip.add_argument("--out", required=True, metavar="FILE.pdf", help=N_("tệp PDF sẽ ghi ra"))
    for leaf in (form, slip):
        add_user(leaf)


def register(commands: Commands) -> None:
    _register_dossier_commands(_dossier_commands(commands))
    book = add_command(
        commands, "register", N_("in sổ theo dõi hồ sơ của một khoảng thời gian"), cmd_register
    )
    book.add_argument(
        "--from",
        dest="date_from",
        required=True,
        type=day,
        metavar="DATE",
        help=N_("ngày đầu (tính theo ngày nhận hồ sơ)"),
    )
    book.add_argument(
        "--to",
        dest="date_to",
        required=True,
        type=day,
        metavar="DATE",
        help=N_("ngày cuối, tính cả ngày này"),
    )
    book.add_argument(
        "--format",
        dest="fmt",
        choices=("pdf", "xlsx"),
        default="pdf",
        help=N_("định dạng tệp: pdf (khổ A4 ngang) hoặc xlsx (bảng tính)"),
    )
    book.add_argument("--out", required=True, metavar="FILE", help=N_("tệp sẽ ghi ra"))
    add_user(book)


def day(text: str) -> date:
    """A date typed as 2025-07-15 or 15/07/2025."""
    value = text.strip()
    try:
        if "/" in value:
            dd, mm, yyyy = value.split("/")
            return date(int(yyyy), int(mm), int(dd))
        return date.fromisoformat(value)
    except ValueError:
        # argparse's own kind of refusal: usage and this line, never a traceback.
        raise argparse.ArgumentTypeError(
            translate(NOT_A_DATE, help_language()).format(value=text)
        ) from None


def write_file(path: Path, content: bytes) -> None:
    """Write a document whole or not at all, a failure in plain words."""
    from desk_app.files import write_atomically

    try:
        write_atomically(path, content)
    except OSError as error:
        raise DeskError(
            N_("Không ghi được tệp {path}: {reason}."),
            path=str(path),
            reason=error.strerror or str(error),
        ) from error


def cmd_form(args: argparse.Namespace) -> int:
    from desk_app.cli._common import open_workspace
    from desk_app.services.forms import count_form_print, render_form_of

    with open_workspace(args) as opened:
        form = render_form_of(opened.workspace, opened.actor, args.code, args.seq)
        write_file(Path(args.out), form.pdf)
        count_form_print(opened.workspace, opened.actor, form)
    print(args.out)
    return 0


def cmd_slip(args: argparse.Namespace) -> int:
    from desk_app.cli._common import open_workspace
    from desk_app.services.forms import count_form_print, render_control_slip_of

    with open_workspace(args) as opened:
        slip = render_control_slip_of(opened.workspace, opened.actor, args.code)
        write_file(Path(args.out), slip.pdf)
        count_form_print(opened.workspace, opened.actor, slip)
    print(args.out)
    return 0


def cmd_register(args: argparse.Namespace) -> int:
    from desk_app.cli._common import open_workspace
    from desk_app.services.forms import render_register

    with open_workspace(args) as opened:
        book = render_register(
            opened.workspace, opened.actor, args.date_from, args.date_to, args.fmt
        )
    write_file(Path(args.out), book.content)
    print(args.out)
    return 0
