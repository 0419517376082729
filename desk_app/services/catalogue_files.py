"""The procedure catalogue as a file: JSON (bundled, synced) or XLSX (edited by administrators).

A catalogue file is accepted whole or not at all. Every problem found is reported with where it
is (sheet, row and column for a spreadsheet; procedure number, code and field for JSON), so an
administrator can fix a spreadsheet without guessing. The database is not touched here: the
catalogue service upserts the returned specs.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from zipfile import BadZipFile

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
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

from desk_app.core.deadlines import Duration, DurationUnit
from desk_app.core.errors import N_, Message, ValidationError
from desk_app.core.text import clean
from desk_app.paths import resources_dir


class _Invalid(ValueError):
    """A validator's refusal that keeps its message translatable (pydantic passes it on)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


Detail = Message | str  # a Message, or a bare msgid that needs no parameters

FORMAT_NAME = "desk-app-catalogue"
FORMAT_VERSION = 1
MAX_REPORTED_PROBLEMS = 10

# The stored spelling of core.deadlines.DurationUnit; a test keeps the two in step.
DurationUnitName = Literal["working_days", "calendar_days", "working_hours", "same_day"]
DURATION_UNITS: tuple[str, ...] = get_args(DurationUnitName)


def _required_text(value: str) -> str:
    text = clean(value)
    if not text:
        raise _Invalid(Message(N_("không được để trống")))
    return text


def _optional_text(value: object) -> object:
    """Blank cells and JSON nulls mean "no note"; anything else is cleaned if it is text."""
    if value is None:
        return ""
    return clean(value) if isinstance(value, str) else value


# Every text is NFC, without control characters or doubled spaces (core.text.clean).
RequiredText = Annotated[str, AfterValidator(_required_text)]
OptionalText = Annotated[str, BeforeValidator(_optional_text)]


class ComponentSpec(BaseModel):
    """One paper of a dossier, as the receipt lists it ("01 bản chính, 01 bản sao")."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: RequiredText
    original_count: int = Field(ge=0)
    copy_count: int = Field(ge=0)
    required: bool = True
    note: OptionalText = ""


class DurationSpec(BaseModel):
    """The legal duration; the rules on value and unit are those of core.deadlines.Duration."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: int = Field(ge=0)
    unit: DurationUnitName

    @model_validator(mode="after")
    def _check_with_core_rules(self) -> DurationSpec:
        try:
            self.to_duration()
        except ValidationError as error:
            raise _Invalid(error.message) from error
        return self

    def to_duration(self) -> Duration:
        return Duration(self.value, DurationUnit(self.unit))


class ProcedureSpec(BaseModel):
    """A procedure as published (reference §7): code, legal facts, duration, fee, papers.

    ``fee_vnd`` is in đồng; None means the province's People's Council sets it (see fee_note).
    ``code_verified`` is False when the national code could not be confirmed on the national
    portal. ``no_components`` marks a procedure that by nature needs no papers at all.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

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
            raise _Invalid(
                Message(
                    N_("ngày hết hiệu lực {end} trước ngày có hiệu lực {start}"),
                    {"end": value.isoformat(), "start": start.isoformat()},
                )
            )
        return value

    @model_validator(mode="after")
    def _components_match_nature(self) -> ProcedureSpec:
        if not self.components and not self.no_components:
            raise _Invalid(
                Message(
                    N_(
                        "thủ tục phải có ít nhất một thành phần hồ sơ "
                        "(hoặc ghi no_components nếu thủ tục không cần giấy tờ)"
                    )
                )
            )
        if self.components and self.no_components:
            raise _Invalid(Message(N_("thủ tục ghi no_components nhưng lại có thành phần hồ sơ")))
        return self


class CatalogueFile(BaseModel):
    """The JSON document: {"format": "desk-app-catalogue", "version": 1, "procedures": [...]}."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["desk-app-catalogue"]
    version: Literal[1]
    procedures: list[ProcedureSpec]


