"""The procedure catalogue as a file: JSON (bundled, synced) or XLSX (edited by administrators).

A catalogue file is accepted whole or not at all. Every problem found is reported with where it
is (sheet, row and column for a spreadsheet; procedure number, code and field for JSON), so an
administrator can fix a spreadsheet without guessing. The records are the models of
`desk_app.imports.catalogue_schema`; the rows, problems and duplicates come from the shared
import machinery. The database is not touched here: the catalogue service upserts the specs.

Files are written in format version 2; a version-1 JSON file (one ``fee_vnd`` amount per
procedure) still loads. In a spreadsheet, a procedure's duration and fee rule spread over
columns of the procedures sheet (duration_value, duration_unit; fee_basis, fee_amount_vnd,
fee_later_from_page, fee_later_amount_vnd, fee_cap_vnd) and each paper's kind (submitted or
shown) is a column of the components sheet.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError as PydanticValidationError
from pydantic_core import ErrorDetails

from desk_app.core.errors import N_, Message
from desk_app.imports.catalogue_schema import (
    CATALOGUE_DETAILS,
    DURATION_UNITS,
    FEE_BASES,
    FORMAT_NAME,
    FORMAT_VERSION,
    CatalogueFile,
    ComponentSpec,
    DurationSpec,
    FeeSpec,
    ProcedureSpec,
    is_version_1,
)
from desk_app.imports.duplicates import FirstSeen, repeats
from desk_app.imports.problems import (
    Detail,
    FileRejected,
    Problem,
    UnreadableFile,
    as_message,
    cell_problem,
    field_problem,
    os_reason,
    reading_order,
)
from desk_app.imports.pydantic_problems import MISSING, describe, shown
from desk_app.imports.tables import (
    DEFAULT_LIMITS,
    Layout,
    Row,
    oversize,
    read_capped,
    read_xlsx,
    write_rows,
)
from desk_app.paths import resources_dir

__all__ = [
    "COMPONENTS_SHEET",
    "COMPONENT_COLUMNS",
    "DURATION_UNITS",
    "FEE_BASES",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "PROCEDURES_SHEET",
    "PROCEDURE_COLUMNS",
    "CatalogueFile",
    "CatalogueFileError",
    "ComponentSpec",
    "DurationSpec",
    "FeeSpec",
    "ProcedureSpec",
    "bundled_catalogue_path",
    "load_catalogue",
    "save_catalogue",
]


class CatalogueFileError(FileRejected):
    """The catalogue file was rejected whole; nothing in it was used."""

    FIELD = "catalogue"
    LISTING = N_("Tệp danh mục {file} không hợp lệ: {details}.")
    LISTING_MORE = N_("Tệp danh mục {file} không hợp lệ: {details}; và {more} lỗi khác.")


# --- where a problem is, in a JSON catalogue ---------------------------------------------------


def _procedure_problem(index: int, code: str, detail: Detail, field: str | None = None) -> Problem:
    reason = as_message(detail)
    if field is None:
        message = Message(
            N_("thủ tục thứ {index} (mã {code}): {detail}"),
            {"index": index, "code": code, "detail": reason},
        )
    else:
        message = Message(
            N_("thủ tục thứ {index} (mã {code}), trường {field}: {detail}"),
            {"index": index, "code": code, "field": field, "detail": reason},
        )
    return Problem(message, reason, index=index, code=code, field=field)


def _component_problem(
    index: int, code: str, position: int, field: str | None, detail: Detail
) -> Problem:
    reason = as_message(detail)
    message = Message(
        N_("thủ tục thứ {index} (mã {code}), thành phần thứ {position}, trường {field}: {detail}"),
        {
            "index": index,
            "code": code,
            "position": position,
            "field": field or "-",
            "detail": reason,
        },
    )
    return Problem(message, reason, index=index, code=code, field=field)


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
        data = read_capped(path, DEFAULT_LIMITS)
    except OSError as error:
        raise CatalogueFileError(
            N_("Không đọc được tệp danh mục {file}: {reason}."),
            file=path.name,
            reason=os_reason(error),
        ) from error
    too_large = oversize(data, DEFAULT_LIMITS)
    if too_large is not None:
        raise CatalogueFileError.listing(path, [too_large])
    return reader(path, data)


def _unsupported(path: Path) -> CatalogueFileError:
    return CatalogueFileError(
        N_("Tệp danh mục {file} có đuôi {suffix} không được hỗ trợ; chỉ nhận .json hoặc .xlsx."),
        file=path.name,
        suffix=path.suffix or N_("(không có)"),
    )


MAX_JSON_DEPTH = 10
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(r"[\[\]{}]")


def _json_depth(text: str) -> int:
    """How deep the arrays and objects of ``text`` nest (brackets inside strings ignored)."""
    deepest = level = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub("", text)):
        level += 1 if match.group() in "[{" else -1
        deepest = max(deepest, level)
    return deepest


def _read_json(path: Path, data: bytes) -> list[ProcedureSpec]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CatalogueFileError(
            N_("Tệp danh mục {file} không phải văn bản UTF-8 (byte lỗi ở vị trí {position})."),
            file=path.name,
            position=error.start,
        ) from error
    depth = _json_depth(text)
    if depth > MAX_JSON_DEPTH:
        # Issue 8: deep nesting costs the parser a stack frame a level (a RecursionError at
        # ~1,000); the catalogue format itself nests five levels at most.
        raise CatalogueFileError(
            N_(
                "Tệp danh mục {file} lồng nhau {depth} tầng, quá giới hạn {limit} tầng "
                "của định dạng danh mục."
            ),
            file=path.name,
            depth=depth,
            limit=MAX_JSON_DEPTH,
        )
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

    problems: list[Problem] = []
    parsed: CatalogueFile | None = None
    try:
        parsed = CatalogueFile.model_validate(document)
    except PydanticValidationError as error:
        problems.extend(_json_problem(document, e) for e in error.errors())
    problems.extend(_json_duplicates(document))
    if problems or parsed is None:
        raise CatalogueFileError.listing(path, sorted(problems, key=_READING_ORDER))
    return list(parsed.procedures)


def _raw_code(document: object, index: int) -> str:
    procedures = document.get("procedures") if isinstance(document, dict) else None
    if isinstance(procedures, list) and index < len(procedures):
        item = procedures[index]
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            return str(item["code"])
    return "?"


def _json_problem(document: object, error: ErrorDetails) -> Problem:
    loc = error["loc"]
    detail = describe(error, CATALOGUE_DETAILS)
    if len(loc) >= 2 and loc[0] == "procedures" and isinstance(loc[1], int):
        index, rest = loc[1], loc[2:]
        code = _raw_code(document, index)
        if len(rest) >= 2 and rest[0] == "components" and isinstance(rest[1], int):
            field = ".".join(str(p) for p in rest[2:]) or None
            return _component_problem(index + 1, code, rest[1] + 1, field, detail)
        field = ".".join(str(p) for p in rest) or None
        if field is not None and field.split(".")[0] == "fee" and _upgraded_fee(document, index):
            field = "fee_vnd"  # a version-1 file's one amount, read as a fee rule
        return _procedure_problem(index + 1, code, detail, field)
    return field_problem(".".join(str(p) for p in loc) or N_("(toàn tệp)"), detail)


def _upgraded_fee(document: object, index: int) -> bool:
    """Whether procedure ``index``'s fee rule was made from a version-1 ``fee_vnd``."""
    if not is_version_1(document):
        return False
    assert isinstance(document, dict)
    procedures = document.get("procedures")
    if not isinstance(procedures, list) or index >= len(procedures):
        return False
    item = procedures[index]
    return isinstance(item, dict) and "fee" not in item


