"""The public lookup (issue 11) on a real district server (uvicorn on 127.0.0.1, SQLite file and
a throwaway PostgreSQL database), fed the way production feeds it: dossiers taken in at a real
workstation and pushed through ``/api/sync/push``.

What it proves: the code and the key printed on the receipt (and in its QR link) show the
procedure, the received and due times and the state, with the applicant's name masked and
nothing else personal; a wrong key, no key, an unknown code, a malformed code and a dossier
without a key all get the very same 404, so the answer never tells which part was wrong; an
address that asks too often gets a 429 until its window passes; and the page, in Vietnamese,
fits a phone in headless Chromium (screenshots kept in /work/notes/shots)."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.printing.document_qr import DocumentQr
from desk_app.server import lookup
from desk_app.server.district import create_district_app
from desk_app.server.lookup import SlidingWindow
from desk_app.server.schema import DistrictDossier
from desk_app.server.store import open_server_database
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import record_result, transfer
from desk_app.services.office_rules import set_office_rules
from desk_app.services.receipts import receipt_pdf
from desk_app.services.workstation import station_of
from desk_app.sync.events import Envelope
from tests.factories import AGENCY_ID, intake_request
from tests.server.browser import chromium
from tests.server.sync_helpers import District, database_url, enroll, outbox, push_body

SHOTS = Path(os.environ.get("LOOKUP_SHOTS", "/work/notes/shots"))
PROCEDURE = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân
NAME = "Nguyễn Văn An"
PERSONAL = {
    "id_number": "001090012345",
    "phone": "0912345678",
    "email": "an.nguyen@example.vn",
    "address": "Số 12 ngõ 34 phố Nguyễn Trãi, phường Thanh Xuân, Hà Nội",
    "representative": "Trần Thị Bình",
}
MASKED = "Nguyễn V** A*"


class ServerClock:
    """The district server's clock: real time, moved forward by the rate-limit test."""

    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def server_clock() -> ServerClock:
    return ServerClock()


@pytest.fixture(params=["sqlite", "postgresql"])
def district(
    request: pytest.FixtureRequest, tmp_path: Path, server_clock: ServerClock
) -> Iterator[District]:
    urls = database_url(request.param, tmp_path)
    db = open_server_database(next(urls))
    running = District(db, create_district_app(db, clock=server_clock)).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()
        urls.close()


@pytest.fixture
def client(district: District) -> Iterator[httpx.Client]:
    with district.client() as c:  # no token: the public lookup needs none
        yield c


class Ward:
    """A workstation enrolled with the district: what it takes in reaches the server by push."""

    def __init__(self, district: District, workspace: Workspace, actor: Actor) -> None:
        self.district, self.workspace, self.actor = district, workspace, actor
        station = station_of(workspace)
        self.token, *_ = enroll(district, AGENCY_ID, station.office.id, station.workstation.id)

    def take_in(self, name: str = NAME, **fields: Any) -> DossierRecord:
        return take_in(self.workspace, self.actor, intake_request(PROCEDURE, name, **fields))

    def push(self, events: list[Envelope] | None = None) -> list[str]:
        """Send the whole outbox (or ``events``); the outcome of each event."""
        sent = outbox(self.workspace) if events is None else events
        with self.district.client(self.token) as c:
            answer = c.post("/api/sync/push", json=push_body(sent))
        assert answer.status_code == 200, answer.text
        return [r["outcome"] for r in answer.json()["results"]]


@pytest.fixture
def ward(district: District, workspace: Workspace, actor: Actor) -> Ward:
    return Ward(district, workspace, actor)


@pytest.fixture
def pushed(ward: Ward) -> DossierRecord:
    """A dossier taken in with every personal field filled in, sent to the district."""
    record = ward.take_in(**PERSONAL)
    assert set(ward.push()) == {"accepted"}
    return record


def office_minutes(at: datetime) -> str:
    return at.astimezone(OFFICE_TZ).strftime("%d/%m/%Y %H:%M")


