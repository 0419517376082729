"""The district server's HTTP interface (issue 11): enrollment, push, pull, time and health,
with the scans' bytes (`desk_app.server.attachments`), the public lookup and the dashboard
added by their own modules.

Trust. ``/api/enroll`` needs no token: the one-time code is the credential, and a wrong, used
or expired code, or one of another agency, all get the same 403. Every ``/api/sync/*`` request
carries its device token as a bearer token; the server keeps only its SHA-256, so a copy of
the database opens no device. A revoked or unknown token is a 401 and nothing else happens.

Enrolling a workstation that is enrolled already (its data folder restored, its token lost)
with a fresh code from the district gives the same device row a new token: the old one stops
working at once, and the device keeps its history (received events, its chain's state), so
the chain check goes on where it was. A code of another office for that workstation is
refused: a workstation belongs to one office.

Safety. A body over MAX_BODY_BYTES is refused (413) before it is read whole, by a plain ASGI
layer that counts the bytes as they come. A malformed body is a 422 that names only where it
is wrong, never what was sent (applicants' data). Anything unexpected is a 500 "server_error"
with a plain sentence; its traceback goes only to this server's log. Every endpoint that
touches the database runs in a worker thread, so the event loop never waits on it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy import select, update
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk_app.core.errors import N_, DeskError
from desk_app.server import attachments, dashboard, lookup
from desk_app.server.admin import hash_code, normalise_code
from desk_app.server.pull import changes_after
from desk_app.server.push import DeviceRevokedMeanwhile, apply_batch
from desk_app.server.schema import Device, DistrictOffice, EnrollmentCode
from desk_app.services.context import Clock, utc_now
from desk_app.store.db import Database
from desk_app.sync.events import MAX_SEQ
from desk_app.sync.protocol import (
    MAX_BODY_BYTES,
    MAX_PULL_CHANGES,
    MAX_PUSH_EVENTS,
    EnrollIn,
    EnrollOut,
    ErrorOut,
    PullOut,
    PushIn,
    PushOut,
)

log = logging.getLogger(__name__)

TOKEN_BYTES = 32
LAST_SEEN_EVERY = timedelta(seconds=60)


class DistrictError(DeskError):
    """An answer with a status and a machine word (ErrorOut.error)."""

    status = 400
    word = "bad_request"


class EnrollmentRefused(DistrictError):
    status, word = 403, "enrollment_refused"
    msgid = N_(
        "Mã đăng ký không dùng được: sai mã, mã đã dùng, đã hết hạn hoặc không thuộc cơ quan "
        "này. Hãy xin quản trị của quận một mã mới."
    )


class WorkstationDiffers(DistrictError):
    status, word = 409, "workstation_differs"
    msgid = N_(
        "Mã đăng ký này được cấp cho máy trạm số {issued}, còn máy này là máy số {this}; mã vẫn "
        "dùng được cho đúng máy đó. Hãy xin quận mã cho máy số {this}."
    )


def same_workstation(issued: str, given: str) -> bool:
    """Whether two workstation codes name one PC ("1", "01" and "001" do)."""
    return issued.strip().lstrip("0").upper() == given.strip().lstrip("0").upper()


class DeviceUnknown(DistrictError):
    status, word = 401, "device_unknown"
    msgid = N_("Máy chủ quận không nhận ra máy trạm này. Hãy đăng ký lại máy trạm với mã mới.")


class DeviceRevoked(DistrictError):
    status, word = 401, "device_revoked"
    msgid = N_(
        "Máy trạm này đã bị thu hồi quyền đồng bộ. Các sự kiện chờ gửi vẫn được giữ trên máy; "
        "hãy liên hệ quản trị của quận."
    )


class BodyTooLarge(DistrictError):
    status, word = 413, "too_large"
    msgid = N_("Yêu cầu quá lớn: máy chủ quận nhận tối đa {limit} byte mỗi lần.")


class TooManyEvents(DistrictError):
    status, word = 413, "too_many_events"
    msgid = N_("Một lần gửi chỉ được tối đa {limit} sự kiện.")


class InvalidRequest(DistrictError):
    status, word = 422, "invalid_request"
    msgid = N_("Yêu cầu gửi tới máy chủ quận không hợp lệ (ở {where}).")


class ServerFailed(DistrictError):
    status, word = 500, "server_error"
    msgid = N_(
        "Lỗi ngoài dự kiến ở máy chủ quận; chưa có gì thay đổi từ yêu cầu này. Chi tiết đã được "
        "ghi vào nhật ký của máy chủ."
    )


def error_response(error: DistrictError) -> JSONResponse:
    body = ErrorOut(error=error.word, message=error.message.render())
    headers = {"WWW-Authenticate": "Bearer"} if error.status == 401 else None
    return JSONResponse(body.model_dump(mode="json"), status_code=error.status, headers=headers)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- the guard: size limit and last-resort errors -------------------------------------------


class _TooLarge(StarletteHTTPException):
    """Raised by the counting receive; an HTTPException, so FastAPI's body reader passes it
    on instead of calling it a body it could not parse."""

    def __init__(self) -> None:
        super().__init__(413)


class Guard:
    """Pure ASGI: refuses a body over ``limit`` bytes (by its Content-Length at once, else by
    counting what arrives), and turns any exception the app let through into a 500 ErrorOut,
    the traceback logged here only."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > self.limit
            except ValueError:
                too_big = False
            if too_big:
                await error_response(BodyTooLarge(limit=self.limit))(scope, receive, send)
                return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge()
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await error_response(BodyTooLarge(limit=self.limit))(scope, receive, send)
        except Exception:
            log.exception("district server: unexpected error on %s", scope.get("path", "?"))
            if not started:
                await error_response(ServerFailed())(scope, receive, send)


