"""The procedure catalogue's data as a file holds it: one model per record, shared by the
catalogue files (JSON, XLSX) and the sync layer, which receives catalogue updates.

Every text is NFC, without control characters or doubled spaces (core.text.clean); the
legal rules on durations are those of core.deadlines, those on fees of core.fees.

Format version 2 gives each procedure a fee rule (``fee``: basis, amounts, a lower rate from a
page on, a cap per copy); version 1 had one amount, ``fee_vnd`` (null: set by the province), and
still loads: null becomes the province's basis, a number a fixed amount.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any, Literal

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
from desk_app.core.dossier import ComponentKind
from desk_app.core.errors import N_, Message, ValidationError
from desk_app.core.fees import MAX_FEE_VND, MAX_PAGES, FeeBasis, FeeRule
from desk_app.core.text import clean
from desk_app.imports.pydantic_problems import DETAILS, Refusal

FORMAT_NAME = "desk-app-catalogue"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)

# The spellings a file may use: those of core.deadlines.DurationUnit and core.fees.FeeBasis,
# defined there once.
DURATION_UNITS: tuple[str, ...] = tuple(unit.value for unit in DurationUnit)
FEE_BASES: tuple[str, ...] = tuple(basis.value for basis in FeeBasis)

# Bounds beyond which a value is a typing error, not a procedure: no ward procedure takes a
# year of working days or two calendar years; names are printed on one form.
MAX_DURATION: Mapping[DurationUnit, int] = {
    DurationUnit.WORKING_DAYS: 365,
    DurationUnit.CALENDAR_DAYS: 730,
    DurationUnit.WORKING_HOURS: 365 * 8,
}
MAX_NAME_LENGTH = 499  # characters: "below 500"

_DURATION_TOO_LONG: Mapping[DurationUnit, str] = {
    DurationUnit.WORKING_DAYS: N_("thời hạn {value} ngày làm việc quá dài: tối đa {limit} ngày"),
    DurationUnit.CALENDAR_DAYS: N_("thời hạn {value} ngày quá dài: tối đa {limit} ngày"),
    DurationUnit.WORKING_HOURS: N_("thời hạn {value} giờ làm việc quá dài: tối đa {limit} giờ"),
}

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


def _name_text(value: str) -> str:
    text = _required_text(value)
    if len(text) > MAX_NAME_LENGTH:
        raise Refusal(
            Message(
                N_("tên dài {length} ký tự; phải dưới {limit} ký tự"),
                {"length": len(text), "limit": MAX_NAME_LENGTH + 1},
            )
        )
    return text


def _optional_text(value: object) -> object:
    """Blank cells and JSON nulls mean "no note"; anything else is cleaned if it is text."""
    if value is None:
        return ""
    return clean(value) if isinstance(value, str) else value


RequiredText = Annotated[str, AfterValidator(_required_text)]
NameText = Annotated[str, AfterValidator(_name_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]


class ComponentSpec(BaseModel):
    """One paper of a dossier, as the receipt lists it ("01 bản chính, 01 bản sao").

    ``kind`` "shown" is a paper only shown for comparison and handed back (identity papers, the
    original of a certified copy): ticked at the counter, never listed as filed.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    name: NameText
    original_count: int = Field(ge=0)
    copy_count: int = Field(ge=0)
    required: bool = True
    kind: ComponentKind = ComponentKind.SUBMITTED
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
        limit = MAX_DURATION.get(self.unit)
        if limit is not None and self.value > limit:
            raise Refusal(
                Message(_DURATION_TOO_LONG[self.unit], {"value": self.value, "limit": limit})
            )
        return self

    def to_duration(self) -> Duration:
        return Duration(self.value, DurationUnit(self.unit))


def _basis_of(info: ValidationInfo) -> FeeBasis | None:
    """The basis already validated (it comes first), or None when it was refused."""
    basis = info.data.get("basis")
    return basis if isinstance(basis, FeeBasis) else None


def _check_amount(value: int | None) -> None:
    if value is not None and not 0 <= value < MAX_FEE_VND:
        raise Refusal(
            Message(
                N_("số tiền {value} không hợp lệ: phải từ 0 đến dưới 100.000.000 đồng"),
                {"value": value},
            )
        )


_PER_PAGE_ONLY = N_("chỉ cách tính phí theo trang (per_page) mới ghi trường này")


