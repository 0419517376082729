"""The citizen ID card's QR payload and personal identification numbers (reference §8).

A keyboard-wedge scanner types the QR as one line of "|"-separated fields (wrapped here)::

    <12-digit ID>|<old 9-digit ID or empty>|<full name>|<birth DDMMYYYY>|<Nam/Nữ>|<address>
    |<issue DDMMYYYY>

Variants seen at counters: six fields (no old-ID field), dates with slashes, extra trailing fields
(2024 "Căn cước" card), names in upper-case ASCII when the scanner is not in Unicode mode, stray
CR/LF and control characters, decomposed (NFD) text. The scan only fills the form faster: it is
never proof of identity, and the officer still checks the card (and the name, when it came
without diacritics).

The personal identification number (Circular 07/2016/TT-BCA as amended by Circular
59/2021/TT-BCA): digits 1-3 the province/city where the birth was registered, digit 4 the sex
and century of birth, digits 5-6 the last two digits of the birth year, then six random digits.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean, fold

MALE = "Nam"
FEMALE = "Nữ"

# Circular 07/2016/TT-BCA, appendix 1 (kept by Circular 59/2021/TT-BCA): province/city of birth
# registration. These are the 63 pre-2025 provinces; ID numbers keep them after the 2025 mergers.
PROVINCE_CODES: Mapping[str, str] = MappingProxyType(
    {
        "001": "Hà Nội",
        "002": "Hà Giang",
        "004": "Cao Bằng",
        "006": "Bắc Kạn",
        "008": "Tuyên Quang",
        "010": "Lào Cai",
        "011": "Điện Biên",
        "012": "Lai Châu",
        "014": "Sơn La",
        "015": "Yên Bái",
        "017": "Hòa Bình",
        "019": "Thái Nguyên",
        "020": "Lạng Sơn",
        "022": "Quảng Ninh",
        "024": "Bắc Giang",
        "025": "Phú Thọ",
        "026": "Vĩnh Phúc",
        "027": "Bắc Ninh",
        "030": "Hải Dương",
        "031": "Hải Phòng",
        "033": "Hưng Yên",
        "034": "Thái Bình",
        "035": "Hà Nam",
        "036": "Nam Định",
        "037": "Ninh Bình",
        "038": "Thanh Hóa",
        "040": "Nghệ An",
        "042": "Hà Tĩnh",
        "044": "Quảng Bình",
        "045": "Quảng Trị",
        "046": "Thừa Thiên Huế",
        "048": "Đà Nẵng",
        "049": "Quảng Nam",
        "051": "Quảng Ngãi",
        "052": "Bình Định",
        "054": "Phú Yên",
        "056": "Khánh Hòa",
        "058": "Ninh Thuận",
        "060": "Bình Thuận",
        "062": "Kon Tum",
        "064": "Gia Lai",
        "066": "Đắk Lắk",
        "067": "Đắk Nông",
        "068": "Lâm Đồng",
        "070": "Bình Phước",
        "072": "Tây Ninh",
        "074": "Bình Dương",
        "075": "Đồng Nai",
        "077": "Bà Rịa - Vũng Tàu",
        "079": "Hồ Chí Minh",
        "080": "Long An",
        "082": "Tiền Giang",
        "083": "Bến Tre",
        "084": "Trà Vinh",
        "086": "Vĩnh Long",
        "087": "Đồng Tháp",
        "089": "An Giang",
        "091": "Kiên Giang",
        "092": "Cần Thơ",
        "093": "Hậu Giang",
        "094": "Sóc Trăng",
        "095": "Bạc Liêu",
        "096": "Cà Mau",
    }
)

_ID_RE = re.compile(r"[0-9]{12}")
_OLD_ID_RE = re.compile(r"[0-9]{9}|[0-9]{12}")  # 9-digit CMND; 12-digit CMND issued 2012-2016
_DIGITS_OR_EMPTY_RE = re.compile(r"[0-9]*")
_QR_START_RE = re.compile(r"[0-9]{12}\|")
_DATE_RE = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})|([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_SEX_BY_FOLDED = {"nam": MALE, "nu": FEMALE}
_FIELDS_WITH_OLD_ID = 7
_FIELDS_WITHOUT_OLD_ID = 6


class QrError(ValidationError):
    """The scanned line is not a citizen ID card QR we can trust to fill the form."""


@dataclass(frozen=True)
class CitizenIdCard:
    """What the card's QR says: clean NFC text; never proof of identity."""

    id_number: str
    old_id_number: str | None
    full_name: str
    birth_date: date | None
    sex: str | None  # MALE or FEMALE
    address: str
    issue_date: date | None
    extra_fields: tuple[str, ...]  # fields after the known ones (2024 card), kept as scanned
    raw: str  # the scanned line, each field cleaned (kept for the record)

    @property
    def name_lacks_diacritics(self) -> bool:
        """True when the scanner typed the name in plain ASCII: the officer must check it."""
        return self.full_name.isascii()


