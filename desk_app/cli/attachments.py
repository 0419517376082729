"""``desk-app dossier attach|files|file-check|detach|scan-folder`` and ``desk-app handover``.

Scans of a dossier's papers and the log of its paper folder passing between people (issue 10,
items 5 and 6). The ``dossier`` group is `desk_app.cli.dossiers`'; its scan commands are added
to it here, so each module keeps its own commands (this group registers after that one).
"""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    EXIT_ERROR,
    Commands,
    add_command,
    add_json,
    add_user,
    open_workspace,
    print_json,
    say,
    warn_message,
    whole_number,
)
from desk_app.core.errors import N_, Message
from desk_app.i18n import translate

if TYPE_CHECKING:
    from desk_app.services.attachments import (
        AttachmentRecord,
        DossierFiles,
        FolderFile,
        FolderIntake,
    )
    from desk_app.services.context import Actor, Workspace
    from desk_app.services.handover import HandoverBatch

CODE_HELP = N_("mã hồ sơ")
COMPONENT_HELP = N_("số thứ tự của thành phần hồ sơ (như trên giấy tiếp nhận)")
RESULT_HELP = N_("tệp là bản quét của kết quả giải quyết")

ATTACHED = N_("Đã đính kèm {file} vào hồ sơ {code} ({target}); mã tệp {sha}.")
DETACHED = N_("Đã gỡ tệp {file} khỏi hồ sơ {code} ({target}).")
DIGITISED = N_("Hồ sơ {code} đã số hóa đủ thành phần và kết quả.")
NOT_DIGITISED = N_("Hồ sơ {code} chưa số hóa đủ: {missing}.")
MISSING_COMPONENTS = N_("thiếu bản quét của thành phần số {positions}")
MISSING_RESULT = N_("thiếu bản quét của kết quả")
NO_FILES = N_("Hồ sơ {code} chưa có tệp đính kèm.")
ALL_INTACT = N_("Các tệp đính kèm của hồ sơ {code} còn nguyên vẹn ({count} tệp).")
SOME_DAMAGED = N_("Hồ sơ {code}: {bad} trên {count} tệp đính kèm bị mất hoặc bị thay đổi.")
FOLDER_NOTHING = N_("Không có tệp mới trong thư mục.")
FOLDER_ATTACHED = N_("Đã đính kèm: {file}")
FOLDER_DUPLICATE = N_("Đã có từ trước, chuyển vào done: {file}")
FOLDER_REFUSED = N_("Không nhận {file}: {reason}")
HANDED_OVER = N_("Đã ghi bàn giao số {label}: {count} hồ sơ từ {giver} sang {receiver}.")
LIST_WRITTEN = N_("Đã lưu danh sách bàn giao vào {path}.")
LIST_NOT_WRITTEN = N_(
    "Việc bàn giao đã được ghi, nhưng chưa lưu được danh sách vào {path}: {reason}. In lại bằng "
    "lệnh: desk-app handover-list {batch} --out TỆP.pdf"
)
PAGES_UNKNOWN = N_("chưa đếm")


def register(commands: Commands) -> None:
    sub = _dossier_commands(commands)

    attach = add_command(
        sub, "attach", N_("đính kèm bản quét (PDF, JPEG, PNG, TIFF) vào hồ sơ"), cmd_attach
    )
    attach.add_argument("code", metavar="CODE", help=CODE_HELP)
    attach.add_argument("file", metavar="FILE", help=N_("tệp bản quét"))
    _add_target(attach)

    files = add_command(
        sub, "files", N_("các tệp đính kèm của hồ sơ và tình trạng số hóa"), cmd_files
    )
    files.add_argument("code", metavar="CODE", help=CODE_HELP)

    check = add_command(
        sub,
        "file-check",
        N_("kiểm tra các tệp đính kèm của hồ sơ còn nguyên vẹn (tính lại mã băm)"),
        cmd_file_check,
    )
    check.add_argument("code", metavar="CODE", help=CODE_HELP)

    detach = add_command(sub, "detach", N_("gỡ một tệp đính kèm khỏi hồ sơ"), cmd_detach)
    detach.add_argument("code", metavar="CODE", help=CODE_HELP)
    detach.add_argument(
        "ref", metavar="SHA256", help=N_("mã tệp (SHA-256) hoặc vài ký tự đầu của nó")
    )

    folder = add_command(
        sub,
        "scan-folder",
        N_("đính kèm các tệp mới trong thư mục của máy quét (tệp đã nhận chuyển vào done/)"),
        cmd_scan_folder,
    )
    folder.add_argument("code", metavar="CODE", help=CODE_HELP)
    folder.add_argument("folder", metavar="FOLDER", help=N_("thư mục máy quét lưu tệp vào"))
    _add_target(folder)

    handover = add_command(
        commands,
        "handover",
        N_("ghi việc bàn giao hồ sơ giấy (quét mã trên giấy tiếp nhận) và in danh sách bàn giao"),
        cmd_handover,
    )
    handover.add_argument(
        "codes",
        metavar="CODE",
        nargs="+",
        help=N_("mã hồ sơ, mỗi hồ sơ một mã; - : đọc các dòng máy quét từ stdin"),
    )
    handover.add_argument(
        "--to", dest="to_name", metavar="NAME", required=True, help=N_("người nhận")
    )
    handover.add_argument(
        "--from",
        dest="from_name",
        metavar="NAME",
        help=N_("người giao (mặc định: cán bộ đang đăng nhập)"),
    )
    handover.add_argument(
        "--pages",
        type=whole_number,
        metavar="N",
        help=N_("số trang của mỗi hồ sơ (mặc định: như lần bàn giao trước)"),
    )
    handover.add_argument("--note", default="", metavar="TEXT", help=N_("ghi chú"))
    handover.add_argument(
        "--out", metavar="LIST.pdf", help=N_("lưu danh sách bàn giao để in vào tệp PDF này")
    )
    reprint = add_command(
        commands,
        "handover-list",
        N_("lưu lại danh sách bàn giao của một lần bàn giao"),
        cmd_handover_list,
    )
    reprint.add_argument("batch", metavar="BATCH", help=N_("mã lần bàn giao (batch_id)"))
    reprint.add_argument(
        "--out", metavar="LIST.pdf", required=True, help=N_("tệp PDF để lưu danh sách")
    )
    for leaf in (attach, files, check, detach, folder, handover, reprint):
        add_user(leaf)
        add_json(leaf)


