"""A loopback TCP proxy that loses replies and resets connections, seeded (issue 11's proof).

It stands between a workstation's sync client and a real district server. Two faults, the two
that lose or duplicate records in offline-first systems (sync-and-reliability.md):

- a *reset*: the connection is aborted (RST) as a request's first bytes arrive, before anything
  of it reaches the server;
- a *lost reply*: the request reaches the server, which handles it and commits; the moment its
  answer starts to come back, both connections are aborted, so the client never hears it.

The server sends its answer only after its transaction committed, so the first byte of a
response is proof of the commit. Faults are decided per request with a seeded random, and can
be switched off to let the queues drain.
"""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from dataclasses import dataclass, field

CHUNK = 65536


@dataclass
class FaultCounts:
    connections: int = 0
    resets: int = 0
    lost_replies: int = 0
    answered: int = 0


@dataclass
class FaultProxy:
    """``FaultProxy(upstream_port).start()``; clients talk to ``url``; ``faults = False``
    stops the faults; ``stop()`` ends it."""

    upstream_port: int
    drop_reply: float = 0.30
    reset: float = 0.10
    seed: int = 11
    faults: bool = True
    counts: FaultCounts = field(default_factory=FaultCounts)
    port: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.AbstractServer | None = None
        # Every live connection's writers, so stop() can cut them before the loop closes: a
        # keep-alive connection left to the garbage collector warns "unclosed" (CI saw it).
        self._writers: set[asyncio.StreamWriter] = set()
        self._handlers: set[asyncio.Task[None]] = set()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> FaultProxy:
        self._thread.start()
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, sock=sock), self._loop
        ).result(5)
        self._server = server
        return self

    def stop(self) -> None:
        async def close() -> None:
            if self._server is not None:
                self._server.close()
            for writer in list(self._writers):
                writer.transport.abort()
            for handler in list(self._handlers):
                handler.cancel()
            await asyncio.gather(*self._handlers, return_exceptions=True)
            if self._server is not None:
                await self._server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._loop.close()

    def _roll(self, chance: float) -> bool:
        with self._lock:
            return self.faults and self._random.random() < chance

    async def _handle(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        handler = asyncio.current_task()
        assert handler is not None
        self._handlers.add(handler)
        self._writers.add(client_w)
        try:
            await self._relay(client_r, client_w)
        finally:
            self._writers.discard(client_w)
            self._handlers.discard(handler)
            if not client_w.transport.is_closing():
                client_w.close()  # a relay that ended cleanly or aborted has closed it already

    async def _relay(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        self.counts.connections += 1
        try:
            upstream_r, upstream_w = await asyncio.open_connection("127.0.0.1", self.upstream_port)
        except OSError:
            return
        self._writers.add(upstream_w)
        awaiting = asyncio.Event()  # a request went up; its answer has not started yet
        aborted = asyncio.Event()

        def abort() -> None:
            aborted.set()
            client_w.transport.abort()
            upstream_w.transport.abort()

        async def up() -> None:
            while not aborted.is_set():
                data = await client_r.read(CHUNK)
                if not data:
                    break
                # A new request starts when no answer is awaited (HTTP/1.1, no pipelining).
                if not awaiting.is_set() and self._roll(self.reset):
                    self.counts.resets += 1
                    abort()
                    return
                awaiting.set()
                upstream_w.write(data)
                await upstream_w.drain()
            if not aborted.is_set() and upstream_w.can_write_eof():
                upstream_w.write_eof()

        async def down() -> None:
            while not aborted.is_set():
                data = await upstream_r.read(CHUNK)
                if not data:
                    break
                if awaiting.is_set():
                    awaiting.clear()
                    if self._roll(self.drop_reply):
                        self.counts.lost_replies += 1
                        abort()
                        return
                    self.counts.answered += 1
                client_w.write(data)
                await client_w.drain()
            if not aborted.is_set():
                client_w.close()

        try:
            await asyncio.gather(up(), down())
        except (ConnectionError, OSError):
            abort()
        finally:
            self._writers.discard(upstream_w)
            if not upstream_w.transport.is_closing():
                upstream_w.close()
