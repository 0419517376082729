"""Pushing to a real district server (uvicorn on 127.0.0.1, SQLite and PostgreSQL): every event
decided once, whatever the replays, the order and the concurrency; conflicts, rejections and
the audit chain's flags."""

from __future__ import annotations

import random
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from sqlalchemy import select, text

from desk_app.core.lifecycle import DossierState
from desk_app.server.schema import QuarantinedEvent
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import record_result, refuse, return_result, transfer
from desk_app.services.workstation import station_of
from desk_app.sync.events import Envelope
from tests.factories import intake_request
from tests.server.sync_helpers import (
    District,
    counts,
    device_row,
    district,
    dossiers,
    enroll,
    forged,
    outbox,
    push_body,
)

__all__ = ["district"]  # the fixture, imported

BIRTH = "1.004873"
AGENCY = "000.00.19.H26"


def _work(workspace: Workspace, actor: Actor) -> list[Envelope]:
    """Three dossiers taken in and moved along at a real workstation: its whole outbox."""
    first = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code
    second = take_in(workspace, actor, intake_request(BIRTH, "Lê Thị Mai")).code
    third = take_in(workspace, actor, intake_request(BIRTH, "Trần Đức")).code
    transfer(workspace, actor, first, unit="Công chức Tư pháp - Hộ tịch")
    record_result(workspace, actor, first, number="12/GKS", signer="Lê B", issuer="UBND")
    return_result(workspace, actor, first)
    transfer(workspace, actor, second, unit="Địa chính")
    refuse(workspace, actor, third, reason="Không thuộc thẩm quyền")
    return outbox(workspace)


def _enrolled(district: District, workspace: Workspace) -> str:
    station = station_of(workspace)
    token, *_ = enroll(district, AGENCY, station.office.id, station.workstation.id)
    return token


def _push(district: District, token: str, events: list[Envelope], **kw: Any) -> dict[str, Any]:
    with district.client(token) as client:
        answer = client.post("/api/sync/push", json=push_body(events, **kw))
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


def _outcomes(answer: dict[str, Any]) -> list[tuple[str, str]]:
    return [(r["outcome"], r["reason"]) for r in answer["results"]]


@pytest.mark.integration
def test_push_projects_dossiers_and_replays_change_nothing(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    first = _push(district, token, events)
    assert {o for o, _ in _outcomes(first)} == {"accepted"}
    assert first["chain"] == "ok"
    shown = dossiers(district.db)
    assert [(row[2], row[6]) for row in shown] == [
        (DossierState.RETURNED, "Nguyễn V** A*"),
        (DossierState.IN_PROGRESS, "Lê T** M**"),
        (DossierState.REFUSED, "Trần Đ**"),
    ]
    returned = shown[0]
    assert returned[4] is not None and returned[5] is not None  # resolved, returned
    before = counts(district.db)
    assert before["received_event"] == len(events)

    rng = random.Random(11)
    for times in range(1, 6):
        for _ in range(times):
            again = _push(district, token, events)
            assert {o for o, _ in _outcomes(again)} == {"duplicate"}
        shuffled = events[:]
        rng.shuffle(shuffled)
        assert {o for o, _ in _outcomes(_push(district, token, shuffled))} == {"duplicate"}
    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: _push(district, token, events), range(6)))
    assert all({o for o, _ in _outcomes(a)} == {"duplicate"} for a in answers)
    assert counts(district.db) == before
    assert dossiers(district.db) == shown
    assert device_row(district.db, station_of(workspace).workstation.id).chain == "ok"


