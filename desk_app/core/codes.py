"""Dossier codes and queue ticket numbers.

A dossier code is ``<agency identifier>-<yyMMdd>-<NNNN>`` (reference §3, Circular 01/2018/TT-VPCP):
the receiving agency's electronic identifier per QCVN 102:2016/BTTTT (``V1V2V3.Z1Z2.Y1Y2.MX1X2``,
for example ``000.00.19.H56``), the receipt date and a 4-digit serial that restarts every day.
With a 13-character identifier the code has 25 characters. The identifier itself is configuration
published by each province: we check its shape, never its existence.

Serial space (a product decision, see design/architecture.md "Codes"): workstations of one office
issue codes offline and concurrently, so each owns a block of the daily serial and no two can
ever produce the same code. The first digit of the serial is the workstation number:

- block 0, serials 0001-0999: reserved for the upper level (server, online portal);
- block k (1 ≤ k ≤ 9), serials k001-k999: workstation k.

So an office has at most nine counter PCs and each issues at most 999 dossiers a day; a busy
ward counter issues well under 100. Serials k000 belong to no block and are never issued here
(a code received from elsewhere may still carry one: parsing accepts any serial 0001-9999).
The server rejects a duplicate code loudly instead of renumbering a code already printed.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date

from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.text import clean

MAX_WORKSTATION = 9
UPPER_LEVEL = 0  # the serial block of dossiers created above the office (server, portal)
_BLOCK_SIZE = 1000
_FIRST_DAY = date(2000, 1, 1)  # "yy" of the code is read as 20yy
_LAST_DAY = date(2099, 12, 31)

# QCVN 102:2016/BTTTT: level-4, -3 and -2 unit codes, then the level-1 code: one letter
# (G ministries, H provinces, ...) and two digits. Lower levels use digits in every published
# list we know; letters are accepted there too so a province's list is never rejected.
_AGENCY_PATTERN = r"[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}"
_AGENCY_RE = re.compile(_AGENCY_PATTERN)
_CODE_RE = re.compile(rf"({_AGENCY_PATTERN})-([0-9]{{6}})-([0-9]{{4}})")
_TICKET_AREA_RE = re.compile(r"[A-Z]")
_MAX_TICKET = 999

# The receipt's lookup key ("Mã tra cứu"): read aloud, copied by hand from paper, so nothing that
# looks like something else: no 0/O, no 1/I/L. 31 symbols, 6 of them: about 8.9e8 keys, and
# the public lookup is rate-limited, so guessing one dossier's key is out of reach.
LOOKUP_KEY_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOOKUP_KEY_LENGTH = 6
_LOOKUP_IGNORED = re.compile(r"[\s\-‐‑‒–—]+")


class SerialExhausted(DeskError):
    """A workstation has used every serial of its block today; it must not borrow another's."""

    def __init__(self, workstation: int) -> None:
        super().__init__(
            N_(
                "Máy trạm số {workstation} đã dùng hết {capacity} số hồ sơ trong ngày; "
                "hãy tiếp nhận hồ sơ tiếp theo trên một máy trạm khác."
            ),
            workstation=workstation,
            capacity=_BLOCK_SIZE - 1,
        )
        self.workstation = workstation


def _ascii_upper(text: str) -> str:
    """Trimmed and upper-cased, so a scanner's Enter or a lower-case typist is forgiven.

    Non-ASCII text is left as it is: ``str.upper`` would turn "ſ" into "S" and let it pass.
    """
    cleaned = clean(text)
    return cleaned.upper() if cleaned.isascii() else cleaned


def validate_agency_id(text: str) -> str:
    """The agency identifier, trimmed and upper-cased; ValidationError if not QCVN 102-shaped."""
    normalised = _ascii_upper(text)
    if not _AGENCY_RE.fullmatch(normalised):
        raise ValidationError(
            N_(
                "Mã định danh cơ quan “{value}” không đúng dạng V1V2V3.Z1Z2.Y1Y2.MX1X2 "
                "theo QCVN 102:2016/BTTTT (ví dụ 000.00.19.H56)."
            ),
            field="agency_id",
            value=clean(text),
        )
    return normalised


