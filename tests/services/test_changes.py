"""The one change recorder: transition, audit entry and outbox envelope, always in step."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from desk_app.config import MOVED_TO_OFFICE_RULES
from desk_app.core.lifecycle import Action, DossierState
from desk_app.services.changes import Transition, envelope_of, record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.office_rules import MovedKeys
from desk_app.store.audit import verify_chain
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry, Dossier, DossierTransition
from desk_app.sync.events import ReceiptPrinted
from tests.factories import SettableClock, intake_request

BIRTH = "1.001193"


def test_acts_on_a_dossier_are_numbered_linked_and_sent_with_their_officer(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    record = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert actor.officer is not None
    with workspace.write() as session:
        dossier = session.scalars(select(Dossier).where(Dossier.code == record.code)).one()
        clock.advance(hours=2)
        result = Transition(
            dossier, Action.RECORD_RESULT, dossier.state, DossierState.RESULT_READY, clock()
        )
        # Any typed event will do for the recorder; the lifecycle issue brings its own.
        event = ReceiptPrinted(dossier_id=dossier.id, code=dossier.code, print_number=1)
        sent = record_change(
            session,
            workspace,
            actor,
            event,
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
            transition=result,
        )
    with workspace.read() as session:
        acts = session.scalars(
            select(DossierTransition)
            .where(DossierTransition.dossier_id == dossier.id)
            .order_by(DossierTransition.seq)
        ).all()
        stored = session.get_one(Dossier, dossier.id)
        queued = session.get_one(OutboxEvent, sent.event_id)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.seq == sent.audit_seq)).one()
    assert [(a.seq, a.action) for a in acts] == [(1, Action.RECEIVE), (2, Action.RECORD_RESULT)]
    assert acts[1].event_id == sent.event_id and acts[1].officer_name == actor.officer.full_name
    assert acts[1].workstation_id == actor.workstation.id  # type: ignore[union-attr]
    assert stored.state is DossierState.RESULT_READY and stored.resolved_at == clock()
    assert stored.returned_at is None
    # What the server will receive is what the recorder returned, officer included.
    assert envelope_of(queued) == sent
    assert sent.officer is not None and sent.officer.username == actor.officer.username
    assert audit.hash == sent.audit_hash and audit.action == "receipt.printed"


def test_two_workstations_keep_two_audit_chains_in_one_database(
    workspace: Workspace, actor: Actor
) -> None:
    """The server will hold many workstations' chains; each verifies on its own."""
    import uuid

    from desk_app.services.context import WorkstationInfo
    from desk_app.store.models import Workstation

    with workspace.write() as session:
        second = Workstation(
            office_id=actor.office.id, number=2, name="Quầy 2", created_at=workspace.now()
        )
        session.add(second)
        session.flush()
        other = WorkstationInfo(second.id, 2, "Quầy 2")
    at_two = Actor(actor.office, other, actor.officer)
    take_in(workspace, at_two, intake_request(BIRTH, "Người ở quầy 2"))
    take_in(workspace, actor, intake_request(BIRTH, "Người ở quầy 1"))
    with workspace.read() as session:
        for workstation_id, length in ((actor.workstation.id, 3), (other.id, 1)):  # type: ignore[union-attr]
            report = verify_chain(session, workstation_id)
            assert report.ok and report.checked == length
        assert verify_chain(session, uuid.uuid4()).checked == 0


def test_every_moved_settings_key_is_read_by_the_migration() -> None:
    assert set(MovedKeys.model_fields) == set(MOVED_TO_OFFICE_RULES)


def test_a_username_is_unique_within_an_office_not_across_offices(workspace: Workspace) -> None:
    from sqlalchemy.exc import IntegrityError

    from desk_app.core.roles import Role
    from desk_app.store.models import Office, Officer

    now = workspace.now()
    with workspace.write() as session:
        other = Office(created_at=now)
        session.add(other)
        session.flush()
        session.add(
            Officer(
                office_id=other.id,
                username="quantri",
                full_name="Người khác",
                role=Role.ADMIN,
                password_hash="x",
                created_at=now,
            )
        )
    with pytest.raises(IntegrityError), workspace.db.write() as session:
        session.add(
            Officer(
                office_id=other.id,
                username="quantri",
                full_name="Trùng tên",
                role=Role.OFFICER,
                password_hash="x",
                created_at=now,
            )
        )
