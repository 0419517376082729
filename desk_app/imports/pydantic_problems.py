"""Pydantic's complaints about a value, said as translatable sentences a person can act on.

Pydantic's own texts are English and name Python types; an officer needs "giá trị 'abc' không
phải số nguyên". A schema may reword some kinds (``templates``), as the catalogue does for its
procedure codes.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic_core import ErrorDetails

from desk_app.core.errors import N_, Message


class Refusal(ValueError):
    """A validator's refusal that keeps its message translatable (pydantic passes it on)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


MISSING = N_("thiếu giá trị bắt buộc")

# Keyed by pydantic's error type; {value} is the value as the file had it, {limit} the bound.
DETAILS: Mapping[str, str] = {
    "literal_error": N_("giá trị {value} không được chấp nhận"),
    "enum": N_("giá trị {value} không được chấp nhận"),
    "string_pattern_mismatch": N_("giá trị {value} không đúng dạng yêu cầu"),
    "string_type": N_("giá trị {value} phải là văn bản"),
    "int_type": N_("giá trị {value} không phải số nguyên"),
    "int_parsing": N_("giá trị {value} không phải số nguyên"),
    "int_from_float": N_("giá trị {value} không phải số nguyên"),
    "greater_than_equal": N_("giá trị {value} không được nhỏ hơn {limit}"),
    "bool_type": N_("giá trị {value} không phải đúng/sai (true/false)"),
    "bool_parsing": N_("giá trị {value} không phải đúng/sai (true/false)"),
    "date_type": N_("giá trị {value} không phải ngày dạng YYYY-MM-DD"),
    "date_parsing": N_("giá trị {value} không phải ngày dạng YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("giá trị {value} không phải ngày dạng YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("giá trị {value} không phải ngày dạng YYYY-MM-DD"),
    "extra_forbidden": N_("trường này không có trong mẫu"),
    "model_type": N_("phải là một đối tượng JSON"),
    "dict_type": N_("phải là một đối tượng JSON"),
    "list_type": N_("phải là một danh sách"),
}
_OTHERWISE = N_("giá trị {value} không hợp lệ")


def shown(value: object) -> str:
    """A value as a message quotes it: repr, so blanks and types show, cut to a readable size."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(error: ErrorDetails, templates: Mapping[str, str] = DETAILS) -> Message:
    """What is wrong with the value, without where it is (the caller locates it)."""
    kind = error["type"]
    value = error.get("input")
    if kind == "missing" or (value is None and kind not in ("value_error", "assertion_error")):
        return Message(MISSING)
    ctx = error.get("ctx") or {}
    refusal = ctx.get("error")
    if kind == "value_error" and isinstance(refusal, Refusal):
        return refusal.message
    if kind == "value_error" and "error" in ctx:
        return Message(str(ctx["error"]).rstrip("."))
    template = templates.get(kind, _OTHERWISE)
    return Message(template, {"value": shown(value), "limit": ctx.get("ge", "")})
