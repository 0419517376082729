"""The procedure catalogue's data as a file holds it: one model per record, shared by the
catalogue files (JSON, XLSX) and the sync layer, which receives catalogue updates.

Every text is NFC, without control characters or doubled spaces (core.text.clean); the
legal rules on durations are those of core.deadlines.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from desk_app.core.deadlines import Duration, DurationUnit
from desk_app.core.errors import N_, Message, ValidationError
from desk_app.core.text import clean
from desk_app.imports.pydantic_problems import DETAILS, Refusal

FORMAT_NAME = "desk-app-catalogue"
FORMAT_VERSION = 1

# The spellings a file may use: those of core.deadlines.DurationUnit, defined there once.
DURATION_UNITS: tuple[str, ...] = tuple(unit.value for unit in DurationUnit)

# How pydantic's complaints read for a catalogue (the rest as for any file).
CATALOGUE_DETAILS: Mapping[str, str] = {
    **DETAILS,
    "string_pattern_mismatch": N_("giá trị {value} không đúng dạng mã thủ tục (ví dụ 1.001193)"),
    "extra_forbidden": N_("trường này không có trong mẫu danh mục"),
}


def _required_text(value: str) -> str:
    text = clean(value)
    if not text:
        raise Refusal(Message(N_("không được để trống")))
    return text


def _optional_text(value: object) -> object:
    """Blank cells and JSON nulls mean "no note"; anything else is cleaned if it is text."""
    if value is None:
        return ""
    return clean(value) if isinstance(value, str) else value


RequiredText = Annotated[str, AfterValidator(_required_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]


class ComponentSpec(BaseModel):
    """One paper of a dossier, as the receipt lists it ("01 bản chính, 01 bản sao")."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: RequiredText
    original_count: int = Field(ge=0)
    copy_count: int = Field(ge=0)
    required: bool = True
    note: OptionalText = ""


class DurationSpec(BaseModel):
    """The legal duration; the rules on value and unit are those of core.deadlines.Duration."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    value: int = Field(ge=0)
    unit: DurationUnit

    @model_validator(mode="after")
    def _check_with_core_rules(self) -> DurationSpec:
        try:
            self.to_duration()
        except ValidationError as error:
            raise Refusal(error.message) from error
        return self

    def to_duration(self) -> Duration:
        return Duration(self.value, DurationUnit(self.unit))


class ProcedureSpec(BaseModel):
    """A procedure as published (reference §7): code, legal facts, duration, fee, papers.

    ``fee_vnd`` is in đồng; None means the province's People's Council sets it (see fee_note).
    ``code_verified`` is False when the national code could not be confirmed on the national
    portal. ``no_components`` marks a procedure that by nature needs no papers at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: str = Field(pattern=r"^[0-9]\.[0-9]{6}$")  # ASCII digits only, unlike \d
    code_verified: bool = False
    name: RequiredText
    field: RequiredText
    field_code: OptionalText = ""
    legal_basis: RequiredText
    duration: DurationSpec
    duration_note: OptionalText = ""
    fee_vnd: int | None = Field(default=None, ge=0)
    fee_note: OptionalText = ""
    components: list[ComponentSpec] = Field(default_factory=list)
    no_components: bool = False
    effective_from: date | None = None
    effective_to: date | None = None
    result_name: RequiredText
    source: RequiredText

    @field_validator("code", mode="before")
    @classmethod
    def _strip_code(cls, value: object) -> object:
        return value.strip() if isinstance(value, str) else value

    @field_validator("effective_to")
    @classmethod
    def _ends_after_start(cls, value: date | None, info: ValidationInfo) -> date | None:
        start = info.data.get("effective_from")
        if value is not None and isinstance(start, date) and value < start:
            raise Refusal(
                Message(
                    N_("ngày hết hiệu lực {end} trước ngày có hiệu lực {start}"),
                    {"end": value.isoformat(), "start": start.isoformat()},
                )
            )
        return value

    @model_validator(mode="after")
    def _components_match_nature(self) -> ProcedureSpec:
        if not self.components and not self.no_components:
            raise Refusal(
                Message(
                    N_(
                        "thủ tục phải có ít nhất một thành phần hồ sơ "
                        "(hoặc ghi no_components nếu thủ tục không cần giấy tờ)"
                    )
                )
            )
        if self.components and self.no_components:
            raise Refusal(Message(N_("thủ tục ghi no_components nhưng lại có thành phần hồ sơ")))
        return self


class CatalogueFile(BaseModel):
    """The JSON document: {"format": "desk-app-catalogue", "version": 1, "procedures": [...]}."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal["desk-app-catalogue"]
    version: Literal[1]
    procedures: list[ProcedureSpec]