def _json_duplicates(document: object) -> Iterator[Problem]:
    procedures = document.get("procedures") if isinstance(document, dict) else None
    if not isinstance(procedures, list):
        return
    codes = (
        (_code_key(item.get("code") if isinstance(item, dict) else None), index)
        for index, item in enumerate(procedures, start=1)
    )
    for repeat in repeats(codes):
        detail = Message(
            N_("mã {code} đã có ở thủ tục thứ {first}"),
            {"code": repeat.key, "first": repeat.first},
        )
        yield _procedure_problem(repeat.at, repeat.key, detail, "code")


def _code_key(code: object) -> str | None:
    """A procedure code as duplicates are told apart (spaces around it do not count)."""
    return code.strip() if isinstance(code, str) else None


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
    "fee_basis",
    "fee_amount_vnd",
    "fee_later_from_page",
    "fee_later_amount_vnd",
    "fee_cap_vnd",
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
    "kind",
    "note",
)
_DURATION_COLUMNS = {"value": "duration_value", "unit": "duration_unit"}
_FEE_COLUMNS = {
    "basis": "fee_basis",
    "amount_vnd": "fee_amount_vnd",
    "later_from_page": "fee_later_from_page",
    "later_amount_vnd": "fee_later_amount_vnd",
    "cap_vnd": "fee_cap_vnd",
}
_NESTED_COLUMNS = {*_DURATION_COLUMNS.values(), *_FEE_COLUMNS.values()}
_UNKNOWN_COLUMN = N_("cột {name} không có trong mẫu danh mục")
_LAYOUTS = {
    PROCEDURES_SHEET: Layout(PROCEDURE_COLUMNS, unknown_column=_UNKNOWN_COLUMN),
    COMPONENTS_SHEET: Layout(COMPONENT_COLUMNS, unknown_column=_UNKNOWN_COLUMN),
}
# Top to bottom as an editor fixes them: the procedures (sheet) first, then components.
_READING_ORDER = reading_order((PROCEDURES_SHEET, COMPONENTS_SHEET))