@pytest.mark.integration
def test_concurrent_first_pushes_give_one_acceptance_each(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    with ThreadPoolExecutor(5) as pool:
        answers = list(pool.map(lambda _: _push(district, token, events), range(5)))
    for index in range(len(events)):
        outcomes = sorted(a["results"][index]["outcome"] for a in answers)
        assert outcomes == ["accepted"] + ["duplicate"] * 4
    assert counts(district.db)["received_event"] == len(events)
    assert len(dossiers(district.db)) == 3


@pytest.mark.integration
def test_acts_before_their_dossier_are_kept_and_applied_when_it_comes(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    in_order = _push(district, token, events)
    expected = dossiers(district.db)
    assert in_order["chain"] == "ok"

    # The server forgets them and gets them again, the latest first, one at a time.
    with district.db.write() as session:
        for table in ("district_dossier", "received_event"):
            session.execute(text(f"DELETE FROM {table}"))
    for envelope in reversed(events):
        assert _outcomes(_push(district, token, [envelope], head=(0, ""))) != []
    assert counts(district.db)["received_event"] == len(events)
    assert [row[:6] for row in dossiers(district.db)] == [row[:6] for row in expected]


@pytest.mark.integration
def test_same_id_other_content_is_a_conflict_and_writes_nothing(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    _push(district, token, events)
    before, shown = counts(district.db), dossiers(district.db)
    received = events[[e.kind for e in events].index("dossier.received")]
    changed = forged(received, payload={"code": "X-000001"})
    answer = _push(district, token, [changed])
    assert _outcomes(answer) == [("conflict", "content_differs")]
    after = counts(district.db)
    assert after["received_event"] == before["received_event"]
    assert after["quarantined_event"] == before["quarantined_event"] + 1
    assert dossiers(district.db) == shown
    # Pushed again: the same answer, no second quarantine row.
    assert _outcomes(_push(district, token, [changed])) == [("conflict", "content_differs")]
    assert counts(district.db)["quarantined_event"] == after["quarantined_event"]


@pytest.mark.integration
def test_unknown_kind_and_bad_payload_are_rejected_and_kept(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    last = events[-1]
    unknown = forged(
        last,
        event_id=uuid.uuid4(),
        kind="dossier.teleported",
        workstation_seq=(last.workstation_seq or 0) + 1,
        audit_seq=last.audit_seq + 1,
    )
    bad = forged(
        last,
        event_id=uuid.uuid4(),
        workstation_seq=(last.workstation_seq or 0) + 2,
        audit_seq=last.audit_seq + 2,
        payload={"state": "teleported"},
    )
    answer = _push(district, token, [*events, unknown, bad])
    assert _outcomes(answer)[-2:] == [("rejected", "unknown_kind"), ("rejected", "invalid_payload")]
    assert answer["chain"] == "ok"  # rejected events keep their place in the chain
    assert _outcomes(_push(district, token, [unknown]))[0] == ("rejected", "unknown_kind")
    with district.db.read() as session:
        kept = session.scalars(select(QuarantinedEvent.reason)).all()
    assert sorted(kept) == ["invalid_payload", "unknown_kind"]
    assert counts(district.db)["received_event"] == len(events)


@pytest.mark.integration
def test_another_offices_envelope_is_rejected(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    foreign = [forged(e, office_id=uuid.uuid4()) for e in events[:2]]
    answer = _push(district, token, foreign)
    assert _outcomes(answer) == [("rejected", "not_this_device")] * 2
    assert counts(district.db)["received_event"] == 0
    assert dossiers(district.db) == []


@pytest.mark.integration
def test_a_code_taken_at_another_workstation_is_quarantined_never_renumbered(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    _push(district, token, events)
    received = next(e for e in events if e.kind == "dossier.received")
    other_token, _, other_office, other_station = enroll(district, "000.00.19.H27")
    copy = forged(
        received,
        event_id=uuid.uuid4(),
        office_id=other_office,
        workstation_id=other_station,
        workstation_seq=1,
        audit_seq=1,
        payload={"dossier_id": str(uuid.uuid4())},
    )
    answer = _push(district, other_token, [copy])
    assert _outcomes(answer) == [("rejected", "code_taken")]
    assert len(dossiers(district.db)) == 3
    assert "code_taken" in device_row(district.db, other_station).chain_detail


@pytest.mark.integration
def test_chain_gap_fork_and_rewrite_are_flagged(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    station = station_of(workspace).workstation.id
    answer = _push(district, token, events[:3])
    assert answer["chain"] == "ok"
    # The next batch starts two entries further on: the server never saw the ones between.
    answer = _push(district, token, events[5:7])
    assert answer["chain"] == "gap"
    assert "gap" in device_row(district.db, station).chain_detail

    token2, _, office2, station2 = enroll(district, "000.00.19.H28")
    mine = [forged(e, office_id=office2, workstation_id=station2) for e in events[:3]]
    assert _push(district, token2, mine)["chain"] == "ok"
    # Seq 3 again, with another hash (and another event): a fork.
    forked = forged(mine[2], event_id=uuid.uuid4(), workstation_seq=99, audit_hash="f" * 64)
    assert _push(district, token2, [forked])["chain"] == "fork"

    token3, _, office3, station3 = enroll(district, "000.00.19.H29")
    theirs = [forged(e, office_id=office3, workstation_id=station3) for e in events[:3]]
    assert _push(district, token3, theirs)["chain"] == "ok"
    # A head behind what the server holds: the chain was cut back.
    assert _push(district, token3, [], head=(1, theirs[0].audit_hash))["chain"] == "rewritten"
    row = device_row(district.db, station3)
    assert (row.audit_seq, row.chain) == (1, "rewritten")


@pytest.mark.integration
def test_push_records_the_devices_health(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    station = station_of(workspace).workstation.id
    # The first two of a backlog: what still waits after them is on the devices page.
    first = push_body(events[:2]) | {"waiting": len(events)}
    with district.client(token) as client:
        assert client.post("/api/sync/push", json=first).status_code == 200
    row = device_row(district.db, station)
    assert row.waiting == len(events) - 2 and row.oldest_waiting_at is not None
    # The rest: the outbox drained, nothing shown waiting (no further push needed to say so).
    _push(district, token, events[2:])
    row = device_row(district.db, station)
    assert (row.waiting, row.oldest_waiting_at) == (0, None)
    assert row.last_push_at is not None and row.last_seen_at is not None
    assert (row.audit_seq, row.audit_hash) == (events[-1].audit_seq, events[-1].audit_hash)
    assert abs(row.clock_skew_s) < 60


@pytest.mark.integration
def test_another_wards_device_cannot_move_this_wards_dossier(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    _push(district, token, events)
    before = dossiers(district.db)
    in_progress = next(row for row in before if row[2] is DossierState.IN_PROGRESS)
    refusal = next(e for e in events if e.kind == "dossier.refused")

    # Ward B's device sends a refusal naming ward A's dossier in progress, in its own chain:
    # first alone (the event-by-event path), then beside a dossier of its own (the batch one).
    token_b, _, office_b, station_b = enroll(district, "000.00.19.H28")
    forged_refusal = forged(
        refusal,
        event_id=uuid.uuid4(),
        office_id=office_b,
        workstation_id=station_b,
        workstation_seq=1,
        audit_seq=1,
        payload={"dossier_id": str(in_progress[0]), "code": in_progress[1]},
    )
    _push(district, token_b, [forged_refusal])
    assert dossiers(district.db) == before
    own = forged(
        next(e for e in events if e.kind == "dossier.received"),
        event_id=uuid.uuid4(),
        office_id=office_b,
        workstation_id=station_b,
        workstation_seq=2,
        audit_seq=2,
        payload={"dossier_id": str(uuid.uuid4()), "code": "000.00.19.H28-260101-0001"},
    )
    again = forged(forged_refusal, event_id=uuid.uuid4(), workstation_seq=3, audit_seq=3)
    answer = _push(district, token_b, [own, again])
    assert [o for o, _ in _outcomes(answer)] == ["accepted", "accepted"]
    after = dossiers(district.db)
    assert len(after) == len(before) + 1  # ward B's own dossier, and nothing else changed
    ward_a = {row[0]: row for row in after if row[1] != own.payload["code"]}
    assert ward_a == {row[0]: row for row in before}


@pytest.mark.integration
def test_the_largest_sequence_numbers_are_answered_not_a_server_error(
    district: District, workspace: Workspace, actor: Actor
) -> None:
    from desk_app.sync.events import MAX_SEQ

    events = _work(workspace, actor)
    token = _enrolled(district, workspace)
    far = forged(events[0], workstation_seq=MAX_SEQ, audit_seq=MAX_SEQ)
    body = push_body([far]) | {"waiting": MAX_SEQ}
    with district.client(token) as client:
        answer = client.post("/api/sync/push", json=body)
        assert answer.status_code == 200, answer.text  # PostgreSQL's integer columns hold it
        assert answer.json()["chain"] == "gap"
        beyond = push_body([forged(far, workstation_seq=MAX_SEQ + 1)])
        refused = client.post("/api/sync/push", json=beyond)
        assert refused.status_code == 422 and "workstation_seq" in refused.text
