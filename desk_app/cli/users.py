"""``desk-app user``: officer accounts. add, deactivate, set-password, set-name, list and
new-recovery-code are the administrator's; unlock is a supervisor's too (the services check
the role, issue 8). recover needs no login: with the recovery code it is the way back in."""

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
    warn,
)
from desk_app.core.errors import N_, ValidationError
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
RECOVERED = N_(
    "Đã đặt mật khẩu mới và mở khóa tài khoản {username}; hãy đăng nhập: desk-app login {username}"
)
NEW_CODE = N_(
    "Mã khôi phục mới: {code}\n"
    "Hãy chép mã này ra giấy và cất vào nơi có khóa; mã chỉ hiện một lần này, mã cũ không "
    "dùng được nữa."
)
CODE_PROMPT = N_("Mã khôi phục")


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
    recover = add_command(
        sub,
        "recover",
        N_(
            "đặt mật khẩu mới cho quản trị viên bằng mã khôi phục, không cần đăng nhập (khi "
            "quản trị viên duy nhất quên mật khẩu); mã đã dùng được thay bằng mã mới"
        ),
        cmd_recover,
    )
    recover.add_argument("username", metavar="USER", help=USERNAME)
    recover.add_argument(
        "--code-file",
        metavar="F",
        help=N_("tệp văn bản chỉ chứa mã khôi phục; không có thì hỏi khi chạy tương tác"),
    )
    recover.add_argument("--password-file", metavar="F", help=PASSWORD_FILE)
    add_command(
        sub,
        "new-recovery-code",
        N_("tạo mã khôi phục mới thay mã cũ và in ra một lần (quản trị viên)"),
        cmd_new_recovery_code,
    )


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


def _recovery_code(args: argparse.Namespace) -> str:
    """The code from ``--code-file``, else typed once without echo at a terminal."""
    import getpass
    import sys
    from pathlib import Path

    from desk_app.i18n import translate

    if args.code_file:
        try:
            return Path(args.code_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(
                N_("Không đọc được tệp mã khôi phục {path}: {reason}"),
                path=args.code_file,
                reason=getattr(error, "strerror", None) or str(error),
            ) from error
    if not sys.stdin.isatty():
        raise ValidationError(N_("Hãy đưa mã khôi phục bằng --code-file khi không chạy tương tác."))
    try:
        return getpass.getpass(translate(CODE_PROMPT, args.language) + ": ")
    except EOFError:
        print(file=sys.stderr)
        raise KeyboardInterrupt from None


def cmd_recover(args: argparse.Namespace) -> int:
    """No session is asked for (open_workspace would): the code is the proof."""
    from desk_app.services.recovery import recover_admin
    from desk_app.services.workstation import open_workstation

    code = _recovery_code(args)
    password = _new_password(args, args.username)
    workspace = open_workstation()
    try:
        for notice in workspace.notices:
            warn(args, notice)
        new_code = recover_admin(workspace, args.username, code, password)
    finally:
        workspace.close()
    say(args, RECOVERED, username=args.username.strip().lower())
    say(args, NEW_CODE, code=new_code)
    return 0


def cmd_new_recovery_code(args: argparse.Namespace) -> int:
    from desk_app.services.recovery import new_recovery_code

    with open_workspace(args) as opened:
        code = new_recovery_code(opened.workspace, opened.actor)
    say(args, NEW_CODE, code=code)
    return 0
