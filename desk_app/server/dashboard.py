"""The district dashboard (issue 11): login for district users, the figures per ward, the
overdue list, the workstations' sync health, and the period report (form II.06a) as JSON, PDF
or XLSX, made as a workstation makes it (`desk_app.printing.period_report`).

Login. A `DistrictUser`'s argon2id hash is checked as the workstation checks an officer's
(`argon2.PasswordHasher`); an unknown or inactive name is checked against a dummy hash, so
it gets the same answer after the same work. Each address that gets a password wrong waits
DELAY_PER_FAILURE more before its next try is looked at (at most MAX_DELAY), until
FORGET_AFTER has passed without a failure. A login opens a `DashboardSession` of
SESSION_HOURS: the cookie holds "<id>.<token>", the row only the token's SHA-256.

CSRF. The session cookie is SameSite=Strict, so no request started on another site carries
it; and every POST (login, logout) must come with an Origin (or, failing that, a Referer)
naming this server's own host, else it is refused. That also stops a forged login form (a
victim logged into the attacker's account), which SameSite alone cannot, and it needs no
pre-login cookie or hidden token: every browser the district uses sends Origin on a POST.
The cookie is HttpOnly, and Secure when the request came over https.

Pages are plain HTML (desk_app.server.pages) with no script; a page without a valid session
redirects to /login, the JSON report answers 401.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import secrets
import threading
import unicodedata
import uuid
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy import func, or_, select
from starlette.concurrency import run_in_threadpool

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.dossier import Channel
from desk_app.core.errors import N_
from desk_app.core.lifecycle import DossierState
from desk_app.core.period_report import (
    DossierRow,
    ExtraCounts,
    Period,
    PeriodCounts,
    PeriodReportData,
    ReportLine,
    classified,
    month_of,
    period_report,
    quarter_of,
    tally_lines,
    total_of,
    year_of,
)
from desk_app.server.pages import (
    Column,
    day_text,
    esc,
    html_response,
    page,
    plain,
    table,
    text,
    time_text,
)
from desk_app.server.schema import (
    DashboardSession,
    Device,
    DistrictDossier,
    DistrictOffice,
    DistrictUser,
    QuarantinedEvent,
)
from desk_app.services.context import Clock
from desk_app.store.db import Database
from desk_app.sync.protocol import CLOCK_SKEW_WARNING_S

COOKIE = "desk_district_session"
SESSION_HOURS = 12
TOKEN_BYTES = 32
DELAY_PER_FAILURE = 0.5
MAX_DELAY = 5.0
FORGET_AFTER = timedelta(minutes=15)
ADDRESSES_KEPT = 10_000
OVERDUE_SHOWN = 500
MAX_PERIOD_DAYS = 3 * 366

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not-a-district-account-password")

Sleep = Callable[[float], Awaitable[None]]


# --- login: throttle, password, session -------------------------------------------------------


class Throttle:
    """Wrong passwords per address, in memory: each makes the next try wait longer. The wait
    is awaited on the event loop, never slept in a worker thread: many wrong logins at once
    would otherwise hold every worker and stall the workstations' sync."""

    def __init__(self, sleep: Sleep = asyncio.sleep) -> None:
        self.sleep = sleep
        self._failures: OrderedDict[str, tuple[int, datetime]] = OrderedDict()
        self._lock = threading.Lock()

    def delay(self, address: str, now: datetime) -> float:
        with self._lock:
            count, last = self._failures.get(address, (0, now))
            if now - last > FORGET_AFTER:
                self._failures.pop(address, None)
                count = 0
        return min(count * DELAY_PER_FAILURE, MAX_DELAY)

    def failed(self, address: str, now: datetime) -> None:
        with self._lock:
            count, last = self._failures.pop(address, (0, now))
            if now - last > FORGET_AFTER:
                count = 0
            self._failures[address] = (count + 1, now)
            while len(self._failures) > ADDRESSES_KEPT:
                self._failures.popitem(last=False)

    def succeeded(self, address: str) -> None:
        with self._lock:
            self._failures.pop(address, None)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def check_login(db: Database, username: str, password: str) -> uuid.UUID | None:
    """The user's id when ``password`` is theirs and the account is active, else None, after
    the same argon2 work either way."""
    with db.read() as session:
        user = session.scalar(select(DistrictUser).where(DistrictUser.username == username))
        found = (user.id, user.password_hash, user.active) if user is not None else None
    stored = found[1] if found is not None else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
        matches = True
    except (VerificationError, InvalidHashError):
        matches = False
    if found is None or not matches or not found[2]:
        return None
    return found[0]


