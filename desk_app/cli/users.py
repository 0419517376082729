"""``desk-app user``: officer accounts. add, deactivate, set-password, set-name and list are the
administrator's; unlock is a supervisor's too (the services check the role, issue 8)."""

from __future__ import annotations

import argparse

from desk_app.cli._common import (
    JSON_HELP,
    Commands,
    add_command,
    add_subcommands,
    add_user,
    open_workspace,
    print_json,
    read_password,
    say,
)
from desk_app.core.errors import N_
from desk_app.core.roles import Role

NAME_SET = N_("Tài khoản {username} ký giấy tiếp nhận với họ tên: {name}.")
ADDED = N_("Đã tạo tài khoản {username} ({role}).")
DEACTIVATED = N_("Đã vô hiệu hóa tài khoản {username}.")
PASSWORD_SET = N_("Đã đặt mật khẩu mới cho tài khoản {username}.")
UNLOCKED = N_("Đã mở khóa tài khoản {username}.")
PASSWORD_PROMPT = N_("Mật khẩu mới (ít nhất 10 ký tự)")
PASSWORD_FILE = N_("đọc mật khẩu từ tệp này thay vì gõ vào")
USERNAME = N_("tên đăng nhập của tài khoản")
ACTIVE = N_("đang hoạt động")
INACTIVE = N_("đã vô hiệu hóa")
LOCKED = N_("đang bị khóa")


def register(commands: Commands) -> None:
    group = add_command(commands, "user", N_("tài khoản cán bộ"))
    sub = add_subcommands(group, "user_command")
    added = add_command(sub, "add", N_("tạo tài khoản cán bộ (quản trị viên)"), cmd_add)
    added.add_argument("username", metavar="USER", help=USERNAME)
    added.add_argument(
        "--role",
        required=True,
        choices=[role.value for role in Role],
        help=N_("vai trò: officer (cán bộ tiếp nhận), supervisor (lãnh đạo bộ phận), admin"),
    )
    added.add_argument(
        "--name", metavar="FULL_NAME", required=True, help=N_("họ và tên đầy đủ, tên ký")
    )
    added.add_argument("--password-file", metavar="F", help=PASSWORD_FILE)
    off = add_command(
        sub, "deactivate", N_("vô hiệu hóa một tài khoản (quản trị viên)"), cmd_deactivate
    )
    off.add_argument("username", metavar="USER", help=USERNAME)
    password = add_command(
        sub, "set-password", N_("đặt mật khẩu mới cho tài khoản (quản trị viên)"), cmd_set_password
    )
    password.add_argument("username", metavar="USER", help=USERNAME)
    password.add_argument("--password-file", metavar="F", help=PASSWORD_FILE)
    unlock = add_command(
        sub,
        "unlock",
        N_("mở khóa tài khoản bị khóa vì nhập sai mật khẩu (lãnh đạo bộ phận)"),
        cmd_unlock,
    )
    unlock.add_argument("username", metavar="USER", help=USERNAME)
    listed = add_command(sub, "list", N_("liệt kê các tài khoản (quản trị viên)"), cmd_list)
    listed.add_argument("--json", action="store_true", help=JSON_HELP)
    set_name = add_command(
        sub,
        "set-name",
        N_("ghi họ và tên đầy đủ của một tài khoản, tên ký trên giấy tiếp nhận (quản trị viên)"),
        cmd_set_name,
    )
    set_name.add_argument("username", metavar="USER", help=USERNAME)
    set_name.add_argument("full_name", metavar="NAME", help=N_("họ và tên đầy đủ"))
    add_user(set_name)


def _new_password(args: argparse.Namespace, username: str) -> str:
    from desk_app.services.auth import check_password

    name = username.strip().lower()
    return read_password(
        args.password_file, PASSWORD_PROMPT, args.language, lambda p: check_password(p, name)
    )


def cmd_add(args: argparse.Namespace) -> int:
    from desk_app.services.users import add_officer

    with open_workspace(args) as opened:
        password = _new_password(args, args.username)
        account = add_officer(
            opened.workspace, opened.actor, args.username, Role(args.role), args.name, password
        )
    say(args, ADDED, username=account.username, role=account.role.value)
    return 0


def cmd_deactivate(args: argparse.Namespace) -> int:
    from desk_app.services.users import deactivate

    with open_workspace(args) as opened:
        deactivate(opened.workspace, opened.actor, args.username)
    say(args, DEACTIVATED, username=args.username.strip().lower())
    return 0


def cmd_set_password(args: argparse.Namespace) -> int:
    from desk_app.services.users import set_password

    with open_workspace(args) as opened:
        password = _new_password(args, args.username)
        set_password(opened.workspace, opened.actor, args.username, password)
    say(args, PASSWORD_SET, username=args.username.strip().lower())
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from desk_app.services.users import unlock

    with open_workspace(args) as opened:
        unlock(opened.workspace, opened.actor, args.username)
    say(args, UNLOCKED, username=args.username.strip().lower())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from desk_app.i18n import translate
    from desk_app.services.users import list_officers

    with open_workspace(args) as opened:
        accounts = list_officers(opened.workspace, opened.actor)
        now = opened.workspace.now()
    if args.json:
        print_json(
            [
                {
                    "username": a.username,
                    "full_name": a.full_name,
                    "role": a.role.value,
                    "active": a.active,
                    "locked_until": a.locked_until.isoformat() if a.locked_until else None,
                }
                for a in accounts
            ]
        )
        return 0
    for a in accounts:
        locked = a.locked_until is not None and a.locked_until > now
        state = LOCKED if locked else ACTIVE if a.active else INACTIVE
        print(f"{a.username}\t{a.role.value}\t{translate(state, args.language)}\t{a.full_name}")
    return 0


def cmd_set_name(args: argparse.Namespace) -> int:
    from desk_app.services.users import set_full_name

    with open_workspace(args) as opened:
        name = set_full_name(opened.workspace, opened.actor, args.username, args.full_name)
    say(args, NAME_SET, username=args.username.strip().lower(), name=name)
    return 0
