"""What an officer typed into the search box, as words the full-text index can match safely.

The text is folded like the stored names (`core.text.fold`: no diacritics, đ→d, lower case)
and cut into words of letters and digits only, so nothing the officer types (quotes, ``*``,
``:``, ``AND``, parentheses, control characters) ever reaches FTS5 as syntax: each word is
quoted in the expression. Text with no letter or digit at all is refused in plain words.

How words match (measured on 1,000,000 dossiers, benchmarks/dossiers.py): the last word and
any word of up to five characters match as the beginning of a word ("Ng V Đ", "Nguy",
"nguyen van d" while typing); a longer word before the last must be whole ("nguyen van
duc"). A prefix longer than the index keeps costs FTS5 a merge of every word it begins (tens
of ms on common family names), and a trigram index, which also finds the middle of words, was
slower at the 95th percentile and finds nothing under three characters; officers type
beginnings of names. Three words or more are also tried as the beginning of a whole name
(`beginning_expression`): one prefix where the words' intersection walks long lists.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean, fold

MAX_SEARCH_CHARS = 200
MAX_WORDS = 12
SHORT_PREFIX = 5  # the index keeps prefixes of 1 to 5 characters (migration 0011)
WHOLE_NAME_WORDS = 3  # from this many words, the beginning of a whole name is tried first

# Letters and digits, as FTS5's unicode61 tokenizer cuts them (no underscore).
_WORD = re.compile(r"[^\W_]+")
# Digits written in groups ("0912 345 678", "001.090.000.123"): also tried joined.
_DIGIT_GROUPS = re.compile(r"[0-9][0-9 .\-]*")


class NothingToSearch(ValidationError):
    """The text holds no letter or digit (only spaces, signs or control characters)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "Chữ cần tìm không có chữ cái hay chữ số nào; hãy gõ họ tên, mã hồ sơ, số "
                "định danh hoặc số điện thoại."
            ),
            field="text",
        )


class SearchTooLong(ValidationError):
    def __init__(self, length: int) -> None:
        super().__init__(
            N_("Chữ cần tìm dài {length} ký tự, quá giới hạn {limit} ký tự."),
            field="text",
            length=length,
            limit=MAX_SEARCH_CHARS,
        )


@dataclass(frozen=True)
class SearchWords:
    """The folded words of a search, in the order typed; ``joined_digits`` is set when the
    whole text is digits in groups (a phone or ID number typed with spaces or dots)."""

    words: tuple[str, ...]
    joined_digits: str | None = None


def search_words(text: str) -> SearchWords:
    """The words of ``text``; NothingToSearch when there are none."""
    cleaned = clean(text)
    if len(cleaned) > MAX_SEARCH_CHARS:
        raise SearchTooLong(len(cleaned))
    words = tuple(_WORD.findall(fold(cleaned)))[:MAX_WORDS]
    if not words:
        raise NothingToSearch()
    joined = None
    if len(words) > 1 and _DIGIT_GROUPS.fullmatch(cleaned):
        joined = "".join(words)
    return SearchWords(words, joined)


def _term(word: str, prefix: bool) -> str:
    # Words are letters and digits only: quoting makes even "AND" or "NEAR" a plain word.
    return f'"{word}"*' if prefix or len(word) <= SHORT_PREFIX else f'"{word}"'


def last_word_is_long(words: SearchWords) -> bool:
    """Whether the last word's prefix search is the costly kind (no prefix index for it)."""
    return len(words.words[-1]) > SHORT_PREFIX


def match_expression(
    words: SearchWords, columns: Sequence[str], *, whole_last: bool = False
) -> str:
    """An FTS5 MATCH expression: every word found in ``columns`` (each word may be in a
    different one: "nguyen 0912" is a name and a phone). ``whole_last``: the last word too
    must be whole (the cheap first try of a long last word: "nguyen" finds Nguyễn at once,
    where "nguyen"* would merge every word it begins first)."""
    colset = "{" + " ".join(columns) + "}"
    last = len(words.words) - 1
    terms = " ".join(_term(w, i == last and not whole_last) for i, w in enumerate(words.words))
    expression = f"{colset} : ({terms})"
    if words.joined_digits:
        expression = f'{expression} OR ({colset} : "{words.joined_digits}"*)'
    return expression


def beginning_expression(words: SearchWords, column: str, mark: str) -> str | None:
    """An FTS5 expression for the names that begin with ``words`` in order ("nguyen thi thu
    ch" → Nguyễn Thị Thu Châu), over ``column`` holding each name run together behind
    ``mark``; None for fewer than WHOLE_NAME_WORDS words or any word that is not letters (a
    phone or an ID number typed in groups)."""
    if len(words.words) < WHOLE_NAME_WORDS or not all(w.isalpha() for w in words.words):
        return None
    return f'{{{column}}} : "{mark}{"".join(words.words)}"*'
