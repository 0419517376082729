"""The district dashboard (issue 11): login, the figures per ward by the circular's
definitions, the overdue list, the workstations' health, logout; and a real browser's view
of it (headless Chromium against uvicorn on 127.0.0.1, screenshots in /work/notes/shots)."""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
import uvicorn
from argon2 import PasswordHasher
from fastapi import FastAPI
from sqlalchemy import select
from starlette.types import ASGIApp, Receive, Scope, Send

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.lifecycle import DossierState
from desk_app.core.period_report import COUNT_NAMES
from desk_app.server import dashboard
from desk_app.server.dashboard import COOKIE, SESSION_HOURS, add_routes, open_session
from desk_app.server.hub import listening_socket
from desk_app.server.schema import (
    DashboardSession,
    Device,
    DistrictDossier,
    DistrictOffice,
    DistrictUser,
    QuarantinedEvent,
)
from desk_app.server.store import open_server_database
from desk_app.store.db import Database, sqlite_url
from tests.server.browser import chromium

PASSWORD = "đúng-mật-khẩu-2026"
SHOTS = Path(os.environ.get("DASHBOARD_SHOTS", "/work/notes/shots"))


def office_at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=OFFICE_TZ)


NOW = office_at(date(2026, 6, 15), 10)  # a Monday in the middle of June, office time


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now.astimezone(UTC)


class District:
    """A server database with two wards, a device each, and the dossiers a test adds."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.ward_a, self.ward_b = uuid.uuid4(), uuid.uuid4()
        self.device_a, self.device_b = uuid.uuid4(), uuid.uuid4()
        with db.write() as s:
            s.add(
                DistrictOffice(
                    id=self.ward_a,
                    agency_id="000.00.01.H01",
                    name="Phường Bến Nghé",
                    upper_unit="UBND Quận 1",
                    created_at=NOW,
                )
            )
            s.add(
                DistrictOffice(
                    id=self.ward_b,
                    agency_id="000.00.02.H01",
                    name="Phường Đa Kao",
                    upper_unit="UBND Quận 1",
                    created_at=NOW,
                )
            )
            s.flush()
            for device, ward, code in (
                (self.device_a, self.ward_a, "BN-01"),
                (self.device_b, self.ward_b, "DK-01"),
            ):
                s.add(
                    Device(
                        id=device,
                        office_id=ward,
                        workstation_code=code,
                        workstation_id=uuid.uuid4(),
                        local_office_id=uuid.uuid4(),
                        token_hash=hashlib.sha256(code.encode()).hexdigest(),
                        enrolled_at=NOW - timedelta(days=30),
                        revoked_at=None,
                        last_seen_at=NOW - timedelta(minutes=3),
                    )
                )
            s.add(
                DistrictUser(
                    id=uuid.uuid4(),
                    username="quan1",
                    role="district",
                    password_hash=PasswordHasher().hash(PASSWORD),
                    created_at=NOW,
                )
            )
        self.serial = 0

    def dossier(
        self,
        ward: uuid.UUID,
        received: date,
        due: datetime,
        resolved: datetime | None = None,
        *,
        channel: str = "counter",
        code: str | None = None,
        masked: str = "N*** V** A",
        procedure: str = "Chứng thực bản sao từ bản chính",
    ) -> str:
        self.serial += 1
        code = code or f"H01.{self.serial:04d}"
        device = self.device_a if ward == self.ward_a else self.device_b
        with self.db.write() as s:
            s.add(
                DistrictDossier(
                    id=uuid.uuid4(),
                    office_id=ward,
                    device_id=device,
                    code=code,
                    procedure_code="1.001",
                    procedure_name=procedure,
                    channel=channel,
                    applicant_masked=masked,
                    received_at=office_at(received, 8),
                    received_day=received,
                    due_at=due,
                    state=DossierState.RETURNED if resolved else DossierState.IN_PROGRESS,
                    resolved_at=resolved,
                    returned_at=resolved,
                    updated_at=NOW,
                )
            )
        return code


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    db = open_server_database(sqlite_url(tmp_path / "district.sqlite3"))
    yield District(db)
    db.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def app(district: District, clock: Clock, sleeps: list[float]) -> FastAPI:
    app = FastAPI()
    add_routes(app, district.db, clock)

    async def noted(seconds: float) -> None:
        sleeps.append(seconds)

    app.state.dashboard_throttle.sleep = noted
    return app


def serve(app: ASGIApp) -> Iterator[str]:
    """``app`` on a real uvicorn on 127.0.0.1 (a free port) while the caller runs."""
    sock = listening_socket("127.0.0.1", 0)
    config = uvicorn.Config(app, log_level="warning", log_config=None, access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture
def url(app: FastAPI) -> Iterator[str]:
    yield from serve(app)


@pytest.fixture
def client(url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=url, follow_redirects=False, headers={"origin": url}) as c:
        yield c


def post(
    client: httpx.Client, path: str, headers: dict[str, str] | None = None, **form: str
) -> httpx.Response:
    """A form POST; ``headers`` replace the client's Origin (None: keep it)."""
    if headers is None:
        return client.post(path, data=form)
    request = client.build_request("POST", path, data=form)
    del request.headers["origin"]
    request.headers.update(headers)
    return client.send(request)


