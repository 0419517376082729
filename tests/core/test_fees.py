"""Fees as the receipt prints them: the amount due, an exemption, or the rate - never a note."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.errors import ValidationError
from desk_app.core.fees import FeeBasis, FeeRule, fee_text, vnd

# Thông tư 226/2016/TT-BTC: a certified copy costs 2.000 đ a page, 1.000 đ a page from the
# third, at most 200.000 đ a copy.
CERTIFIED_COPY = FeeRule(FeeBasis.PER_PAGE, 2_000, 3, 1_000, 200_000)


@pytest.mark.parametrize(
    ("pages", "copies", "due"),
    [(1, 1, 2_000), (2, 1, 4_000), (3, 2, 10_000), (250, 2, 400_000), (1000, 1, 200_000)],
)
def test_a_certified_copy_is_charged_by_page_with_a_cap_per_copy(
    pages: int, copies: int, due: int
) -> None:
    assert CERTIFIED_COPY.due(pages=pages, copies=copies) == due


@given(pages=st.integers(1, 1000), copies=st.integers(1, 99))
def test_a_per_page_fee_grows_with_pages_and_never_passes_the_cap(pages: int, copies: int) -> None:
    due = CERTIFIED_COPY.due(pages=pages, copies=copies)
    assert due is not None
    assert 0 < due <= 200_000 * copies
    if pages < 1000:
        more = CERTIFIED_COPY.due(pages=pages + 1, copies=copies)
        assert more is not None and more >= due


@pytest.mark.parametrize("pages", [0, -1, 1001, 10_000])
def test_an_impossible_page_count_is_refused_plainly(pages: int) -> None:
    with pytest.raises(ValidationError) as refused:
        CERTIFIED_COPY.due(pages=pages, copies=1)
    assert refused.value.field == "pages"
    assert "Số trang phải từ 1 đến 1.000" in refused.value.message.render()


def test_a_fee_not_known_yet_prints_the_rate_and_a_known_one_its_amount() -> None:
    assert fee_text(None, rule=CERTIFIED_COPY) == (
        "Theo quy định (2.000 đồng/trang; từ trang thứ 3: 1.000 đồng/trang; "
        "tối đa 200.000 đồng/bản)"
    )
    assert fee_text(CERTIFIED_COPY.due(pages=3, copies=2)) == "10.000 đồng"
    assert fee_text(0) == "Miễn lệ phí"
    province = FeeRule(FeeBasis.PROVINCE)
    assert fee_text(province.due()) == "Theo quy định"
    assert fee_text(province.due(entered=8_000)) == "8.000 đồng"
    assert FeeRule(FeeBasis.FIXED, 0).exempt


def test_per_copy_needs_copies_and_fixed_needs_nothing() -> None:
    extract = FeeRule(FeeBasis.PER_COPY, 8_000)
    assert extract.needs_copies and not extract.needs_pages
    assert extract.due() is None
    assert extract.due(copies=3) == 24_000
    assert FeeRule(FeeBasis.FIXED, 50_000).due() == 50_000


@pytest.mark.parametrize(
    "rule",
    [
        lambda: FeeRule(FeeBasis.FIXED),  # no amount
        lambda: FeeRule(FeeBasis.PROVINCE, 10_000),  # an amount the province sets
        lambda: FeeRule(FeeBasis.FIXED, 100_000_000),  # beyond any ward's fee
        lambda: FeeRule(FeeBasis.FIXED, 10_000, cap_vnd=5_000),  # a cap on a fixed fee
        lambda: FeeRule(FeeBasis.PER_PAGE, 2_000, 1, 1_000),  # "from page 1" is no lower rate
    ],
)
def test_a_rule_that_cannot_be_applied_is_refused(rule: object) -> None:
    with pytest.raises(ValidationError):
        rule()  # type: ignore[operator]


@given(amount=st.integers(0, 99_999_999))
def test_amounts_are_written_with_vietnamese_thousands_dots(amount: int) -> None:
    text = vnd(amount)
    assert text.endswith(" đồng")
    assert int(text.removesuffix(" đồng").replace(".", "")) == amount
    assert "," not in text


def test_a_page_count_is_checked_even_before_the_copies_are_known() -> None:
    with pytest.raises(ValidationError) as refused:
        CERTIFIED_COPY.due(pages=10_000)
    assert refused.value.field == "pages"
    with pytest.raises(ValidationError):
        FeeRule(FeeBasis.PER_COPY, 8_000).due(copies=0)
