"""The district server's administration functions (`desk_app.server.admin`) on a real SQLite
file and a throwaway PostgreSQL database: what the command-line tests
(tests/cli/test_server_admin_cli.py) do not reach through the commands."""

from __future__ import annotations

import os
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from desk_app.core.errors import ValidationError
from desk_app.server import admin
from desk_app.server.district import EnrollmentRefused, enroll
from desk_app.server.schema import DistrictUser, EnrollmentCode, QuarantinedEvent, ServerChange
from desk_app.server.store import open_server_database
from desk_app.services.calendar import bundled_calendar_path
from desk_app.store.db import Database
from desk_app.sync.protocol import EnrollIn
from tests.server.sync_helpers import database_url

pytestmark = pytest.mark.integration

AGENCY = "000.00.19.H26"
OTHER = "000.00.19.H27"
NOW = datetime(2026, 7, 15, 2, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    urls = database_url(request.param, tmp_path)
    opened = open_server_database(next(urls))
    try:
        yield opened
    finally:
        opened.dispose()
        urls.close()


def _enrolled(db: Database, agency: str, workstation: str = "01") -> uuid.UUID:
    """A device enrolled as /api/enroll does it; its id."""
    code = admin.enrollment_code(db, agency, workstation, now=NOW)
    body = EnrollIn(
        code=code,
        office_id=uuid.uuid4(),
        workstation_id=uuid.uuid4(),
        workstation_code=workstation,
        agency_id=agency,
    )
    return enroll(db, body, lambda: NOW + timedelta(minutes=1)).device_id


# --- offices and users -------------------------------------------------------------------------


def test_offices_are_kept_normalised_and_listed_in_order(db: Database) -> None:
    admin.add_office(db, " 000.00.19.h27 ", "  UBND phường Khương Đình ")
    added = admin.add_office(db, AGENCY, "UBND phường Thanh Xuân", "UBND quận Thanh Xuân")
    assert (added.agency_id, added.upper_unit) == (AGENCY, "UBND quận Thanh Xuân")
    listed = admin.list_offices(db)
    assert [(o.agency_id, o.name) for o in listed] == [
        (AGENCY, "UBND phường Thanh Xuân"),
        (OTHER, "UBND phường Khương Đình"),
    ]
    with pytest.raises(admin.OfficeExists):
        admin.add_office(db, OTHER.lower(), "Khác")
    with pytest.raises(admin.EmptyName):
        admin.add_office(db, "000.00.19.H28", "   ")
    with pytest.raises(ValidationError, match="QCVN 102"):
        admin.add_office(db, "H28", "UBND")
    assert len(admin.list_offices(db)) == 2


def test_users_get_an_argon2id_hash_and_checked_names_roles_and_passwords(db: Database) -> None:
    user = admin.add_user(db, " Quản.Trị ", " ADMIN ", "một mật khẩu dài", now=NOW)
    assert (user.username, user.role) == ("quản.trị", "admin")
    with db.read() as session:
        row = session.scalars(select(DistrictUser)).one()
    assert row.password_hash.startswith("$argon2id$")
    assert PasswordHasher().verify(row.password_hash, "một mật khẩu dài")
    with pytest.raises(admin.UserExists):
        admin.add_user(db, "QUẢN.TRỊ", "district", "một mật khẩu khác dài")
    with pytest.raises(admin.BadRole):
        admin.add_user(db, "an", "chief", "một mật khẩu dài")
    for name in ("", "hai từ", "x" * 65):
        with pytest.raises(admin.BadUsername):
            admin.add_user(db, name, "district", "một mật khẩu dài")
    with pytest.raises(admin.EmptyPassword):
        admin.add_user(db, "an", "district", "   ")
    with pytest.raises(admin.WeakPassword):
        admin.add_user(db, "an", "district", "ngắn")
    with db.read() as session:
        assert len(session.scalars(select(DistrictUser)).all()) == 1


# --- enrollment codes --------------------------------------------------------------------------


def test_a_code_is_kept_only_as_its_hash_and_expires_when_it_says(db: Database) -> None:
    admin.add_office(db, AGENCY, "UBND")
    issued = admin.issue_enrollment_code(db, AGENCY.lower(), " 02 ", 3, now=NOW)
    assert (issued.agency_id, issued.workstation_code) == (AGENCY, "02")
    assert issued.expires_at == NOW + timedelta(days=3)
    with db.read() as session:
        (row,) = session.scalars(select(EnrollmentCode)).all()
    assert row.code_hash == admin.hash_code(admin.normalise_code(issued.code))
    assert issued.code not in (row.code_hash, row.workstation_code)
    assert row.expires_at == issued.expires_at and row.used_at is None

    body = EnrollIn(
        code=issued.code,
        office_id=uuid.uuid4(),
        workstation_id=uuid.uuid4(),
        workstation_code="02",
        agency_id=AGENCY,
    )
    with pytest.raises(EnrollmentRefused):  # the moment it expires
        enroll(db, body, lambda: issued.expires_at)
    assert enroll(db, body, lambda: issued.expires_at - timedelta(seconds=1)).agency_id == AGENCY


def test_a_codes_validity_workstation_and_office_are_checked(db: Database) -> None:
    admin.add_office(db, AGENCY, "UBND")
    for days in (0, admin.MAX_CODE_DAYS + 1):
        with pytest.raises(admin.BadValidity):
            admin.enrollment_code(db, AGENCY, "01", days)
    for workstation in ("", "0 1", "máy1", "x" * 17):
        with pytest.raises(admin.BadWorkstation):
            admin.enrollment_code(db, AGENCY, workstation)
    with pytest.raises(admin.UnknownOffice):
        admin.enrollment_code(db, OTHER, "01")
    assert admin.enrollment_code(db, AGENCY, "01", admin.MAX_CODE_DAYS)
    with db.read() as session:
        assert len(session.scalars(select(EnrollmentCode)).all()) == 1


@given(st.text(alphabet="-– .", max_size=3), st.booleans())
def test_a_code_read_aloud_or_typed_loosely_is_the_same_code(noise: str, lower: bool) -> None:
    code = admin.new_code()
    assert len(code.replace("-", "")) == admin.CODE_LENGTH
    assert set(code.replace("-", "")) <= set(admin.CODE_ALPHABET)
    typed = noise + (code.lower() if lower else code).replace("-", noise or "") + noise
    assert admin.normalise_code(typed) == code.replace("-", "")


def test_nothing_or_a_non_letter_is_no_code() -> None:
    for typed in ("", " - ", "ABCD_EFGH", "ĐỒNG-1234"):
        with pytest.raises(ValueError):
            admin.normalise_code(typed)


# --- devices -----------------------------------------------------------------------------------


def test_revoking_by_id_or_code_within_an_office_keeps_the_first_time(db: Database) -> None:
    admin.add_office(db, AGENCY, "UBND A")
    admin.add_office(db, OTHER, "UBND B")
    in_a = _enrolled(db, AGENCY)
    in_b = _enrolled(db, OTHER)
    second_in_a = _enrolled(db, AGENCY, "02")
    with pytest.raises(admin.AmbiguousDevice):
        admin.revoke(db, "01")
    with pytest.raises(admin.UnknownDevice):
        admin.revoke(db, str(uuid.uuid4()))
    with pytest.raises(admin.UnknownDevice):
        admin.revoke(db, "02", agency_id=OTHER)
    with pytest.raises(admin.UnknownOffice):
        admin.revoke(db, "01", agency_id="000.00.19.H99")
    assert admin.revoke(db, " 01 ", agency_id=OTHER.lower(), now=NOW) == in_b
    assert admin.revoke(db, "02", now=NOW) == second_in_a  # one device has that code
    assert admin.revoke(db, str(in_b), now=NOW + timedelta(days=1)) == in_b
    states = {d.id: d.revoked_at for d in admin.list_devices(db)}
    assert states == {in_a: None, in_b: NOW, second_in_a: NOW}


def test_devices_are_listed_by_office_then_workstation_with_their_open_quarantine(
    db: Database,
) -> None:
    admin.add_office(db, OTHER, "UBND B")
    admin.add_office(db, AGENCY, "UBND A")
    b1 = _enrolled(db, OTHER)
    a2 = _enrolled(db, AGENCY, "02")
    a1 = _enrolled(db, AGENCY)
    _quarantined(db, a1, resolved=False)
    _quarantined(db, a1, resolved=True)
    devices = admin.list_devices(db)
    assert [d.id for d in devices] == [a1, a2, b1]
    assert [d.quarantined for d in devices] == [1, 0, 0]
    shown = devices[0].as_json()
    assert shown["device_id"] == str(a1) and shown["office_name"] == "UBND A"
    assert shown["enrolled_at"] == (NOW + timedelta(minutes=1)).isoformat()
    assert shown["revoked_at"] is None and shown["chain"] == "ok"


# --- the quarantine ----------------------------------------------------------------------------


def _quarantined(db: Database, device: uuid.UUID | None, *, resolved: bool) -> uuid.UUID:
    """A quarantine row as push writes one (push's own tests make them by pushing)."""
    event = uuid.uuid4()
    with db.write() as session:
        office = None
        if device is not None:
            from desk_app.server.schema import Device

            found = session.get(Device, device)
            assert found is not None
            office = found.office_id
        session.add(
            QuarantinedEvent(
                id=uuid.uuid4(),
                event_id=event,
                office_id=office,
                device_id=device,
                outcome="rejected",
                reason="unknown_kind",
                detail="",
                content_hash="0" * 64,
                envelope='{"payload": {"applicant": "Nguyễn Văn An"}}',
                quarantined_at=NOW + timedelta(minutes=5 if resolved else 10),
                resolved_at=NOW + timedelta(hours=1) if resolved else None,
            )
        )
    return event


def test_the_quarantine_lists_open_items_or_all_and_never_the_envelope(db: Database) -> None:
    admin.add_office(db, AGENCY, "UBND A")
    device = _enrolled(db, AGENCY)
    done = _quarantined(db, device, resolved=True)
    open_ = _quarantined(db, device, resolved=False)
    orphan = _quarantined(db, None, resolved=False)  # from no known device
    assert {q.event_id for q in admin.list_quarantine(db)} == {open_, orphan}
    everything = admin.list_quarantine(db, include_resolved=True)
    assert everything[0].event_id == done  # oldest first
    assert {q.event_id for q in everything} == {done, open_, orphan}
    by_event = {q.event_id: q.as_json() for q in everything}
    assert by_event[open_]["agency_id"] == AGENCY
    assert by_event[orphan]["agency_id"] is None and by_event[orphan]["device_id"] is None
    assert by_event[done]["resolved_at"] == (NOW + timedelta(hours=1)).isoformat()
    assert all("Nguyễn" not in str(shown) for shown in by_event.values())


# --- publishing --------------------------------------------------------------------------------


def test_publishing_appends_one_change_per_file_for_one_office_or_all(
    db: Database, tmp_path: Path
) -> None:
    a = admin.add_office(db, AGENCY, "UBND A")
    first = admin.publish(db, "calendar", bundled_calendar_path(), now=NOW)
    second = admin.publish(db, "calendar", bundled_calendar_path(), AGENCY.lower(), now=NOW)
    assert second == first + 1
    with db.read() as session:
        rows = session.scalars(select(ServerChange).order_by(ServerChange.seq)).all()
    assert [(r.seq, r.office_id, r.kind) for r in rows] == [
        (first, None, "calendar.published"),
        (second, a.id, "calendar.published"),
    ]
    with pytest.raises(admin.UnknownChangeKind):
        admin.publish(db, "settings", bundled_calendar_path())
    with pytest.raises(admin.UnknownOffice):
        admin.publish(db, "calendar", bundled_calendar_path(), OTHER)
    with pytest.raises(ValidationError):
        admin.publish(db, "calendar", tmp_path / "missing.json")
    with db.read() as session:
        assert len(session.scalars(select(ServerChange)).all()) == 2


# --- backups -----------------------------------------------------------------------------------


def test_a_backup_is_taken_while_the_server_writes_and_is_one_checked_file(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'server' / 'district.sqlite3'}"
    db = open_server_database(url)
    try:
        admin.add_office(db, AGENCY, "UBND A")
        with db.write() as session:  # a writer holds the database while the copy is taken
            from desk_app.server.schema import DistrictOffice

            session.add(DistrictOffice(id=uuid.uuid4(), agency_id=OTHER, name="B", created_at=NOW))
            session.flush()
            copy = admin.backup(url, tmp_path / "copies" / "district.sqlite3")
        assert [o.agency_id for o in admin.list_offices(db)] == [AGENCY, OTHER]
    finally:
        db.dispose()
    assert not list(copy.parent.glob("*.partial")) and not list(copy.parent.glob("*-wal"))
    with sqlite3.connect(copy) as check:
        assert check.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        names = [r[0] for r in check.execute("SELECT agency_id FROM district_office")]
    assert names == [AGENCY]  # what was committed when the copy began
    if os.name == "posix":
        assert copy.stat().st_mode & 0o777 == 0o600


def test_backups_refuse_what_they_cannot_copy(tmp_path: Path, office_template: Path) -> None:
    with pytest.raises(admin.BackupRefused):
        admin.backup("sqlite:///:memory:", tmp_path / "x")
    with pytest.raises(admin.NotAServerDatabase):  # a workstation's database is not the server's
        admin.backup(f"sqlite:///{office_template / 'desk-app.sqlite3'}", tmp_path / "x")
    with pytest.raises(admin.NotAServerDatabase):
        admin.backup(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "x")
    with pytest.raises(admin.UsePgTools, match="pg_dump"):
        admin.backup("postgresql+psycopg://postgres@127.0.0.1/district", tmp_path / "x")
    with pytest.raises(admin.UsePgTools, match="pg_restore"):
        admin.restore(tmp_path / "x", "postgresql+psycopg://postgres@127.0.0.1/district")
    assert not (tmp_path / "x").exists()


def test_a_restore_replaces_the_live_file_and_its_write_ahead_log(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'server' / 'district.sqlite3'}"
    db = open_server_database(url)
    admin.add_office(db, AGENCY, "UBND A")
    copy = admin.backup(url, tmp_path / "copy.sqlite3")
    admin.add_office(db, OTHER, "UBND B")
    db.dispose()
    live = tmp_path / "server" / "district.sqlite3"
    (live.parent / (live.name + "-wal")).write_bytes(b"stale log of the old database")
    admin.restore(copy, url)
    assert not (live.parent / (live.name + "-wal")).exists()
    db = open_server_database(url)
    try:
        assert [o.agency_id for o in admin.list_offices(db)] == [AGENCY]
    finally:
        db.dispose()


def test_a_restored_database_lives_under_a_new_epoch_and_its_copy_keeps_the_old(
    tmp_path: Path,
) -> None:
    """Workstations tell a restored server by its epoch (server.epoch): the restore gives the
    database a new one before it goes live; the backup file itself is left as it was."""
    from desk_app.server.epoch import current_epoch

    url = f"sqlite:///{tmp_path / 'server' / 'district.sqlite3'}"

    def epoch_of(database_url: str) -> str:
        db = open_server_database(database_url)
        try:
            with db.read() as session:
                return current_epoch(session)
        finally:
            db.dispose()

    before = epoch_of(url)
    copy = admin.backup(url, tmp_path / "copy.sqlite3")
    assert epoch_of(url) == before
    admin.restore(copy, url)
    after = epoch_of(url)
    assert after != before and len(after) == 36
    assert epoch_of(f"sqlite:///{copy}") == before
