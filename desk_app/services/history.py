"""A dossier's whole story for its view and ``desk-app dossier show``: the dossier, every act,
every audit entry about it (the receipts and forms printed among them) and what may be done
next from where it stands."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.lifecycle import ACTION_LABELS, Action, next_actions
from desk_app.services.attachments import DigitisationStatus, status_in
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord, find_dossier, to_record
from desk_app.services.lifecycle import TransitionRecord, transition_record
from desk_app.store.models import AuditEntry, DossierTransition

# Audit kinds that say a paper was printed for the dossier ("receipt.printed", and any
# "<form>.printed" a later release records): the view's "forms printed".
PRINTED_SUFFIX = ".printed"
LIFECYCLE_PREFIX = "dossier."  # dossier.received, dossier.transferred, ...


@dataclass(frozen=True)
class AuditLine:
    """One audit entry about the dossier; ``print_number`` 1 is an original, later ones are
    reprints (None when the entry is no print)."""

    seq: int
    at: datetime
    actor: str
    kind: str
    print_number: int | None
    document_name: str = ""  # a printed form's name ("Phiếu yêu cầu bổ sung…"), when given

    @property
    def printed(self) -> bool:
        return self.kind.endswith(PRINTED_SUFFIX)

    @property
    def lifecycle(self) -> bool:
        """An act of the dossier's life: already a row of its transitions."""
        return self.kind.startswith(LIFECYCLE_PREFIX)

    def to_json(self) -> dict[str, object]:
        return {
            "seq": self.seq,
            "at": self.at.isoformat(),
            "at_local": self.at.astimezone(OFFICE_TZ).isoformat(),
            "actor": self.actor,
            "kind": self.kind,
            "printed": self.printed,
            "print_number": self.print_number,
            "document_name": self.document_name,
        }


@dataclass(frozen=True)
class DossierView:
    """What the dossier view shows: a display record (its JSON may change freely)."""

    dossier: DossierRecord
    transitions: tuple[TransitionRecord, ...]
    audit: tuple[AuditLine, ...]
    next_actions: tuple[Action, ...]
    paused_at: datetime | None
    supplement_requests: int
    extensions: int
    handling_unit: str
    sent_at: datetime | None
    digitisation: DigitisationStatus  # which papers are scanned (reference §6)

    @property
    def printed(self) -> tuple[AuditLine, ...]:
        return tuple(line for line in self.audit if line.printed)

    @property
    def beside_the_acts(self) -> tuple[AuditLine, ...]:
        """The audit entries that are no act of its life: prints, scans, paper hand-overs."""
        return tuple(line for line in self.audit if not line.lifecycle)

    def to_json(self) -> dict[str, object]:
        # The dossier's own fields at the top, as `dossier show --json` always gave them.
        return {
            **self.dossier.to_json(),
            "paused_at": _iso(self.paused_at),
            "supplement_requests": self.supplement_requests,
            "extensions": self.extensions,
            "handling_unit": self.handling_unit,
            "sent_at": _iso(self.sent_at),
            "transitions": [t.to_json() for t in self.transitions],
            "printed": [line.to_json() for line in self.printed],
            "audit": [line.to_json() for line in self.audit],
            "digitisation": self.digitisation.to_json(),
            "next_actions": [
                {"action": a.value, "label": ACTION_LABELS[a]} for a in self.next_actions
            ],
        }


def _audit_line(entry: AuditEntry) -> AuditLine:
    data = _data(entry.payload)
    return AuditLine(
        entry.seq,
        entry.at.astimezone(UTC),
        entry.actor,
        entry.action,
        _print_number(data),
        _document_name(data),
    )


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat() if at is not None else None


def _data(payload: str) -> dict[str, object]:
    try:
        data = json.loads(payload).get("data", {})
    except (ValueError, AttributeError):
        return {}
    return data if isinstance(data, dict) else {}


def _print_number(data: dict[str, object]) -> int | None:
    number = data.get("print_number")
    return number if isinstance(number, int) else None


def _document_name(data: dict[str, object]) -> str:
    name = data.get("document_name")
    return name if isinstance(name, str) else ""


def dossier_view(workspace: Workspace, actor: Actor, code: str) -> DossierView:
    """The dossier with ``code`` (typed or scanned) and its whole history; NotFound if none."""
    with workspace.read() as session:
        row = find_dossier(session, actor, code)
        acts = session.scalars(
            select(DossierTransition)
            .where(DossierTransition.dossier_id == row.id)
            .order_by(DossierTransition.seq)
        ).all()
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity == "dossier", AuditEntry.entity_id == row.code)
            .order_by(AuditEntry.at, AuditEntry.seq)
        ).all()
        return DossierView(
            dossier=to_record(row),
            transitions=tuple(transition_record(a) for a in acts),
            audit=tuple(_audit_line(e) for e in entries),
            next_actions=next_actions(row.state),
            paused_at=row.paused_at.astimezone(UTC) if row.paused_at else None,
            supplement_requests=row.supplement_requests,
            extensions=row.extensions,
            handling_unit=row.handling_unit,
            sent_at=row.sent_at.astimezone(UTC) if row.sent_at else None,
            digitisation=status_in(session, row),
        )
