"""Who an officer is to the office, and which acts each role may do (issue 8: checked in the
services, never only in a window or a command)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"  # takes in and returns dossiers at a counter
    SUPERVISOR = "supervisor"  # head of the unit: reports, apologies, corrections
    ADMIN = "admin"  # accounts, catalogue, office rules


class Act(StrEnum):
    """An act the services check against the actor's role. The values appear in the audit log
    of a refusal: never change them."""

    INTAKE = "intake"
    RECEIPT = "receipt"
    LIFECYCLE = "lifecycle"
    TICKETS = "tickets"
    BACKDATE = "backdate"  # a receipt time more than 30 days back, with a reason
    REPORTS = "reports"
    REASSIGN = "reassign"
    APPROVE_EXTENSION = "approve_extension"
    UNLOCK_ACCOUNT = "unlock_account"
    CATALOGUE = "catalogue"
    CALENDAR = "calendar"
    OFFICE_RULES = "office_rules"
    OFFICE_IDENTITY = "office_identity"
    USERS = "users"
    BACKUP_RESTORE = "backup_restore"
    SECURITY_CHECK = "security_check"


_OFFICER = frozenset({Act.INTAKE, Act.RECEIPT, Act.LIFECYCLE, Act.TICKETS})
_SUPERVISOR = _OFFICER | {
    Act.BACKDATE,
    Act.REPORTS,
    Act.REASSIGN,
    Act.APPROVE_EXTENSION,
    Act.UNLOCK_ACCOUNT,
}
_ADMIN = _SUPERVISOR | {
    Act.CATALOGUE,
    Act.CALENDAR,
    Act.OFFICE_RULES,
    Act.OFFICE_IDENTITY,
    Act.USERS,
    Act.BACKUP_RESTORE,
    Act.SECURITY_CHECK,
}
ALLOWED: dict[Role, frozenset[Act]] = {
    Role.OFFICER: _OFFICER,
    Role.SUPERVISOR: _SUPERVISOR,
    Role.ADMIN: _ADMIN,
}


def may(role: Role, act: Act) -> bool:
    return act in ALLOWED[role]