@dataclass(frozen=True)
class CatalogueProblem:
    """One thing wrong in a catalogue file. ``message`` says it with its location, in any
    language; the other fields let a screen point at the cell or the procedure."""

    message: Message
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    index: int | None = None  # 1-based position of the procedure in a JSON file
    code: str | None = None
    field: str | None = None


class CatalogueFileError(ValidationError):
    """The catalogue file was rejected whole; nothing in it was used."""

    def __init__(
        self, msgid: str, /, *, problems: Sequence[CatalogueProblem] = (), **params: Any
    ) -> None:
        self.problems = tuple(problems)
        super().__init__(msgid, field="catalogue", **params)

    @classmethod
    def listing(cls, path: Path, problems: Sequence[CatalogueProblem]) -> CatalogueFileError:
        """The error for a list of located problems; the first few are spelled out."""
        details = tuple(p.message for p in problems[:MAX_REPORTED_PROBLEMS])  # joined by "; "
        more = len(problems) - MAX_REPORTED_PROBLEMS
        if more > 0:
            return cls(
                N_("Tệp danh mục {file} không hợp lệ: {details}; và {more} lỗi khác."),
                problems=problems,
                file=path.name,
                details=details,
                more=more,
            )
        return cls(
            N_("Tệp danh mục {file} không hợp lệ: {details}."),
            problems=problems,
            file=path.name,
            details=details,
        )


# --- where a problem is ----------------------------------------------------------------------


def _cell_problem(sheet: str, row: int, column: str, detail: Detail) -> CatalogueProblem:
    message = Message(
        N_("trang {sheet}, dòng {row}, cột {column}: {detail}"),
        {"sheet": sheet, "row": row, "column": column, "detail": detail},
    )
    return CatalogueProblem(message, sheet=sheet, row=row, column=column)


def _sheet_problem(sheet: str, detail: Detail) -> CatalogueProblem:
    message = Message(N_("trang {sheet}: {detail}"), {"sheet": sheet, "detail": detail})
    return CatalogueProblem(message, sheet=sheet)


def _procedure_problem(
    index: int, code: str, detail: Detail, field: str | None = None
) -> CatalogueProblem:
    if field is None:
        message = Message(
            N_("thủ tục thứ {index} (mã {code}): {detail}"),
            {"index": index, "code": code, "detail": detail},
        )
    else:
        message = Message(
            N_("thủ tục thứ {index} (mã {code}), trường {field}: {detail}"),
            {"index": index, "code": code, "field": field, "detail": detail},
        )
    return CatalogueProblem(message, index=index, code=code, field=field)


def _component_problem(
    index: int, code: str, position: int, field: str | None, detail: Detail
) -> CatalogueProblem:
    message = Message(
        N_("thủ tục thứ {index} (mã {code}), thành phần thứ {position}, trường {field}: {detail}"),
        {
            "index": index,
            "code": code,
            "position": position,
            "field": field or "-",
            "detail": detail,
        },
    )
    return CatalogueProblem(message, index=index, code=code, field=field)


def _top_problem(field: str, detail: Detail) -> CatalogueProblem:
    message = Message(N_("trường {field}: {detail}"), {"field": field, "detail": detail})
    return CatalogueProblem(message, field=field)


# --- what a problem is -----------------------------------------------------------------------


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_MISSING = N_("thiếu giá trị bắt buộc")
_DETAILS: dict[str, str] = {
    "literal_error": N_("giá trị {value} không được chấp nhận"),
    "string_pattern_mismatch": N_("giá trị {value} không đúng dạng mã thủ tục (ví dụ 1.001193)"),
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
    "extra_forbidden": N_("trường này không có trong mẫu danh mục"),
    "model_type": N_("phải là một đối tượng JSON"),
    "dict_type": N_("phải là một đối tượng JSON"),
    "list_type": N_("phải là một danh sách"),
}


