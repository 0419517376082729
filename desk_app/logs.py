"""Logging to a rotating file in the platform's log folder; tracebacks go there, not to screens."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

from desk_app.home import APP_NAME, data_home  # not config: no pydantic before the first window


def log_dir() -> Path:
    if os.environ.get("DESK_APP_HOME"):
        return data_home() / "logs"
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


def configure_logging(level: int = logging.INFO) -> None:
    root = logging.getLogger()
    if any(getattr(h, "desk_app", False) for h in root.handlers):
        return
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            folder / "desk-app.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()  # a read-only profile must not stop the counter
    handler.desk_app = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
