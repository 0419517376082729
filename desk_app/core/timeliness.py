"""Whether a step or a dossier finished ahead of time, on time or late (reference §5).

Circular 01/2020/TT-VPCP counts a result as ahead of time ("trước hạn") when it comes before
the due date's day, on time ("đúng hạn") on the due day and not after the due time, and late
("quá hạn") after the due time. The control slip (reference §2) prints the same three words
for each hand-over, against the step's own deadline.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from desk_app.core.calendar import OFFICE_TZ


class Timeliness(StrEnum):
    AHEAD = "ahead"
    ON_TIME = "on_time"
    LATE = "late"


def timeliness(done_at: datetime, due_at: datetime) -> Timeliness:
    """How ``done_at`` stands against ``due_at`` (both aware), days taken in office time."""
    if done_at > due_at:
        return Timeliness.LATE
    if done_at.astimezone(OFFICE_TZ).date() < due_at.astimezone(OFFICE_TZ).date():
        return Timeliness.AHEAD
    return Timeliness.ON_TIME
