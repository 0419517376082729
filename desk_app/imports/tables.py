"""Rows out of a spreadsheet (XLSX) or a CSV file, checked against the columns a template names.

One reader for both: the header row is checked first (unknown, repeated and missing columns,
data under no column), then each row with data comes back as (row number as Excel shows it,
{column: value}). Blank rows and cells are skipped wherever they are, so the sheet's real
extent is where its data ends, not what the file claims (a run of MAX_BLANK_RUN blank rows ends
it; columns past the cap are not read). Size caps stop an oversized file with
a located message before it is read whole. Values come back as the file has them (CSV: text,
XLSX: text, numbers, dates, booleans); cleaning and validating them is the caller's job.

openpyxl is imported only when a spreadsheet is read or written: it costs ~0.2 s at start-up.
"""

from __future__ import annotations

import csv
import io
import zlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any, NamedTuple
from zipfile import BadZipFile

from desk_app.core.errors import N_, Message
from desk_app.core.text import clean
from desk_app.imports.problems import (
    Problem,
    UnreadableFile,
    cell_problem,
    file_problem,
    row_problem,
    sheet_problem,
)


@dataclass(frozen=True)
class Limits:
    """How much of a file is read at most; beyond that the file is refused, not truncated."""

    max_rows: int = 50_000  # rows with data, the header not counted
    max_columns: int = 100
    max_bytes: int = 20 * 1024 * 1024


DEFAULT_LIMITS = Limits()

# Issue 8: the sheet ends after this many blank rows in a row. One styled blank cell at
# XFD1048576 otherwise makes a reader walk a million empty rows; no table of ours has such a gap.
MAX_BLANK_RUN = 10_000


@dataclass(frozen=True)
class Layout:
    """The columns a sheet's header row must name; all are required unless ``optional``.
    ``unknown_column`` words the problem of a column the template does not have."""

    columns: tuple[str, ...]
    optional: frozenset[str] = frozenset()
    unknown_column: str = N_("cột {name} không có trong mẫu")


class Row(NamedTuple):
    number: int  # as Excel shows it (the header is row 1)
    values: dict[str, Any]  # only the cells with data, by column name


@dataclass(frozen=True)
class Reading:
    """The rows of each sheet asked for (empty when the sheet is missing or unusable) and
    every problem found. A CSV has one sheet, named after the file."""

    sheets: dict[str, list[Row]]
    problems: list[Problem]


# --- bytes -------------------------------------------------------------------------------------


def read_capped(path: Path, limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The file's bytes, but never more than one past the cap: enough for a reader to see that
    the file is too large without loading it all. OSError is the caller's to word."""
    with path.open("rb") as source:
        return source.read(limits.max_bytes + 1)


def oversize(data: bytes, limits: Limits = DEFAULT_LIMITS) -> Problem | None:
    """The problem of a file larger than the cap, or None."""
    if len(data) <= limits.max_bytes:
        return None
    return file_problem(
        Message(
            N_("tệp lớn hơn giới hạn {limit}; hãy chia thành nhiều tệp nhỏ hơn"),
            {"limit": _size(limits.max_bytes)},
        )
    )


def _size(count: int) -> str:
    for unit, scale in (("MB", 1 << 20), ("KB", 1 << 10)):
        if count >= scale:
            return f"{round(count / scale, 1):g} {unit}"
    return f"{count} byte"


# --- XLSX --------------------------------------------------------------------------------------

# What openpyxl raises on a damaged workbook, at opening or while a sheet is parsed lazily.
_DAMAGED: tuple[type[BaseException], ...] = (
    BadZipFile,
    zlib.error,
    EOFError,
    KeyError,
    ValueError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    OSError,
)


def read_xlsx(
    data: bytes, file: str, layouts: Mapping[str, Layout], limits: Limits = DEFAULT_LIMITS
) -> Reading:
    """Read the sheets named in ``layouts``; UnreadableFile if ``data`` is not a workbook."""
    sheets: dict[str, list[Row]] = {name: [] for name in layouts}
    too_large = oversize(data, limits)
    if too_large is not None:
        return Reading(sheets, [too_large])

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_DAMAGED) as error:
        raise _not_a_workbook(file) from error
    problems: list[Problem] = []
    try:
        # Chart sheets are not among worksheets: a chart named like a data sheet is no data.
        worksheets = {worksheet.title: worksheet for worksheet in workbook.worksheets}
        for name, layout in layouts.items():
            worksheet = worksheets.get(name)
            if worksheet is None:
                problems.append(sheet_problem(name, N_("không có trang này trong tệp")))
                continue
            # The size a workbook records can be wrong (some writers leave "A1"); trusting it
            # would drop data or pad every row to 16,384 cells. Read the cells as they are,
            # but never wider than one column past the cap: openpyxl pads each row up to its
            # last cell, so a styled blank cell at XFD on every row (an 18 KB file) cost
            # seconds a thousand rows (issue 8). A cell beyond that column is not read.
            worksheet.reset_dimensions()
            rows = worksheet.iter_rows(max_col=limits.max_columns + 1, values_only=True)
            lines = _guarded(rows, file)
            sheets[name] = _rows(name, lines, layout, limits, problems)
    finally:
        workbook.close()
    return Reading(sheets, problems)


def _not_a_workbook(file: str) -> UnreadableFile:
    return UnreadableFile(N_("Tệp {file} không phải bảng tính Excel (.xlsx) đọc được."), file=file)


