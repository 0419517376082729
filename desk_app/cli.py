"""The ``desk-app`` command: the counter window by default, every capability as a subcommand.

Command names and flags follow the contract in the architecture document. ``--json`` prints one
JSON document on stdout; errors go to stderr in plain words with a non-zero exit status.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app import __version__
from desk_app.config import data_home, load_settings
from desk_app.core.calendar import office_time_text
from desk_app.core.errors import N_, DeskError, Message, ValidationError
from desk_app.i18n import message, translate

if TYPE_CHECKING:
    from desk_app.services.auth import OfficerInfo
    from desk_app.services.desk import Desk

log = logging.getLogger(__name__)

EXIT_ERROR = 1
UNEXPECTED = N_(
    "Lỗi ngoài dự kiến; dữ liệu đã lưu không bị ảnh hưởng. Chi tiết đã được ghi vào nhật ký."
)


def _say(args: argparse.Namespace, msgid: str, **params: object) -> None:
    """Print a catalogue message in the workstation's language."""
    print(Message(msgid, params).render(lambda m: translate(m, args.language)))


def _print_json(value: object) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2, default=str)
    sys.stdout.write("\n")


def _read_password(path: str | None, prompt: str, language: str) -> str:
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValidationError(
                N_("Không đọc được tệp mật khẩu {path}: {reason}"),
                path=path,
                reason=getattr(error, "strerror", None) or str(error),
            ) from error
    if not sys.stdin.isatty():
        raise ValidationError(N_("Hãy đưa mật khẩu bằng --password-file khi không chạy tương tác."))
    first = getpass.getpass(translate(prompt, language) + ": ")
    if getpass.getpass(translate(N_("Nhập lại mật khẩu"), language) + ": ") != first:
        raise ValidationError(N_("Hai lần nhập mật khẩu không khớp."))
    return first


def _ask(value: str | None, prompt: str, language: str) -> str:
    if value is not None:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(N_("Thiếu thông tin bắt buộc: {what}."), what=prompt)
    return input(f"{translate(prompt, language)}: ")


def cmd_init(args: argparse.Namespace) -> int:
    from desk_app.services.setup import OfficeSetup, initialise, initialise_demo

    home = data_home()
    if args.demo:
        setup = initialise_demo(home)
        _say(
            args,
            N_("Đã tạo văn phòng mẫu tại {home}. Đăng nhập: {username} / {password}"),
            home=home,
            username=setup.admin_username,
            password=setup.admin_password,
        )
        return 0
    workstation = _ask(args.workstation, N_("Số máy trạm (1-9)"), args.language).strip()
    admin = _ask(args.admin, N_("Tên đăng nhập quản trị"), args.language)
    setup = OfficeSetup(
        office_name=_ask(args.office_name, N_("Tên cơ quan (VD: UBND phường ...)"), args.language),
        agency_id=_ask(
            args.agency_id, N_("Mã định danh cơ quan (VD: 000.00.19.H26)"), args.language
        ),
        place=_ask(args.place, N_("Địa danh (VD: Hà Nội)"), args.language),
        workstation=int(workstation) if workstation.isdigit() else 0,  # 0: refused, with why
        admin_username=admin,
        admin_full_name=args.admin_name or admin,
        admin_password=_read_password(args.password_file, N_("Mật khẩu quản trị"), args.language),
        **({"reception_unit": args.reception_unit} if args.reception_unit else {}),
    )
    initialise(home, setup)
    _say(
        args,
        N_("Đã thiết lập máy trạm {number} tại {home}."),
        number=setup.workstation,
        home=home,
    )
    return 0


def _open() -> Desk:
    from desk_app.services.desk import open_desk

    return open_desk()


def _officer(desk: Desk, username: str | None) -> OfficerInfo:
    """The officer a scripted command acts as: --user, else the first active admin."""
    from desk_app.services.users import acting_officer

    return acting_officer(desk, username)


