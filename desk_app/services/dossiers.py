"""Reading dossiers back: one by code, today's at this workstation, search by name or ID."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.codes import parse_code
from desk_app.core.deadlines import Duration
from desk_app.core.dossier import Applicant, Channel, Component, ReturnMethod
from desk_app.core.errors import ValidationError
from desk_app.core.lifecycle import STATE_LABELS, DossierState, is_terminal
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import NotFound
from desk_app.store.models import Dossier


@dataclass(frozen=True)
class DossierRecord:
    """A dossier as the screens and the CLI show it; times are aware UTC.

    This is a display record: its JSON (`to_json`) may change freely. What travels to the
    server is the typed event of `desk_app.sync.events`, never this.
    """

    code: str
    procedure_code: str
    procedure_name: str
    applicant: Applicant
    channel: Channel
    return_method: ReturnMethod
    sets_count: int
    state: DossierState
    received_at: datetime
    counting_from: datetime
    original_due_at: datetime
    due_at: datetime
    duration: Duration
    fee_vnd: int | None
    fee_text: str  # as the receipt prints it
    fee_note: str
    register_book: str
    register_line: int
    receipt_prints: int
    officer_name: str
    components: tuple[Component, ...]
    lookup_key: str = ""  # the receipt's "Mã tra cứu" (public lookup, with the code)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    def to_json(self) -> dict[str, object]:
        """Plain JSON types; times as ISO 8601 with their UTC offset and in office time."""
        data: dict[str, object] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
                data[f"{key}_local"] = value.astimezone(OFFICE_TZ).isoformat()
            elif key == "applicant":
                data.update(
                    {
                        "applicant_name": self.applicant.name,
                        **{f: getattr(self.applicant, f) for f in _APPLICANT_FIELDS},
                    }
                )
            elif key == "duration":
                data["duration_value"] = self.duration.value
                data["duration_unit"] = self.duration.unit.value
            elif key == "components":
                data[key] = [asdict(c) for c in self.components]
            else:
                data[key] = value
        data["state_label"] = self.state_label
        return data


# Flattened as the first release printed them: "applicant_name", then the other fields.
_APPLICANT_FIELDS = tuple(f.name for f in fields(Applicant) if f.name != "name")


def applicant_of(row: Dossier) -> Applicant:
    return Applicant(
        name=row.applicant_name,
        id_number=row.applicant_id_number,
        phone=row.applicant_phone,
        email=row.applicant_email,
        address=row.applicant_address,
        representative=row.representative,
    )


def components_of(row: Dossier) -> tuple[Component, ...]:
    return tuple(
        Component(
            c.position, c.name, c.original_count, c.copy_count, c.required, c.received, c.kind
        )
        for c in row.components
    )


def to_record(row: Dossier) -> DossierRecord:
    return DossierRecord(
        code=row.code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        applicant=applicant_of(row),
        channel=row.channel,
        return_method=row.return_method,
        sets_count=row.sets_count,
        state=row.state,
        received_at=row.received_at.astimezone(UTC),
        counting_from=row.counting_from.astimezone(UTC),
        original_due_at=row.original_due_at.astimezone(UTC),
        due_at=row.due_at.astimezone(UTC),
        duration=Duration(row.duration_value, row.duration_unit),
        fee_vnd=row.fee_vnd,
        fee_text=row.fee_text,
        fee_note=row.fee_note,
        register_book=row.register_book,
        register_line=row.register_line,
        receipt_prints=row.receipt_prints,
        officer_name=row.officer_name,
        components=components_of(row),
        lookup_key=row.lookup_key,
    )


def find_dossier(session: Session, actor: Actor, code: str) -> Dossier:
    """The actor's office's dossier with ``code``, however a scanner or an officer typed it."""
    try:
        code = str(parse_code(code))
    except ValidationError:
        raise NotFound(code=code) from None
    row = session.scalar(
        select(Dossier)
        .options(selectinload(Dossier.components))
        .where(Dossier.code == code, Dossier.office_id == actor.office.id)
    )
    if row is None:
        raise NotFound(code=code)
    return row


def get_dossier(workspace: Workspace, actor: Actor, code: str) -> DossierRecord:
    with workspace.read() as session:
        return to_record(find_dossier(session, actor, code))


def list_today(workspace: Workspace, actor: Actor) -> list[DossierRecord]:
    """Dossiers the actor's workstation received since local midnight, newest first."""
    today = workspace.now().astimezone(OFFICE_TZ).date()
    local_midnight = datetime.combine(today, time(), OFFICE_TZ)
    with workspace.read() as session:
        rows = session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.components))
            .where(
                Dossier.office_id == actor.office.id,
                Dossier.workstation_id == (actor.workstation.id if actor.workstation else None),
                Dossier.received_at >= local_midnight,
                Dossier.received_at < local_midnight + timedelta(days=1),
            )
            .order_by(Dossier.received_at.desc(), Dossier.code.desc())
        ).all()
        return [to_record(r) for r in rows]


def search_dossiers(
    workspace: Workspace, actor: Actor, text: str, limit: int = 50
) -> list[DossierRecord]:
    """The actor's office's dossiers by code, name (diacritics ignored), ID number or phone:
    `desk_app.services.search.search_dossiers` without filters (kept for older callers)."""
    from desk_app.services import search

    return search.search_dossiers(workspace, actor, text, limit=limit)


def list_due(workspace: Workspace, actor: Actor, limit: int = 500) -> list[DossierRecord]:
    """Unresolved dossiers of the actor's office, the soonest due first (the overdue on top)."""
    open_states = [s for s in DossierState if not is_terminal(s)]
    with workspace.read() as session:
        rows = session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.components))
            .where(Dossier.office_id == actor.office.id, Dossier.state.in_(open_states))
            .order_by(Dossier.due_at, Dossier.code)
            .limit(limit)
        ).all()
        return [to_record(r) for r in rows]
