"""``desk-app audit verify``: is this workstation's audit chain intact?"""

from __future__ import annotations

import argparse
import sys

from desk_app.cli._common import (
    EXIT_ERROR,
    Commands,
    add_command,
    add_subcommands,
    open_workspace,
    say_count,
)
from desk_app.core.errors import N_
from desk_app.i18n import N_plural, translate

INTACT = N_plural(
    "Chuỗi nhật ký toàn vẹn: {count} mục đã kiểm tra.",
    "Chuỗi nhật ký toàn vẹn: {count} mục đã kiểm tra.",
)
BROKEN = N_("Chuỗi nhật ký bị hỏng tại mục số {seq}: {reason}")


def register(commands: Commands) -> None:
    group = add_command(commands, "audit", N_("kiểm tra nhật ký"))
    sub = add_subcommands(group, "audit_command")
    add_command(sub, "verify", N_("kiểm tra chuỗi nhật ký của máy này còn nguyên vẹn"), cmd_verify)


def cmd_verify(args: argparse.Namespace) -> int:
    from desk_app.services.audit import verify_audit

    with open_workspace(args, as_officer=False) as opened:
        report = verify_audit(opened.workspace)
    if report.ok:
        say_count(args, INTACT, report.checked)
        return 0
    reason = translate(report.reason, args.language).format(seq=report.missing_seq)
    broken = translate(BROKEN, args.language)
    print(broken.format(seq=report.first_broken_seq, reason=reason), file=sys.stderr)
    return EXIT_ERROR
