"""The QR payload: compact, one line, and read back exactly as written."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.text import clean
from desk_app.printing.document_qr import DocumentQr, NotADocumentQr

VIETNAM = timezone(timedelta(hours=7))


def receipt_qr(**changes: object) -> DocumentQr:
    values: dict[str, object] = {
        "dossier_code": "000.00.19.H56-250715-0001",
        "procedure_code": "2.000908",
        "id_number": "001090123456",
        "document_name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "system_name": "Hệ thống một cửa phường Thanh Xuân",
        "issued_at": datetime(2025, 7, 15, 9, 5, tzinfo=VIETNAM),
        "appointment_at": datetime(2025, 7, 18, 16, 0, tzinfo=VIETNAM),
        "lookup_url": "https://tracuu.example.vn/ho-so",
    }
    values.update(changes)
    return DocumentQr(**values)  # type: ignore[arg-type]


def test_the_payload_is_the_documented_line() -> None:
    assert receipt_qr().payload() == (
        "MHS:000.00.19.H56-250715-0001|TTHC:2.000908|DD:001090123456"
        "|VB:Giấy tiếp nhận hồ sơ và hẹn trả kết quả|HT:Hệ thống một cửa phường Thanh Xuân"
        "|TG:2025-07-15T09:05+07:00|HEN:2025-07-18T16:00+07:00|URL:https://tracuu.example.vn/ho-so"
    )


def test_empty_optional_fields_are_left_out() -> None:
    payload = receipt_qr(id_number="", appointment_at=None, lookup_url="").payload()
    assert "DD:" not in payload and "HEN:" not in payload and "URL:" not in payload
    read = DocumentQr.parse(payload)
    assert (read.id_number, read.appointment_at, read.lookup_url) == ("", None, "")


def test_a_separator_inside_a_value_survives() -> None:
    original = receipt_qr(system_name=r"Một cửa | Phường \ Xã")
    assert DocumentQr.parse(original.payload()) == original


def test_unknown_keys_are_ignored() -> None:
    payload = receipt_qr().payload() + "|XYZ:tương lai"
    assert DocumentQr.parse(payload) == receipt_qr()


@pytest.mark.parametrize(
    "scanned",
    [
        "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Hà Nội|15042021",
        "https://tracuu.example.vn/ho-so",
        "MHS:000.00.19.H56-250715-0001|TG:hôm qua",
        "",
    ],
)
def test_a_foreign_qr_is_refused_in_plain_words(scanned: str) -> None:
    with pytest.raises(NotADocumentQr) as refused:
        DocumentQr.parse(scanned)
    assert refused.value.msgid.startswith("Mã QR này không phải")


minutes = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(VIETNAM)
).map(lambda moment: moment.replace(second=0, microsecond=0))
words = st.text(min_size=1, max_size=40).map(clean).filter(bool)


@settings(max_examples=200, deadline=None)
@given(
    code=words,
    procedure=words,
    id_number=st.one_of(st.just(""), words),
    name=words,
    system=words,
    issued=minutes,
    appointment=st.one_of(st.none(), minutes),
    url=st.one_of(st.just(""), words),
)
def test_parse_reads_back_what_payload_wrote(
    code: str,
    procedure: str,
    id_number: str,
    name: str,
    system: str,
    issued: datetime,
    appointment: datetime | None,
    url: str,
) -> None:
    original = DocumentQr(code, procedure, id_number, name, system, issued, appointment, url)
    payload = original.payload()
    assert "\n" not in payload  # a keyboard-mode scanner would press Enter mid-payload
    assert DocumentQr.parse(payload) == original