def open_session(db: Database, user_id: uuid.UUID, now: datetime) -> str:
    """A new session for ``user_id``: the cookie's value."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    session_id = uuid.uuid4()
    with db.write() as session:
        session.add(
            DashboardSession(
                id=session_id,
                user_id=user_id,
                token_hash=_token_hash(token),
                opened_at=now,
                expires_at=now + timedelta(hours=SESSION_HOURS),
                ended_at=None,
            )
        )
    return f"{session_id.hex}.{token}"


@dataclass(frozen=True)
class Viewer:
    session_id: uuid.UUID
    username: str
    role: str


def _parse_cookie(value: str) -> tuple[uuid.UUID, str] | None:
    raw_id, _, token = value.partition(".")
    try:
        return uuid.UUID(hex=raw_id), token
    except ValueError:
        return None


def session_user(db: Database, cookie: str | None, now: datetime) -> Viewer | None:
    """Who the cookie's session belongs to, if it is open, unexpired and the user active."""
    parsed = _parse_cookie(cookie or "")
    if parsed is None or not parsed[1]:
        return None
    session_id, token = parsed
    with db.read() as session:
        row = session.get(DashboardSession, session_id)
        if row is None or not hmac.compare_digest(row.token_hash, _token_hash(token)):
            return None
        if row.ended_at is not None or row.expires_at <= now:
            return None
        user = session.get(DistrictUser, row.user_id)
        if user is None or not user.active:
            return None
        return Viewer(session_id, user.username, user.role)


def end_session(db: Database, cookie: str | None, now: datetime) -> None:
    parsed = _parse_cookie(cookie or "")
    if parsed is None:
        return
    with db.write() as session:
        row = session.get(DashboardSession, parsed[0])
        if (
            row is not None
            and row.ended_at is None
            and hmac.compare_digest(row.token_hash, _token_hash(parsed[1]))
        ):
            row.ended_at = now


def same_origin(request: Request) -> bool:
    """Whether a POST says it comes from a page of this server (Origin, else Referer)."""
    claimed = request.headers.get("origin") or request.headers.get("referer")
    host = request.headers.get("host")
    if not claimed or not host or claimed == "null":
        return False
    return urlsplit(claimed).netloc.lower() == host.lower()


# --- the figures --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Ward:
    id: uuid.UUID
    agency_id: str
    name: str


def office_today(now: datetime) -> date:
    return now.astimezone(OFFICE_TZ).date()


def load_wards(db: Database) -> list[Ward]:
    with db.read() as session:
        offices = session.scalars(select(DistrictOffice).order_by(DistrictOffice.name))
        return [Ward(o.id, o.agency_id, o.name) for o in offices]


def load_rows(db: Database, period: Period) -> list[DossierRow[uuid.UUID]]:
    """The dossiers that can count in ``period``: received by its end, unresolved at its start
    (each row's ``ref`` is its state: refused and stopped are told apart in the report)."""
    d = DistrictDossier
    query = select(d.office_id, d.received_day, d.due_at, d.resolved_at, d.channel, d.state).where(
        d.received_day <= period.last,
        or_(d.resolved_at.is_(None), d.resolved_at >= period.starts_at),
    )
    with db.read() as session:
        return [
            DossierRow(office, received, due, resolved, channel == Channel.ONLINE.value, ref=state)
            for office, received, due, resolved, channel, state in session.execute(query)
        ]


def ward_report(
    db: Database, period: Period, now: datetime
) -> tuple[list[tuple[Ward, PeriodCounts]], PeriodCounts]:
    """Every ward's counts (zeros for a ward with nothing in the period) and the total."""
    report = period_report(load_rows(db, period), period, now)
    wards = load_wards(db)
    rows = [(ward, report.get(ward.id, PeriodCounts())) for ward in wards]
    return rows, total_of(report)


class BadPeriod(ValueError):
    pass


