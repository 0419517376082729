"""The catalogue file format: the bundled data, JSON/XLSX round trips, and whole-file rejection."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.core.dossier import ComponentKind
from desk_app.core.errors import ValidationError
from desk_app.core.fees import FeeBasis, FeeRule
from desk_app.core.text import clean
from desk_app.services.catalogue_files import (
    DURATION_UNITS,
    CatalogueFileError,
    ComponentSpec,
    DurationSpec,
    FeeSpec,
    ProcedureSpec,
    bundled_catalogue_path,
    load_catalogue,
    save_catalogue,
)

# Reference §7's table: every row, the code that carries it, and its legal time.
REFERENCE_TABLE: list[tuple[str, str, str, int]] = [
    ("Chứng thực bản sao từ bản chính", "2.000815", "same_day", 0),
    ("Chứng thực chữ ký", "2.000884", "same_day", 0),
    ("Chứng thực chữ ký người dịch", "2.001008", "same_day", 0),
    ("Chứng thực hợp đồng, giao dịch", "2.001035", "working_days", 2),
    ("Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng", "2.000913", "working_days", 2),
    ("Cấp bản sao từ sổ gốc", "2.000908", "same_day", 0),
    ("Đăng ký khai sinh", "1.001193", "same_day", 0),
    ("Đăng ký kết hôn", "1.000894", "same_day", 0),
    ("Đăng ký khai tử", "1.000656", "same_day", 0),
    ("Đăng ký giám hộ", "1.004837", "working_days", 3),
    ("Đăng ký chấm dứt giám hộ / thay đổi giám hộ", "1.004845", "working_days", 2),
    ("Đăng ký nhận cha, mẹ, con", "1.001022", "working_days", 3),
    ("Đăng ký thay đổi, cải chính, bổ sung hộ tịch", "1.004859", "working_days", 3),
    ("Bổ sung thông tin hộ tịch", "1.004859", "working_days", 3),  # same portal code
    ("Cấp Giấy xác nhận tình trạng hôn nhân", "1.004873", "working_days", 3),
    ("Cấp bản sao trích lục hộ tịch", "2.000635", "same_day", 0),
    ("Đăng ký lại khai sinh", "1.004884", "working_days", 5),
    ("Đăng ký lại kết hôn", "1.004746", "working_days", 5),
    ("Đăng ký lại khai tử", "1.005461", "working_days", 5),
    ("Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân", "1.004772", "working_days", 5),
]


@pytest.fixture(scope="module")
def bundled() -> list[ProcedureSpec]:
    return load_catalogue(bundled_catalogue_path())


PER_PAGE = {
    "basis": "per_page",
    "amount_vnd": 2000,
    "later_from_page": 3,
    "later_amount_vnd": 1000,
    "cap_vnd": 200000,
}


def make_spec(code: str = "1.001193", **changes: Any) -> ProcedureSpec:
    data: dict[str, Any] = {
        "code": code,
        "code_verified": True,
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "legal_basis": "Luật Hộ tịch 2014; Nghị định 123/2015/NĐ-CP",
        "duration": {"value": 0, "unit": "same_day"},
        "fee": {"basis": "province"},
        "fee_note": "Miễn lệ phí khi đăng ký đúng hạn",
        "components": [
            {"name": "Tờ khai đăng ký khai sinh", "original_count": 1, "copy_count": 0},
            {"name": "Giấy chứng sinh", "original_count": 1, "copy_count": 0},
        ],
        "result_name": "Giấy khai sinh",
        "source": "Nghị định 123/2015/NĐ-CP",
    }
    data.update(changes)
    return ProcedureSpec.model_validate(data)


def three_specs() -> list[ProcedureSpec]:
    return [
        make_spec("1.001193"),
        make_spec("1.000894", name="Đăng ký kết hôn", fee={"basis": "fixed", "amount_vnd": 0}),
        make_spec("2.000815", name="Chứng thực bản sao", field="Chứng thực", fee=PER_PAGE),
    ]


def rejection(path: Path) -> CatalogueFileError:
    with pytest.raises(CatalogueFileError) as caught:
        load_catalogue(path)
    return caught.value


# --- the bundled catalogue -------------------------------------------------------------------


def test_bundled_catalogue_has_at_least_60_procedures_with_unique_codes(
    bundled: list[ProcedureSpec],
) -> None:
    codes = [spec.code for spec in bundled]
    assert len(codes) >= 60
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(("row", "code", "unit", "value"), REFERENCE_TABLE)
def test_every_row_of_the_reference_table_is_in_the_bundled_catalogue_with_its_legal_time(
    bundled: list[ProcedureSpec], row: str, code: str, unit: str, value: int
) -> None:
    by_code = {spec.code: spec for spec in bundled}
    assert code in by_code, row
    assert (by_code[code].duration.unit, by_code[code].duration.value) == (unit, value), row


def test_bundled_fees_follow_the_reference(bundled: list[ProcedureSpec]) -> None:
    by_code = {spec.code: spec for spec in bundled}
    copy = by_code["2.000815"].fee_rule()
    assert copy == FeeRule(FeeBasis.PER_PAGE, 2000, 3, 1000, 200000)
    assert by_code["1.000894"].fee_rule().exempt  # marriage: exempt (Luật Hộ tịch art. 11)
    assert by_code["2.000908"].fee_rule().exempt  # copies from the register: no fee
    assert by_code["2.000635"].fee_rule() == FeeRule(FeeBasis.PER_COPY, 8000)
    assert by_code["2.000884"].fee_rule() == FeeRule(FeeBasis.PER_COPY, 10000)
    assert by_code["1.001193"].fee_rule().basis is FeeBasis.PROVINCE  # late registration
    assert "15 giờ" in by_code["1.001193"].duration_note


def test_codes_are_verified_only_where_the_portal_page_was_read(
    bundled: list[ProcedureSpec],
) -> None:
    by_code = {spec.code: spec for spec in bundled}
    assert by_code["1.001193"].code_verified is True
    assert by_code["2.001406"].code_verified is True  # its 2026 portal page is in the crawl
    assert by_code["2.000815"].code_verified is False  # only the portal's list names it
    for spec in bundled:
        assert ("trang thủ tục " + spec.code in spec.source) == spec.code_verified, spec.code


def test_bundled_file_is_in_format_version_2(bundled: list[ProcedureSpec]) -> None:
    document = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    assert (document["format"], document["version"]) == ("desk-app-catalogue", 2)
    assert all("fee_vnd" not in item for item in document["procedures"])


def test_bundled_file_is_nfc_and_in_the_form_save_writes(
    bundled: list[ProcedureSpec], tmp_path: Path
) -> None:
    text = bundled_catalogue_path().read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    rewritten = tmp_path / "procedures.json"
    save_catalogue(bundled, rewritten)
    assert rewritten.read_text(encoding="utf-8") == text


# --- round trips -----------------------------------------------------------------------------


def test_bundled_catalogue_survives_json_to_xlsx_to_json(
    bundled: list[ProcedureSpec], tmp_path: Path
) -> None:
    sheet = tmp_path / "danh-muc.xlsx"
    save_catalogue(bundled, sheet)
    from_sheet = load_catalogue(sheet)
    assert from_sheet == bundled
    back = tmp_path / "back.json"
    save_catalogue(from_sheet, back)
    assert back.read_text(encoding="utf-8") == bundled_catalogue_path().read_text(encoding="utf-8")


def test_xlsx_has_the_documented_layout(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    save_catalogue(three_specs(), path)
    workbook = openpyxl.load_workbook(path)
    procedures = [c.value for c in workbook["procedures"][1]]
    assert procedures[:3] == ["code", "code_verified", "name"]
    assert "duration_value" in procedures and "duration_unit" in procedures
    fee_at = procedures.index("fee_basis")
    assert procedures[fee_at : fee_at + 5] == [
        "fee_basis",
        "fee_amount_vnd",
        "fee_later_from_page",
        "fee_later_amount_vnd",
        "fee_cap_vnd",
    ]
    row = {n: c.value for n, c in zip(procedures, workbook["procedures"][4], strict=True)}
    assert (row["fee_basis"], row["fee_amount_vnd"], row["fee_cap_vnd"]) == (
        "per_page",
        2000,
        200000,
    )
    components = [c.value for c in workbook["components"][1]]
    assert components == [
        "procedure_code",
        "position",
        "name",
        "original_count",
        "copy_count",
        "required",
        "kind",
        "note",
    ]
    assert workbook["components"].cell(row=3, column=2).value == 2  # second paper of 1.001193


def test_text_that_looks_like_a_formula_stays_text_in_xlsx(tmp_path: Path) -> None:
    spec = make_spec(fee_note="=SUM(A1:A3) không phải công thức")
    path = tmp_path / "c.xlsx"
    save_catalogue([spec], path)
    assert load_catalogue(path) == [spec]


def test_xlsx_rows_may_come_in_any_position_order(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    save_catalogue([make_spec()], path)
    workbook = openpyxl.load_workbook(path)
    components = workbook["components"]
    components["B2"], components["B3"] = 2, 1  # "Tờ khai" now comes second
    workbook.save(path)
    names = [c.name for c in load_catalogue(path)[0].components]
    assert names == ["Giấy chứng sinh", "Tờ khai đăng ký khai sinh"]


# Letters as typed on Vietnamese keyboards (precomposed, or base letter + combining tone), with
# the white space, control characters and leading "=" that spreadsheets and pasted text bring.
_ALPHABET = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyĐĂÂÊÔƠƯNguyễnệữảọ0123456789"
    " ,.;:()/-'\"=\t\n\u00a0\u0300\u0301\u0303\u0309\u0323\x07"
)
_TEXT = st.text(alphabet=st.sampled_from(_ALPHABET), max_size=24)
_NAME = _TEXT.filter(lambda t: clean(t) != "")
_COMPONENT = st.builds(
    ComponentSpec,
    name=_NAME,
    original_count=st.integers(0, 5),
    copy_count=st.integers(0, 5),
    required=st.booleans(),
    kind=st.sampled_from(ComponentKind),
    note=_TEXT,
)
_AMOUNT = st.integers(0, 2_000_000)
_FEE = st.one_of(
    st.builds(FeeSpec, basis=st.just(FeeBasis.PROVINCE)),
    st.builds(
        FeeSpec, basis=st.sampled_from([FeeBasis.FIXED, FeeBasis.PER_COPY]), amount_vnd=_AMOUNT
    ),
    st.builds(
        FeeSpec,
        basis=st.just(FeeBasis.PER_PAGE),
        amount_vnd=_AMOUNT,
        later_from_page=st.sampled_from([0, 2, 3, 10]),
        cap_vnd=st.none() | _AMOUNT,
    ).map(lambda f: f if not f.later_from_page else f.model_copy(update={"later_amount_vnd": 500})),
)


@st.composite
def _specs(draw: st.DrawFn) -> list[ProcedureSpec]:
    codes = draw(
        st.lists(st.from_regex(r"\A[0-9]\.[0-9]{6}\Z"), min_size=1, max_size=3, unique=True)
    )
    specs = []
    for code in codes:
        unit = draw(st.sampled_from(DURATION_UNITS))
        value = 0 if unit == "same_day" else draw(st.integers(1, 60))
        specs.append(
            ProcedureSpec(
                code=code,
                code_verified=draw(st.booleans()),
                name=draw(_NAME),
                field=draw(_NAME),
                field_code=draw(_TEXT),
                legal_basis=draw(_NAME),
                duration=DurationSpec(value=value, unit=unit),
                duration_note=draw(_TEXT),
                fee=draw(_FEE),
                fee_note=draw(_TEXT),
                components=draw(st.lists(_COMPONENT, min_size=1, max_size=3)),
                effective_from=draw(st.none() | st.dates()),
                result_name=draw(_NAME),
                source=draw(_NAME),
            )
        )
    return specs


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=_specs())
def test_any_catalogue_survives_json_and_xlsx_round_trips(
    tmp_path_factory: pytest.TempPathFactory, specs: list[ProcedureSpec]
) -> None:
    folder = tmp_path_factory.mktemp("round-trip")
    for name in ("c.json", "c.xlsx"):
        save_catalogue(specs, folder / name)
        assert load_catalogue(folder / name) == specs, name


# --- NFC -------------------------------------------------------------------------------------


def test_nfd_names_typed_on_another_machine_come_out_nfc_from_json(tmp_path: Path) -> None:
    document = good_document()
    nfd = unicodedata.normalize("NFD", "Đăng ký   khai sinh")
    document["procedures"][0]["name"] = nfd
    document["procedures"][0]["components"][0]["name"] = unicodedata.normalize("NFD", "Tờ khai")
    path = write_json(tmp_path / "nfd.json", document)
    spec = load_catalogue(path)[0]
    assert spec.name == "Đăng ký khai sinh"
    assert spec.components[0].name == "Tờ khai"


def test_nfd_names_come_out_nfc_from_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "c.xlsx"
    save_catalogue([make_spec()], path)
    workbook = openpyxl.load_workbook(path)
    workbook["procedures"]["C2"] = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    workbook["components"]["C2"] = unicodedata.normalize("NFD", "Tờ khai đăng ký")
    workbook.save(path)
    spec = load_catalogue(path)[0]
    assert spec.name == unicodedata.normalize("NFC", "Đăng ký khai sinh")
    assert spec.components[0].name == unicodedata.normalize("NFC", "Tờ khai đăng ký")


# --- bad spreadsheets --------------------------------------------------------------------------


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "danh-muc.xlsx"
    save_catalogue(three_specs(), path)
    return path


def edit(path: Path, **cells: Any) -> None:
    """Set cells given as procedures__H2=..., components__A3=..."""
    workbook = openpyxl.load_workbook(path)
    for key, value in cells.items():
        name, cell = key.split("__")
        workbook[name][cell] = value
    workbook.save(path)


def test_a_bad_duration_unit_is_reported_by_sheet_row_and_column(sheet: Path) -> None:
    edit(sheet, procedures__H3="days")
    error = rejection(sheet)
    assert str(error) == (
        "Tệp danh mục danh-muc.xlsx không hợp lệ: trang procedures, dòng 3, cột duration_unit: "
        "giá trị 'days' không được chấp nhận."
    )
    assert (error.problems[0].sheet, error.problems[0].row) == ("procedures", 3)
    assert isinstance(error, ValidationError)


def test_an_unknown_column_rejects_the_file_once_not_once_per_row(sheet: Path) -> None:
    edit(sheet, procedures__U1="ghi_chu", procedures__U2="xem lại", procedures__U3="xem lại")
    error = rejection(sheet)
    assert "trang procedures, dòng 1, cột ghi_chu: cột ghi_chu không có trong mẫu" in str(error)
    assert len(error.problems) == 1


def test_data_in_a_column_without_a_name_is_reported_by_its_letter(sheet: Path) -> None:
    edit(sheet, procedures__V3="ghi chú lạc")
    assert "trang procedures, dòng 3, cột V: ô có dữ liệu nhưng cột không có tên" in str(
        rejection(sheet)
    )


def test_a_missing_column_rejects_the_file(sheet: Path) -> None:
    workbook = openpyxl.load_workbook(sheet)
    workbook["components"].delete_cols(5)  # copy_count
    workbook.save(sheet)
    assert "trang components, dòng 1, cột copy_count: thiếu cột bắt buộc này" in str(
        rejection(sheet)
    )


def test_a_missing_sheet_rejects_the_file(sheet: Path) -> None:
    workbook = openpyxl.load_workbook(sheet)
    del workbook["components"]
    workbook.save(sheet)
    assert "trang components: không có trang này trong tệp" in str(rejection(sheet))


def test_a_duplicate_procedure_code_names_both_rows(sheet: Path) -> None:
    edit(sheet, procedures__A4="1.001193")
    message = str(rejection(sheet))
    assert "trang procedures, dòng 4, cột code: mã 1.001193 đã có ở dòng 2" in message


def test_a_component_of_an_unknown_procedure_is_reported(sheet: Path) -> None:
    edit(sheet, components__A3="9.999999")
    message = str(rejection(sheet))
    assert (
        "trang components, dòng 3, cột procedure_code: không có thủ tục mã 9.999999 "
        "trong trang procedures"
    ) in message


def test_negative_counts_and_blank_required_cells_are_reported(sheet: Path) -> None:
    edit(sheet, components__D2=-1, procedures__C3=None)
    message = str(rejection(sheet))
    assert "trang components, dòng 2, cột original_count: giá trị -1 không được nhỏ hơn 0" in (
        message
    )
    assert "trang procedures, dòng 3, cột name: thiếu giá trị bắt buộc" in message


def test_a_code_typed_as_a_number_is_refused_rather_than_guessed(sheet: Path) -> None:
    edit(sheet, procedures__A2=1.001193)
    assert "trang procedures, dòng 2, cột code: giá trị 1.001193 phải là văn bản" in str(
        rejection(sheet)
    )


def test_a_same_day_procedure_with_a_number_of_days_is_refused(sheet: Path) -> None:
    edit(sheet, procedures__G2=3)
    message = str(rejection(sheet))
    assert "trang procedures, dòng 2, cột duration_value: Thủ tục trả kết quả trong ngày" in message


def test_a_procedure_without_papers_needs_the_no_components_flag(sheet: Path) -> None:
    workbook = openpyxl.load_workbook(sheet)
    components = workbook["components"]
    for row in range(2, components.max_row + 1):
        if components.cell(row=row, column=1).value == "2.000815":
            for column in range(1, 9):
                components.cell(row=row, column=column).value = None
    workbook.save(sheet)
    assert "trang procedures, dòng 4, cột no_components:" in str(rejection(sheet))
    edit(sheet, procedures__P4=True)
    assert load_catalogue(sheet)[2].components == []


def test_a_file_that_is_not_a_spreadsheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "gia.xlsx"
    path.write_text("không phải bảng tính", encoding="utf-8")
    assert "không phải bảng tính Excel" in str(rejection(path))


# --- bad JSON --------------------------------------------------------------------------------


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def good_document() -> dict[str, Any]:
    return {
        "format": "desk-app-catalogue",
        "version": 2,
        "procedures": [s.model_dump(mode="json") for s in three_specs()],
    }


def test_json_problems_name_the_procedure_its_code_and_the_field(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][1]["duration"]["unit"] = "days"
    document["procedures"][2]["components"][1]["copy_count"] = -2
    error = rejection(write_json(tmp_path / "c.json", document))
    message = str(error)
    assert (
        "thủ tục thứ 2 (mã 1.000894), trường duration.unit: giá trị 'days' không được chấp nhận"
        in message
    )
    assert "thủ tục thứ 3 (mã 2.000815), thành phần thứ 2, trường copy_count" in message
    assert error.problems[0].index == 2 and error.problems[0].code == "1.000894"


def test_json_duplicate_codes_are_refused(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][2]["code"] = "1.001193"
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert "thủ tục thứ 3 (mã 1.001193), trường code: mã 1.001193 đã có ở thủ tục thứ 1" in message


def test_json_unknown_fields_and_bad_codes_are_refused(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][0]["ghi_chu"] = "?"
    document["procedures"][1]["code"] = "1.0008"
    document["format"] = "danh-muc"
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert "trường ghi_chu: trường này không có trong mẫu danh mục" in message
    assert "giá trị '1.0008' không đúng dạng mã thủ tục" in message
    assert "trường format: giá trị 'danh-muc' không được chấp nhận" in message


def test_json_effective_dates_in_the_wrong_order_are_refused(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][0].update(effective_from="2025-07-01", effective_to="2025-06-30")
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert "trường effective_to: ngày hết hiệu lực 2025-06-30 trước ngày có hiệu lực" in message


def test_only_the_first_ten_problems_are_spelled_out(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"] = [
        make_spec(f"1.00{n:04d}").model_dump(mode="json")
        | {"fee": {"basis": "fixed", "amount_vnd": -1}}
        for n in range(14)
    ]
    error = rejection(write_json(tmp_path / "c.json", document))
    assert str(error).endswith("; và 4 lỗi khác.")
    assert len(error.problems) == 14


def test_a_json_syntax_error_gives_its_line(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text('{\n  "format": "desk-app-catalogue",\n  "version": 1,,\n}', encoding="utf-8")
    assert "lỗi cú pháp ở dòng 3" in str(rejection(path))


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_bytes('{"format": "Đăng ký"}'.encode("cp1258", errors="replace"))
    assert "không phải văn bản UTF-8" in str(rejection(path))


def test_a_missing_file_is_reported_in_plain_words(tmp_path: Path) -> None:
    assert str(rejection(tmp_path / "khong-co.json")) == (
        "Không đọc được tệp danh mục khong-co.json: không có tệp hoặc thư mục này."
    )


def test_other_extensions_are_refused_for_reading_and_writing(tmp_path: Path) -> None:
    path = tmp_path / "danh-muc.csv"
    path.write_text("code,name\n", encoding="utf-8")
    assert "đuôi .csv không được hỗ trợ" in str(rejection(path))
    with pytest.raises(CatalogueFileError):
        save_catalogue(three_specs(), path)


def test_saving_refuses_duplicate_codes_and_leaves_the_old_file(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    save_catalogue(three_specs(), path)
    before = path.read_bytes()
    with pytest.raises(CatalogueFileError, match=r"mã 1\.001193 đã có ở thủ tục thứ 1"):
        save_catalogue([make_spec(), make_spec()], path)
    assert path.read_bytes() == before


# --- format version 2: fee rules and kinds; version 1 still read ------------------------------


def version_1_document() -> dict[str, Any]:
    """A file as desk-app wrote it before fee rules: one fee_vnd per procedure, no kinds."""
    procedures = []
    for spec, fee_vnd in zip(three_specs(), (None, 0, 2000), strict=True):
        item = spec.model_dump(mode="json")
        del item["fee"]
        for part in item["components"]:
            del part["kind"]
        procedures.append(item | {"fee_vnd": fee_vnd})
    return {"format": "desk-app-catalogue", "version": 1, "procedures": procedures}


def test_a_version_1_file_loads_with_its_fees_as_rules(tmp_path: Path) -> None:
    specs = load_catalogue(write_json(tmp_path / "v1.json", version_1_document()))
    assert [s.fee_rule() for s in specs] == [
        FeeRule(FeeBasis.PROVINCE),  # null: set by the province
        FeeRule(FeeBasis.FIXED, 0),  # 0: exempt
        FeeRule(FeeBasis.FIXED, 2000),  # a number: that fixed amount
    ]
    assert all(p.kind is ComponentKind.SUBMITTED for s in specs for p in s.components)
    rewritten = tmp_path / "v2.json"
    save_catalogue(specs, rewritten)  # saving writes version 2
    assert json.loads(rewritten.read_text(encoding="utf-8"))["version"] == 2


def test_a_bad_amount_in_a_version_1_file_is_reported_under_its_own_field(tmp_path: Path) -> None:
    document = version_1_document()
    document["procedures"][1]["fee_vnd"] = -5
    message = str(rejection(write_json(tmp_path / "v1.json", document)))
    assert "thủ tục thứ 2 (mã 1.000894), trường fee_vnd: số tiền -5 không hợp lệ" in message


def test_a_version_2_file_may_not_use_the_old_fee_field(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][0]["fee_vnd"] = 1000
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert "thủ tục thứ 1 (mã 1.001193), trường fee_vnd: trường này không có trong mẫu" in message


@pytest.mark.parametrize(
    ("fee", "field", "words"),
    [
        ({"basis": "fixed"}, "fee.amount_vnd", "cách tính phí fixed cần ghi số tiền"),
        ({"basis": "per_copy"}, "fee.amount_vnd", "cách tính phí per_copy cần ghi số tiền"),
        ({"basis": "province", "amount_vnd": 5000}, "fee.amount_vnd", "không ghi số tiền"),
        ({"basis": "fixed", "amount_vnd": 100_000_000}, "fee.amount_vnd", "dưới 100.000.000 đồng"),
        (
            {"basis": "fixed", "amount_vnd": 1000, "cap_vnd": 5000},
            "fee.cap_vnd",
            "theo trang (per_page)",
        ),
        (PER_PAGE | {"later_from_page": 1}, "fee.later_from_page", "từ trang thứ 2"),
        (
            PER_PAGE | {"later_from_page": 0},
            "fee.later_amount_vnd",
            "trang bắt đầu (later_from_page)",
        ),
        (
            {"basis": "per_year", "amount_vnd": 1},
            "fee.basis",
            "giá trị 'per_year' không được chấp nhận",
        ),
        ({"amount_vnd": 1}, "fee.basis", "thiếu giá trị bắt buộc"),
    ],
)
def test_a_bad_fee_rule_is_refused_naming_its_field(
    tmp_path: Path, fee: dict[str, Any], field: str, words: str
) -> None:
    document = good_document()
    document["procedures"][2]["fee"] = fee
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert f"thủ tục thứ 3 (mã 2.000815), trường {field}: " in message
    assert words in message


def test_a_procedure_without_a_fee_rule_is_refused(tmp_path: Path) -> None:
    document = good_document()
    del document["procedures"][0]["fee"]
    assert "trường fee: thiếu giá trị bắt buộc" in str(
        rejection(write_json(tmp_path / "c.json", document))
    )


def test_a_bad_fee_rule_in_a_spreadsheet_is_reported_by_its_column(sheet: Path) -> None:
    workbook = openpyxl.load_workbook(sheet)
    header = [c.value for c in workbook["procedures"][1]]
    amount = openpyxl.utils.get_column_letter(header.index("fee_amount_vnd") + 1)
    basis = openpyxl.utils.get_column_letter(header.index("fee_basis") + 1)
    workbook.close()
    edit(sheet, **{f"procedures__{basis}2": "fixed", f"procedures__{amount}3": None})
    edit(sheet, **{f"procedures__{basis}3": "per_copy"})
    message = str(rejection(sheet))
    assert (
        "trang procedures, dòng 2, cột fee_amount_vnd: cách tính phí fixed cần ghi số tiền"
        in message
    )
    assert (
        "trang procedures, dòng 3, cột fee_amount_vnd: cách tính phí per_copy cần ghi số tiền"
        in message
    )


def test_a_spreadsheet_of_the_old_layout_is_refused_by_its_columns(sheet: Path) -> None:
    workbook = openpyxl.load_workbook(sheet)
    header = [c.value for c in workbook["procedures"][1]]
    column = openpyxl.utils.get_column_letter(header.index("fee_basis") + 1)
    workbook.close()
    edit(sheet, **{f"procedures__{column}1": "fee_vnd"})
    message = str(rejection(sheet))
    assert "cột fee_vnd: cột fee_vnd không có trong mẫu danh mục" in message
    assert "cột fee_basis: thiếu cột bắt buộc này" in message


def test_a_component_kind_survives_the_spreadsheet_and_a_bad_one_is_refused(sheet: Path) -> None:
    spec = make_spec(
        components=[
            {"name": "Tờ khai đăng ký khai sinh", "original_count": 1, "copy_count": 0},
            {"name": "Giấy tờ tùy thân", "original_count": 1, "copy_count": 0, "kind": "shown"},
        ]
    )
    save_catalogue([spec], sheet)
    assert load_catalogue(sheet) == [spec]
    assert load_catalogue(sheet)[0].components[1].kind is ComponentKind.SHOWN
    edit(sheet, components__G3="xem")
    assert "trang components, dòng 3, cột kind: giá trị 'xem' không được chấp nhận" in str(
        rejection(sheet)
    )


@pytest.mark.parametrize(
    ("duration", "words"),
    [
        ({"value": 366, "unit": "working_days"}, "366 ngày làm việc quá dài: tối đa 365 ngày"),
        ({"value": 731, "unit": "calendar_days"}, "731 ngày quá dài: tối đa 730 ngày"),
        ({"value": 2921, "unit": "working_hours"}, "2921 giờ làm việc quá dài: tối đa 2920 giờ"),
    ],
)
def test_durations_beyond_the_bounds_are_refused(
    tmp_path: Path, duration: dict[str, Any], words: str
) -> None:
    document = good_document()
    document["procedures"][0]["duration"] = duration
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert "thủ tục thứ 1 (mã 1.001193), trường duration: thời hạn " + words in message


def test_the_longest_durations_allowed_still_load(tmp_path: Path) -> None:
    specs = [
        make_spec("1.000001", duration={"value": 365, "unit": "working_days"}),
        make_spec("1.000002", duration={"value": 730, "unit": "calendar_days"}),
    ]
    path = tmp_path / "c.json"
    save_catalogue(specs, path)
    assert load_catalogue(path) == specs


def test_names_of_500_characters_are_refused_499_accepted(tmp_path: Path) -> None:
    document = good_document()
    document["procedures"][0]["name"] = "a" * 500
    document["procedures"][1]["components"][0]["name"] = "b" * 500
    document["procedures"][2]["result_name"] = "c" * 499
    message = str(rejection(write_json(tmp_path / "c.json", document)))
    assert (
        "thủ tục thứ 1 (mã 1.001193), trường name: tên dài 500 ký tự; phải dưới 500 ký tự"
        in message
    )
    assert (
        "thủ tục thứ 2 (mã 1.000894), thành phần thứ 1, trường name: tên dài 500 ký tự" in message
    )
    assert "mã 2.000815" not in message


# --- files made to hurt (issue 8) -------------------------------------------------------------


def test_the_xlsx_bomb_with_one_blank_cell_at_xfd1048576_is_read_in_under_two_seconds(
    sheet: Path,
) -> None:
    """An 18 KB workbook whose one styled, empty cell claims the whole sheet once hung the
    import past 120 s: the reader goes by the cells there are, not the extent claimed."""
    import time

    from openpyxl.styles import Font

    workbook = openpyxl.load_workbook(sheet)
    for name in workbook.sheetnames:
        workbook[name]["XFD1048576"].font = Font(bold=True)
    workbook.save(sheet)
    assert sheet.stat().st_size < 64 * 1024
    started = time.perf_counter()
    specs = load_catalogue(sheet)
    elapsed = time.perf_counter() - started
    assert elapsed < 2.0, f"{elapsed:.2f} s"
    assert [s.code for s in specs] == [s.code for s in three_specs()]


@pytest.mark.parametrize("depth", [11, 100_000])
def test_json_nested_deeper_than_the_format_is_refused_naming_the_depth(
    tmp_path: Path, depth: int
) -> None:
    path = tmp_path / "danh-muc.json"
    path.write_text('{"procedures": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}", "utf-8")
    message = str(rejection(path))
    assert f"{depth} tầng" in message and "10 tầng" in message


def test_brackets_inside_json_text_do_not_count_as_nesting(tmp_path: Path) -> None:
    path = tmp_path / "danh-muc.json"
    save_catalogue(three_specs(), path)
    document = json.loads(path.read_text("utf-8"))
    document["procedures"][0]["name"] = 'Thủ tục [[[[[[[[[[[[ {{{{{{{{{{ \\"[[[['
    path.write_text(json.dumps(document, ensure_ascii=False), "utf-8")
    assert load_catalogue(path)[0].name.startswith("Thủ tục [[[[")
