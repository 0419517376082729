"""Text hygiene for everything stored or printed: NFC, no control characters, folded search keys."""

from __future__ import annotations

import unicodedata

# đ/Đ have no Unicode decomposition, so stripping combining marks alone leaves them
# (platform notes: SQLite's unicode61 tokenizer has the same gap).
_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


def clean(text: str | None) -> str:
    """NFC-normalise, drop control characters, collapse runs of white space, strip the ends."""
    if not text:
        return ""
    visible = "".join(
        " " if ch in "\t\n\r\v\f" else ch
        for ch in text
        if ch in "\t\n\r\v\f" or unicodedata.category(ch)[0] != "C"
    )
    # Normalise last: removing a control or format character can bring a letter and its
    # combining mark together ("e\u200b\u0301"), which only then compose to "é".
    return unicodedata.normalize("NFC", " ".join(visible.split()))


def fold(text: str) -> str:
    """A search key: lower case, no diacritics, đ→d ("Nguyễn Đức" → "nguyen duc")."""
    decomposed = unicodedata.normalize("NFD", clean(text).translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def mask_name(name: str) -> str:
    """A person's name as the district and the public lookup may show it: the family name whole,
    each other word its first letter and a star per letter left ("Nguyễn Văn An" →
    "Nguyễn V** A*"), so the applicant recognises their dossier and nobody else learns who it is."""
    words = clean(name).split(" ")
    if not words or words == [""]:
        return ""
    masked = [word[0] + "*" * (len(word) - 1) for word in words]
    # A one-word name is masked whole: shown, it would be the person's whole name.
    return " ".join([words[0], *masked[1:]]) if len(words) > 1 else masked[0]
