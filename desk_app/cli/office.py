"""``desk-app office``: the office's identity over time (``show``) and a rename (``rename``)."""

from __future__ import annotations

import argparse
from datetime import date

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

RENAMED = N_("Từ ngày {day}, cơ quan mang tên: {name} ({unit}), mã định danh {agency_id}.")
IDENTITY_LINE = N_("Từ {day}: {name} | {unit} | {place} | {agency_id}")


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


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(
            N_("Ngày {value} không đúng dạng YYYY-MM-DD."), field="valid_from", value=text
        ) from None