def leaks(text: str, record: DossierRecord) -> list[str]:
    """The personal data (and the key) found in ``text``: only the masked name may be there."""
    words = [NAME, "Văn", *PERSONAL.values(), "Bình", record.lookup_key]
    return [word for word in words if word in text]


def _headers(answer: httpx.Response) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, v) for k, v in answer.headers.items() if k != "date"))


# --- what the right code and key show ---------------------------------------------------------


@pytest.mark.integration
def test_a_pushed_dossier_is_shown_with_its_state_due_date_and_masked_name(
    client: httpx.Client, pushed: DossierRecord
) -> None:
    answer = client.get(f"/api/lookup/{pushed.code}", params={"key": pushed.lookup_key})
    assert answer.status_code == 200, answer.text
    assert answer.headers["cache-control"] == "no-store"
    found = answer.json()
    assert found == {
        "code": pushed.code,
        "procedure_code": PROCEDURE,
        "procedure_name": pushed.procedure_name,
        "received_at": pushed.received_at.astimezone(UTC).isoformat(),
        "due_at": pushed.due_at.astimezone(UTC).isoformat(),
        "state": "received",
        "state_label": "Đã tiếp nhận",
        "applicant": MASKED,
    }
    assert leaks(answer.text, pushed) == []

    page = client.get(f"/tra-cuu/{pushed.code}", params={"key": pushed.lookup_key})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in page.headers["content-security-policy"]
    html = page.text
    for shown in (
        "Tra cứu hồ sơ",
        "Tình trạng",
        "Đã tiếp nhận",
        "Mã hồ sơ",
        pushed.code,
        "Thủ tục",
        pushed.procedure_name,
        "Người nộp",
        MASKED,
        "Ngày tiếp nhận",
        office_minutes(pushed.received_at),
        "Hẹn trả kết quả",
        office_minutes(pushed.due_at),
    ):
        assert shown in html, shown
    assert 'name="viewport"' in html and 'lang="vi"' in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    assert leaks(html, pushed) == []

    form = client.get("/tra-cuu")  # typed by hand: the form the result page links back to
    assert form.status_code == 200 and 'href="/tra-cuu"' in html
    assert 'action="/tra-cuu"' in form.text and 'method="get"' in form.text
    assert 'name="code"' in form.text and 'name="key"' in form.text
    assert "Mã hồ sơ" in form.text and "Mã tra cứu" in form.text


@pytest.mark.integration
def test_the_state_follows_what_the_workstation_does_next(
    client: httpx.Client, ward: Ward, pushed: DossierRecord
) -> None:
    def state() -> str:
        found = client.get(f"/api/lookup/{pushed.code}", params={"key": pushed.lookup_key})
        assert found.status_code == 200
        label: str = found.json()["state_label"]
        return label

    assert state() == "Đã tiếp nhận"
    transfer(ward.workspace, ward.actor, pushed.code, unit="Công chức Tư pháp - Hộ tịch")
    ward.push()
    assert state() == "Đang giải quyết"
    record_result(
        ward.workspace, ward.actor, pushed.code, number="12/GKS", signer="Lê B", issuer="UBND"
    )
    ward.push()
    assert state() == "Đã có kết quả"
    html = client.get(f"/tra-cuu/{pushed.code}", params={"key": pushed.lookup_key}).text
    assert "Đã có kết quả" in html and "12/GKS" not in html and "Lê B" not in html


@pytest.mark.integration
@pytest.mark.parametrize(
    "typed",
    [str.lower, lambda k: f"{k[:3]}-{k[3:]}", lambda k: f" {k[:3]} {k[3:]} ", str.swapcase],
    ids=["lower", "dash", "spaces", "mixed-case"],
)
def test_the_key_may_be_typed_loosely_and_the_code_in_lower_case(
    client: httpx.Client, pushed: DossierRecord, typed: Any
) -> None:
    key = typed(pushed.lookup_key)
    assert client.get(f"/api/lookup/{pushed.code.lower()}", params={"key": key}).status_code == 200
    form = client.get("/tra-cuu", params={"code": f" {pushed.code} ", "key": key})
    assert form.status_code == 200 and MASKED in form.text