@dataclass(frozen=True, order=True)
class DossierCode:
    """A parsed dossier code; ``str()`` gives the printed form. Ordered by agency, day, serial."""

    agency_id: str
    day: date
    serial: int

    def __post_init__(self) -> None:
        if validate_agency_id(self.agency_id) != self.agency_id:
            raise ValidationError(
                N_("Mã định danh cơ quan “{value}” phải viết hoa, không có khoảng trắng."),
                field="agency_id",
                value=self.agency_id,
            )
        if not _FIRST_DAY <= self.day <= _LAST_DAY:
            raise ValidationError(
                N_(
                    "Ngày tiếp nhận {day} nằm ngoài khoảng năm 2000-2099 "
                    "mà mã hồ sơ biểu diễn được."
                ),
                field="day",
                day=self.day.strftime("%d/%m/%Y"),
            )
        if not 1 <= self.serial <= 9999:
            raise ValidationError(
                N_("Số thứ tự trong mã hồ sơ phải từ 0001 đến 9999; đã nhận {serial}."),
                field="serial",
                serial=self.serial,
            )

    def __str__(self) -> str:
        return f"{self.agency_id}-{self.day:%y%m%d}-{self.serial:04d}"


def format_code(agency_id: str, day: date, serial: int) -> str:
    """The printed dossier code, e.g. ``000.00.19.H56-250715-1001``."""
    return str(DossierCode(validate_agency_id(agency_id), day, serial))


def parse_code(text: str) -> DossierCode:
    """Read a typed or scanned dossier code; ValidationError for anything else.

    Surrounding white space (a scanner's Enter) and lower case are forgiven; the structure is not.
    """
    normalised = _ascii_upper(text)
    match = _CODE_RE.fullmatch(normalised)
    if match is None:
        raise ValidationError(
            N_(
                "“{value}” không phải là mã hồ sơ; mã hồ sơ có dạng "
                "<mã cơ quan>-<yyMMdd>-<số thứ tự>, ví dụ 000.00.19.H56-250715-0001."
            ),
            field="code",
            value=clean(text),
        )
    agency_id, yymmdd, serial = match.groups()
    try:
        day = date(2000 + int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:]))
    except ValueError:
        raise ValidationError(
            N_("Mã hồ sơ “{value}” chứa ngày {yymmdd} không có thật (dạng yyMMdd)."),
            field="code",
            value=normalised,
            yymmdd=yymmdd,
        ) from None
    if int(serial) == 0:
        raise ValidationError(
            N_("Mã hồ sơ “{value}” có số thứ tự 0000; số thứ tự bắt đầu từ 0001."),
            field="code",
            value=normalised,
        )
    return DossierCode(agency_id, day, int(serial))


def check_portal_code(code: DossierCode, *, agency_id: str, today: date, received_on: date) -> None:
    """Refuse a portal code that could not be ours or could collide with a counter's code.

    Issue 8: a code from the portal (or sync, or an import) must carry this office's agency
    identifier (the identity in force on the receipt day), a receipt date neither in the future
    nor after the day the office received the dossier, and a serial of the upper level's block
    (0001-0999): a serial in a workstation's block would take a number that counter may still
    issue that day and block it.
    """
    if code.agency_id != agency_id:
        raise ValidationError(
            N_(
                "Mã hồ sơ {code} mang mã định danh cơ quan {given}, không phải của cơ quan này "
                "({own}); hãy kiểm tra lại mã hồ sơ."
            ),
            field="portal_code",
            code=str(code),
            given=code.agency_id,
            own=agency_id,
        )
    if code.day > today:
        raise ValidationError(
            N_("Mã hồ sơ {code} mang ngày {day} ở tương lai; hãy kiểm tra lại mã hồ sơ."),
            field="portal_code",
            code=str(code),
            day=code.day.strftime("%d/%m/%Y"),
        )
    if code.day > received_on:
        raise ValidationError(
            N_(
                "Mã hồ sơ {code} mang ngày {day}, sau ngày tiếp nhận hồ sơ {received}; "
                "hãy kiểm tra lại mã hồ sơ hoặc thời điểm nhận."
            ),
            field="portal_code",
            code=str(code),
            day=code.day.strftime("%d/%m/%Y"),
            received=received_on.strftime("%d/%m/%Y"),
        )
    upper = serial_block(UPPER_LEVEL)
    if code.serial not in upper:
        raise ValidationError(
            N_(
                "Mã hồ sơ {code} có số thứ tự {serial:04d} thuộc khối số của máy trạm tại quầy; "
                "mã của Cổng dịch vụ công có số thứ tự từ {first:04d} đến {last:04d}."
            ),
            field="portal_code",
            code=str(code),
            serial=code.serial,
            first=upper.start,
            last=upper.stop - 1,
        )


