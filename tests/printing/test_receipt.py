"""The printed receipt (Mẫu 01) read back the way a person or a scanner would read it."""

from __future__ import annotations

import dataclasses
import functools
import io
import shutil
import subprocess
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from desk_app.core.dossier import Applicant, Component, ComponentKind
from desk_app.core.office import OfficeIdentity
from desk_app.core.rules import RuleSet
from desk_app.core.text import clean
from desk_app.printing import fonts
from desk_app.printing.barcodes import QrFlowable, QrSymbol
from desk_app.printing.document_qr import DocumentQr
from desk_app.printing.form_layout import LAYOUTS
from desk_app.printing.receipt import (
    ReceiptData,
    receipt_qr,
    render_receipt,
)

VIETNAM = timezone(timedelta(hours=7))
CODE = "000.00.19.H56-250715-0001"
NAME = "Nguyễn Thị Thu Hường"
TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPY_1 = "Liên 1: Lưu"
COPY_2 = "Liên 2: Giao người nộp"
TOOLS = {"pdftoppm": "poppler-utils", "zbarimg": "zbar-tools"}
TONE_MARKS = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
LETTERS = "bcdđghklmnpqrstvx" + "".join(
    unicodedata.normalize("NFC", vowel + tone) for vowel in "aăâeêioôơuưy" for tone in TONE_MARKS
)


APPLICANT_FIELDS = {f.name for f in dataclasses.fields(Applicant)}


def part(name: str, original_count: int, copy_count: int, position: int = 1) -> Component:
    return Component(position, name, original_count, copy_count, received=True)


def receipt(**changes: Any) -> ReceiptData:
    """The sample receipt; applicant fields may be given by their names (``name=...``)."""
    applicant_changes = {k: changes.pop(k) for k in list(changes) if k in APPLICANT_FIELDS}
    data = ReceiptData(
        rule_set=RuleSet.R2025,
        code=CODE,
        office=OfficeIdentity(
            date(2025, 7, 1),
            "000.00.19.H56",
            "UBND phường Thanh Xuân",
            "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
            "Hà Nội",
        ),
        applicant=Applicant(
            name=NAME,
            address="Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội",
            phone="0912 345 678",
            email="huong@example.vn",
            representative="",
            id_number="001190012345",
        ),
        procedure_code="2.000908",
        procedure_name="Cấp bản sao từ sổ gốc",
        components=(
            part("Tờ khai cấp bản sao trích lục hộ tịch", 1, 0),
            part("Văn bản ủy quyền", 0, 1),
        ),
        sets_count=1,
        duration_text="03 ngày làm việc",
        received_at=datetime(2025, 7, 15, 9, 5, tzinfo=VIETNAM),
        due_at=datetime(2025, 7, 18, 16, 0, tzinfo=VIETNAM),
        return_at="Trung tâm Phục vụ hành chính công phường Thanh Xuân, quầy số 3",
        register_book="01/2025",
        register_line=128,
        officer_name="Trần Văn Bình",
        fee_text="8.000 đồng/bản",
        system_name="Hệ thống thông tin giải quyết thủ tục hành chính thành phố Hà Nội",
        lookup_url="https://dichvucong.hanoi.gov.vn/tra-cuu",
    )
    applicant = dataclasses.replace(data.applicant, **applicant_changes)
    return dataclasses.replace(data, applicant=applicant, **changes)


def crowded_receipt() -> ReceiptData:
    """A 120-character name and 15 components: each copy needs a second page."""
    name = (
        "Tôn Nữ Hoàng Thị Phương Thảo Nguyễn Ngọc Bích Trần Lê Minh Khôi Phạm Đức Thịnh "
        "Vũ Hải Yến Đặng Quốc Bảo Lương Thế Vinh Ý"
    )
    assert len(name) == 120
    components = tuple(
        part(
            f"Giấy tờ thứ {n}: bản sao có chứng thực giấy chứng nhận quyền sử dụng đất, "
            "quyền sở hữu nhà ở và tài sản khác gắn liền với đất",
            1,
            n % 3,
        )
        for n in range(1, 16)
    )
    return receipt(name=name, components=components, reprint_number=2)