@pytest.mark.integration
def test_the_receipts_qr_link_opens_the_dossier(
    district: District, ward: Ward, tmp_path: Path
) -> None:
    """The office's lookup address (office rules, the only such setting) filled with the code
    and the key: the link read off the printed receipt by a phone opens the lookup page."""
    rules = ward.workspace.rules(ward.actor.office.id)
    template = f"{district.url}/tra-cuu/{{code}}"
    set_office_rules(ward.workspace, ward.actor, replace(rules, lookup_url=template))
    record = ward.take_in()
    ward.push()
    pdf = tmp_path / "receipt.pdf"
    pdf.write_bytes(receipt_pdf(ward.workspace, ward.actor, record.code))
    image = tmp_path / "page1"
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1", pdf, image],
        check=True,
    )
    read = subprocess.run(
        ["zbarimg", "-q", "--raw", str(image.with_suffix(".png"))],
        capture_output=True,
        check=True,
        text=True,
    )
    payloads = [line for line in read.stdout.splitlines() if line.startswith("MHS:")]
    link = DocumentQr.parse(payloads[0]).lookup_url
    assert link == f"{district.url}/tra-cuu/{record.code}?key={record.lookup_key}"
    page = httpx.get(link)
    assert page.status_code == 200 and MASKED in page.text and "Đã tiếp nhận" in page.text


# --- no oracle --------------------------------------------------------------------------------


def _wrong_keys(code: str, key: str) -> list[str]:
    other = "2" if key[-1] != "2" else "3"
    return [
        f"{code}?key={key[:-1]}{other}",  # one letter off
        f"{code}?key={key[:-1]}",  # one letter short
        f"{code}?key={key}{other}",  # one letter more
        code,  # no key
        f"{code}?key=",
        f"{code}?key=" + "K" * 5000,
    ]


@pytest.mark.integration
def test_wrong_missing_key_and_unknown_code_get_the_same_404(
    client: httpx.Client, ward: Ward, pushed: DossierRecord
) -> None:
    code, key = pushed.code, pushed.lookup_key
    # A dossier that reached the server without a key: a version-3 event of a workstation
    # not yet upgraded (the server still reads them).
    keyless = ward.take_in("Lê Thị Mai")
    received = outbox(ward.workspace)[-1]
    assert received.kind == "dossier.received" and received.version == 4
    payload = {k: v for k, v in received.payload.items() if k != "lookup_key"}
    assert ward.push([received.model_copy(update={"version": 3, "payload": payload})]) == [
        "accepted"
    ]
    unknown = code[:-4] + ("9999" if not code.endswith("9999") else "9998")
    asked = [
        *_wrong_keys(code, key),
        f"{unknown}?key={key}",  # no such dossier, with a real key
        f"{keyless.code}?key={keyless.lookup_key}",  # its key never reached the server
        f"{keyless.code}?key=",
        f"not-a-code?key={key}",
        f"{code}-1?key={key}",
    ]
    answers = [client.get(f"/api/lookup/{path}") for path in asked]
    assert {a.status_code for a in answers} == {404}
    assert len({a.content for a in answers}) == 1
    assert len({_headers(a) for a in answers}) == 1
    assert answers[0].json() == {
        "error": "not_found",
        "message": "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy xem lại hai mã in "
        "trên giấy tiếp nhận hồ sơ và hẹn trả kết quả.",
    }

    pages = [client.get(f"/tra-cuu/{path}") for path in asked]
    pages.append(client.get("/tra-cuu", params={"code": code, "key": key[::-1]}))
    pages.append(client.get("/tra-cuu", params={"code": unknown, "key": key}))
    assert {p.status_code for p in pages} == {404}
    assert len({p.content for p in pages}) == 1
    assert len({_headers(p) for p in pages}) == 1
    html = pages[0].text
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này" in html
    assert code not in html and key not in html and unknown not in html  # nothing echoed
    assert 'name="code"' in html and 'name="key"' in html  # the form, to try again


# --- rate limit -------------------------------------------------------------------------------


