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


@pytest.mark.parametrize(
    ("code", "fee_fragment"),
    [
        ("2.000815", "2.000đồng"),  # certified copy: per page, from page 3 1,000 đ
        ("1.001193", "Miễnlệphíkhiđăngkýđúnghạn"),  # birth: set by the province, exemption
    ],
)
def test_receipt_prints_the_fee_with_its_rule_and_where_to_collect(
    workspace: Workspace, actor: Actor, code: str, fee_fragment: str
) -> None:
    from desk_app.services.catalogue import list_procedures

    note = next(p.fee_note for p in list_procedures(workspace) if p.code == code)
    record = take_in(workspace, actor, intake_request(code, "Nguyễn Văn An"))
    text = _compact(receipt_pdf(workspace, actor, record.code))
    assert "Phí,lệphí:" in text and fee_fragment in text
    assert "".join(note.split())[:40] in text
    assert "6.Đăngkýnhậnkếtquảtại:Bộphậntiếpnhậnvàtrảkếtquả" in text
    assert "tại:Tại" not in text


def test_receipt_text_follows_the_form_set_of_the_receipt_date(
    workspace: Workspace, actor: Actor
) -> None:
    july = take_in(workspace, actor, intake_request("1.001193", "Tháng bảy"))  # 15/07/2025
    assert "01/2018/TT-VPCP" in _text(receipt_pdf(workspace, actor, july.code))
