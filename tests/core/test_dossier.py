"""The applicant's fields: what cannot be stored or printed is refused naming the field."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.core.dossier import Applicant
from desk_app.core.errors import ValidationError


@pytest.mark.parametrize(
    "name",
    [
        "Nguyễn Thị Ánh Tuyết",
        "Đặng Văn Ơn",
        "Hoàng Ngọc Phách",
        "Lê Thị Bình (đại diện)",
        "Trần Văn A, Nguyễn Văn B",
        "Y'Đi Êban",
        "Hồ Văn 2",
        "A" * 255,
    ],
)
def test_vietnamese_names_are_kept(name: str) -> None:
    assert Applicant(name).validated().name == name


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("12345", "chữ cái"),
        ("...", "chữ cái"),
        ("A" * 256, "256"),
        ("Nguyễn Văn An 😀", "không in được"),
        ("Nguyễn ★ An", "không in được"),
        ("Иван Петров", "không in được"),
        ("王小明", "không in được"),
        ("Nguyễn Văn Q\u0301", "đứng riêng"),
        ("\u0301\u0300 An", "đứng riêng"),
    ],
)
def test_a_name_that_cannot_be_printed_is_refused_naming_the_field(name: str, said: str) -> None:
    with pytest.raises(ValidationError, match=said) as refused:
        Applicant(name).validated()
    assert refused.value.field == "applicant_name"


def test_a_representative_is_checked_like_the_applicant() -> None:
    with pytest.raises(ValidationError) as refused:
        Applicant("Nguyễn Văn An", representative="🙂").validated()
    assert refused.value.field == "representative"


def test_a_name_typed_decomposed_composes_and_is_kept() -> None:
    assert Applicant("Nguye\u0302\u0303n").validated().name == "Nguyễn"


@pytest.mark.parametrize("phone", ["0912345678", "+84 912 345 678", "0243.8254.321", "12345678"])
def test_phones_with_8_to_15_digits_are_kept(phone: str) -> None:
    assert Applicant("An", phone=phone).validated().phone == phone


@pytest.mark.parametrize(
    "phone", ["1234567", "1234567890123456", "........", "+ . . . . .", "09x1"]
)
def test_other_phones_are_refused(phone: str) -> None:
    with pytest.raises(ValidationError) as refused:
        Applicant("An", phone=phone).validated()
    assert refused.value.field == "phone"


def test_an_id_number_implying_a_later_birth_year_is_refused_given_today() -> None:
    applicant = Applicant("An", id_number="001226004567")
    assert applicant.validated().id_number == "001226004567"  # no date, no check
    with pytest.raises(ValidationError, match="2026") as refused:
        applicant.validated(date(2025, 7, 15))
    assert refused.value.field == "id_number"
