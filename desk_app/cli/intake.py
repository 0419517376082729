"""``desk-app intake`` and ``desk-app receipt``: take a dossier in, print its receipt."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    Commands,
    Opened,
    add_command,
    add_json,
    add_user,
    amount_vnd,
    interrupts_held,
    open_workspace,
    print_json,
    warn,
    warn_message,
    whole_number,
)
from desk_app.core.dossier import Channel, ReturnMethod
from desk_app.core.errors import N_, DeskError, ValidationError

if TYPE_CHECKING:
    from desk_app.services.intake import IntakeRequest

ALL = "all"
STORED_NOT_PRINTED = N_(
    "Đã dừng in giấy tiếp nhận; hồ sơ {code} đã được lưu. In giấy tiếp nhận bằng lệnh: "
    "desk-app receipt {code} --out {path}"
)
STOPPED_AFTER_STORING = N_(
    "Hồ sơ {code} đã được lưu trước khi kịp dừng. In giấy tiếp nhận bằng lệnh: "
    "desk-app receipt {code} --out {path}"
)


def register(commands: Commands) -> None:
    intake = add_command(commands, "intake", N_("tiếp nhận một hồ sơ; in ra mã hồ sơ"), cmd_intake)
    intake.add_argument(
        "--procedure",
        required=True,
        metavar="CODE",
        help=N_("mã thủ tục, VD: 1.001193 (các mã: desk-app catalogue list)"),
    )
    intake.add_argument("--name", metavar="NAME", help=N_("họ tên người nộp hồ sơ"))
    intake.add_argument(
        "--id-number", metavar="NUMBER", help=N_("số định danh cá nhân (12 chữ số trên căn cước)")
    )
    intake.add_argument("--phone", metavar="PHONE", help=N_("số điện thoại người nộp"))
    intake.add_argument("--email", metavar="EMAIL", help=N_("địa chỉ email người nộp"))
    intake.add_argument("--address", metavar="ADDRESS", help=N_("địa chỉ người nộp"))
    intake.add_argument(
        "--representative", metavar="NAME", help=N_("người được ủy quyền nộp thay, nếu có")
    )
    intake.add_argument(
        "--qr",
        metavar="PAYLOAD",
        help=N_(
            "dòng mã QR trên căn cước, như máy quét gõ vào; điền họ tên, số định danh, địa chỉ"
        ),
    )
    intake.add_argument(
        "--channel",
        default=Channel.COUNTER.value,
        choices=[c.value for c in Channel],
        metavar="|".join(Channel),
        help=N_("kênh nộp hồ sơ; mặc định: %(default)s"),
    )
    intake.add_argument(
        "--code",
        metavar="CODE",
        help=N_("mã hồ sơ do Cổng dịch vụ công cấp (hồ sơ nộp trực tuyến)"),
    )
    intake.add_argument(
        "--components",
        metavar="all|1,3,4",
        help=N_(
            "thành phần hồ sơ đã nhận: các số thứ tự như 1,3,4, hoặc all (tất cả, kể cả giấy "
            "tờ “nếu có” và giấy tờ xuất trình); không ghi: chỉ các thành phần bắt buộc"
        ),
    )
    intake.add_argument(
        "--received-at",
        metavar="ISO",
        help=N_(
            "thời điểm nhận hồ sơ, ISO 8601 (VD: 2025-07-15T09:05); không ghi múi giờ là giờ "
            "của cơ quan (giờ Việt Nam); mặc định: bây giờ"
        ),
    )
    intake.add_argument(
        "--backdate-reason",
        metavar="TEXT",
        help=N_(
            "lý do ghi thời điểm nhận hồ sơ quá 30 ngày trước (chỉ lãnh đạo hoặc quản trị viên)"
        ),
    )
    intake.add_argument(
        "--pages",
        type=whole_number,
        metavar="N",
        help=N_("số trang của giấy tờ, cho thủ tục tính phí theo trang (VD: chứng thực bản sao)"),
    )
    intake.add_argument(
        "--copies",
        type=whole_number,
        metavar="N",
        help=N_("số bản người nộp yêu cầu, cho thủ tục tính phí theo bản hoặc theo trang"),
    )
    intake.add_argument(
        "--fee",
        type=amount_vnd,
        metavar="VND",
        help=N_(
            "mức phí, lệ phí (đồng) cho thủ tục có mức do Hội đồng nhân dân tỉnh quy định; 0: miễn"
        ),
    )
    intake.add_argument(
        "--sets",
        type=whole_number,
        default=1,
        metavar="N",
        help=N_("số bộ hồ sơ nộp; mặc định: %(default)s"),
    )
    intake.add_argument(
        "--return-method",
        default=ReturnMethod.COUNTER.value,
        choices=[m.value for m in ReturnMethod],
        metavar="|".join(ReturnMethod),
        help=N_("nơi nhận kết quả; mặc định: %(default)s"),
    )
    intake.add_argument(
        "--print-to",
        metavar="FILE.pdf",
        help=N_("in luôn giấy tiếp nhận ra tệp PDF này (sau khi đã in mã hồ sơ)"),
    )
    add_user(intake)
    add_json(intake)

    receipt = add_command(
        commands,
        "receipt",
        N_("in (lại) giấy tiếp nhận và hẹn trả kết quả ra tệp PDF"),
        cmd_receipt,
    )
    receipt.add_argument("code", metavar="CODE", help=N_("mã hồ sơ"))
    receipt.add_argument("--out", required=True, metavar="FILE.pdf", help=N_("tệp PDF sẽ ghi ra"))
    add_user(receipt)


def _wants_all(text: str | None) -> bool:
    return text is not None and text.strip().lower() == ALL


def _parse_components(text: str | None, every: tuple[int, ...] | None) -> tuple[int, ...] | None:
    """The positions received; None (no option) is the required ones, the service's default."""
    if text is None:
        return None
    if _wants_all(text):
        return every
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