def log_in(client: httpx.Client) -> None:
    answer = post(client, "/login", username="quan1", password=PASSWORD)
    assert answer.status_code == 303 and answer.headers["location"] == "/dashboard"


# --- login -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/dashboard", "/dashboard/overdue", "/dashboard/devices", "/dashboard?from=x"]
)
def test_pages_need_a_login(client: httpx.Client, path: str) -> None:
    answer = client.get(path)
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    client.cookies.set(COOKIE, f"{uuid.uuid4().hex}.made-up")
    assert client.get(path).headers["location"] == "/login"


def test_the_report_needs_a_login_and_the_root_leads_to_the_dashboard(
    client: httpx.Client,
) -> None:
    answer = client.get("/api/dashboard/report")
    assert answer.status_code == 401 and answer.json()["error"] == "login_required"
    assert client.get("/").headers["location"] == "/dashboard"
    form = client.get("/login")
    assert form.status_code == 200 and 'name="password"' in form.text
    assert "script-src" not in form.headers["content-security-policy"]  # no script at all
    assert form.headers["cache-control"] == "no-store"


def test_wrong_password_and_unknown_user_get_the_same_answer_and_wait_longer(
    client: httpx.Client, sleeps: list[float]
) -> None:
    wrong = post(client, "/login", username="quan1", password="sai")
    unknown = post(client, "/login", username="không-có", password="sai")
    inactive_free = post(client, "/login", username="", password="")
    assert wrong.status_code == unknown.status_code == inactive_free.status_code == 401
    assert wrong.text == unknown.text == inactive_free.text
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in wrong.text
    assert COOKIE not in wrong.headers.get("set-cookie", "")
    assert sleeps == [0.0, 0.5, 1.0]  # the same address waits longer after each failure
    log_in(client)  # the right password still works (after its wait), and resets the count
    assert sleeps[-1] == 1.5
    post(client, "/login", username="quan1", password="sai")
    assert sleeps[-1] == 0.0


def test_the_wait_has_a_ceiling_and_is_forgotten(
    client: httpx.Client, sleeps: list[float], clock: Clock
) -> None:
    for _ in range(14):
        post(client, "/login", username="quan1", password="x")
    assert max(sleeps) == dashboard.MAX_DELAY
    clock.now = NOW + dashboard.FORGET_AFTER + timedelta(seconds=1)
    post(client, "/login", username="quan1", password="x")
    assert sleeps[-1] == 0.0


