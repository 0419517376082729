"""Translations for messages outside Qt (errors, CLI), from a gettext catalogue.

Vietnamese is the source language: a msgid is the Vietnamese text. English comes from
``resources/i18n/en/LC_MESSAGES/desk_app.mo``, compiled from the ``.po`` beside it by
``tools/build_translations.py``. The Qt GUI has its own ``.qm`` files for widget texts and
uses `message` for errors.
"""

from __future__ import annotations

import gettext
from functools import cache

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


def message(error: DeskError, language: str = "vi") -> str:
    """The officer-facing text of ``error`` in ``language``."""
    return error.message.render(lambda msgid: translate(msgid, language))
