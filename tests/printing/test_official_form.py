"""The frame shared by every official form, read back from small forms written only for the test."""

from __future__ import annotations

import dataclasses
import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable, PageBreak, Paragraph

from desk_app.printing.form_layout import LAYOUTS
from desk_app.printing.form_texts import FormTexts
from desk_app.printing.official_form import (
    FormCopy,
    FormFrame,
    OfficialDocument,
    Signature,
    bold,
    fill,
)

CODE = "000.00.19.H56-250715-0007"
TEXTS = FormTexts(
    form_number="Mẫu số 99",
    legal_basis="(Ban hành kèm theo Thông tư thử nghiệm)",
    title="PHIẾU THỬ NGHIỆM",
    document_name="Phiếu thử nghiệm",
)
FRAME = FormFrame(
    code=CODE,
    agency_lines=("UBND PHƯỜNG THANH XUÂN", "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
    place="Hà Nội",
    issued_on=date(2025, 2, 5),
    system_name="Hệ thống thử nghiệm",
    author="Bộ phận tiếp nhận",
    reprint_number=3,
)
SIGNER = "NGƯỜI HƯỚNG DẪN"


class ThreePages(OfficialDocument[FormTexts]):
    """One signature block at the end of a body that breaks onto a new page twice."""

    def body(self, copy: FormCopy[FormTexts]) -> list[Flowable]:
        story: list[Flowable] = []
        for page in (1, 2, 3):
            if page > 1:
                story.append(PageBreak())
            story.append(
                copy.line("Nội dung trang {page} của {code}", page=bold(str(page)), code=CODE)
            )
        story.append(copy.signatures(Signature(SIGNER, "Trần Văn Bình")))
        return story


class Signatures(OfficialDocument[FormTexts]):
    """A one-page body holding the given signature blocks side by side."""

    def __init__(self, texts: FormTexts, frame: FormFrame, blocks: tuple[Signature, ...]) -> None:
        super().__init__(texts, frame)
        self.blocks = blocks

    def body(self, copy: FormCopy[FormTexts]) -> list[Flowable]:
        return [
            Paragraph(fill("Liên số {number}", number=str(copy.number + 1)), copy.styles.body),
            copy.signatures(*self.blocks),
        ]


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def starts_of(pdf: bytes, page: int) -> dict[str, float]:
    """Where each text run of one page starts, left to right (x in points)."""
    starts: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        if text.strip():
            starts.setdefault(text.strip(), tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

    PdfReader(io.BytesIO(pdf)).pages[page].extract_text(visitor_text=visit)
    return starts


def test_a_single_copy_runs_to_three_numbered_pages_inside_the_frame() -> None:
    texts = page_texts(ThreePages(TEXTS, FRAME).render("A4"))
    assert len(texts) == 3
    for number, text in enumerate(texts, start=1):
        assert f"Nội dung trang {number} của {CODE}" in text
        assert f"Trang {number}/3" in text
        assert "BẢN IN LẠI LẦN 3" in text
        assert "Mẫu số 99 (Ban hành kèm theo Thông tư thử nghiệm)" in text
        assert "Phát hành từ: Hệ thống thử nghiệm" in text
    first, *continued = texts
    assert "PHIẾU THỬ NGHIỆM" in first
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first
    assert "Hà Nội, ngày 05 tháng 02 năm 2025" in first
    assert "(tiếp theo)" not in first
    for text in continued:
        assert f"Mã hồ sơ: {CODE} (tiếp theo)" in text
        assert "PHIẾU THỬ NGHIỆM" not in text and "CỘNG HÒA" not in text
    assert f"{SIGNER} (Ký và ghi rõ họ tên) Trần Văn Bình" in texts[2]
    assert SIGNER not in first + continued[0]


def test_an_original_one_page_form_has_neither_page_number_nor_reprint_mark() -> None:
    form = Signatures(TEXTS, dataclasses.replace(FRAME, reprint_number=0), (Signature(SIGNER),))
    (text,) = page_texts(form.render("A5"))
    assert "Trang" not in text and "BẢN IN LẠI" not in text
    assert "Mẫu số 99" in text and "PHIẾU THỬ NGHIỆM" in text


def test_labelled_copies_each_start_a_page_and_name_themselves() -> None:
    labels = ("Liên 1: Lưu", "Liên 2: Giao người nộp", "Liên 3: Gửi cơ quan giải quyết")
    form = Signatures(dataclasses.replace(TEXTS, copy_labels=labels), FRAME, (Signature(SIGNER),))
    texts = page_texts(form.render("A4"))
    assert len(texts) == 3
    for number, (text, label) in enumerate(zip(texts, labels, strict=True), start=1):
        assert label in text and f"Liên số {number}" in text
        assert [other for other in labels if other in text] == [label]
        assert text.count("PHIẾU THỬ NGHIỆM") == 1
        assert "Trang" not in text  # each copy has one page


def test_three_signatures_sit_side_by_side_and_a_lone_one_on_the_right() -> None:
    layout = LAYOUTS["A4"]
    middle = layout.margin_left + layout.frame_width / 2
    titles = ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "NGƯỜI DUYỆT")
    three = Signatures(TEXTS, FRAME, tuple(Signature(title) for title in titles)).render("A4")
    x = starts_of(three, 0)
    assert x[titles[0]] < x[titles[1]] < x[titles[2]]
    assert x[titles[0]] < middle < x[titles[2]]
    assert page_texts(three)[0].count("(Ký và ghi rõ họ tên)") == 3

    hint = "(Ký, ghi rõ họ tên và đóng dấu)"
    alone = Signatures(TEXTS, FRAME, (Signature("THỦ TRƯỞNG", hint=hint),)).render("A4")
    assert starts_of(alone, 0)["THỦ TRƯỞNG"] > middle
    text = page_texts(alone)[0]
    assert hint in text and "(Ký và ghi rõ họ tên)" not in text


@pytest.mark.parametrize("count", [0, 4])
def test_signature_rows_hold_one_to_three_blocks(count: int) -> None:
    form = Signatures(TEXTS, FRAME, tuple(Signature(f"NGƯỜI {n}") for n in range(count)))
    with pytest.raises(ValueError, match="signature"):
        form.render("A4")


def test_decomposed_frame_texts_print_composed() -> None:
    agency = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"
    frame = dataclasses.replace(
        FRAME, agency_lines=(unicodedata.normalize("NFD", agency),), place="Huế"
    )
    text = page_texts(Signatures(TEXTS, frame, (Signature(SIGNER),)).render("A4"))[0]
    assert agency in text
    assert "Huế, ngày 05 tháng 02 năm 2025" in text


def test_a_negative_reprint_number_is_refused() -> None:
    form = Signatures(TEXTS, dataclasses.replace(FRAME, reprint_number=-1), (Signature(SIGNER),))
    with pytest.raises(ValueError, match="reprint"):
        form.render("A4")
