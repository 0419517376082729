"""Located problems: how a rejected file spells them out, in order, in either language."""

from __future__ import annotations

import pytest
from pydantic import BaseModel, Field, ValidationError, field_validator

from desk_app.core.errors import Message
from desk_app.core.errors import ValidationError as DeskValidationError
from desk_app.i18n import message, translate
from desk_app.imports.problems import (
    FileRejected,
    Problem,
    cell_problem,
    field_problem,
    file_problem,
    os_reason,
    reading_order,
    row_problem,
    sheet_problem,
)
from desk_app.imports.pydantic_problems import DETAILS, Refusal, describe, shown


def english(text: Message) -> str:
    return text.render(lambda msgid: translate(msgid, "en"))


def missing_cells(count: int) -> list[Problem]:
    return [
        cell_problem("ho_so", row, "ho_ten", "thiếu giá trị bắt buộc")
        for row in range(2, 2 + count)
    ]


def test_more_problems_than_shown_end_with_how_many_more() -> None:
    error = FileRejected.listing("ho-so.csv", missing_cells(13))
    text = str(error)
    assert text.startswith("Tệp ho-so.csv không hợp lệ: trang ho_so, dòng 2, cột ho_ten: ")
    assert "dòng 11, cột ho_ten" in text and "dòng 12," not in text
    assert text.endswith("thiếu giá trị bắt buộc; và 3 lỗi khác.")
    assert len(error.problems) == 13  # a screen can still list them all
    assert isinstance(error, DeskValidationError)
    assert message(error, "en").endswith("a required value is missing; and 3 more problems.")


def test_as_many_problems_as_shown_need_no_tail() -> None:
    text = str(FileRejected.listing("ho-so.csv", missing_cells(10)))
    assert text.count("thiếu giá trị bắt buộc") == 10
    assert "lỗi khác" not in text
    assert str(FileRejected.listing("ho-so.csv", missing_cells(3), shown=2)).endswith(
        "; và 1 lỗi khác."
    )


def test_a_kind_of_file_words_its_refusal_its_own_way() -> None:
    class DossierListRejected(FileRejected):
        LISTING = "Danh sách hồ sơ {file} không hợp lệ: {details}."

    error = DossierListRejected.listing("ds.xlsx", missing_cells(1))
    assert isinstance(error, DossierListRejected)
    assert str(error).startswith("Danh sách hồ sơ ds.xlsx không hợp lệ: trang ho_so, dòng 2")


def test_each_constructor_says_where_and_keeps_the_reason_apart() -> None:
    reason = Message("giá trị {value} không phải số nguyên", {"value": "'ba'"})
    located = [
        cell_problem("ho_so", 3, "so_ban", reason),
        row_problem("ho_so", 3, reason),
        sheet_problem("ho_so", reason),
        field_problem("version", reason),
        file_problem(reason),
    ]
    assert [str(p.message) for p in located] == [
        "trang ho_so, dòng 3, cột so_ban: giá trị 'ba' không phải số nguyên",
        "trang ho_so, dòng 3: giá trị 'ba' không phải số nguyên",
        "trang ho_so: giá trị 'ba' không phải số nguyên",
        "trường version: giá trị 'ba' không phải số nguyên",
        "giá trị 'ba' không phải số nguyên",
    ]
    assert all(p.reason == reason for p in located)
    assert (
        english(located[0].message)
        == "sheet ho_so, row 3, column so_ban: value 'ba' is not a whole number"
    )


def test_problems_read_top_to_bottom_sheet_by_sheet() -> None:
    found = [
        cell_problem("components", 2, "name", "x"),
        cell_problem("procedures", 9, "code", "a"),
        cell_problem("procedures", 3, "fee", "b"),
        file_problem("c"),
        cell_problem("procedures", 3, "code", "d"),  # same row: kept in the order found
        sheet_problem("ghi_chu", "e"),
    ]
    ordered = sorted(found, key=reading_order(("procedures", "components")))
    assert [p.reason.msgid for p in ordered] == ["c", "b", "d", "a", "x", "e"]


def test_a_system_error_reads_in_plain_words() -> None:
    assert os_reason(FileNotFoundError(2, "No such file")) == "không có tệp hoặc thư mục này"
    assert os_reason(PermissionError(13, "Permission denied")) == "không có quyền truy cập"


# --- pydantic's complaints ---------------------------------------------------------------------


class _Paper(BaseModel):
    name: str
    copies: int = Field(ge=0)
    code: str = Field(default="1.000001", pattern=r"^[0-9]\.[0-9]{6}$")

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise Refusal(Message("không được để trống"))
        return value


def complaints(data: object, templates: dict[str, str] | None = None) -> dict[str, str]:
    with pytest.raises(ValidationError) as caught:
        _Paper.model_validate(data)
    return {
        str(e["loc"][0]) if e["loc"] else "": str(describe(e, templates or DETAILS))
        for e in caught.value.errors()
    }


def test_pydantic_complaints_become_vietnamese_sentences() -> None:
    assert complaints({"copies": "hai", "code": "1.0008"}) == {
        "name": "thiếu giá trị bắt buộc",
        "copies": "giá trị 'hai' không phải số nguyên",
        "code": "giá trị '1.0008' không đúng dạng yêu cầu",
    }
    assert complaints({"name": "Tờ khai", "copies": -1}) == {
        "copies": "giá trị -1 không được nhỏ hơn 0"
    }


def test_a_validators_refusal_stays_translatable() -> None:
    with pytest.raises(ValidationError) as caught:
        _Paper.model_validate({"name": "  ", "copies": 1})
    reason = describe(caught.value.errors()[0])
    assert reason == Message("không được để trống")
    assert english(reason) == "must not be empty"


def test_a_schema_may_reword_a_kind_of_complaint() -> None:
    templates = {
        **DETAILS,
        "string_pattern_mismatch": "giá trị {value} không đúng dạng mã thủ tục (ví dụ 1.001193)",
    }
    assert complaints({"name": "x", "copies": 1, "code": "abc"}, templates) == {
        "code": "giá trị 'abc' không đúng dạng mã thủ tục (ví dụ 1.001193)"
    }


def test_long_values_are_quoted_cut_short() -> None:
    quoted = shown("Nguyễn " * 30)
    assert len(quoted) == 60 and quoted.endswith("...")
    assert shown("   ") == "'   '"  # blanks show as what they are
