"""Rows out of XLSX and CSV files: located header problems, the real extent, the size caps."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from desk_app.i18n import translate
from desk_app.imports.problems import FileRejected, Problem, UnreadableFile
from desk_app.imports.tables import (
    Layout,
    Limits,
    Row,
    column_letter,
    read_capped,
    read_csv,
    read_xlsx,
)

COLUMNS = ("ho_ten", "dia_chi", "ghi_chu")
LAYOUT = Layout(COLUMNS, optional=frozenset({"ghi_chu"}))
SHEET = "ho_so"


def workbook_bytes(lines: list[list[object]], *, title: str = SHEET) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change: re.Pattern[str] | str, new: str) -> bytes:
    """The same workbook with its first sheet's XML edited, as another program might write it."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(change, new, content.decode("utf-8"), count=1).encode("utf-8")
            target.writestr(item, content)
    return buffer.getvalue()


def messages(problems: list[Problem]) -> list[str]:
    return [str(p.message) for p in problems]


def rows_of(data: bytes) -> list[Row]:
    reading = read_xlsx(data, "ho-so.xlsx", {SHEET: LAYOUT})
    assert reading.problems == []
    return reading.sheets[SHEET]


# --- XLSX --------------------------------------------------------------------------------------


def test_rows_come_back_numbered_as_excel_shows_them_with_only_their_filled_cells() -> None:
    data = workbook_bytes(
        [
            ["ho_ten", "dia_chi"],  # the optional column may be left out
            ["Nguyễn Văn An", "Thôn 3"],
            [None, "   "],  # blank: skipped, but it still takes up row 3
            ["Lê Thị Bình", None],
        ]
    )
    assert rows_of(data) == [
        Row(2, {"ho_ten": "Nguyễn Văn An", "dia_chi": "Thôn 3"}),
        Row(4, {"ho_ten": "Lê Thị Bình"}),
    ]


def test_values_come_back_as_the_file_has_them() -> None:
    nfd = unicodedata.normalize("NFD", "Trần Thị Hồng")
    data = workbook_bytes([list(COLUMNS), [nfd, 12, datetime(2025, 7, 15)]])
    (row,) = rows_of(data)
    assert row.values == {"ho_ten": nfd, "dia_chi": 12, "ghi_chu": datetime(2025, 7, 15)}
    assert row.values["ho_ten"] != unicodedata.normalize("NFC", nfd)  # cleaning is the caller's


def test_header_problems_are_located_and_reported_once_not_once_per_row() -> None:
    data = workbook_bytes(
        [
            ["ho_ten", "ghi chu", "ho_ten", None],
            ["An", "x", "y", None, "lạc"],
            ["Bình", "x", "y", None, "lạc"],
        ]
    )
    reading = read_xlsx(data, "ho-so.xlsx", {SHEET: LAYOUT})
    assert messages(reading.problems) == [
        "trang ho_so, dòng 1, cột ghi chu: cột ghi chu không có trong mẫu",
        "trang ho_so, dòng 1, cột ho_ten: cột này bị lặp",
        "trang ho_so, dòng 1, cột dia_chi: thiếu cột bắt buộc này",
        "trang ho_so, dòng 2, cột E: ô có dữ liệu nhưng cột không có tên hợp lệ",
        "trang ho_so, dòng 3, cột E: ô có dữ liệu nhưng cột không có tên hợp lệ",
    ]
    unnamed = reading.problems[3]
    assert (unnamed.sheet, unnamed.row, unnamed.column) == (SHEET, 2, "E")
    assert str(unnamed.reason) == "ô có dữ liệu nhưng cột không có tên hợp lệ"


def test_a_template_can_word_the_unknown_column_its_own_way() -> None:
    layout = Layout(("ho_ten",), unknown_column="cột {name} không có trong mẫu danh mục")
    reading = read_xlsx(workbook_bytes([["ho_ten", "so"]]), "c.xlsx", {SHEET: layout})
    assert messages(reading.problems) == [
        "trang ho_so, dòng 1, cột so: cột so không có trong mẫu danh mục"
    ]


def test_a_missing_sheet_is_named() -> None:
    reading = read_xlsx(workbook_bytes([list(COLUMNS)]), "c.xlsx", {"danh_sach": LAYOUT})
    assert messages(reading.problems) == ["trang danh_sach: không có trang này trong tệp"]
    assert reading.sheets == {"danh_sach": []}


