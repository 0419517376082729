"""Translations for messages outside Qt (errors, CLI), from a gettext catalogue.

Vietnamese is the source language: a msgid is the Vietnamese text. English comes from
``resources/i18n/en/LC_MESSAGES/desk_app.mo``, compiled from the ``.po`` beside it by
``tools/build_translations.py``. The Qt GUI has its own ``.qm`` files for widget texts and
uses `message` for errors.
"""

from __future__ import annotations

import gettext
from functools import cache
from typing import NamedTuple

from desk_app.core.errors import DeskError
from desk_app.paths import resources_dir

DOMAIN = "desk_app"


@cache
def _catalogue(language: str) -> gettext.NullTranslations:
    if language == "vi":
        return gettext.NullTranslations()
    return gettext.translation(
        DOMAIN, localedir=resources_dir() / "i18n", languages=[language], fallback=True
    )


def translate(msgid: str, language: str) -> str:
    return _catalogue(language).gettext(msgid)


class Plural(NamedTuple):
    """A message with a count: gettext's singular and plural msgids."""

    singular: str
    plural: str


def N_plural(singular: str, plural: str) -> Plural:
    """Mark a counted message for the catalogue (extracted as a plural entry).

    Vietnamese has one form, so both texts are usually the same sentence; English gives one
    translation for 1 and one for every other count (the .po's Plural-Forms).
    """
    return Plural(singular, plural)


def translate_plural(singular: str, plural: str, n: int, language: str) -> str:
    """The form of a counted message that fits ``n`` in ``language`` (gettext's ngettext)."""
    return _catalogue(language).ngettext(singular, plural, n)


def message(error: DeskError, language: str = "vi") -> str:
    """The officer-facing text of ``error`` in ``language``."""
    return error.message.render(lambda msgid: translate(msgid, language))
