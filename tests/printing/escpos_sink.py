"""A ticket printer on 127.0.0.1 that keeps what it is sent, and an ESC/POS reader for it.

`Sink` listens like a network printer's port 9100 (a thread on ``socket.accept``); it may
answer the paper query (DLE EOT 4) as a printer with paper, or one without. `read_job` parses
the commands a ticket job may hold, in order, and gives back the raster images it carried,
decoded from ``GS v 0``'s width, height and bitmap.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

from PIL import Image

PAPER_QUERY = b"\x10\x04\x04"
PAPER_OK = b"\x12"
PAPER_OUT = b"\x72"  # paper-end sensor bits set


class Sink:
    """A listening socket that collects each connection's bytes until the client closes."""

    def __init__(self, *, paper_reply: bytes | None = PAPER_OK) -> None:
        self.paper_reply = paper_reply
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)  # so the thread sees `_done` soon after the test ends
        self.port: int = self.server.getsockname()[1]
        self.jobs: list[bytes] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    @property
    def target(self) -> str:
        return f"network:127.0.0.1:{self.port}"

    def __enter__(self) -> Sink:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self._done.set()
        self._thread.join(5)
        self.server.close()

    def wait_for_jobs(self, count: int, timeout: float = 5.0) -> list[bytes]:
        """The first ``count`` jobs, waiting for the client to have closed each."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.jobs) >= count:
                return self.jobs[:count]
            time.sleep(0.01)
        raise AssertionError(f"{len(self.jobs)} jobs received, {count} expected")

    def _serve(self) -> None:
        while not self._done.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with connection:
                connection.settimeout(10)
                received = bytearray()
                answered = False
                while True:
                    try:
                        chunk = connection.recv(65536)
                    except OSError:
                        break
                    if not chunk:
                        break
                    received += chunk
                    if self.paper_reply and not answered and PAPER_QUERY in received[-4096:]:
                        connection.sendall(self.paper_reply)
                        answered = True
                self.jobs.append(bytes(received))


@dataclass
class Job:
    """What a job asked the printer to do, in order (``commands``), and its raster images."""

    commands: list[str] = field(default_factory=list)
    images: list[Image.Image] = field(default_factory=list)

    def raster(self) -> Image.Image:
        """The job's images stacked as the paper shows them (python-escpos sends a tall
        image in bands)."""
        width = max(image.width for image in self.images)
        whole = Image.new("1", (width, sum(image.height for image in self.images)), 1)
        top = 0
        for image in self.images:
            whole.paste(image, (0, top))
            top += image.height
        return whole


def read_job(data: bytes) -> Job:
    """Parse ``data`` command by command; AssertionError at a byte no ticket job should hold."""
    job = Job()
    at = 0
    while at < len(data):
        head = data[at : at + 2]
        if head == b"\x1b@":
            job.commands.append("init")
            at += 2
        elif head == b"\x1dv" and data[at + 2 : at + 3] == b"0":
            width_bytes = data[at + 4] + 256 * data[at + 5]
            height = data[at + 6] + 256 * data[at + 7]
            start = at + 8
            bitmap = data[start : start + width_bytes * height]
            assert len(bitmap) == width_bytes * height, "the bitmap is cut short"
            # ESC/POS: a 1 bit is a black dot; Pillow's "1;I" reads it so (0 = black).
            image = Image.frombytes("1", (width_bytes * 8, height), bitmap, "raw", "1;I")
            job.commands.append(f"raster {width_bytes * 8}x{height}")
            job.images.append(image)
            at = start + len(bitmap)
        elif head == b"\x1bd":
            job.commands.append(f"feed {data[at + 2]}")
            at += 3
        elif head == b"\x1dV":
            mode = data[at + 2]
            job.commands.append("cut" if mode in (0, 48) else "partial cut")
            at += 4 if mode in (65, 66) else 3
        elif data[at : at + 3] == PAPER_QUERY:
            job.commands.append("paper?")
            at += 3
        else:
            raise AssertionError(f"unexpected byte {data[at]:#04x} at {at}: {data[at : at + 8]!r}")
    return job