def _dossier_commands(commands: Commands) -> Commands:
    """The subcommands of ``desk-app dossier`` (made by `desk_app.cli.dossiers`)."""
    group = commands.choices["dossier"]
    return next(a for a in group._actions if isinstance(a, argparse._SubParsersAction))


def _add_target(parser: argparse.ArgumentParser) -> None:
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--component", type=whole_number, metavar="N", help=COMPONENT_HELP)
    target.add_argument("--result", action="store_true", help=RESULT_HELP)


def _component(args: argparse.Namespace) -> int | None:
    return None if args.result else int(args.component)


def _render(args: argparse.Namespace, message: Message) -> str:
    return message.render(lambda m: translate(m, args.language))


def cmd_attach(args: argparse.Namespace) -> int:
    from desk_app.services.attachments import attach_file

    with open_workspace(args) as opened:
        record = attach_file(
            opened.workspace,
            opened.actor,
            args.code,
            Path(args.file),
            component=_component(args),
        )
    if args.json:
        print_json(record.to_json())
    else:
        _say_attached(args, ATTACHED, record)
    return 0


def _say_attached(args: argparse.Namespace, msgid: str, record: AttachmentRecord) -> None:
    say(
        args,
        msgid,
        file=record.file_name,
        code=record.code,
        target=record.target,
        sha=record.sha256[:12],
    )


def cmd_files(args: argparse.Namespace) -> int:
    from desk_app.services.attachments import list_files

    with open_workspace(args) as opened:
        files = list_files(opened.workspace, opened.actor, args.code)
    if args.json:
        print_json(files.to_json())
        return 0
    _print_files(args, files)
    return 0


def _print_files(args: argparse.Namespace, files: DossierFiles) -> None:
    from desk_app.core.calendar import office_time_text

    if not files.attachments:
        say(args, NO_FILES, code=files.code)
    for a in files.attachments:
        pages = str(a.pages) if a.pages is not None else "-"
        when = " ".join(office_time_text(a.added_at))
        target = _render(args, a.target)
        print(f"{a.sha256[:12]}\t{target}\t{a.file_name}\t{a.media_type}\t{pages}\t{when}")
    status = files.status
    if status.digitised:
        say(args, DIGITISED, code=files.code)
        return
    missing: list[Message] = []
    if status.missing:
        positions = ", ".join(str(p) for p in status.missing)
        missing.append(Message(MISSING_COMPONENTS, {"positions": positions}))
    if status.result_needed and not status.result_scans:
        missing.append(Message(MISSING_RESULT))
    say(args, NOT_DIGITISED, code=files.code, missing=missing)


