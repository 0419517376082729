"""Who an officer is to the office: the roles the services check each act against."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"  # takes in and returns dossiers at a counter
    SUPERVISOR = "supervisor"  # head of the unit: reports, apologies, corrections
    ADMIN = "admin"  # accounts, catalogue, office rules
