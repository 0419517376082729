"""``desk-app enroll URL CODE`` and ``desk-app sync``: this workstation and the district server.

``sync`` without ``--once`` goes on until Ctrl+C, waiting between rounds as
`desk_app.services.sync.next_wait` says (capped exponential backoff with jitter after a
failure, so many workstations coming back online at once do not knock together). A revoked
or unknown device stops the loop: waiting longer cannot mend it.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.cli._common import (
    Commands,
    add_command,
    add_json,
    open_workspace,
    print_json,
    say,
    warn_message,
)
from desk_app.core.errors import N_

if TYPE_CHECKING:
    from desk_app.services.sync import SyncReport, SyncStatus

ENROLLED = N_("Đã đăng ký máy trạm với máy chủ quận {url} ({office}); mã thiết bị {device}.")
SYNCED = N_(
    "Đã đồng bộ: gửi {sent} sự kiện ({acknowledged} được nhận, {quarantined} bị giữ lại), "
    "áp dụng {applied} thay đổi từ máy chủ; còn {waiting} chờ gửi."
)
SERVER_RESTORED = N_(
    "Máy chủ quận đã được khôi phục từ bản sao lưu: gửi lại {events} sự kiện đã gửi trước đó "
    "(máy chủ chỉ giữ những gì còn thiếu) và tải lại các thay đổi từ đầu."
)
STATUS_NOT_ENROLLED = N_("Chưa đăng ký với máy chủ quận (desk-app enroll ĐỊA-CHỈ MÃ).")
STATUS_ENROLLED = N_("Máy chủ quận: {url} (thiết bị {device}).")
STATUS_TIMES = N_("Lần đồng bộ thành công cuối: {success}; lần thử cuối: {attempt}.")
STATUS_WAITING = N_("Chờ gửi: {waiting} sự kiện; cũ nhất từ {oldest}.")
STATUS_NOTHING_WAITING = N_("Không có sự kiện nào chờ gửi.")
STATUS_LAST_ERROR = N_("Lỗi lần thử cuối: {error}.")
STATUS_QUARANTINED = N_("Bị máy chủ giữ lại: {kind} lúc {at}, lý do: {reason}.")
STATUS_SKEW = N_(
    "Cảnh báo: đồng hồ máy này lệch {seconds} giây so với máy chủ quận; hãy chỉnh lại giờ."
)
UPLOADED = N_(
    "Tệp quét: đã gửi xong {uploaded} tệp ({megabytes} MB); còn {waiting} tệp chờ gửi, {problems} "
    "tệp bị giữ lại."
)
STATUS_ATTACHMENTS = N_("Tệp quét chờ gửi: {waiting} tệp; bị giữ lại: {problems} tệp.")
STATUS_ATTACHMENT_PROBLEM = N_("Tệp quét bị giữ lại từ {since}: {reason}")
NEVER = N_("chưa có")
EXPORTED = N_("Đã xuất {count} sự kiện chờ gửi vào {file}; hộp chờ gửi vẫn giữ nguyên.")
RETRY_IN = N_("Sẽ thử lại sau {seconds} giây: {reason}")
STOPPED = N_("Đã dừng đồng bộ.")


def register(commands: Commands) -> None:
    enroll = add_command(
        commands,
        "enroll",
        N_("đăng ký máy trạm này với máy chủ quận bằng mã một lần (quản trị viên)"),
        cmd_enroll,
    )
    enroll.add_argument("url", metavar="URL", help=N_("địa chỉ máy chủ quận, https://..."))
    enroll.add_argument("code", metavar="CODE", help=N_("mã đăng ký một lần quận đã cấp"))
    enroll.add_argument(
        "--allow-http-lan",
        action="store_true",
        help=N_("cho phép http không mã hóa tới máy chủ trong mạng nội bộ khép kín"),
    )
    add_json(enroll)
    sync = add_command(
        commands,
        "sync",
        N_("gửi các sự kiện chờ gửi lên máy chủ quận và nhận thay đổi về"),
        cmd_sync,
    )
    sync.add_argument(
        "--once", action="store_true", help=N_("đồng bộ một lần rồi thoát (mặc định: lặp lại)")
    )
    sync.add_argument(
        "--status", action="store_true", help=N_("chỉ hiện tình trạng đồng bộ, không gửi gì")
    )
    sync.add_argument(
        "--export",
        metavar="FILE",
        help=N_("ghi các sự kiện chờ gửi vào FILE (JSON lines), không gửi và không xóa gì"),
    )
    add_json(sync)


def cmd_enroll(args: argparse.Namespace) -> int:
    from desk_app.services.sync import enroll

    with open_workspace(args) as opened:
        enrollment = enroll(
            opened.workspace,
            opened.actor,
            args.url,
            args.code,
            allow_http_lan=args.allow_http_lan,
        )
    if args.json:
        print_json(
            {
                "url": enrollment.url,
                "device_id": str(enrollment.device_id),
                "agency_id": enrollment.agency_id,
                "office_name": enrollment.office_name,
            }
        )
    else:
        say(
            args,
            ENROLLED,
            url=enrollment.url,
            office=enrollment.office_name,
            device=enrollment.device_id,
        )
    return 0


def cmd_sync(args: argparse.Namespace) -> int:
    from desk_app.services.sync import export_waiting, sync_once, sync_status

    with open_workspace(args, as_officer=False) as opened:
        workspace = opened.workspace
        if args.export:
            count = export_waiting(workspace, Path(args.export))
            if args.json:
                print_json({"file": args.export, "exported": count})
            else:
                say(args, EXPORTED, count=count, file=args.export)
            return 0
        if args.status:
            _show_status(args, sync_status(workspace))
            return 0
        if args.once:
            _show_report(args, sync_once(workspace))
            return 0
        return _loop(args, workspace)


def _loop(args: argparse.Namespace, workspace: Any) -> int:
    from desk_app.services.sync import next_wait, sync_once
    from desk_app.sync.client import DeviceRevoked, DeviceUnknown, SyncClientError

    failures = 0
    try:
        while True:
            try:
                _show_report(args, sync_once(workspace))
                failures = 0
            except (DeviceRevoked, DeviceUnknown):
                raise
            except SyncClientError as error:
                if not error.retry:
                    raise
                failures += 1
                wait = next_wait(failures)
                warn_message(args, RETRY_IN, seconds=round(wait), reason=error.message)
                time.sleep(wait)
                continue
            time.sleep(next_wait(0))
    except KeyboardInterrupt:
        warn_message(args, STOPPED)
        return 0


def _show_report(args: argparse.Namespace, report: SyncReport) -> None:
    if args.json:
        print_json(
            {
                "sent": report.sent,
                "acknowledged": report.acknowledged,
                "quarantined": report.quarantined,
                "applied": report.applied,
                "skipped": report.skipped,
                "waiting": report.waiting,
                "clock_skew_s": report.clock_skew_s,
                "uploaded": report.uploaded,
                "uploaded_bytes": report.uploaded_bytes,
                "attachments_waiting": report.attachments_waiting,
                "attachment_problems": report.attachment_problems,
                "resent_after_restore": report.resent_after_restore,
            }
        )
    else:
        if report.resent_after_restore:
            say(args, SERVER_RESTORED, events=report.resent_after_restore)
        say(
            args,
            SYNCED,
            sent=report.sent,
            acknowledged=report.acknowledged,
            quarantined=report.quarantined,
            applied=report.applied,
            waiting=report.waiting,
        )
        if report.uploaded or report.attachments_waiting or report.attachment_problems:
            say(
                args,
                UPLOADED,
                uploaded=report.uploaded,
                megabytes=f"{report.uploaded_bytes / 1_000_000:.1f}",
                waiting=report.attachments_waiting,
                problems=report.attachment_problems,
            )
    sys.stdout.flush()


def _when(moment: Any) -> str:
    if moment is None:
        return NEVER
    from desk_app.core.calendar import OFFICE_TZ

    return str(moment.astimezone(OFFICE_TZ).strftime("%Y-%m-%d %H:%M"))


def _show_status(args: argparse.Namespace, status: SyncStatus) -> None:
    from desk_app.i18n import translate
    from desk_app.services.sync import last_error_text

    enrollment = status.enrollment
    if args.json:
        print_json(
            {
                "enrolled": enrollment is not None,
                "url": enrollment.url if enrollment else None,
                "device_id": str(enrollment.device_id) if enrollment else None,
                "last_success_at": status.last_success_at,
                "last_attempt_at": status.last_attempt_at,
                "last_error": status.last_error,
                "waiting": status.waiting,
                "oldest_waiting_at": status.oldest_waiting_at,
                "quarantined": [
                    {"kind": q.kind, "created_at": q.created_at, "reason": q.reason}
                    for q in status.quarantined
                ],
                "clock_skew_s": status.clock_skew_s,
                "clock_skew_warning": status.clock_skew_warning,
                "attachments_waiting": status.attachments_waiting,
                "attachment_problems": [
                    {
                        "code": a.code,
                        "sha256": a.sha256,
                        "file_name": a.file_name,
                        "reason": a.reason,
                        "message": a.message.render(lambda m: translate(m, args.language)),
                        "since": a.since,
                    }
                    for a in status.attachment_problems
                ],
            }
        )
        return
    if enrollment is None:
        say(args, STATUS_NOT_ENROLLED)
    else:
        say(args, STATUS_ENROLLED, url=enrollment.url, device=enrollment.device_id)
    say(
        args,
        STATUS_TIMES,
        success=_when(status.last_success_at),
        attempt=_when(status.last_attempt_at),
    )
    if status.waiting:
        say(args, STATUS_WAITING, waiting=status.waiting, oldest=_when(status.oldest_waiting_at))
    else:
        say(args, STATUS_NOTHING_WAITING)
    if status.last_error:
        say(args, STATUS_LAST_ERROR, error=last_error_text(status.last_error))
    for item in status.quarantined:
        say(args, STATUS_QUARANTINED, kind=item.kind, at=_when(item.created_at), reason=item.reason)
    if status.attachments_waiting or status.attachment_problems:
        say(
            args,
            STATUS_ATTACHMENTS,
            waiting=status.attachments_waiting,
            problems=len(status.attachment_problems),
        )
    for problem in status.attachment_problems:
        say(args, STATUS_ATTACHMENT_PROBLEM, since=_when(problem.since), reason=problem.message)
    if status.clock_skew_warning:
        warn_message(args, STATUS_SKEW, seconds=status.clock_skew_s)
