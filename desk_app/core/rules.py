"""Which set of printed forms governs a dossier, chosen by its receipt date (reference §1-2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from desk_app.core.calendar import OfficeHours
from desk_app.core.errors import N_, ValidationError

# Issue 8: a lookup URL too long for the receipt's QR code made every receipt fail; 500
# characters is far more than any province's lookup page needs.
MAX_LOOKUP_URL = 500
MAX_SYSTEM_NAME = 100


class RuleSet(StrEnum):
    """The one-stop regulation whose forms a dossier's documents use."""

    # Decree 61/2018/NĐ-CP + Circular 01/2018/TT-VPCP (6 forms).
    R2018 = "2018"
    # Decree 118/2025/NĐ-CP (from 1 July 2025) + Circular 03/2025/TT-VPCP (7 forms).
    R2025 = "2025"


# Decree 118/2025/NĐ-CP took effect on 1 July 2025, but the forms of Circular 03/2025/TT-VPCP
# were issued only on 15 September 2025: a receipt must never cite a circular that did not yet
# exist, so the 2025 forms start on that date. The circular's own effective date is marked
# "(check)" in the reference, so offices may move this date in their settings.
FORMS_2025_FROM = date(2025, 9, 15)


def rule_set_for(received_on: date, forms_2025_from: date = FORMS_2025_FROM) -> RuleSet:
    """The form set for a dossier received on ``received_on`` (the office's local date)."""
    return RuleSet.R2025 if received_on >= forms_2025_from else RuleSet.R2018


class CountingMethod(StrEnum):
    """How a duration in working days is counted (reference §4). No one-stop text defines the
    arithmetic and provinces' systems differ, so each office chooses; the values are stored."""

    # Working hours added from the first open moment after receipt: one working day is the
    # office's working minutes per day (8 hours with the default hours).
    WORKING_HOURS = "working_hours"
    # Civil Code 2015 arts. 147-148: whole days from the day after receipt, the period ending at
    # the close of its last day.
    CIVIL_CODE = "civil_code"


@dataclass(frozen=True)
class OfficeRules:
    """Rules every workstation of an office, its hub and the server must apply alike, so they
    compute the same due date and print the same form set: stored per office in the database,
    never in a workstation's settings file."""

    hours: OfficeHours = field(default_factory=OfficeHours)
    forms_2025_from: date = FORMS_2025_FROM
    # The issuing system's name in every document's QR (Circular 01/2023/TT-VPCP).
    system_name: str = "desk-app"
    # The public lookup page printed on receipts; "{code}" becomes the dossier code and an
    # optional "{key}" its lookup key (without one, the key is added as "key=" to the query).
    lookup_url: str = ""
    counting_method: CountingMethod = CountingMethod.WORKING_HOURS

    def __post_init__(self) -> None:
        """Refuse, when rules are set or read, a value that would make every receipt fail."""
        for name, value, limit in (
            ("lookup_url", self.lookup_url, MAX_LOOKUP_URL),
            ("system_name", self.system_name, MAX_SYSTEM_NAME),
        ):
            if len(value) > limit:
                raise ValidationError(
                    N_(
                        "Quy định chung của cơ quan không hợp lệ: {setting} dài {length} ký tự, "
                        "quá giới hạn {limit} ký tự; hãy nhờ quản trị viên sửa lại."
                    ),
                    field=name,
                    setting=name,
                    length=len(value),
                    limit=limit,
                )

    def rule_set_for(self, received_on: date) -> RuleSet:
        return rule_set_for(received_on, self.forms_2025_from)

    def lookup_link(self, code: str, key: str = "") -> str:
        """The receipt's QR link for one dossier: ``lookup_url`` filled in ("" without one)."""
        return lookup_link(self.lookup_url, code, key)


def lookup_link(template: str, code: str, key: str = "") -> str:
    """``template`` with "{code}" and "{key}" filled in; a template without "{key}" gets the
    key as a ``key`` query parameter, beside any it has (``?key=`` or ``&key=``, before a
    fragment). No key (a dossier from before keys), no parameter."""
    if not template:
        return ""
    url = template.replace("{code}", code)
    if "{key}" in url:
        return url.replace("{key}", key)
    if not key:
        return url
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query = [(name, value) for name, value in query if name != "key"] + [("key", key)]
    return urlunsplit(parts._replace(query=urlencode(query)))
