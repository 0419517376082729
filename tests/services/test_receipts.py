"""Receipts of stored dossiers: the original, then reprints that say so, each one audited."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier
from desk_app.services.intake import take_in
from desk_app.services.receipts import receipt_pdf
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry
from desk_app.sync.events import ReceiptPrinted
from tests.factories import intake_request


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_first_print_is_the_original_then_reprints_are_numbered(
    workspace: Workspace, actor: Actor
) -> None:
    record = take_in(
        workspace, actor, intake_request("1.001193", "Nguyễn Thị Hằng", id_number="001190004567")
    )
    first = _text(receipt_pdf(workspace, actor, record.code))
    assert record.code in first
    assert "Nguyễn Thị Hằng" in first
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in first
    assert "BẢN IN LẠI" not in first
    assert "Quyển số: 01/2025" in first
    second = _text(receipt_pdf(workspace, actor, record.code))
    assert "BẢN IN LẠI LẦN 1" in second
    assert get_dossier(workspace, actor, record.code).receipt_prints == 2
    with workspace.db.read() as session:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == record.code).order_by(AuditEntry.seq)
        ).all()
        printed = session.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.kind == "receipt.printed")
        ).all()
    assert [e.action for e in entries] == ["dossier.received", "receipt.printed", "receipt.printed"]
    # Every print is an event the server receives, numbered: 1 the original, 2 the reprint.
    numbers = [ReceiptPrinted.model_validate_json(p).print_number for p in printed]
    assert numbers == [1, 2]


def _compact(pdf: bytes) -> str:
    """The text with all white space removed: table cells wrap long names over lines."""
    return "".join(_text(pdf).split())


def test_receipt_lists_only_the_components_received(workspace: Workspace, actor: Actor) -> None:
    from desk_app.services.catalogue import list_procedures

    procedure = next(
        p for p in list_procedures(workspace) if any(not c.required for c in p.components)
    )
    required = tuple(c.position for c in procedure.components if c.required)
    record = take_in(
        workspace, actor, intake_request(procedure.code, "Lê Văn Tám", components=required)
    )
    text = _compact(receipt_pdf(workspace, actor, record.code))
    for component in procedure.components:
        printed = "".join(component.name.split()) in text
        assert printed == component.required, component.name


CERTIFIED_COPY = "2.000815"  # Chứng thực bản sao từ bản chính: a per-page fee


@pytest.mark.parametrize(
    ("pages", "copies", "fee_line"),
    [
        # Thông tư 226/2016/TT-BTC: 2.000 đ/page, from the third page 1.000 đ/page.
        (3, 2, "Phí,lệphí:10.000đồng"),
        (None, None, "Phí,lệphí:Theoquyđịnh(2.000đồng/trang;từtrangthứ3:1.000đồng/trang;"),
    ],
)
def test_receipt_prints_the_fee_due_or_the_rate_never_a_note(
    workspace: Workspace, actor: Actor, pages: int | None, copies: int | None, fee_line: str
) -> None:
    from desk_app.services.catalogue import list_procedures

    note = next(p.fee_note for p in list_procedures(workspace) if p.code == CERTIFIED_COPY)
    record = take_in(
        workspace,
        actor,
        intake_request(CERTIFIED_COPY, "Nguyễn Văn An", pages=pages, copies=copies),
    )
    text = _compact(receipt_pdf(workspace, actor, record.code))
    assert fee_line in text
    assert not note or "".join(note.split())[:30] not in text
    assert "6.Đăngkýnhậnkếtquảtại:Bộphậntiếpnhậnvàtrảkếtquả" in text
    assert "tại:Tại" not in text


def test_a_province_fee_prints_the_amount_typed_or_an_exemption(
    workspace: Workspace, actor: Actor
) -> None:
    birth = take_in(workspace, actor, intake_request("1.001193", "Đúng hạn", fee_vnd=0))
    assert "Phí,lệphí:Miễnlệphí" in _compact(receipt_pdf(workspace, actor, birth.code))
    late = take_in(workspace, actor, intake_request("1.001193", "Quá hạn", fee_vnd=5000))
    assert "Phí,lệphí:5.000đồng" in _compact(receipt_pdf(workspace, actor, late.code))


def test_receipt_text_follows_the_form_set_of_the_receipt_date(
    workspace: Workspace, actor: Actor
) -> None:
    july = take_in(workspace, actor, intake_request("1.001193", "Tháng bảy"))  # 15/07/2025
    assert "01/2018/TT-VPCP" in _text(receipt_pdf(workspace, actor, july.code))
