"""``desk-app login USER [--password-file F]`` and ``desk-app logout``: who the commands act as.

The password is read from the file or typed at a terminal without echo; the session it opens
lives in the data folder (`services.session`) until the end of the working day or logout.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from desk_app.cli._common import Commands, add_command, say
from desk_app.core.errors import N_, ValidationError
from desk_app.i18n import translate

LOGGED_IN = N_("Đã đăng nhập: {username} ({name}), đến {until}.")
LOGGED_OUT = N_("Đã đăng xuất.")
NO_SESSION = N_("Không có phiên đăng nhập nào để đăng xuất.")
PASSWORD_FILE = N_("đọc mật khẩu từ tệp này thay vì gõ vào")


def register(commands: Commands) -> None:
    login = add_command(
        commands,
        "login",
        N_("đăng nhập: các lệnh khác làm dưới tài khoản này đến hết ngày làm việc"),
        cmd_login,
    )
    login.add_argument("username", metavar="USER", help=N_("tên đăng nhập"))
    login.add_argument("--password-file", metavar="F", help=PASSWORD_FILE)
    add_command(commands, "logout", N_("đăng xuất khỏi máy trạm này"), cmd_logout)


def read_login_password(path: str | None, language: str) -> str:
    """The password in ``path`` (as `read_password` reads it), else typed once without echo."""
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(
                N_("Không đọc được tệp mật khẩu {path}: {reason}"),
                path=path,
                reason=getattr(error, "strerror", None) or str(error),
            ) from error
    if not sys.stdin.isatty():
        raise ValidationError(N_("Hãy đưa mật khẩu bằng --password-file khi không chạy tương tác."))
    try:
        return getpass.getpass(translate(N_("Mật khẩu"), language) + ": ")
    except EOFError:
        print(file=sys.stderr)
        raise KeyboardInterrupt from None


def cmd_login(args: argparse.Namespace) -> int:
    from desk_app.core.calendar import OFFICE_TZ
    from desk_app.services.auth import login
    from desk_app.services.session import open_session
    from desk_app.services.workstation import open_workstation

    password = read_login_password(args.password_file, args.language)
    workspace = open_workstation()
    try:
        officer = login(workspace, args.username, password)
        session = open_session(workspace, officer)
    finally:
        workspace.close()
    until = session.expires_at.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y")
    say(args, LOGGED_IN, username=officer.username, name=officer.full_name, until=until)
    from desk_app.cli.backup import daily_backup_at_login

    daily_backup_at_login(args)  # the office day's first login backs up (warns, never fails)
    return 0


def cmd_logout(args: argparse.Namespace) -> int:
    from desk_app.services.session import close_session
    from desk_app.services.workstation import open_workstation

    workspace = open_workstation()
    try:
        closed = close_session(workspace)
    finally:
        workspace.close()
    say(args, LOGGED_OUT if closed else NO_SESSION)
    return 0
