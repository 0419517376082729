"""The pull feed (issue 11, "Pull"): the server-side changes after a device's cursor.

A device sees its own office's changes and the district-wide ones (``office_id`` NULL), in
``seq`` order. Reading ``seq > after`` never skips a change: ``seq`` is assigned under a
transaction-scoped advisory lock on PostgreSQL (`desk_app.server.admin.append_change`), so a
lower number is always committed before a higher one becomes visible, and SQLite has a single
writer. The cursor handed back is the last change returned (the one asked after when none
is), so a client that stores it with what it applied resumes exactly there.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import or_, select

from desk_app.server.epoch import current_epoch
from desk_app.server.schema import Device, ServerChange
from desk_app.services.context import utc_now
from desk_app.store.db import Database
from desk_app.sync.protocol import MAX_PULL_CHANGES, Change, PullOut


def changes_after(
    db: Database, device: Device, after: int, limit: int, *, now: datetime | None = None
) -> PullOut:
    """At most ``limit`` (capped at MAX_PULL_CHANGES) changes for ``device`` after ``after``."""
    wanted = max(1, min(limit, MAX_PULL_CHANGES))
    start = max(0, after)
    with db.read() as session:
        rows = session.execute(
            select(ServerChange.seq, ServerChange.kind, ServerChange.payload)
            .where(
                ServerChange.seq > start,
                or_(ServerChange.office_id == device.office_id, ServerChange.office_id.is_(None)),
            )
            .order_by(ServerChange.seq)
            .limit(wanted + 1)
        ).all()
        epoch = current_epoch(session)
    more = len(rows) > wanted
    shown = rows[:wanted]
    changes = [Change(seq=row.seq, kind=row.kind, payload=json.loads(row.payload)) for row in shown]
    cursor = shown[-1].seq if shown else start
    return PullOut(
        changes=changes,
        cursor=cursor,
        more=more,
        server_time=now if now else utc_now(),
        epoch=epoch,
    )