def _request(args: argparse.Namespace, every: tuple[int, ...] | None = None) -> IntakeRequest:
    """The intake request the options describe, checked before the database is opened.

    ``every`` is the positions of all the procedure's components, for ``--components all``.
    """
    from desk_app.core.citizen_id import parse_qr
    from desk_app.core.dossier import Applicant
    from desk_app.services.intake import IntakeRequest

    applicant = Applicant(
        name=args.name or "",
        id_number=args.id_number or "",
        phone=args.phone or "",
        email=args.email or "",
        address=args.address or "",
        representative=args.representative or "",
    )
    request = IntakeRequest(
        procedure_code=args.procedure,
        applicant=applicant,
        channel=args.channel,
        components=_parse_components(args.components, every),
        received_at=_parse_time(args.received_at),
        sets_count=args.sets,
        return_method=args.return_method,
        portal_code=args.code or "",
        pages=args.pages,
        copies=args.copies,
        fee_vnd=args.fee,
        backdate_reason=args.backdate_reason or "",
    )
    if not args.qr:
        return request
    from desk_app.core.calendar import OFFICE_TZ

    return request.with_card(parse_qr(args.qr, today=datetime.now(OFFICE_TZ).date()))


def _every_component(opened: Opened, code: str) -> tuple[int, ...] | None:
    """The positions of all of ``code``'s components; None for a code not in the catalogue
    (the intake then says so)."""
    from desk_app.services.catalogue import list_procedures

    for procedure in list_procedures(opened.workspace):
        if procedure.code == code.strip():
            return tuple(c.position for c in procedure.components)
    return None


def cmd_intake(args: argparse.Namespace) -> int:
    from desk_app.services.intake import take_in

    _request(args)  # bad options are refused before the database is opened
    with open_workspace(args) as opened:
        if opened.workspace.calendar_notice:  # the due date may fall in an uncovered year
            warn(args, opened.workspace.calendar_notice)
        every = _every_component(opened, args.procedure) if _wants_all(args.components) else None
        request = _request(args, every)
        # Ctrl+C is held from the intake until its code is out: a dossier committed always has
        # its code printed and flushed, before printing starts; a failed print must never hide
        # it (a script that saw no code would take the citizen's dossier in a second time).
        with interrupts_held() as interrupt:
            record = take_in(opened.workspace, opened.actor, request)
            if args.json:
                print_json(record.to_json())
            else:
                print(record.code)
            sys.stdout.flush()
        for notice in opened.workspace.notices:  # a clock set back since the last intake
            warn(args, notice)
        opened.workspace.notices.clear()
        later = {"code": record.code, "path": args.print_to or "FILE.pdf"}
        if interrupt.pressed:
            warn_message(args, STOPPED_AFTER_STORING, **later)
            return 0
        if args.print_to:
            try:
                _write_receipt(opened, record.code, Path(args.print_to))
            except KeyboardInterrupt:
                warn_message(args, STORED_NOT_PRINTED, **later)
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    with open_workspace(args) as opened:
        _write_receipt(opened, args.code, Path(args.out))
    print(args.out)
    return 0


def _write_receipt(opened: Opened, code: str, out: Path) -> None:
    from desk_app.services.receipts import save_receipt

    try:
        save_receipt(opened.workspace, opened.actor, code, out)
    except OSError as error:
        raise DeskError(
            N_("Không ghi được tệp {path}: {reason}. Hồ sơ {code} vẫn được lưu; hãy in lại."),
            path=str(out),
            code=code,
            reason=error.strerror or str(error),
        ) from error
