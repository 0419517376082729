"""The words of a display's spoken call (issue 9): "Mời công dân có số thứ tự A012 đến quầy số 3".

One sentence, two renderings: the names of the bundled voice clips that say it, in order (the
display plays them one after another when the PC has no Vietnamese voice), and its text for a
text-to-speech voice. Numbers are read as the hall reads ticket numbers: each leading zero a
"không", then the rest as a Vietnamese number ("A012" → "A không mười hai", "105" → "một trăm
linh năm"; "mốt", "tư", "lăm" after "mươi"). Letters by their Vietnamese names ("Bê", "Xê").
Pure: the clips themselves are files (tools/make_voice_clips.py makes them).
"""

from __future__ import annotations

import re

CHIME = "chime"  # the soft two-tone clip before each call; not a word

OPENING = "moi_cong_dan_co_so_thu_tu"
TO_COUNTER = "den_quay_so"

# The letters a ticket may carry, by the names Vietnamese speakers read them aloud.
LETTER_NAMES: dict[str, str] = {
    "A": "a",
    "B": "bê",
    "C": "xê",
    "D": "dê",
    "E": "e",
    "F": "ép",
    "G": "giê",
    "H": "hát",
    "I": "i",
    "J": "gi",
    "K": "ca",
    "L": "e-lờ",
    "M": "em-mờ",
    "N": "en-nờ",
    "O": "o",
    "P": "pê",
    "Q": "quy",
    "R": "e-rờ",
    "S": "ét-xì",
    "T": "tê",
    "U": "u",
    "V": "vê",
    "W": "vê-kép",
    "X": "ích-xì",
    "Y": "i-dài",
    "Z": "dét",
}

# Clip names are ASCII file names; where two words differ only by their tone the plain name
# is the common one and the other names its tone (mốt: sắc; mươi: ngang).
_UNITS = ("khong", "mot", "hai", "ba", "bon", "nam", "sau", "bay", "tam", "chin")
NUMBER_CLIPS: dict[str, str] = {
    "khong": "không",
    "mot": "một",
    "hai": "hai",
    "ba": "ba",
    "bon": "bốn",
    "nam": "năm",
    "sau": "sáu",
    "bay": "bảy",
    "tam": "tám",
    "chin": "chín",
    "mot_sac": "mốt",  # 21, 31...: "hai mươi mốt"
    "tu": "tư",  # 24, 34...: "hai mươi tư"
    "lam": "lăm",  # 15, 25...: "mười lăm", "hai mươi lăm"
    "muoi": "mười",  # ten: "mười", "mười hai"
    "muoi_ngang": "mươi",  # tens: "hai mươi"
    "linh": "linh",  # a zero ten inside a hundred: "một trăm linh năm"
    "tram": "trăm",
    "nghin": "nghìn",
}

# Every clip the words may name, with the Vietnamese it says (the clip tool speaks these).
CLIPS: dict[str, str] = {
    OPENING: "Mời công dân có số thứ tự",
    TO_COUNTER: "đến quầy số",
    **NUMBER_CLIPS,
    **LETTER_NAMES,
}

_LABEL = re.compile(r"([A-Za-z])(\d{1,4})")
# A counter's parts: a run of digits, a letter, a separator said as a pause, anything else.
_COUNTER_PART = re.compile(r"(\d+)|([A-Za-z])|([\s.\-/_]+)|(.)")
MAX_READ_AS_NUMBER = 9999  # longer digit runs are read digit by digit


def _below_hundred(number: int, inside: bool) -> list[str]:
    """1..99; ``inside`` a larger number a lone unit takes "linh" (105: "một trăm linh năm")."""
    tens, unit = divmod(number, 10)
    if tens == 0:
        return ["linh", _UNITS[unit]] if inside else [_UNITS[unit]]
    if tens == 1:
        words = ["muoi"]
        last = {0: None, 5: "lam"}.get(unit, _UNITS[unit])
    else:
        words = [_UNITS[tens], "muoi_ngang"]
        last = {0: None, 1: "mot_sac", 4: "tu", 5: "lam"}.get(unit, _UNITS[unit])
    return [*words, last] if last else words


