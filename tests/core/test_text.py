"""Text hygiene: what is stored and printed is NFC without control characters; search keys fold."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from desk_app.core.text import clean, fold


@pytest.mark.parametrize("empty", [None, "", "   ", "\r\n\t", "\x00\x07"])
def test_nothing_cleans_to_the_empty_string(empty: str | None) -> None:
    assert clean(empty) == ""


def test_decomposed_vietnamese_is_composed() -> None:
    typed = unicodedata.normalize("NFD", "Nguyễn Thị Hồng Nhung")
    assert len(typed) > len("Nguyễn Thị Hồng Nhung")
    assert clean(typed) == "Nguyễn Thị Hồng Nhung"


def test_control_characters_are_dropped_and_white_space_collapsed() -> None:
    assert clean("\x02  Trần\tVăn \r\n Bình\x00\x1b ") == "Trần Văn Bình"


def test_invisible_format_characters_are_dropped() -> None:
    assert clean("Lê\u200b Văn\ufeff Tám") == "Lê Văn Tám"


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Đức Thọ", "nguyen duc tho"),
        ("ĐẶNG THỊ ĐÀO", "dang thi dao"),
        ("đường Giải Phóng", "duong giai phong"),
        (unicodedata.normalize("NFD", "Phạm Quỳnh Anh"), "pham quynh anh"),
        ("  Võ   Thị\tSáu ", "vo thi sau"),
    ],
)
def test_fold_makes_a_key_that_matches_plain_typing(text: str, key: str) -> None:
    assert fold(text) == key


def test_folded_name_matches_what_an_officer_types_without_diacritics() -> None:
    assert fold("Đỗ Đức Dũng") == fold("do duc dung") == fold("DO DUC DUNG")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@settings(max_examples=200, deadline=None)
@given(st.text())
@example("e\u200b\u0301")  # a format character between a letter and its combining accent
def test_clean_output_is_nfc_without_control_characters(text: str) -> None:
    cleaned = clean(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert not any(unicodedata.category(ch).startswith("C") for ch in cleaned)
    assert cleaned == cleaned.strip()
    assert "  " not in cleaned
