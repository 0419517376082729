"""Form wording: one table per rule set, dates written the way official documents write them."""

from __future__ import annotations

import dataclasses
import unicodedata
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.rules import RuleSet
from desk_app.printing.form_texts import (
    NATIONAL_MOTTO,
    NATIONAL_NAME,
    RECEIPT_TEXTS,
    clock_and_date,
    place_and_date,
    two_digits,
)


def all_texts() -> list[str]:
    texts = [NATIONAL_NAME, NATIONAL_MOTTO]
    for wording in RECEIPT_TEXTS.values():
        for value in dataclasses.asdict(wording).values():
            texts += [value] if isinstance(value, str) else list(value)
    return texts


def test_every_rule_set_has_receipt_wording() -> None:
    assert set(RECEIPT_TEXTS) == set(RuleSet)


def test_the_2025_wording_cites_the_2025_circular() -> None:
    assert "01/2018/TT-VPCP" in RECEIPT_TEXTS[RuleSet.R2018].legal_basis
    assert "03/2025/TT-VPCP" in RECEIPT_TEXTS[RuleSet.R2025].legal_basis
    for wording in RECEIPT_TEXTS.values():
        assert wording.form_number == "Mẫu số 01"
        assert wording.title == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"


def test_every_printed_text_is_composed_unicode() -> None:
    """Decomposed marks print misplaced (ReportLab does no shaping)."""
    for text in all_texts():
        assert unicodedata.normalize("NFC", text) == text, text


def test_clock_and_date_uses_two_digits_everywhere() -> None:
    moment = datetime(2025, 7, 5, 9, 5)
    assert clock_and_date(moment) == "09 giờ 05 phút, ngày 05 tháng 07 năm 2025"


def test_place_and_date_follows_decree_30() -> None:
    assert place_and_date("Hà Nội", date(2025, 7, 15)) == "Hà Nội, ngày 15 tháng 7 năm 2025"
    assert place_and_date("Hà Nội", date(2025, 2, 5)) == "Hà Nội, ngày 05 tháng 02 năm 2025"
    assert place_and_date("Hà Nội", date(2025, 12, 31)) == "Hà Nội, ngày 31 tháng 12 năm 2025"


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_place_and_date_pads_days_below_ten_and_january_february(day: date) -> None:
    words = place_and_date("Huế", day).split()
    assert words[:2] == ["Huế,", "ngày"]
    assert words[2] == f"{day.day:02d}"
    assert words[4] == (f"{day.month:02d}" if day.month < 3 else str(day.month))
    assert words[6] == str(day.year)


def test_counts_have_two_digits() -> None:
    assert [two_digits(n) for n in (1, 9, 10, 128)] == ["01", "09", "10", "128"]
