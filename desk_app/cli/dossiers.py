"""``desk-app dossier show|search|today|due``: reading dossiers back."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    add_subcommands,
    add_user,
    open_workspace,
    print_json,
)
from desk_app.cli.dossier_views import add_search_options, cmd_due, cmd_search, cmd_show
from desk_app.cli.lifecycle import register_acts
from desk_app.core.errors import N_
from desk_app.i18n import translate

if TYPE_CHECKING:
    from desk_app.services.dossiers import DossierRecord


def register(commands: Commands) -> None:
    group = add_command(commands, "dossier", N_("xem, tìm hồ sơ"))
    sub = add_subcommands(group, "dossier_command")

    show = add_command(sub, "show", N_("xem một hồ sơ theo mã"), cmd_show)
    show.add_argument("code", metavar="CODE", help=N_("mã hồ sơ"))

    search = add_command(
        sub,
        "search",
        N_("tìm hồ sơ theo mã, số định danh hoặc họ tên (gõ có dấu hay không dấu đều được)"),
        cmd_search,
    )
    add_search_options(search)  # text and filters: cli/dossier_views.py

    today = add_command(sub, "today", N_("hồ sơ nhận hôm nay tại máy này"), cmd_today)
    due = add_command(
        sub,
        "due",
        N_(
            "danh sách việc: hồ sơ quá hạn, đến hạn hôm nay, sắp đến hạn, chờ bổ sung, chờ trả "
            "kết quả"
        ),
        cmd_due,
    )
    for leaf in (show, search, today, due):
        add_user(leaf)
        add_json(leaf)
    register_acts(sub)  # transfer, supplement, ... (issue 10): cli/lifecycle.py


def _print_table(args: argparse.Namespace, records: Sequence[DossierRecord]) -> None:
    from desk_app.core.calendar import office_time_text

    for r in records:
        due = " ".join(office_time_text(r.due_at))
        state = translate(r.state_label, args.language)
        print(f"{r.code}\t{state}\t{due}\t{r.applicant.name}\t{r.procedure_name}")


def _print_list(args: argparse.Namespace, records: Sequence[DossierRecord]) -> int:
    if args.json:
        print_json([r.to_json() for r in records])
    else:
        _print_table(args, records)
    return 0


def cmd_today(args: argparse.Namespace) -> int:
    from desk_app.services.dossiers import list_today

    with open_workspace(args) as opened:
        records = list_today(opened.workspace, opened.actor)
    return _print_list(args, records)
