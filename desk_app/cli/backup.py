"""``desk-app backup FILE`` and ``desk-app restore FILE``: a verified copy, and its way back."""

from __future__ import annotations

import argparse
from pathlib import Path

from desk_app.cli._common import Commands, add_command, add_json, open_workspace, print_json, say
from desk_app.core.errors import N_

TAKEN = N_("Đã sao lưu vào {file}: {dossiers} hồ sơ, chuỗi nhật ký {entries} mục đã kiểm tra.")
RESTORED = N_(
    "Đã khôi phục từ {file}: {dossiers} hồ sơ. Tệp trước khi khôi phục được giữ trong "
    "thư mục backups."
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
            {"file": str(info.path), "dossiers": info.dossiers, "audit_entries": info.audit_entries}
        )
    else:
        say(args, TAKEN, file=info.path, dossiers=info.dossiers, entries=info.audit_entries)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from desk_app.services.backup import restore_backup

    with open_workspace(args) as opened:
        info = restore_backup(opened.workspace, opened.actor, Path(args.file), force=args.force)
    if args.json:
        print_json({"file": str(info.path), "dossiers": info.dossiers})
    else:
        say(args, RESTORED, file=info.path, dossiers=info.dossiers)
    return 0