def looks_like_id_qr(line: str) -> bool:
    """Cheap test for a scanner line typed into any field: 12 digits, then "|"."""
    return _QR_START_RE.match(clean(line)) is not None


def _normalise_sex(value: str) -> str | None:
    """MALE or FEMALE from "Nam"/"Nữ" in any case or without diacritics; None if unrecognised."""
    return _SEX_BY_FOLDED.get(fold(value))


def validate_id_number(
    text: str,
    *,
    birth_date: date | None = None,
    sex: str | None = None,
    today: date | None = None,
) -> str:
    """The 12-digit personal identification number; ValidationError with the precise reason.

    Spaces typed between digit groups are dropped. When ``birth_date`` or ``sex`` is given, the
    number must agree with it (digits 4-6); when ``today`` is given, the birth year the number
    implies may not be after it (issue 8).
    """
    number = "".join(clean(text).split())
    if not _ID_RE.fullmatch(number):
        raise ValidationError(
            N_(
                "Số định danh cá nhân phải gồm đúng 12 chữ số (từ 0 đến 9), không có chữ cái "
                "hay ký hiệu."
            ),
            field="id_number",
        )
    province = number[:3]
    if province not in PROVINCE_CODES:
        raise ValidationError(
            N_(
                "Số định danh cá nhân bắt đầu bằng {province}, không phải mã tỉnh, "
                "thành phố nơi đăng ký khai sinh nào."
            ),
            field="id_number",
            province=province,
        )
    century_digit = int(number[3])
    id_year = 1900 + (century_digit // 2) * 100 + int(number[4:6])
    id_sex = MALE if century_digit % 2 == 0 else FEMALE
    if today is not None and id_year > today.year:
        raise ValidationError(
            N_(
                "Số định danh cá nhân cho năm sinh {year} (chữ số thứ 4 đến 6), sau năm hiện tại; "
                "hãy kiểm tra lại số."
            ),
            field="id_number",
            year=id_year,
        )
    if birth_date is not None and birth_date.year != id_year:
        raise ValidationError(
            N_(
                "Năm sinh ghi trong số định danh cá nhân (chữ số thứ 4 đến 6) không khớp "
                "với ngày sinh."
            ),
            field="id_number",
        )
    if sex is not None:
        declared = _normalise_sex(sex)
        if declared is None:
            raise ValidationError(
                N_("Giới tính phải là Nam hoặc Nữ."),
                field="sex",
            )
        if declared != id_sex:
            raise ValidationError(
                N_(
                    "Giới tính ghi trong số định danh cá nhân (chữ số thứ 4) không khớp "
                    "với giới tính đã khai."
                ),
                field="id_number",
            )
    return number


def _parse_date(value: str, *, malformed: str, impossible: str, field: str) -> date | None:
    """DDMMYYYY or D/M/YYYY; None for an empty field."""
    if not value:
        return None
    match = _DATE_RE.fullmatch(value)
    if match is None:
        raise QrError(malformed, field=field)
    day, month, year = (int(part) for part in match.groups() if part is not None)
    try:
        return date(year, month, day)
    except ValueError:
        raise QrError(impossible, field=field) from None


def _check_card_dates(birth: date | None, issue: date | None, today: date | None) -> None:
    if birth is not None and today is not None and birth > today:
        raise QrError(
            N_("Ngày sinh trong mã QR ở tương lai; hãy quét lại thẻ."), field="birth_date"
        )
    if issue is not None and birth is not None and issue < birth:
        raise QrError(
            N_("Ngày cấp trong mã QR trước ngày sinh; hãy quét lại thẻ."), field="issue_date"
        )
    if issue is not None and today is not None and issue > today:
        raise QrError(N_("Ngày cấp trong mã QR ở tương lai; hãy quét lại thẻ."), field="issue_date")


def parse_qr(line: str, today: date | None = None) -> CitizenIdCard:
    """Read a scanned ID card line; QrError with the reason when it cannot be trusted.

    With ``today`` (the office's date), a birth or issue date in the future, an issue date
    before the birth date and a number implying a later birth year are refused (issue 8).
    """
    fields = [clean(field) for field in line.split("|")]
    raw = "|".join(fields)
    if not raw:
        raise QrError(N_("Không đọc được dữ liệu nào từ mã QR; hãy quét lại thẻ."), field="qr")
    # The second field tells the layouts apart: the old ID (digits or empty) or the name.
    has_old_id = len(fields) > 1 and _DIGITS_OR_EMPTY_RE.fullmatch(fields[1]) is not None
    needed = _FIELDS_WITH_OLD_ID if has_old_id else _FIELDS_WITHOUT_OLD_ID
    if len(fields) < needed:
        raise QrError(
            N_(
                "Mã QR quét được chỉ có {count} trường thông tin, cần ít nhất {needed}; "
                "có thể máy quét đã đọc thiếu, hãy quét lại thẻ."
            ),
            field="qr",
            count=len(fields),
            needed=needed,
        )
    if has_old_id:
        id_field, old_id, name, birth, sex_field, address, issue = fields[:needed]
    else:
        id_field, name, birth, sex_field, address, issue = fields[:needed]
        old_id = ""
    if old_id and not _OLD_ID_RE.fullmatch(old_id):
        raise QrError(
            N_("Số CMND cũ trong mã QR phải gồm 9 hoặc 12 chữ số."),
            field="old_id_number",
        )
    if not name:
        raise QrError(N_("Mã QR không có họ và tên; hãy quét lại thẻ."), field="full_name")
    if any(character.isdigit() for character in name):
        # No name has digits: a neighbouring field ran into it because the scanner lost a "|"
        # (a keystroke dropped half-way through the scan).
        raise QrError(
            N_("Mã QR quét chưa trọn (mất ký tự phân cách); hãy quét lại thẻ."),
            field="full_name",
        )
    birth_date = _parse_date(
        birth,
        malformed=N_("Ngày sinh trong mã QR không đúng dạng ngày tháng năm."),
        impossible=N_("Ngày sinh trong mã QR không phải là một ngày có thật."),
        field="birth_date",
    )
    issue_date = _parse_date(
        issue,
        malformed=N_("Ngày cấp trong mã QR không đúng dạng ngày tháng năm."),
        impossible=N_("Ngày cấp trong mã QR không phải là một ngày có thật."),
        field="issue_date",
    )
    _check_card_dates(birth_date, issue_date, today)
    sex = _normalise_sex(sex_field) if sex_field else None
    if sex_field and sex is None:
        raise QrError(
            N_("Giới tính trong mã QR phải là Nam hoặc Nữ."),
            field="sex",
        )
    try:
        id_number = validate_id_number(id_field, birth_date=birth_date, sex=sex, today=today)
    except ValidationError as error:
        raise QrError(error.msgid, field=error.field, **error.params) from error
    return CitizenIdCard(
        id_number=id_number,
        old_id_number=old_id or None,
        full_name=name,
        birth_date=birth_date,
        sex=sex,
        address=address,
        issue_date=issue_date,
        extra_fields=tuple(fields[needed:]),
        raw=raw,
    )
