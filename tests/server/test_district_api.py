"""The district server's HTTP edges on a real uvicorn (SQLite and PostgreSQL): enrollment,
tokens, size limits, malformed bodies, time and health."""

from __future__ import annotations

import json
import socket
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from desk_app.server.district import create_district_app
from desk_app.server.schema import Device
from desk_app.sync.protocol import MAX_BODY_BYTES, MAX_PUSH_EVENTS, EnrollOut, ErrorOut
from tests.server.sync_helpers import (
    District,
    add_code,
    add_office,
    counts,
    district,
    enroll,
    enroll_body,
    push_body,
)

__all__ = ["district"]  # the fixture, imported

AGENCY = "000.00.19.H26"
REFUSED = {"error": "enrollment_refused"}


def _error(answer_json: dict[str, object]) -> str:
    return ErrorOut.model_validate(answer_json).error


@pytest.mark.integration
def test_enroll_once_gives_a_token_twice_is_refused(district: District) -> None:
    office = add_office(district.db, AGENCY, "UBND phường Thanh Xuân Trung")
    code = add_code(district.db, office)
    with district.client() as client:
        first = client.post("/api/enroll", json=enroll_body(code, AGENCY))
        assert first.status_code == 200, first.text
        enrolled = EnrollOut.model_validate(first.json())
        assert enrolled.office_name == "UBND phường Thanh Xuân Trung"
        assert enrolled.agency_id == AGENCY
        second = client.post("/api/enroll", json=enroll_body(code, AGENCY))
    assert second.status_code == 403
    assert _error(second.json()) == "enrollment_refused"
    with district.db.read() as session:
        device = session.get(Device, enrolled.device_id)
        assert device is not None
        assert enrolled.token not in device.token_hash and len(device.token_hash) == 64


@pytest.mark.integration
def test_a_code_made_for_another_workstation_number_is_refused_and_kept(
    district: District,
) -> None:
    office = add_office(district.db, AGENCY, "UBND phường Thanh Xuân Trung")
    code = add_code(district.db, office, workstation_code="3")
    with district.client() as client:
        wrong = client.post("/api/enroll", json=enroll_body(code, AGENCY))  # this PC is 01
        assert wrong.status_code == 409 and _error(wrong.json()) == "workstation_differs"
        assert "máy trạm số 3" in wrong.json()["message"]
        right = client.post(
            "/api/enroll", json=enroll_body(code, AGENCY) | {"workstation_code": "03"}
        )
        assert right.status_code == 200, right.text  # the code was not spent by the mistake


@pytest.mark.integration
def test_expired_wrong_and_other_agency_codes_are_refused_alike(district: District) -> None:
    office = add_office(district.db, AGENCY)
    expired = add_code(district.db, office, expires_in=timedelta(minutes=-1))
    valid = add_code(district.db, office)
    with district.client() as client:
        answers = [
            client.post("/api/enroll", json=enroll_body(expired, AGENCY)),
            client.post("/api/enroll", json=enroll_body("NOPE-1234", AGENCY)),
            client.post("/api/enroll", json=enroll_body(valid, "000.00.99.X99")),
        ]
        assert [a.status_code for a in answers] == [403, 403, 403]
        assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
        # The code refused for the wrong agency is still unused.
        assert client.post("/api/enroll", json=enroll_body(valid, AGENCY)).status_code == 200


@pytest.mark.integration
def test_two_concurrent_uses_of_one_code_give_one_token(district: District) -> None:
    office = add_office(district.db, AGENCY)
    code = add_code(district.db, office)
    start = threading.Barrier(4)
    statuses: list[int] = []

    def use() -> None:
        with district.client() as client:
            start.wait()
            statuses.append(client.post("/api/enroll", json=enroll_body(code, AGENCY)).status_code)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 403, 403, 403]


@pytest.mark.integration
def test_enrolling_again_replaces_the_token(district: District) -> None:
    token, office, local_office, workstation = enroll(district, AGENCY)
    code = add_code(district.db, office)
    with district.client() as client:
        again = client.post(
            "/api/enroll", json=enroll_body(code, AGENCY, local_office, workstation)
        )
    assert again.status_code == 200
    new_token = again.json()["token"]
    with district.client(token) as old, district.client(new_token) as new:
        assert old.get("/api/sync/pull").status_code == 401
        assert new.get("/api/sync/pull").status_code == 200
    # The same workstation under another office's code: refused.
    other = add_office(district.db, "000.00.19.H27")
    foreign = add_code(district.db, other)
    with district.client() as client:
        body = enroll_body(foreign, "000.00.19.H27", local_office, workstation)
        assert client.post("/api/enroll", json=body).status_code == 403