def test_trailing_blank_rows_and_columns_are_not_part_of_the_sheet() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    sheet.append(["An", "Thôn 1"])
    sheet["Z1"] = "   "  # spaces to the right of the header
    sheet["Z2"] = ""
    sheet["AD900"].font = Font(bold=True)  # a formatted, empty cell far away
    sheet["B500"] = " \t "
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert rows_of(buffer.getvalue()) == [Row(2, {"ho_ten": "An", "dia_chi": "Thôn 1"})]


@pytest.mark.parametrize("claimed", ["A1", "A1:B2", "A1:XFD1048576"])
def test_a_wrong_recorded_size_neither_drops_nor_pads_data(claimed: str) -> None:
    data = workbook_bytes([list(COLUMNS), ["An", "Thôn 1", "x"], [], ["Bình", "Thôn 2", "y"]])
    lying = with_sheet_xml(data, r'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{claimed}"/>')
    assert f'ref="{claimed}"' in zipfile.ZipFile(io.BytesIO(lying)).read(
        "xl/worksheets/sheet1.xml"
    ).decode("utf-8")
    assert rows_of(lying) == [
        Row(2, {"ho_ten": "An", "dia_chi": "Thôn 1", "ghi_chu": "x"}),
        Row(4, {"ho_ten": "Bình", "dia_chi": "Thôn 2", "ghi_chu": "y"}),
    ]


def test_too_many_rows_stop_the_reading_at_the_first_row_over_the_cap() -> None:
    lines: list[list[object]] = [list(COLUMNS)]
    lines += [[f"Người {n}", "Thôn"] for n in range(40)]
    reading = read_xlsx(workbook_bytes(lines), "c.xlsx", {SHEET: LAYOUT}, Limits(max_rows=5))
    assert messages(reading.problems) == [
        "trang ho_so, dòng 7: trang có quá 5 dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn"
    ]
    assert [row.number for row in reading.sheets[SHEET]] == [2, 3, 4, 5, 6]


def test_data_beyond_the_column_cap_is_located() -> None:
    data = workbook_bytes([list(COLUMNS), ["An", "Thôn"], ["Bình", None, None, None, "x"]])
    reading = read_xlsx(data, "c.xlsx", {SHEET: LAYOUT}, Limits(max_columns=4))
    assert messages(reading.problems) == [
        "trang ho_so, dòng 3, cột E: có dữ liệu ngoài giới hạn 4 cột; hãy xoá các cột thừa"
    ]
    wide_header = workbook_bytes([[*COLUMNS, "a", "b"]])
    reading = read_xlsx(wide_header, "c.xlsx", {SHEET: LAYOUT}, Limits(max_columns=4))
    assert reading.problems[0].row == 1 and reading.problems[0].column == "E"


def test_a_file_over_the_byte_cap_is_refused_unread_in_plain_words() -> None:
    data = workbook_bytes([list(COLUMNS), ["An", "Thôn"]])
    reading = read_xlsx(data, "c.xlsx", {SHEET: LAYOUT}, Limits(max_bytes=1024))
    error = FileRejected.listing("c.xlsx", reading.problems)
    assert str(error) == (
        "Tệp c.xlsx không hợp lệ: tệp lớn hơn giới hạn 1 KB; hãy chia thành nhiều tệp nhỏ hơn."
    )
    assert reading.sheets == {SHEET: []}


def test_read_capped_stops_one_byte_past_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    path.write_bytes(b"x" * 1_000_000)
    limits = Limits(max_bytes=2048)
    data = read_capped(path, limits)
    assert len(data) == 2049
    assert read_csv(data, path.name, LAYOUT, limits).problems[0].message.params == {"limit": "2 KB"}


@pytest.mark.parametrize(
    "content", [b"", "không phải bảng tính".encode(), b"PK\x03\x04 broken zip"]
)
def test_a_file_that_is_not_a_workbook_is_refused_as_such(content: bytes) -> None:
    with pytest.raises(UnreadableFile) as caught:
        read_xlsx(content, "gia.xlsx", {SHEET: LAYOUT})
    assert str(caught.value) == "Tệp gia.xlsx không phải bảng tính Excel (.xlsx) đọc được."


