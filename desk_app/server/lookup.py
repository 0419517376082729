"""The public lookup (issue 11): a citizen follows their dossier with the code and the key
printed on the receipt ("Mã tra cứu"), or scanned from its QR.

- ``GET /api/lookup/{code}?key=K``: JSON (the code, the procedure, received and due times, the
  state with its Vietnamese label, the applicant's masked name).
- ``GET /tra-cuu/{code}?key=K``: the same as a small Vietnamese page for a phone; ``GET
  /tra-cuu`` is a form to type them in (it answers ``?code=..&key=..`` like the path form).

Nothing is shown without the key, and a wrong key, no key and an unknown code get the same
404, byte for byte: the answer never tells whether a code exists. Keys are compared in
constant time (`hmac.compare_digest`), typed any way (`core.codes.normalise_lookup_key`). A
dossier that reached the server without a key (a version-3 event) cannot be looked up.

Guessing is slowed by a per-address sliding window (`RATE_LIMIT` requests per
`RATE_WINDOW_S`), kept in memory: one server process, forgotten at restart, which is enough
against a script. Behind a reverse proxy the address is the proxy's unless the server trusts
its forwarded headers (uvicorn ``--proxy-headers``/``--forwarded-allow-ips``).

Nothing personal is shown beyond the masked name (the projection keeps no ID number or
phone), nothing typed is echoed back, and nothing is logged: no code, no key, no address.
"""

from __future__ import annotations

import hmac
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from desk_app.core.codes import LOOKUP_KEY_LENGTH, normalise_lookup_key, parse_code
from desk_app.core.errors import N_, ValidationError
from desk_app.core.lifecycle import STATE_LABELS, DossierState
from desk_app.server.pages import SECURITY_HEADERS, esc, page, plain, text, time_text
from desk_app.server.schema import DistrictDossier
from desk_app.services.context import Clock
from desk_app.store.db import Database
from desk_app.sync.protocol import ErrorOut

RATE_LIMIT = 30  # requests per address ...
RATE_WINDOW_S = 60.0  # ... in this many seconds
MAX_TRACKED_ADDRESSES = 10_000  # beyond it the longest-quiet address is forgotten
_MAX_CODE_CHARS = 64  # what is read of a typed code or key: more than any real one
_MAX_KEY_CHARS = 64
_DUMMY_KEY = b"\x00" * LOOKUP_KEY_LENGTH
# The form's example code shows the shape only: no province has the level-1 code H00, so it is
# nobody's dossier (a real code there would be printed on every page, the not-found one too).
_CODE_EXAMPLE = "000.00.00.H00-260101-1001"

TITLE = N_("Tra cứu hồ sơ")
NOT_FOUND = N_(
    "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Hãy xem lại hai mã in trên giấy "
    "tiếp nhận hồ sơ và hẹn trả kết quả."
)
TOO_MANY = N_("Bạn đã tra cứu quá nhiều lần trong một phút. Hãy đợi một phút rồi thử lại.")
INTRO = N_("Nhập mã hồ sơ và mã tra cứu in trên giấy tiếp nhận hồ sơ và hẹn trả kết quả.")
CODE_LABEL = N_("Mã hồ sơ")
KEY_LABEL = N_("Mã tra cứu")
SUBMIT = N_("Tra cứu")
PROCEDURE_LABEL = N_("Thủ tục")
APPLICANT_LABEL = N_("Người nộp")
RECEIVED_LABEL = N_("Ngày tiếp nhận")
DUE_LABEL = N_("Hẹn trả kết quả")
STATE_LABEL = N_("Tình trạng")
ANOTHER = N_("Tra cứu hồ sơ khác")
NOTE = N_(
    "Thông tin cập nhật khi máy trạm của bộ phận một cửa gửi lên máy chủ, có thể chậm vài "
    "phút. Mọi thắc mắc xin liên hệ nơi đã nộp hồ sơ."
)

_STYLE = (
    "<style>.lookup{max-width:30rem;margin:0 auto}.lookup input{width:100%;margin-bottom:.8rem;"
    "font-size:1.05rem}.lookup dl{margin:0}.lookup dt{color:#5b6775;font-size:.9rem;"
    "margin-top:.6rem}.lookup dt:first-child,.lookup form p{margin-top:0}"
    ".lookup dd{margin:0;font-weight:600;overflow-wrap:anywhere}"
    ".lookup .state{font-size:1.15rem;color:#0b4f8a}.lookup a{color:#0b4f8a}</style>"
)


