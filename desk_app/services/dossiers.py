"""Reading dossiers back: one by code, today's at this workstation, search by name or ID."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.codes import parse_code
from desk_app.core.errors import ValidationError
from desk_app.core.lifecycle import STATE_LABELS, DossierState, is_terminal
from desk_app.core.text import fold
from desk_app.services.desk import Desk
from desk_app.services.errors import NotFound
from desk_app.store.models import Dossier


@dataclass(frozen=True)
class ComponentRecord:
    position: int
    name: str
    original_count: int
    copy_count: int
    required: bool
    received: bool


@dataclass(frozen=True)
class DossierRecord:
    """A dossier as the screens and the CLI show it; times are aware UTC."""

    code: str
    procedure_code: str
    procedure_name: str
    applicant_name: str
    id_number: str
    phone: str
    email: str
    address: str
    representative: str
    channel: str
    state: DossierState
    received_at: datetime
    counting_from: datetime
    original_due_at: datetime
    due_at: datetime
    duration_value: int
    duration_unit: str
    fee_vnd: int | None
    fee_note: str
    register_book: str
    register_line: int
    receipt_prints: int
    components: tuple[ComponentRecord, ...]

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
            elif key == "components":
                data[key] = [c.__dict__ for c in self.components]
            else:
                data[key] = str(value) if key == "state" else value
        data["state_label"] = self.state_label
        return data


def to_record(row: Dossier) -> DossierRecord:
    return DossierRecord(
        code=row.code,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        applicant_name=row.applicant_name,
        id_number=row.applicant_id_number,
        phone=row.applicant_phone,
        email=row.applicant_email,
        address=row.applicant_address,
        representative=row.representative,
        channel=row.channel,
        state=DossierState(row.state),
        received_at=row.received_at.astimezone(UTC),
        counting_from=row.counting_from.astimezone(UTC),
        original_due_at=row.original_due_at.astimezone(UTC),
        due_at=row.due_at.astimezone(UTC),
        duration_value=row.duration_value,
        duration_unit=row.duration_unit,
        fee_vnd=row.fee_vnd,
        fee_note=row.fee_note,
        register_book=row.register_book,
        register_line=row.register_line,
        receipt_prints=row.receipt_prints,
        components=tuple(
            ComponentRecord(
                c.position, c.name, c.original_count, c.copy_count, c.required, c.received
            )
            for c in row.components
        ),
    )


def find_dossier(session: Session, code: str) -> Dossier:
    """The dossier with ``code``, however a scanner or an officer typed it (case, spaces)."""
    try:
        code = str(parse_code(code))
    except ValidationError:
        raise NotFound(code=code) from None
    row = session.scalar(
        select(Dossier).options(selectinload(Dossier.components)).where(Dossier.code == code)
    )
    if row is None:
        raise NotFound(code=code)
    return row


def get_dossier(desk: Desk, code: str) -> DossierRecord:
    with desk.db.read() as session:
        return to_record(find_dossier(session, code))


def list_today(desk: Desk) -> list[DossierRecord]:
    """Dossiers this workstation received since local midnight, newest first."""
    local_midnight = datetime.combine(desk.now().astimezone(OFFICE_TZ).date(), time(), OFFICE_TZ)
    with desk.db.read() as session:
        rows = session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.components))
            .where(
                Dossier.workstation_id == desk.workstation.id,
                Dossier.received_at >= local_midnight,
                Dossier.received_at < local_midnight + timedelta(days=1),
            )
            .order_by(Dossier.received_at.desc(), Dossier.code.desc())
        ).all()
        return [to_record(r) for r in rows]


def search_dossiers(desk: Desk, text: str, limit: int = 50) -> list[DossierRecord]:
    """By code, ID number, or applicant name with diacritics ignored."""
    term = text.strip()
    folded = fold(term)
    with desk.db.read() as session:
        rows = session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.components))
            .where(
                or_(
                    Dossier.code.contains(term, autoescape=True),
                    Dossier.applicant_id_number == term,
                    Dossier.applicant_name_folded.contains(folded, autoescape=True),
                )
            )
            .order_by(Dossier.received_at.desc())
            .limit(limit)
        ).all()
        return [to_record(r) for r in rows]


def list_due(desk: Desk, limit: int = 500) -> list[DossierRecord]:
    """Unresolved dossiers of this office, the soonest due first (the overdue on top)."""
    open_states = [s.value for s in DossierState if not is_terminal(s)]
    with desk.db.read() as session:
        rows = session.scalars(
            select(Dossier)
            .options(selectinload(Dossier.components))
            .where(Dossier.office_id == desk.office.id, Dossier.state.in_(open_states))
            .order_by(Dossier.due_at, Dossier.code)
            .limit(limit)
        ).all()
        return [to_record(r) for r in rows]
