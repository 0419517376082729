"""``desk-app backup FILE`` and ``desk-app restore FILE``: a verified copy, and its way back."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    open_workspace,
    print_json,
    say,
    warn_message,
)
from desk_app.core.errors import N_, DeskError
from desk_app.i18n import N_plural, translate_plural

log = logging.getLogger(__name__)

TAKEN = N_("Đã sao lưu vào {file}: {dossiers} hồ sơ, chuỗi nhật ký {entries} mục đã kiểm tra.")
RESTORED = N_(
    "Đã khôi phục từ {file}: {dossiers} hồ sơ. Tệp trước khi khôi phục được giữ trong "
    "thư mục backups."
)
# Counted: "1 problem" / "2 problems" in English.
FINDINGS = N_plural(
    "Cảnh báo: kiểm tra đối chiếu hồ sơ phát hiện {count} vấn đề trong bản sao lưu này. "
    "Hãy chạy desk-app audit verify để biết chi tiết.",
    "Cảnh báo: kiểm tra đối chiếu hồ sơ phát hiện {count} vấn đề trong bản sao lưu này. "
    "Hãy chạy desk-app audit verify để biết chi tiết.",
)
DAILY_TAKEN = N_("Đã sao lưu hằng ngày vào {file}.")
DAILY_FAILED = N_("Cảnh báo: chưa sao lưu hằng ngày được: {reason}")
DAILY_FAILED_UNEXPECTED = N_(
    "Cảnh báo: chưa sao lưu hằng ngày được; chi tiết đã được ghi vào nhật ký."
)


def register(commands: Commands) -> None:
    backup = add_command(
        commands, "backup", N_("sao lưu cơ sở dữ liệu vào một tệp, có kiểm tra"), cmd_backup
    )
    backup.add_argument("file", metavar="FILE", help=N_("tệp sao lưu sẽ ghi"))
    add_json(backup)
    restore = add_command(
        commands,
        "restore",
        N_("khôi phục cơ sở dữ liệu từ một bản sao lưu (quản trị viên)"),
        cmd_restore,
    )
    restore.add_argument("file", metavar="FILE", help=N_("tệp sao lưu cần khôi phục"))
    restore.add_argument(
        "--force",
        action="store_true",
        help=N_("khôi phục cả bản sao lưu của cơ quan hoặc máy trạm khác"),
    )
    add_json(restore)


def cmd_backup(args: argparse.Namespace) -> int:
    from desk_app.services.backup import take_backup

    with open_workspace(args) as opened:
        info = take_backup(opened.workspace, opened.actor, Path(args.file))
    if args.json:
        print_json(
            {
                "file": str(info.path),
                "dossiers": info.dossiers,
                "audit_entries": info.audit_entries,
                "findings": info.findings,
            }
        )
    else:
        say(args, TAKEN, file=info.path, dossiers=info.dossiers, entries=info.audit_entries)
    _warn_findings(args, info.findings)
    return 0


def _warn_findings(args: argparse.Namespace, count: int) -> None:
    """On stderr, so a --json document stays whole; the backup itself is kept."""
    if count:
        template = translate_plural(FINDINGS.singular, FINDINGS.plural, count, args.language)
        print(template.format(count=count), file=sys.stderr)


def cmd_restore(args: argparse.Namespace) -> int:
    from desk_app.services.backup import restore_backup

    with open_workspace(args) as opened:
        info = restore_backup(opened.workspace, opened.actor, Path(args.file), force=args.force)
    if args.json:
        print_json({"file": str(info.path), "dossiers": info.dossiers, "findings": info.findings})
    else:
        say(args, RESTORED, file=info.path, dossiers=info.dossiers)
    _warn_findings(args, info.findings)
    return 0


def daily_backup_at_login(args: argparse.Namespace) -> None:
    """After `desk-app login`: the office day's first login takes the daily backup.

    A backup that cannot be made (the USB drive not plugged in) is a warning, never a failed
    login: the officer is logged in and the data is safe on this PC.
    """
    from desk_app.services.backup import daily_backup
    from desk_app.services.workstation import open_workstation

    try:
        workspace = open_workstation()
        try:
            taken = daily_backup(workspace)
        finally:
            workspace.close()
    except DeskError as error:
        warn_message(args, DAILY_FAILED, reason=error.message)
        return
    except Exception:  # the login stands; the log keeps what went wrong
        log.exception("daily backup at login failed")
        warn_message(args, DAILY_FAILED_UNEXPECTED)
        return
    if taken is not None:
        say(args, DAILY_TAKEN, file=taken)
