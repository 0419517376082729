"""The office queue hub (issue 9, item 6): one PC's queue served to the office's counters.

One machine of the office runs ``desk-app server hub``: it opens its own data folder and serves
that workstation's `LocalQueue` over HTTP on the office LAN. Counters, the kiosk and the display
reach it with `desk_app.services.queue_hub.HubQueue`, and learn of every change from a
server-sent-events stream (``/queue/events``) fed by a single poller of the queue's change
token, never one database poll per screen; the poller reads the token (a scan of the day's
tickets) only when SQLite's data_version says something was committed. Acts are done one at a
time in this one process (one workspace, one writer): two counters pressing "call next"
together queue up here instead of spinning on SQLite's busy lock, and still never get the same
ticket (the write transaction would refuse it anyway).

Trust. Every request carries the hub key (``hub.key`` in the data folder, readable by its user
only, printed at start) as a bearer token; without it the answer is 401 and nothing else. The
key proves a device of the office, not a person: the officer a counter names is believed only
as far as this hub's own accounts vouch for them. A name that is an active account here acts
with that account's role. Any other name acts as a plain officer (``Role.OFFICER``) at the
hub's own workstation, whatever role the counter claims, so a counter claiming a supervisor or
an administrator can call tickets and nothing more (a day's figures, ``/queue/stats``, need a
supervisor's account here); the services check roles as everywhere. A
request naming no officer may only issue tickets (the kiosk): acting with no officer is the
system's own authority, which no device on the network gets.

Errors come back as JSON ``{error, msgid, values, message}`` (`queue_hub.error_document`) with a
4xx status, so the counter raises the same error in its own language; a bug is a 500 with a
plain sentence, its traceback only in this machine's log. Neither carries SQL.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import logging
import os
import secrets
import socket
import sqlite3
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import uvicorn
from anyio import CapacityLimiter, to_thread
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from starlette.background import BackgroundTask
from starlette.requests import ClientDisconnect
from starlette.types import Receive, Scope, Send

from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.queue import PriorityKind, TicketActRefused, TicketSource
from desk_app.core.roles import Role
from desk_app.services.auth import officer_info
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.errors import NotFound, StorageError
from desk_app.services.permissions import NotPermitted
from desk_app.services.queue import (
    LocalQueue,
    NoCounter,
    NotThisCounter,
    QueueEmpty,
    UnknownArea,
    UnknownTicket,
)
from desk_app.services.queue_hub import (
    AREAS,
    BOARD,
    KEEPALIVE_SECONDS,  # a line at least this often: clients take silence for a lost hub
    MAX_WAIT,
    MAYBE_TICKET,
    STATS,
    TICKET,
    TICKETS,
    error_document,
)
from desk_app.services.workstation import station_of
from desk_app.store.models import Officer

log = logging.getLogger(__name__)
T = TypeVar("T")

KEY_FILE = "hub.key"
KEY_BYTES = 32
DEFAULT_HOST = "0.0.0.0"  # every address of the machine: the office LAN
DEFAULT_PORT = 8710
POLL_SECONDS = 0.05  # how often the one poller reads the change token while screens listen
TOKEN_MAX_AGE_SECONDS = 30.0  # the token is read again at least this often while asked
MAX_RECENT = 50
WORKER_THREADS = 6  # reads run side by side with the one act under way


class HubKeyWrong(DeskError):
    msgid = N_("Máy chủ hàng đợi: thiếu khoá kết nối hoặc khoá không đúng.")


class OfficerRequired(DeskError):
    msgid = N_(
        "Máy chủ hàng đợi chỉ nhận lệnh gọi và phục vụ số kèm tên cán bộ đang đăng nhập ở quầy."
    )


class BadRequest(DeskError):
    msgid = N_("Yêu cầu gửi tới máy chủ hàng đợi không hợp lệ (ở {where}).")


class HubFailed(DeskError):
    msgid = N_(
        "Lỗi ngoài dự kiến ở máy chủ hàng đợi; chưa có gì thay đổi từ yêu cầu này. Chi tiết đã "
        "được ghi vào nhật ký của máy chủ."
    )


class PortUnavailable(DeskError):
    msgid = N_(
        "Không mở được cổng {port} trên địa chỉ {host} ({reason}). Có thể máy chủ hàng đợi đã "
        "chạy rồi; nếu không, hãy chọn cổng khác bằng --port."
    )


# --- the key -----------------------------------------------------------------------------------


def key_file(home: Path) -> Path:
    return home / KEY_FILE


def load_or_create_key(home: Path) -> str:
    """The hub key of this data folder, made at the first start: written whole (a temporary
    file renamed), mode 0600 from its creation, like the audit key."""
    target = key_file(home)
    try:
        key = target.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        key = ""
    if len(key) >= KEY_BYTES:
        return key
    key = secrets.token_urlsafe(KEY_BYTES)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return key


# --- what the counters send ------------------------------------------------------------------


class ActorIn(BaseModel):
    """Who acts, as the counter says: see the module's word on trust."""

    model_config = ConfigDict(extra="ignore")
    username: str | None = Field(None, max_length=64)
    full_name: str = Field("", max_length=200)
    role: str | None = Field(None, max_length=32)  # claimed; never trusted
    counter: str | None = Field(None, max_length=64)


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")
    actor: ActorIn = Field(default_factory=ActorIn)