@pytest.mark.integration
def test_unknown_and_revoked_tokens_get_401_and_write_nothing(district: District) -> None:
    token, _, _, workstation = enroll(district, AGENCY)
    with district.client("not-a-token") as stranger:
        answer = stranger.get("/api/sync/pull")
        assert answer.status_code == 401 and _error(answer.json()) == "device_unknown"
        assert answer.headers["www-authenticate"] == "Bearer"
    with district.client() as nobody:
        assert nobody.post("/api/sync/push", json=push_body([])).status_code == 401
    with district.db.write() as session:
        session.execute(
            update(Device)
            .where(Device.workstation_id == workstation)
            .values(revoked_at=datetime.now(UTC))
        )
    before = counts(district.db)
    with district.client(token) as revoked:
        answer = revoked.post("/api/sync/push", json=push_body([]))
        assert answer.status_code == 401 and _error(answer.json()) == "device_revoked"
        assert revoked.get("/api/sync/pull").status_code == 401
    assert counts(district.db) == before


@pytest.mark.integration
def test_oversized_bodies_get_413(district: District) -> None:
    token, *_ = enroll(district, AGENCY)
    with district.client(token) as client:
        declared = client.post(
            "/api/sync/push",
            content=b"{" + b" " * (MAX_BODY_BYTES + 10) + b"}",
            headers={"content-type": "application/json"},
        )
        assert declared.status_code == 413 and _error(declared.json()) == "too_large"

        def chunks() -> Iterator[bytes]:
            piece = b" " * 65536
            yield b"{"
            for _ in range(MAX_BODY_BYTES // len(piece) + 2):
                yield piece
            yield b"}"

        streamed = client.post(
            "/api/sync/push", content=chunks(), headers={"content-type": "application/json"}
        )
        assert streamed.status_code == 413 and _error(streamed.json()) == "too_large"
        body = push_body([])
        body["events"] = [{"event_id": str(uuid.uuid4())}] * (MAX_PUSH_EVENTS + 1)
        many = client.post("/api/sync/push", json=body)
        assert many.status_code == 413 and _error(many.json()) == "too_many_events"


@pytest.mark.integration
def test_malformed_bodies_get_422_without_the_input(district: District) -> None:
    token, *_ = enroll(district, AGENCY)
    secret = "Nguyễn Văn Bí Mật 001090123456"
    with district.client(token) as client:
        broken = client.post(
            "/api/sync/push",
            content=('{"events": ["' + secret).encode(),
            headers={"content-type": "application/json"},
        )
        wrong = client.post("/api/sync/push", json={"head": {"seq": secret}, "x": secret})
        enrolling = client.post("/api/enroll", json={"code": secret})
    for answer in (broken, wrong, enrolling):
        assert answer.status_code == 422, answer.text
        assert _error(answer.json()) == "invalid_request"
        assert "Bí Mật" not in answer.text and "001090123456" not in answer.text


@pytest.mark.integration
def test_time_and_health_need_no_token(district: District) -> None:
    with district.client() as client:
        health = client.get("/api/health")
        assert health.status_code == 200 and health.json() == {"status": "ok"}
        told = datetime.fromisoformat(client.get("/api/time").json()["server_time"])
    assert abs((told - datetime.now(UTC)).total_seconds()) < 60


@pytest.mark.integration
def test_a_request_cut_mid_body_leaves_the_server_serving(district: District) -> None:
    token, *_ = enroll(district, AGENCY)
    with socket.create_connection(("127.0.0.1", district.port)) as raw:
        raw.sendall(
            b"POST /api/sync/push HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Authorization: Bearer " + token.encode() + b"\r\nContent-Length: 1000\r\n\r\n{"
        )
    with district.client() as client:
        assert client.get("/api/health").status_code == 200


@pytest.mark.integration
def test_an_unexpected_error_is_a_plain_500(
    district: District, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_district_app(district.db)

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret detail 001090123456")

    failing = District(district.db, app).start()
    try:
        with failing.client() as client:
            answer = client.get("/api/boom")
    finally:
        failing.stop()
    assert answer.status_code == 500
    assert _error(answer.json()) == "server_error"
    assert "secret" not in answer.text and "Traceback" not in answer.text
    assert "RuntimeError" in caplog.text  # the traceback went to the server's log