def _detail(error: ErrorDetails) -> Message:
    kind = error["type"]
    value = error.get("input")
    if kind == "missing" or (value is None and kind not in ("value_error", "assertion_error")):
        return Message(_MISSING)
    ctx = error.get("ctx") or {}
    refusal = ctx.get("error")
    if kind == "value_error" and isinstance(refusal, _Invalid):
        return refusal.message
    if kind == "value_error" and "error" in ctx:
        return Message(str(ctx["error"]).rstrip("."))
    template = _DETAILS.get(kind, N_("giá trị {value} không hợp lệ"))
    return Message(template, {"value": _shown(value), "limit": ctx.get("ge", "")})


def _reading_order(problem: CatalogueProblem) -> tuple[int, int]:
    """Top to bottom as an editor fixes them: the procedures (sheet) first, then components."""
    return (1 if problem.sheet == COMPONENTS_SHEET else 0, problem.row or problem.index or 0)


# --- reading -----------------------------------------------------------------------------------


def bundled_catalogue_path() -> Path:
    """The catalogue shipped with the application (loaded when a workstation is set up)."""
    return resources_dir() / "catalogue" / "procedures.json"


def load_catalogue(path: Path) -> list[ProcedureSpec]:
    """Read a .json or .xlsx catalogue; any problem rejects the whole file (CatalogueFileError)."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise _unsupported(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CatalogueFileError(
            N_("Không đọc được tệp danh mục {file}: {reason}."),
            file=path.name,
            reason=_os_reason(error),
        ) from error
    return reader(path, data)


def _unsupported(path: Path) -> CatalogueFileError:
    return CatalogueFileError(
        N_("Tệp danh mục {file} có đuôi {suffix} không được hỗ trợ; chỉ nhận .json hoặc .xlsx."),
        file=path.name,
        suffix=path.suffix or N_("(không có)"),
    )


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return N_("không có tệp hoặc thư mục này")
    if isinstance(error, PermissionError):
        return N_("không có quyền truy cập")
    if isinstance(error, IsADirectoryError):
        return N_("đây là một thư mục, không phải tệp")
    return error.strerror or str(error)


def _read_json(path: Path, data: bytes) -> list[ProcedureSpec]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogueFileError(
            N_("Tệp danh mục {file} không phải văn bản UTF-8 (byte lỗi ở vị trí {position})."),
            file=path.name,
            position=error.start,
        ) from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogueFileError(
            N_(
                "Tệp danh mục {file} không phải JSON hợp lệ "
                "(lỗi cú pháp ở dòng {line}, cột {column})."
            ),
            file=path.name,
            line=error.lineno,
            column=error.colno,
        ) from error

    problems: list[CatalogueProblem] = []
    parsed: CatalogueFile | None = None
    try:
        parsed = CatalogueFile.model_validate(document)
    except PydanticValidationError as error:
        problems.extend(_json_problem(document, e) for e in error.errors())
    problems.extend(_json_duplicates(document))
    if problems or parsed is None:
        raise CatalogueFileError.listing(path, sorted(problems, key=_reading_order))
    return list(parsed.procedures)


def _raw_code(document: object, index: int) -> str:
    procedures = document.get("procedures") if isinstance(document, dict) else None
    if isinstance(procedures, list) and index < len(procedures):
        item = procedures[index]
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            return str(item["code"])
    return "?"


def _json_problem(document: object, error: ErrorDetails) -> CatalogueProblem:
    loc = error["loc"]
    detail = _detail(error)
    if len(loc) >= 2 and loc[0] == "procedures" and isinstance(loc[1], int):
        index, rest = loc[1], loc[2:]
        code = _raw_code(document, index)
        if len(rest) >= 2 and rest[0] == "components" and isinstance(rest[1], int):
            field = ".".join(str(p) for p in rest[2:]) or None
            return _component_problem(index + 1, code, rest[1] + 1, field, detail)
        field = ".".join(str(p) for p in rest) or None
        return _procedure_problem(index + 1, code, detail, field)
    return _top_problem(".".join(str(p) for p in loc) or N_("(toàn tệp)"), detail)


def _json_duplicates(document: object) -> Iterator[CatalogueProblem]:
    procedures = document.get("procedures") if isinstance(document, dict) else None
    if not isinstance(procedures, list):
        return
    first_seen: dict[str, int] = {}
    for index, item in enumerate(procedures, start=1):
        code = item.get("code") if isinstance(item, dict) else None
        if not isinstance(code, str):
            continue
        code = code.strip()
        if code in first_seen:
            detail = Message(
                N_("mã {code} đã có ở thủ tục thứ {first}"),
                {"code": code, "first": first_seen[code]},
            )
            yield _procedure_problem(index, code, detail, "code")
        else:
            first_seen[code] = index


# --- the spreadsheet layout --------------------------------------------------------------------

PROCEDURES_SHEET = "procedures"
COMPONENTS_SHEET = "components"
PROCEDURE_COLUMNS: tuple[str, ...] = (
    "code",
    "code_verified",
    "name",
    "field",
    "field_code",
    "legal_basis",
    "duration_value",
    "duration_unit",
    "duration_note",
    "fee_vnd",
    "fee_note",
    "no_components",
    "effective_from",
    "effective_to",
    "result_name",
    "source",
)
COMPONENT_COLUMNS: tuple[str, ...] = (
    "procedure_code",
    "position",
    "name",
    "original_count",
    "copy_count",
    "required",
    "note",
)
_DURATION_COLUMNS = {"value": "duration_value", "unit": "duration_unit"}


@dataclass(frozen=True)
class _Row:
    number: int  # as Excel shows it (the header is row 1)
    values: dict[str, Any]


def _read_xlsx(path: Path, data: bytes) -> list[ProcedureSpec]:
    # openpyxl loads only when a spreadsheet is read or written: it costs ~0.2 s at start-up.
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError) as error:
        raise CatalogueFileError(
            N_("Tệp danh mục {file} không phải bảng tính Excel (.xlsx) đọc được."),
            file=path.name,
        ) from error
    try:
        problems: list[CatalogueProblem] = []
        procedure_rows = _sheet_rows(workbook, PROCEDURES_SHEET, PROCEDURE_COLUMNS, problems)
        component_rows = _sheet_rows(workbook, COMPONENTS_SHEET, COMPONENT_COLUMNS, problems)
    finally:
        workbook.close()
    if problems:  # a wrong header makes every row's columns doubtful: stop here
        raise CatalogueFileError.listing(path, sorted(problems, key=_reading_order))

    components = _group_components(component_rows, procedure_rows, problems)
    specs: list[ProcedureSpec] = []
    first_seen: dict[str, int] = {}
    for row in procedure_rows:
        code = row.values.get("code")
        key = code.strip() if isinstance(code, str) else None
        if key is not None and key in first_seen:
            detail = Message(
                N_("mã {code} đã có ở dòng {first}"), {"code": key, "first": first_seen[key]}
            )
            problems.append(_cell_problem(PROCEDURES_SHEET, row.number, "code", detail))
        elif key is not None:
            first_seen[key] = row.number
        parts = components.get(key, []) if key is not None else []
        try:
            specs.append(ProcedureSpec.model_validate(_procedure_input(row, parts)))
        except PydanticValidationError as error:
            problems.extend(_xlsx_problem(row, parts, e) for e in error.errors())
    if problems:
        raise CatalogueFileError.listing(path, sorted(problems, key=_reading_order))
    return specs


def _sheet_rows(
    workbook: Any,
    sheet: str,
    expected: Sequence[str],
    problems: list[CatalogueProblem],
) -> list[_Row]:
    if sheet not in workbook.sheetnames:
        problems.append(_sheet_problem(sheet, N_("không có trang này trong tệp")))
        return []
    lines = workbook[sheet].iter_rows(values_only=True)
    header = next(lines, ())
    names: list[str | None] = []
    seen: set[str] = set()
    flagged: set[int] = set()  # columns whose header is already reported
    for position, cell in enumerate(header):
        name = clean(str(cell)) if cell is not None else ""
        names.append(name if name in expected and name not in seen else None)
        if not name:
            continue
        if name not in expected:
            detail = Message(N_("cột {name} không có trong mẫu danh mục"), {"name": name})
            problems.append(_cell_problem(sheet, 1, name, detail))
            flagged.add(position)
        elif name in seen:
            problems.append(_cell_problem(sheet, 1, name, N_("cột này bị lặp")))
            flagged.add(position)
        seen.add(name)
    for name in expected:
        if name not in seen:
            problems.append(_cell_problem(sheet, 1, name, N_("thiếu cột bắt buộc này")))

    rows: list[_Row] = []
    for number, line in enumerate(lines, start=2):
        values: dict[str, Any] = {}
        for position, value in enumerate(line):
            if isinstance(value, str):
                value = value if value.strip() else None
            if value is None:
                continue
            column_name = names[position] if position < len(names) else None
            if column_name is None and position not in flagged:
                letter = _column_letter(position + 1)
                unnamed = N_("ô có dữ liệu nhưng cột không có tên hợp lệ")
                problems.append(_cell_problem(sheet, number, letter, unnamed))
            if column_name is not None:
                values[column_name] = value
        if values:
            rows.append(_Row(number, values))
    return rows


def _group_components(
    component_rows: Iterable[_Row],
    procedure_rows: Sequence[_Row],
    problems: list[CatalogueProblem],
) -> dict[str, list[_Row]]:
    """Components by procedure code, in position order; orphans and bad positions reported."""
    known = {code.strip() for r in procedure_rows if isinstance(code := r.values.get("code"), str)}
    grouped: dict[str, list[tuple[int, _Row]]] = {}
    for row in component_rows:
        raw_code = row.values.get("procedure_code")
        code = str(raw_code).strip() if raw_code is not None else ""
        if not code:
            problems.append(_cell_problem(COMPONENTS_SHEET, row.number, "procedure_code", _MISSING))
            continue
        if code not in known:
            detail = Message(
                N_("không có thủ tục mã {code} trong trang {sheet}"),
                {"code": code, "sheet": PROCEDURES_SHEET},
            )
            problems.append(_cell_problem(COMPONENTS_SHEET, row.number, "procedure_code", detail))
            continue
        position = _position(row.values.get("position"))
        if position is None:
            detail = Message(
                N_("giá trị {value} không phải số thứ tự (số nguyên từ 1)"),
                {"value": _shown(row.values.get("position"))},
            )
            problems.append(_cell_problem(COMPONENTS_SHEET, row.number, "position", detail))
            continue
        siblings = grouped.setdefault(code, [])
        clash = next((r for p, r in siblings if p == position), None)
        if clash is not None:
            detail = Message(
                N_("số thứ tự {position} đã dùng ở dòng {first}"),
                {"position": position, "first": clash.number},
            )
            problems.append(_cell_problem(COMPONENTS_SHEET, row.number, "position", detail))
            continue
        siblings.append((position, row))
    return {
        code: [r for _, r in sorted(rows, key=lambda pr: pr[0])] for code, rows in grouped.items()
    }


def _position(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and value >= 1 else None


def _procedure_input(row: _Row, components: Sequence[_Row]) -> dict[str, Any]:
    values = {k: v for k, v in row.values.items() if k not in _DURATION_COLUMNS.values()}
    values["duration"] = {
        key: row.values[column] for key, column in _DURATION_COLUMNS.items() if column in row.values
    }
    values["components"] = [
        {k: v for k, v in part.values.items() if k not in ("procedure_code", "position")}
        for part in components
    ]
    return values


def _xlsx_problem(row: _Row, components: Sequence[_Row], error: ErrorDetails) -> CatalogueProblem:
    loc = error["loc"]
    detail = _detail(error)
    head = loc[0] if loc else None
    if head == "components" and len(loc) >= 2 and isinstance(loc[1], int):
        part = components[loc[1]]
        column = str(loc[2]) if len(loc) >= 3 else "name"
        return _cell_problem(COMPONENTS_SHEET, part.number, column, detail)
    if head == "duration":
        column = (
            _DURATION_COLUMNS.get(str(loc[1]), "duration_value")
            if len(loc) >= 2
            else "duration_value"
        )
        return _cell_problem(PROCEDURES_SHEET, row.number, column, detail)
    if head is None or head == "components":
        # The model-level rule ties components to the no_components flag.
        return _cell_problem(PROCEDURES_SHEET, row.number, "no_components", detail)
    return _cell_problem(PROCEDURES_SHEET, row.number, str(head), detail)


# --- writing -----------------------------------------------------------------------------------


def save_catalogue(specs: Sequence[ProcedureSpec], path: Path) -> None:
    """Write ``specs`` as .json or .xlsx; the file is replaced only once fully written."""
    writer = _WRITERS.get(path.suffix.lower())
    if writer is None:
        raise _unsupported(path)
    problems = list(_spec_duplicates(specs))
    if problems:
        raise CatalogueFileError.listing(path, problems)
    temporary = path.with_name(path.name + ".tmp")
    try:
        writer(specs, temporary)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise CatalogueFileError(
            N_("Không ghi được tệp danh mục {file}: {reason}."),
            file=path.name,
            reason=_os_reason(error),
        ) from error


def _spec_duplicates(specs: Sequence[ProcedureSpec]) -> Iterator[CatalogueProblem]:
    first_seen: dict[str, int] = {}
    for index, spec in enumerate(specs, start=1):
        if spec.code in first_seen:
            detail = Message(
                N_("mã {code} đã có ở thủ tục thứ {first}"),
                {"code": spec.code, "first": first_seen[spec.code]},
            )
            yield _procedure_problem(index, spec.code, detail, "code")
        else:
            first_seen[spec.code] = index


def _write_json(specs: Sequence[ProcedureSpec], path: Path) -> None:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "procedures": [spec.model_dump(mode="json") for spec in specs],
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _column_letter(number: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(number))


def _write_xlsx(specs: Sequence[ProcedureSpec], path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    procedures = workbook.active
    procedures.title = PROCEDURES_SHEET
    components = workbook.create_sheet(COMPONENTS_SHEET)
    _write_rows(procedures, PROCEDURE_COLUMNS, (_procedure_cells(s) for s in specs))
    _write_rows(
        components,
        COMPONENT_COLUMNS,
        (
            _component_cells(spec.code, position, part)
            for spec in specs
            for position, part in enumerate(spec.components, start=1)
        ),
    )
    workbook.save(path)


def _procedure_cells(spec: ProcedureSpec) -> Mapping[str, object]:
    return {
        "code": spec.code,
        "code_verified": spec.code_verified,
        "name": spec.name,
        "field": spec.field,
        "field_code": spec.field_code,
        "legal_basis": spec.legal_basis,
        "duration_value": spec.duration.value,
        "duration_unit": spec.duration.unit,
        "duration_note": spec.duration_note,
        "fee_vnd": spec.fee_vnd,
        "fee_note": spec.fee_note,
        "no_components": spec.no_components,
        "effective_from": spec.effective_from,
        "effective_to": spec.effective_to,
        "result_name": spec.result_name,
        "source": spec.source,
    }


def _component_cells(code: str, position: int, part: ComponentSpec) -> Mapping[str, object]:
    return {
        "procedure_code": code,
        "position": position,
        "name": part.name,
        "original_count": part.original_count,
        "copy_count": part.copy_count,
        "required": part.required,
        "note": part.note,
    }


def _write_rows(sheet: Any, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    from openpyxl.styles import Font

    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for number, row in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            value = row[column]
            if value == "":
                continue  # a blank cell reads back as the field's empty default
            cell = sheet.cell(row=number, column=position, value=value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # text, never a formula
            elif isinstance(value, date):
                cell.number_format = "yyyy-mm-dd"


_READERS: dict[str, Callable[[Path, bytes], list[ProcedureSpec]]] = {
    ".json": _read_json,
    ".xlsx": _read_xlsx,
}
_WRITERS: dict[str, Callable[[Sequence[ProcedureSpec], Path], None]] = {
    ".json": _write_json,
    ".xlsx": _write_xlsx,
}