def parse_period(query: dict[str, str], today: date) -> Period:
    """?from=&to= (ISO days), this month by default; BadPeriod when they make no period."""
    raw_from, raw_to = query.get("from", "").strip(), query.get("to", "").strip()
    if not raw_from and not raw_to:
        return month_of(today)
    try:
        first = date.fromisoformat(raw_from) if raw_from else month_of(today).first
        last = date.fromisoformat(raw_to) if raw_to else today
        period = Period(first, last)
    except ValueError:
        raise BadPeriod() from None
    if (period.last - period.first).days > MAX_PERIOD_DAYS:
        raise BadPeriod()
    return period


# --- HTML ---------------------------------------------------------------------------------------

FIGURE_COLUMNS = (
    ("received_total", N_("Tổng số")),
    ("received_online", N_("Trực tuyến")),
    ("received_direct", N_("Trực tiếp, bưu chính")),
    ("carried_over", N_("Kỳ trước chuyển sang")),
    ("resolved_total", N_("Tổng số")),
    ("resolved_early", N_("Trước hạn")),
    ("resolved_on_time", N_("Đúng hạn")),
    ("resolved_late", N_("Quá hạn")),
    ("in_progress_total", N_("Tổng số")),
    ("in_progress_within", N_("Trong hạn")),
    ("in_progress_overdue", N_("Quá hạn")),
)
GROUP_OF = {
    "received": N_("Tiếp nhận"),
    "resolved": N_("Đã giải quyết"),
    "in_progress": N_("Đang giải quyết"),
}
CHAIN_LABELS = {
    "ok": N_("Bình thường"),
    "gap": N_("Thiếu sự kiện"),
    "fork": N_("Rẽ nhánh"),
    "rewritten": N_("Bị ghi lại"),
}

NAV = (
    ("/dashboard", N_("Tổng quan")),
    ("/dashboard/overdue", N_("Hồ sơ quá hạn")),
    ("/dashboard/devices", N_("Máy trạm")),
)


def header(viewer: Viewer, current: str) -> str:
    links = "".join(
        f'<a href="{href}"{" aria-current=page" if href == current else ""}>{text(label)}</a>'
        for href, label in NAV
    )
    return (
        f'<header><span class="brand">{text(N_("Bảng theo dõi của quận"))}</span>{links}'
        f'<span class="muted" style="color:#dbe7f3">{esc(viewer.username)}</span>'
        f'<form method="post" action="/logout"><button type="submit">'
        f"{text(N_('Đăng xuất'))}</button></form></header>"
    )


def _column_label(key: str, label: str) -> str:
    group = next((g for prefix, g in GROUP_OF.items() if key.startswith(prefix)), None)
    return f"{plain(group or GROUP_OF['received'])}: {plain(label)}"  # carried over: received


def figures_table(rows: list[tuple[Ward, PeriodCounts]], total: PeriodCounts) -> str:
    columns = [Column(plain(N_("Phường, xã")))] + [
        Column(_column_label(key, label), numeric=True) for key, label in FIGURE_COLUMNS
    ]
    head = (
        f'<tr><th rowspan="2">{text(N_("Phường, xã"))}</th>'
        f'<th colspan="4">{text(GROUP_OF["received"])}</th>'
        f'<th colspan="4">{text(GROUP_OF["resolved"])}</th>'
        f'<th colspan="3">{text(GROUP_OF["in_progress"])}</th></tr><tr>'
        + "".join(f'<th class="n">{text(label)}</th>' for _, label in FIGURE_COLUMNS)
        + "</tr>"
    )
    body: list[list[str]] = []
    classes: list[str] = []
    for ward, counts in [*rows, (None, total)]:
        values = counts.as_dict()
        name = esc(ward.name) if ward is not None else text(N_("Toàn quận"))
        cells = [name]
        for key, _ in FIGURE_COLUMNS:
            value = values[key]
            warn = key in ("resolved_late", "in_progress_overdue") and value > 0
            cells.append(f'<span class="warn">{value}</span>' if warn else str(value))
        body.append(cells)
        classes.append("total" if ward is None else "")
    desk = table(columns, body, head_html=head, row_classes=classes, desk_only=True)
    return desk + figures_cards([*rows, (None, total)])


