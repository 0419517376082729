"""The register (Sổ theo dõi hồ sơ, 2018 Mẫu 06 / 2025 Mẫu 07) as a landscape PDF and a workbook."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta, timezone

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import select

from desk_app.core.lifecycle import Action, DossierState
from desk_app.core.rules import RuleSet
from desk_app.printing.register import (
    RegisterData,
    RegisterRow,
    render_register_pdf,
    render_register_xlsx,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.forms import BadRegisterPeriod, render_register
from desk_app.services.intake import take_in
from desk_app.store.models import Dossier
from tests.factories import SettableClock, intake_request
from tests.printing.test_lifecycle_forms import CENTRE_2025, WARD_2018, add_act
from tests.printing.test_receipt import page_texts

VN = timezone(timedelta(hours=7))
RECEIVED = datetime(2025, 7, 15, 9, 5, tzinfo=VN)
DUE = datetime(2025, 7, 18, 16, 0, tzinfo=VN)


def row(line: int, **changes: object) -> RegisterRow:
    values: dict[str, object] = {
        "book": "01/2025",
        "line": line,
        "code": f"000.00.19.H56-250715-{line:04d}",
        "procedure_name": "Đăng ký khai sinh",
        "sets_count": 1,
        "applicant_name": "Nguyễn Thị Thu Hường",
        "address_phone": "Số 12 phố Nguyễn Trãi; 0912 345 678",
        "handling_unit": "Công chức tư pháp - hộ tịch",
        "received_at": RECEIVED,
        "due_at": DUE,
    }
    return RegisterRow(**(values | changes))  # type: ignore[arg-type]


def book(rule_set: RuleSet, rows: tuple[RegisterRow, ...]) -> RegisterData:
    return RegisterData(
        rule_set=rule_set,
        office=WARD_2018 if rule_set is RuleSet.R2018 else CENTRE_2025,
        date_from=date(2025, 7, 1),
        date_to=date(2025, 7, 31),
        printed_on=date(2025, 8, 1),
        system_name="desk-app",
        rows=rows,
    )


ROWS = (
    row(
        1,
        sent_at=RECEIVED + timedelta(hours=1),
        result_at=DUE - timedelta(hours=2),
        returned_at=DUE,
        collected_by_proxy="Lê Văn Nam",
        sets_count=2,
    ),
    row(2, postal_waybill="EB123456789VN", original_due_at=DUE - timedelta(days=1)),
    row(3, book="02/2025", note="Đã từ chối"),
)


@pytest.mark.parametrize(("rule_set", "number"), [(RuleSet.R2018, "06"), (RuleSet.R2025, "07")])
def test_the_pdf_is_a4_landscape_with_the_reference_columns(rule_set: RuleSet, number: str) -> None:
    pdf = render_register_pdf(book(rule_set, ROWS))
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    width, height = (float(side) for side in page.mediabox[2:])
    assert width > height and round(width / 72 * 25.4) == 297
    text = " ".join(page_texts(pdf))
    for expected in [
        f"Mẫu số {number}",
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/07/2025 đến ngày 31/07/2025",
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Ngày, tháng, năm",
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Ký nhận",
        "Ghi chú",
        "Quyển số: 01/2025",
        "Quyển số: 02/2025",
        "000.00.19.H56-250715-0001",
        "09:05 15/07/2025",
        "Người nhận thay: Lê Văn Nam",
        "Bưu chính, số vận đơn: EB123456789VN",
        "Hạn ban đầu: 16:00 17/07/2025",
        "Đã từ chối",
    ]:
        assert expected in text, expected


def test_a_long_register_repeats_its_header_on_every_page() -> None:
    pdf = render_register_pdf(book(RuleSet.R2025, tuple(row(n) for n in range(1, 40))))
    pages = page_texts(pdf)
    assert len(pages) > 1
    assert all("Tên thủ tục hành chính" in page for page in pages)
    assert "Trang 2/" in pages[1]


def test_the_workbook_has_the_same_columns_merged_headers_numbers_and_dates() -> None:
    sheet = load_workbook(io.BytesIO(render_register_xlsx(book(RuleSet.R2025, ROWS)))).active
    assert sheet.cell(3, 1).value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet.cell(6, 1).value == "STT" and sheet.cell(6, 8).value == "Ngày, tháng, năm"
    assert [sheet.cell(7, c).value for c in range(8, 13)] == [
        "Nhận hồ sơ",
        "Hẹn trả kết quả",
        "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết",
        "Trả kết quả cho cá nhân, tổ chức",
    ]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A6:A7", "H6:L6", "N6:N7", "A8:N8"} <= merged
    assert sheet.cell(8, 1).value == "Quyển số: 01/2025"
    first = [sheet.cell(9, c).value for c in range(1, 15)]
    assert first[0] == 1 and first[3] == 2  # numbers as numbers
    assert first[7] == datetime(2025, 7, 15, 9, 5)  # office time, as a date
    assert sheet.cell(9, 8).number_format == "dd/mm/yyyy hh:mm"
    assert first[11] == datetime(2025, 7, 18, 16, 0) and first[12] == "Người nhận thay: Lê Văn Nam"
    assert sheet.cell(10, 10).value is None  # not yet sent: empty, not a made-up date
    assert sheet.cell(11, 1).value == "Quyển số: 02/2025"


def test_the_register_of_stored_dossiers(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    first = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Đức")).code
    clock.advance(minutes=10)
    second = take_in(workspace, actor, intake_request("1.001193", "Lê Thị Mai", phone="0987654321"))
    sent = clock() + timedelta(hours=1)
    add_act(
        workspace,
        first,
        Action.TRANSFER,
        DossierState.IN_PROGRESS,
        sent,
        handling_unit="Công chức tư pháp - hộ tịch",
    )
    with workspace.write() as session:
        session.scalars(select(Dossier).where(Dossier.code == first)).one().sent_at = sent
    add_act(
        workspace, first, Action.RECORD_RESULT, DossierState.RESULT_READY, sent + timedelta(hours=2)
    )
    add_act(
        workspace,
        first,
        Action.RETURN,
        DossierState.RETURNED,
        sent + timedelta(hours=3),
        details={"collector": "applicant", "postal_waybill": "EB1VN"},
    )
    with workspace.write() as session:
        session.scalars(select(Dossier).where(Dossier.code == first)).one().returned_at = (
            sent + timedelta(hours=3)
        )

    day = clock().date()
    pdf = render_register(workspace, actor, day, day, "pdf")
    assert pdf.rows == 2 and pdf.media_type == "application/pdf"
    text = " ".join(page_texts(pdf.content))
    assert first in text and second.code in text and "Bưu chính, số vận đơn: EB1VN" in text
    assert "Mẫu số 06" in text  # July 2025: the 2018 set
    sheet = load_workbook(
        io.BytesIO(render_register(workspace, actor, day, day, "xlsx").content)
    ).active
    codes = [sheet.cell(r, 2).value for r in range(9, 11)]
    assert codes == [first, second.code]
    assert sheet.cell(9, 7).value == "Công chức tư pháp - hộ tịch"
    assert isinstance(sheet.cell(9, 10).value, datetime)  # sent to the handling unit
    assert sheet.cell(10, 6).value == "0987654321"
    assert (
        render_register(workspace, actor, day + timedelta(days=1), day + timedelta(days=1)).rows
        == 0
    )
    with pytest.raises(BadRegisterPeriod):
        render_register(workspace, actor, day, day - timedelta(days=1))