def _read_xlsx(path: Path, data: bytes) -> list[ProcedureSpec]:
    try:
        reading = read_xlsx(data, path.name, _LAYOUTS, DEFAULT_LIMITS)
    except UnreadableFile as error:
        raise CatalogueFileError(
            N_("Tệp danh mục {file} không phải bảng tính Excel (.xlsx) đọc được."),
            file=path.name,
        ) from error
    problems = list(reading.problems)
    if problems:  # a wrong header makes every row's columns doubtful: stop here
        raise CatalogueFileError.listing(path, sorted(problems, key=_READING_ORDER))

    procedure_rows = reading.sheets[PROCEDURES_SHEET]
    components = _group_components(reading.sheets[COMPONENTS_SHEET], procedure_rows, problems)
    codes = ((_code_key(row.values.get("code")), row.number) for row in procedure_rows)
    for repeat in repeats(codes):
        detail = Message(
            N_("mã {code} đã có ở dòng {first}"), {"code": repeat.key, "first": repeat.first}
        )
        problems.append(cell_problem(PROCEDURES_SHEET, repeat.at, "code", detail))
    specs: list[ProcedureSpec] = []
    for row in procedure_rows:
        key = _code_key(row.values.get("code"))
        parts = components.get(key, []) if key is not None else []
        try:
            specs.append(ProcedureSpec.model_validate(_procedure_input(row, parts)))
        except PydanticValidationError as error:
            problems.extend(_xlsx_problem(row, parts, e) for e in error.errors())
    if problems:
        raise CatalogueFileError.listing(path, sorted(problems, key=_READING_ORDER))
    return specs


def _group_components(
    component_rows: Iterable[Row],
    procedure_rows: Sequence[Row],
    problems: list[Problem],
) -> dict[str, list[Row]]:
    """Components by procedure code, in position order; orphans and bad positions reported."""
    known = {key for r in procedure_rows if (key := _code_key(r.values.get("code"))) is not None}
    grouped: dict[str, list[tuple[int, Row]]] = {}
    positions: FirstSeen[tuple[str, int], int] = FirstSeen()
    for row in component_rows:
        raw_code = row.values.get("procedure_code")
        code = str(raw_code).strip() if raw_code is not None else ""
        if not code:
            problems.append(cell_problem(COMPONENTS_SHEET, row.number, "procedure_code", MISSING))
            continue
        if code not in known:
            detail = Message(
                N_("không có thủ tục mã {code} trong trang {sheet}"),
                {"code": code, "sheet": PROCEDURES_SHEET},
            )
            problems.append(cell_problem(COMPONENTS_SHEET, row.number, "procedure_code", detail))
            continue
        position = _position(row.values.get("position"))
        if position is None:
            detail = Message(
                N_("giá trị {value} không phải số thứ tự (số nguyên từ 1)"),
                {"value": shown(row.values.get("position"))},
            )
            problems.append(cell_problem(COMPONENTS_SHEET, row.number, "position", detail))
            continue
        first = positions.earlier((code, position), row.number)
        if first is not None:
            detail = Message(
                N_("số thứ tự {position} đã dùng ở dòng {first}"),
                {"position": position, "first": first},
            )
            problems.append(cell_problem(COMPONENTS_SHEET, row.number, "position", detail))
            continue
        grouped.setdefault(code, []).append((position, row))
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


