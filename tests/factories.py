"""Test data builders: a settable clock, a set-up workstation, intake requests."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.dossier import Applicant

if TYPE_CHECKING:
    from desk_app.services.context import OfficerInfo, Workspace
    from desk_app.services.intake import IntakeRequest
    from desk_app.services.setup import OfficeSetup


ADMIN_PASSWORD = "mat-khau-thu"
AGENCY_ID = "000.00.19.H26"


@dataclass
class SettableClock:
    """An injected clock (conventions.md: inject the clock, never patch time)."""

    current: datetime

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


def office_time(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OFFICE_TZ)


def office_setup(workstation: int = 1, agency_id: str = AGENCY_ID) -> OfficeSetup:
    from desk_app.services.setup import OfficeSetup

    return OfficeSetup(
        office_name="UBND phường Thanh Xuân Trung",
        agency_id=agency_id,
        place="Hà Nội",
        workstation=workstation,
        admin_username="quantri",
        admin_password=ADMIN_PASSWORD,
        admin_full_name="Phạm Thị Hồng",
        # The tests' office works in July 2025, under the 2018 forms and the unit's 2018 name.
        reception_unit="Bộ phận tiếp nhận và trả kết quả",
    )


def account_of(workspace: Workspace, username: str | None = None) -> OfficerInfo:
    """``username``'s account, or the first active administrator, with no proof at all: for
    tests and their child programs only (every real entry point logs in)."""
    from sqlalchemy import select

    from desk_app.core.roles import Role
    from desk_app.services.auth import officer_info
    from desk_app.services.workstation import station_of
    from desk_app.store.models import Officer

    office = station_of(workspace).office
    with workspace.read() as session:
        query = select(Officer).where(Officer.active, Officer.office_id == office.id)
        if username:
            query = query.where(Officer.username == username)
        else:
            query = query.where(Officer.role == Role.ADMIN).order_by(Officer.created_at)
        officer = session.scalars(query.limit(1)).one()
        return officer_info(officer)


def logged_in(home: Path, username: str = "quantri") -> OfficerInfo:
    """Open a session for ``username`` in ``home``, as `desk-app login` would after the
    password (no argon2 check and no audit entry, so every copy of the template is alike).
    It lasts 30 days of real time: the commands read the real clock."""
    from datetime import UTC, datetime, timedelta

    from desk_app.services.session import open_session
    from desk_app.services.workstation import open_workstation

    workspace = open_workstation(home)
    try:
        officer = account_of(workspace, username)
        open_session(workspace, officer, expires_at=datetime.now(UTC) + timedelta(days=30))
        return officer
    finally:
        workspace.close()


def workstation_home(base: Path, number: int = 1) -> Path:
    return base / f"workstation-{number}"


def intake_request(procedure_code: str, name: str, **fields: Any) -> IntakeRequest:
    """An intake request; applicant fields (phone=..., address=...) may be given flat."""
    from desk_app.services.intake import IntakeRequest

    known = {f.name for f in dataclasses.fields(Applicant)}
    applicant = Applicant(name, **{k: fields.pop(k) for k in list(fields) if k in known})
    return IntakeRequest(procedure_code, applicant, **fields)
