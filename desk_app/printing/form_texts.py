"""Fixed wording of the printed forms, versioned by rule set (reference section 2).

Every sentence printed on a form lives here, not in the layout code, so the official 2025 wording
(marked "check" in the reference) can be dropped in by editing one table. Templates are plain
text with ``{named}`` fields; the renderer escapes values and decides emphasis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desk_app.core.rules import RuleSet

# Header of every administrative form (reference section 2; Decree 30/2020/NĐ-CP layout).
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
NATIONAL_MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass(frozen=True, kw_only=True)
class FormTexts:
    """The wording every official form shares: what the frame around the story prints.

    Each form's texts extend this class; a form may override a default (a register's running
    header names its book, not a dossier)."""

    form_number: str
    legal_basis: str
    title: str
    # The document's name in the QR (Circular 01/2023/TT-VPCP): the title in sentence case.
    document_name: str
    # One label per copy, each copy printed from a new page; none means one unlabelled copy.
    copy_labels: tuple[str, ...] = ()
    signature_hint: str = "(Ký và ghi rõ họ tên)"
    reprint_mark: str = "BẢN IN LẠI LẦN {number} - in lúc {when}"
    continued_header: str = "Mã hồ sơ: {code} - {copy_label} (tiếp theo)"
    continued_header_unlabelled: str = "Mã hồ sơ: {code} (tiếp theo)"
    page_label: str = "Trang {page}/{pages}"
    issued_by: str = "Phát hành từ: {system}"
    # Printed where an optional value (phone, email...) is unknown, so it can be filled by hand.
    blank: str = "................"


@dataclass(frozen=True, kw_only=True)
class ReceiptTexts(FormTexts):
    """Mẫu 01, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", in one rule set's wording."""

    copy_labels: tuple[str, ...] = ("Liên 1: Lưu", "Liên 2: Giao người nộp")
    code_line: str = "Mã hồ sơ: {code}"
    # The first line names the unit as the form does (reference §11): the 2018 form writes
    # "Bộ phận tiếp nhận và trả kết quả: <agency>", the 2025 one the centre's own name.
    reception_unit_line: str
    # A unit that names its ward itself (the centres since 1 July 2025) stands alone.
    centre_line: str = "{unit}"
    applicant_line: str = "Tiếp nhận hồ sơ của: {name}"
    representative_line: str = "Người đại diện, người được ủy quyền: {name}"
    id_number_line: str = "Số định danh cá nhân: {id_number}"
    address_line: str = "Địa chỉ: {address}"
    phone_line: str = "Số điện thoại: {phone}"
    email_line: str = "Email: {email}"
    request_line: str = "Nội dung yêu cầu giải quyết: {procedure}"
    components_heading: str = "1. Thành phần hồ sơ nộp gồm:"
    components_columns: tuple[str, str, str, str] = ("TT", "Tên giấy tờ", "Bản chính", "Bản sao")
    no_components: str = "(Không có thành phần hồ sơ)"
    sets_line: str = "2. Số lượng hồ sơ: {sets} (bộ)"
    duration_line: str = "3. Thời gian giải quyết hồ sơ theo quy định là: {duration}"
    received_line: str = "4. Thời gian nhận hồ sơ: {when}"
    due_line: str = "5. Thời gian trả kết quả giải quyết hồ sơ: {when}"
    return_line: str = "6. Đăng ký nhận kết quả tại: {where}"
    fee_line: str = "Phí, lệ phí: {fee}"
    # Papers only shown for comparison and handed back: never under item 1 (reference §11).
    shown_line: str = "Giấy tờ xuất trình để đối chiếu (không nộp lại): {papers}"
    register_line: str = "Vào Sổ theo dõi hồ sơ, Quyển số: {book}, Số thứ tự: {line}"
    lookup_line: str = "Tra cứu tình trạng hồ sơ tại: {url}"
    # The key the public lookup asks for beside the code (core.codes.new_lookup_key).
    lookup_key_line: str = "Mã tra cứu: {key}"
    applicant_signature: str = "NGƯỜI NỘP HỒ SƠ"
    officer_signature: str = "NGƯỜI TIẾP NHẬN HỒ SƠ"
    notes_heading: str = "Ghi chú:"
    notes: tuple[str, ...] = ()


RECEIPT_TEXTS: dict[RuleSet, ReceiptTexts] = {
    # Circular 01/2018/TT-VPCP of 23 November 2018, Mẫu số 01.
    RuleSet.R2018: ReceiptTexts(
        form_number="Mẫu số 01",
        legal_basis=(
            "(Ban hành kèm theo Thông tư số 01/2018/TT-VPCP ngày 23/11/2018"
            " của Văn phòng Chính phủ)"
        ),
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        document_name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        reception_unit_line="{unit}: {agency}",
        # The 2018 form's "Ghi chú" block, as production systems print it (reference §11),
        # naming the unit that issues it: "Bộ phận tiếp nhận và trả kết quả" as the form
        # words it, or the centre that took the desk over on 1 July 2025.
        notes=(
            "- Giấy tiếp nhận và hẹn trả kết quả được lập thành 2 liên; một liên chuyển kèm theo"
            " Phiếu kiểm soát quá trình giải quyết hồ sơ và được lưu tại {unit}; một liên giao"
            " cho cá nhân, tổ chức nộp hồ sơ;",
            "- Cá nhân, tổ chức có thể đăng ký nhận kết quả tại {unit} hoặc tại nhà (trụ sở tổ"
            " chức) qua dịch vụ bưu chính.",
        ),
    ),
    # Circular 03/2025/TT-VPCP of 15 September 2025 keeps the receipt as Mẫu số 01 with the
    # same title (reference section 2 table); its exact wording is still marked "check".
    RuleSet.R2025: ReceiptTexts(
        form_number="Mẫu số 01",
        legal_basis=(
            "(Ban hành kèm theo Thông tư số 03/2025/TT-VPCP ngày 15/9/2025 của Văn phòng Chính phủ)"
        ),
        title="GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        document_name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        reception_unit_line="{unit}",
        # Post-2025 templates (reference §11); the form's body is still marked "check".
        return_line="6. Đăng ký trả kết quả tại: {where}",
        fee_line="Phí, lệ phí (nếu có): {fee}",
    ),
}


def clock_and_date(moment: datetime) -> str:
    """'09 giờ 05 phút, ngày 15 tháng 07 năm 2025', the wording of items 4 and 5 of Mẫu 01."""
    return (
        f"{moment.hour:02d} giờ {moment.minute:02d} phút, "
        f"ngày {moment.day:02d} tháng {moment.month:02d} năm {moment.year}"
    )


def place_and_date(place: str, day: date) -> str:
    """'Hà Nội, ngày 05 tháng 7 năm 2025': the place-and-date line under the national motto.

    Decree 30/2020/NĐ-CP, Annex I: a day below 10 and the months 1 and 2 take a leading zero;
    other months do not.
    """
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def two_digits(count: int) -> str:
    """Counts on forms are written with two digits ("01 (bộ)", "03 bản")."""
    return f"{count:02d}"
