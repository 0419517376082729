"""A database made by the first release (0.1.0) upgrades with nothing lost.

The file under data/ was written by desk-app 0.1.0 itself (data/make_release_0_1_0.py): a
demo office, eight dossiers over two days, a receipt printed and reprinted. Opening it with
this release must back it up, migrate it, keep every dossier and audit entry, keep the audit
chain verifying, and move every waiting outbox event forward into the typed shape.
"""

from __future__ import annotations

import shutil
import sqlite3
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from desk_app.core.codes import is_lookup_key
from desk_app.core.dossier import Applicant
from desk_app.services.auth import login
from desk_app.services.context import Actor
from desk_app.services.dossiers import list_due
from desk_app.services.intake import IntakeRequest, take_in
from desk_app.services.receipts import receipt_pdf
from desk_app.services.workstation import database_file, open_workstation, station_of
from desk_app.store.audit import verify_chain
from desk_app.store.local import OutboxEvent
from desk_app.store.models import DossierTransition
from desk_app.sync.events import DossierReceived
from tests.factories import SettableClock, office_time

RELEASE_DB = Path(__file__).with_name("data") / "release-0.1.0.sqlite3"
COMPONENTS = (
    "SELECT d.code, c.position, c.name, c.received FROM dossier_component c "
    "JOIN dossier d ON d.id = c.dossier_id ORDER BY d.code, c.position"
)
TRANSITIONS = (
    "SELECT d.code, t.action, t.to_state, t.at FROM dossier_transition t "
    "JOIN dossier d ON d.id = t.dossier_id ORDER BY d.code, t.at"
)


def _rows(db_file: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db_file) as connection:
        return connection.execute(sql).fetchall()


@pytest.fixture
def old_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(RELEASE_DB, database_file(home))
    return home


def test_release_database_upgrades_with_nothing_lost(old_home: Path) -> None:
    db_file = database_file(old_home)
    dossiers_before = _rows(
        db_file,
        "SELECT code, applicant_name, applicant_id_number, due_at, state, receipt_prints "
        "FROM dossier ORDER BY code",
    )
    audit_before = _rows(db_file, "SELECT seq, hash, payload FROM audit_entry ORDER BY seq")
    components_before = _rows(db_file, COMPONENTS)
    transitions_before = _rows(db_file, TRANSITIONS)
    assert len(components_before) > 8 and len(transitions_before) == 8
    outbox_before = _rows(db_file, "SELECT id FROM outbox_event ORDER BY seq")
    assert len(dossiers_before) == 8 and len(outbox_before) == 8

    clock = SettableClock(office_time(2025, 7, 17, 9, 0))
    workspace = open_workstation(old_home, now=clock)
    try:
        # A backup of the old file was taken first, and it is the old file, untouched.
        (backup,) = (old_home / "backups").iterdir()
        assert _rows(backup, "SELECT code FROM dossier ORDER BY code") == [
            (row[0],) for row in dossiers_before
        ]
        after = _rows(
            db_file,
            "SELECT code, applicant_name, applicant_id_number, due_at, state, receipt_prints "
            "FROM dossier ORDER BY code",
        )
        assert after == dossiers_before
        assert _rows(db_file, COMPONENTS) == components_before
        assert _rows(db_file, TRANSITIONS) == transitions_before
        # The old entries are untouched; new ones say the audit key was made (its MACs start
        # there) and the bundled catalogue was re-applied.
        audit_after = _rows(
            db_file, "SELECT seq, hash, payload, action FROM audit_entry ORDER BY seq"
        )
        assert [row[:3] for row in audit_after[: len(audit_before)]] == audit_before
        added = [row[3] for row in audit_after[len(audit_before) :]]
        assert added == ["audit.key_made", "catalogue.imported"]
        station = station_of(workspace)
        with workspace.db.read() as session:
            assert verify_chain(session, station.workstation.id).ok
            events = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
            first_acts = session.scalars(
                select(DossierTransition).where(DossierTransition.seq == 1)
            ).all()
        # Every waiting event is still there, with its id, now typed and enveloped.
        received_events = [e for e in events if e.kind == "dossier.received"]
        assert [(e.id.hex,) for e in received_events] == [(row[0],) for row in outbox_before]
        assert [e.kind for e in events[len(received_events) :]] == added
        events = received_events
        keys = {str(i): str(k) for i, k in _rows(db_file, "SELECT id, lookup_key FROM dossier")}
        assert len(set(keys.values())) == 8 and all(is_lookup_key(k) for k in keys.values())
        for event in events:
            # 0003 made them version 3, 0009 version 4 with the key the dossier got there.
            assert (event.kind, event.schema_version) == ("dossier.received", 4)
            received = DossierReceived.model_validate_json(event.payload)
            assert received.dossier_id == event.aggregate_id
            assert received.lookup_key == keys[event.aggregate_id.hex]
            assert all(c.kind == "submitted" for c in received.components)
            assert received.fee_text  # the fee line the receipt prints, never empty
            assert event.workstation_id == station.workstation.id
        assert {t.event_id for t in first_acts} == {e.id for e in events}
        assert all(t.officer_name == "Nguyễn Thị Demo" for t in first_acts)

        # And the workstation goes on: the next serial, the next register line, a reprint.
        officer = login(workspace, "demo", "demo-1234")
        actor = Actor.at_station(station, officer)
        assert len(list_due(workspace, actor)) == 8
        record = take_in(workspace, actor, IntakeRequest("1.001193", Applicant("Sau nâng cấp")))
        assert record.code == "000.00.19.H26-250717-1001"
        reprint = receipt_pdf(workspace, actor, "000.00.19.H26-250715-1004")
        # The office's name moved into its first identity and still heads the receipt.
        first_page = " ".join(PdfReader(BytesIO(reprint)).pages[0].extract_text().split())
        assert "UBND PHƯỜNG THANH XUÂN TRUNG" in first_page
        # The original receipt had no lookup key; the reprint carries the one 0009 gave it.
        ((key,),) = _rows(db_file, "SELECT lookup_key FROM dossier WHERE code LIKE '%-1004'")
        assert f"Mã hồ sơ: 000.00.19.H26-250715-1004 Mã tra cứu: {key}" in first_page
        assert is_lookup_key(record.lookup_key) and record.lookup_key not in keys.values()
        with workspace.db.read() as session:
            assert verify_chain(session, station.workstation.id).ok
    finally:
        workspace.close()