def number_words(number: int) -> list[str]:
    """The clips of ``number`` (0..9999) read as a Vietnamese number.

    A thousand's empty hundreds are said ("một nghìn không trăm linh năm"), as people say them.
    """
    if not 0 <= number <= MAX_READ_AS_NUMBER:
        raise ValueError(f"{number} is outside 0..{MAX_READ_AS_NUMBER}")
    if number == 0:
        return ["khong"]
    thousands, rest = divmod(number, 1000)
    hundreds, below = divmod(rest, 100)
    words = [_UNITS[thousands], "nghin"] if thousands else []
    if hundreds or (thousands and below):
        words += [_UNITS[hundreds], "tram"]
    if below:
        words += _below_hundred(below, inside=bool(thousands or hundreds))
    return words


def digits_words(digits: str) -> list[str]:
    """A ticket's digits as the hall reads them: "012" → không mười hai, "001" → không không một."""
    if not digits.isascii() or not digits.isdigit():
        raise ValueError(f"not digits: {digits!r}")
    significant = digits.lstrip("0")
    zeros = ["khong"] * (len(digits) - len(significant))
    if not significant:
        return zeros
    if int(significant) > MAX_READ_AS_NUMBER:
        return zeros + [_UNITS[int(d)] for d in significant]
    return zeros + number_words(int(significant))


def label_words(label: str) -> list[str]:
    """ "A012" → the letter's clip, then its digits'; ValueError for what is not a ticket label."""
    match = _LABEL.fullmatch(label.strip())
    if match is None:
        raise ValueError(f"not a ticket label: {label!r}")
    return [match[1].upper(), *digits_words(match[2])]


def counter_words(counter: str) -> list[str] | None:
    """A counter's clips: "3" → ba, "12" → mười hai, "3A" → ba A (no leading "không": a counter
    "03" is counter three). None when a part has no clip ("Đ1") or there is no counter: then
    only a text-to-speech voice can say it."""
    words: list[str] = []
    for digits, letter, _pause, other in _COUNTER_PART.findall(counter.strip()):
        if other:
            return None
        if digits:
            significant = digits.lstrip("0") or "0"
            words += digits_words(significant)
        elif letter:
            words.append(letter.upper())
    return words or None


def announcement_words(label: str, counter: str) -> list[str]:
    """The clips of the call, in order; e.g. ("A012", "3") → [moi_cong_dan_co_so_thu_tu, A,
    khong, muoi, hai, den_quay_so, ba]. A counter the clips cannot say is left out (the
    display shows it): the citizen still hears the number. ValueError for a bad label."""
    words = [OPENING, *label_words(label)]
    counter_clips = counter_words(counter)
    if counter_clips is not None:
        words += [TO_COUNTER, *counter_clips]
    return words


def _spoken(words: list[str]) -> str:
    """Clip names as text; a letter's name capitalised and unhyphenated ("E lờ") for a voice."""
    texts = []
    for word in words:
        text = CLIPS[word]
        if word in LETTER_NAMES:
            text = text.replace("-", " ").capitalize()
        texts.append(text)
    return " ".join(texts)


def announcement_text(label: str, counter: str) -> str:
    """The call as a text-to-speech voice should read it, numbers in words, e.g.
    "Mời công dân có số thứ tự A không mười hai, đến quầy số ba." A counter the clips cannot
    say is given as written, for the voice to read."""
    text = f"{CLIPS[OPENING]} {_spoken(label_words(label))}"
    counter_clips = counter_words(counter)
    if counter_clips is not None:
        text += f", {CLIPS[TO_COUNTER]} {_spoken(counter_clips)}"
    elif counter.strip():
        text += f", {CLIPS[TO_COUNTER]} {counter.strip()}"
    return text + "."
