"""The words of a display's call: what the hall hears for "A012, quầy 3" and any other ticket."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.announce import (
    CLIPS,
    LETTER_NAMES,
    announcement_text,
    announcement_words,
    counter_words,
    digits_words,
    number_words,
)
from desk_app.core.queue import MAX_NUMBER, ticket_label


def said(words: list[str]) -> str:
    return " ".join(CLIPS[word] for word in words)


def test_the_issues_call_is_the_expected_clip_sequence() -> None:
    assert announcement_words("A012", "3") == [
        "moi_cong_dan_co_so_thu_tu",
        "A",
        "khong",
        "muoi",
        "hai",
        "den_quay_so",
        "ba",
    ]
    assert announcement_text("A012", "3") == (
        "Mời công dân có số thứ tự A không mười hai, đến quầy số ba."
    )


@pytest.mark.parametrize(
    ("digits", "heard"),
    [
        ("012", "không mười hai"),
        ("001", "không không một"),
        ("010", "không mười"),
        ("015", "không mười lăm"),
        ("014", "không mười bốn"),
        ("021", "không hai mươi mốt"),
        ("105", "một trăm linh năm"),
        ("101", "một trăm linh một"),
        ("115", "một trăm mười lăm"),
        ("121", "một trăm hai mươi mốt"),
        ("124", "một trăm hai mươi tư"),
        ("125", "một trăm hai mươi lăm"),
        ("110", "một trăm mười"),
        ("200", "hai trăm"),
        ("1000", "một nghìn"),
        ("1005", "một nghìn không trăm linh năm"),
        ("1010", "một nghìn không trăm mười"),
        ("2024", "hai nghìn không trăm hai mươi tư"),
        ("9999", "chín nghìn chín trăm chín mươi chín"),
    ],
)
def test_ticket_numbers_are_read_as_the_hall_reads_them(digits: str, heard: str) -> None:
    assert said(digits_words(digits)) == heard


@pytest.mark.parametrize(
    ("counter", "heard"),
    [("3", "ba"), ("12", "mười hai"), ("03", "ba"), ("3A", "ba a"), ("2-B", "hai bê")],
)
def test_counters_are_read_as_numbers_then_letters(counter: str, heard: str) -> None:
    words = counter_words(counter)
    assert words is not None
    assert said(words) == heard


def test_the_counter_twelve_and_a_letter_called_by_its_name() -> None:
    assert announcement_text("L001", "12") == (
        "Mời công dân có số thứ tự E lờ không không một, đến quầy số mười hai."
    )
    assert announcement_words("C105", "3A")[-3:] == ["den_quay_so", "ba", "A"]


def test_a_counter_no_clip_can_say_is_left_to_the_voice() -> None:
    """ "Đ1" has no clip: the clips still say the number (the screen shows the counter); a
    text-to-speech voice reads the counter as written."""
    assert counter_words("Đ1") is None
    assert announcement_words("B007", "Đ1") == [
        "moi_cong_dan_co_so_thu_tu",
        "B",
        "khong",
        "khong",
        "bay",
    ]
    assert announcement_text("B007", "Đ1") == (
        "Mời công dân có số thứ tự Bê không không bảy, đến quầy số Đ1."
    )
    assert announcement_text("B007", "") == "Mời công dân có số thứ tự Bê không không bảy."


def test_what_is_not_a_ticket_label_is_refused() -> None:
    for label in ("", "12", "AB1", "A12345", "A-1"):
        with pytest.raises(ValueError):
            announcement_words(label, "1")


def test_every_letter_has_its_vietnamese_name_and_a_clip() -> None:
    assert set(LETTER_NAMES) == set("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    assert [LETTER_NAMES[letter] for letter in "ABCDGHKLSXY"] == [
        "a",
        "bê",
        "xê",
        "dê",
        "giê",
        "hát",
        "ca",
        "e-lờ",
        "ét-xì",
        "ích-xì",
        "i-dài",
    ]
    assert all(name.isascii() for name in CLIPS)
    assert len({name.lower() for name in CLIPS}) == len(CLIPS)  # Windows ignores file-name case


# --- an independent reading of Vietnamese numbers, for a few of its rules ----------------------

DIGIT = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]


def reference_reading(n: int) -> str:
    """Written from the rules, not from the module: mốt/tư/lăm after "mươi", lăm after "mười",
    linh for an empty ten, "không trăm" inside a thousand."""
    out: list[str] = []
    thousands, hundreds, tens, units = n // 1000, n // 100 % 10, n // 10 % 10, n % 10
    if thousands:
        out += [DIGIT[thousands], "nghìn"]
    if hundreds or (thousands and (tens or units)):
        out += [DIGIT[hundreds], "trăm"]
    if tens == 0 and units:
        if out:
            out.append("linh")
        out.append(DIGIT[units])
    elif tens == 1:
        out.append("mười")
        if units:
            out.append("lăm" if units == 5 else DIGIT[units])
    elif tens >= 2:
        out += [DIGIT[tens], "mươi"]
        if units:
            out.append({1: "mốt", 4: "tư", 5: "lăm"}.get(units, DIGIT[units]))
    return " ".join(out)


@given(st.integers(1, MAX_NUMBER))
def test_any_ticket_is_said_with_bundled_clips_as_the_rules_read_it(number: int) -> None:
    label = ticket_label("A", number)
    words = announcement_words(label, "3")
    assert all(word in CLIPS for word in words)
    ticket = words[2:-2]  # between the letter and "đến quầy số ba"
    zeros = len(label) - 1 - len(str(number))
    assert said(ticket) == " ".join(["không"] * zeros + [reference_reading(number)])
    text = said(number_words(number))
    assert "mươi một" not in text and "mươi bốn" not in text and "mươi năm" not in text
    assert "mười năm" not in text and "linh mươi" not in text
    assert announcement_text(label, "3").endswith(f" {text}, đến quầy số ba.")


@given(st.integers(0, 999))
def test_any_numbered_counter_is_said_with_bundled_clips(number: int) -> None:
    words = counter_words(str(number))
    assert words is not None
    assert all(word in CLIPS for word in words)
    assert said(words) == (reference_reading(number) or "không")
