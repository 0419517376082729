"""``desk-app init``: set this workstation up, or a sample office to try the app.

Given as options, every answer is checked before anything is asked or written. At a terminal
the missing ones are asked in the order an officer knows them (the office, then this
workstation, then the administrator), each checked as it is typed and asked again after a bad
answer, with the domain's own message.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from desk_app.cli._common import Commands, add_command, ask_checked, read_password, say
from desk_app.core.codes import MAX_WORKSTATION, validate_agency_id, validate_workstation
from desk_app.core.errors import N_, ValidationError
from desk_app.core.office import OfficeIdentity, default_reception_unit
from desk_app.core.officers import check_full_name, check_username
from desk_app.core.rules import CountingMethod
from desk_app.i18n import translate

OFFICE_NAME = N_("tên cơ quan như in trên giấy tờ, VD: UBND phường Thanh Xuân")
PLACE = N_("địa danh ghi trước ngày tháng trên giấy tờ, VD: Hà Nội")
AGENCY_ID = N_("mã định danh của cơ quan, VD: 000.00.19.H26")
WORKSTATION = N_("số của máy trạm này, từ 1 đến 9 (mỗi máy trong cơ quan một số)")
ADMIN = N_("tên đăng nhập của quản trị viên đầu tiên, viết liền không dấu cách")
ADMIN_NAME = N_(
    "họ và tên đầy đủ của quản trị viên (khác tên đăng nhập); in ở chỗ ký của người tiếp "
    "nhận trên giấy tiếp nhận hồ sơ; bắt buộc"
)
COUNTING = N_(
    "cách tính thời hạn theo ngày làm việc: working_hours (mặc định) cộng giờ làm việc kể từ "
    "lúc nhận hồ sơ, mỗi ngày làm việc là 8 giờ làm việc; civil_code tính theo Bộ luật Dân sự "
    "(Điều 147-148): tính từ ngày hôm sau ngày nhận, hết hạn vào cuối ngày làm việc cuối cùng"
)
COUNTING_QUESTION = N_(
    "Cách tính thời hạn giải quyết:\n"
    "  1. working_hours: cộng giờ làm việc kể từ lúc nhận hồ sơ (mỗi ngày làm việc là 8 giờ "
    "làm việc)\n"
    "  2. civil_code: theo Bộ luật Dân sự (Điều 147-148), tính từ ngày hôm sau ngày nhận, hết "
    "hạn vào cuối ngày làm việc cuối cùng"
)
COUNTING_PROMPT = N_("Chọn 1 hoặc 2 (Enter: 1)")
UNIT_DERIVED = N_("Tên bộ phận tiếp nhận in trên giấy tờ: {unit}.")
RECOVERY_CODE = N_(
    "Mã khôi phục của quản trị viên: {code}\n"
    "Hãy chép mã này ra giấy và cất vào nơi có khóa; mã chỉ hiện một lần này. Khi quản trị "
    "viên duy nhất quên mật khẩu, mã này đặt được mật khẩu mới: desk-app user recover "
    "TÊN_ĐĂNG_NHẬP --code-file TỆP_MÃ --password-file TỆP_MẬT_KHẨU."
)

# Stand-ins for the identity's fields not asked yet, so each answer is checked by the
# identity's own rule as soon as it is typed (set-up checks the whole identity again).
_STAND_IN = OfficeIdentity(date.min, "000.00.00.H00", "UBND", "UBND", "UBND")


def register(commands: Commands) -> None:
    init = add_command(commands, "init", N_("thiết lập máy trạm lần đầu"), cmd_init)
    init.add_argument("--office-name", metavar="NAME", help=OFFICE_NAME)
    init.add_argument("--place", metavar="PLACE", help=PLACE)
    init.add_argument("--agency-id", metavar="ID", help=AGENCY_ID)
    init.add_argument(
        "--reception-unit",
        metavar="NAME",
        help=N_(
            "tên bộ phận tiếp nhận in trên giấy tờ; mặc định: “Trung tâm Phục vụ hành chính "
            "công” và tên phường, xã lấy từ tên cơ quan"
        ),
    )
    init.add_argument("--workstation", metavar="NUMBER", help=WORKSTATION)
    init.add_argument(
        "--counting-method",
        choices=[m.value for m in CountingMethod],
        metavar="|".join(CountingMethod),
        help=COUNTING,
    )
    init.add_argument("--admin", metavar="USER", help=ADMIN)
    init.add_argument("--admin-name", metavar="NAME", help=ADMIN_NAME)
    init.add_argument(
        "--password-file",
        metavar="FILE",
        help=N_(
            "tệp văn bản chỉ chứa mật khẩu của quản trị viên (ít nhất 10 ký tự); "
            "không có thì hỏi khi chạy tương tác"
        ),
    )
    init.add_argument(
        "--demo",
        action="store_true",
        help=N_("tạo văn phòng mẫu để dùng thử (bỏ qua các tùy chọn khác)"),
    )


def _identity_field(field: str) -> Callable[[str], str]:
    """A check of one field of the office's identity, by the identity's own rule."""

    def check(text: str) -> str:
        values: dict[str, Any] = {field: text}
        if field == "name":
            values["reception_unit"] = default_reception_unit(text)
        return str(getattr(replace(_STAND_IN, **values).validated(), field))

    return check


def _workstation(text: str) -> int:
    cleaned = text.strip()
    if not (cleaned.isascii() and cleaned.isdecimal()):
        raise ValidationError(
            N_("Số máy trạm phải là một số từ 1 đến {maximum}; đã nhận “{value}”."),
            field="workstation",
            maximum=MAX_WORKSTATION,
            value=cleaned,
        )
    return validate_workstation(int(cleaned))


def _counting_method(text: str) -> CountingMethod:
    """An answer to COUNTING_QUESTION: 1 or 2 (Enter: 1), or the method's name."""
    answer = text.strip().lower()
    chosen = {"": "working_hours", "1": "working_hours", "2": "civil_code"}.get(answer, answer)
    try:
        return CountingMethod(chosen)
    except ValueError:
        raise ValidationError(N_("Hãy chọn 1 hoặc 2."), field="counting_method") from None


