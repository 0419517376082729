"""``desk-app office``: the office's identity over time (``show``), a rename (``rename``) and
the office's shared rules (``rules show``, ``rules set``: hours, cut-off, forms, lookup page)."""

from __future__ import annotations

import argparse
import re
from datetime import date, time
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    add_subcommands,
    add_user,
    open_workspace,
    print_json,
    say,
)
from desk_app.core.errors import N_, ValidationError
from desk_app.core.rules import CountingMethod

if TYPE_CHECKING:
    from desk_app.core.rules import OfficeRules

RENAMED = N_("Từ ngày {day}, cơ quan mang tên: {name} ({unit}), mã định danh {agency_id}.")
IDENTITY_LINE = N_("Từ {day}: {name} | {unit} | {place} | {agency_id}")
RULES_LINES = (
    ("morning", N_("Buổi sáng: {value}")),
    ("afternoon", N_("Buổi chiều: {value}")),
    ("same_day_cutoff", N_("Giờ chốt nhận hồ sơ trả trong ngày: {value}")),
    ("forms_2025_from", N_("Dùng mẫu giấy tờ năm 2025 từ ngày: {value}")),
    ("system_name", N_("Tên hệ thống in trong mã QR: {value}")),
    ("lookup_url", N_("Trang tra cứu in trên giấy tiếp nhận: {value}")),
    ("counting_method", N_("Cách tính thời hạn: {value}")),
)
NO_LOOKUP_URL = N_("(chưa đặt)")
RULES_SAVED = N_("Đã lưu quy định chung của cơ quan:")
RULES_UNCHANGED = N_("Quy định chung của cơ quan không thay đổi.")
NOTHING_TO_SET = N_(
    "Hãy ghi ít nhất một quy định cần đổi, VD: --afternoon 13:00-17:30 "
    "(xem desk-app office rules set --help)."
)
BAD_PERIOD = N_("{option} cần dạng GIỜ:PHÚT-GIỜ:PHÚT, VD: 13:00-17:00; đã nhận “{value}”.")
BAD_CLOCK = N_("{option} cần dạng GIỜ:PHÚT, VD: 15:00; đã nhận “{value}”.")
BAD_DAY = N_("Ngày {value} không đúng dạng YYYY-MM-DD.")
EMPTY_SYSTEM_NAME = N_("Tên hệ thống không được để trống.")
BAD_LOOKUP_URL = N_(
    "Trang tra cứu phải là một địa chỉ bắt đầu bằng https:// hoặc http://, VD: "
    "https://quan.example.gov.vn/tra-cuu/{{code}}; để trống để không in."
)
_CLOCK = r"(\d{1,2}):(\d{2})"