def figures_cards(rows: list[tuple[Ward | None, PeriodCounts]]) -> str:
    """The phone's view of the figures: a card per ward, a line per group (its total large,
    its parts below)."""

    def part(label: str, value: int, warn: bool = False) -> str:
        shown = f'<span class="warn">{value}</span>' if warn and value else str(value)
        return f"<span>{text(label)} {shown}</span>"

    cards = []
    for ward, counts in rows:
        c = counts
        name = esc(ward.name) if ward is not None else text(N_("Toàn quận"))
        lines = (
            (GROUP_OF["received"], c.received_total, (
                part(N_("Trực tuyến"), c.received_online),
                part(N_("Trực tiếp, bưu chính"), c.received_direct),
                part(N_("Kỳ trước chuyển sang"), c.carried_over),
            )),
            (GROUP_OF["resolved"], c.resolved_total, (
                part(N_("Trước hạn"), c.resolved_early),
                part(N_("Đúng hạn"), c.resolved_on_time),
                part(N_("Quá hạn"), c.resolved_late, warn=True),
            )),
            (GROUP_OF["in_progress"], c.in_progress_total, (
                part(N_("Trong hạn"), c.in_progress_within),
                part(N_("Quá hạn"), c.in_progress_overdue, warn=True),
            )),
        )  # fmt: skip
        body = "".join(
            f'<p><b>{text(group)}</b><span class="big">{total}</span>'
            f"<small>{' · '.join(parts)}</small></p>"
            for group, total, parts in lines
        )
        klass = "ward total" if ward is None else "ward"
        cards.append(f'<div class="{klass}"><h3>{name}</h3>{body}</div>')
    return f'<div class="phone">{"".join(cards)}</div>'


def period_links(today: date) -> str:
    shortcuts = (
        (N_("Tháng này"), month_of(today)),
        (N_("Quý này"), quarter_of(today)),
        (N_("Năm nay"), year_of(today)),
    )
    return " ".join(
        f'<a href="/dashboard?from={p.first.isoformat()}&amp;to={p.last.isoformat()}">'
        f"{text(label)}</a>"
        for label, p in shortcuts
    )


def report_links(period: Period) -> str:
    """The period's report as form II.06a, to download: PDF, XLSX, JSON."""
    query = f"from={period.first.isoformat()}&amp;to={period.last.isoformat()}"
    links = " · ".join(
        f'<a href="/api/dashboard/report?{query}&amp;format={fmt}">{fmt.upper()}</a>'
        for fmt in ("pdf", "xlsx", "json")
    )
    return f"<p>{text(N_('Báo cáo theo Biểu số II.06a/VPCP/KSTT:'))} {links}</p>"


def dashboard_page(db: Database, viewer: Viewer, query: dict[str, str], now: datetime) -> str:
    today = office_today(now)
    notice = ""
    try:
        period = parse_period(query, today)
    except BadPeriod:
        period = month_of(today)
        notice = (
            f'<div class="card notice">'
            f"{text(N_('Khoảng thời gian không hợp lệ; đang hiển thị tháng này.'))}</div>"
        )
    today_rows, today_total = ward_report(db, Period(today, today), now)
    period_rows, period_total = ward_report(db, period, now)
    share = period_total.online_share
    share_text = (
        text(N_("Tỷ lệ tiếp nhận trực tuyến: {percent}%."), percent=f"{share * 100:.1f}")
        if share is not None
        else ""
    )
    form = (
        '<form class="bar" method="get" action="/dashboard">'
        f'<div><label for="from">{text(N_("Từ ngày"))}</label>'
        f'<input type="date" id="from" name="from" value="{period.first.isoformat()}"></div>'
        f'<div><label for="to">{text(N_("Đến ngày"))}</label>'
        f'<input type="date" id="to" name="to" value="{period.last.isoformat()}"></div>'
        f'<div><button class="main" type="submit">{text(N_("Xem"))}</button></div>'
        f"<div>{period_links(today)}</div></form>"
    )
    body = (
        f"<h1>{text(N_('Tình hình giải quyết thủ tục hành chính'))}</h1>"
        f'<p class="muted">{text(N_("Số liệu tính đến {time}."), time=time_text(now))}</p>'
        f"{notice}"
        f"<h2>{text(N_('Hôm nay, {day}'), day=day_text(today))}</h2>"
        f"{figures_table(today_rows, today_total)}"
        f"<h2>{text(N_('Kỳ báo cáo từ {first} đến {last}'), first=day_text(period.first), last=day_text(period.last))}</h2>"  # noqa: E501
        f'<div class="card">{form}</div>'
        f"{figures_table(period_rows, period_total)}"
        f"{report_links(period)}"
        f'<p class="muted">{share_text} '
        f"{text(N_('Đơn vị tính: hồ sơ. Trước hạn: có kết quả trước ngày hẹn; đúng hạn: trong ngày hẹn, không sau giờ hẹn; quá hạn: sau giờ hẹn.'))}</p>"  # noqa: E501
    )
    return page(plain(N_("Bảng theo dõi của quận")), body, header_html=header(viewer, "/dashboard"))


