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
    open_workspace,
    print_json,
)
from desk_app.core.dossier import Channel, ReturnMethod
from desk_app.core.errors import N_, DeskError, ValidationError

if TYPE_CHECKING:
    from desk_app.services.intake import IntakeRequest


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
        metavar="POSITIONS",
        help=N_("thành phần đã nhận: all (mặc định, đủ cả) hoặc các số thứ tự 1,3,4"),
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
        "--sets",
        type=int,
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


def _request(args: argparse.Namespace) -> IntakeRequest:
    """The intake request the options describe, checked before the database is opened."""
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
        components=_parse_components(args.components),
        received_at=_parse_time(args.received_at),
        sets_count=args.sets,
        return_method=args.return_method,
        portal_code=args.code or "",
    )
    return request.with_card(parse_qr(args.qr)) if args.qr else request


def cmd_intake(args: argparse.Namespace) -> int:
    from desk_app.services.intake import take_in

    request = _request(args)
    with open_workspace(args) as opened:
        record = take_in(opened.workspace, opened.actor, request)
        # The code is out before printing starts: a failed print must never hide a stored
        # dossier (a script that saw no code would take the citizen's dossier in a second time).
        if args.json:
            print_json(record.to_json())
        else:
            print(record.code)
        sys.stdout.flush()
        if args.print_to:
            _write_receipt(opened, record.code, Path(args.print_to))
    return 0


def cmd_receipt(args: argparse.Namespace) -> int:
    with open_workspace(args) as opened:
        _write_receipt(opened, args.code, Path(args.out))
    print(args.out)
    return 0


def _write_receipt(opened: Opened, code: str, out: Path) -> None:
    from desk_app.services.receipts import receipt_pdf

    pdf = receipt_pdf(opened.workspace, opened.actor, code)
    try:
        out.write_bytes(pdf)
    except OSError as error:
        raise DeskError(
            N_("Không ghi được tệp {path}: {reason}. Hồ sơ {code} vẫn được lưu; hãy in lại."),
            path=str(out),
            code=code,
            reason=error.strerror or str(error),
        ) from error
