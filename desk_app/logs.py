"""Logging to a rotating file in the platform's log folder; tracebacks go there, not to screens.

The log never holds an applicant's data (issue 8, item 4): a refusal of ordinary input is one
line naming the field (`refusal_line`), never its message or traceback, which may repeat what
was typed. A log that cannot be written is silent: the officer's work goes on without it.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path
from typing import Any

import platformdirs

# not config: no pydantic before the first window
from desk_app.home import APP_NAME, POSIX, PRIVATE_FILE, data_home, private_folder

LOG_FILE = "desk-app.log"


def log_dir() -> Path:
    if os.environ.get("DESK_APP_HOME"):
        return data_home() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


class PrivateLogHandler(logging.handlers.RotatingFileHandler):
    """A rotating log readable by the user only, that never troubles the officer when a
    write fails (full disk, a file made read-only): the record is dropped."""

    desk_app = True

    def _open(self) -> Any:  # typeshed's TextIOWrapper, generic in its buffer
        stream = super()._open()
        if POSIX:
            os.chmod(self.baseFilename, PRIVATE_FILE)
        return stream

    def handleError(self, record: logging.LogRecord) -> None:
        """Dropped, not printed: logging's default writes a traceback to stderr."""


def refusal_line(error: BaseException) -> str:
    """What the log says of a refused input: its kind and field, never the message (it may
    quote the name, ID number or phone typed)."""
    field = getattr(error, "field", None) or "-"
    return f"refused: field={field} ({type(error).__name__})"


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "desk_app", False) for h in root.handlers):
        return
    try:
        folder = private_folder(log_dir())
        handler: logging.Handler = PrivateLogHandler(
            folder / LOG_FILE, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the counter
        handler.desk_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