@functools.cache
def pdf_of(data: ReceiptData, paper: str = "A4") -> bytes:
    return render_receipt(data, paper=paper)  # type: ignore[arg-type]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with runs of white space (and line breaks) folded to one space."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install the Debian package {TOOLS[name]}")
    return path


def scan(
    pdf: bytes, tmp_path: Path, *, page: int = 1, crop: tuple[float, float] = (1.0, 0.4)
) -> dict[str, list[str]]:
    """What zbarimg reads on one page rasterised at 200 dpi, by symbol type.

    ``crop`` keeps only the top-left (width, height) fraction of the page; by default the
    upper part that holds the header, the QR and the barcode."""
    pdf_path = tmp_path / "receipt.pdf"
    pdf_path.write_bytes(pdf)
    image = tmp_path / f"page{page}"
    command = [tool("pdftoppm"), "-r", "200", "-png", "-singlefile", "-f", str(page)]
    command += ["-l", str(page)]
    width, height = (float(side) * 200 / 72 for side in PdfReader(pdf_path).pages[0].mediabox[2:])
    command += ["-x", "0", "-y", "0", "-W", str(int(width * crop[0]))]
    command += ["-H", str(int(height * crop[1]))]
    subprocess.run([*command, str(pdf_path), str(image)], check=True)
    result = subprocess.run(
        [tool("zbarimg"), "-q", str(image.with_suffix(".png"))], capture_output=True, check=False
    )
    symbols: dict[str, list[str]] = {}
    for line in result.stdout.decode("utf-8").splitlines():
        kind, _, value = line.partition(":")
        symbols.setdefault(kind, []).append(value)
    return symbols


WARD_2024 = OfficeIdentity(
    date(2020, 1, 1),
    "000.00.19.H26",
    "UBND phường Thanh Xuân Trung",
    "Bộ phận tiếp nhận và trả kết quả",
    "Hà Nội",
)
COMMON_LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Hà Nội, ngày 15 tháng 7 năm 2025",
    TITLE,
    f"Mã hồ sơ: {CODE}",
    f"Tiếp nhận hồ sơ của: {NAME}",
    "Địa chỉ: Số 12, ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội",
    "Số điện thoại: 0912 345 678 Email: huong@example.vn",
    "Số định danh cá nhân: 001190012345",
    "Nội dung yêu cầu giải quyết: Cấp bản sao từ sổ gốc",
    "1. Thành phần hồ sơ nộp gồm:",
    "1 Tờ khai cấp bản sao trích lục hộ tịch 01 -",
    "2 Văn bản ủy quyền - 01",
    "2. Số lượng hồ sơ: 01 (bộ)",
    "3. Thời gian giải quyết hồ sơ theo quy định là: 03 ngày làm việc",
    "4. Thời gian nhận hồ sơ: 09 giờ 05 phút, ngày 15 tháng 07 năm 2025",
    "5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 00 phút, ngày 18 tháng 07 năm 2025",
    "Vào Sổ theo dõi hồ sơ, Quyển số: 01/2025, Số thứ tự: 128",
    "Tra cứu tình trạng hồ sơ tại: https://dichvucong.hanoi.gov.vn/tra-cuu",
    "NGƯỜI NỘP HỒ SƠ",
    "NGƯỜI TIẾP NHẬN HỒ SƠ",
    "(Ký và ghi rõ họ tên)",
    "Trần Văn Bình",
    "Mẫu số 01",
]