def overdue_page(db: Database, viewer: Viewer, now: datetime) -> str:
    d, o = DistrictDossier, DistrictOffice
    today = office_today(now)
    with db.read() as session:
        where = (d.resolved_at.is_(None), d.due_at < now)
        count = session.scalar(select(func.count()).select_from(d).where(*where)) or 0
        found = session.execute(
            select(d.code, o.name, d.procedure_name, d.applicant_masked, d.due_at)
            .join(o, o.id == d.office_id)
            .where(*where)
            .order_by(d.due_at, d.code)
            .limit(OVERDUE_SHOWN)
        ).all()
    columns = [
        Column(plain(N_("Mã hồ sơ"))),
        Column(plain(N_("Phường, xã"))),
        Column(plain(N_("Thủ tục"))),
        Column(plain(N_("Người nộp"))),
        Column(plain(N_("Hạn giải quyết"))),
        Column(plain(N_("Số ngày quá hạn")), numeric=True),
    ]
    rows = [
        [
            esc(code),
            esc(ward),
            esc(procedure),
            esc(masked),
            esc(time_text(due)),
            str(max((today - due.astimezone(OFFICE_TZ).date()).days, 0)),
        ]
        for code, ward, procedure, masked, due in found
    ]
    if count == 0:
        listing = f'<div class="card">{text(N_("Không có hồ sơ nào quá hạn."))}</div>'
    else:
        listing = table(columns, rows)
    more = (
        f'<p class="muted">{text(N_("Đang hiển thị {shown} hồ sơ quá hạn lâu nhất trong số {count}."), shown=len(rows), count=count)}</p>'  # noqa: E501
        if count > len(rows)
        else ""
    )
    body = (
        f"<h1>{text(N_('Hồ sơ quá hạn'))}</h1>"
        f'<p class="muted">{text(N_("Có {count} hồ sơ chưa có kết quả đã quá hạn giải quyết, tính đến {time}."), count=count, time=time_text(now))}</p>'  # noqa: E501
        f"{listing}{more}"
    )
    return page(plain(N_("Hồ sơ quá hạn")), body, header_html=header(viewer, "/dashboard/overdue"))


def devices_page(db: Database, viewer: Viewer, now: datetime) -> str:
    o, q = DistrictOffice, QuarantinedEvent
    with db.read() as session:
        devices = session.execute(
            select(Device, o.name)
            .join(o, o.id == Device.office_id)
            .order_by(o.name, Device.workstation_code)
        ).all()
        open_quarantine = q.resolved_at.is_(None)
        quarantined = session.scalar(select(func.count()).select_from(q).where(open_quarantine))
        per_device = dict(
            session.execute(
                select(q.device_id, func.count()).where(open_quarantine).group_by(q.device_id)
            ).all()
        )
    columns = [
        Column(plain(N_("Phường, xã"))),
        Column(plain(N_("Máy trạm"))),
        Column(plain(N_("Lần cuối liên lạc"))),
        Column(plain(N_("Sự kiện chờ gửi")), numeric=True),
        Column(plain(N_("Chờ lâu nhất từ"))),
        Column(plain(N_("Chuỗi nhật ký"))),
        Column(plain(N_("Lệch đồng hồ (giây)")), numeric=True),
        Column(plain(N_("Sự kiện cách ly")), numeric=True),
        Column(plain(N_("Thu hồi"))),
    ]

    def flag(value: str, bad: bool) -> str:
        return f'<span class="warn">{value}</span>' if bad else value

    rows = []
    for device, ward in devices:
        chain = text(CHAIN_LABELS.get(device.chain, device.chain))
        held = int(per_device.get(device.id, 0))
        rows.append(
            [
                esc(ward),
                esc(device.workstation_code),
                esc(time_text(device.last_seen_at)),
                str(device.waiting),
                esc(time_text(device.oldest_waiting_at)),
                flag(chain, device.chain != "ok"),
                flag(str(device.clock_skew_s), abs(device.clock_skew_s) > CLOCK_SKEW_WARNING_S),
                flag(str(held), held > 0),
                flag(esc(time_text(device.revoked_at)), device.revoked_at is not None),
            ]
        )
    listing = (
        table(columns, rows)
        if rows
        else f'<div class="card">{text(N_("Chưa có máy trạm nào đăng ký."))}</div>'
    )
    body = (
        f"<h1>{text(N_('Tình trạng đồng bộ của các máy trạm'))}</h1>"
        f'<div class="card{" notice" if quarantined else ""}">'
        f"{text(N_('Sự kiện đang cách ly chờ quản trị xem xét: {count}.'), count=quarantined or 0)}</div>"  # noqa: E501
        f"{listing}"
        f'<p class="muted">{text(N_("Giờ hiển thị theo giờ Việt Nam; số liệu tính đến {time}."), time=time_text(now))}</p>'  # noqa: E501
    )
    return page(plain(N_("Máy trạm")), body, header_html=header(viewer, "/dashboard/devices"))


