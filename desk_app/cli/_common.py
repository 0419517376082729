"""What every command group shares: the translated parser, output, and opening the workspace.

Nothing here imports the services, the database or the printing layer at module level: the
parser is built on every start, so each handler imports what it uses when it runs. Even the
settings (pydantic) are read only when a help text or a usage error is actually shown.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias

from desk_app.core.errors import N_, Message, ValidationError
from desk_app.i18n import Plural, translate, translate_plural

if TYPE_CHECKING:
    from desk_app.services.context import Actor, Workspace

Handler: TypeAlias = Callable[[argparse.Namespace], int]
Commands: TypeAlias = "argparse._SubParsersAction[DeskArgumentParser]"

EXIT_ERROR = 1

# argparse's own words, said by us so that they follow the settings' language too.
USAGE = N_("cách dùng: ")
POSITIONALS = N_("tham số")
OPTIONS = N_("tùy chọn")
HELP = N_("hiện hướng dẫn này rồi thoát")
ERROR_LINE = N_("{prog}: lỗi: {message}")

# Options several groups offer, worded once.
JSON_HELP = N_("in kết quả thành một tài liệu JSON trên stdout")
USER_HELP = N_(
    "tên đăng nhập của cán bộ thực hiện lệnh; mặc định: tài khoản quản trị đầu tiên còn hoạt động"
)


def help_language() -> str:
    """The settings' language for help and usage texts.

    A broken settings file falls back to Vietnamese here: help must still answer, and the
    command itself reports the file (main reads the settings again before running it).
    """
    from desk_app.config import SettingsError, load_settings

    try:
        return load_settings().language
    except SettingsError:
        return "vi"


class DeskHelpFormatter(argparse.HelpFormatter):
    """argparse's help with every text passed through the catalogue.

    Help strings, descriptions and section titles are Vietnamese msgids; they are translated
    when the help is formatted, not when the parser is built, so building it reads no settings.
    """

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 30,
        width: int | None = None,
    ) -> None:
        super().__init__(prog, indent_increment, max_help_position, width)
        self._language: str | None = None

    def _translated(self, text: str) -> str:
        if text == argparse.SUPPRESS:
            return text
        if self._language is None:
            self._language = help_language()
        return translate(text, self._language)

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(
            usage, actions, groups, self._translated(USAGE) if prefix is None else prefix
        )

    def start_section(self, heading: str | None) -> None:
        super().start_section(self._translated(heading) if heading else heading)

    def add_text(self, text: str | None) -> None:
        super().add_text(self._translated(text) if text else text)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._translated(action.help) if action.help else action.help


class DeskArgumentParser(argparse.ArgumentParser):
    """A parser whose own words (usage, headings, -h, errors) are catalogue messages too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DeskHelpFormatter)
        kwargs["add_help"] = False  # our own -h below, with a translatable help text
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        self.add_argument("-h", "--help", action="help", help=HELP)

    def error(self, message: str) -> NoReturn:
        """Usage and the problem on stderr, exit status 2 (argparse's own wording of the
        problem stays English: argparse offers no way to translate it)."""
        self.print_usage(sys.stderr)
        line = translate(ERROR_LINE, help_language()).format(prog=self.prog, message=message)
        self.exit(2, line + "\n")


def add_command(
    commands: Commands, name: str, summary: str, handler: Handler | None = None
) -> DeskArgumentParser:
    """A subcommand whose one-line ``summary`` (a msgid) is both its listing and its help's lead.

    A leaf gets its ``handler``; a group gets none and adds its own subcommands.
    """
    parser = commands.add_parser(name, help=summary, description=summary)
    if handler is not None:
        parser.set_defaults(handler=handler)
    return parser


def add_subcommands(parser: DeskArgumentParser, dest: str) -> Commands:
    return parser.add_subparsers(dest=dest, required=True, title=N_("lệnh"), metavar="COMMAND")


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=JSON_HELP)


def add_user(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="USER", help=USER_HELP)


def print_json(value: object) -> None:
    """One JSON document on stdout, Vietnamese letters as they are."""
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def say(args: argparse.Namespace, msgid: str, **params: object) -> None:
    """Print a catalogue message on stdout in the workstation's language."""
    print(Message(msgid, params).render(lambda m: translate(m, args.language)))


def say_count(args: argparse.Namespace, message: Plural, count: int, **params: object) -> None:
    """Print a counted message in the form ``count`` takes ("1 procedure", "2 procedures")."""
    template = translate_plural(message.singular, message.plural, count, args.language)
    print(template.format(count=count, **params))


def warn(args: argparse.Namespace, msgid: str) -> None:
    """A catalogue message on stderr, where it cannot spoil a --json document."""
    print(translate(msgid, args.language), file=sys.stderr)


def read_password(path: str | None, prompt: str, language: str) -> str:
    """The password from ``path``, else typed twice at a terminal; never from a pipe."""
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
    first = getpass.getpass(translate(prompt, language) + ": ")
    if getpass.getpass(translate(N_("Nhập lại mật khẩu"), language) + ": ") != first:
        raise ValidationError(N_("Hai lần nhập mật khẩu không khớp."))
    return first


def ask(value: str | None, prompt: str, language: str) -> str:
    """``value`` when the option was given, else asked at a terminal (never from a pipe)."""
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(N_("Thiếu thông tin bắt buộc: {what}."), what=prompt)
    return input(f"{translate(prompt, language)}: ")


@dataclass(frozen=True)
class Opened:
    """This workstation's workspace and who a command acts as there."""

    workspace: Workspace
    actor: Actor


@contextmanager
def open_workspace(args: argparse.Namespace, *, as_officer: bool = True) -> Iterator[Opened]:
    """Open this workstation's workspace for one command and always close it.

    The actor is the officer named by ``--user``, else the first active administrator; with
    ``as_officer=False`` (a check that changes nothing) it is the workstation itself. Notices
    left by opening (settings moved into the database) are shown once, on stderr.
    """
    from desk_app.services.context import Actor
    from desk_app.services.workstation import open_workstation, station_of

    workspace = open_workstation()
    try:
        for notice in workspace.notices:
            warn(args, notice)
        workspace.notices.clear()
        officer = None
        if as_officer:
            from desk_app.services.users import acting_officer

            officer = acting_officer(workspace, getattr(args, "user", None))
        yield Opened(workspace, Actor.at_station(station_of(workspace), officer))
    finally:
        workspace.close()
