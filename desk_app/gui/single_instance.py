"""One counter window per data folder: a second start brings the first window forward.

Two windows on one workstation's data would be two officers' sessions on one counter's
numbering and print counts; an officer who double-clicks the icon again just wants the window
back (issue 7, item 8). The first process listens on a local socket (a named pipe on Windows,
a socket file in the temporary folder elsewhere) whose name is made from the data folder's
resolved path, so workstations side by side on one machine (``DESK_APP_HOME``) do not see each
other. A later process finds it, sends ``raise`` and exits.

A process that crashed leaves its socket file behind on Linux: a name nobody answers on is
taken over (`QLocalServer.removeServer`), and only then, so a live first window is never
robbed of its name by a second start that raced it.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from desk_app.gui.qt import QAbstractSocket, QLocalServer, QLocalSocket, QObject, Signal

log = logging.getLogger(__name__)

RAISE = b"raise\n"
CONNECT_MS = 1000  # a live first instance answers within milliseconds; a dead name refuses


def server_name(home: Path) -> str:
    """The local socket's name for the data folder ``home``: the same for every spelling of
    the folder (relative, symlinked), short enough for a socket path, safe as a pipe name."""
    digest = hashlib.sha256(str(home.expanduser().resolve()).encode("utf-8")).hexdigest()
    return f"desk-app-{digest[:24]}"


class SingleInstance(QObject):
    """`claim` once at start-up: True means this process is the first and now listens (its
    ``raise_requested`` fires when another start asks); False means another one has it and
    was asked to come forward, so this process should end."""

    raise_requested = Signal()

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(home)
        self._server: QLocalServer | None = None

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def claim(self) -> bool:
        if self._tell_first():
            log.info("another window has this data folder; it was asked to come forward")
            return False
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                # Not fatal: the window works, only a second start would open a second one.
                log.warning("single-instance socket not available: %s", server.errorString())
                server.deleteLater()
                return True
            if self._tell_first():  # it started between our two looks
                server.deleteLater()
                return False
            QLocalServer.removeServer(self.name)  # left by a process that died
            if not server.listen(self.name):
                log.warning("single-instance socket not available: %s", server.errorString())
                server.deleteLater()
                return True
        server.newConnection.connect(self._connected)
        self._server = server
        return True

    def release(self) -> None:
        """Stop listening (the socket file goes with it); the next start will be the first."""
        if self._server is not None:
            self._server.close()
            self._server.deleteLater()
            self._server = None

    def _tell_first(self) -> bool:
        """Ask the instance listening on our name, if any, to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(CONNECT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_MS)
        return True

    def _connected(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            socket.readyRead.connect(lambda socket=socket: self._read(socket))
            socket.disconnected.connect(socket.deleteLater)
            self._read(socket)  # what arrived before the slot was connected

    def _read(self, socket: QLocalSocket) -> None:
        while socket.canReadLine():
            if bytes(socket.readLine().data()) == RAISE:
                self.raise_requested.emit()
