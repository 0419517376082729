"""The office queue hub on loopback: counters, kiosk and display as separate clients of a real
uvicorn serving a copy of the set-up workstation (issue 9, item 6)."""

from __future__ import annotations

import os
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from desk_app.core.queue import PriorityKind, TicketActRefused, TicketSource, TicketState
from desk_app.core.roles import Role
from desk_app.i18n import message
from desk_app.server.hub import ActorIn, Hub, OfficerRequired, key_file, load_or_create_key
from desk_app.services.audit import verify_audit
from desk_app.services.context import Actor
from desk_app.services.queue import QueueEmpty, UnknownArea, local_queue
from desk_app.services.queue_hub import HubKeyRefused, HubUnreachable
from desk_app.services.workstation import station_of
from tests.factories import account_of
from tests.server.running import RunningHub, copy_of, counter_actor, kiosk_actor

pytestmark = pytest.mark.integration


@pytest.fixture
def hub(office_template: Path, tmp_path: Path) -> Iterator[RunningHub]:
    running = RunningHub(copy_of(office_template, tmp_path / "hub")).start()
    yield running
    running.close()


def test_a_ticket_issued_at_the_kiosk_is_called_at_another_counter_and_shown_on_the_board(
    hub: RunningHub,
) -> None:
    with hub.client() as kiosk, hub.client() as counter, hub.client() as display:
        first = kiosk.issue(kiosk_actor(hub), "A", source=TicketSource.KIOSK)
        elderly = kiosk.issue(kiosk_actor(hub), "a", priority=PriorityKind.ELDERLY)
        other = kiosk.issue(kiosk_actor(hub), "B")
        assert (first.label, elderly.label, other.label) == ("A001", "A002", "B001")
        assert [t.label for t in display.waiting("A")] == ["A002", "A001"]  # priority first

        officer = counter_actor(hub, "canbo.quay3")
        called = counter.call_next(officer, "3", ["A"])
        assert called.label == "A002" and called.state is TicketState.CALLED
        assert called.counter == "3" and called.officer == "canbo.quay3"

        board = display.board()
        assert [(t.label, t.counter) for t in board.serving] == [("A002", "3")]
        assert board.recent[0].label == "A002"
        assert board.waiting == {"A": 1, "B": 1, "C": 0}
        assert display.at_counter("3") == called
        assert display.at_counter("4") is None
        assert display.ticket("A002") == called

        counter.start(officer, "3", "A002")
        finished = counter.finish(officer, "3", "A002", dossier_code="000.00.19.h56-250715-0001")
        assert finished.state is TicketState.SERVED
        assert finished.dossier_code == "000.00.19.H56-250715-0001"
        moved = counter.transfer(officer, "B001", "A", "5")
        assert (moved.label, moved.area_letter, moved.target_counter) == ("B001", "A", "5")
        assert counter.call_next(counter_actor(hub, "canbo.quay5"), "5").label == "B001"
        assert counter.recall(counter_actor(hub, "canbo.quay5"), "5", "B001").calls == 2
        assert counter.no_show(counter_actor(hub, "canbo.quay5"), "5", "B001").state is (
            TicketState.NO_SHOW
        )
        assert counter.call(officer, "3", "A001").label == "A001"
        assert [a.letter for a in display.areas()] == ["A", "B", "C"]

    # The hub's own file holds it all, audited: what the hub's own counter window would read.
    assert local_queue(hub.workspace).ticket("A002").state is TicketState.SERVED
    assert verify_audit(hub.workspace).ok


