"""The workstation's data folder and the cheap facts about it, with no pydantic or SQLAlchemy.

The counter window's first dialog needs to know where the data folder is and whether it holds
a set-up workstation before anything heavy is imported (issue 6, item 10: the login appears at
once). `desk_app.config` re-exports these names; `services.workstation` opens what is here.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "desk-app"
SETTINGS_FILE = "settings.toml"
DATABASE_FILE = "desk-app.sqlite3"


def data_home() -> Path:
    """The workstation's data folder: ``DESK_APP_HOME`` or the platform's user data folder."""
    override = os.environ.get("DESK_APP_HOME")
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def is_initialised(home: Path | None = None) -> bool:
    """A file check: set-up writes the database file last (under ``.partial``, then renamed)."""
    return (home or data_home()).joinpath(DATABASE_FILE).is_file()