def cmd_catalogue(args: argparse.Namespace) -> int:
    from desk_app.services import catalogue

    desk = _open()
    if args.catalogue_command == "list":
        procedures = catalogue.list_procedures(desk)
        if args.json:
            _print_json(
                [
                    {
                        "code": p.code,
                        "name": p.name,
                        "field": p.field,
                        "duration": {"value": p.duration.value, "unit": p.duration.unit.value},
                        "duration_text": p.duration_text,
                        "fee_vnd": p.fee_vnd,
                        "fee_text": p.fee_text,
                        "components": [c.__dict__ for c in p.components],
                    }
                    for p in procedures
                ]
            )
        else:
            for p in procedures:
                print(f"{p.code}\t{p.duration_text}\t{p.name}")
        return 0
    path = Path(args.file)
    if args.catalogue_command == "import":
        actor = _officer(desk, args.user).username
        result = catalogue.import_catalogue(desk, path, actor=actor)
        _say(
            args,
            N_("Đã nhập danh mục: {added} thủ tục mới, {updated} thủ tục cập nhật."),
            added=result.added,
            updated=result.updated,
        )
    else:
        count = catalogue.export_catalogue(desk, path)
        _say(args, N_("Đã xuất {count} thủ tục ra {path}."), count=count, path=path)
    return 0


def _parse_components(text: str | None) -> tuple[int, ...] | None:
    if text is None or text.strip().lower() == "all":
        return None
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError as error:
        raise ValidationError(
            N_("Danh sách thành phần '{text}' không hợp lệ; dùng dạng 1,3,4 hoặc all."), text=text
        ) from error


def _parse_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError as error:
        raise ValidationError(
            N_("Thời điểm '{text}' không hợp lệ; dùng dạng 2025-07-15T09:05."),
            field="received_at",
            text=text,
        ) from error


def cmd_intake(args: argparse.Namespace) -> int:
    from desk_app.core.citizen_id import parse_qr
    from desk_app.services.intake import IntakeRequest, take_in

    request = IntakeRequest(
        procedure_code=args.procedure,
        applicant_name=args.name or "",
        id_number=args.id_number or "",
        phone=args.phone or "",
        email=args.email or "",
        address=args.address or "",
        representative=args.representative or "",
        channel=args.channel,
        components=_parse_components(args.components),
        received_at=_parse_time(args.received_at),
        sets_count=args.sets,
        return_method=args.return_method,
        portal_code=args.code or "",
    )
    if args.qr:
        request = request.with_card(parse_qr(args.qr))
    desk = _open()
    record = take_in(desk, _officer(desk, args.user), request)
    # The code is out before printing starts: a failed print must never hide a stored dossier
    # (a script that saw no code would take the citizen's dossier in a second time).
    if args.json:
        _print_json(record.to_json())
    else:
        print(record.code)
    sys.stdout.flush()
    if args.print_to:
        _write_receipt(desk, args.user, record.code, Path(args.print_to))
    return 0


def _write_receipt(desk: Desk, user: str | None, code: str, out: Path) -> None:
    from desk_app.services.receipts import receipt_pdf

    pdf = receipt_pdf(desk, _officer(desk, user), code)
    try:
        out.write_bytes(pdf)
    except OSError as error:
        raise DeskError(
            N_("Không ghi được tệp {path}: {reason}. Hồ sơ {code} vẫn được lưu; hãy in lại."),
            path=str(out),
            code=code,
            reason=error.strerror or str(error),
        ) from error


def cmd_receipt(args: argparse.Namespace) -> int:
    desk = _open()
    _write_receipt(desk, args.user, args.code, Path(args.out))
    print(args.out)
    return 0