def test_login_opens_a_session_the_database_keeps_only_hashed(
    client: httpx.Client, district: District
) -> None:
    log_in(client)
    cookie = client.cookies[COOKIE]
    raw = post(client, "/login", username="quan1", password=PASSWORD).headers["set-cookie"]
    assert "HttpOnly" in raw and "SameSite=strict" in raw and "Secure" not in raw
    assert "Max-Age=43200" in raw
    session_id, token = cookie.split(".")
    with district.db.read() as s:
        row = s.get(DashboardSession, uuid.UUID(hex=session_id))
        assert row is not None and row.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in row.token_hash
        assert row.expires_at - row.opened_at == timedelta(hours=SESSION_HOURS)
    assert client.get("/dashboard").status_code == 200


def test_over_https_the_cookie_is_secure(client: httpx.Client, url: str) -> None:
    """Behind the district's TLS proxy on this machine (uvicorn trusts X-Forwarded-Proto from
    127.0.0.1), the request is https, so the cookie is Secure."""
    answer = post(
        client,
        "/login",
        {"origin": url.replace("http:", "https:"), "x-forwarded-proto": "https"},
        username="quan1",
        password=PASSWORD,
    )
    assert answer.status_code == 303 and "Secure" in answer.headers["set-cookie"]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"origin": "https://evil.example"},
        {"origin": "null"},
        {"referer": "http://evil.example/x"},
    ],
)
def test_a_post_from_another_site_is_refused(client: httpx.Client, headers: dict[str, str]) -> None:
    answer = post(client, "/login", headers, username="quan1", password=PASSWORD)
    assert answer.status_code == 403 and "set-cookie" not in answer.headers
    referer = post(
        client,
        "/login",
        {"referer": f"{client.base_url}/login"},
        username="quan1",
        password=PASSWORD,
    )
    assert referer.status_code == 303  # no Origin, but a Referer of this server


def test_logout_ends_the_session(client: httpx.Client, district: District) -> None:
    log_in(client)
    cookie = client.cookies[COOKIE]
    assert post(client, "/logout", {}).status_code == 403  # no Origin: refused, session intact
    assert client.get("/dashboard").status_code == 200
    answer = post(client, "/logout")
    assert answer.status_code == 303 and answer.headers["location"] == "/login"
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie)  # the same cookie again, as a copy of it would be
    assert client.get("/dashboard").headers["location"] == "/login"
    assert client.get("/api/dashboard/report").status_code == 401
    with district.db.read() as s:
        assert s.scalars(select(DashboardSession.ended_at)).one() is not None


def test_a_session_lasts_twelve_hours(client: httpx.Client, clock: Clock) -> None:
    log_in(client)
    clock.now = NOW + timedelta(hours=SESSION_HOURS) - timedelta(seconds=1)
    assert client.get("/dashboard").status_code == 200
    clock.now = NOW + timedelta(hours=SESSION_HOURS)
    assert client.get("/dashboard").headers["location"] == "/login"


def test_an_inactive_user_cannot_log_in_nor_keep_a_session(
    client: httpx.Client, district: District
) -> None:
    log_in(client)
    with district.db.write() as s:
        s.scalars(select(DistrictUser)).one().active = False
    assert client.get("/dashboard").headers["location"] == "/login"
    answer = post(client, "/login", username="quan1", password=PASSWORD)
    assert answer.status_code == 401


def test_the_district_app_serves_the_dashboard_to_a_user_added_by_admin(
    district: District, clock: Clock
) -> None:
    """The whole district server (its Guard in front), a user made as `desk-app server
    add-user` makes one, the name typed in another case."""
    from desk_app.server.admin import add_user
    from desk_app.server.district import create_district_app

    add_user(district.db, "Lãnh.Đạo", "admin", "một mật khẩu dài", now=NOW)
    for url in serve(create_district_app(district.db, clock=clock)):
        with httpx.Client(base_url=url, headers={"origin": url}, follow_redirects=True) as c:
            assert c.get("/").url.path == "/login"  # / -> /dashboard -> /login
            post(c, "/login", username="LÃNH.ĐẠO", password="một mật khẩu dài")
            assert c.get("/dashboard").status_code == 200
            assert c.get("/dashboard").url.path == "/dashboard"
            assert c.get("/api/dashboard/report").json()["total"]["received_total"] == 0
            assert c.get("/api/health").json() == {"status": "ok"}