def login_page(error: str = "") -> str:
    problem = f'<div class="card error" role="alert">{error}</div>' if error else ""
    body = (
        f'<div class="login"><h1>{text(N_("Đăng nhập bảng theo dõi của quận"))}</h1>{problem}'
        '<form class="card" method="post" action="/login">'
        f'<label for="username">{text(N_("Tên đăng nhập"))}</label>'
        '<input id="username" name="username" autocomplete="username" required autofocus>'
        f'<label for="password">{text(N_("Mật khẩu"))}</label>'
        '<input id="password" name="password" type="password" '
        'autocomplete="current-password" required>'
        f'<button class="main" type="submit">{text(N_("Đăng nhập"))}</button></form></div>'
    )
    return page(plain(N_("Đăng nhập")), body)


# What the district knows of the supervisors' figures: states, not the supplement or extension
# history (its dossiers are projections of the events).
DISTRICT_EXTRAS = ("refused", "stopped")


def _district_extras(row: DossierRow[uuid.UUID], kinds: tuple[str, ...]) -> Iterator[str]:
    if "resolved_total" in kinds and row.ref is DossierState.REFUSED:
        yield "refused"
    elif "resolved_total" in kinds and row.ref is DossierState.STOPPED:
        yield "stopped"


def district_report(db: Database, period: Period, now: datetime) -> PeriodReportData:
    """The period report with one line per ward (zeros for a ward with nothing in it), as the
    workstation's: the same JSON, PDF and XLSX (`desk_app.printing.period_report`). The
    reporting unit is the wards' upper unit when they all name the same one (the district)."""
    counted = classified(load_rows(db, period), period, now)
    lines, total, total_extras = tally_lines(counted, _district_extras)
    ordered = tuple(
        replace(
            lines.get(ward.id) or ReportLine(ward.name, PeriodCounts(), ExtraCounts()),
            label=ward.name,
            code=ward.agency_id,
        )
        for ward in load_wards(db)
    )
    with db.read() as session:
        uppers = set(session.scalars(select(DistrictOffice.upper_unit).distinct()))
    return PeriodReportData(
        period=period,
        by="unit",
        reporting_unit=uppers.pop() if len(uppers) == 1 else "",
        receiving_unit="",
        as_of=now,
        lines=ordered,
        total=total,
        total_extras=total_extras,
        extra_names=DISTRICT_EXTRAS,
    )


REPORT_MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def report_response(data: PeriodReportData, fmt: str) -> Response:
    """``/api/dashboard/report`` as JSON (the workstation's `report_json`), PDF or XLSX."""
    from desk_app.services.period_report import report_json

    if fmt not in REPORT_MEDIA:
        return JSONResponse(report_json(data), headers={"Cache-Control": "no-store"})
    from desk_app.printing.period_report import (
        render_period_report_pdf,
        render_period_report_xlsx,
    )

    render = render_period_report_pdf if fmt == "pdf" else render_period_report_xlsx
    name = f"bao-cao-{data.period.first.isoformat()}-{data.period.last.isoformat()}.{fmt}"
    return Response(
        render(data),
        media_type=REPORT_MEDIA[fmt],
        headers={
            "Cache-Control": "no-store",
            "Content-Disposition": f'attachment; filename="{name}"',
        },
    )


