"""Form II.06a on paper and in a workbook: the header band, title and column headers word for
word (reference §5, §11), and every cell the same number as the JSON, for the month of acts
of `tests.services.test_period_report`."""

from __future__ import annotations

import io
import re
from datetime import date

from openpyxl import load_workbook
from pypdf import PdfReader

from desk_app.core.period_report import COUNT_NAMES, EXTRA_NAMES, Period
from desk_app.printing.period_report import (
    period_name,
    render_period_report_pdf,
    render_period_report_xlsx,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.period_report import period_report_of, report_json
from tests.services.test_period_report import AUGUST, Month, month

__all__ = ["month"]  # the fixture, imported

HEADERS = (
    "Biểu số II.06a/VPCP/KSTT",
    "- Đơn vị báo cáo: UBND phường Thanh Xuân Trung",
    "- Đơn vị nhận báo cáo: UBND quận Thanh Xuân",
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT TTHC TẠI CƠ QUAN, ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT TTHC",
    "Kỳ báo cáo: Tháng 8 năm 2025 (Từ ngày 01/08/2025 đến ngày 31/08/2025)",
    "Đơn vị tính: Số hồ sơ TTHC",
    "Lĩnh vực, công việc giải quyết theo cấp",
    "Số hồ sơ nhận giải quyết",
    "Trực tiếp, dịch vụ bưu chính",
    "Từ kỳ trước",
    "Số hồ sơ đã giải quyết",
    "Số lượng hồ sơ đang giải quyết",
    "Trong hạn",
)


def _report(workspace: Workspace, actor: Actor) -> tuple[object, dict[str, object]]:
    data = period_report_of(workspace, actor, *AUGUST, receiving_unit="UBND quận Thanh Xuân")
    return data, report_json(data)


def test_the_pdf_prints_the_form_and_the_json_numbers(
    workspace: Workspace, actor: Actor, month: Month
) -> None:
    data, document = _report(workspace, actor)
    pdf = render_period_report_pdf(data)  # type: ignore[arg-type]
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 1
    assert pages[0].mediabox.width > pages[0].mediabox.height  # A4 landscape
    lines = pages[0].extract_text().splitlines()
    flat = " ".join(" ".join(lines).split())
    for header in HEADERS:
        assert header in flat, header
    assert "(1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13)" in flat
    rows = [*document["rows"], {"label": "Tổng cộng", **document["total"]}]  # type: ignore[dict-item]
    official = flat[: flat.index("SỐ LIỆU BỔ SUNG")]  # nothing of ours inside the form's table
    extra = flat[flat.index("SỐ LIỆU BỔ SUNG") :]
    for row in rows:
        numbers = " ".join(str(row[name]) for name in COUNT_NAMES)
        assert re.search(rf"{re.escape(row['label'])} {numbers}\b", official), row["label"]
        supervisors = " ".join(str(row[name]) for name in EXTRA_NAMES)
        assert re.search(rf"{re.escape(row['label'])} \S+ \S+ {supervisors}\b", extra)
    assert "chờ bổ sung" not in official.lower()


def test_the_workbook_has_the_form_s_merged_header_and_numbers_as_numbers(
    workspace: Workspace, actor: Actor, month: Month
) -> None:
    data, document = _report(workspace, actor)
    book = load_workbook(io.BytesIO(render_period_report_xlsx(data)))  # type: ignore[arg-type]
    sheet = book["II.06a"]
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    for header in HEADERS:
        assert header in texts, header
    merged = {str(r) for r in sheet.merged_cells.ranges}
    # STT and (2) down three rows; the three groups across; "Trong đó" over its three.
    assert {"A8:A10", "B8:B10", "C8:F8", "G8:J8", "K8:M8", "D9:F9"} <= merged
    assert [sheet.cell(11, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    rows = [*document["rows"], {"label": "Tổng cộng", **document["total"]}]  # type: ignore[dict-item]
    for offset, row in enumerate(rows):
        line = [sheet.cell(12 + offset, c).value for c in range(1, 14)]
        assert line[1] == row["label"]
        assert line[2:] == [row[name] for name in COUNT_NAMES]
        assert all(isinstance(v, int) for v in line[2:])
    extra = book["Bổ sung"]
    for offset, row in enumerate(rows):
        line = [extra.cell(4 + offset, c).value for c in range(1, 10)]
        assert line[1] == row["label"]
        assert line[2:4] == [row["online_share"], row["on_time_rate"]]
        assert line[4:] == [row[name] for name in EXTRA_NAMES]


def test_periods_are_named_as_reports_name_them() -> None:
    assert period_name(Period(date(2024, 6, 1), date(2024, 6, 30))) == "Tháng 6 năm 2024"
    assert period_name(Period(date(2024, 4, 1), date(2024, 6, 30))) == "Quý II năm 2024"
    assert period_name(Period(date(2024, 1, 1), date(2024, 6, 30))) == "6 tháng đầu năm 2024"
    assert period_name(Period(date(2024, 7, 1), date(2024, 12, 31))) == "6 tháng cuối năm 2024"
    assert period_name(Period(date(2024, 1, 1), date(2024, 12, 31))) == "Năm 2024"
    assert period_name(Period(date(2024, 6, 3), date(2024, 6, 9))) == ""