def test_every_request_needs_the_hub_key(hub: RunningHub) -> None:
    with httpx.Client(base_url=hub.url) as raw:
        for headers in ({}, {"Authorization": "Bearer not-the-key"}, {"Authorization": hub.key}):
            for method, path in (("GET", "/queue/board"), ("POST", "/queue/issue")):
                answer = raw.request(method, path, headers=headers, json={"area": "A"})
                assert answer.status_code == 401
                assert answer.json()["message"] == (
                    "Máy chủ hàng đợi: thiếu khoá kết nối hoặc khoá không đúng."
                )
        streamed = raw.get("/queue/events", params={"timeout": "1"})
        assert streamed.status_code == 401
        good = raw.get("/queue/board", headers={"Authorization": f"Bearer {hub.key}"})
        assert good.status_code == 200
    with hub.client(key="wrong") as stranger, pytest.raises(HubKeyRefused) as refused:
        stranger.issue(kiosk_actor(hub), "A")
    assert hub.url in str(refused.value) and "queue_hub_token" in str(refused.value)
    assert local_queue(hub.workspace).waiting() == []  # nothing was issued


def test_the_key_is_made_once_readable_by_its_user_only_and_kept(hub: RunningHub) -> None:
    path = key_file(hub.home)
    assert path.read_text(encoding="ascii").strip() == hub.key
    assert len(hub.key) >= 32
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(hub.home) == hub.key  # the next start prints the same key


def test_the_hubs_refusals_come_back_as_the_same_errors_and_sentences(hub: RunningHub) -> None:
    officer = counter_actor(hub, "canbo")
    local = local_queue(hub.workspace)
    with hub.client() as counter:
        with pytest.raises(QueueEmpty) as empty:
            counter.call_next(officer, "1")
        assert str(empty.value) == "Không còn ai đang chờ ở các khu vực của quầy này."
        assert message(empty.value, "en") == message(QueueEmpty(), "en")

        with pytest.raises(UnknownArea) as unknown:
            counter.issue(officer, "Z")
        with pytest.raises(UnknownArea) as unknown_here:
            local.issue(officer, "Z")
        assert str(unknown.value) == str(unknown_here.value)

        counter.issue(officer, "A")
        counter.call_next(officer, "1")
        counter.no_show(officer, "1", "A001")
        with pytest.raises(TicketActRefused) as twice:  # a double-pressed key
            counter.no_show(officer, "1", "A001")
        with pytest.raises(TicketActRefused) as twice_here:
            local.no_show(officer, "1", "A001")
        assert message(twice.value, "en") == message(twice_here.value, "en")
        assert "A001" in message(twice.value, "en")

        with pytest.raises(OfficerRequired):  # the kiosk may issue, never call
            counter.call_next(kiosk_actor(hub), "1")


def test_a_bad_request_is_a_plain_refusal_without_sql_or_traceback(hub: RunningHub) -> None:
    auth = {"Authorization": f"Bearer {hub.key}"}
    with httpx.Client(base_url=hub.url, headers=auth) as raw:
        answer = raw.post("/queue/call-next", json={"actor": {"username": "x"}})
        assert answer.status_code == 422
        document = answer.json()
        assert document["error"] == "BadRequest" and "counter" in document["message"]
        garbage = raw.post("/queue/issue", content=b"{not json", headers=auth)
        assert garbage.status_code == 422
        for text in (answer.text, garbage.text):
            assert "Traceback" not in text and "SELECT" not in text.upper()


def test_a_claimed_role_is_not_trusted_but_an_account_of_the_hub_is(hub: RunningHub) -> None:
    server = Hub(hub.workspace)
    claimed = server.actor(ActorIn(username="lanhdao", full_name="Lãnh Đạo", role="supervisor"))
    assert claimed.officer is not None
    assert (claimed.officer.username, claimed.officer.role) == ("lanhdao", Role.OFFICER)
    assert claimed.workstation == station_of(hub.workspace).workstation
    admin = account_of(hub.workspace, "quantri")
    known = server.actor(ActorIn(username="QuanTri", role="officer", counter="2"))
    assert known.officer == admin and known.counter == "2"  # its own role, from the account
    assert server.actor(ActorIn(), needs_officer=False).officer is None
    with pytest.raises(OfficerRequired):
        server.actor(ActorIn())


