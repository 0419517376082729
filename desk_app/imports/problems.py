"""What is wrong in an imported file, and where, so a person can fix it without guessing.

A file is accepted whole or not at all: every problem found is collected as a `Problem`, then
the file is refused with one `FileRejected` that spells out the first few.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Self

from desk_app.core.errors import N_, Message, ValidationError

Detail = Message | str  # a Message, or a bare msgid that needs no parameters

MAX_REPORTED_PROBLEMS = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file. ``message`` says it with its location, in any language;
    ``reason`` says it without; the other fields let a screen point at the cell or record."""

    message: Message
    reason: Message
    sheet: str | None = None
    row: int | None = None  # as the spreadsheet shows it (the header is row 1)
    column: str | None = None  # a column's name, or its letter when it has none
    index: int | None = None  # 1-based position of a record in a JSON file
    code: str | None = None  # the record's own code, as the file spells it
    field: str | None = None  # dotted path of a JSON field


def as_message(detail: Detail) -> Message:
    return Message(detail) if isinstance(detail, str) else detail


def cell_problem(sheet: str, row: int, column: str, detail: Detail) -> Problem:
    reason = as_message(detail)
    message = Message(
        N_("trang {sheet}, dòng {row}, cột {column}: {detail}"),
        {"sheet": sheet, "row": row, "column": column, "detail": reason},
    )
    return Problem(message, reason, sheet=sheet, row=row, column=column)


def row_problem(sheet: str, row: int, detail: Detail) -> Problem:
    reason = as_message(detail)
    message = Message(
        N_("trang {sheet}, dòng {row}: {detail}"), {"sheet": sheet, "row": row, "detail": reason}
    )
    return Problem(message, reason, sheet=sheet, row=row)


def sheet_problem(sheet: str, detail: Detail) -> Problem:
    reason = as_message(detail)
    message = Message(N_("trang {sheet}: {detail}"), {"sheet": sheet, "detail": reason})
    return Problem(message, reason, sheet=sheet)


def field_problem(field: str, detail: Detail) -> Problem:
    """A field of the document as a whole (a JSON key outside any record)."""
    reason = as_message(detail)
    message = Message(N_("trường {field}: {detail}"), {"field": field, "detail": reason})
    return Problem(message, reason, field=field)


def file_problem(detail: Detail) -> Problem:
    """The file as a whole (too large, for one): the refusal already names the file."""
    reason = as_message(detail)
    return Problem(reason, reason)


def reading_order(sheets: Sequence[str] = ()) -> Callable[[Problem], tuple[int, int]]:
    """A sort key that lists problems top to bottom as an editor fixes them: the whole file
    and JSON records first, then each sheet in the order given (others after), row by row.
    The sort is stable, so problems of one row keep the order they were found in."""
    rank = {name: position for position, name in enumerate(sheets, start=1)}

    def key(problem: Problem) -> tuple[int, int]:
        place = 0 if problem.sheet is None else rank.get(problem.sheet, len(rank) + 1)
        return (place, problem.row or problem.index or 0)

    return key


def os_reason(error: OSError) -> str:
    """Why a file could not be opened, in plain words (the system's text as a last resort)."""
    if isinstance(error, FileNotFoundError):
        return N_("không có tệp hoặc thư mục này")
    if isinstance(error, PermissionError):
        return N_("không có quyền truy cập")
    if isinstance(error, IsADirectoryError):
        return N_("đây là một thư mục, không phải tệp")
    return error.strerror or str(error)


class FileRejected(ValidationError):
    """The file was rejected whole; nothing in it was used. Subclasses name the kind of file
    in their own wording (LISTING, LISTING_MORE) and their own ``field``."""

    FIELD: ClassVar[str] = "file"
    LISTING: ClassVar[str] = N_("Tệp {file} không hợp lệ: {details}.")
    LISTING_MORE: ClassVar[str] = N_("Tệp {file} không hợp lệ: {details}; và {more} lỗi khác.")

    def __init__(self, msgid: str, /, *, problems: Sequence[Problem] = (), **params: Any) -> None:
        self.problems = tuple(problems)
        super().__init__(msgid, field=self.FIELD, **params)

    @classmethod
    def listing(
        cls, file: Path | str, problems: Sequence[Problem], *, shown: int = MAX_REPORTED_PROBLEMS
    ) -> Self:
        """The error for a list of located problems; the first ``shown`` are spelled out."""
        name = file.name if isinstance(file, Path) else file
        details = tuple(p.message for p in problems[:shown])  # joined by "; "
        more = len(problems) - shown
        if more > 0:
            return cls(cls.LISTING_MORE, problems=problems, file=name, details=details, more=more)
        return cls(cls.LISTING, problems=problems, file=name, details=details)


class UnreadableFile(FileRejected):
    """The file is not of the kind its name says (not a spreadsheet, not UTF-8 text)."""