@pytest.mark.integration
def test_an_address_asking_too_often_is_slowed_down(
    client: httpx.Client, pushed: DossierRecord, server_clock: ServerClock
) -> None:
    code, key = pushed.code, pushed.lookup_key
    for n in range(lookup.RATE_LIMIT):
        assert client.get(f"/api/lookup/{code}", params={"key": f"WRONG{n}"}).status_code == 404
    refused = client.get(f"/api/lookup/{code}", params={"key": key})  # even the right key
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert refused.json() == {
        "error": "too_many_requests",
        "message": "Bạn đã tra cứu quá nhiều lần trong một phút. Hãy đợi một phút rồi thử lại.",
    }
    page = client.get(f"/tra-cuu/{code}", params={"key": key})
    assert page.status_code == 429 and "Hãy đợi một phút rồi thử lại" in page.text
    assert MASKED not in page.text
    assert client.get("/tra-cuu").status_code == 200  # the empty form is never refused
    # The rest of the server is not the lookup's business: sync still answers.
    assert client.get("/api/health").json() == {"status": "ok"}
    server_clock.now += timedelta(seconds=lookup.RATE_WINDOW_S + 1)  # the window has passed
    assert client.get(f"/api/lookup/{code}", params={"key": key}).status_code == 200


def test_the_window_slides_and_forgets_quiet_addresses() -> None:
    now = [0.0]
    window = SlidingWindow(3, 10.0, max_keys=2, now=lambda: now[0])
    assert [window.allow("a") for _ in range(4)] == [True, True, True, False]
    now[0] = 5.0
    assert window.allow("b") and not window.allow("a")
    now[0] = 10.5  # a's three hits at 0.0 are out of the window
    assert window.allow("a")
    window.allow("c")  # a third address: the quietest one (b) is forgotten
    assert set(window._hits) == {"a", "c"}


# --- escaping ---------------------------------------------------------------------------------


@pytest.mark.integration
def test_values_are_escaped(
    client: httpx.Client, district: District, pushed: DossierRecord
) -> None:
    # Intake refuses such a name, but the page must not trust what a device once sent.
    with district.db.write() as session:
        row = session.scalars(select(DistrictDossier).filter_by(code=pushed.code)).one()
        row.procedure_name = '<script>alert("x")</script> & Thủ tục'
        row.applicant_masked = "<b>N</b>"
    html = client.get(f"/tra-cuu/{pushed.code}", params={"key": pushed.lookup_key}).text
    assert "<script>alert" not in html and "<b>N</b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Thủ tục" in html
    assert "&lt;b&gt;N&lt;/b&gt;" in html


# --- a real browser ---------------------------------------------------------------------------


@pytest.mark.integration
@pytest.mark.parametrize("district", ["sqlite"], indirect=True)  # the same pages on both
def test_a_phone_browser_shows_the_lookup_page(
    district: District, pushed: DossierRecord, tmp_path: Path
) -> None:
    code, key = pushed.code, pushed.lookup_key
    profile = tmp_path / "profile"
    dom = chromium(
        f"--user-data-dir={profile}", "--dump-dom", f"{district.url}/tra-cuu/{code}?key={key}"
    )
    assert "Đã tiếp nhận" in dom and MASKED in dom and office_minutes(pushed.due_at) in dom
    assert leaks(dom, pushed) == []
    shots = SHOTS if SHOTS.parent.exists() else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    for name, path, size in (
        ("lookup", f"/tra-cuu/{code}?key={key}", "390,844"),
        ("lookup-form", "/tra-cuu", "390,844"),
        ("lookup-not-found", f"/tra-cuu/{code}?key={uuid.uuid4().hex[:6]}", "390,844"),
        ("lookup-desktop", f"/tra-cuu/{code}?key={key}", "1280,800"),
    ):
        target = shots / f"{name}.png"
        target.unlink(missing_ok=True)
        chromium(
            f"--user-data-dir={profile}",
            f"--window-size={size}",
            f"--screenshot={target}",
            f"{district.url}{path}",
        )
        assert target.stat().st_size > 10_000, name  # a page, not a blank
    shutil.rmtree(profile, ignore_errors=True)