def _password(password: str) -> None:
    from desk_app.services.auth import check_password

    check_password(password)  # refuses a short or common one, with the rule's own words


@dataclass(frozen=True)
class Question:
    """One answer set-up needs: its option (``dest`` on the parsed arguments), its question
    at the terminal and the check that turns the text into the value used."""

    dest: str
    option: str
    prompt: str
    check: Callable[[str], Any]


def _questions(answers: dict[str, Any]) -> list[Question]:
    """The questions in the order they are asked; the full name is checked against the login
    name answered before it."""
    return [
        Question(
            "office_name",
            "--office-name",
            N_("Tên cơ quan (VD: UBND phường Thanh Xuân)"),
            _identity_field("name"),
        ),
        Question("place", "--place", N_("Địa danh (VD: Hà Nội)"), _identity_field("place")),
        Question(
            "agency_id",
            "--agency-id",
            N_("Mã định danh cơ quan (VD: 000.00.19.H26)"),
            validate_agency_id,
        ),
        Question("workstation", "--workstation", N_("Số máy trạm (1-9)"), _workstation),
        Question("admin", "--admin", N_("Tên đăng nhập của quản trị viên"), check_username),
        Question(
            "admin_name",
            "--admin-name",
            N_("Họ và tên đầy đủ của quản trị viên (ký trên giấy tiếp nhận)"),
            lambda text: check_full_name(text, answers["admin"]),
        ),
    ]


PASSWORD_PROMPT = N_("Mật khẩu quản trị (ít nhất 10 ký tự)")


def _missing(args: argparse.Namespace) -> list[str]:
    questions = [(q.option, q.dest) for q in _questions({})]
    return [
        option
        for option, dest in [*questions, ("--password-file", "password_file")]
        if getattr(args, dest) is None
    ]


