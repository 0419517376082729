"""Citizen ID card QR lines as scanners type them, and personal identification numbers."""

from __future__ import annotations

import contextlib
import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.citizen_id import (
    FEMALE,
    MALE,
    PROVINCE_CODES,
    CitizenIdCard,
    QrError,
    looks_like_id_qr,
    parse_qr,
    validate_id_number,
)
from desk_app.core.errors import ValidationError

ADDRESS = "Phường Thanh Xuân Trung, Quận Thanh Xuân, Hà Nội"
EXAMPLE = f"001090123456|012345678|Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021"


def test_reference_example_fills_every_field() -> None:
    card = parse_qr(EXAMPLE)
    assert card == CitizenIdCard(
        id_number="001090123456",
        old_id_number="012345678",
        full_name="Nguyễn Văn An",
        birth_date=date(1990, 1, 1),
        sex=MALE,
        address=ADDRESS,
        issue_date=date(2021, 4, 15),
        extra_fields=(),
        raw=EXAMPLE,
    )
    assert not card.name_lacks_diacritics


def test_empty_old_id_field_means_no_old_id() -> None:
    card = parse_qr(f"001090123456||Nguyễn Văn An|01011990|Nam|{ADDRESS}|15042021")
    assert card.old_id_number is None
    assert card.full_name == "Nguyễn Văn An"


def test_six_field_line_has_no_old_id() -> None:
    card = parse_qr(f"001190123456|Trần Thị Bình|02021990|Nữ|{ADDRESS}|15042021")
    assert (card.id_number, card.old_id_number, card.full_name) == (
        "001190123456",
        None,
        "Trần Thị Bình",
    )
    assert (card.birth_date, card.sex, card.address, card.issue_date) == (
        date(1990, 2, 2),
        FEMALE,
        ADDRESS,
        date(2021, 4, 15),
    )


@pytest.mark.parametrize(
    ("birth", "issue"), [("01/01/1990", "15/04/2021"), ("1/1/1990", "15/4/2021")]
)
def test_dates_with_slashes(birth: str, issue: str) -> None:
    card = parse_qr(f"001090123456|012345678|Nguyễn Văn An|{birth}|Nam|{ADDRESS}|{issue}")
    assert (card.birth_date, card.issue_date) == (date(1990, 1, 1), date(2021, 4, 15))


def test_trailing_fields_of_the_2024_card_are_kept_as_scanned() -> None:
    card = parse_qr(EXAMPLE + "|Hà Nội|  01/07/2024 |")
    assert card.extra_fields == ("Hà Nội", "01/07/2024", "")
    assert card.issue_date == date(2021, 4, 15)


def test_ascii_upper_case_name_is_kept_and_flagged_for_checking() -> None:
    card = parse_qr(f"079301123456||TRAN THI BICH NGOC|05062001|NU|{ADDRESS}|01022022")
    assert card.full_name == "TRAN THI BICH NGOC"
    assert card.name_lacks_diacritics
    assert card.sex == FEMALE


def test_decomposed_input_gives_composed_text() -> None:
    card = parse_qr(unicodedata.normalize("NFD", EXAMPLE))
    assert card.full_name == "Nguyễn Văn An"
    assert card.address == ADDRESS
    assert card.raw == EXAMPLE
    for text in (card.full_name, card.address, card.raw):
        assert unicodedata.is_normalized("NFC", text)


@pytest.mark.parametrize(
    "line",
    [
        EXAMPLE + "\r\n",
        "\r\n" + EXAMPLE,
        "\x02" + EXAMPLE + "\x03",
        EXAMPLE.replace("An|", "An\r|"),
    ],
)
def test_stray_line_ends_and_control_characters_are_dropped(line: str) -> None:
    assert parse_qr(line) == parse_qr(EXAMPLE)


@pytest.mark.parametrize(
    ("line", "field", "words"),
    [
        ("", "qr", "Không đọc được"),
        ("\r\n", "qr", "Không đọc được"),
        ("001090123456", "qr", "chỉ có 1 trường"),
        ("001090123456|012345678|Nguyễn Văn An|0101", "qr", "chỉ có 4 trường"),
        (f"001090123456|Nguyễn Văn An|01011990|Nam|{ADDRESS}", "qr", "cần ít nhất 6"),
        (f"001090123456|012345678|Nguyễn Văn An|01011990|Nam|{ADDRESS}", "qr", "cần ít nhất 7"),
        (EXAMPLE.replace("001090123456", "00109012345"), "id_number", "12 chữ số"),
        (EXAMPLE.replace("001090123456", "0010901234X6"), "id_number", "12 chữ số"),
        (EXAMPLE.replace("001090123456", "003090123456"), "id_number", "bắt đầu bằng 003"),
        (EXAMPLE.replace("01011990", "01011991"), "id_number", "Năm sinh"),
        (EXAMPLE.replace("|Nam|", "|Nữ|"), "id_number", "giới tính đã khai"),
        (EXAMPLE.replace("|Nam|", "|X|"), "sex", "Nam hoặc Nữ"),
        (EXAMPLE.replace("012345678", "12345"), "old_id_number", "9 hoặc 12 chữ số"),
        (EXAMPLE.replace("Nguyễn Văn An", ""), "full_name", "không có họ và tên"),
        (EXAMPLE.replace("01011990", "1990-01-01"), "birth_date", "không đúng dạng"),
        (EXAMPLE.replace("15042021", "150421"), "issue_date", "không đúng dạng"),
    ],
)
def test_malformed_and_partial_lines_give_a_precise_qr_error(
    line: str, field: str, words: str
) -> None:
    with pytest.raises(QrError, match=words) as caught:
        parse_qr(line)
    assert caught.value.field == field