def test_a_change_reaches_a_waiting_display_at_once(hub: RunningHub) -> None:
    with hub.client() as counter, hub.client() as display:
        token = display.wait_for_change(None, 0)
        started = time.monotonic()
        assert display.wait_for_change(token, 0.3) == token  # nothing happened: the timeout
        assert 0.25 < time.monotonic() - started < 2.0

        heard: list[tuple[str, float]] = []

        def listen() -> None:
            new = display.wait_for_change(token, 10.0)
            heard.append((new, time.monotonic()))

        listener = threading.Thread(target=listen)
        listener.start()
        time.sleep(0.2)  # the display is listening
        issued_at = time.monotonic()
        counter.issue(kiosk_actor(hub), "A")
        listener.join(10.0)
        assert heard and heard[0][0] != token
        assert heard[0][1] - issued_at < 1.0


def test_a_hub_stopped_mid_use_is_said_plainly_and_the_client_reconnects_by_itself(
    hub: RunningHub,
) -> None:
    officer = counter_actor(hub, "canbo")
    with hub.client() as counter:
        assert counter.issue(officer, "A").label == "A001"
        hub.stop()
        started = time.monotonic()
        with pytest.raises(HubUnreachable) as gone:
            counter.issue(officer, "A")
        assert time.monotonic() - started < 1.0
        assert str(gone.value) == (
            f"Không kết nối được máy chủ hàng đợi {hub.url}; đang thử kết nối lại…"
        )
        assert message(gone.value, "en") == (
            f"Cannot reach the queue server {hub.url}; trying to reconnect…"
        )
        with pytest.raises(HubUnreachable):
            counter.wait_for_change("x", 1.0)
        hub.start()  # the same port, the same file
        assert counter.issue(officer, "A").label == "A002"  # nothing lost, nothing doubled
        assert counter.call_next(officer, "1").label == "A001"
        latest, heard = counter.change_token(), counter.wait_for_change("x", 5.0)
        while heard != latest:  # the change stream is back and catches up with the hub
            heard = counter.wait_for_change(heard, 5.0)


def test_a_display_listening_when_the_hub_stops_hears_it_at_once_and_does_not_hold_it(
    hub: RunningHub,
) -> None:
    outcomes: list[tuple[object, float]] = []

    def listen() -> None:
        with hub.client() as display:
            token = display.change_token()
            for _ in range(2):  # the wait under way, and the next one
                try:
                    outcomes.append((display.wait_for_change(token, 60.0), time.monotonic()))
                except HubUnreachable as error:
                    outcomes.append((error, time.monotonic()))

    listener = threading.Thread(target=listen)
    listener.start()
    time.sleep(0.3)
    started = time.monotonic()
    hub.stop()
    listener.join(10.0)
    assert not listener.is_alive()
    assert time.monotonic() - started < 2.0  # the open stream did not hold the shutdown
    assert [type(outcome) for outcome, _ in outcomes] == [HubUnreachable, HubUnreachable]
    assert outcomes[-1][1] - started < 2.0  # said at once, not after the wait's 60 s


def test_a_display_keeps_one_stream_and_hears_every_change_on_it(hub: RunningHub) -> None:
    with hub.client() as counter, hub.client() as display:
        token = display.wait_for_change(None, 0)
        seen = []
        for _ in range(3):
            counter.issue(kiosk_actor(hub), "B")
            token = display.wait_for_change(token, 5.0)
            seen.append(token)
        assert len(set(seen)) == 3
        assert display.board().waiting["B"] == 3


def test_an_officer_with_an_account_on_the_hub_is_recorded_as_that_account(
    hub: RunningHub,
) -> None:
    station = station_of(hub.workspace)
    admin = account_of(hub.workspace, "quantri")
    with hub.client() as counter:
        ticket = counter.issue(Actor(station.office, None, admin), "B")
        called = counter.call_next(Actor(station.office, None, admin), "1")
    assert called.label == ticket.label and called.officer == "quantri"