# --- figures ---------------------------------------------------------------------------------

JUNE_10 = date(2026, 6, 10)


def make_june(district: District) -> None:
    """Ward A: the due-day edges; ward B: carried over, online, in progress."""
    a, b = district.ward_a, district.ward_b
    due = office_at(JUNE_10, 16, 30)
    # ward A, received in June, resolved: 2 early, 2 on time, 2 late
    district.dossier(a, date(2026, 6, 2), due, office_at(date(2026, 6, 5), 9))
    district.dossier(a, date(2026, 6, 2), due, office_at(date(2026, 6, 9), 23, 59, 59))
    district.dossier(a, date(2026, 6, 2), due, office_at(JUNE_10, 0, 0))
    district.dossier(a, date(2026, 6, 2), due, due)
    district.dossier(a, date(2026, 6, 2), due, due + timedelta(seconds=1))
    district.dossier(a, date(2026, 6, 3), due, office_at(date(2026, 6, 12), 8))
    # ward A: received in June, not resolved, due later (within)
    district.dossier(a, date(2026, 6, 14), office_at(date(2026, 6, 20), 17))
    # ward A: resolved in May, not part of June at all
    district.dossier(
        a, date(2026, 5, 4), office_at(date(2026, 5, 8), 17), office_at(date(2026, 5, 7), 9)
    )
    # ward B: carried over from May, one resolved in June on time, one still open (overdue)
    district.dossier(
        b, date(2026, 5, 25), office_at(date(2026, 6, 1), 17), office_at(date(2026, 6, 1), 15)
    )
    district.dossier(
        b, date(2026, 5, 26), office_at(date(2026, 6, 2), 17), code="DK.0001", masked="T*** T** B"
    )
    # ward B: online, received today, open
    district.dossier(b, NOW.date(), office_at(date(2026, 6, 18), 17), channel="online")
    # ward B: received after the period asked for below
    district.dossier(b, date(2026, 7, 1), office_at(date(2026, 7, 3), 17))


def test_counts_per_ward_follow_the_circular(client: httpx.Client, district: District) -> None:
    make_june(district)
    log_in(client)
    answer = client.get("/api/dashboard/report", params={"from": "2026-06-01", "to": "2026-06-30"})
    assert answer.status_code == 200
    report = answer.json()
    assert report["period"] == {"from": "2026-06-01", "to": "2026-06-30"}
    wards = {w["code"]: w for w in report["rows"]}
    a, b = wards["000.00.01.H01"], wards["000.00.02.H01"]
    assert a["label"] == "Phường Bến Nghé"
    assert {k: a[k] for k in COUNT_NAMES} == {
        "received_total": 7,
        "received_online": 0,
        "received_direct": 7,
        "carried_over": 0,
        "resolved_total": 6,
        "resolved_early": 2,
        "resolved_on_time": 2,
        "resolved_late": 2,
        "in_progress_total": 1,
        "in_progress_within": 1,  # June is still running: due on the 20th, now the 15th
        "in_progress_overdue": 0,
    }
    assert {k: b[k] for k in COUNT_NAMES} == {
        "received_total": 3,
        "received_online": 1,
        "received_direct": 0,
        "carried_over": 2,
        "resolved_total": 1,
        "resolved_early": 0,
        "resolved_on_time": 1,
        "resolved_late": 0,
        "in_progress_total": 2,
        "in_progress_within": 1,
        "in_progress_overdue": 1,
    }
    assert report["total"]["received_total"] == 10
    assert report["total"]["resolved_late"] == 2