class SlidingWindow:
    """At most ``limit`` hits per key in any ``window`` seconds (thread-safe: the routes run
    in worker threads). Memory: at most ``max_keys`` keys of ``limit`` timestamps each."""

    def __init__(
        self,
        limit: int = RATE_LIMIT,
        window: float = RATE_WINDOW_S,
        *,
        max_keys: int = MAX_TRACKED_ADDRESSES,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.limit, self.window, self.max_keys, self._now = limit, window, max_keys, now
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one hit for ``key``; False (not counted) when it is over the limit."""
        now = self._now()
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                hits = self._hits[key] = deque()
                while len(self._hits) > self.max_keys:
                    self._hits.popitem(last=False)
            self._hits.move_to_end(key)
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(now)
            return True


def find_dossier(db: Database, code: str, key: str) -> dict[str, Any] | None:
    """The public facts of dossier ``code`` if ``key`` is its key; None in every other case."""
    typed = normalise_lookup_key(key[:_MAX_KEY_CHARS]).encode("utf-8")
    try:
        code = str(parse_code(code[:_MAX_CODE_CHARS]))
    except ValidationError:
        hmac.compare_digest(_DUMMY_KEY, typed)
        return None
    with db.read() as session:
        row = session.scalar(select(DistrictDossier).where(DistrictDossier.code == code))
        stored = row.lookup_key.encode("utf-8") if row is not None else b""
        # Compared even when there is no dossier or no key, so the time says nothing either.
        matches = hmac.compare_digest(stored or _DUMMY_KEY, typed)
        if row is None or not stored or not typed or not matches:
            return None
        return _public(row)


def _public(row: DistrictDossier) -> dict[str, Any]:
    state = DossierState(row.state)
    return {
        "code": row.code,
        "procedure_code": row.procedure_code,
        "procedure_name": row.procedure_name,
        "received_at": row.received_at.isoformat(),
        "due_at": row.due_at.isoformat(),
        "state": state.value,
        "state_label": plain(STATE_LABELS[state]),
        "applicant": row.applicant_masked,
    }


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "-"


def _json_error(status: int, word: str, msgid: str) -> JSONResponse:
    body = ErrorOut(error=word, message=plain(msgid)).model_dump(mode="json")
    headers = {"Cache-Control": "no-store"}
    if status == 429:
        headers["Retry-After"] = str(int(RATE_WINDOW_S))
    return JSONResponse(body, status_code=status, headers=headers)


def _html(document: str, status: int = 200) -> Response:
    headers = dict(SECURITY_HEADERS)
    if status == 429:
        headers["Retry-After"] = str(int(RATE_WINDOW_S))
    return Response(
        document.encode("utf-8"),
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers=headers,
    )


def _form(message_html: str = "") -> str:
    """The form; never prefilled: what was typed is not echoed back."""
    return (
        f'<div class="lookup"><h1>{text(TITLE)}</h1>{message_html}'
        f'<form class="card" method="get" action="/tra-cuu">'
        f'<p class="muted">{text(INTRO)}</p>'
        f'<label for="code">{text(CODE_LABEL)}</label>'
        '<input id="code" name="code" required maxlength="64" autocomplete="off" '
        'autocapitalize="characters" spellcheck="false" '
        f'placeholder="{_CODE_EXAMPLE}">'
        f'<label for="key">{text(KEY_LABEL)}</label>'
        '<input id="key" name="key" required maxlength="16" autocomplete="off" '
        'autocapitalize="characters" spellcheck="false" placeholder="K7MX2Q">'
        f'<button class="main" type="submit">{text(SUBMIT)}</button></form></div>'
    )


def _form_page(message_html: str = "", status: int = 200) -> Response:
    return _html(page(plain(TITLE), _STYLE + _form(message_html)), status)


def _result_page(found: dict[str, Any]) -> Response:
    received = datetime.fromisoformat(found["received_at"])
    due = datetime.fromisoformat(found["due_at"])
    facts = (
        (CODE_LABEL, esc(found["code"])),
        (PROCEDURE_LABEL, esc(found["procedure_name"])),
        (APPLICANT_LABEL, esc(found["applicant"])),
        (RECEIVED_LABEL, esc(time_text(received))),
        (DUE_LABEL, esc(time_text(due))),
    )
    rows = "".join(f"<dt>{text(label)}</dt><dd>{value}</dd>" for label, value in facts)
    body = (
        f'<div class="lookup"><h1>{text(TITLE)}</h1><div class="card">'
        f'<dl><dt>{text(STATE_LABEL)}</dt><dd class="state">{esc(found["state_label"])}</dd>'
        f"{rows}</dl></div>"
        f'<p class="muted">{text(NOTE)}</p>'
        f'<p><a href="/tra-cuu">{text(ANOTHER)}</a></p></div>'
    )
    return _html(page(plain(TITLE), _STYLE + body))


def _not_found_page() -> Response:
    return _form_page(f'<p class="card error" role="alert">{text(NOT_FOUND)}</p>', 404)


def _too_many_page() -> Response:
    return _form_page(f'<p class="card notice" role="alert">{text(TOO_MANY)}</p>', 429)


def add_routes(app: FastAPI, db: Database, clock: Clock) -> None:
    """Add the public lookup's routes to ``app`` (no login; rate-limited per address)."""
    # The window runs on the server's clock, so tests move it; a clock set back only lets an
    # address wait a little longer.
    limiter = SlidingWindow(now=lambda: clock().timestamp())
    app.state.lookup_limiter = limiter  # tests and operators can see (or replace) it

    def limited(request: Request) -> bool:
        return not app.state.lookup_limiter.allow(_client(request))

    @app.get("/api/lookup/{code}", include_in_schema=False)
    def lookup_json(request: Request, code: str, key: str = "") -> Response:
        if limited(request):
            return _json_error(429, "too_many_requests", TOO_MANY)
        found = find_dossier(db, code, key)
        if found is None:
            return _json_error(404, "not_found", NOT_FOUND)
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @app.get("/tra-cuu", include_in_schema=False)
    def lookup_form(request: Request, code: str = "", key: str = "") -> Response:
        if not code and not key:
            return _form_page()
        return _lookup_page(request, code, key)

    @app.get("/tra-cuu/{code}", include_in_schema=False)
    def lookup_page(request: Request, code: str, key: str = "") -> Response:
        return _lookup_page(request, code, key)

    def _lookup_page(request: Request, code: str, key: str) -> Response:
        if limited(request):
            return _too_many_page()
        found = find_dossier(db, code, key)
        return _not_found_page() if found is None else _result_page(found)
