"""``desk-app security-check``: file modes, audit triggers, the chain, the last backup."""

from __future__ import annotations

import argparse

from desk_app.cli._common import (
    EXIT_ERROR,
    Commands,
    add_command,
    add_json,
    open_workspace,
    print_json,
)
from desk_app.core.errors import N_
from desk_app.i18n import translate

LINE = "{mark} {what}: {state}"  # a layout, not words: the same in every language
OK_MARK = N_("[đạt]")
BAD_MARK = N_("[LỖI]")


def register(commands: Commands) -> None:
    check = add_command(
        commands,
        "security-check",
        N_("kiểm tra an toàn dữ liệu: quyền tệp, trigger, chuỗi nhật ký, sao lưu (quản trị viên)"),
        cmd_security_check,
    )
    add_json(check)


def cmd_security_check(args: argparse.Namespace) -> int:
    from desk_app.services.security import security_check

    with open_workspace(args) as opened:
        findings = security_check(opened.workspace, opened.actor)
    ok = all(f.ok for f in findings)
    if args.json:
        print_json(
            {
                "ok": ok,
                "findings": [
                    {
                        "check": f.check,
                        "what": f.what,
                        "ok": f.ok,
                        "value": f.value,
                        "text": translate(f.msgid, args.language).format(value=f.value),
                    }
                    for f in findings
                ],
            }
        )
    else:
        for f in findings:
            mark = translate(OK_MARK if f.ok else BAD_MARK, args.language)
            state = translate(f.msgid, args.language).format(value=f.value)
            print(LINE.format(mark=mark, what=f.what, state=state))
    return 0 if ok else EXIT_ERROR