def _procedure_input(row: Row, components: Sequence[Row]) -> dict[str, Any]:
    values = {k: v for k, v in row.values.items() if k not in _NESTED_COLUMNS}
    for name, columns in (("duration", _DURATION_COLUMNS), ("fee", _FEE_COLUMNS)):
        values[name] = {
            key: row.values[column] for key, column in columns.items() if column in row.values
        }
    values["components"] = [
        {k: v for k, v in part.values.items() if k not in ("procedure_code", "position")}
        for part in components
    ]
    return values


def _xlsx_problem(row: Row, components: Sequence[Row], error: ErrorDetails) -> Problem:
    loc = error["loc"]
    detail = describe(error, CATALOGUE_DETAILS)
    head = loc[0] if loc else None
    if head == "components" and len(loc) >= 2 and isinstance(loc[1], int):
        part = components[loc[1]]
        column = str(loc[2]) if len(loc) >= 3 else "name"
        return cell_problem(COMPONENTS_SHEET, part.number, column, detail)
    if head == "duration":
        column = (
            _DURATION_COLUMNS.get(str(loc[1]), "duration_value")
            if len(loc) >= 2
            else "duration_value"
        )
        return cell_problem(PROCEDURES_SHEET, row.number, column, detail)
    if head == "fee":
        # A rule across the fee's cells (the core's own check) is said at its basis.
        column = _FEE_COLUMNS.get(str(loc[1]), "fee_basis") if len(loc) >= 2 else "fee_basis"
        return cell_problem(PROCEDURES_SHEET, row.number, column, detail)
    if head is None or head == "components":
        # The model-level rule ties components to the no_components flag.
        return cell_problem(PROCEDURES_SHEET, row.number, "no_components", detail)
    return cell_problem(PROCEDURES_SHEET, row.number, str(head), detail)


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
            reason=os_reason(error),
        ) from error


def _spec_duplicates(specs: Sequence[ProcedureSpec]) -> Iterator[Problem]:
    for repeat in repeats((spec.code, index) for index, spec in enumerate(specs, start=1)):
        detail = Message(
            N_("mã {code} đã có ở thủ tục thứ {first}"),
            {"code": repeat.key, "first": repeat.first},
        )
        yield _procedure_problem(repeat.at, repeat.key, detail, "code")


def _write_json(specs: Sequence[ProcedureSpec], path: Path) -> None:
    document = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "procedures": [spec.model_dump(mode="json") for spec in specs],
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _write_xlsx(specs: Sequence[ProcedureSpec], path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    procedures = workbook.active
    procedures.title = PROCEDURES_SHEET
    components = workbook.create_sheet(COMPONENTS_SHEET)
    write_rows(procedures, PROCEDURE_COLUMNS, (_procedure_cells(s) for s in specs))
    write_rows(
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
        "duration_unit": spec.duration.unit.value,
        "duration_note": spec.duration_note,
        "fee_basis": spec.fee.basis.value,
        "fee_amount_vnd": spec.fee.amount_vnd,
        "fee_later_from_page": spec.fee.later_from_page,
        "fee_later_amount_vnd": spec.fee.later_amount_vnd,
        "fee_cap_vnd": spec.fee.cap_vnd,
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
        "kind": part.kind.value,
        "note": part.note,
    }


_READERS: dict[str, Callable[[Path, bytes], list[ProcedureSpec]]] = {
    ".json": _read_json,
    ".xlsx": _read_xlsx,
}
_WRITERS: dict[str, Callable[[Sequence[ProcedureSpec], Path], None]] = {
    ".json": _write_json,
    ".xlsx": _write_xlsx,
}
