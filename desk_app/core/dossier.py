"""The value objects a dossier is made of: who applies, through which channel, which papers.

One definition each, used by intake requests, stored records, sync events and printed forms
alike, so an applicant's fields are never copied by hand from one shape into another.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TypeVar

from desk_app.core.citizen_id import validate_id_number
from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean

_PHONE = re.compile(r"^\+?[0-9 .]+$")
_PHONE_DIGITS = range(8, 16)  # ITU-T E.164 allows at most 15 digits
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_SETS = 99
# The column's width, as on PostgreSQL (VARCHAR(255)); SQLite would store anything.
MAX_NAME_LENGTH = 255
# What the bundled Noto Serif prints in a name besides Latin letters (Vietnamese among them)
# and digits: a name with an emoji or a symbol would print as empty boxes on the receipt.
_NAME_PUNCTUATION = frozenset(" -'.,()/&’‘")


def _name_problem(name: str) -> str | None:
    """Why ``name`` (clean, NFC) cannot stand on a receipt, or None."""
    if len(name) > MAX_NAME_LENGTH:
        return N_("Họ tên dài {length} ký tự, quá giới hạn {limit} ký tự.")
    if not any(ch.isalpha() for ch in name):
        return N_("Họ tên phải có ít nhất một chữ cái.")
    for ch in name:
        category = unicodedata.category(ch)
        if category.startswith("M"):
            # After NFC every Vietnamese mark has joined its letter; one left is lone.
            return N_("Họ tên có dấu thanh hoặc dấu phụ đứng riêng, không gắn với chữ cái nào.")
        if category.startswith("L") and unicodedata.name(ch, "").startswith("LATIN"):
            continue
        if (ch.isascii() and ch.isdigit()) or ch in _NAME_PUNCTUATION:
            continue
        return N_(
            "Họ tên có ký tự không in được trên giấy tiếp nhận (biểu tượng, chữ ngoài bảng "
            "chữ cái Latinh/tiếng Việt); hãy gõ lại họ tên."
        )
    return None


def check_name(text: str, field: str) -> str:
    """A person's name, cleaned; ValidationError naming ``field`` if it cannot be printed."""
    name = clean(text)
    problem = _name_problem(name)
    if problem is not None:
        raise ValidationError(problem, field=field, length=len(name), limit=MAX_NAME_LENGTH)
    return name


class Channel(StrEnum):
    """How the dossier reached the office (reference §3: an online one keeps the portal's code)."""

    COUNTER = "counter"
    ONLINE = "online"
    POSTAL = "postal"


# What an officer chooses from at the counter: an online dossier keeps the portal's code and
# arrives by sync (reference §3), so it is never typed in there (the CLI takes it, with --code).
COUNTER_CHANNELS = (Channel.COUNTER, Channel.POSTAL)


class ReturnMethod(StrEnum):
    """Where the applicant registered to collect the result (receipt item 6)."""

    COUNTER = "counter"
    POST = "post"


@dataclass(frozen=True)
class Applicant:
    """The person a receipt is made out to; texts are NFC and trimmed once validated."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative: str = ""

    def validated(self, today: date | None = None) -> Applicant:
        """A cleaned copy, or a ValidationError naming the field the officer must fix.

        ``today`` (the office's date) refuses an ID number implying a later birth year.
        """
        name = clean(self.name)
        if not name:
            raise ValidationError(N_("Chưa nhập họ tên người nộp hồ sơ."), field="applicant_name")
        name = check_name(name, "applicant_name")
        representative = clean(self.representative)
        if representative:
            representative = check_name(representative, "representative")
        id_number = clean(self.id_number)
        if id_number:
            id_number = validate_id_number(id_number, today=today)
        phone = clean(self.phone)
        if phone and not (
            _PHONE.match(phone) and sum(ch.isdigit() for ch in phone) in _PHONE_DIGITS
        ):
            raise ValidationError(
                N_("Số điện thoại không hợp lệ: chỉ gồm 8 đến 15 chữ số (có thể có dấu + ở đầu)."),
                field="phone",
            )
        email = clean(self.email)
        if email and not _EMAIL.match(email):
            raise ValidationError(
                N_("Địa chỉ email không hợp lệ (dạng ten@mien.vn)."), field="email"
            )
        return Applicant(name, id_number, phone, email, clean(self.address), representative)


class ComponentKind(StrEnum):
    """Whether the office keeps a paper or only looks at it. The values are stored."""

    SUBMITTED = "submitted"  # "Giấy tờ phải nộp": listed under "Thành phần hồ sơ nộp gồm"
    # "Giấy tờ phải xuất trình": shown for comparison and handed back ("xuất trình bản chính để
    # đối chiếu, không nộp lại"): identity papers, the original in copy certification. Checked
    # at the counter, never printed as if the office kept it (reference §11, Mẫu 01).
    SHOWN = "shown"


@dataclass(frozen=True)
class Component:
    """One paper of a dossier as the procedure lists it ("01 bản chính, 01 bản sao").

    ``received`` says whether the applicant handed it in (for a shown paper: showed it); on a
    procedure's list it is False.
    """

    position: int
    name: str
    original_count: int
    copy_count: int
    required: bool = True
    received: bool = False
    kind: ComponentKind = ComponentKind.SUBMITTED

    @property
    def shown_only(self) -> bool:
        return self.kind is ComponentKind.SHOWN


_E = TypeVar("_E", bound=StrEnum)


def _one_of(enum: type[_E], value: str, msgid: str, field: str) -> _E:
    """``value`` as a member of ``enum``, or a ValidationError listing the allowed values."""
    try:
        return enum(value)
    except ValueError:
        raise ValidationError(msgid, field=field, value=value, allowed=", ".join(enum)) from None


def parse_channel(value: str) -> Channel:
    return _one_of(Channel, value, N_("Kênh nộp {value} không hợp lệ ({allowed})."), "channel")


def parse_return_method(value: str) -> ReturnMethod:
    return _one_of(
        ReturnMethod,
        value,
        N_("Hình thức nhận kết quả {value} không hợp lệ ({allowed})."),
        "return_method",
    )


def check_sets_count(count: int) -> int:
    if not 1 <= count <= MAX_SETS:
        raise ValidationError(N_("Số lượng hồ sơ phải từ 1 đến 99 bộ."), field="sets_count")
    return count