def test_the_default_period_is_this_month_and_today_is_shown(
    client: httpx.Client, district: District
) -> None:
    make_june(district)
    log_in(client)
    assert client.get("/api/dashboard/report").json()["period"]["from"] == "2026-06-01"
    page = client.get("/dashboard").text
    assert "Hôm nay, 15/06/2026" in page
    assert "Kỳ báo cáo từ 01/06/2026 đến 30/06/2026" in page
    assert "Phường Bến Nghé" in page and "Phường Đa Kao" in page and "Toàn quận" in page
    assert "?from=2026-04-01&amp;to=2026-06-30" in page  # this quarter
    assert "?from=2026-01-01&amp;to=2026-12-31" in page  # this year
    today = client.get("/api/dashboard/report", params={"from": "2026-06-15", "to": "2026-06-15"})
    b = {w["code"]: w for w in today.json()["rows"]}["000.00.02.H01"]
    assert (b["received_online"], b["carried_over"], b["in_progress_overdue"]) == (1, 1, 1)


def test_the_period_report_downloads_as_the_workstation_s_pdf_and_xlsx(
    client: httpx.Client, district: District
) -> None:
    """The district's report is form II.06a with a line per ward, the same renderer as a
    workstation's; what the district cannot know (supplements, extensions) is left out."""
    from openpyxl import load_workbook
    from pypdf import PdfReader

    make_june(district)
    log_in(client)
    period = {"from": "2026-06-01", "to": "2026-06-30"}
    page = client.get("/dashboard", params=period).text
    assert "/api/dashboard/report?from=2026-06-01&amp;to=2026-06-30&amp;format=pdf" in page
    as_json = client.get("/api/dashboard/report", params=period).json()
    pdf = client.get("/api/dashboard/report", params={**period, "format": "pdf"})
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert "attachment" in pdf.headers["content-disposition"]
    flat = " ".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "Biểu số II.06a/VPCP/KSTT" in flat and "Tháng 6 năm 2026" in flat
    assert "- Đơn vị báo cáo: UBND Quận 1" in flat  # the wards' own upper unit
    for row in as_json["rows"]:
        numbers = " ".join(str(row[name]) for name in COUNT_NAMES)
        assert f"{row['label']} {numbers}" in flat
    assert "Đang chờ bổ sung" not in flat and "Từ chối giải quyết" in flat
    xlsx = client.get("/api/dashboard/report", params={**period, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content))["II.06a"]
    assert [sheet.cell(12, c).value for c in (2, 3)] == ["Phường Bến Nghé", 7]
    assert client.get("/api/dashboard/report", params={"format": "doc"}).status_code == 422


def test_a_bad_period_is_refused_or_replaced(client: httpx.Client) -> None:
    log_in(client)
    for params in ({"from": "2026-06-30", "to": "2026-06-01"}, {"from": "hôm qua"}):
        assert client.get("/api/dashboard/report", params=params).status_code == 422
        assert "Khoảng thời gian không hợp lệ" in client.get("/dashboard", params=params).text


def test_the_overdue_list(client: httpx.Client, district: District) -> None:
    make_june(district)
    district.dossier(
        district.ward_a,
        date(2026, 6, 1),
        office_at(date(2026, 6, 12), 17),
        code="BN.<b>",
        masked="L** <T>",
    )
    log_in(client)
    page = client.get("/dashboard/overdue").text
    assert "Có 2 hồ sơ chưa có kết quả đã quá hạn giải quyết" in page
    assert page.index("DK.0001") < page.index("BN.&lt;b&gt;")  # the longest overdue first
    assert "02/06/2026 17:00" in page and ">13<" in page  # due 2 June: 13 days late
    assert "L** &lt;T&gt;" in page and "<T>" not in page
    assert "T*** T** B" in page and "Phường Đa Kao" in page
    assert "H01.0007" not in page  # open but within its deadline


def make_device_trouble(district: District) -> None:
    """Device A: a backlog, a forked chain, a slow clock and three quarantined events;
    device B revoked yesterday."""
    with district.db.write() as s:
        a = s.get(Device, district.device_a)
        b = s.get(Device, district.device_b)
        assert a is not None and b is not None
        a.waiting, a.oldest_waiting_at, a.chain, a.clock_skew_s = (
            12,
            NOW - timedelta(hours=5),
            "fork",
            -420,
        )
        b.revoked_at = NOW - timedelta(days=1)
        for _ in range(3):
            s.add(
                QuarantinedEvent(
                    event_id=uuid.uuid4(),
                    office_id=district.ward_a,
                    device_id=district.device_a,
                    outcome="rejected",
                    reason="code_taken",
                    content_hash="0" * 64,
                    envelope="{}",
                    quarantined_at=NOW,
                    resolved_at=None,
                )
            )