def cmd_dossier(args: argparse.Namespace) -> int:
    from desk_app.services import dossiers

    desk = _open()
    if args.dossier_command == "show":
        record = dossiers.get_dossier(desk, args.code)
        records = [record]
    elif args.dossier_command == "search":
        records = dossiers.search_dossiers(desk, args.text)
    elif args.dossier_command == "due":
        records = dossiers.list_due(desk)
    else:
        records = dossiers.list_today(desk)
    if args.json:
        _print_json(
            records[0].to_json()
            if args.dossier_command == "show"
            else [r.to_json() for r in records]
        )
    else:
        for r in records:
            due = " ".join(office_time_text(r.due_at))
            state = translate(r.state_label, args.language)
            print(f"{r.code}\t{state}\t{due}\t{r.applicant_name}\t{r.procedure_name}")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    from desk_app.services.audit import verify_audit

    report = verify_audit(_open())
    if report.ok:
        _say(args, N_("Chuỗi nhật ký toàn vẹn: {count} mục đã kiểm tra."), count=report.checked)
        return 0
    broken = translate(N_("Chuỗi nhật ký bị hỏng tại mục số {seq}: {reason}"), args.language)
    reason = translate(report.reason, args.language).format(seq=report.missing_seq)
    print(broken.format(seq=report.first_broken_seq, reason=reason), file=sys.stderr)
    return EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk-app", description="Phần mềm tiếp nhận và trả kết quả hồ sơ (bộ phận một cửa)."
    )
    parser.add_argument("--version", action="version", version=f"desk-app {__version__}")
    commands = parser.add_subparsers(dest="command")

    init = commands.add_parser("init", help="thiết lập máy trạm lần đầu")
    init.add_argument("--office-name")
    init.add_argument("--agency-id")
    init.add_argument("--place")
    init.add_argument(
        "--reception-unit",
        help="tên bộ phận tiếp nhận (mặc định: Bộ phận tiếp nhận và trả kết quả)",
    )
    init.add_argument("--workstation")
    init.add_argument("--admin")
    init.add_argument("--admin-name")
    init.add_argument("--password-file")
    init.add_argument("--demo", action="store_true", help="tạo văn phòng mẫu để dùng thử")
    init.set_defaults(handler=cmd_init)

    cat = commands.add_parser("catalogue", help="danh mục thủ tục")
    cat_commands = cat.add_subparsers(dest="catalogue_command", required=True)
    cat_list = cat_commands.add_parser("list")
    cat_list.add_argument("--json", action="store_true")
    for name in ("import", "export"):
        sub = cat_commands.add_parser(name)
        sub.add_argument("file")
        sub.add_argument("--user")
    cat.set_defaults(handler=cmd_catalogue)

    intake = commands.add_parser("intake", help="tiếp nhận một hồ sơ")
    intake.add_argument("--procedure", required=True)
    intake.add_argument("--name")
    intake.add_argument("--id-number")
    intake.add_argument("--phone")
    intake.add_argument("--email")
    intake.add_argument("--address")
    intake.add_argument("--representative")
    intake.add_argument("--qr", help="dòng mã QR căn cước, như máy quét gõ vào")
    intake.add_argument("--channel", default="counter", choices=("counter", "online", "postal"))
    intake.add_argument("--code", help="mã hồ sơ do Cổng dịch vụ công cấp (hồ sơ trực tuyến)")
    intake.add_argument("--components", help="all hoặc các số thứ tự: 1,3,4")
    intake.add_argument("--received-at", help="ISO 8601; không có múi giờ nghĩa là giờ Việt Nam")
    intake.add_argument("--sets", type=int, default=1)
    intake.add_argument("--return-method", default="counter", choices=("counter", "post"))
    intake.add_argument("--print-to", metavar="FILE.pdf", help="in giấy tiếp nhận ra tệp PDF")
    intake.add_argument("--user")
    intake.add_argument("--json", action="store_true")
    intake.set_defaults(handler=cmd_intake)

    receipt = commands.add_parser("receipt", help="in (lại) giấy tiếp nhận và hẹn trả kết quả")
    receipt.add_argument("code")
    receipt.add_argument("--out", required=True)
    receipt.add_argument("--user")
    receipt.set_defaults(handler=cmd_receipt)

    dossier = commands.add_parser("dossier", help="xem, tìm hồ sơ")
    dossier_commands = dossier.add_subparsers(dest="dossier_command", required=True)
    show = dossier_commands.add_parser("show")
    show.add_argument("code")
    search = dossier_commands.add_parser("search")
    search.add_argument("text")
    dossier_commands.add_parser("today", help="hồ sơ nhận hôm nay tại máy này")
    dossier_commands.add_parser("due", help="hồ sơ chưa giải quyết xong, sắp đến hạn trước")
    for sub in (show, search, dossier_commands.choices["today"], dossier_commands.choices["due"]):
        sub.add_argument("--json", action="store_true")
    dossier.set_defaults(handler=cmd_dossier)

    audit = commands.add_parser("audit", help="kiểm tra nhật ký")
    audit_commands = audit.add_subparsers(dest="audit_command", required=True)
    audit_commands.add_parser("verify")
    audit.set_defaults(handler=cmd_audit)
    return parser


def _setup_logging() -> None:
    from desk_app.logs import configure_logging

    configure_logging()


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    _setup_logging()
    if handler is None:
        from desk_app.gui.app import run_gui

        return run_gui(list(sys.argv if argv is None else ["desk-app", *argv]))
    language = "vi"
    try:
        language = args.language = load_settings().language
        return handler(args)
    except DeskError as error:
        log.info("command failed", exc_info=True)
        print(message(error, language), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print(translate(N_("Đã hủy."), language), file=sys.stderr)
        return EXIT_ERROR
    except Exception:
        # A bug, not bad input: the officer gets a plain sentence, the log gets the traceback.
        log.exception("unexpected error in %s", args.command)
        print(translate(UNEXPECTED, language), file=sys.stderr)
        return EXIT_ERROR
