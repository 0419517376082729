"""``desk-app catalogue list|import|export``: the procedures this office takes in."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    add_subcommands,
    add_user,
    open_workspace,
    print_json,
    say,
    say_count,
)
from desk_app.core.errors import N_
from desk_app.i18n import N_plural

EXPORTED = N_plural("Đã xuất {count} thủ tục ra {path}.", "Đã xuất {count} thủ tục ra {path}.")
FILE_HELP = N_("tệp danh mục, .json hoặc .xlsx")


def register(commands: Commands) -> None:
    group = add_command(commands, "catalogue", N_("danh mục thủ tục hành chính"))
    sub = add_subcommands(group, "catalogue_command")

    listing = add_command(sub, "list", N_("liệt kê các thủ tục: mã, thời hạn, tên"), cmd_list)
    add_json(listing)

    imported = add_command(
        sub,
        "import",
        N_("nhập danh mục từ tệp: thêm thủ tục mới, cập nhật thủ tục đã có"),
        cmd_import,
    )
    imported.add_argument("file", metavar="FILE", help=FILE_HELP)
    add_user(imported)

    exported = add_command(sub, "export", N_("xuất toàn bộ danh mục ra tệp"), cmd_export)
    exported.add_argument("file", metavar="FILE", help=FILE_HELP)


def cmd_list(args: argparse.Namespace) -> int:
    from desk_app.services.catalogue import list_procedures

    with open_workspace(args, as_officer=False) as opened:
        procedures = list_procedures(opened.workspace)
    if args.json:
        print_json(
            [
                {
                    "code": p.code,
                    "name": p.name,
                    "field": p.field,
                    "duration": {"value": p.duration.value, "unit": p.duration.unit.value},
                    "duration_text": p.duration_text,
                    "fee_vnd": p.fee_vnd,
                    "fee_text": p.fee_text,
                    "components": [asdict(c) for c in p.components],
                }
                for p in procedures
            ]
        )
    else:
        for p in procedures:
            print(f"{p.code}\t{p.duration_text}\t{p.name}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from desk_app.services.catalogue import import_catalogue

    with open_workspace(args) as opened:
        result = import_catalogue(opened.workspace, opened.actor, Path(args.file))
    say(
        args,
        N_("Đã nhập danh mục: {added} thủ tục mới, {updated} thủ tục cập nhật."),
        added=result.added,
        updated=result.updated,
    )
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from desk_app.services.catalogue import export_catalogue

    path = Path(args.file)
    with open_workspace(args, as_officer=False) as opened:
        count = export_catalogue(opened.workspace, path)
    say_count(args, EXPORTED, count, path=path)
    return 0