# --- enrollment and devices ------------------------------------------------------------------


def enroll(db: Database, body: EnrollIn, clock: Clock) -> EnrollOut:
    """Exchange a one-time code for a device token (see the module's word on trust)."""
    now = clock()
    try:
        wanted = hash_code(normalise_code(body.code))
    except (ValueError, DeskError):
        raise EnrollmentRefused() from None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with db.write() as session:
        code = session.scalar(select(EnrollmentCode).where(EnrollmentCode.code_hash == wanted))
        if code is None or code.used_at is not None or code.expires_at <= now:
            raise EnrollmentRefused()
        office = session.get(DistrictOffice, code.office_id)
        if office is None or office.agency_id != body.agency_id:
            raise EnrollmentRefused()
        if not same_workstation(code.workstation_code, body.workstation_code):
            # Checked before the code is spent: the PC it was made for can still use it.
            raise WorkstationDiffers(issued=code.workstation_code, this=body.workstation_code)
        device = session.scalar(select(Device).where(Device.workstation_id == body.workstation_id))
        if device is not None and (
            device.office_id != office.id or device.local_office_id != body.office_id
        ):
            raise EnrollmentRefused()
        device_id = device.id if device is not None else uuid.uuid4()
        # Single use, decided by the database: of two requests with the same code, one
        # updates the row and the other finds it used (and is refused).
        used = session.execute(
            update(EnrollmentCode)
            .where(EnrollmentCode.id == code.id, EnrollmentCode.used_at.is_(None))
            .values(used_at=now, device_id=device_id)
        )
        if used.rowcount != 1:  # type: ignore[attr-defined]
            raise EnrollmentRefused()
        if device is None:
            session.add(
                Device(
                    id=device_id,
                    office_id=office.id,
                    workstation_code=code.workstation_code,
                    workstation_id=body.workstation_id,
                    local_office_id=body.office_id,
                    token_hash=token_hash(token),
                    enrolled_at=now,
                    revoked_at=None,
                    last_seen_at=now,
                )
            )
        else:  # enrolled again: a new token, the old one dead from this commit on
            device.token_hash = token_hash(token)
            device.workstation_code = code.workstation_code
            device.revoked_at = None
            device.enrolled_at = now
            device.last_seen_at = now
        office_name, agency_id = office.name, office.agency_id
    log.info("district server: device %s enrolled", device_id)
    return EnrollOut(
        device_id=device_id,
        token=token,
        agency_id=agency_id,
        office_name=office_name,
        server_time=now,
    )


