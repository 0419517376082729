"""Checking the audit chain of this workstation."""

from __future__ import annotations

from desk_app.services.desk import Desk
from desk_app.store.audit import ChainReport, verify_chain


def verify_audit(desk: Desk) -> ChainReport:
    with desk.db.read() as session:
        return verify_chain(session)
