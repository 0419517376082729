"""A real office queue hub for tests: uvicorn on 127.0.0.1 in a background thread, serving a
copy of the set-up workstation, stopped and started again on the same port when a test asks."""

from __future__ import annotations

import shutil
import threading
import time
import uuid
from pathlib import Path

from desk_app.core.roles import Role
from desk_app.server.hub import HubServer, listening_socket, load_or_create_key
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.queue_hub import HubQueue
from desk_app.services.workstation import open_workstation, station_of

START_TIMEOUT_S = 10.0


class RunningHub:
    """``desk-app server hub`` in this process: one workspace, uvicorn in a thread."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.workspace: Workspace = open_workstation(home)
        self.key = load_or_create_key(home)
        self.port = 0
        self._server: HubServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RunningHub:
        sock = listening_socket("127.0.0.1", self.port)  # 0 at first: a free port, kept after
        self.port = sock.getsockname()[1]
        server = HubServer(self.workspace, self.key)
        thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="queue-hub", daemon=True
        )
        thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the queue hub did not start")
            time.sleep(0.01)
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(START_TIMEOUT_S)
        assert not self._thread.is_alive(), "the queue hub did not stop"
        self._server = self._thread = None

    def close(self) -> None:
        self.stop()
        self.workspace.close()

    def client(self, key: str | None = None) -> HubQueue:
        return HubQueue(self.url, self.key if key is None else key)


def copy_of(template: Path, target: Path) -> Path:
    """A copy of the set-up workstation, as tests/cli/conftest.py's ``home`` makes one."""
    shutil.copytree(template, target)
    return target


def counter_actor(hub: RunningHub, username: str, role: Role = Role.OFFICER) -> Actor:
    """An officer of another workstation of the office, as its counter sends them: an
    account the hub's own file does not hold."""
    station = station_of(hub.workspace)
    officer = OfficerInfo(uuid.uuid4(), username, f"Cán bộ {username}", role)
    return Actor(station.office, None, officer)


def kiosk_actor(hub: RunningHub) -> Actor:
    """The kiosk: nobody logged in."""
    return Actor(station_of(hub.workspace).office, None, None)
