"""Typed domain errors that carry a message an officer can read.

Messages are Vietnamese source strings (msgids) with ``{named}`` parameters; `desk_app.i18n`
translates them for English mode. Never build a message by concatenating fragments: a
translator must see the whole sentence. A message that is part of another (a problem inside
a list of problems) is a `Message`, so it is translated with its parent, not frozen in
Vietnamese when it is made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Translate = Callable[[str], str]


def N_(msgid: str) -> str:
    """Mark a string for the translation catalogue without translating it (gettext convention)."""
    return msgid


def _unchanged(msgid: str) -> str:
    return msgid


@dataclass(frozen=True)
class Message:
    """A sentence not yet put into one language: its msgid and its parameters."""

    msgid: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Translate = _unchanged) -> str:
        """The sentence in the language of ``translate`` (Vietnamese by default).

        Parameters are rendered too: a `Message` in its language, a sequence of messages
        joined with "; ", and a plain text through ``translate`` (a state's label is a
        catalogue entry; a name or a code has no entry and stays as it is).
        """
        values = {key: _render_value(value, translate) for key, value in self.params.items()}
        template = translate(self.msgid)
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            return template

    def __str__(self) -> str:
        return self.render()


def _render_value(value: Any, translate: Translate) -> Any:
    if isinstance(value, Message):
        return value.render(translate)
    if isinstance(value, str):
        return translate(value) if value else value
    if isinstance(value, Sequence) and value and all(isinstance(v, Message) for v in value):
        return "; ".join(v.render(translate) for v in value)
    return value


class DeskError(Exception):
    """Base of every error the officer may see. ``msgid`` is Vietnamese, ``params`` fill it in."""

    msgid: str = N_("Đã xảy ra lỗi.")

    def __init__(self, msgid: str | None = None, /, **params: Any) -> None:
        if msgid is not None:
            self.msgid = msgid
        self.params = params
        super().__init__(self.message.render())

    @property
    def message(self) -> Message:
        return Message(self.msgid, self.params)


class ValidationError(DeskError):
    """Input the officer typed or scanned is not acceptable; nothing was stored."""

    def __init__(
        self, msgid: str | None = None, /, *, field: str | None = None, **params: Any
    ) -> None:
        self.field = field
        super().__init__(msgid, **params)