def test_an_upgraded_workstation_takes_the_corrected_bundled_catalogue(old_home: Path) -> None:
    """The first release's catalogue had no fee rules nor shown papers, and offered 1.010010:
    after the upgrade the bundled procedures are the current ones, and a receipt says so."""
    from desk_app.core.fees import FeeBasis
    from desk_app.services.catalogue import list_procedures

    clock = SettableClock(office_time(2025, 7, 17, 9, 0))
    workspace = open_workstation(old_home, now=clock)
    try:
        offered = {p.code: p for p in list_procedures(workspace, on=clock().date())}
        assert "1.010010" not in offered  # an act on a dossier, not a procedure
        certified = offered["2.000815"]
        assert certified.fee_rule.basis is FeeBasis.PER_PAGE
        assert any(c.shown_only for c in offered["1.001193"].components)
        assert offered["1.010041"].duration.value == 1  # was 4 hours
        # The old dossiers' fee lines never state a rate as the amount owed.
        assert {row[0] for row in _rows(database_file(old_home), FEES)} <= {
            "Theo quy định",
            "Miễn lệ phí",
        }
        officer = login(workspace, "demo", "demo-1234")
        actor = Actor.at_station(station_of(workspace), officer)
        record = take_in(
            workspace,
            actor,
            IntakeRequest("2.000815", Applicant("Sau nâng cấp"), pages=3, copies=1),
        )
        text = " ".join(
            PdfReader(BytesIO(receipt_pdf(workspace, actor, record.code)))
            .pages[0]
            .extract_text()
            .split()
        )
        assert "Phí, lệ phí: 5.000 đồng" in text
    finally:
        workspace.close()


FEES = "SELECT DISTINCT fee_text FROM dossier"


def test_a_developer_can_go_back_to_0001_and_forward_again(old_home: Path) -> None:
    """Downgrading a populated file restores 0001's schema; with events waiting it is refused
    and nothing changes, since 0001 could not send them."""
    from desk_app.store.db import make_engine, sqlite_url
    from desk_app.store.migrate import SCHEMA_HEAD, current_revision, downgrade_to, upgrade_to_head

    db_file = database_file(old_home)
    engine = make_engine(sqlite_url(db_file))
    try:
        upgrade_to_head(engine)
        with pytest.raises(RuntimeError, match="outbox_event holds events"):
            downgrade_to(engine, "0001")
        assert current_revision(engine) == SCHEMA_HEAD
        with sqlite3.connect(db_file) as connection:
            connection.execute("DELETE FROM outbox_event")  # a developer's scratch copy
        before = _rows(db_file, COMPONENTS)
        downgrade_to(engine, "0001")
        assert current_revision(engine) == "0001"
        columns = {row[1]: row[3] for row in _rows(db_file, "PRAGMA table_info(dossier)")}
        assert "officer_name" not in columns and columns["officer_id"] == 1  # NOT NULL again
        assert upgrade_to_head(engine) is True
        assert _rows(db_file, COMPONENTS) == before
    finally:
        engine.dispose()
