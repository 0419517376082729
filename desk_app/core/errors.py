"""Typed domain errors that carry a message an officer can read.

Messages are Vietnamese source strings (msgids) with ``{named}`` parameters; `desk_app.i18n`
translates them for English mode. Never build a message by concatenating fragments: a
translator must see the whole sentence.
"""

from __future__ import annotations

from typing import Any


def N_(msgid: str) -> str:
    """Mark a string for the translation catalogue without translating it (gettext convention)."""
    return msgid


class DeskError(Exception):
    """Base of every error the officer may see. ``msgid`` is Vietnamese, ``params`` fill it in."""

    msgid: str = N_("Đã xảy ra lỗi.")

    def __init__(self, msgid: str | None = None, /, **params: Any) -> None:
        if msgid is not None:
            self.msgid = msgid
        self.params = params
        super().__init__(self.render(self.msgid))

    def render(self, template: str) -> str:
        """Fill ``template`` (the msgid or its translation) with this error's parameters."""
        try:
            return template.format(**self.params)
        except (KeyError, IndexError, ValueError):
            return template


class ValidationError(DeskError):
    """Input the officer typed or scanned is not acceptable; nothing was stored."""

    def __init__(
        self, msgid: str | None = None, /, *, field: str | None = None, **params: Any
    ) -> None:
        self.field = field
        super().__init__(msgid, **params)
