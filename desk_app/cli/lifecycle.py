"""``desk-app dossier transfer|supplement|resume|refuse|apologise|stop|result|return``: the acts
on a dossier after its receipt (issue 10), each one transaction of `services.lifecycle`.

An act that needs a supervisor (an extension, a second supplement request) is approved by the
officer logged in when they are one, or by ``--approver USER`` proving their password here
(``--approver-password-file F``, or typed at a terminal), as at ``desk-app login``.
"""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from desk_app.cli._common import (
    Commands,
    DeskArgumentParser,
    add_command,
    add_json,
    add_user,
    amount_vnd,
    open_workspace,
    print_json,
    say,
)
from desk_app.core.errors import N_, ValidationError

if TYPE_CHECKING:
    from desk_app.services.context import OfficerInfo, Workspace
    from desk_app.services.lifecycle import ActResult

DONE = N_(
    "Hồ sơ {code}: đã ghi “{action}”. Trạng thái: {state}. Hạn trả kết quả: {hour} ngày {day}."
)
CODE_HELP = N_("mã hồ sơ")
APPROVER_HELP = N_(
    "tên đăng nhập của lãnh đạo duyệt (khi người đang đăng nhập không phải lãnh đạo); "
    "người đó nhập mật khẩu của mình"
)
APPROVER_PASSWORD_HELP = N_("đọc mật khẩu của người duyệt từ tệp này thay vì gõ vào")
BAD_DATE = N_("“{value}” không phải là ngày (YYYY-MM-DD) hay ngày giờ (YYYY-MM-DDTHH:MM).")


def register_acts(sub: Commands) -> None:
    """Add the acts to the ``dossier`` group (called by `desk_app.cli.dossiers.register`)."""
    transfer = add_command(sub, "transfer", N_("chuyển hồ sơ cho đơn vị giải quyết"), cmd_transfer)
    _code(transfer)
    where = transfer.add_mutually_exclusive_group(required=True)
    where.add_argument("--unit", metavar="U", help=N_("đơn vị nhận hồ sơ"))
    where.add_argument(
        "--back-to-desk",
        action="store_true",
        help=N_("chuyển trả về bộ phận một cửa khi chưa có kết quả"),
    )
    transfer.add_argument("--officer", metavar="NAME", default="", help=N_("cán bộ nhận hồ sơ"))
    transfer.add_argument("--note", default="", help=N_("ghi chú trên phiếu kiểm soát"))
    transfer.add_argument(
        "--step-due", metavar="ISO", help=N_("hạn xử lý của bước này (YYYY-MM-DDTHH:MM)")
    )

    supplement = add_command(
        sub, "supplement", N_("yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02)"), cmd_supplement
    )
    _code(supplement)
    supplement.add_argument(
        "--item",
        metavar="NAME[:orig:certcopy:copy]",
        action="append",
        required=True,
        help=N_(
            "thành phần cần bổ sung, kèm số bản chính, bản sao chứng thực, bản photo "
            "(ví dụ “Tờ khai:1:0:0”); ghi nhiều lần cho nhiều thành phần"
        ),
    )
    supplement.add_argument("--reason", required=True, metavar="R", help=N_("lý do"))
    supplement.add_argument(
        "--guide", default="", help=N_("nơi tra cứu quy định, số điện thoại hướng dẫn")
    )
    supplement.add_argument(
        "--approver-reason",
        default="",
        metavar="R",
        help=N_("lý do của lãnh đạo khi yêu cầu bổ sung lần thứ hai trở đi"),
    )
    _approver(supplement)

    resume = add_command(sub, "resume", N_("nhận hồ sơ đã bổ sung: thời hạn tính tiếp"), cmd_resume)
    _code(resume)

    refuse = add_command(sub, "refuse", N_("từ chối giải quyết hồ sơ (Mẫu 03)"), cmd_refuse)
    _code(refuse)
    refuse.add_argument("--reason", required=True, metavar="R", help=N_("lý do từ chối"))

    for name in ("apologise", "extend"):
        apologise = add_command(
            sub, name, N_("xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04)"), cmd_apologise
        )
        _code(apologise)
        apologise.add_argument(
            "--new-date",
            required=True,
            metavar="YYYY-MM-DD[THH:MM]",
            help=N_("ngày (giờ) hẹn trả mới; chỉ ghi ngày là giờ hết giờ làm việc ngày đó"),
        )
        apologise.add_argument("--reason", required=True, metavar="R", help=N_("lý do chậm"))
        apologise.add_argument(
            "--approver-title", default="", help=N_("chức danh người duyệt, in trên phiếu")
        )
        _approver(apologise)

    stop = add_command(
        sub, "stop", N_("dừng giải quyết theo đề nghị của người nộp (Mẫu 05, 2025)"), cmd_stop
    )
    _code(stop)
    stop.add_argument("--reason", required=True, metavar="R", help=N_("lý do dừng"))
    stop.add_argument("--stage", required=True, metavar="S", help=N_("hồ sơ đã giải quyết đến đâu"))
    stop.add_argument(
        "--papers-returned", required=True, metavar="P", help=N_("giấy tờ đã trả lại")
    )
    stop.add_argument(
        "--fees-settled", required=True, metavar="F", help=N_("phí, lệ phí đã xử lý thế nào")
    )

    result = add_command(sub, "result", N_("ghi nhận kết quả giải quyết đã về"), cmd_result)
    _code(result)
    result.add_argument("--number", required=True, metavar="N", help=N_("số, ký hiệu kết quả"))
    result.add_argument("--signer", required=True, metavar="S", help=N_("người ký"))
    result.add_argument("--issuer", required=True, metavar="I", help=N_("cơ quan ban hành"))
    result.add_argument("--summary", default="", help=N_("trích yếu kết quả"))

    handover = add_command(sub, "return", N_("trả kết quả cho người nộp"), cmd_return)
    _code(handover)
    handover.add_argument(
        "--collector",
        choices=["applicant", "proxy"],
        default="applicant",
        help=N_("người nhận: applicant (người nộp) hoặc proxy (người được ủy quyền)"),
    )
    handover.add_argument("--name", default="", help=N_("họ tên người nhận"))
    handover.add_argument("--id-number", default="", help=N_("số giấy tờ tùy thân người nhận"))
    handover.add_argument("--originals", default="", help=N_("bản chính đã trả lại cho người nộp"))
    handover.add_argument("--fee-amount", type=amount_vnd, help=N_("số tiền phí, lệ phí (đồng)"))
    handover.add_argument(
        "--fee-method",
        choices=["cash", "transfer", "card"],
        default="",
        help=N_("hình thức thu: cash, transfer, card"),
    )
    handover.add_argument("--fee-receipt", default="", help=N_("số biên lai thu phí"))
    handover.add_argument("--waybill", default="", help=N_("số vận đơn khi trả qua bưu chính"))


