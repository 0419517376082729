"""What every command group shares: the translated parser, output, and opening the workspace.

Nothing here imports the services, the database or the printing layer at module level: the
parser is built on every start, so each handler imports what it uses when it runs. Even the
settings (pydantic) are read only when a help text or a usage error is actually shown.
"""

from __future__ import annotations

import argparse
import getpass
import json
import re
import signal
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TypeAlias, TypeVar

from desk_app.core.errors import N_, DeskError, Message, ValidationError
from desk_app.i18n import N_plural, Plural, message, translate, translate_plural

if TYPE_CHECKING:
    from desk_app.services.context import Actor, Workspace

Handler: TypeAlias = Callable[[argparse.Namespace], int]
Commands: TypeAlias = "argparse._SubParsersAction[DeskArgumentParser]"
T = TypeVar("T")

EXIT_ERROR = 1

# argparse's own words, said by us so that they follow the settings' language too.
USAGE = N_("cách dùng: ")
POSITIONALS = N_("tham số")
OPTIONS = N_("tùy chọn")
HELP = N_("hiện hướng dẫn này rồi thoát")
ERROR_LINE = N_("{prog}: lỗi: {message}")

# The sentences argparse itself says while parsing (Python 3.11's wording, its msgids), and ours
# for each: argparse passes them through the module's gettext, which `_argparse_speaks` points
# at the catalogue for the length of a parse. A wording argparse changes in a later Python is
# shown as argparse says it, never lost.
ARGPARSE_WORDS = {
    "usage: ": USAGE,
    "argument %(argument_name)s: %(message)s": N_("tham số %(argument_name)s: %(message)s"),
    "the following arguments are required: %s": N_("thiếu tham số bắt buộc: %s"),
    "one of the arguments %s is required": N_("cần một trong các tham số %s"),
    "unrecognized arguments: %s": N_("không hiểu các tham số: %s"),
    "invalid choice: %(value)r (choose from %(choices)s)": N_(
        "giá trị %(value)r không có trong danh sách (chọn một trong: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": N_("giá trị %(value)r không hợp lệ (cần kiểu %(type)s)"),
    "expected one argument": N_("cần một giá trị"),
    "expected at most one argument": N_("chỉ nhận nhiều nhất một giá trị"),
    "expected at least one argument": N_("cần ít nhất một giá trị"),
    "ambiguous option: %(option)s could match %(matches)s": N_(
        "tùy chọn %(option)s không rõ là tùy chọn nào: %(matches)s"
    ),
    "not allowed with argument %s": N_("không dùng chung được với tham số %s"),
    "ignored explicit argument %r": N_("tùy chọn này không nhận giá trị %r"),
    "unexpected option string: %s": N_("tùy chọn không đúng chỗ: %s"),
    "unknown parser %(parser_name)r (choices: %(choices)s)": N_(
        "không có lệnh %(parser_name)r (các lệnh: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": N_("không mở được '%(filename)s': %(error)s"),
}
ARGPARSE_COUNTED = {
    ("expected %s argument", "expected %s arguments"): N_plural("cần %s giá trị", "cần %s giá trị"),
}
NOT_A_NUMBER = N_("“{value}” không phải là một số đếm (chỉ gồm chữ số, ví dụ 3).")
NOT_AN_AMOUNT = N_("“{value}” không phải là một số tiền (đồng), ví dụ 50000 hoặc 50.000.")

# Options several groups offer, worded once.
JSON_HELP = N_("in kết quả thành một tài liệu JSON trên stdout")
USER_HELP = N_(
    "chỉ để đối chiếu: lệnh chỉ chạy khi USER đúng là cán bộ đang đăng nhập (desk-app login); "
    "không dùng để làm thay người khác"
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


class _ArgparseWords:
    """argparse's gettext functions answered from our catalogue, in the settings' language
    (read the first time argparse has something to say)."""

    def __init__(self) -> None:
        self._language: str | None = None

    @property
    def language(self) -> str:
        if self._language is None:
            self._language = help_language()
        return self._language

    def gettext(self, text: str) -> str:
        ours = ARGPARSE_WORDS.get(text)
        return text if ours is None else translate(ours, self.language)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        ours = ARGPARSE_COUNTED.get((singular, plural))
        if ours is None:
            return singular if count == 1 else plural
        return translate_plural(ours.singular, ours.plural, count, self.language)


@contextmanager
def _argparse_speaks() -> Iterator[None]:
    """argparse's own sentences from the catalogue while a parse runs.

    argparse looks its ``_`` and ``ngettext`` up as module globals each time it speaks, with
    no other way in; they are pointed at the catalogue for the parse and put back after, so
    nothing else in the process that uses argparse is touched.
    """
    words = _ArgparseWords()
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = words.gettext, words.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class DeskHelpFormatter(argparse.HelpFormatter):
    """argparse's help with every text passed through the catalogue.

    Help strings, descriptions and section titles are Vietnamese msgids; they are translated
    when the help is formatted, not when the parser is built, so building it reads no settings.
    A description or epilog keeps its line breaks (each line is wrapped on its own).
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

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        lines = []
        for line in text.splitlines():
            body = line.lstrip()
            lead = indent + line[: len(line) - len(body)]
            filled = textwrap.fill(
                re.sub(r"\s+", " ", body),
                width,
                initial_indent=lead,
                subsequent_indent=lead + "  ",
            )
            lines.append(filled if body else "")
        return "\n".join(lines)


class DeskArgumentParser(argparse.ArgumentParser):
    """A parser whose own words (usage, headings, -h, errors) are catalogue messages too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", DeskHelpFormatter)
        kwargs["add_help"] = False  # our own -h below, with a translatable help text
        super().__init__(*args, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONS
        self.add_argument("-h", "--help", action="help", help=HELP)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_speaks():
            return super().parse_known_args(args, namespace)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _argparse_speaks():  # "unrecognized arguments" is said here, after the parse
            return super().parse_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        """Usage and the problem on stderr, exit status 2; argparse's sentence (``message``)
        is already in the settings' language (`_argparse_speaks`)."""
        self.print_usage(sys.stderr)
        line = translate(ERROR_LINE, help_language()).format(prog=self.prog, message=message)
        self.exit(2, line + "\n")


def whole_number(text: str) -> int:
    """An argparse type: a count typed in digits ("5"); its range is the domain's to check."""
    cleaned = text.strip()
    if cleaned.isascii() and cleaned.isdecimal():
        return int(cleaned)
    raise argparse.ArgumentTypeError(translate(NOT_A_NUMBER, help_language()).format(value=text))


def amount_vnd(text: str) -> int:
    """An argparse type: an amount in đồng, as an officer writes it: 50000, 50.000, 50 000."""
    from desk_app.core.fees import parse_amount

    try:
        amount = parse_amount(text)
    except ValidationError:
        amount = None
    if amount is None:
        raise argparse.ArgumentTypeError(
            translate(NOT_AN_AMOUNT, help_language()).format(value=text)
        )
    return amount


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


def warn_message(args: argparse.Namespace, msgid: str, **params: object) -> None:
    """A catalogue message with its fields filled in, on stderr."""
    print(Message(msgid, params).render(lambda m: translate(m, args.language)), file=sys.stderr)


def read_password(
    path: str | None,
    prompt: str,
    language: str,
    check: Callable[[str], object] | None = None,
) -> str:
    """The password from ``path``, else typed twice at a terminal; never from a pipe.

    ``check`` raises ValidationError for a password that cannot be used: the file's is then
    an error, and a typed one is asked again (as is a pair that does not match).
    """
    if path:
        try:
            password = Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(
                N_("Không đọc được tệp mật khẩu {path}: {reason}"),
                path=path,
                reason=getattr(error, "strerror", None) or str(error),
            ) from error
        if check is not None:
            check(password)
        return password
    if not sys.stdin.isatty():
        raise ValidationError(N_("Hãy đưa mật khẩu bằng --password-file khi không chạy tương tác."))
    while True:
        try:
            first = getpass.getpass(translate(prompt, language) + ": ")
            if check is not None:
                check(first)
            if getpass.getpass(translate(N_("Nhập lại mật khẩu"), language) + ": ") != first:
                raise ValidationError(N_("Hai lần nhập mật khẩu không khớp."))
        except ValidationError as error:
            print(message(error, language), file=sys.stderr)
            continue
        except EOFError:
            print(file=sys.stderr)
            raise KeyboardInterrupt from None
        return first


def _answer(prompt: str) -> str:
    """One line typed at the terminal; Ctrl+D (end of input) cancels like Ctrl+C."""
    try:
        return input(prompt)
    except EOFError:
        print(file=sys.stderr)
        raise KeyboardInterrupt from None


def ask_checked(
    value: str | None,
    option: str,
    prompt: str,
    check: Callable[[str], T],
    language: str,
) -> T:
    """An answer that passed ``check``, which returns the value to use or raises
    ValidationError with the reason.

    ``value``, the option's (``option``) text when it was given, is checked at once, so a bad
    option stops the command before any question. Otherwise the question is asked at a
    terminal, and asked again after a bad answer with the reason shown; without a terminal the
    missing option is an error naming it.
    """
    if value is not None:
        return check(value)
    if not sys.stdin.isatty():
        raise ValidationError(
            N_(
                "Thiếu tùy chọn {option}: {what}. Hãy ghi đủ các tùy chọn khi không chạy tương tác."
            ),
            option=option,
            what=prompt,
        )
    while True:
        answer = _answer(f"{translate(prompt, language)}: ")
        try:
            return check(answer)
        except ValidationError as error:
            print(message(error, language), file=sys.stderr)


@dataclass
class HeldInterrupt:
    """Whether Ctrl+C was pressed while `interrupts_held` held it back."""

    pressed: bool = False


@contextmanager
def interrupts_held() -> Iterator[HeldInterrupt]:
    """Hold Ctrl+C back while a stored fact and what reports it must go together.

    A first Ctrl+C is only recorded (``pressed``): the block finishes, so a dossier committed
    has its code printed. A second one interrupts at once, for a block that hangs. Outside the
    main thread (no signals there) the block runs as it is.
    """
    held = HeldInterrupt()

    def hold(_signum: int, _frame: FrameType | None) -> None:
        if held.pressed:
            raise KeyboardInterrupt
        held.pressed = True

    try:
        previous = signal.signal(signal.SIGINT, hold) or signal.default_int_handler
    except ValueError:
        yield held
        return
    try:
        yield held
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass(frozen=True)
class Opened:
    """This workstation's workspace and who a command acts as there."""

    workspace: Workspace
    actor: Actor


class UserNotLoggedIn(DeskError):
    """``--user`` names someone other than the officer logged in: it proves nothing."""

    msgid = N_(
        "--user {username} không phải là cán bộ đang đăng nhập ({current}); muốn làm dưới tài "
        "khoản đó, hãy đăng nhập: desk-app login {username}"
    )


@contextmanager
def open_workspace(args: argparse.Namespace, *, as_officer: bool = True) -> Iterator[Opened]:
    """Open this workstation's workspace for one command and always close it.

    Every command needs a valid session (`desk-app login`, issue 8); the actor is the officer
    logged in. ``--user``, where a command offers it, only checks that officer: naming anyone
    else is refused. With ``as_officer=False`` (a check that changes nothing) the actor is the
    workstation itself. Notices left by opening (settings moved into the database) are shown
    once, on stderr.
    """
    from desk_app.services.context import Actor
    from desk_app.services.session import current_officer
    from desk_app.services.workstation import open_workstation, station_of

    workspace = open_workstation()
    try:
        for notice in workspace.notices:
            warn(args, notice)
        workspace.notices.clear()
        officer = current_officer(workspace)
        named = getattr(args, "user", None)
        if named is not None and named.strip().lower() != officer.username:
            raise UserNotLoggedIn(
                username=named.strip().lower(),
                current=officer.username,
            )
        acting = officer if as_officer else None
        yield Opened(workspace, Actor.at_station(station_of(workspace), acting))
    finally:
        workspace.close()
