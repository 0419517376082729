"""The district server's client: which URLs it refuses, and every failure as its typed error.

The network failures are real (a closed port, a socket that never answers, a connection cut
mid-answer on 127.0.0.1); the server's answers are httpx's mock transport, byte for byte what
`desk_app.server.district` sends."""

from __future__ import annotations

import logging
import socket
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import httpx
import pytest

from desk_app.sync.client import (
    BadAnswer,
    BadServerUrl,
    DeviceRevoked,
    DeviceUnknown,
    EnrollmentRefused,
    InsecureServerUrl,
    ServerFailed,
    ServerRefused,
    ServerUnreachable,
    SyncClient,
    check_server_url,
    is_loopback,
)
from desk_app.sync.protocol import ChainHead, EnrollIn, PushIn

TOKEN = "tok-SECRET-never-logged-0123456789"
EPOCH = str(uuid.uuid4())


@pytest.mark.parametrize(
    "url",
    ["http://192.168.1.10:8000", "http://10.0.0.5", "http://quan.example.vn", "http://[fe80::1]"],
)
def test_plain_http_to_another_machine_is_refused(url: str) -> None:
    with pytest.raises(InsecureServerUrl) as refused:
        SyncClient(url, TOKEN)
    assert "--allow-http-lan" in str(refused.value)
    assert TOKEN not in str(refused.value)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000", "http://127.8.9.10", "http://localhost:9000/", "http://[::1]:80"],
)
def test_plain_http_to_this_computer_is_allowed(url: str) -> None:
    with SyncClient(url, TOKEN) as client:
        assert client.base_url == url.rstrip("/")


def test_plain_http_to_the_lan_only_when_allowed_and_https_always() -> None:
    assert check_server_url("http://192.168.1.10:8000", allow_http_lan=True)
    assert check_server_url("https://quan.example.vn/") == "https://quan.example.vn"
    assert is_loopback("127.0.0.1") and is_loopback("[::1]") and not is_loopback("10.0.0.1")


@pytest.mark.parametrize(
    "url", ["ftp://quan.example.vn", "quan.example.vn", "https://", "https://a b"]
)
def test_a_url_that_is_no_server_address_is_refused(url: str) -> None:
    with pytest.raises(BadServerUrl):
        SyncClient(url)


# --- real network failures -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def silent_server() -> Iterator[tuple[str, Callable[[], None]]]:
    """A listening socket that accepts and then never answers (or, once told, cuts the
    connection at once)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    cut = threading.Event()
    held: list[socket.socket] = []
    stop = threading.Event()

    def serve() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            if cut.is_set():
                conn.setsockopt(
                    socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                )
                conn.close()
            else:
                held.append(conn)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}", cut.set
    stop.set()
    thread.join(2)
    for conn in held:
        conn.close()
    server.close()


def test_a_closed_port_is_unreachable_and_may_be_retried() -> None:
    client = SyncClient(f"http://127.0.0.1:{_free_port()}", TOKEN, timeout=2)
    with client, pytest.raises(ServerUnreachable) as failed:
        client.pull(0)
    assert failed.value.retry and failed.value.word == "unreachable"


def test_a_server_that_never_answers_is_a_timeout(
    silent_server: tuple[str, Callable[[], None]],
) -> None:
    url, _cut = silent_server
    client = SyncClient(url, TOKEN, timeout=0.3)
    with client, pytest.raises(ServerUnreachable) as failed:
        client.server_time()
    assert "hết thời gian chờ" in str(failed.value)


def test_a_connection_reset_is_unreachable(
    silent_server: tuple[str, Callable[[], None]],
) -> None:
    url, cut = silent_server
    cut()
    client = SyncClient(url, TOKEN, timeout=2)
    with client, pytest.raises(ServerUnreachable):
        client.pull(0)


# --- the server's answers ------------------------------------------------------------------


def _answering(status: int, body: object, seen: list[httpx.Request] | None = None) -> SyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if isinstance(body, bytes):
            return httpx.Response(status, content=body)
        return httpx.Response(status, json=body)

    return SyncClient("https://quan.example.vn", TOKEN, transport=httpx.MockTransport(handler))


def _error(word: str) -> dict[str, str]:
    return {"error": word, "message": "..."}


@pytest.mark.parametrize(
    ("status", "body", "expected", "retry"),
    [
        (401, _error("device_revoked"), DeviceRevoked, False),
        (401, _error("device_unknown"), DeviceUnknown, False),
        (401, b"not json", DeviceUnknown, False),
        (403, _error("enrollment_refused"), EnrollmentRefused, False),
        (413, _error("too_many_events"), ServerRefused, False),
        (422, _error("invalid_request"), ServerRefused, False),
        (500, _error("server_error"), ServerFailed, True),
        (503, b"<html>down</html>", ServerFailed, True),
        (200, {"not": "a pull answer"}, BadAnswer, True),
    ],
)
def test_each_answer_is_its_typed_error(
    status: int, body: object, expected: type[Exception], retry: bool
) -> None:
    with _answering(status, body) as client, pytest.raises(expected) as raised:
        client.pull(0)
    assert raised.value.retry is retry  # type: ignore[attr-defined]
    assert TOKEN not in str(raised.value)


def test_a_refusal_carries_the_servers_word() -> None:
    with _answering(413, _error("too_many_events")) as client, pytest.raises(ServerRefused) as r:
        client.pull(0)
    assert r.value.error == "too_many_events"
    assert "too_many_events" in str(r.value) and "413" in str(r.value)


def test_the_token_goes_in_the_header_only_and_never_into_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[httpx.Request] = []
    now = datetime.now(UTC).isoformat()
    answer = {"changes": [], "cursor": 0, "more": False, "server_time": now, "epoch": EPOCH}
    caplog.set_level(logging.DEBUG)
    with _answering(200, answer, seen) as client:
        pulled = client.pull(5, 10)
        assert TOKEN not in repr(client)
    assert pulled.cursor == 0 and not pulled.more
    assert seen[0].headers["authorization"] == f"Bearer {TOKEN}"
    assert seen[0].url.params["after"] == "5" and seen[0].url.params["limit"] == "10"
    with _answering(500, _error("server_error")) as client, pytest.raises(ServerFailed):
        client.push(
            PushIn(
                head=ChainHead(seq=0, hash=""),
                waiting=0,
                oldest_waiting_at=None,
                events=[],
                client_time=datetime.now(UTC),
            )
        )
    assert TOKEN not in caplog.text


def test_enroll_sends_no_token() -> None:
    seen: list[httpx.Request] = []
    answer = {
        "device_id": str(uuid.uuid4()),
        "token": "new",
        "agency_id": "000.00.19.H26",
        "office_name": "UBND",
        "server_time": datetime.now(UTC).isoformat(),
    }
    body = EnrollIn(
        code="ENR-1234",
        office_id=uuid.uuid4(),
        workstation_id=uuid.uuid4(),
        workstation_code="01",
        agency_id="000.00.19.H26",
    )
    with _answering(200, answer, seen) as client:
        enrolled = client.enroll(body)
    assert enrolled.token == "new"
    assert "authorization" not in seen[0].headers


def test_without_a_token_nothing_is_sent() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200)

    client = SyncClient("https://quan.example.vn", transport=httpx.MockTransport(handler))
    with client, pytest.raises(DeviceUnknown):
        client.pull(0)
    assert seen == []
