"""Which legal rule set governs a dossier, chosen by its receipt date (reference section 1)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum


class RuleSet(StrEnum):
    """The one-stop regulation in force; it decides the wording of every printed form."""

    # Decree 61/2018/NĐ-CP + Circular 01/2018/TT-VPCP: until 30 June 2025.
    R2018 = "2018"
    # Decree 118/2025/NĐ-CP + Circular 03/2025/TT-VPCP: from 1 July 2025.
    R2025 = "2025"


RULES_2025_FROM = date(2025, 7, 1)  # Decree 118/2025/NĐ-CP takes effect


def rule_set_for(received_on: date) -> RuleSet:
    """The rule set for a dossier received on ``received_on`` (local office date)."""
    return RuleSet.R2025 if received_on >= RULES_2025_FROM else RuleSet.R2018