def _guarded(lines: Iterator[Sequence[object]], file: str) -> Iterator[Sequence[object]]:
    """The sheet's rows, a damaged part of the file said as such rather than as a crash."""
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except _DAMAGED as error:
            raise _not_a_workbook(file) from error
        yield line


# --- CSV ---------------------------------------------------------------------------------------


def read_csv(data: bytes, file: str, layout: Layout, limits: Limits = DEFAULT_LIMITS) -> Reading:
    """Read UTF-8 CSV (with or without the BOM Excel writes), comma- or semicolon-separated
    (Excel in a Vietnamese locale writes semicolons); the one sheet is named ``file``."""
    too_large = oversize(data, limits)
    if too_large is not None:
        return Reading({file: []}, [too_large])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableFile(
            N_("Tệp {file} không phải văn bản UTF-8 (byte lỗi ở vị trí {position})."),
            file=file,
            position=error.start,
        ) from error
    problems: list[Problem] = []
    records = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows = _rows(file, _records(records, file, problems), layout, limits, problems)
    return Reading({file: rows}, problems)


def _delimiter(text: str) -> str:
    """The separator that splits the header row into more columns; a comma on a tie."""
    counts: dict[str, int] = {}
    for delimiter in (",", ";"):
        try:
            header = next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), [])
        except csv.Error:
            header = []
        counts[delimiter] = len(header)
    return ";" if counts[";"] > counts[","] else ","


def _records(
    records: Iterator[list[str]], file: str, problems: list[Problem]
) -> Iterator[Sequence[object]]:
    """The CSV's records; one that cannot be parsed is reported where it is and ends the file."""
    number = 0
    while True:
        number += 1
        try:
            record = next(records)
        except StopIteration:
            return
        except csv.Error:
            detail = N_("không đọc được dòng này: có ô quá dài hoặc ký tự không hợp lệ")
            problems.append(row_problem(file, number, detail))
            return
        yield record


# --- rows, whatever the format -----------------------------------------------------------------


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trimmed(line: Sequence[object]) -> Sequence[object]:
    """The row up to its last cell with data (empty cells a file keeps for formatting go)."""
    end = len(line)
    while end and _blank(line[end - 1]):
        end -= 1
    return line[:end]


def _rows(
    sheet: str,
    lines: Iterator[Sequence[object]],
    layout: Layout,
    limits: Limits,
    problems: list[Problem],
) -> list[Row]:
    header = _trimmed(next(lines, ()))
    if len(header) > limits.max_columns:
        problems.append(_too_wide(sheet, 1, len(header), limits))
        return []
    names, flagged = _header(sheet, header, layout, problems)
    rows: list[Row] = []
    blank_run = 0
    for number, line in enumerate(lines, start=2):
        # A missing or empty row, counted in C: a sheet may claim a million of them.
        cells = () if line.count(None) == len(line) else _trimmed(line)
        if not cells:
            blank_run += 1
            if blank_run > MAX_BLANK_RUN:
                break
            continue
        blank_run = 0
        if len(cells) > limits.max_columns:
            problems.append(_too_wide(sheet, number, len(cells), limits))
            break
        if len(rows) >= limits.max_rows:
            detail = Message(
                N_("trang có quá {limit} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn"),
                {"limit": limits.max_rows},
            )
            problems.append(row_problem(sheet, number, detail))
            break
        values: dict[str, Any] = {}
        for position, value in enumerate(cells):
            if _blank(value):
                continue
            name = names[position] if position < len(names) else None
            if name is not None:
                values[name] = value
            elif position not in flagged:
                unnamed = N_("ô có dữ liệu nhưng cột không có tên hợp lệ")
                problems.append(cell_problem(sheet, number, column_letter(position + 1), unnamed))
        if values:
            rows.append(Row(number, values))
    return rows


def _header(
    sheet: str, header: Sequence[object], layout: Layout, problems: list[Problem]
) -> tuple[list[str | None], set[int]]:
    """Each position's column name (None: not usable) and the positions already reported,
    whose cells are then not reported again row by row."""
    expected = set(layout.columns)
    names: list[str | None] = []
    seen: set[str] = set()
    flagged: set[int] = set()
    for position, cell in enumerate(header):
        name = clean(str(cell)) if cell is not None else ""
        names.append(name if name in expected and name not in seen else None)
        if not name:
            continue
        if name not in expected:
            detail = Message(layout.unknown_column, {"name": name})
            problems.append(cell_problem(sheet, 1, name, detail))
            flagged.add(position)
        elif name in seen:
            problems.append(cell_problem(sheet, 1, name, N_("cột này bị lặp")))
            flagged.add(position)
        seen.add(name)
    for name in layout.columns:
        if name not in seen and name not in layout.optional:
            problems.append(cell_problem(sheet, 1, name, N_("thiếu cột bắt buộc này")))
    return names, flagged


def _too_wide(sheet: str, row: int, width: int, limits: Limits) -> Problem:
    detail = Message(
        N_("có dữ liệu ngoài giới hạn {limit} cột; hãy xoá các cột thừa"),
        {"limit": limits.max_columns},
    )
    return cell_problem(sheet, row, column_letter(width), detail)


def column_letter(number: int) -> str:
    """The spreadsheet's name of the 1-based column ``number``: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


# --- writing -----------------------------------------------------------------------------------


def write_rows(sheet: Any, columns: Sequence[str], rows: Iterable[Mapping[str, object]]) -> None:
    """Fill an openpyxl worksheet so that `read_xlsx` reads the same values back: a bold,
    frozen header; blank cells for empty text; text that looks like a formula kept as text."""
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