def authenticate(db: Database, authorization: str, clock: Clock) -> Device:
    """The device a bearer token belongs to. Its last_seen_at is moved to now when it is more
    than LAST_SEEN_EVERY old (a push sets it anyway), so a pull is a read: on SQLite it
    never waits behind a writer for the lock."""
    scheme, _, given = authorization.partition(" ")
    token = given.strip()
    if scheme.lower() != "bearer" or not token:
        raise DeviceUnknown()
    wanted = token_hash(token)
    with db.read() as session:
        device = session.scalar(select(Device).where(Device.token_hash == wanted))
    if device is None:
        raise DeviceUnknown()
    if device.revoked_at is not None:
        raise DeviceRevoked()
    now = clock()
    if device.last_seen_at is None or now - device.last_seen_at >= LAST_SEEN_EVERY:
        with db.write() as session:
            session.execute(update(Device).where(Device.id == device.id).values(last_seen_at=now))
        device.last_seen_at = now
    return device


def current_device(request: Request) -> Device:  # def: FastAPI runs it in a worker thread
    """The dependency of every /api/sync/* endpoint: the device its bearer token names."""
    state = request.app.state
    return authenticate(
        state.district_db, request.headers.get("authorization", ""), state.district_clock
    )


# --- the app ---------------------------------------------------------------------------------


def _where(error: RequestValidationError) -> str:
    """Where a body is wrong (field paths only, never the values)."""
    places = []
    for item in error.errors()[:3]:
        loc = [str(p) for p in item.get("loc", ()) if not isinstance(p, int)]
        places.append(".".join(loc) or "body")
    return ", ".join(dict.fromkeys(places))[:200] or "body"


def _too_many_events(error: RequestValidationError) -> bool:
    return any(
        tuple(item.get("loc", ()))[-1:] == ("events",) and item.get("type") == "too_long"
        for item in error.errors()
    )


def create_district_app(
    db: Database, *, clock: Clock = utc_now, blob_dir: Path | None = None
) -> FastAPI:
    """The district server over ``db``; ``clock`` is the server's time (tests set it);
    ``blob_dir`` the folder of the scans' bytes (default: `attachments.default_blob_dir`, an
    ``attachments`` folder beside an SQLite file, else in the server's data folder)."""
    app = FastAPI(title="desk-app district server", docs_url=None, redoc_url=None)
    app.add_middleware(Guard)
    app.state.district_db, app.state.district_clock = db, clock

    @app.exception_handler(DistrictError)
    async def district_error(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, DistrictError)
        return error_response(error)

    @app.exception_handler(_TooLarge)
    async def too_large(_request: Request, _error: Exception) -> JSONResponse:
        return error_response(BodyTooLarge(limit=MAX_BODY_BYTES))

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        if _too_many_events(error):
            return error_response(TooManyEvents(limit=MAX_PUSH_EVENTS))
        return error_response(InvalidRequest(where=_where(error)))

    errors: dict[int | str, dict[str, Any]] = {
        401: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    }

    @app.post("/api/enroll", responses={403: {"model": ErrorOut}, 422: {"model": ErrorOut}})
    def enroll_device(body: EnrollIn) -> EnrollOut:
        return enroll(db, body, clock)

    @app.post("/api/sync/push", responses=errors)
    def push(body: PushIn, who: Annotated[Device, Depends(current_device)]) -> PushOut:
        try:
            return apply_batch(db, who, body, clock())
        except DeviceRevokedMeanwhile:
            raise DeviceRevoked() from None

    @app.get("/api/sync/pull", responses=errors)
    def pull(
        who: Annotated[Device, Depends(current_device)],
        after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_SEQ)] = MAX_PULL_CHANGES,
    ) -> PullOut:
        return changes_after(db, who, after, limit, now=clock())

    @app.get("/api/time")
    async def server_time() -> dict[str, str]:
        return {"server_time": clock().isoformat()}

    @app.get("/api/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    attachments.add_routes(app, db, clock, blob_dir or attachments.default_blob_dir(db))
    lookup.add_routes(app, db, clock)
    dashboard.add_routes(app, db, clock)
    return app