def test_the_devices_page(client: httpx.Client, district: District) -> None:
    make_device_trouble(district)
    log_in(client)
    page = client.get("/dashboard/devices").text
    assert "Sự kiện đang cách ly chờ quản trị xem xét: 3." in page
    assert "BN-01" in page and "DK-01" in page
    assert "Rẽ nhánh" in page and "-420" in page and ">12<" in page
    assert "15/06/2026 05:00" in page  # oldest waiting, office time
    assert "15/06/2026 09:57" in page  # last seen
    assert "14/06/2026 10:00" in page  # revoked


def test_every_value_is_escaped(client: httpx.Client, district: District) -> None:
    with district.db.write() as s:
        office = s.get(DistrictOffice, district.ward_a)
        assert office is not None
        office.name = '<script>alert("x")</script>'
    log_in(client)
    for path in ("/dashboard", "/dashboard/devices"):
        page = client.get(path).text
        assert "<script>" not in page and "&lt;script&gt;" in page


# --- a real browser --------------------------------------------------------------------------


class WithCookie:
    """The browser's side of a logged-in session: adds the session cookie to each request for
    a dashboard page (not /login), as a browser that had logged in would send it. Test side
    only: the app has no route or switch for it."""

    def __init__(self, app: ASGIApp, cookie: str) -> None:
        self.app, self.cookie = app, cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].startswith("/dashboard"):
            headers = [(k, v) for k, v in scope["headers"] if k != b"cookie"]
            headers.append((b"cookie", f"{COOKIE}={self.cookie}".encode()))
            scope = dict(scope, headers=headers)
        await self.app(scope, receive, send)


@pytest.fixture
def served(app: FastAPI, district: District) -> Iterator[str]:
    with district.db.read() as s:
        user = s.scalars(select(DistrictUser)).one().id
    yield from serve(WithCookie(app, open_session(district.db, user, NOW.astimezone(UTC))))


def test_a_browser_shows_the_dashboard(served: str, district: District, tmp_path: Path) -> None:
    make_june(district)
    make_device_trouble(district)
    for n in range(6):  # a few more wards, so the table has some length
        with district.db.write() as s:
            s.add(
                DistrictOffice(
                    id=uuid.uuid4(),
                    agency_id=f"000.00.1{n}.H01",
                    name=f"Phường Tân Định {n + 1}",
                    created_at=NOW,
                )
            )
    shots = SHOTS if SHOTS.parent.exists() else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    profile = tmp_path / "profile"
    login_dom = chromium(f"--user-data-dir={profile}", "--dump-dom", f"{served}/login")
    assert "Đăng nhập bảng theo dõi của quận" in login_dom and 'type="password"' in login_dom
    dom = chromium(f"--user-data-dir={profile}", "--dump-dom", f"{served}/dashboard")
    assert "Phường Bến Nghé" in dom and "Toàn quận" in dom
    views = [
        ("dashboard", "/dashboard", "1280,900"),
        ("dashboard-overdue", "/dashboard/overdue", "1280,900"),
        ("dashboard-devices", "/dashboard/devices", "1280,900"),
        ("dashboard-login", "/login", "1280,900"),
        ("dashboard-phone", "/dashboard", "390,2400"),
        ("dashboard-overdue-phone", "/dashboard/overdue", "390,1200"),
        ("dashboard-devices-phone", "/dashboard/devices", "390,1200"),
    ]
    for name, path, size in views:
        target = shots / f"{name}.png"
        target.unlink(missing_ok=True)
        chromium(
            f"--user-data-dir={profile}",
            f"--window-size={size}",
            f"--screenshot={target}",
            f"{served}{path}",
        )
        assert target.stat().st_size > 10_000, name  # a page, not a blank
    shutil.rmtree(profile, ignore_errors=True)