def register(commands: Commands) -> None:
    group = add_command(commands, "office", N_("tên và mã định danh của cơ quan qua các thời kỳ"))
    sub = add_subcommands(group, "office_command")
    show = add_command(
        sub, "show", N_("in các tên của cơ quan, mỗi tên với ngày bắt đầu áp dụng"), cmd_show
    )
    add_json(show)
    rename = add_command(
        sub,
        "rename",
        N_(
            "đổi tên, đơn vị tiếp nhận, địa danh hoặc mã định danh từ một ngày "
            "(quản trị viên; hồ sơ đã nhận giữ tên của ngày nhận)"
        ),
        cmd_rename,
    )
    rename.add_argument(
        "--from",
        dest="valid_from",
        required=True,
        metavar="YYYY-MM-DD",
        help=N_("ngày bắt đầu áp dụng; hồ sơ đã nhận giữ tên của ngày nhận"),
    )
    rename.add_argument("--name", metavar="NAME", help=N_("tên cơ quan mới; mặc định: giữ nguyên"))
    rename.add_argument(
        "--reception-unit",
        metavar="NAME",
        help=N_("tên bộ phận tiếp nhận mới; mặc định: giữ nguyên"),
    )
    rename.add_argument("--place", metavar="PLACE", help=N_("địa danh mới; mặc định: giữ nguyên"))
    rename.add_argument(
        "--agency-id", metavar="ID", help=N_("mã định danh mới; mặc định: giữ nguyên")
    )
    add_user(rename)
    add_json(rename)
    rules = add_command(
        sub,
        "rules",
        N_(
            "quy định chung của cơ quan: giờ làm việc, giờ chốt nhận hồ sơ, mẫu giấy tờ, "
            "trang tra cứu, cách tính thời hạn"
        ),
    )
    rules_sub = add_subcommands(rules, "office_rules_command")
    shown = add_command(
        rules_sub,
        "show",
        N_("in quy định chung của cơ quan mà mọi máy trạm cùng áp dụng"),
        cmd_rules_show,
    )
    add_json(shown)
    changed = add_command(
        rules_sub,
        "set",
        N_(
            "đổi quy định chung của cơ quan (quản trị viên); quy định nào không ghi thì giữ "
            "nguyên, mọi máy trạm áp dụng từ hồ sơ tiếp theo"
        ),
        cmd_rules_set,
    )
    changed.add_argument(
        "--morning", metavar="START-END", help=N_("giờ làm việc buổi sáng, VD: 07:30-11:30")
    )
    changed.add_argument(
        "--afternoon", metavar="START-END", help=N_("giờ làm việc buổi chiều, VD: 13:00-17:00")
    )
    changed.add_argument(
        "--same-day-cutoff",
        metavar="HH:MM",
        help=N_(
            "giờ chốt nhận hồ sơ trả trong ngày; nhận sau giờ này thì trả vào ngày làm việc "
            "tiếp theo, VD: 15:00"
        ),
    )
    changed.add_argument(
        "--forms-2025-from",
        metavar="YYYY-MM-DD",
        help=N_("ngày bắt đầu dùng mẫu giấy tờ năm 2025 (Thông tư 03/2025/TT-VPCP)"),
    )
    changed.add_argument(
        "--system-name", metavar="TEXT", help=N_("tên hệ thống in trong mã QR của giấy tờ")
    )
    changed.add_argument(
        "--lookup-url",
        metavar="URL",
        help=N_(
            "trang tra cứu in trên giấy tiếp nhận; {code} được thay bằng mã hồ sơ; "
            "chuỗi rỗng để không in"
        ),
    )
    changed.add_argument(
        "--counting-method",
        choices=[m.value for m in CountingMethod],
        metavar="|".join(CountingMethod),
        help=N_(
            "cách tính thời hạn theo ngày làm việc: working_hours cộng giờ làm việc kể từ lúc "
            "nhận hồ sơ; civil_code theo Bộ luật Dân sự (Điều 147-148)"
        ),
    )
    add_user(changed)
    add_json(changed)
    due_soon = add_command(
        sub,
        "set-due-soon",
        N_(
            "đặt số ngày làm việc báo trước hạn trong danh sách việc (quản trị viên); "
            "0 là chỉ báo hồ sơ đến hạn hôm nay"
        ),
        cmd_set_due_soon,
    )
    due_soon.add_argument("days", metavar="N", type=int, help=N_("số ngày làm việc, từ 0 đến 20"))
    add_user(due_soon)
    add_json(due_soon)


def cmd_show(args: argparse.Namespace) -> int:
    from desk_app.services.office import office_identities

    with open_workspace(args) as opened:
        office = office_identities(opened.workspace, opened.actor)
    if args.json:
        print_json(
            {
                "office_id": str(office.id),
                "identities": [
                    {
                        "valid_from": i.valid_from.isoformat(),
                        "agency_id": i.agency_id,
                        "name": i.name,
                        "reception_unit": i.reception_unit,
                        "place": i.place,
                    }
                    for i in office.identities
                ],
            }
        )
        return 0
    for identity in office.identities:
        say(
            args,
            IDENTITY_LINE,
            day=identity.valid_from.strftime("%d/%m/%Y"),
            name=identity.name,
            unit=identity.reception_unit,
            place=identity.place,
            agency_id=identity.agency_id,
        )
    return 0