def test_a_damaged_sheet_inside_a_valid_archive_is_refused_not_a_crash() -> None:
    data = workbook_bytes([list(COLUMNS), ["An", "Thôn"]])
    damaged = with_sheet_xml(data, r"</sheetData>.*", "<row r=")
    with pytest.raises(UnreadableFile, match=r"không phải bảng tính Excel"):
        read_xlsx(damaged, "hong.xlsx", {SHEET: LAYOUT})


def test_column_letters_are_those_excel_shows() -> None:
    for number in [*range(1, 800), 16384]:
        assert column_letter(number) == get_column_letter(number)


# --- CSV ---------------------------------------------------------------------------------------

CSV_TEXT = 'ho_ten,dia_chi\r\nNguyễn Văn An,Thôn 3\r\n,\r\nLê Thị Bình,"Số 5, ngõ 2"\r\n'
EXPECTED = [
    Row(2, {"ho_ten": "Nguyễn Văn An", "dia_chi": "Thôn 3"}),
    Row(4, {"ho_ten": "Lê Thị Bình", "dia_chi": "Số 5, ngõ 2"}),
]


@pytest.mark.parametrize(
    "data",
    [
        CSV_TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + CSV_TEXT.encode("utf-8"),  # Excel's "CSV UTF-8"
        # Excel with a Vietnamese locale separates with semicolons; a comma is then plain text.
        "\ufeffho_ten;dia_chi\r\nNguyễn Văn An;Thôn 3\r\n;\r\nLê Thị Bình;Số 5, ngõ 2\r\n".encode(),
        CSV_TEXT.replace("\r\n", "\n").encode("utf-8"),
    ],
    ids=["comma", "bom", "semicolon", "unix-newlines"],
)
def test_csv_with_or_without_bom_comma_or_semicolon_reads_the_same(data: bytes) -> None:
    reading = read_csv(data, "ho-so.csv", LAYOUT)
    assert reading.problems == []
    assert reading.sheets == {"ho-so.csv": EXPECTED}


def test_csv_problems_are_located_in_the_sheet_named_after_the_file() -> None:
    data = "ho_ten;ngay_sinh;;\nAn;1990;;lạc\n".encode()
    reading = read_csv(data, "ho-so.csv", LAYOUT)
    assert messages(reading.problems) == [
        "trang ho-so.csv, dòng 1, cột ngay_sinh: cột ngay_sinh không có trong mẫu",
        "trang ho-so.csv, dòng 1, cột dia_chi: thiếu cột bắt buộc này",
        "trang ho-so.csv, dòng 2, cột D: ô có dữ liệu nhưng cột không có tên hợp lệ",
    ]


def test_csv_rows_are_counted_as_records_so_a_cell_on_two_lines_keeps_the_numbers() -> None:
    data = 'ho_ten,dia_chi\n"An","Thôn 3\nxã Yên"\nBình,Thôn 4\n'.encode()
    rows = read_csv(data, "c.csv", LAYOUT).sheets["c.csv"]
    assert rows == [
        Row(2, {"ho_ten": "An", "dia_chi": "Thôn 3\nxã Yên"}),
        Row(3, {"ho_ten": "Bình", "dia_chi": "Thôn 4"}),
    ]


def test_a_decomposed_csv_matches_its_header_but_keeps_its_values_as_typed() -> None:
    layout = Layout(("họ tên", "ghi chú"))
    nfd = unicodedata.normalize("NFD", "họ tên,ghi chú\nPhạm Quỳnh Anh,đã nộp\n")
    reading = read_csv(nfd.encode("utf-8"), "c.csv", layout)
    assert reading.problems == []  # header names are cleaned, so NFD names match
    (row,) = reading.sheets["c.csv"]
    assert row.values == {
        "họ tên": unicodedata.normalize("NFD", "Phạm Quỳnh Anh"),
        "ghi chú": unicodedata.normalize("NFD", "đã nộp"),
    }


def test_csv_that_is_not_utf8_is_refused_with_the_byte_position() -> None:
    data = "ho_ten,dia_chi\nĐà,Hà\n".encode("cp1258")  # an old Windows code page
    with pytest.raises(UnreadableFile) as caught:
        read_csv(data, "cu.csv", LAYOUT)
    assert str(caught.value) == "Tệp cu.csv không phải văn bản UTF-8 (byte lỗi ở vị trí 15)."