def cmd_file_check(args: argparse.Namespace) -> int:
    """Exit status 1 when a file is missing or altered, so a script can act on it."""
    from desk_app.services.attachments import check_files

    with open_workspace(args) as opened:
        report = check_files(opened.workspace, opened.actor, args.code)
    if args.json:
        print_json(
            {
                "code": report.code,
                "checked": report.checked,
                "intact": report.intact,
                "problems": [
                    {
                        "sha256": p.attachment.sha256,
                        "file_name": p.attachment.file_name,
                        "problem": p.problem,
                        "message": _render(args, p.message),
                    }
                    for p in report.problems
                ],
            }
        )
    elif report.intact:
        say(args, ALL_INTACT, code=report.code, count=report.checked)
    else:
        for problem in report.problems:
            print(_render(args, problem.message), file=sys.stderr)
        warn_message(
            args, SOME_DAMAGED, code=report.code, bad=len(report.problems), count=report.checked
        )
    return 0 if report.intact else EXIT_ERROR


def cmd_detach(args: argparse.Namespace) -> int:
    from desk_app.services.attachments import detach_file

    with open_workspace(args) as opened:
        record = detach_file(opened.workspace, opened.actor, args.code, args.ref)
    if args.json:
        print_json(record.to_json())
    else:
        _say_attached(args, DETACHED, record)
    return 0


def cmd_scan_folder(args: argparse.Namespace) -> int:
    """Exit status 1 when a file was refused (it is then in refused/)."""
    from desk_app.services.attachments import take_from_folder

    with open_workspace(args) as opened:
        intake = take_from_folder(
            opened.workspace,
            opened.actor,
            args.code,
            Path(args.folder),
            component=_component(args),
        )
    if args.json:
        print_json(_intake_json(args, intake))
    else:
        if intake.empty:
            say(args, FOLDER_NOTHING)
        for f in intake.attached:
            say(args, FOLDER_ATTACHED, file=f.name)
        for f in intake.already_attached:
            say(args, FOLDER_DUPLICATE, file=f.name)
        for f in intake.refused:
            warn_message(args, FOLDER_REFUSED, file=f.name, reason=f.refusal or "")
    return EXIT_ERROR if intake.refused else 0


def _intake_json(args: argparse.Namespace, intake: FolderIntake) -> dict[str, object]:
    def one(f: FolderFile) -> dict[str, object]:
        return {
            "name": f.name,
            "moved_to": str(f.moved_to) if f.moved_to else None,
            "attachment": f.attachment.to_json() if f.attachment else None,
            "reason": _render(args, f.refusal) if f.refusal else None,
        }

    return {
        "attached": [one(f) for f in intake.attached],
        "already_attached": [one(f) for f in intake.already_attached],
        "refused": [one(f) for f in intake.refused],
    }


def cmd_handover(args: argparse.Namespace) -> int:
    from desk_app.services.handover import HandoverItem, record_handover

    lines: list[str] = []
    for code in args.codes:
        if code == "-":
            lines += [line for line in sys.stdin.read().splitlines() if line.strip()]
        else:
            lines.append(code)
    items = [HandoverItem(line, args.pages) for line in lines]
    with open_workspace(args) as opened:
        batch = record_handover(
            opened.workspace,
            opened.actor,
            items,
            to_name=args.to_name,
            from_name=args.from_name,
            note=args.note,
        )
        written = _write_list(args, opened.workspace, opened.actor, batch.batch_id)
    if args.json:
        print_json(batch.to_json())
    else:
        _print_batch(args, batch)
        if written:
            say(args, LIST_WRITTEN, path=args.out)
    return 0 if written is not False else EXIT_ERROR


def _write_list(
    args: argparse.Namespace, workspace: Workspace, actor: Actor, batch_id: uuid.UUID
) -> bool | None:
    """The list written to ``--out`` (None: not asked for). The batch is already committed,
    so a list that cannot be written is said plainly with the command that prints it again."""
    from desk_app.services.handover import save_handover_list

    if not args.out:
        return None
    try:
        save_handover_list(workspace, actor, batch_id, Path(args.out))
    except OSError as error:
        warn_message(
            args,
            LIST_NOT_WRITTEN,
            path=args.out,
            reason=error.strerror or type(error).__name__,
            batch=str(batch_id),
        )
        return False
    return True


def cmd_handover_list(args: argparse.Namespace) -> int:
    from desk_app.services.handover import get_batch

    with open_workspace(args) as opened:
        batch = get_batch(opened.workspace, opened.actor, args.batch)
        written = _write_list(args, opened.workspace, opened.actor, batch.batch_id)
    if args.json:
        print_json(batch.to_json())
    elif written:
        say(args, LIST_WRITTEN, path=args.out)
    return 0 if written else EXIT_ERROR


def _print_batch(args: argparse.Namespace, batch: HandoverBatch) -> None:
    say(
        args,
        HANDED_OVER,
        label=batch.label,
        count=len(batch.entries),
        giver=batch.from_name,
        receiver=batch.to_name,
    )
    unknown = translate(PAGES_UNKNOWN, args.language)
    for e in batch.entries:
        print(f"{e.code}\t{e.pages or unknown}\t{e.applicant_name}\t{e.procedure_name}")
