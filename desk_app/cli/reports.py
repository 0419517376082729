"""``desk-app report``: the period report of form II.06a (issue 12) as JSON, PDF or XLSX, and
the list of dossiers behind any one of its cells (``--cell``)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

from desk_app.cli._common import Commands, add_command, add_user, help_language, print_json
from desk_app.cli.forms import day, write_file
from desk_app.core.errors import N_, ValidationError
from desk_app.core.period_report import Period, month_of, quarter_of, year_of
from desk_app.i18n import translate

FORMATS = ("json", "pdf", "xlsx")
GROUPINGS = ("field", "procedure", "unit")
NO_PERIOD = N_(
    "Hãy cho biết kỳ báo cáo: --from và --to, hoặc một trong --month, --quarter, --half, --year."
)
OUT_NEEDED = N_("Báo cáo dạng {format} cần --out TỆP để ghi ra.")
NOT_A_PERIOD = N_("“{value}” không phải là một kỳ báo cáo hợp lệ (viết như {example}).")
TWO_PERIODS = N_("Chỉ cho một kỳ báo cáo: hoặc --from và --to, hoặc một lối tắt như --month.")
CELL_LIST = N_("{count} hồ sơ trong ô {cell}:")


def _shortcut(pattern: str, example: str, make: Callable[..., Period]) -> Callable[[str], Period]:
    """A parser of ``--month 2024-06`` and the like: the period, or a plain refusal."""

    def parse(text: str) -> Period:
        found = re.fullmatch(pattern, text.strip())
        try:
            if found is None:
                raise ValueError(text)
            return make(*(int(g) for g in found.groups()))
        except ValueError:
            message = translate(NOT_A_PERIOD, help_language())
            raise argparse.ArgumentTypeError(message.format(value=text, example=example)) from None

    return parse


def _half(year: int, half: int) -> Period:
    first = date(year, 1 if half == 1 else 7, 1)
    return Period(first, date(year, 6, 30) if half == 1 else date(year, 12, 31))


def register(commands: Commands) -> None:
    report = add_command(
        commands,
        "report",
        N_(
            "lập báo cáo tình hình, kết quả giải quyết thủ tục hành chính (Biểu số "
            "II.06a/VPCP/KSTT) của một kỳ"
        ),
        cmd_report,
    )
    report.add_argument(
        "--from", dest="date_from", type=day, metavar="D", help=N_("ngày đầu kỳ báo cáo")
    )
    report.add_argument(
        "--to", dest="date_to", type=day, metavar="D", help=N_("ngày cuối kỳ, tính cả ngày này")
    )
    shortcuts = report.add_mutually_exclusive_group()
    shortcuts.add_argument(
        "--month",
        type=_shortcut(r"(\d{4})-(\d{1,2})", "2024-06", lambda y, m: month_of(date(y, m, 1))),
        metavar="YYYY-MM",
        help=N_("cả một tháng, thay cho --from và --to"),
    )
    shortcuts.add_argument(
        "--quarter",
        type=_shortcut(
            r"(\d{4})-[Qq]([1-4])", "2024-Q2", lambda y, q: quarter_of(date(y, 3 * q - 2, 1))
        ),
        metavar="YYYY-Qn",
        help=N_("cả một quý"),
    )
    shortcuts.add_argument(
        "--half",
        type=_shortcut(r"(\d{4})-[Hh]([12])", "2024-H1", _half),
        metavar="YYYY-Hn",
        help=N_("sáu tháng đầu (H1) hoặc cuối (H2) năm"),
    )
    shortcuts.add_argument(
        "--year",
        type=_shortcut(r"(\d{4})", "2024", lambda y: year_of(date(y, 1, 1))),
        metavar="YYYY",
        help=N_("cả một năm"),
    )
    report.add_argument(
        "--format",
        dest="fmt",
        choices=FORMATS,
        help=N_(
            "json (mặc định; in ra màn hình nếu không có --out), pdf (khổ A4 ngang) hoặc xlsx "
            "(bảng tính); với --cell: json thay cho danh sách mã"
        ),
    )
    report.add_argument(
        "--by",
        choices=GROUPINGS,
        default="field",
        help=N_("mỗi dòng là một lĩnh vực (mặc định), một thủ tục hoặc một đơn vị"),
    )
    report.add_argument("--out", metavar="FILE", help=N_("tệp sẽ ghi ra (bắt buộc với pdf, xlsx)"))
    report.add_argument(
        "--to-unit",
        default="",
        metavar="NAME",
        help=N_("tên đơn vị nhận báo cáo, in ở đầu biểu"),
    )
    report.add_argument(
        "--cell",
        metavar="NAME",
        help=N_(
            "thay cho báo cáo: liệt kê mã các hồ sơ được đếm trong một cột (ví dụ resolved_late)"
        ),
    )
    report.add_argument(
        "--row",
        metavar="LABEL",
        help=N_("với --cell: chỉ một dòng của báo cáo (mặc định: dòng tổng cộng)"),
    )
    add_user(report)


def _period(args: argparse.Namespace) -> Period:
    chosen = args.month or args.quarter or args.half or args.year
    if chosen is not None:
        if args.date_from is not None or args.date_to is not None:
            raise ValidationError(TWO_PERIODS)
        assert isinstance(chosen, Period)
        return chosen
    if args.date_from is None or args.date_to is None:
        raise ValidationError(NO_PERIOD)
    try:
        return Period(args.date_from, args.date_to)
    except ValueError:
        from desk_app.services.period_report import BadReportPeriod

        raise BadReportPeriod(args.date_from, args.date_to) from None


def cmd_report(args: argparse.Namespace) -> int:
    from desk_app.cli._common import open_workspace, say
    from desk_app.services.period_report import cell_dossiers, period_report_of, report_json

    period = _period(args)
    fmt = args.fmt or "json"
    if args.cell is None and fmt != "json" and not args.out:
        raise ValidationError(OUT_NEEDED, format=fmt)
    with open_workspace(args) as opened:
        workspace, actor = opened.workspace, opened.actor
        if args.cell is not None:
            codes = cell_dossiers(
                workspace, actor, period.first, period.last, args.cell, by=args.by, label=args.row
            )
            if args.fmt == "json":  # asked for: a list of codes is plain text by default
                print_json({"cell": args.cell, "row": args.row, "codes": codes})
            else:
                say(args, CELL_LIST, count=len(codes), cell=args.cell)
                for code in codes:
                    print(code)
            return 0
        data = period_report_of(
            workspace, actor, period.first, period.last, by=args.by, receiving_unit=args.to_unit
        )
        system = workspace.rules(actor.office.id).system_name
    if fmt == "json":
        document = report_json(data)
        if args.out:
            import json

            write_file(Path(args.out), json.dumps(document, ensure_ascii=False, indent=2).encode())
            print(args.out)
        else:
            print_json(document)
        return 0
    from desk_app.printing.period_report import (
        render_period_report_pdf,
        render_period_report_xlsx,
    )

    render = render_period_report_pdf if fmt == "pdf" else render_period_report_xlsx
    write_file(Path(args.out), render(data, system_name=system))
    print(args.out)
    return 0