def _code(parser: DeskArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help=CODE_HELP)
    add_user(parser)
    add_json(parser)


def _approver(parser: DeskArgumentParser) -> None:
    parser.add_argument("--approver", metavar="USER", help=APPROVER_HELP)
    parser.add_argument("--approver-password-file", metavar="F", help=APPROVER_PASSWORD_HELP)


def _moment(text: str, field: str) -> date | datetime:
    """A date alone, or a date and time (office time when no zone is written)."""
    cleaned = text.strip()
    try:
        return date.fromisoformat(cleaned)
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(cleaned)
    except ValueError:
        raise ValidationError(BAD_DATE, field=field, value=text) from None


def _approving(args: argparse.Namespace, workspace: Workspace) -> OfficerInfo | None:
    if not args.approver:
        return None
    from desk_app.cli.session import read_login_password
    from desk_app.services.lifecycle import confirm_approver

    password = read_login_password(args.approver_password_file, args.language)
    return confirm_approver(workspace, args.approver, password)


def _report(args: argparse.Namespace, result: ActResult) -> int:
    from desk_app.core.calendar import office_time_text
    from desk_app.core.lifecycle import ACTION_LABELS

    if args.json:
        print_json(result.to_json())
        return 0
    hour, day = office_time_text(result.dossier.due_at)
    say(
        args,
        DONE,
        code=result.dossier.code,
        action=ACTION_LABELS[result.transition.action],
        state=result.dossier.state_label,
        hour=hour,
        day=day,
    )
    return 0


def cmd_transfer(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import transfer

    step_due = _moment(args.step_due, "step_due_at") if args.step_due else None
    if isinstance(step_due, date) and not isinstance(step_due, datetime):
        raise ValidationError(BAD_DATE, field="step_due_at", value=args.step_due)
    with open_workspace(args) as opened:
        result = transfer(
            opened.workspace,
            opened.actor,
            args.code,
            unit=args.unit or "",
            to_officer=args.officer,
            note=args.note,
            step_due_at=step_due,
            back_to_desk=args.back_to_desk,
        )
    return _report(args, result)


def cmd_supplement(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import parse_item, request_supplement

    items = [parse_item(text) for text in args.item]
    with open_workspace(args) as opened:
        result = request_supplement(
            opened.workspace,
            opened.actor,
            args.code,
            items=items,
            reason=args.reason,
            guide=args.guide,
            second_request_reason=args.approver_reason,
            approver=_approving(args, opened.workspace),
        )
    return _report(args, result)


def cmd_resume(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import resume

    with open_workspace(args) as opened:
        result = resume(opened.workspace, opened.actor, args.code)
    return _report(args, result)


def cmd_refuse(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import refuse

    with open_workspace(args) as opened:
        result = refuse(opened.workspace, opened.actor, args.code, reason=args.reason)
    return _report(args, result)


def cmd_apologise(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import apologise

    new_due = _moment(args.new_date, "new_due")
    with open_workspace(args) as opened:
        result = apologise(
            opened.workspace,
            opened.actor,
            args.code,
            new_due=new_due,
            reason=args.reason,
            approver=_approving(args, opened.workspace),
            approver_title=args.approver_title,
        )
    return _report(args, result)


def cmd_stop(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import stop

    with open_workspace(args) as opened:
        result = stop(
            opened.workspace,
            opened.actor,
            args.code,
            reason=args.reason,
            stage=args.stage,
            papers_returned=args.papers_returned,
            fees_settled=args.fees_settled,
        )
    return _report(args, result)


def cmd_result(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import record_result

    with open_workspace(args) as opened:
        result = record_result(
            opened.workspace,
            opened.actor,
            args.code,
            number=args.number,
            signer=args.signer,
            issuer=args.issuer,
            summary=args.summary,
        )
    return _report(args, result)


def cmd_return(args: argparse.Namespace) -> int:
    from desk_app.services.lifecycle import Handover, return_result

    handover = Handover(
        collector=args.collector,
        collector_name=args.name,
        collector_id_number=args.id_number,
        originals_returned=args.originals,
        fee_amount_vnd=args.fee_amount,
        fee_method=args.fee_method,
        fee_receipt_number=args.fee_receipt,
        postal_waybill=args.waybill,
    )
    with open_workspace(args) as opened:
        result = return_result(opened.workspace, opened.actor, args.code, handover)
    return _report(args, result)
