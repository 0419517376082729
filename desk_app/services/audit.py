"""Checking the audit chain of this workstation."""

from __future__ import annotations

from desk_app.services.context import Workspace
from desk_app.services.workstation import station_of
from desk_app.store.audit import ChainReport, verify_chain


def verify_audit(workspace: Workspace) -> ChainReport:
    """This workstation's own chain, from its first entry to its head."""
    station = station_of(workspace)
    with workspace.read() as session:
        return verify_chain(session, station.workstation.id)
