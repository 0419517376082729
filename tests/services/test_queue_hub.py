"""The hub's client on its own: choosing local or hub, addresses, what travels on the wire, and
what a counter says when the hub is off or something else answers (the hub itself: tests/server)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desk_app.config import Settings
from desk_app.core.errors import DeskError, ValidationError
from desk_app.core.queue import TicketActRefused, TicketState
from desk_app.i18n import message
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import StorageError
from desk_app.services.queue import LocalQueue, NotThisCounter, local_queue
from desk_app.services.queue_hub import (
    BOARD,
    TICKET,
    HubAddressBad,
    HubAnswerBad,
    HubQueue,
    HubUnreachable,
    error_document,
    error_from_document,
    hub_address,
    queue_for,
)


def test_one_pc_uses_its_own_queue_and_an_office_with_a_hub_uses_the_hub(
    workspace: Workspace,
) -> None:
    assert isinstance(queue_for(workspace, Settings()), LocalQueue)
    settings = Settings(queue_hub_url="192.168.1.10:8710", queue_hub_token="k" * 43)
    hub = queue_for(workspace, settings)
    assert isinstance(hub, HubQueue)
    assert hub.url == "http://192.168.1.10:8710"
    hub.close()


@pytest.mark.parametrize(
    ("typed", "used"),
    [
        ("http://192.168.1.10:8710", "http://192.168.1.10:8710"),
        (" HTTP://hub.local:8710/ ", "http://hub.local:8710"),
        ("10.0.0.5:8710", "http://10.0.0.5:8710"),
        ("https://hub:443", "https://hub:443"),
    ],
)
def test_a_hub_address_is_taken_as_an_officer_types_it(typed: str, used: str) -> None:
    assert hub_address(typed) == used


@pytest.mark.parametrize("typed", ["ftp://hub:21", "http://", "http://hub:8710/queue", ":8710", ""])
def test_an_unusable_hub_address_is_refused_in_plain_words(typed: str) -> None:
    with pytest.raises(HubAddressBad) as refused:
        hub_address(typed)
    assert isinstance(refused.value, ValidationError)
    assert "http://HOST:PORT" in message(refused.value, "en")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_hub_that_is_off_is_said_at_once_and_in_the_officers_language(
    workspace: Workspace, actor: Actor
) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with HubQueue(url, "key") as hub:
        for attempt in (
            lambda: hub.call_next(actor, "1"),
            lambda: hub.board(),
            lambda: hub.wait_for_change("token", 5.0),
        ):
            started = time.monotonic()
            with pytest.raises(HubUnreachable) as gone:
                attempt()
            assert time.monotonic() - started < 1.0
            assert message(gone.value, "en") == (
                f"Cannot reach the queue server {url}; trying to reconnect…"
            )
    assert local_queue(workspace).waiting() == []  # and nothing happened here instead


@pytest.fixture
def not_a_hub() -> Iterator[str]:
    """Something else on the port the settings name: a web page, not the queue."""

    class Page(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"<html>router login</html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_something_else_answering_at_the_address_is_named_as_such(not_a_hub: str) -> None:
    with HubQueue(not_a_hub, "key") as hub, pytest.raises(HubAnswerBad) as wrong:
        hub.board()
    assert message(wrong.value, "en") == (
        f"The queue server {not_a_hub} gave an unexpected answer (status 404); check the "
        "queue_hub_url address in the settings."
    )


def test_an_error_travels_as_its_class_with_its_sentence_and_nothing_more(
    workspace: Workspace, actor: Actor
) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.call_next(actor, "1")
    queue.finish(actor, "1", "A001")
    with pytest.raises(TicketActRefused) as refused:
        queue.finish(actor, "1", "A001")
    again = error_from_document(error_document(refused.value))
    assert type(again) is TicketActRefused
    assert message(again, "en") == message(refused.value, "en")
    assert str(again) == str(refused.value)

    moved = error_from_document(error_document(NotThisCounter(label="A001", counter="2")))
    assert isinstance(moved, NotThisCounter) and moved.params == {"label": "A001", "counter": "2"}

    # A storage error's driver text is for this machine's log, never for the wire.
    document = error_document(StorageError(detail="UNIQUE constraint failed: ticket.number"))
    assert "UNIQUE" not in str(document) and document["values"] == {}

    field = error_from_document(error_document(ValidationError("Sai {x}.", field="counter", x=1)))
    assert isinstance(field, ValidationError) and field.field == "counter"

    stranger = error_from_document(
        {"error": "FromANewerHub", "msgid": "Lỗi mới {n}.", "values": {"n": 3}}
    )
    assert type(stranger) is DeskError and str(stranger) == "Lỗi mới 3."


def test_a_ticket_and_a_board_travel_unchanged(workspace: Workspace, actor: Actor) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "B")
    called = queue.call_next(actor, "2")
    assert called.state is TicketState.CALLED
    assert TICKET.validate_python(TICKET.dump_python(called, mode="json")) == called
    board = queue.board()
    assert BOARD.validate_python(BOARD.dump_python(board, mode="json")) == board