class IssueIn(_Body):
    area: str = Field(max_length=8)
    priority: PriorityKind | None = None
    source: TicketSource = TicketSource.COUNTER


class ResultIn(_Body):
    dossier_code: str = Field(max_length=100)


class CallNextIn(_Body):
    counter: str = Field(max_length=64)
    areas: list[str] | None = Field(None, max_length=26)


class TicketActIn(_Body):
    counter: str = Field(max_length=64)
    label: str = Field(max_length=16)


class FinishIn(TicketActIn):
    dossier_code: str | None = Field(None, max_length=100)


class StatsIn(_Body):
    day: date


class TransferIn(_Body):
    label: str = Field(max_length=16)
    to_area: str = Field(max_length=8)
    to_counter: str | None = Field(None, max_length=64)


# --- the hub -----------------------------------------------------------------------------------


class Hub:
    """One workspace's queue, its single writer and its change stream's subscribers."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.station = station_of(workspace)
        self.queue = LocalQueue(workspace, self.station.office.id)
        self._writing = asyncio.Lock()
        self._wake = asyncio.Event()
        self._subscribers: set[asyncio.Queue[str | None]] = set()
        self._pushed: str | None = None  # the last token handed to the subscribers
        # The change token as last read, with SQLite's data_version at that moment and when.
        self._token: str | None = None
        self._token_version: int | None = None
        self._token_read_at = 0.0
        self._reading_token = asyncio.Lock()
        self._probe: Any = None  # a connection of its own that only asks data_version
        self._limiter: CapacityLimiter | None = None

    # --- who acts ----------------------------------------------------------------------------

    def actor(self, claimed: ActorIn, *, needs_officer: bool = True) -> Actor:
        """The Actor a request acts as (a database read: call it in the act's thread)."""
        office, workstation = self.station.office, self.station.workstation
        name = (claimed.username or "").strip().lower()
        counter = (claimed.counter or "").strip() or None
        if not name:
            if needs_officer:
                raise OfficerRequired()
            return Actor(office, workstation, None, counter)
        with self.workspace.read() as session:
            row = session.scalar(
                select(Officer).where(
                    Officer.office_id == office.id, Officer.username == name, Officer.active
                )
            )
            account = officer_info(row) if row is not None else None
        if account is None:
            # An officer of another workstation: a stable id of its own that is no account here.
            account = OfficerInfo(
                uuid.uuid5(office.id, f"hub-officer:{name}"),
                name,
                claimed.full_name.strip() or name,
                Role.OFFICER,
            )
        return Actor(office, workstation, account, counter)

    # --- running acts and reads --------------------------------------------------------------

    async def act(self, work: Callable[[], T]) -> T:
        """One act at a time, in a worker thread. Screens hear of it (`changed`) once its
        answer is sent, so the counter that acted is not kept waiting by their reads; a
        refusal may have been audited, so they look then too."""
        async with self._writing:
            try:
                return await to_thread.run_sync(work, limiter=self._threads())
            except BaseException:
                self.changed()
                raise

    def _threads(self) -> CapacityLimiter:
        """The few worker threads the hub's reads and acts share (made in the event loop):
        one writer at a time needs no more, and each thread costs a connection and memory."""
        if self._limiter is None:
            self._limiter = CapacityLimiter(WORKER_THREADS)
        return self._limiter

    def changed(self) -> None:
        """Something was written: the poller looks at once instead of at its next tick."""
        self._wake.set()

    async def read(self, work: Callable[[], T]) -> T:
        return await to_thread.run_sync(work, limiter=self._threads())

    # --- the change stream -------------------------------------------------------------------

    def _data_version(self) -> int | None:
        """SQLite's data_version on the hub's own probe connection: it moves whenever any
        other connection (this hub's acts, another program on the same file) commits. A
        read of the file's shared memory, microseconds: done on the event loop itself."""
        try:
            if self._probe is None:
                self._probe = self.workspace.db.engine.raw_connection()
            cursor = self._probe.cursor()
            try:
                cursor.execute("PRAGMA data_version")
                row = cursor.fetchone()
            finally:
                cursor.close()
            return int(row[0]) if row else None
        except (sqlite3.Error, SQLAlchemyError):
            self.close_probe()
            return None

    def close_probe(self) -> None:
        probe, self._probe = self._probe, None
        if probe is not None:
            with contextlib.suppress(sqlite3.Error, SQLAlchemyError):
                probe.close()

    async def current_token(self) -> str:
        """The queue's change token, read from the file again only when something was
        committed since (or the last read is old: the day turns at midnight by itself), so
        screens connecting and the poller share one read per change instead of one each."""
        async with self._reading_token:
            loop = asyncio.get_running_loop()
            version = self._data_version()
            fresh = (
                self._token is not None
                and version is not None
                and version == self._token_version
                and loop.time() - self._token_read_at < TOKEN_MAX_AGE_SECONDS
            )
            if not fresh:
                # data_version first: a commit landing during the read moves it again.
                self._token_version, self._token_read_at = version, loop.time()
                self._token = await to_thread.run_sync(
                    self.queue.change_token, limiter=self._threads()
                )
            assert self._token is not None
            return self._token

    async def watch(self) -> None:
        """The one poller: while anyone listens, checks for a change every 50 ms (and at once
        after an act here; another program may write the same file too) and hands each new
        token to every subscriber."""
        while True:
            if self._subscribers:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            else:
                await self._wake.wait()
            self._wake.clear()
            if not self._subscribers:
                continue
            try:
                token = await self.current_token()
            except DeskError as error:
                log.warning("queue hub: change token unreadable (%s)", type(error).__name__)
                await asyncio.sleep(1.0)
                continue
            if token != self._pushed:
                self._pushed = token
                for subscriber in list(self._subscribers):
                    subscriber.put_nowait(token)

    async def events(self, since: str | None, timeout: float | None) -> AsyncIterator[str]:
        """SSE lines: the current token at once, then each new one. With ``since`` the stream
        ends after the first token that differs from it (a counter's wait); with ``timeout``
        it ends then (the token unchanged); with neither it runs until the hub stops."""
        inbox: asyncio.Queue[str | None] = asyncio.Queue()
        self._subscribers.add(inbox)
        self._wake.set()
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        try:
            last = await self.current_token()
            yield f"retry: 1000\ndata: {last}\n\n"
            if since is not None and last != since:
                return
            while True:
                left = KEEPALIVE_SECONDS if deadline is None else deadline - loop.time()
                if left <= 0:
                    return
                try:
                    token = await asyncio.wait_for(inbox.get(), min(left, KEEPALIVE_SECONDS))
                except TimeoutError:
                    yield ": keepalive\n\n"
                    continue
                if token is None:  # the hub is stopping
                    return
                if token != last:
                    last = token
                    yield f"data: {token}\n\n"
                    if since is not None and token != since:
                        return
        finally:
            self._subscribers.discard(inbox)

    def end_streams(self) -> None:
        """Close every change stream (the hub is stopping), so the shutdown need not wait."""
        for subscriber in list(self._subscribers):
            subscriber.put_nowait(None)


class _EventStream(StreamingResponse):
    """A change stream whose listener went away ends quietly: that is no error."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        with contextlib.suppress(ClientDisconnect, OSError):
            await super().__call__(scope, receive, send)


def status_of(error: DeskError) -> int:
    if isinstance(error, HubKeyWrong):
        return 401
    if isinstance(error, NotPermitted | OfficerRequired):
        return 403
    if isinstance(error, UnknownArea | UnknownTicket | NotFound):
        return 404
    if isinstance(error, ValidationError | NoCounter | BadRequest):
        return 422
    if isinstance(error, StorageError):
        return 503
    if isinstance(error, QueueEmpty | TicketActRefused | NotThisCounter):
        return 409
    return 409 if type(error) is not HubFailed else 500


def _answer(error: DeskError) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if isinstance(error, HubKeyWrong) else None
    return JSONResponse(error_document(error), status_code=status_of(error), headers=headers)


def create_app(hub: Hub, key: str) -> FastAPI:
    """The hub's HTTP interface over ``hub``; every route needs ``key``."""
    wanted = key.encode("ascii")

    async def check_key(request: Request) -> None:  # async: no worker thread for this
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        offered = given.strip().encode("latin-1", "replace")
        if scheme.lower() != "bearer" or not hmac.compare_digest(offered, wanted):
            raise HubKeyWrong()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        watcher = asyncio.create_task(hub.watch())
        try:
            yield
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            hub.close_probe()

    app = FastAPI(
        title="desk-app office queue hub",
        lifespan=lifespan,
        dependencies=[Depends(check_key)],
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )

    @app.exception_handler(DeskError)
    async def desk_error(_request: Request, error: DeskError) -> JSONResponse:
        return _answer(error)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        places = [".".join(str(p) for p in e.get("loc", ())) for e in error.errors()[:3]]
        return _answer(BadRequest(where=", ".join(places)[:200] or "?"))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.error("queue hub: unexpected %s", type(error).__name__)
        return _answer(HubFailed())

    def ticket(info: Any) -> JSONResponse:
        return JSONResponse(TICKET.dump_python(info, mode="json"))

    def acted(info: Any) -> JSONResponse:
        """An act's answer; the screens are told after it is sent."""
        return JSONResponse(TICKET.dump_python(info, mode="json"), background=changes)

    async def tell_screens() -> None:  # async: Starlette runs it on the loop, not a thread
        hub.changed()

    changes = BackgroundTask(tell_screens)

    # --- reading ---------------------------------------------------------------------------

    @app.get("/queue/areas")
    async def areas() -> JSONResponse:
        return JSONResponse(AREAS.dump_python(await hub.read(hub.queue.areas), mode="json"))

    @app.get("/queue/ticket")
    async def one_ticket(label: str) -> JSONResponse:
        return ticket(await hub.read(lambda: hub.queue.ticket(label[:16])))

    @app.get("/queue/waiting")
    async def waiting(area: str | None = None) -> JSONResponse:
        found = await hub.read(lambda: hub.queue.waiting(None if area is None else area[:8]))
        return JSONResponse(TICKETS.dump_python(found, mode="json"))

    @app.get("/queue/at-counter")
    async def at_counter(counter: str) -> JSONResponse:
        found = await hub.read(lambda: hub.queue.at_counter(counter[:64]))
        return JSONResponse(MAYBE_TICKET.dump_python(found, mode="json"))

    @app.get("/queue/board")
    async def board(recent: int = 6) -> JSONResponse:
        shown = await hub.read(lambda: hub.queue.board(min(max(recent, 0), MAX_RECENT)))
        return JSONResponse(BOARD.dump_python(shown, mode="json"))

    @app.post("/queue/stats")
    async def stats(body: StatsIn) -> JSONResponse:
        """A read, but with an actor: the supervisor's role is checked by the service, with
        the account this hub knows (a refusal is audited here like any other)."""
        found = await hub.read(lambda: hub.queue.stats(hub.actor(body.actor), body.day))
        return JSONResponse(STATS.dump_python(found, mode="json"))

    @app.get("/queue/token")
    async def token() -> JSONResponse:
        return JSONResponse({"token": await hub.current_token()})

    @app.get("/queue/events")
    async def events(since: str | None = None, timeout: float | None = None) -> _EventStream:
        wait = None if timeout is None else min(max(timeout, 0.0), MAX_WAIT)
        return _EventStream(
            hub.events(since, wait),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
        )

    # --- acts ------------------------------------------------------------------------------

    @app.post("/queue/issue")
    async def issue(body: IssueIn) -> JSONResponse:
        def work() -> Any:
            actor = hub.actor(body.actor, needs_officer=False)
            return hub.queue.issue(actor, body.area, priority=body.priority, source=body.source)

        return acted(await hub.act(work))

    @app.post("/queue/issue-for-result")
    async def issue_for_result(body: ResultIn) -> JSONResponse:
        def work() -> Any:
            actor = hub.actor(body.actor, needs_officer=False)
            return hub.queue.issue_for_result(actor, body.dossier_code)

        return acted(await hub.act(work))

    @app.post("/queue/call-next")
    async def call_next(body: CallNextIn) -> JSONResponse:
        return acted(
            await hub.act(
                lambda: hub.queue.call_next(hub.actor(body.actor), body.counter, body.areas)
            )
        )

    @app.post("/queue/call")
    async def call(body: TicketActIn) -> JSONResponse:
        return acted(
            await hub.act(lambda: hub.queue.call(hub.actor(body.actor), body.counter, body.label))
        )

    @app.post("/queue/recall")
    async def recall(body: TicketActIn) -> JSONResponse:
        return acted(
            await hub.act(lambda: hub.queue.recall(hub.actor(body.actor), body.counter, body.label))
        )

    @app.post("/queue/start")
    async def start(body: TicketActIn) -> JSONResponse:
        return acted(
            await hub.act(lambda: hub.queue.start(hub.actor(body.actor), body.counter, body.label))
        )

    @app.post("/queue/finish")
    async def finish(body: FinishIn) -> JSONResponse:
        return acted(
            await hub.act(
                lambda: hub.queue.finish(
                    hub.actor(body.actor), body.counter, body.label, body.dossier_code
                )
            )
        )

    @app.post("/queue/no-show")
    async def no_show(body: TicketActIn) -> JSONResponse:
        return acted(
            await hub.act(
                lambda: hub.queue.no_show(hub.actor(body.actor), body.counter, body.label)
            )
        )

    @app.post("/queue/transfer")
    async def transfer(body: TransferIn) -> JSONResponse:
        return acted(
            await hub.act(
                lambda: hub.queue.transfer(
                    hub.actor(body.actor), body.label, body.to_area, body.to_counter
                )
            )
        )

    return app


# --- serving -----------------------------------------------------------------------------------


def listening_socket(host: str, port: int) -> socket.socket:
    """The hub's socket, bound here so a port in use is a plain message, not uvicorn's exit."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not 0 (socket.create_server's): asyncio sets TCP_NODELAY only on
    # sockets that say TCP, and without it each keep-alive answer waits ~40 ms for an ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if os.name != "nt":  # a restarted hub gets its port back at once (TIME_WAIT)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(socket.SOMAXCONN)
        return sock
    except OSError as error:
        sock.close()
        raise PortUnavailable(
            host=host, port=port, reason=error.strerror or type(error).__name__
        ) from error


def address_shown(host: str, port: int) -> str:
    """The URL counters should use: for "every address", this machine's address on the LAN
    (the interface its default route leaves by; no packet is sent), else ``host`` itself."""
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe,
            contextlib.suppress(OSError),
        ):
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            host = probe.getsockname()[0]
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


class HubServer(uvicorn.Server):
    """uvicorn serving one workspace's hub; stopping it first ends the change streams."""

    def __init__(self, workspace: Workspace, key: str, *, log_level: str = "warning") -> None:
        self.hub = Hub(workspace)
        config = uvicorn.Config(
            create_app(self.hub, key),
            log_level=log_level,
            log_config=None,  # this program's logging (the data folder's log), not uvicorn's
            access_log=False,
            lifespan="on",
            timeout_graceful_shutdown=3,
        )
        super().__init__(config)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        self.hub.end_streams()
        await super().shutdown(sockets=sockets)
