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


# Issue 8, item 4: the folder holds applicants' names, ID numbers and phones; on POSIX only the
# user may read it. On Windows the user's profile already keeps others out (no ACL work).
PRIVATE_FOLDER = 0o700
PRIVATE_FILE = 0o600
POSIX = os.name == "posix"


def private_folder(path: Path) -> Path:
    """``path`` created if missing and made 0700, whatever the umask (mkdir's mode is masked)."""
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER)
    if POSIX:
        os.chmod(path, PRIVATE_FOLDER)
    return path


def private_file(path: Path) -> Path:
    """``path`` created empty if missing and made 0600 before anything is written into it."""
    if POSIX:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, PRIVATE_FILE))
        os.chmod(path, PRIVATE_FILE)
    else:
        path.touch()
    return path


def tighten_modes(home: Path) -> list[Path]:
    """Make every folder under ``home`` 0700 and every file 0600; the paths that were looser.

    A data folder set up by an older release (or copied by hand) is fixed once when opened.
    Symbolic links are left alone: what they point at is not ours.
    """
    if not POSIX or not home.is_dir():
        return []
    changed = []
    for folder, folders, files in os.walk(home):
        for name, wanted in [(".", PRIVATE_FOLDER)] + [(f, PRIVATE_FILE) for f in files]:
            path = Path(folder) / name if name != "." else Path(folder)
            if path.is_symlink():
                continue
            mode = path.stat().st_mode & 0o777
            if mode != wanted:
                os.chmod(path, wanted)
                changed.append(path)
        folders[:] = [f for f in folders if not (Path(folder) / f).is_symlink()]
    return changed
