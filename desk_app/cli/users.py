"""``desk-app user set-name``: the full name an account signs receipts with (administrator).

The rest of the group (add, deactivate, set-password, list) comes with the accounts work."""

from __future__ import annotations

import argparse

from desk_app.cli._common import (
    Commands,
    add_command,
    add_subcommands,
    add_user,
    open_workspace,
    say,
)
from desk_app.core.errors import N_

NAME_SET = N_("Tài khoản {username} ký giấy tiếp nhận với họ tên: {name}.")


def register(commands: Commands) -> None:
    group = add_command(commands, "user", N_("tài khoản cán bộ"))
    sub = add_subcommands(group, "user_command")
    set_name = add_command(
        sub,
        "set-name",
        N_("ghi họ và tên đầy đủ của một tài khoản, tên ký trên giấy tiếp nhận (quản trị viên)"),
        cmd_set_name,
    )
    set_name.add_argument("username", metavar="USER", help=N_("tên đăng nhập của tài khoản"))
    set_name.add_argument("full_name", metavar="NAME", help=N_("họ và tên đầy đủ"))
    add_user(set_name)


def cmd_set_name(args: argparse.Namespace) -> int:
    from desk_app.services.users import set_full_name

    with open_workspace(args) as opened:
        name = set_full_name(opened.workspace, opened.actor, args.username, args.full_name)
    say(args, NAME_SET, username=args.username.strip().lower(), name=name)
    return 0