def _interactive(args: argparse.Namespace) -> bool:
    """Whether questions will be asked: at a terminal, with options missing. Without a
    terminal every missing option is named at once, before anything is checked."""
    missing = _missing(args)
    if missing and not sys.stdin.isatty():
        raise ValidationError(
            N_(
                "Thiếu tùy chọn bắt buộc: {options}. Khi không chạy tương tác, hãy ghi đủ "
                "(xem desk-app init --help)."
            ),
            options=", ".join(missing),
        )
    return bool(missing)


def _counting_method_of(args: argparse.Namespace, interactive: bool) -> CountingMethod:
    if args.counting_method is not None or not interactive:
        return CountingMethod(args.counting_method or CountingMethod.WORKING_HOURS)
    print(translate(COUNTING_QUESTION, args.language))
    return ask_checked(None, "--counting-method", COUNTING_PROMPT, _counting_method, args.language)


def _answers(args: argparse.Namespace) -> tuple[dict[str, Any], CountingMethod, str]:
    """Every answer, checked: the options given first (a bad one stops the command before
    any question), then the questions for the others, in order."""
    language = args.language
    interactive = _interactive(args)
    answers: dict[str, Any] = {}
    questions = _questions(answers)
    for question in questions:
        given = getattr(args, question.dest)
        if given is not None and (question.dest != "admin_name" or "admin" in answers):
            answers[question.dest] = question.check(given)
    password = None
    if args.password_file is not None:
        password = read_password(args.password_file, PASSWORD_PROMPT, language, _password)
    method = CountingMethod.WORKING_HOURS
    for question in questions:
        if question.dest == "admin":  # the office's rule, before its administrator
            method = _counting_method_of(args, interactive)
        if question.dest not in answers:
            answers[question.dest] = ask_checked(
                getattr(args, question.dest),
                question.option,
                question.prompt,
                question.check,
                language,
            )
    if password is None:
        password = read_password(None, PASSWORD_PROMPT, language, _password)
    return answers, method, password


def cmd_init(args: argparse.Namespace) -> int:
    from desk_app.config import data_home
    from desk_app.services.setup import OfficeSetup, initialise, initialise_demo

    home = data_home()
    if args.demo:
        demo = initialise_demo(home)
        _log_in(home, demo.admin_username, demo.admin_password)
        say(
            args,
            N_("Đã tạo văn phòng mẫu tại {home}. Đăng nhập: {username} / {password}"),
            home=home,
            username=demo.admin_username,
            password=demo.admin_password,
        )
        return 0
    answers, method, password = _answers(args)
    from desk_app.services.auth import check_password

    check_password(password, answers["admin"])  # not the login name (asked after the file)
    setup = OfficeSetup(
        office_name=answers["office_name"],
        agency_id=answers["agency_id"],
        place=answers["place"],
        workstation=answers["workstation"],
        admin_username=answers["admin"],
        admin_full_name=answers["admin_name"],
        admin_password=password,
        reception_unit=args.reception_unit or "",
        counting_method=method,
    )
    recovery_code = initialise(home, setup)
    _log_in(home, setup.admin_username, password)
    say(
        args,
        N_("Đã thiết lập máy trạm {number} tại {home}."),
        number=setup.workstation,
        home=home,
    )
    if not args.reception_unit:
        say(args, UNIT_DERIVED, unit=default_reception_unit(setup.office_name))
    say(args, RECOVERY_CODE, code=recovery_code)  # once: only its hash is kept
    return 0


def _log_in(home: Path, username: str, password: str) -> None:
    """Set-up logs its new administrator in, so the next commands need no login first."""
    from desk_app.services.auth import login
    from desk_app.services.session import open_session
    from desk_app.services.workstation import open_workstation

    workspace = open_workstation(home)
    try:
        open_session(workspace, login(workspace, username, password))
    finally:
        workspace.close()
