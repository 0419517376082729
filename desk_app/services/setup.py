"""First set-up of a workstation: data folder, schema, office, workstation, admin, catalogue."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from desk_app.config import load_settings
from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.codes import validate_workstation
from desk_app.core.dossier import Applicant
from desk_app.core.office import OfficeIdentity, default_reception_unit
from desk_app.core.officers import check_full_name, check_username
from desk_app.core.roles import Role
from desk_app.core.rules import CountingMethod, OfficeRules
from desk_app.home import private_file, private_folder
from desk_app.services.audit_key import create_key, key_file, mac_from_seal
from desk_app.services.auth import hash_password, login
from desk_app.services.catalogue import upsert_specs
from desk_app.services.catalogue_files import (
    ProcedureSpec,
    bundled_catalogue_path,
    load_catalogue,
)
from desk_app.services.changes import record_change
from desk_app.services.context import (
    Actor,
    Clock,
    Workspace,
    WorkstationInfo,
    office_info,
    utc_now,
)
from desk_app.services.errors import AlreadyInitialised, storage_errors
from desk_app.services.intake import IntakeRequest, take_in
from desk_app.services.office_rules import write_rules
from desk_app.services.queue import add_default_areas
from desk_app.services.recovery import new_code
from desk_app.services.workstation import (
    database_file,
    is_initialised,
    open_workstation,
    require_local_folder,
    station_of,
)
from desk_app.store.db import Database, sqlite_url
from desk_app.store.local import LocalIdentity
from desk_app.store.migrate import upgrade_to_head
from desk_app.store.models import Office, Officer, Workstation
from desk_app.store.models import OfficeIdentity as OfficeIdentityRow
from desk_app.store.types import new_id
from desk_app.sync.events import WorkstationInitialised

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OfficeSetup:
    office_name: str
    agency_id: str
    place: str
    workstation: int
    admin_username: str
    admin_password: str
    admin_full_name: str  # signs the receipts the administrator takes in
    reception_unit: str = ""  # "" = the centre's name made from the office's
    counting_method: CountingMethod = CountingMethod.WORKING_HOURS

    def identity(self, valid_from: date) -> OfficeIdentity:
        return OfficeIdentity(
            valid_from,
            self.agency_id,
            self.office_name,
            self.reception_unit or default_reception_unit(self.office_name),
            self.place,
        ).validated()


def _check(setup: OfficeSetup) -> OfficeSetup:
    identity = setup.identity(date.today())
    username = check_username(setup.admin_username)
    full_name = check_full_name(setup.admin_full_name, username)
    return OfficeSetup(
        office_name=identity.name,
        agency_id=identity.agency_id,
        place=identity.place,
        workstation=validate_workstation(setup.workstation),
        admin_username=username,
        admin_password=setup.admin_password,
        admin_full_name=full_name,
        reception_unit=identity.reception_unit,
        counting_method=CountingMethod(setup.counting_method),
    )


def initialise(home: Path, setup: OfficeSetup, *, now: Clock = utc_now) -> str:
    """Create the data folder and database and enrol this workstation. Refuses to run twice.

    Returns the administrator's one-time recovery code (`services.recovery`), to be shown
    once: the database keeps only its hash.
    """
    require_local_folder(home)
    setup = _check(setup)
    password_hash = hash_password(setup.admin_password, setup.admin_username)
    recovery_code, recovery_hash = new_code()
    specs = load_catalogue(bundled_catalogue_path())
    if is_initialised(home):
        raise AlreadyInitialised(home=str(home))
    with storage_errors():
        private_folder(home)  # issue 8, item 4: 0700, its files 0600 (POSIX)
        # Built under another name and renamed once complete: a set-up that fails half way
        # (disk full, closed window) leaves no file that looks initialised, and can be rerun.
        partial = database_file(home).with_suffix(".partial")
        _remove_sqlite_files(partial)
        # Issue 8, item 3: the audit key, remade on a rerun (no entry was kept under the old).
        audit_key = create_key(home)
        private_file(partial)  # SQLite gives the -wal and -shm files the database's mode
        db = Database.open(sqlite_url(partial))
        try:
            upgrade_to_head(db.engine)
            workspace = Workspace(db=db, settings=load_settings(), now=now, audit_key=audit_key)
            _enrol(workspace, setup, password_hash, recovery_hash, specs)
        except BaseException:
            db.dispose()
            _remove_sqlite_files(partial)
            key_file(home).unlink(missing_ok=True)
            raise
        db.dispose()  # the last connection closing checkpoints and removes the WAL
        partial.replace(database_file(home))
    log.info("initialised workstation %s of %s in %s", setup.workstation, setup.agency_id, home)
    return recovery_code


def _enrol(
    workspace: Workspace,
    setup: OfficeSetup,
    password_hash: str,
    recovery_hash: str,
    specs: list[ProcedureSpec],
) -> None:
    """Office, its rules, this workstation, the administrator and the catalogue, audited."""
    moment = workspace.now()
    with workspace.write() as session:
        identity = setup.identity(moment.astimezone(OFFICE_TZ).date())
        office = Office(
            id=new_id(),
            created_at=moment,
            identities=[
                OfficeIdentityRow(
                    valid_from=identity.valid_from,
                    agency_id=identity.agency_id,
                    name=identity.name,
                    reception_unit=identity.reception_unit,
                    place=identity.place,
                    recorded_at=moment,
                )
            ],
        )
        station = Workstation(
            id=new_id(),
            office_id=office.id,
            number=setup.workstation,
            name=f"Quầy {setup.workstation}",
            created_at=moment,
        )
        session.add(office)
        session.flush()
        session.add(station)
        session.flush()
        add_default_areas(session, office.id)  # issue 9: A Chứng thực, B Hộ tịch, C Trả kết quả
        # Every entry of a new workstation carries a MAC (the key was made just before).
        assert workspace.audit_key is not None
        session.add(
            LocalIdentity(
                office_id=office.id,
                workstation_id=station.id,
                audit_mac_from_seq=1,
                audit_mac_seal=mac_from_seal(workspace.audit_key, station.id, 1),
                recovery_code_hash=recovery_hash,
            )
        )
        session.add(
            Officer(
                office_id=office.id,
                username=setup.admin_username,
                full_name=setup.admin_full_name,
                role=Role.ADMIN,
                password_hash=password_hash,
                created_at=moment,
            )
        )
        upsert_specs(session, specs, now_utc=moment)
        actor = Actor(
            office_info(office), WorkstationInfo(station.id, station.number, station.name)
        )
        record_change(
            session,
            workspace,
            actor,
            WorkstationInitialised(
                agency_id=setup.agency_id,
                office_name=setup.office_name,
                reception_unit=setup.reception_unit,
                place=setup.place,
                workstation_number=setup.workstation,
                admin_username=setup.admin_username,
                procedures=len(specs),
            ),
            entity="office",
            entity_id=setup.agency_id,
            aggregate_id=office.id,
        )
        # The default rules, sent like any later change, so the server knows them too.
        rules = OfficeRules(counting_method=setup.counting_method)
        write_rules(session, workspace, actor, rules, "setup")


def _remove_sqlite_files(db_file: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        db_file.with_name(db_file.name + suffix).unlink(missing_ok=True)


# Today's names (reference §1: phường Thanh Xuân Trung became part of phường Thanh Xuân on
# 1 July 2025, Nghị quyết 1656/NQ-UBTVQH15).
DEMO_SETUP = OfficeSetup(
    office_name="UBND phường Thanh Xuân",
    agency_id="000.00.19.H26",
    place="Hà Nội",
    workstation=1,
    admin_username="demo",
    admin_password="demo-12345",
    admin_full_name="Nguyễn Thị Demo",
)

_DEMO_APPLICANTS = (
    ("Nguyễn Văn An", "001090123456", "0912345678", "Số 12 ngõ 34 Nguyễn Huy Tưởng, Hà Nội"),
    ("Trần Thị Bích Ngọc", "001185004321", "0987654321", "Số 5 Vũ Trọng Phụng, Hà Nội"),
    ("Lê Đức Minh", "001201007777", "", "Tổ 9, phường Thanh Xuân, Hà Nội"),
)


def initialise_demo(home: Path, *, now: Clock = utc_now) -> OfficeSetup:
    """A demo office with a few sample dossiers, so a new user can try every screen."""
    initialise(home, DEMO_SETUP, now=now)
    workspace = open_workstation(home, now=now)
    try:
        officer = login(workspace, DEMO_SETUP.admin_username, DEMO_SETUP.admin_password)
        actor = Actor.at_station(station_of(workspace), officer)
        codes = [p.code for p in load_catalogue(bundled_catalogue_path())[:3]]
        for minutes, (code, (name, id_number, phone, address)) in enumerate(
            zip(codes, _DEMO_APPLICANTS, strict=True)
        ):
            take_in(
                workspace,
                actor,
                IntakeRequest(
                    procedure_code=code,
                    applicant=Applicant(name, id_number=id_number, phone=phone, address=address),
                    received_at=now() - timedelta(minutes=30 - 10 * minutes),
                ),
            )
    finally:
        workspace.close()
    return DEMO_SETUP