def cmd_rename(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from desk_app.services.office import rename_office

    valid_from = _day(args.valid_from)
    with open_workspace(args) as opened:
        before = opened.actor.office.identity_on(valid_from)
        changes = {
            key: value
            for key, value in (
                ("name", args.name),
                ("reception_unit", args.reception_unit),
                ("place", args.place),
                ("agency_id", args.agency_id),
            )
            if value is not None
        }
        identity = replace(before, valid_from=valid_from, **changes)
        office = rename_office(opened.workspace, opened.actor, identity)
    added = office.identity_on(valid_from)
    if args.json:
        print_json({"valid_from": valid_from.isoformat(), "name": added.name})
        return 0
    say(
        args,
        RENAMED,
        day=valid_from.strftime("%d/%m/%Y"),
        name=added.name,
        unit=added.reception_unit,
        agency_id=added.agency_id,
    )
    return 0


def _day(text: str, field: str = "valid_from") -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(BAD_DAY, field=field, value=text) from None


def _clock(text: str, option: str) -> time:
    """``HH:MM`` as a time of day, or the option's refusal in plain words."""
    found = re.fullmatch(_CLOCK, text.strip())
    try:
        if found is None:
            raise ValueError(text)
        return time(int(found[1]), int(found[2]))
    except ValueError:
        raise ValidationError(BAD_CLOCK, field=option, option=option, value=text) from None


def _period(text: str, option: str) -> tuple[time, time]:
    """``START-END`` (``13:00-17:00``) as two times of day."""
    found = re.fullmatch(rf"\s*{_CLOCK}\s*-\s*{_CLOCK}\s*", text)
    try:
        if found is None:
            raise ValueError(text)
        return time(int(found[1]), int(found[2])), time(int(found[3]), int(found[4]))
    except ValueError:
        raise ValidationError(BAD_PERIOD, field=option, option=option, value=text) from None


def _hhmm(moment: time) -> str:
    return moment.strftime("%H:%M")


def _rules_fields(rules: OfficeRules) -> dict[str, str]:
    """The rules as the options write them: what ``show`` prints and ``--json`` gives."""
    hours = rules.hours
    return {
        "morning": f"{_hhmm(hours.morning_start)}-{_hhmm(hours.morning_end)}",
        "afternoon": f"{_hhmm(hours.afternoon_start)}-{_hhmm(hours.afternoon_end)}",
        "same_day_cutoff": _hhmm(hours.same_day_cutoff),
        "forms_2025_from": rules.forms_2025_from.isoformat(),
        "system_name": rules.system_name,
        "lookup_url": rules.lookup_url,
        "counting_method": rules.counting_method.value,
    }


def _print_rules(args: argparse.Namespace, rules: OfficeRules) -> None:
    from desk_app.i18n import translate

    fields = _rules_fields(rules)
    fields["forms_2025_from"] = rules.forms_2025_from.strftime("%d/%m/%Y")
    fields["lookup_url"] = rules.lookup_url or translate(NO_LOOKUP_URL, args.language)
    for key, line in RULES_LINES:
        say(args, line, value=fields[key])


def cmd_rules_show(args: argparse.Namespace) -> int:
    with open_workspace(args) as opened:
        rules = opened.workspace.rules(opened.actor.office.id)
    if args.json:
        print_json(_rules_fields(rules))
        return 0
    _print_rules(args, rules)
    return 0


def _changed_rules(args: argparse.Namespace, current: OfficeRules) -> OfficeRules:
    """``current`` with what the options give; the rules' own checks refuse a bad whole
    (an afternoon ending before it starts, a cut-off outside the hours)."""
    from desk_app.core.calendar import OfficeHours
    from desk_app.core.rules import OfficeRules

    hours = current.hours
    morning = (hours.morning_start, hours.morning_end)
    afternoon = (hours.afternoon_start, hours.afternoon_end)
    if args.morning is not None:
        morning = _period(args.morning, "--morning")
    if args.afternoon is not None:
        afternoon = _period(args.afternoon, "--afternoon")
    cutoff = hours.same_day_cutoff
    if args.same_day_cutoff is not None:
        cutoff = _clock(args.same_day_cutoff, "--same-day-cutoff")
    forms_from = current.forms_2025_from
    if args.forms_2025_from is not None:
        forms_from = _day(args.forms_2025_from, "forms_2025_from")
    system_name = current.system_name
    if args.system_name is not None:
        system_name = args.system_name.strip()
        if not system_name:
            raise ValidationError(EMPTY_SYSTEM_NAME, field="system_name")
    lookup_url = current.lookup_url
    if args.lookup_url is not None:
        lookup_url = args.lookup_url.strip()
        if lookup_url and not lookup_url.lower().startswith(("https://", "http://")):
            raise ValidationError(BAD_LOOKUP_URL, field="lookup_url")
    method = current.counting_method
    if args.counting_method is not None:
        method = CountingMethod(args.counting_method)
    return OfficeRules(
        OfficeHours(*morning, *afternoon, cutoff), forms_from, system_name, lookup_url, method
    )


def cmd_rules_set(args: argparse.Namespace) -> int:
    from desk_app.core.roles import Act
    from desk_app.services.office_rules import set_office_rules
    from desk_app.services.permissions import require

    options = (
        "morning",
        "afternoon",
        "same_day_cutoff",
        "forms_2025_from",
        "system_name",
        "lookup_url",
        "counting_method",
    )
    if all(getattr(args, name) is None for name in options):
        raise ValidationError(NOTHING_TO_SET)
    with open_workspace(args) as opened:
        workspace, actor = opened.workspace, opened.actor
        current = workspace.rules(actor.office.id)
        rules = _changed_rules(args, current)  # checked whole before anything is written
        if rules == current:
            require(workspace, actor, Act.OFFICE_RULES)  # an officer is told so, even here
        else:
            set_office_rules(workspace, actor, rules)  # checks the role; audited and sent
    if args.json:
        print_json(_rules_fields(rules))
        return 0
    if rules == current:
        say(args, RULES_UNCHANGED)
        return 0
    say(args, RULES_SAVED)
    _print_rules(args, rules)
    return 0


DUE_SOON_SET = N_("Danh sách việc báo trước hạn {days} ngày làm việc.")


def cmd_set_due_soon(args: argparse.Namespace) -> int:
    """The work list's horizon: an office rule of its own (`services.work_list`)."""
    from desk_app.services.work_list import set_due_soon_days

    with open_workspace(args) as opened:
        days = set_due_soon_days(opened.workspace, opened.actor, args.days)
    if args.json:
        print_json({"due_soon_days": days})
    else:
        say(args, DUE_SOON_SET, days=days)
    return 0
