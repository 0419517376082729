"""The catalogue's records as models: the fee rule each procedure carries, and its bounds."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError as PydanticValidationError

from desk_app.core.fees import MAX_FEE_VND, FeeBasis, FeeRule
from desk_app.imports.catalogue_schema import (
    FEE_BASES,
    CatalogueFile,
    DurationSpec,
    FeeSpec,
    fee_from_version_1,
    is_version_1,
)
from desk_app.imports.pydantic_problems import describe


def refusal(fee: dict[str, Any]) -> tuple[str, str]:
    """(field, message) of the first problem pydantic reports for ``fee``."""
    with pytest.raises(PydanticValidationError) as caught:
        FeeSpec.model_validate(fee)
    error = caught.value.errors()[0]
    return ".".join(str(p) for p in error["loc"]), describe(error).render()


def test_the_file_spellings_of_fee_bases_are_the_cores() -> None:
    assert FEE_BASES == ("fixed", "per_copy", "per_page", "province")


@pytest.mark.parametrize(
    ("fee", "rule"),
    [
        ({"basis": "province"}, FeeRule(FeeBasis.PROVINCE)),
        ({"basis": "fixed", "amount_vnd": 0}, FeeRule(FeeBasis.FIXED, 0)),
        ({"basis": "per_copy", "amount_vnd": 8000}, FeeRule(FeeBasis.PER_COPY, 8000)),
        (
            {
                "basis": "per_page",
                "amount_vnd": 2000,
                "later_from_page": 3,
                "later_amount_vnd": 1000,
                "cap_vnd": 200000,
            },
            FeeRule(FeeBasis.PER_PAGE, 2000, 3, 1000, 200000),
        ),
    ],
)
def test_a_fee_spec_is_the_cores_fee_rule_both_ways(fee: dict[str, Any], rule: FeeRule) -> None:
    spec = FeeSpec.model_validate(fee)
    assert spec.to_rule() == rule
    assert FeeSpec.of(rule) == spec


@pytest.mark.parametrize(
    ("fee", "field", "words"),
    [
        ({"basis": "fixed"}, "amount_vnd", "cách tính phí fixed cần ghi số tiền"),
        ({"basis": "province", "amount_vnd": 0}, "amount_vnd", "không ghi số tiền"),
        ({"basis": "fixed", "amount_vnd": -1}, "amount_vnd", "số tiền -1 không hợp lệ"),
        ({"basis": "fixed", "amount_vnd": MAX_FEE_VND}, "amount_vnd", "dưới 100.000.000 đồng"),
        (
            {"basis": "per_copy", "amount_vnd": 1, "later_from_page": 3},
            "later_from_page",
            "per_page",
        ),
        ({"basis": "per_copy", "amount_vnd": 1, "cap_vnd": 9}, "cap_vnd", "per_page"),
        (
            {"basis": "per_page", "amount_vnd": 1, "later_from_page": 1001},
            "later_from_page",
            "1000",
        ),
        (
            {"basis": "per_page", "amount_vnd": 1, "later_amount_vnd": 5},
            "later_amount_vnd",
            "trang bắt đầu",
        ),
        ({"basis": "per_page", "amount_vnd": 1, "cap_vnd": MAX_FEE_VND}, "cap_vnd", "100.000.000"),
    ],
)
def test_a_bad_fee_rule_names_the_field_in_plain_vietnamese(
    fee: dict[str, Any], field: str, words: str
) -> None:
    where, message = refusal(fee)
    assert where == field
    assert words in message


@given(st.none() | st.integers(0, MAX_FEE_VND - 1))
def test_a_version_1_amount_reads_as_the_province_basis_or_a_fixed_fee(fee_vnd: int | None) -> None:
    rule = FeeSpec.model_validate(fee_from_version_1(fee_vnd)).to_rule()
    if fee_vnd is None:
        assert rule == FeeRule(FeeBasis.PROVINCE)
    else:
        assert rule == FeeRule(FeeBasis.FIXED, fee_vnd)
        assert rule.due() == fee_vnd


def test_only_the_number_1_marks_a_version_1_document() -> None:
    assert is_version_1({"version": 1})
    assert not is_version_1({"version": True})
    assert not is_version_1({"version": 2})
    assert not is_version_1([1])


def test_a_document_of_an_unknown_version_is_refused() -> None:
    with pytest.raises(PydanticValidationError) as caught:
        CatalogueFile.model_validate(
            {"format": "desk-app-catalogue", "version": 3, "procedures": []}
        )
    assert caught.value.errors()[0]["loc"] == ("version",)


@pytest.mark.parametrize(
    ("unit", "longest"), [("working_days", 365), ("calendar_days", 730), ("working_hours", 2920)]
)
def test_durations_stop_at_their_bound(unit: str, longest: int) -> None:
    assert DurationSpec(value=longest, unit=unit).to_duration().value == longest
    with pytest.raises(PydanticValidationError, match="quá dài"):
        DurationSpec(value=longest + 1, unit=unit)
