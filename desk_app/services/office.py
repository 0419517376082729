"""The office's identity over time: what it is called now, and a rename from a given date.

A rename adds an identity; it never edits one (reference §1: names and identifiers are facts
with dates). It may be dated in the past - an office set up today records the names it had
before the 1 July 2025 mergers - but never so that the name printed on a dossier already
received would change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, ValidationError
from desk_app.core.office import OfficeIdentity
from desk_app.core.roles import Act
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficeInfo, Workspace, read_office
from desk_app.services.permissions import require
from desk_app.store.models import Dossier
from desk_app.store.models import OfficeIdentity as OfficeIdentityRow
from desk_app.sync.events import OfficeIdentityAdded


def office_identities(workspace: Workspace, actor: Actor) -> OfficeInfo:
    """The office with every identity it has had, oldest first."""
    with workspace.read() as session:
        return read_office(session, actor.office.id)


def rename_office(workspace: Workspace, actor: Actor, identity: OfficeIdentity) -> OfficeInfo:
    """Add ``identity`` from its ``valid_from`` day on, audited and sent like any change."""
    require(workspace, actor, Act.OFFICE_IDENTITY)
    identity = identity.validated()
    with workspace.write() as session:
        office = read_office(session, actor.office.id)
        starts = sorted(known.valid_from for known in office.identities)
        if identity.valid_from in starts:
            raise ValidationError(
                N_("Cơ quan đã có tên áp dụng từ ngày {day}; hãy chọn ngày khác."),
                field="valid_from",
                day=identity.valid_from.strftime("%d/%m/%Y"),
            )
        _refuse_renaming_received_dossiers(session, actor, identity.valid_from, starts)
        before = office.identity_on(identity.valid_from)
        if replace(before, valid_from=identity.valid_from) == identity:
            raise ValidationError(
                N_("Tên, đơn vị, địa danh và mã định danh không khác tên đang áp dụng."),
                field="office_name",
            )
        session.add(
            OfficeIdentityRow(
                office_id=actor.office.id,
                valid_from=identity.valid_from,
                agency_id=identity.agency_id,
                name=identity.name,
                reception_unit=identity.reception_unit,
                place=identity.place,
                recorded_at=workspace.now(),
            )
        )
        record_change(
            session,
            workspace,
            actor,
            OfficeIdentityAdded(
                valid_from=identity.valid_from,
                agency_id=identity.agency_id,
                name=identity.name,
                reception_unit=identity.reception_unit,
                place=identity.place,
            ),
            entity="office",
            entity_id=str(actor.office.id),
            aggregate_id=actor.office.id,
        )
        session.flush()
        session.expire_all()
        return read_office(session, actor.office.id)


def _refuse_renaming_received_dossiers(
    session: Session, actor: Actor, valid_from: date, starts: list[date]
) -> None:
    """Refuse an identity that would change the name printed on a dossier already received.

    The new identity governs from ``valid_from`` to the next identity's start; one dated
    before every other also stands for the days before it (`core.office.identity_on`).
    """
    later = [start for start in starts if start > valid_from]
    until = later[0] if later else None
    since = None if valid_from < starts[0] else valid_from
    query = select(func.min(Dossier.received_at)).where(Dossier.office_id == actor.office.id)
    if since is not None:
        query = query.where(Dossier.received_at >= _office_midnight(since))
    if until is not None:
        query = query.where(Dossier.received_at < _office_midnight(until))
    first = session.scalar(query)
    if first is not None:
        raise ValidationError(
            N_(
                "Tên mới áp dụng từ ngày {day} sẽ đổi tên cơ quan in trên hồ sơ đã nhận ngày "
                "{received}; hồ sơ đã nhận giữ tên của ngày nhận, hãy chọn ngày áp dụng khác."
            ),
            field="valid_from",
            day=valid_from.strftime("%d/%m/%Y"),
            received=first.astimezone(OFFICE_TZ).strftime("%d/%m/%Y"),
        )


def _office_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=OFFICE_TZ)
