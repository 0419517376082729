"""The queue of an office with several counters: an HTTP client of the office hub (issue 9, item 6).

`HubQueue` implements `QueueService` over the hub's HTTP interface (`desk_app.server.hub`), so a
counter, the kiosk and the display work the same against one PC's database or the office's hub;
`queue_for` chooses by the settings (``queue_hub_url``). The wire format lives here, beside the
client, and the hub imports it: one definition of how a ticket, a board and an error travel.

Calls hold no state between them: a hub that went away makes one call fail with a plain
`HubUnreachable`, and the next call simply connects again. The change stream a display listens
on is kept open by a thread of the client, which says a lost hub at once and tries again at the
next wait. No act is retried by itself: a "call next" whose answer was lost may have been done,
and calling again would skip a citizen.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from string import Formatter
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import TypeAdapter

from desk_app.config import Settings
from desk_app.core.errors import N_, DeskError, Message, ValidationError
from desk_app.core.queue import PriorityKind, TicketSource
from desk_app.services.context import Actor, Workspace
from desk_app.services.queue import (
    AreaInfo,
    Board,
    QueueService,
    StatsRow,
    TicketInfo,
    local_queue,
)

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

TIMEOUT = 3.0  # seconds for one call: a hub on the office LAN answers in milliseconds
MAX_WAIT = 300.0  # the longest a long-poll on the hub's change stream may ask to be held
# The hub writes on its change stream at least every KEEPALIVE_SECONDS (desk_app.server.hub);
# a stream silent for this long is a hub gone (a cable pulled sends no goodbye).
KEEPALIVE_SECONDS = 1.0
STREAM_SILENCE = 3.0 * KEEPALIVE_SECONDS + 1.0
RETRY_SECONDS = 2.0  # a lost change stream is tried again this often, and at each wait

TICKET: TypeAdapter[TicketInfo] = TypeAdapter(TicketInfo)
MAYBE_TICKET: TypeAdapter[TicketInfo | None] = TypeAdapter(TicketInfo | None)
TICKETS: TypeAdapter[list[TicketInfo]] = TypeAdapter(list[TicketInfo])
AREAS: TypeAdapter[list[AreaInfo]] = TypeAdapter(list[AreaInfo])
BOARD: TypeAdapter[Board] = TypeAdapter(Board)
STATS: TypeAdapter[list[StatsRow]] = TypeAdapter(list[StatsRow])


class HubUnreachable(DeskError):
    """No answer from the hub (off, unplugged, wrong address): nothing was done by this call,
    or its answer was lost; the screen says so and the next call tries again."""

    msgid = N_("Không kết nối được máy chủ hàng đợi {url}; đang thử kết nối lại…")


class HubKeyRefused(DeskError):
    msgid = N_(
        "Máy chủ hàng đợi {url} không nhận khoá kết nối của máy này; hãy ghi vào cài đặt "
        "queue_hub_token đúng khoá mà máy chủ in ra khi khởi động."
    )


class HubAnswerBad(DeskError):
    """Something answered at the address, but not a queue hub (or a hub of another version)."""

    msgid = N_(
        "Máy chủ hàng đợi {url} trả lời không đúng (mã {status}); hãy kiểm tra địa chỉ "
        "queue_hub_url trong cài đặt."
    )


class HubAddressBad(ValidationError):
    msgid = N_(
        "Địa chỉ máy chủ hàng đợi “{url}” không dùng được; hãy ghi theo dạng "
        "http://MÁY:CỔNG, ví dụ http://192.168.1.10:8710."
    )


# --- the wire format -------------------------------------------------------------------------


def actor_document(actor: Actor, counter: str | None = None) -> dict[str, Any]:
    """Who acts, as a counter tells the hub: the hub trusts the name only as far as its own
    accounts vouch for it (`desk_app.server.hub`)."""
    officer = actor.officer
    return {
        "username": officer.username if officer else None,
        "full_name": officer.full_name if officer else "",
        "role": officer.role.value if officer else None,
        "counter": counter or actor.counter,
    }


def _encode(value: Any) -> Any:
    if isinstance(value, Message):
        return {"msgid": value.msgid, "values": {k: _encode(v) for k, v in value.params.items()}}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_encode(v) for v in value]
    return str(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and isinstance(value.get("msgid"), str):
        values = value.get("values")
        params = {str(k): _decode(v) for k, v in values.items()} if isinstance(values, dict) else {}
        return Message(value["msgid"], params)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(template) if name}


def error_document(error: DeskError) -> dict[str, Any]:
    """A DeskError as the hub sends it: its class name, msgid and values (so the counter says
    it in its own language) and the Vietnamese sentence for anyone reading the raw answer."""
    shown = _fields(error.msgid)
    document: dict[str, Any] = {
        "error": type(error).__name__,
        "msgid": error.msgid,
        # Only the values the sentence shows: others (a storage error's driver text) stay here.
        "values": {k: _encode(v) for k, v in error.params.items() if k in shown},
        "message": error.message.render(),
    }
    if isinstance(error, ValidationError) and error.field:
        document["field"] = error.field
    return document


def _error_classes(base: type[DeskError] = DeskError) -> Iterator[type[DeskError]]:
    for cls in base.__subclasses__():
        yield cls
        yield from _error_classes(cls)


def error_from_document(document: Mapping[str, Any]) -> DeskError:
    """The error the hub raised, as the same class where this program knows it (same name and
    msgid), else a plain DeskError with the same sentence."""
    msgid = str(document.get("msgid") or DeskError.msgid)
    values = document.get("values")
    params = {str(k): _decode(v) for k, v in values.items()} if isinstance(values, dict) else {}
    name = document.get("error")
    same_name = [cls for cls in _error_classes() if cls.__name__ == name]
    same_name.sort(key=lambda cls: cls.msgid != msgid)  # the one with this very sentence first
    for cls in same_name[:1]:
        try:
            error = cls.__new__(cls)
            given = None if cls.msgid == msgid else msgid
            if isinstance(error, ValidationError):
                ValidationError.__init__(error, given, field=document.get("field"), **params)
            else:
                DeskError.__init__(error, given, **params)
        except Exception:  # a class with its own idea of construction: the plain error below
            break
        return error
    return DeskError(msgid, **params)


# --- the client --------------------------------------------------------------------------------


def hub_address(url: str) -> str:
    """``url`` as the client uses it: ``HOST:PORT`` gets ``http://``; no path, no trailing /."""
    text = url.strip()
    if "://" not in text:
        text = f"http://{text}"
    try:
        parts = urlsplit(text)
        usable = (
            parts.scheme.lower() in ("http", "https")
            and bool(parts.hostname)
            and parts.path in ("", "/")
            and not parts.query
            and not parts.fragment
        )
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        usable = False
    if not usable:
        raise HubAddressBad(field="queue_hub_url", url=url[:100])
    return f"{parts.scheme.lower()}://{parts.netloc}"


