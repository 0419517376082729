"""The server database's epoch (`schema.ServerEpoch`): read by every push and pull answer,
made anew when the database is put back from a backup.

Why a restore needs it: the restored database has forgotten what it acknowledged after the
backup (workstations no longer send those events) and numbers its pull feed again from below
the workstations' cursors (they would skip the new changes). Telling them "this is another
life of the server" is what lets them pull from the start and send again what it had
acknowledged; the server answers "duplicate" for what it still holds.
"""

from __future__ import annotations

import logging
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from desk_app.server.schema import ServerEpoch
from desk_app.services.context import utc_now
from desk_app.store.db import Database

log = logging.getLogger(__name__)

RESTORED = "restored"


def current_epoch(session: Session) -> str:
    """This database's epoch (migration 0003 made the row)."""
    epoch = session.scalar(select(ServerEpoch.epoch).where(ServerEpoch.singleton == 1))
    if epoch is None:  # only a database written behind the migrations' back
        raise RuntimeError("the server database has no epoch row (migration 0003)")
    return epoch


def mark_restored(db: Database) -> str:
    """Give the database a new epoch: run after it was put back from a backup (pg_restore)."""
    epoch = str(uuid.uuid4())
    with db.write() as session:
        session.execute(
            update(ServerEpoch)
            .where(ServerEpoch.singleton == 1)
            .values(epoch=epoch, made_at=utc_now(), reason=RESTORED)
        )
    log.info("district server: marked as restored, new epoch")
    return epoch


def _sqlite_time() -> str:
    # As SQLAlchemy writes a UTC time into SQLite (store.types.UTCDateTime): naive, in UTC.
    return utc_now().replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def mark_restored_file(path: Path) -> None:
    """The same on an SQLite file not yet in place (`admin.restore`'s copy, before its rename,
    so the restored database is never live under its old epoch). A backup from before
    migration 0003 has no row: opening it will make one, already new."""
    with closing(sqlite3.connect(path)) as copy, copy:
        found = copy.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'server_epoch'"
        ).fetchone()
        if found and found[0]:
            copy.execute(
                "UPDATE server_epoch SET epoch = ?, made_at = ?, reason = ? WHERE singleton = 1",
                (str(uuid.uuid4()), _sqlite_time(), RESTORED),
            )
