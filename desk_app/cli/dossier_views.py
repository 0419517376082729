"""``desk-app dossier show|search|due``: a dossier's whole history, the search with its
filters, the work list (issue 10). `cli/dossiers.py` registers them."""

from __future__ import annotations

import argparse
from datetime import date, datetime
from typing import TYPE_CHECKING

from desk_app.cli._common import open_workspace, print_json, say
from desk_app.core.errors import N_, ValidationError
from desk_app.core.lifecycle import ACTION_LABELS, STATE_LABELS, DossierState
from desk_app.i18n import translate

if TYPE_CHECKING:
    from desk_app.services.dossiers import DossierRecord
    from desk_app.services.history import DossierView
    from desk_app.services.work_list import WorkItem

BAD_DATE = N_("“{value}” không phải là ngày; hãy ghi theo dạng YYYY-MM-DD, ví dụ 2025-07-15.")
NO_MATCH = N_("Không tìm thấy hồ sơ nào.")


def add_search_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "text",
        metavar="TEXT",
        nargs="?",
        default="",
        help=N_(
            "chữ cần tìm: họ tên (có dấu hay không dấu, đầu các chữ), mã hồ sơ hoặc dòng "
            "quét mã QR, số định danh, số điện thoại; bỏ trống để chỉ lọc"
        ),
    )
    parser.add_argument(
        "--state",
        choices=[s.value for s in DossierState],
        metavar="|".join(DossierState),
        help=N_("chỉ hồ sơ ở trạng thái này"),
    )
    parser.add_argument("--procedure", metavar="CODE", help=N_("chỉ hồ sơ của thủ tục có mã này"))
    parser.add_argument(
        "--from",
        dest="received_from",
        metavar="YYYY-MM-DD",
        help=N_("chỉ hồ sơ nhận từ ngày này"),
    )
    parser.add_argument(
        "--to", dest="received_to", metavar="YYYY-MM-DD", help=N_("chỉ hồ sơ nhận đến hết ngày này")
    )
    parser.add_argument(
        "--limit", type=int, default=50, metavar="N", help=N_("số hồ sơ in ra nhiều nhất")
    )