@pytest.mark.parametrize("birth", ["31022000", "29022001", "00011990", "01131990", "32011990"])
def test_impossible_birth_dates_are_refused(birth: str) -> None:
    line = f"001090123456|012345678|Nguyễn Văn An|{birth}|Nam|{ADDRESS}|15042021"
    with pytest.raises(QrError, match="không phải là một ngày có thật") as caught:
        parse_qr(line)
    assert caught.value.field == "birth_date"


def test_impossible_issue_date_is_refused() -> None:
    with pytest.raises(QrError, match="Ngày cấp trong mã QR") as caught:
        parse_qr(EXAMPLE.replace("15042021", "00002021"))
    assert caught.value.field == "issue_date"


def test_leap_day_is_a_real_date() -> None:
    line = f"001200123456||Lê Minh Khôi|29022000|Nam|{ADDRESS}|01012020"
    assert parse_qr(line).birth_date == date(2000, 2, 29)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (EXAMPLE, True),
        ("\r" + EXAMPLE, True),
        ("001090123456|", True),
        ("001090123456", False),
        ("0010901234567|x", False),
        ("Nguyễn Văn An|001090123456|", False),
        ("000.00.19.H56-250715-0001", False),
        ("", False),
    ],
)
def test_scanner_line_is_recognised_in_any_field(line: str, expected: bool) -> None:
    assert looks_like_id_qr(line) is expected


def test_province_list_is_the_63_of_circular_07_2016() -> None:
    assert len(PROVINCE_CODES) == 63
    assert (PROVINCE_CODES["001"], PROVINCE_CODES["079"], PROVINCE_CODES["096"]) == (
        "Hà Nội",
        "Hồ Chí Minh",
        "Cà Mau",
    )
    assert all(unicodedata.is_normalized("NFC", name) for name in PROVINCE_CODES.values())


@pytest.mark.parametrize(
    ("text", "birth", "sex"),
    [
        ("001090123456", date(1990, 1, 1), "Nam"),
        ("001 090 123 456", None, None),
        ("079199000001", date(1999, 12, 31), "nữ"),
        ("096205000001", date(2005, 3, 1), "NAM"),
        ("031310000001", date(2010, 6, 1), "Nu"),
        ("001401000001", date(2101, 1, 1), "Nam"),
    ],
)
def test_valid_id_numbers_agree_with_birth_year_and_sex(
    text: str, birth: date | None, sex: str | None
) -> None:
    assert validate_id_number(text, birth_date=birth, sex=sex) == "".join(text.split())


DIGITS_ONLY = (
    "Số định danh cá nhân phải gồm đúng 12 chữ số (từ 0 đến 9), không có chữ cái hay ký hiệu."
)


@pytest.mark.parametrize(
    ("text", "birth", "sex", "message"),
    [
        ("00109012345", None, None, DIGITS_ONLY),
        ("001O90123456", None, None, DIGITS_ONLY),
        (
            "100090123456",
            None,
            None,
            "Số định danh cá nhân bắt đầu bằng 100, không phải mã tỉnh, "
            "thành phố nơi đăng ký khai sinh nào.",
        ),
        (
            "001290123456",
            date(1990, 1, 1),
            None,
            "Năm sinh ghi trong số định danh cá nhân (chữ số thứ 4 đến 6) không khớp "
            "với ngày sinh.",
        ),
        (
            "001090123456",
            None,
            "Nữ",
            "Giới tính ghi trong số định danh cá nhân (chữ số thứ 4) không khớp "
            "với giới tính đã khai.",
        ),
        ("001090123456", None, "khác", "Giới tính phải là Nam hoặc Nữ."),
    ],
)
def test_invalid_id_numbers_say_exactly_what_is_wrong(
    text: str, birth: date | None, sex: str | None, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(text, birth_date=birth, sex=sex)
    assert str(caught.value) == message
    # Personal data never rides in an error text (it may reach a log or a screenshot).
    assert text not in str(caught.value)


# --- properties -------------------------------------------------------------------------------

VIETNAMESE_LETTERS = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)
words = st.text(VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper(), min_size=1, max_size=8)
phrases = st.lists(words, min_size=1, max_size=6).map(" ".join)
address_parts = st.lists(words | st.integers(1, 9999).map(str), max_size=6)
digit_strings = st.integers(0, 10**12 - 1).map("{:012d}".format)