def test_a_csv_record_too_long_to_parse_is_located() -> None:
    data = ("ho_ten,dia_chi\nAn,Thôn\nBình," + "x" * 200_000 + "\n").encode()
    reading = read_csv(data, "c.csv", LAYOUT)
    assert messages(reading.problems) == [
        "trang c.csv, dòng 3: không đọc được dòng này: có ô quá dài hoặc ký tự không hợp lệ"
    ]


def test_csv_caps_give_located_plain_messages() -> None:
    data = ("ho_ten,dia_chi\n" + "".join(f"Người {n},Thôn\n" for n in range(50))).encode()
    reading = read_csv(data, "c.csv", LAYOUT, Limits(max_rows=10))
    assert messages(reading.problems) == [
        "trang c.csv, dòng 12: trang có quá 10 dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn"
    ]
    assert len(reading.sheets["c.csv"]) == 10
    english = reading.problems[0].message.render(lambda msgid: translate(msgid, "en"))
    assert english == (
        "sheet c.csv, row 12: the sheet has more than 10 rows of data; split it into smaller files"
    )


# Vietnamese as typed (precomposed, or base letter + combining tone) with what breaks naive
# CSV code: both separators, quotes, line breaks inside a cell, tabs, non-breaking spaces.
_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyĐĂÂÊÔƠƯNguyễnệữảọ0123456789"
    " ,;\"'=\t\n\r\u00a0\u2028\u0300\u0301\u0303\u0309\u0323"
)
_CELL = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=20)


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(st.lists(_CELL, min_size=3, max_size=3), max_size=8),
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
)
def test_any_vietnamese_cell_text_survives_csv_writing_and_reading(
    lines: list[list[str]], delimiter: str, bom: bool
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(COLUMNS)
    writer.writerows(lines)
    data = ("\ufeff" if bom else "").encode() + buffer.getvalue().encode("utf-8")

    reading = read_csv(data, "ho-so.csv", LAYOUT)

    expected = []
    for number, line in enumerate(lines, start=2):
        values = {name: cell for name, cell in zip(COLUMNS, line, strict=True) if cell.strip()}
        if values:
            expected.append(Row(number, values))
    assert reading.problems == []
    assert reading.sheets["ho-so.csv"] == expected


def test_a_problem_of_the_reader_reads_in_english() -> None:
    (problem,) = read_csv(b"ho_ten\n", "c.csv", LAYOUT).problems
    english = problem.message.render(lambda msgid: translate(msgid, "en"))
    assert english == "sheet c.csv, row 1, column dia_chi: this required column is missing"


# --- workbooks made to hurt (issue 8) ---------------------------------------------------------


def _styled_far_away(cells: list[str]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    sheet.append(["An", "Thôn 1"])
    for cell in cells:
        sheet[cell].font = Font(bold=True)  # formatted, no value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "cells",
    [["XFD1048576"], [f"XFD{row}" for row in range(3, 3003)]],
    ids=["one cell at XFD1048576", "a cell at XFD on 3000 rows"],
)
def test_a_blank_cell_at_the_sheets_far_corner_is_read_in_well_under_two_seconds(
    cells: list[str],
) -> None:
    import time

    data = _styled_far_away(cells)
    assert len(data) < 64 * 1024
    started = time.perf_counter()
    rows = rows_of(data)
    elapsed = time.perf_counter() - started
    assert rows == [Row(2, {"ho_ten": "An", "dia_chi": "Thôn 1"})]
    assert elapsed < 2.0, f"{elapsed:.2f} s"


def test_data_after_a_long_gap_is_read_and_the_sheet_ends_after_max_blank_run() -> None:
    from desk_app.imports.tables import MAX_BLANK_RUN

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    sheet.append(list(COLUMNS))
    sheet["A3000"], sheet["B3000"] = "Bình", "Thôn 2"  # 2,998 blank rows before it
    sheet[f"A{3001 + MAX_BLANK_RUN + 1}"] = "Xa"  # after more blank rows than the limit
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert rows_of(buffer.getvalue()) == [Row(3000, {"ho_ten": "Bình", "dia_chi": "Thôn 2"})]