def _day(text: str | None, field: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(BAD_DATE, field=field, value=text) from None


def _when(at: datetime | None) -> str:
    from desk_app.core.calendar import office_time_text

    return " ".join(office_time_text(at)) if at is not None else "-"


def _print_records(args: argparse.Namespace, records: list[DossierRecord]) -> None:
    for r in records:
        state = translate(r.state_label, args.language)
        print(f"{r.code}\t{state}\t{_when(r.due_at)}\t{r.applicant.name}\t{r.procedure_name}")


def cmd_search(args: argparse.Namespace) -> int:
    from desk_app.services.search import SearchFilters, search_dossiers

    filters = SearchFilters(
        state=DossierState(args.state) if args.state else None,
        procedure_code=args.procedure,
        received_from=_day(args.received_from, "received_from"),
        received_to=_day(args.received_to, "received_to"),
    )
    with open_workspace(args) as opened:
        records = search_dossiers(
            opened.workspace, opened.actor, args.text, filters, limit=args.limit
        )
    if args.json:
        print_json([r.to_json() for r in records])
    elif records:
        _print_records(args, records)
    else:
        say(args, NO_MATCH)
    return 0


# --- show ---------------------------------------------------------------------------------------

SHOW_LINES = (
    N_("Mã hồ sơ: {code}"),
    N_("Trạng thái: {state}"),
    N_("Người nộp: {name}"),
    N_("Thủ tục: {procedure}"),
    N_("Nhận lúc: {received}"),
    N_("Hạn trả: {due} (hạn ban đầu: {original_due})"),
    N_("Đang ở: {holder}"),
)
AT_DESK = N_("bộ phận một cửa")
PAUSED_SINCE = N_("Tạm dừng tính thời hạn từ: {since}")
HISTORY = N_("Quá trình xử lý:")
# Layouts with no words of their own (the words come translated in their fields).
ACT_LINE = "{seq}. {when} {action}: {before} → {after}, {who}"
ACT_REASON = N_("   lý do: {reason}")
ACT_DETAIL = "   {label}: {value}"
# What an act's details hold (services.lifecycle), as the officer reads them.
DETAIL_LABELS = {
    "to_officer": N_("cán bộ nhận"),
    "step_due_at": N_("hạn của bước"),
    "note": N_("ghi chú"),
    "items": N_("cần bổ sung"),
    "guide": N_("hướng dẫn"),
    "second_request_reason": N_("lý do yêu cầu bổ sung lần nữa"),
    "paused_working_minutes": N_("thời gian tạm dừng (phút làm việc)"),
    "approver_title": N_("chức danh người duyệt"),
    "extension_number": N_("lần gia hạn"),
    "exceptional": N_("gia hạn ngoại lệ"),
    "previous_due_at": N_("hạn trước đó"),
    "stage": N_("đã xử lý đến"),
    "papers_returned": N_("giấy tờ đã trả lại"),
    "fees_settled": N_("phí, lệ phí"),
    "result_number": N_("số kết quả"),
    "signer": N_("người ký"),
    "issuer": N_("cơ quan ban hành"),
    "collector": N_("người nhận kết quả"),
    "collector_name": N_("họ tên người nhận"),
    "collector_id_number": N_("số định danh người nhận"),
    "originals_returned": N_("bản gốc đã trả lại"),
    "fee_amount_vnd": N_("số tiền đã thu (đồng)"),
    "fee_method": N_("hình thức nộp"),
    "fee_receipt_number": N_("số biên lai"),
    "postal_waybill": N_("số vận đơn bưu chính"),
}
DETAIL_VALUES = {
    "applicant": N_("người nộp hồ sơ"),
    "proxy": N_("người được ủy quyền"),
    "cash": N_("tiền mặt"),
    "transfer": N_("chuyển khoản"),
    "card": N_("thẻ"),
}
ITEM = N_("{name} (bản chính {original}, bản sao chứng thực {certified}, bản photo {copy})")
YES = N_("có")
ACT_APPROVED = N_("   người phê duyệt: {name}")
ACT_NEW_DUE = N_("   hạn mới: {due}")
ACT_UNIT = N_("   nơi nhận: {unit}")
ACT_RESULT = N_("   kết quả: {summary}")
PRINTED = N_("Giấy tờ đã in:")
PRINTED_LINE = N_("- {when} {kind}, lần in {number}, {who}")
NOTHING_PRINTED = N_("Chưa in giấy tờ nào.")
NEXT = N_("Việc có thể làm tiếp: {actions}")
NOTHING_NEXT = N_("Hồ sơ đã kết thúc, không còn việc nào phải làm.")


def cmd_show(args: argparse.Namespace) -> int:
    from desk_app.services.history import dossier_view

    with open_workspace(args) as opened:
        view = dossier_view(opened.workspace, opened.actor, args.code)
    if args.json:
        print_json(view.to_json())
    else:
        _print_view(args, view)
    return 0


def _state(args: argparse.Namespace, state: DossierState | None) -> str:
    return translate(STATE_LABELS[state], args.language) if state is not None else "-"


def _detail(args: argparse.Namespace, value: object) -> str:
    """One detail's value in words: an item list one per line, a known code by its name, a
    stored time in office time."""
    if value is True:
        return translate(YES, args.language)
    if isinstance(value, list):
        return "; ".join(
            translate(ITEM, args.language).format(
                name=i.get("name", ""),
                original=i.get("original", 0),
                certified=i.get("certified_copy", 0),
                copy=i.get("copy", 0),
            )
            for i in value
            if isinstance(i, dict)
        )
    if isinstance(value, str) and value in DETAIL_VALUES:
        return translate(DETAIL_VALUES[value], args.language)
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        try:
            return _when(datetime.fromisoformat(value))
        except ValueError:
            return value
    return str(value)


def _print_view(args: argparse.Namespace, view: DossierView) -> None:
    r = view.dossier
    values = {
        "code": r.code,
        "state": _state(args, r.state),
        "name": r.applicant.name,
        "procedure": f"{r.procedure_code} {r.procedure_name}",
        "received": _when(r.received_at),
        "due": _when(r.due_at),
        "original_due": _when(r.original_due_at),
        "holder": view.handling_unit or translate(AT_DESK, args.language),
    }
    for line in SHOW_LINES:
        say(args, line, **values)
    if view.paused_at is not None:
        say(args, PAUSED_SINCE, since=_when(view.paused_at))
    say(args, HISTORY)
    for act in view.transitions:
        say(
            args,
            ACT_LINE,
            seq=act.seq,
            when=_when(act.at),
            action=translate(ACTION_LABELS[act.action], args.language),
            before=_state(args, act.from_state),
            after=_state(args, act.to_state),
            who=act.officer_name or "-",
        )
        if act.reason:
            say(args, ACT_REASON, reason=act.reason)
        if act.handling_unit:
            say(args, ACT_UNIT, unit=act.handling_unit)
        if act.new_due_at is not None:
            say(args, ACT_NEW_DUE, due=_when(act.new_due_at))
        if act.result_summary:
            say(args, ACT_RESULT, summary=act.result_summary)
        if act.approved_by:
            say(args, ACT_APPROVED, name=act.approved_by)
        for key, value in act.details.items():
            if value not in ("", None, [], {}, False) and key != "back_to_desk":
                label = (
                    translate(DETAIL_LABELS[key], args.language) if key in DETAIL_LABELS else key
                )
                say(args, ACT_DETAIL, label=label, value=_detail(args, value))
    if view.printed:
        say(args, PRINTED)
        for entry in view.printed:
            number = entry.print_number if entry.print_number is not None else "-"
            say(args, PRINTED_LINE, when=_when(entry.at), kind=entry.kind, number=number,
                who=entry.actor)  # fmt: skip
    else:
        say(args, NOTHING_PRINTED)
    if view.next_actions:
        labels = ", ".join(translate(ACTION_LABELS[a], args.language) for a in view.next_actions)
        say(args, NEXT, actions=labels)
    else:
        say(args, NOTHING_NEXT)


# --- due ----------------------------------------------------------------------------------------

BUCKET_LINE = "{label}: {count}"  # the label comes translated
LATE_SOON = N_("Sắp trễ hạn (hạn trước khi hết ngày làm việc tiếp theo): {count}")
LATE_MARK = N_("sắp trễ hạn")


def cmd_due(args: argparse.Namespace) -> int:
    from desk_app.core.work_list import BUCKET_LABELS
    from desk_app.services.work_list import work_list

    with open_workspace(args) as opened:
        listed = work_list(opened.workspace, opened.actor)
    if args.json:
        print_json(listed.to_json())
        return 0
    for bucket, items in listed.buckets.items():
        label = translate(BUCKET_LABELS[bucket], args.language)
        say(args, BUCKET_LINE, label=label, count=listed.counts[bucket])
        for item in items:
            _print_item(args, item)
    say(args, LATE_SOON, count=listed.about_to_be_late)
    return 0


def _print_item(args: argparse.Namespace, item: WorkItem) -> None:
    mark = f"\t{translate(LATE_MARK, args.language)}" if item.about_to_be_late else ""
    state = _state(args, item.state)
    print(
        f"  {item.code}\t{state}\t{_when(item.due_at)}\t{item.applicant_name}\t"
        f"{item.procedure_name}{mark}"
    )
