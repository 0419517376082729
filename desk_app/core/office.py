"""The office's identity over time: names and identifier are facts with dates (reference §1).

On 1 July 2025 many wards were merged and renamed, and each ward's counter became a "Trung tâm
Phục vụ hành chính công". A form prints the identity in force on the dossier's receipt date, so
a 2024 dossier reprinted today still names the 2024 office, unit and agency identifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from desk_app.core.codes import validate_agency_id
from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean


@dataclass(frozen=True)
class OfficeIdentity:
    """Who the office is from ``valid_from`` on, as its forms print it.

    ``name`` is written as in a sentence ("UBND phường Thanh Xuân"); forms print capitals.
    ``reception_unit`` is the counter's own name ("Trung tâm Phục vụ hành chính công phường
    Thanh Xuân"; before 1 July 2025 "Bộ phận tiếp nhận và trả kết quả"). ``place`` is the
    place name of the forms' date line; ``agency_id`` prefixes every dossier code.
    """

    valid_from: date
    agency_id: str
    name: str
    reception_unit: str
    place: str

    def validated(self) -> OfficeIdentity:
        """A cleaned copy, or a ValidationError naming the field to fix."""
        name, unit, place = clean(self.name), clean(self.reception_unit), clean(self.place)
        if not name:
            raise ValidationError(N_("Chưa nhập tên cơ quan."), field="office_name")
        if not unit:
            raise ValidationError(
                N_("Chưa nhập tên bộ phận tiếp nhận và trả kết quả."), field="reception_unit"
            )
        if not place:
            raise ValidationError(N_("Chưa nhập địa danh (ghi ở dòng ngày tháng)."), field="place")
        return OfficeIdentity(
            self.valid_from, validate_agency_id(self.agency_id), name, unit, place
        )


_COUNCIL_PREFIXES = ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân ")


def default_reception_unit(office_name: str) -> str:
    """The counter's name since 1 July 2025 (reference §1), from the office's: "UBND phường
    Thanh Xuân" gives "Trung tâm Phục vụ hành chính công phường Thanh Xuân"."""
    name = clean(office_name)
    for prefix in _COUNCIL_PREFIXES:
        if name.lower().startswith(prefix.lower()):
            name = name[len(prefix) :]
            break
    return f"Trung tâm Phục vụ hành chính công {name}" if name else ""


def identity_on(identities: Sequence[OfficeIdentity], day: date) -> OfficeIdentity:
    """The identity in force on ``day``: the latest one that started on or before it.

    A day before the first recorded identity (a dossier entered after the fact) takes the
    first one: that is the oldest name the office knows of itself.
    """
    if not identities:
        raise ValueError("an office has at least one identity")
    ordered = sorted(identities, key=lambda identity: identity.valid_from)
    current = ordered[0]
    for identity in ordered[1:]:
        if identity.valid_from > day:
            break
        current = identity
    return current
