"""The office's identity over time: what it is called now, and a rename from a given date.

A rename adds an identity; it never edits one (reference §1: names and identifiers are facts
with dates). It starts after the latest identity and after the day of the office's latest
dossier, since anything earlier would change what an issued receipt says the office was called
when it was issued.
"""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import func, select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.office import OfficeIdentity
from desk_app.core.roles import Role
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, OfficeInfo, Workspace, read_office
from desk_app.store.models import Dossier
from desk_app.store.models import OfficeIdentity as OfficeIdentityRow
from desk_app.sync.events import OfficeIdentityAdded


class NotPermitted(DeskError):
    msgid = N_("Chỉ quản trị viên mới được đổi tên, đơn vị hoặc mã định danh của cơ quan.")


def office_identities(workspace: Workspace, actor: Actor) -> OfficeInfo:
    """The office with every identity it has had, oldest first."""
    with workspace.read() as session:
        return read_office(session, actor.office.id)


def rename_office(workspace: Workspace, actor: Actor, identity: OfficeIdentity) -> OfficeInfo:
    """Add ``identity`` from its ``valid_from`` day on, audited and sent like any change."""
    if actor.officer is None or actor.officer.role is not Role.ADMIN:
        raise NotPermitted()
    identity = identity.validated()
    with workspace.write() as session:
        office = read_office(session, actor.office.id)
        latest = session.scalar(
            select(func.max(Dossier.received_at)).where(Dossier.office_id == actor.office.id)
        )
        if latest is not None:
            last_day = latest.astimezone(OFFICE_TZ).date()
            if identity.valid_from <= last_day:
                raise ValidationError(
                    N_(
                        "Tên mới phải áp dụng từ sau ngày {last} (ngày nhận hồ sơ gần nhất): "
                        "hồ sơ đã nhận giữ tên cơ quan của ngày nhận."
                    ),
                    field="valid_from",
                    last=last_day.strftime("%d/%m/%Y"),
                )
        latest_start = max(known.valid_from for known in office.identities)
        if identity.valid_from <= latest_start:
            # Identities follow each other in time: the first one also stands for the days
            # before it, so one slipped in earlier would rename older dossiers.
            raise ValidationError(
                N_("Tên mới phải áp dụng từ sau ngày {day}, ngày bắt đầu của tên gần nhất."),
                field="valid_from",
                day=latest_start.strftime("%d/%m/%Y"),
            )
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