class FeeSpec(BaseModel):
    """A procedure's fee rule (core.fees.FeeRule), amounts in đồng.

    - ``fixed``: ``amount_vnd`` per dossier, 0 = exempt;
    - ``per_copy``: ``amount_vnd`` per copy issued;
    - ``per_page``: ``amount_vnd`` per page, ``later_amount_vnd`` per page from page
      ``later_from_page`` on (0: no lower rate), at most ``cap_vnd`` per copy;
    - ``province``: set by the province's People's Council, no amount here: the officer enters
      it at the counter and the receipt prints "Theo quy định" until then.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    basis: FeeBasis
    amount_vnd: int | None = Field(default=None, validate_default=True)
    later_from_page: int = Field(default=0, validate_default=True)
    later_amount_vnd: int = Field(default=0, validate_default=True)
    cap_vnd: int | None = Field(default=None, validate_default=True)

    @field_validator("amount_vnd")
    @classmethod
    def _amount_fits_basis(cls, value: int | None, info: ValidationInfo) -> int | None:
        _check_amount(value)
        basis = _basis_of(info)
        if basis is FeeBasis.PROVINCE and value is not None:
            raise Refusal(
                Message(N_("phí do Hội đồng nhân dân tỉnh quy định không ghi số tiền: để trống"))
            )
        if basis is not None and basis is not FeeBasis.PROVINCE and value is None:
            raise Refusal(
                Message(N_("cách tính phí {basis} cần ghi số tiền"), {"basis": basis.value})
            )
        return value

    @field_validator("later_from_page")
    @classmethod
    def _later_page(cls, value: int, info: ValidationInfo) -> int:
        if value and _basis_of(info) not in (FeeBasis.PER_PAGE, None):
            raise Refusal(Message(_PER_PAGE_ONLY))
        if value < 0 or value == 1 or value > MAX_PAGES:
            raise Refusal(
                Message(
                    N_(
                        "trang {value} không hợp lệ: từ trang thứ 2 đến {limit}, "
                        "hoặc 0 nếu không có mức thấp hơn"
                    ),
                    {"value": value, "limit": MAX_PAGES},
                )
            )
        return value

    @field_validator("later_amount_vnd")
    @classmethod
    def _later_amount(cls, value: int, info: ValidationInfo) -> int:
        _check_amount(value)
        if value and _basis_of(info) not in (FeeBasis.PER_PAGE, None):
            raise Refusal(Message(_PER_PAGE_ONLY))
        if value and not info.data.get("later_from_page"):
            raise Refusal(
                Message(
                    N_("có mức phí từ trang thứ … thì phải ghi trang bắt đầu (later_from_page)")
                )
            )
        return value

    @field_validator("cap_vnd")
    @classmethod
    def _cap(cls, value: int | None, info: ValidationInfo) -> int | None:
        _check_amount(value)
        if value is not None and _basis_of(info) not in (FeeBasis.PER_PAGE, None):
            raise Refusal(Message(_PER_PAGE_ONLY))
        return value

    @model_validator(mode="after")
    def _check_with_core_rules(self) -> FeeSpec:
        try:
            self.to_rule()
        except ValidationError as error:
            raise Refusal(error.message) from error
        return self

    def to_rule(self) -> FeeRule:
        return FeeRule(
            FeeBasis(self.basis),
            self.amount_vnd,
            self.later_from_page,
            self.later_amount_vnd,
            self.cap_vnd,
        )

    @classmethod
    def of(cls, rule: FeeRule) -> FeeSpec:
        return cls(
            basis=rule.basis,
            amount_vnd=rule.amount_vnd,
            later_from_page=rule.later_from_page,
            later_amount_vnd=rule.later_amount_vnd,
            cap_vnd=rule.cap_vnd,
        )


class ProcedureSpec(BaseModel):
    """A procedure as published (reference §7): code, legal facts, duration, fee, papers.

    ``fee`` is the fee rule; ``fee_note``, ``duration_note`` and ``source`` are for the officer
    and the administrator, never printed (a "(check)" may live there, nowhere else).
    ``code_verified`` is True only when the procedure's own page on the national portal was
    read. ``no_components`` marks a procedure that by nature needs no papers at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: str = Field(pattern=r"^[0-9]\.[0-9]{6}$")  # ASCII digits only, unlike \d
    code_verified: bool = False
    name: NameText
    field: NameText
    field_code: OptionalText = ""
    legal_basis: RequiredText
    duration: DurationSpec
    duration_note: OptionalText = ""
    fee: FeeSpec
    fee_note: OptionalText = ""
    components: list[ComponentSpec] = Field(default_factory=list)
    no_components: bool = False
    effective_from: date | None = None
    effective_to: date | None = None
    result_name: NameText
    source: RequiredText

    def fee_rule(self) -> FeeRule:
        """The fee rule of core.fees, as the intake computes and the receipt prints it."""
        return self.fee.to_rule()

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


def fee_from_version_1(fee_vnd: object) -> dict[str, Any]:
    """A version-1 ``fee_vnd`` as a version-2 fee: null -> the province's, a number -> fixed."""
    if fee_vnd is None:
        return {"basis": FeeBasis.PROVINCE.value}
    return {"basis": FeeBasis.FIXED.value, "amount_vnd": fee_vnd}


def _upgrade_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """A version-1 document with each procedure's fee in the version-2 form (a copy)."""
    procedures = document.get("procedures")
    if not isinstance(procedures, list):
        return document
    upgraded = [
        _upgrade_procedure(item) if isinstance(item, dict) and "fee" not in item else item
        for item in procedures
    ]
    return {**document, "procedures": upgraded}


def _upgrade_procedure(item: dict[str, Any]) -> dict[str, Any]:
    rest = {key: value for key, value in item.items() if key != "fee_vnd"}
    return {**rest, "fee": fee_from_version_1(item.get("fee_vnd"))}


def is_version_1(document: object) -> bool:
    """Whether ``document`` says it is a version-1 catalogue (true is not 1 here)."""
    if not isinstance(document, dict):
        return False
    version = document.get("version")
    return version == 1 and not isinstance(version, bool)


class CatalogueFile(BaseModel):
    """The JSON document: {"format": "desk-app-catalogue", "version": 2, "procedures": [...]}.

    A version-1 document is read as version 2 (see fee_from_version_1); files are written in
    version 2 only.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    format: Literal["desk-app-catalogue"]
    version: Literal[1, 2]
    procedures: list[ProcedureSpec]

    @model_validator(mode="before")
    @classmethod
    def _read_version_1(cls, data: Any) -> Any:
        return _upgrade_version_1(data) if is_version_1(data) else data