def test_the_2018_form_names_the_unit_and_its_agency_and_keeps_its_notes() -> None:
    data = receipt(rule_set=RuleSet.R2018, office=WARD_2024, return_at=WARD_2024.reception_unit)
    text = page_texts(pdf_of(data))[0]
    expected = [
        *COMMON_LINES,
        "UBND PHƯỜNG THANH XUÂN TRUNG",
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Bộ phận tiếp nhận và trả kết quả: UBND phường Thanh Xuân Trung",
        "6. Đăng ký nhận kết quả tại: Bộ phận tiếp nhận và trả kết quả",
        "Phí, lệ phí: 8.000 đồng/bản",
        "Ghi chú:",
        "Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên",
        "qua dịch vụ bưu chính.",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing, text


def test_the_2025_form_names_the_centre_and_has_no_2018_notes() -> None:
    text = page_texts(pdf_of(receipt(rule_set=RuleSet.R2025)))[0]
    expected = [
        *COMMON_LINES,
        "UBND PHƯỜNG THANH XUÂN",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG THANH XUÂN",
        "6. Đăng ký trả kết quả tại: Trung tâm Phục vụ hành chính công phường Thanh Xuân, "
        "quầy số 3",
        "Phí, lệ phí (nếu có): 8.000 đồng/bản",
    ]
    missing = [line for line in expected if line not in text]
    assert not missing, text
    assert "Ghi chú" not in text
    assert "Bộ phận tiếp nhận và trả kết quả" not in text
    assert "Thanh Xuân: UBND" not in text  # the centre's name stands alone


def test_papers_only_shown_are_never_listed_as_filed() -> None:
    shown = Component(
        3, "Căn cước của người yêu cầu", 1, 0, received=True, kind=ComponentKind.SHOWN
    )
    data = receipt(components=(part("Tờ khai", 1, 0), shown))
    text = page_texts(pdf_of(data))[0]
    _, _, after = text.partition("1. Thành phần hồ sơ nộp gồm:")
    table, _, rest = after.partition("Giấy tờ xuất trình để đối chiếu (không nộp lại):")
    assert "Tờ khai" in table
    assert "Căn cước" not in table
    assert rest.strip().startswith("Căn cước của người yêu cầu 2. Số lượng hồ sơ")


def test_a_reprint_keeps_the_date_of_receipt_and_shows_its_own_time_apart() -> None:
    reprinted_at = datetime(2026, 12, 2, 10, 30, tzinfo=VIETNAM)
    text = page_texts(pdf_of(receipt(reprint_number=1, reprinted_at=reprinted_at)))[0]
    assert "Hà Nội, ngày 15 tháng 7 năm 2025" in text
    assert "BẢN IN LẠI LẦN 1 - in lúc 10:30 02/12/2026" in text
    assert "ngày 02 tháng 12 năm 2026" not in text


def test_two_copies_each_on_its_own_page() -> None:
    first, second = page_texts(pdf_of(receipt()))
    assert COPY_1 in first and COPY_2 not in first
    assert COPY_2 in second and COPY_1 not in second
    for page in (first, second):
        assert page.count(TITLE) == 1
        assert NAME in page
        assert page.count("(Ký và ghi rõ họ tên)") == 2


@pytest.mark.parametrize(
    ("rule_set", "cited", "not_cited"),
    [
        (RuleSet.R2018, "Thông tư số 01/2018/TT-VPCP", "03/2025/TT-VPCP"),
        (RuleSet.R2025, "Thông tư số 03/2025/TT-VPCP", "01/2018/TT-VPCP"),
    ],
)
def test_legal_basis_follows_the_rule_set(rule_set: RuleSet, cited: str, not_cited: str) -> None:
    for text in page_texts(pdf_of(receipt(rule_set=rule_set))):
        assert cited in text
        assert not_cited not in text


@pytest.mark.parametrize(("paper", "size_mm"), [("A4", (210, 297)), ("A5", (148, 210))])
def test_pages_have_the_chosen_paper_size(paper: str, size_mm: tuple[int, int]) -> None:
    pages = PdfReader(io.BytesIO(pdf_of(receipt(), paper))).pages
    assert len(pages) == 2
    for page in pages:
        width, height = (float(side) / mm for side in page.mediabox[2:])
        assert (round(width), round(height)) == size_mm


def test_an_original_print_has_no_reprint_mark() -> None:
    for text in page_texts(pdf_of(receipt())):
        assert "BẢN IN LẠI" not in text


def test_a_reprint_is_marked_on_every_page() -> None:
    texts = page_texts(pdf_of(crowded_receipt()))
    assert len(texts) == 4
    for text in texts:
        assert "BẢN IN LẠI LẦN 2" in text


def test_no_helvetica_anywhere_in_the_pdf() -> None:
    """Helvetica has no Vietnamese letters; a reference to it means some text may be boxes."""
    for pdf in (pdf_of(receipt()), pdf_of(crowded_receipt(), "A5")):
        assert b"Helvetica" not in pdf
        fonts = set()
        for page in PdfReader(io.BytesIO(pdf)).pages:
            resources: Any = page["/Resources"]
            for font in resources["/Font"].values():
                fonts.add(str(font.get_object()["/BaseFont"]))
        assert fonts and all("NotoSerif" in name for name in fonts)


def test_decomposed_input_prints_composed_letters() -> None:
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME
    text = page_texts(pdf_of(receipt(name=decomposed)))[0]
    assert f"Tiếp nhận hồ sơ của: {NAME}" in text


def test_a_long_name_and_many_components_flow_onto_a_second_page_per_copy() -> None:
    data = crowded_receipt()
    texts = page_texts(pdf_of(data))
    assert len(texts) == 4
    copy_1, copy_2 = " ".join(texts[:2]), " ".join(texts[2:])
    for copy, label in ((copy_1, COPY_1), (copy_2, COPY_2)):
        assert data.applicant.name in copy
        assert label in copy
        for component in data.components:
            assert component.name in copy
        assert copy.count("Trần Văn Bình") == 1
        assert "Trang 1/2" in copy and "Trang 2/2" in copy
    assert f"Mã hồ sơ: {CODE} - {COPY_1} (tiếp theo)" in texts[1]
    assert f"Mã hồ sơ: {CODE} - {COPY_2} (tiếp theo)" in texts[3]
    assert TITLE not in texts[1] and TITLE not in texts[3]


@settings(max_examples=8, deadline=None)
@given(count=st.integers(min_value=0, max_value=30), paper=st.sampled_from(["A4", "A5"]))
def test_any_number_of_components_gives_two_complete_copies(count: int, paper: str) -> None:
    components = tuple(part(f"Giấy tờ số {n}", 1, 0) for n in range(1, count + 1))
    texts = page_texts(render_receipt(receipt(components=components), paper=paper))  # type: ignore[arg-type]
    starts = [n for n, text in enumerate(texts) if TITLE in text]
    assert len(starts) == 2 and starts[0] == 0
    for copy in (" ".join(texts[: starts[1]]), " ".join(texts[starts[1] :])):
        assert copy.count("6. Đăng ký trả kết quả tại:") == 1
        assert copy.count("Trần Văn Bình") == 1
        if count:
            assert f"{count} Giấy tờ số {count} 01 -" in copy


def test_a_short_receipt_has_no_page_numbers() -> None:
    for text in page_texts(pdf_of(receipt())):
        assert "Trang" not in text


def test_empty_optional_fields_leave_no_dangling_labels() -> None:
    data = receipt(
        representative="", id_number="", fee_text="", lookup_url="", email="", components=()
    )
    text = page_texts(pdf_of(data))[0]
    assert "Người đại diện" not in text
    assert "Số định danh" not in text
    assert "Phí, lệ phí" not in text
    assert "Tra cứu" not in text
    assert "Email: ......" in text
    assert "(Không có thành phần hồ sơ)" in text


def test_a_representative_is_printed_when_given() -> None:
    data = receipt(representative="Lê Văn Tám")
    assert "Người đại diện, người được ủy quyền: Lê Văn Tám" in page_texts(pdf_of(data))[0]


@settings(max_examples=8, deadline=None)
@given(
    name=st.text(
        alphabet=LETTERS + LETTERS.upper() + " &<>'\"",
        min_size=1,
        max_size=60,
    ).filter(lambda text: clean(text) != "")
)
def test_any_vietnamese_name_comes_out_exactly(name: str) -> None:
    text = page_texts(render_receipt(receipt(name=name)))[0]
    assert f"Tiếp nhận hồ sơ của: {' '.join(clean(name).split())}" in text


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_barcode_and_qr_scan_to_the_dossier(paper: str, tmp_path: Path) -> None:
    data = receipt()
    symbols = scan(pdf_of(data, paper), tmp_path)
    assert symbols.get("CODE-128") == [CODE]
    assert symbols.get("QR-Code") == [receipt_qr(data).payload()]
    read = DocumentQr.parse(symbols["QR-Code"][0])
    assert read == DocumentQr(
        dossier_code=CODE,
        procedure_code="2.000908",
        id_number="001190012345",
        document_name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        system_name="Hệ thống thông tin giải quyết thủ tục hành chính thành phố Hà Nội",
        issued_at=datetime(2025, 7, 15, 9, 5, tzinfo=VIETNAM),
        appointment_at=datetime(2025, 7, 18, 16, 0, tzinfo=VIETNAM),
        lookup_url="https://dichvucong.hanoi.gov.vn/tra-cuu",
    )


def test_the_qr_sits_in_the_top_left_corner(tmp_path: Path) -> None:
    symbols = scan(pdf_of(receipt()), tmp_path, crop=(0.3, 0.15))
    assert symbols == {"QR-Code": [receipt_qr(receipt()).payload()]}


def test_the_second_copy_scans_too(tmp_path: Path) -> None:
    data = crowded_receipt()
    pdf = pdf_of(data, "A5")
    texts = page_texts(pdf)
    first_of_copy_2 = next(
        n for n, text in enumerate(texts, start=1) if TITLE in text and COPY_2 in text
    )
    assert first_of_copy_2 > 2
    symbols = scan(pdf, tmp_path, page=first_of_copy_2)
    assert symbols.get("CODE-128") == [CODE]
    assert symbols.get("QR-Code") == [receipt_qr(data).payload()]


def test_a_long_lookup_address_grows_the_qr_instead_of_shrinking_it(tmp_path: Path) -> None:
    data = receipt(lookup_url="https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?" + "ma=" + "x" * 150)
    symbols = scan(pdf_of(data, "A5"), tmp_path)
    assert symbols.get("QR-Code") == [receipt_qr(data).payload()]


KEY = "K7MX2Q"
LINK = f"https://dichvucong.hanoi.gov.vn/tra-cuu/{CODE}?key={KEY}"


def text_runs(pdf: bytes, page: int = 0) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run drawn on one page, in points from the bottom left."""
    runs: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            runs.append((x, y, text))

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return runs


def code_y(pdf: bytes, page: int) -> float:
    (y,) = {y for _, y, text in text_runs(pdf, page) if text.startswith("Mã hồ sơ:")}
    return y


@pytest.mark.parametrize("paper", ["A4", "A5"])
@pytest.mark.parametrize("rule_set", list(RuleSet))
def test_the_lookup_key_stands_beside_the_code_on_every_copy(paper: str, rule_set: RuleSet) -> None:
    """Issue 11: "Mã tra cứu" on the code's own line under the title, once per copy, and no
    page more than without it."""
    without = pdf_of(receipt(rule_set=rule_set, lookup_url=LINK), paper)
    pdf = pdf_of(receipt(rule_set=rule_set, lookup_url=LINK, lookup_key=KEY), paper)
    texts = page_texts(pdf)
    assert len(texts) == len(page_texts(without))
    copies = [n for n, text in enumerate(texts) if TITLE in text]
    assert len(copies) == 2
    layout = LAYOUTS[paper]  # type: ignore[index]
    for n in copies:
        assert f"{TITLE} Mã hồ sơ: {CODE} Mã tra cứu: {KEY}" in texts[n]
        assert texts[n].count("Mã tra cứu") == 1
        # One line (runs at one place), labels regular, values bold, inside the frame.
        line = [(x, y, t.strip("\n")) for x, y, t in text_runs(pdf, n) if y == code_y(pdf, n)]
        assert [t.strip() for _, _, t in line] == ["Mã hồ sơ:", CODE, "Mã tra cứu:", KEY]
        ((start, _),) = {(x, y) for x, y, _ in line}
        faces = (fonts.REGULAR, fonts.BOLD, fonts.REGULAR, fonts.BOLD)
        width = sum(
            stringWidth(t, face, layout.body_size)
            for (_, _, t), face in zip(line, faces, strict=True)
        )
        assert layout.margin_left < start and start + width < layout.width - layout.margin_right
    assert "Mã tra cứu" not in " ".join(page_texts(without))


def test_a_long_lookup_link_wraps_after_a_slash() -> None:
    """The printed link keeps the code and the key whole on one line (a citizen may type it)."""
    lines = [
        " ".join(line.split())
        for line in PdfReader(io.BytesIO(pdf_of(receipt(lookup_url=LINK, lookup_key=KEY))))
        .pages[0]
        .extract_text()
        .splitlines()
    ]
    assert "Tra cứu tình trạng hồ sơ tại: https://dichvucong.hanoi.gov.vn/tra-cuu/" in lines
    assert f"{CODE}?key={KEY}" in lines


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_with_the_key_the_barcode_still_scans_and_the_qr_carries_the_link(
    paper: str, tmp_path: Path
) -> None:
    data = receipt(lookup_url=LINK, lookup_key=KEY)
    symbols = scan(pdf_of(data, paper), tmp_path)
    assert symbols.get("CODE-128") == [CODE]
    assert DocumentQr.parse(symbols["QR-Code"][0]).lookup_url == LINK


@pytest.mark.parametrize("paper", ["A4", "A5"])
def test_no_text_starts_beside_the_qr_inside_its_column(paper: str) -> None:
    """Header text to the right of the QR must start past the QR's right edge."""
    layout = LAYOUTS[paper]  # type: ignore[index]
    office = dataclasses.replace(
        receipt().office,
        name="Ủy ban nhân dân phường Thanh Xuân",
        reception_unit="Trung tâm Phục vụ hành chính công phường Thanh Xuân",
    )
    data = receipt(office=office)
    symbol = QrSymbol.encode(receipt_qr(data).payload())
    qr = QrFlowable(symbol, size=layout.qr_size, min_module=layout.qr_min_module)
    qr_right = layout.margin_left + qr.width
    qr_top = layout.height - layout.margin_top
    qr_bottom = qr_top - qr.height
    starts: list[tuple[float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            starts.append((x, y, text))

    PdfReader(io.BytesIO(pdf_of(data, paper))).pages[0].extract_text(visitor_text=visit)
    beside_qr = [(x, text) for x, y, text in starts if qr_bottom <= y <= qr_top]
    assert beside_qr, "the header should have lines beside the QR"
    assert all(x >= qr_right for x, _ in beside_qr), beside_qr


def test_unknown_paper_size_is_refused() -> None:
    with pytest.raises(ValueError, match="paper"):
        render_receipt(receipt(), paper="Letter")  # type: ignore[arg-type]


def test_a_2018_form_issued_by_the_new_centre_names_the_centre_alone_and_in_its_notes() -> None:
    """1 July to 14 September 2025: the ward's centre existed, the 2025 forms did not yet."""
    text = page_texts(pdf_of(receipt(rule_set=RuleSet.R2018)))[0]
    assert "Liên 1: Lưu Trung tâm Phục vụ hành chính công phường Thanh Xuân Tiếp nhận" in text
    assert "Thanh Xuân: UBND" not in text
    assert "được lưu tại Trung tâm Phục vụ hành chính công phường Thanh Xuân;" in text
    assert "Bộ phận tiếp nhận và trả kết quả" not in text