class HubQueue:
    """The office's queue on the hub at ``url``, reached with the hub's key."""

    def __init__(self, url: str, key: str | None, *, timeout: float = TIMEOUT) -> None:
        import httpx

        self.url = hub_address(url)
        headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._timeout = timeout
        self._client = httpx.Client(base_url=self.url, headers=headers, timeout=timeout)
        # The change stream stays open all day: its own connection, never the calls' pool.
        self._changes = _ChangeStream(
            httpx.Client(base_url=self.url, headers=headers, timeout=timeout), self.url
        )

    def close(self) -> None:
        self._changes.close()
        self._client.close()

    def __enter__(self) -> HubQueue:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- reading ---------------------------------------------------------------------------

    def areas(self) -> list[AreaInfo]:
        return AREAS.validate_python(self._get("/queue/areas"))

    def ticket(self, label: str) -> TicketInfo:
        return TICKET.validate_python(self._get("/queue/ticket", label=label))

    def waiting(self, area_letter: str | None = None) -> list[TicketInfo]:
        params = {} if area_letter is None else {"area": area_letter}
        return TICKETS.validate_python(self._get("/queue/waiting", **params))

    def at_counter(self, counter: str) -> TicketInfo | None:
        return MAYBE_TICKET.validate_python(self._get("/queue/at-counter", counter=counter))

    def board(self, recent: int = 6) -> Board:
        return BOARD.validate_python(self._get("/queue/board", recent=str(recent)))

    def stats(self, actor: Actor, day: date) -> list[StatsRow]:
        """The day's figures, read on the hub: the hub's own accounts vouch for the actor, so
        a supervisor there sees them and anyone else is refused (`desk_app.server.hub`)."""
        body = {"actor": actor_document(actor), "day": day.isoformat()}
        return STATS.validate_python(self._send("POST", "/queue/stats", json=body))

    def change_token(self) -> str:
        return str(self._get("/queue/token")["token"])

    def wait_for_change(self, since: str | None, timeout: float) -> str:
        """The newest token once it differs from ``since`` (``since`` itself when ``timeout``
        passed first), heard on one change stream (SSE) this client keeps open: a change
        costs the hub a line per screen, not a request. A stream found lost is tried again
        at once, so a hub back after a restart is heard on the next wait."""
        if since is None:
            return self.change_token()
        return self._changes.wait(since, min(max(timeout, 0.0), MAX_WAIT))

    # --- issuing ---------------------------------------------------------------------------

    def issue(
        self,
        actor: Actor,
        area_letter: str,
        *,
        priority: PriorityKind | None = None,
        source: TicketSource = TicketSource.COUNTER,
    ) -> TicketInfo:
        body = {
            "area": area_letter,
            "priority": None if priority is None else priority.value,
            "source": source.value,
        }
        return self._act("/queue/issue", actor, None, body)

    def issue_for_result(self, actor: Actor, dossier_code: str) -> TicketInfo:
        return self._act("/queue/issue-for-result", actor, None, {"dossier_code": dossier_code})

    # --- calling and serving ---------------------------------------------------------------

    def call_next(
        self, actor: Actor, counter: str, areas: Sequence[str] | None = None
    ) -> TicketInfo:
        body = {"counter": counter, "areas": list(areas) if areas else None}
        return self._act("/queue/call-next", actor, counter, body)

    def call(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        return self._act("/queue/call", actor, counter, {"counter": counter, "label": label})

    def recall(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        return self._act("/queue/recall", actor, counter, {"counter": counter, "label": label})

    def start(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        return self._act("/queue/start", actor, counter, {"counter": counter, "label": label})

    def finish(
        self, actor: Actor, counter: str, label: str, dossier_code: str | None = None
    ) -> TicketInfo:
        body = {"counter": counter, "label": label, "dossier_code": dossier_code}
        return self._act("/queue/finish", actor, counter, body)

    def no_show(self, actor: Actor, counter: str, label: str) -> TicketInfo:
        return self._act("/queue/no-show", actor, counter, {"counter": counter, "label": label})

    def transfer(
        self, actor: Actor, label: str, to_area: str, to_counter: str | None = None
    ) -> TicketInfo:
        body = {"label": label, "to_area": to_area, "to_counter": to_counter}
        return self._act("/queue/transfer", actor, None, body)

    # --- the wire --------------------------------------------------------------------------

    def _act(
        self, path: str, actor: Actor, counter: str | None, body: dict[str, Any]
    ) -> TicketInfo:
        body = {"actor": actor_document(actor, counter), **body}
        return TICKET.validate_python(self._send("POST", path, json=body))

    def _get(self, path: str, **params: str) -> Any:
        return self._send("GET", path, params=params)

    def _send(self, method: str, path: str, **options: Any) -> Any:
        import httpx

        try:
            response = self._client.request(method, path, **options)
        except httpx.TransportError as error:
            raise HubUnreachable(url=self.url) from error
        self._check(response)
        try:
            return response.json()
        except ValueError as error:
            raise HubAnswerBad(url=self.url, status=response.status_code) from error

    def _check(self, response: httpx.Response) -> None:
        _refusal(response, self.url)


def _refusal(response: httpx.Response, url: str) -> None:
    """Raise what the hub's error answer says, if ``response`` is one."""
    if response.status_code < 400:
        return
    try:
        document = response.json()
    except ValueError:
        document = None
    if response.status_code == 401:
        raise HubKeyRefused(url=url)
    if isinstance(document, dict) and isinstance(document.get("msgid"), str):
        raise error_from_document(document)
    raise HubAnswerBad(url=url, status=response.status_code)


class _ChangeStream:
    """The hub's change stream, kept open by one daemon thread of its client.

    The thread holds the newest token and whether the stream is up; `wait` reads them. A
    stream that ends (the hub stopped) or falls silent (unplugged) is down: waits then say
    `HubUnreachable` at once, and each wait first has the thread try again.
    """

    def __init__(self, client: httpx.Client, url: str) -> None:
        self._client = client
        self._url = url
        self._changed = threading.Condition()
        self._token: str | None = None
        self._up = False
        self._failure: DeskError | None = None
        self._attempts = 0  # connections tried to their outcome (up, or failed)
        self._retry = threading.Event()
        self._closed = False
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    def wait(self, since: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        with self._changed:
            if self._closed:
                raise HubUnreachable(url=self._url)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._listen, name="queue-hub-changes", daemon=True
                )
                self._thread.start()
            if not self._up:  # never up yet, or lost: this wait hears how a fresh try goes
                tried = self._attempts
                self._retry.set()
                self._changed.wait_for(
                    lambda: self._up or self._attempts != tried, TIMEOUT + STREAM_SILENCE
                )
            while True:
                if not self._up:
                    raise self._failure or HubUnreachable(url=self._url)
                if self._token is not None and self._token != since:
                    return self._token
                left = deadline - time.monotonic()
                if left <= 0:
                    return since
                self._changed.wait(left)

    def close(self) -> None:
        with self._changed:
            self._closed = True
            thread, sock = self._thread, self._socket
        self._retry.set()
        if sock is not None:  # wakes the thread from its read at once
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        if thread is not None:
            thread.join(TIMEOUT + STREAM_SILENCE)
        self._client.close()

    def _listen(self) -> None:
        import httpx

        limits = httpx.Timeout(TIMEOUT, read=STREAM_SILENCE)
        while not self._closed:
            failure: DeskError = HubUnreachable(url=self._url)
            try:
                with self._client.stream("GET", "/queue/events", timeout=limits) as response:
                    if response.status_code >= 400:
                        response.read()
                        _refusal(response, self._url)
                    stream = response.extensions.get("network_stream")
                    self._socket = stream.get_extra_info("socket") if stream else None
                    for line in response.iter_lines():
                        if self._closed:
                            return
                        if line.startswith("data:"):
                            self._heard(line[5:].strip())
            except httpx.TransportError:
                pass  # down: said as HubUnreachable
            except DeskError as refused:
                failure = refused
            except Exception as error:  # never let the thread die in silence
                log.warning("queue hub change stream: %s", type(error).__name__)
            finally:
                self._socket = None
            with self._changed:
                self._up, self._failure = False, failure
                self._attempts += 1
                self._changed.notify_all()
            self._retry.wait(RETRY_SECONDS)
            self._retry.clear()

    def _heard(self, token: str) -> None:
        with self._changed:
            if not self._up:
                self._attempts += 1
            self._token, self._up, self._failure = token, True, None
            self._changed.notify_all()


def queue_for(workspace: Workspace, settings: Settings) -> QueueService:
    """The hub's queue when the settings name one (an office with several counters), else this
    workstation's own."""
    if settings.queue_hub_url:
        return HubQueue(settings.queue_hub_url, settings.queue_hub_token)
    return local_queue(workspace)
