"""``desk-app audit verify|head``: is this workstation's record intact, and where does it end?"""

from __future__ import annotations

import argparse
import sys

from desk_app.cli._common import (
    EXIT_ERROR,
    Commands,
    add_command,
    add_json,
    add_subcommands,
    open_workspace,
    print_json,
    say_count,
)
from desk_app.core.errors import N_
from desk_app.i18n import N_plural, translate

INTACT = N_plural(
    "Chuỗi nhật ký toàn vẹn: {count} mục đã kiểm tra.",
    "Chuỗi nhật ký toàn vẹn: {count} mục đã kiểm tra.",
)
BROKEN = N_("Chuỗi nhật ký bị hỏng tại mục số {seq}: {reason}")
NOT_INTACT = N_("Nhật ký hoặc dữ liệu đã bị sửa ngoài phần mềm: hãy báo quản trị viên.")
EMPTY = N_("Nhật ký của máy này chưa có mục nào.")


def register(commands: Commands) -> None:
    group = add_command(commands, "audit", N_("kiểm tra nhật ký"))
    sub = add_subcommands(group, "audit_command")
    verify = add_command(
        sub, "verify", N_("kiểm tra chuỗi nhật ký của máy này còn nguyên vẹn"), cmd_verify
    )
    verify.add_argument(
        "--head",
        metavar="SEQ:HASH",
        help=N_("mốc đã ghi trước đây (từ lệnh audit head): kiểm tra các mục cuối không bị xoá"),
    )
    head = add_command(
        sub, "head", N_("in mốc cuối của nhật ký (số thứ tự:mã băm) để lưu ở nơi khác"), cmd_head
    )
    add_json(head)


def cmd_head(args: argparse.Namespace) -> int:
    from desk_app.services.audit import audit_head

    with open_workspace(args, as_officer=False) as opened:
        head = audit_head(opened.workspace)
    if head is None:
        print(translate(EMPTY, args.language), file=sys.stderr)
        return EXIT_ERROR
    if args.json:
        print_json({"seq": head.seq, "hash": head.hash, "head": str(head)})
    else:
        print(head)
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from desk_app.services.audit import Head, verify_audit

    given = Head.parse(args.head) if args.head else None
    with open_workspace(args, as_officer=False) as opened:
        report = verify_audit(opened.workspace, given)
    if report.ok:
        say_count(args, INTACT, report.checked)
        return 0
    chain = report.chain
    if not chain.ok:
        reason = translate(chain.reason, args.language).format(seq=chain.missing_seq)
        broken = translate(BROKEN, args.language)
        print(broken.format(seq=chain.first_broken_seq, reason=reason), file=sys.stderr)
    for finding in report.findings:
        print(translate(finding.msgid, args.language).format(**finding.values), file=sys.stderr)
    print(translate(NOT_INTACT, args.language), file=sys.stderr)
    return EXIT_ERROR