# --- routes -------------------------------------------------------------------------------------


def add_routes(app: FastAPI, db: Database, clock: Clock) -> None:
    """Add /, /login, /logout, /dashboard, /dashboard/overdue, /dashboard/devices and
    /api/dashboard/report to ``app``. Every handler is a plain ``def``: FastAPI runs it in a
    worker thread, so the database and argon2 never hold up the event loop."""
    throttle = Throttle()
    app.state.dashboard_throttle = throttle  # tests replace its sleep

    def viewer_of(request: Request) -> Viewer | None:
        return session_user(db, request.cookies.get(COOKIE), clock())

    def to_login() -> Response:
        return RedirectResponse("/login", status_code=303)

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/dashboard", status_code=303)

    @app.get("/login", include_in_schema=False)
    def login_form() -> Response:
        return html_response(login_page())

    @app.post("/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        body = await request.body()  # the Guard in front limits its size
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        origin_ok = same_origin(request)
        if origin_ok:
            address = request.client.host if request.client else "?"
            await throttle.sleep(throttle.delay(address, clock()))
        return await _in_thread(_login, request, form, origin_ok)

    def _login(request: Request, form: dict[str, str], origin_ok: bool) -> Response:
        if not origin_ok:
            return html_response(
                login_page(text(N_("Yêu cầu đăng nhập không đến từ trang của máy chủ này."))),
                403,
            )
        address = request.client.host if request.client else "?"
        # as admin.add_user keeps it: NFC, trimmed, lower case
        username = unicodedata.normalize("NFC", form.get("username", "")).strip().lower()[:64]
        user_id = check_login(db, username, form.get("password", "")[:1024])
        if user_id is None:
            throttle.failed(address, clock())
            return html_response(
                login_page(text(N_("Tên đăng nhập hoặc mật khẩu không đúng."))), 401
            )
        throttle.succeeded(address)
        cookie = open_session(db, user_id, clock())
        response = RedirectResponse("/dashboard", status_code=303)
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=SESSION_HOURS * 3600,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request) -> Response:
        if not same_origin(request):
            return html_response(
                page(
                    plain(N_("Đăng xuất")),
                    text(N_("Yêu cầu không đến từ trang của máy chủ này.")),
                ),
                403,
            )
        end_session(db, request.cookies.get(COOKIE), clock())
        response = to_login()
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict")
        return response

    @app.get("/dashboard", include_in_schema=False)
    def dashboard(request: Request) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login()
        return html_response(dashboard_page(db, viewer, dict(request.query_params), clock()))

    @app.get("/dashboard/overdue", include_in_schema=False)
    def overdue(request: Request) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login()
        return html_response(overdue_page(db, viewer, clock()))

    @app.get("/dashboard/devices", include_in_schema=False)
    def devices(request: Request) -> Response:
        viewer = viewer_of(request)
        if viewer is None:
            return to_login()
        return html_response(devices_page(db, viewer, clock()))

    @app.get("/api/dashboard/report")
    def report(request: Request) -> Response:
        if viewer_of(request) is None:
            return JSONResponse(
                {"error": "login_required", "message": plain(N_("Cần đăng nhập bảng theo dõi."))},
                status_code=401,
            )
        now = clock()
        try:
            period = parse_period(dict(request.query_params), office_today(now))
        except BadPeriod:
            return JSONResponse(
                {
                    "error": "bad_period",
                    "message": plain(N_("Khoảng thời gian không hợp lệ (from, to: YYYY-MM-DD).")),
                },
                status_code=422,
            )
        fmt = request.query_params.get("format", "json")
        if fmt not in ("json", *REPORT_MEDIA):
            return JSONResponse(
                {
                    "error": "bad_format",
                    "message": plain(N_("Định dạng báo cáo không có: dùng json, pdf hoặc xlsx.")),
                },
                status_code=422,
            )
        return report_response(district_report(db, period, now), fmt)


async def _in_thread(fn: Callable[..., Response], *args: Any) -> Response:
    return await run_in_threadpool(fn, *args)