def validate_workstation(number: int) -> int:
    """A counter PC's enrolment number, 1..MAX_WORKSTATION (block 0 belongs to the upper level)."""
    if not 1 <= number <= MAX_WORKSTATION:
        raise ValidationError(
            N_("Số máy trạm phải từ 1 đến {maximum}; đã nhận {number}."),
            field="workstation",
            number=number,
            maximum=MAX_WORKSTATION,
        )
    return number


def serial_block(workstation: int) -> range:
    """The daily serials ``workstation`` may issue: k001..k999 (UPPER_LEVEL: 0001..0999)."""
    if workstation != UPPER_LEVEL:
        validate_workstation(workstation)
    start = workstation * _BLOCK_SIZE + 1
    return range(start, start + _BLOCK_SIZE - 1)


def next_serial(workstation: int, last_serial: int | None) -> int:
    """The serial to issue next, given the highest one this workstation used that day (or None).

    A ``last_serial`` outside the workstation's block means its counter is corrupted: issuing
    from it could collide with another workstation, so we refuse instead of guessing.
    """
    block = serial_block(workstation)
    if last_serial is None:
        return block.start
    if last_serial not in block:
        raise ValidationError(
            N_(
                "Bộ đếm số hồ sơ của máy trạm số {workstation} bị sai: số {serial:04d} không "
                "thuộc khối {first:04d}-{last:04d} của máy trạm này. Hãy báo quản trị viên."
            ),
            field="serial",
            workstation=workstation,
            serial=last_serial,
            first=block.start,
            last=block.stop - 1,
        )
    if last_serial == block.stop - 1:
        raise SerialExhausted(workstation)
    return last_serial + 1


def workstation_of(serial: int) -> int:
    """Which workstation's block ``serial`` lies in (UPPER_LEVEL for 0001..0999)."""
    if not 1 <= serial <= 9999 or serial % _BLOCK_SIZE == 0:
        raise ValidationError(
            N_("Số thứ tự {serial} không thuộc khối số của máy trạm nào."),
            field="serial",
            serial=serial,
        )
    return serial // _BLOCK_SIZE


def format_ticket(area_letter: str, number: int) -> str:
    """A queue ticket number, e.g. ``A001``: the service area's letter and the day's serial."""
    letter = _ascii_upper(area_letter)
    if not _TICKET_AREA_RE.fullmatch(letter):
        raise ValidationError(
            N_("Khu vực phục vụ phải là một chữ cái từ A đến Z; đã nhận “{value}”."),
            field="area",
            value=clean(area_letter),
        )
    if not 1 <= number <= _MAX_TICKET:
        raise ValidationError(
            N_("Số thứ tự của phiếu xếp hàng phải từ 1 đến {maximum}; đã nhận {number}."),
            field="number",
            number=number,
            maximum=_MAX_TICKET,
        )
    return f"{letter}{number:03d}"


def new_lookup_key() -> str:
    """A fresh random lookup key, e.g. ``K7MX2Q`` (the secrets module: not guessable)."""
    return "".join(secrets.choice(LOOKUP_KEY_ALPHABET) for _ in range(LOOKUP_KEY_LENGTH))


def normalise_lookup_key(text: str) -> str:
    """A key as typed, in the form it is stored: case ignored, spaces and dashes dropped.

    Nothing else is corrected; a key that is not one of ours simply matches no dossier."""
    return _LOOKUP_IGNORED.sub("", text).upper()


def is_lookup_key(text: str) -> bool:
    """Whether ``text`` (already normalised) has the shape of a key this application makes."""
    return len(text) == LOOKUP_KEY_LENGTH and all(c in LOOKUP_KEY_ALPHABET for c in text)
