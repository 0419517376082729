"""What the QR in the top-left corner of every issued document says (Circular 01/2023/TT-VPCP).

The circular asks for the dossier code, the national procedure code, the applicant's ID number,
the document's name, the issuing system's name and the issue time; a receipt adds the
appointment date, and we add the public lookup address when the office has one.

Encoding (UTF-8, QR byte mode with an ECI 26 "UTF-8" header): one line of ``KEY:value`` fields
joined by ``|``, in this order, empty optional fields left out::

    MHS:000.00.19.H56-250715-0001|TTHC:2.000908|DD:001090123456
    |VB:Giấy tiếp nhận hồ sơ và hẹn trả kết quả|HT:<system name>
    |TG:2025-07-15T09:05+07:00|HEN:2025-07-18T16:00+07:00|URL:https://...

(shown wrapped; the payload has no line breaks). One line because handheld scanners in
keyboard mode type a line break as Enter, the same reason the citizen ID card QR uses ``|``.
Times are ISO 8601 to the minute with their UTC offset. A ``|`` or ``\\`` inside a value is
escaped with a backslash. Keys (Vietnamese initials): MHS mã hồ sơ, TTHC mã thủ tục hành
chính, DD số định danh cá nhân, VB tên văn bản, HT hệ thống phát hành, TG thời gian phát hành,
HEN ngày hẹn trả kết quả, URL địa chỉ tra cứu. Readers ignore keys they do not know.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean

_SEPARATOR = "|"
_ESCAPE = "\\"


class NotADocumentQr(ValidationError):
    """A scanned QR that is not one of ours (no dossier code, or a malformed time)."""

    def __init__(self) -> None:
        super().__init__(
            N_("Mã QR này không phải của giấy tờ do hệ thống một cửa phát hành."), field="qr"
        )


@dataclass(frozen=True)
class DocumentQr:
    """The facts a document's QR carries; `payload` and `parse` are inverse of each other."""

    dossier_code: str
    procedure_code: str
    id_number: str
    document_name: str
    system_name: str
    issued_at: datetime
    appointment_at: datetime | None = None
    lookup_url: str = ""

    def payload(self) -> str:
        """The text to put in the QR symbol."""
        fields = [
            ("MHS", clean(self.dossier_code)),
            ("TTHC", clean(self.procedure_code)),
            ("DD", clean(self.id_number)),
            ("VB", clean(self.document_name)),
            ("HT", clean(self.system_name)),
            ("TG", _iso_minutes(self.issued_at)),
            ("HEN", _iso_minutes(self.appointment_at) if self.appointment_at else ""),
            ("URL", clean(self.lookup_url)),
        ]
        return _SEPARATOR.join(f"{key}:{_escape(value)}" for key, value in fields if value)

    @classmethod
    def parse(cls, payload: str) -> DocumentQr:
        """Read a scanned payload back; raises `NotADocumentQr` if it is not ours."""
        fields: dict[str, str] = {}
        for field in _split(payload.strip()):
            key, colon, value = field.partition(":")
            if colon:
                fields[key] = value
        if not fields.get("MHS") or not fields.get("TG"):
            raise NotADocumentQr()
        try:
            issued_at = datetime.fromisoformat(fields["TG"])
            appointment_at = datetime.fromisoformat(fields["HEN"]) if "HEN" in fields else None
        except ValueError:
            raise NotADocumentQr() from None
        return cls(
            dossier_code=fields["MHS"],
            procedure_code=fields.get("TTHC", ""),
            id_number=fields.get("DD", ""),
            document_name=fields.get("VB", ""),
            system_name=fields.get("HT", ""),
            issued_at=issued_at,
            appointment_at=appointment_at,
            lookup_url=fields.get("URL", ""),
        )


def _iso_minutes(moment: datetime) -> str:
    return moment.isoformat(timespec="minutes")


def _escape(value: str) -> str:
    return value.replace(_ESCAPE, _ESCAPE * 2).replace(_SEPARATOR, _ESCAPE + _SEPARATOR)


def _split(payload: str) -> list[str]:
    """Split on unescaped separators and undo the escaping."""
    fields: list[str] = []
    current: list[str] = []
    chars = iter(payload)
    for char in chars:
        if char == _ESCAPE:
            current.append(next(chars, ""))
        elif char == _SEPARATOR:
            fields.append("".join(current))
            current = []
        else:
            current.append(char)
    fields.append("".join(current))
    return fields