@st.composite
def cards(draw: st.DrawFn) -> CitizenIdCard:
    birth = draw(st.dates(date(1900, 1, 1), date(2099, 12, 31)))
    sex = draw(st.sampled_from([MALE, FEMALE]))
    century_digit = (birth.year // 100 - 19) * 2 + (sex == FEMALE)
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    tail = draw(digit_strings)[:6]
    old_id = draw(st.none() | digit_strings | digit_strings.map(lambda digits: digits[:9]))
    return CitizenIdCard(
        id_number=f"{province}{century_digit}{birth.year % 100:02d}{tail}",
        old_id_number=old_id,
        full_name=draw(phrases),
        birth_date=birth,
        sex=sex,
        address=", ".join(draw(address_parts)),
        # A card is issued on or after its holder's birth (issue 8 refuses one issued before).
        issue_date=draw(st.none() | st.dates(max(birth, date(2016, 1, 1)), date(2099, 12, 31))),
        extra_fields=tuple(draw(st.lists(phrases | st.just(""), max_size=3))),
        raw="",
    )


def qr_line(card: CitizenIdCard, *, old_id_field: bool, slashes: bool) -> str:
    """The line a scanner would type for ``card``."""
    pattern = "%d/%m/%Y" if slashes else "%d%m%Y"

    def text_of(day: date | None) -> str:
        return day.strftime(pattern) if day else ""

    fields = [
        card.id_number,
        *([card.old_id_number or ""] if old_id_field else []),
        card.full_name,
        text_of(card.birth_date),
        card.sex or "",
        card.address,
        text_of(card.issue_date),
        *card.extra_fields,
    ]
    return "|".join(fields)


@settings(max_examples=200, deadline=None)
@given(cards(), st.booleans(), st.booleans(), st.sampled_from(["", "\r", "\r\n", "\n"]))
def test_a_scanned_card_reads_back_as_written(
    card: CitizenIdCard, old_id_field: bool, slashes: bool, line_end: str
) -> None:
    if card.old_id_number is not None:
        old_id_field = True
    line = qr_line(card, old_id_field=old_id_field, slashes=slashes)
    parsed = parse_qr(unicodedata.normalize("NFD", line) + line_end)
    assert parsed == CitizenIdCard(**{**card.__dict__, "raw": line})


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_random_text_raises_nothing_but_qr_error(line: str) -> None:
    with contextlib.suppress(QrError):
        parse_qr(line)


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.just("001090123456"), digit_strings, st.text()),
    st.lists(
        st.one_of(st.text(max_size=12), st.from_regex(r"[0-9/]{0,10}", fullmatch=True)), max_size=9
    ),
)
def test_scanner_shaped_garbage_raises_nothing_but_qr_error(head: str, rest: list[str]) -> None:
    try:
        card = parse_qr("|".join([head, *rest]))
    except QrError:
        return
    assert len(card.id_number) == 12 and card.full_name


def test_a_scan_that_lost_the_separator_before_the_name_is_refused() -> None:
    # "|" between the old ID number and the name dropped: the old ID runs into the name.
    line = "001090123456|012345678Nguyễn Văn An|01011990|Nam|Hà Nội|15042021"
    with pytest.raises(QrError) as refused:
        parse_qr(line)
    assert "quét chưa trọn" in refused.value.message.render()
    assert "Nguyễn" not in refused.value.message.render()


# --- issue 8: dates that cannot be ------------------------------------------------------------

_TODAY = date(2025, 7, 15)


def test_an_id_number_implying_a_birth_year_after_today_is_refused() -> None:
    assert validate_id_number("001225004567", today=_TODAY) == "001225004567"  # born 2025
    with pytest.raises(ValidationError, match="2026") as refused:
        validate_id_number("001226004567", today=_TODAY)  # 4th digit 2: 2000s, 5th-6th: 26
    assert refused.value.field == "id_number"


def test_a_qr_issue_date_before_birth_or_in_the_future_is_refused() -> None:
    line = "001190004567||Nguyễn Thị An|01011990|Nữ|Hà Nội|{issue}"
    assert parse_qr(line.format(issue="01012021"), today=_TODAY).issue_date == date(2021, 1, 1)
    with pytest.raises(ValidationError, match="trước ngày sinh") as early:
        parse_qr(line.format(issue="01011989"), today=_TODAY)
    assert early.value.field == "issue_date"
    with pytest.raises(ValidationError, match="tương lai") as future:
        parse_qr(line.format(issue="16072025"), today=_TODAY)
    assert future.value.field == "issue_date"
