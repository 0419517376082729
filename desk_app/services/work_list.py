"""The work list that opens with the app: what is overdue, due today, due soon, waiting for a
supplement or ready to return, with a count per bucket (the status bar's) and the dossiers
about to be late (the GUI proposes the apology form for them). Rules: `core.work_list`.

Each bucket is one indexed query on (state, due_at): the list stays quick with a million
dossiers (benchmarks/dossiers.py), and only the first ``limit`` dossiers of a bucket are read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.lifecycle import STATE_LABELS, DossierState
from desk_app.core.roles import Act
from desk_app.core.work_list import (
    BUCKET_LABELS,
    Bucket,
    WorkListBounds,
    about_to_be_late,
    check_due_soon_days,
    work_list_bounds,
)
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.store.models import Dossier
from desk_app.store.models import OfficeRules as OfficeRulesRow
from desk_app.sync.events import OfficeDueSoonSet

DEFAULT_DUE_SOON_DAYS = 2
DEFAULT_LIMIT = 50
# The office is working on these: the clock runs.
WORKING_STATES = (DossierState.RECEIVED, DossierState.IN_PROGRESS)


@dataclass(frozen=True)
class WorkItem:
    """One dossier of the work list (times aware UTC): what the row shows, no more."""

    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    state: DossierState
    received_at: datetime
    due_at: datetime
    original_due_at: datetime
    paused_at: datetime | None
    resolved_at: datetime | None
    handling_unit: str
    extensions: int
    about_to_be_late: bool

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
                data[f"{key}_local"] = value.astimezone(OFFICE_TZ).isoformat()
            else:
                data[key] = value
        data["state_label"] = STATE_LABELS[self.state]
        return data


@dataclass(frozen=True)
class WorkList:
    bounds: WorkListBounds
    due_soon_days: int
    buckets: Mapping[Bucket, tuple[WorkItem, ...]]  # the first ``limit`` of each, in order
    counts: Mapping[Bucket, int]  # all of each bucket
    about_to_be_late: int  # how many on-time dossiers are due by the next working day's end

    def to_json(self) -> dict[str, object]:
        return {
            "as_of": self.bounds.now.isoformat(),
            "today": self.bounds.today.isoformat(),
            "due_soon_days": self.due_soon_days,
            "due_soon_until": self.bounds.horizon_day.isoformat(),
            "about_to_be_late_before": self.bounds.late_before.isoformat(),
            "counts": {b.value: self.counts[b] for b in Bucket},
            "about_to_be_late": self.about_to_be_late,
            "buckets": {
                b.value: {
                    "label": BUCKET_LABELS[b],
                    "count": self.counts[b],
                    "dossiers": [i.to_json() for i in self.buckets[b]],
                }
                for b in Bucket
            },
        }


_COLUMNS = (
    Dossier.code,
    Dossier.applicant_name,
    Dossier.procedure_code,
    Dossier.procedure_name,
    Dossier.state,
    Dossier.received_at,
    Dossier.due_at,
    Dossier.original_due_at,
    Dossier.paused_at,
    Dossier.resolved_at,
    Dossier.handling_unit,
    Dossier.extensions,
)


def due_soon_days(session: Session, actor: Actor) -> int:
    row = session.get(OfficeRulesRow, actor.office.id)
    return row.due_soon_days if row is not None else DEFAULT_DUE_SOON_DAYS


def work_list(workspace: Workspace, actor: Actor, *, limit: int = DEFAULT_LIMIT) -> WorkList:
    """The actor's office's work list as of now (``limit`` 0: the counts only, for the status
    bar)."""
    calendar = workspace.calendar(actor.office.id)
    with workspace.read() as session:
        days = due_soon_days(session, actor)
        bounds = work_list_bounds(workspace.now(), calendar, days)
        buckets: dict[Bucket, tuple[WorkItem, ...]] = {}
        counts: dict[Bucket, int] = {}
        for bucket, (states, due_conditions) in _bucket_conditions(bounds).items():
            found: list[Any] = []
            counts[bucket] = 0
            for state in states:
                where = (Dossier.office_id == actor.office.id, Dossier.state == state)
                counts[bucket] += (
                    session.scalar(select(func.count()).where(*where, *due_conditions)) or 0
                )
                if limit > 0:
                    # One state at a time, so the (state, due_at) index gives the order and
                    # the limit stops the read: never a sort of a whole bucket.
                    found += session.execute(
                        select(*_COLUMNS)
                        .where(*where, *due_conditions)
                        .order_by(Dossier.due_at, Dossier.code)
                        .limit(limit)
                    ).all()
            found.sort(key=lambda r: (r.due_at, r.code))
            buckets[bucket] = tuple(_item(r, bounds) for r in found[:limit])
        late = sum(
            session.scalar(
                select(func.count()).where(
                    Dossier.office_id == actor.office.id,
                    Dossier.state == state,
                    Dossier.due_at >= bounds.now,
                    Dossier.due_at <= bounds.late_before,
                )
            )
            or 0
            for state in WORKING_STATES
        )
    return WorkList(bounds, days, buckets, counts, late)


def _bucket_conditions(
    bounds: WorkListBounds,
) -> dict[Bucket, tuple[tuple[DossierState, ...], list[Any]]]:
    """Each bucket's states and due-time conditions (the mirror, in SQL, of
    `core.work_list.due_bucket`; a test checks the two agree). Every bucket lists the soonest
    due first: the longest overdue, the appointment longest past for a result waiting to be
    collected, the dossier paused earliest in its time for a supplement."""
    return {
        Bucket.OVERDUE: (WORKING_STATES, [Dossier.due_at < bounds.now]),
        Bucket.DUE_TODAY: (
            WORKING_STATES,
            [Dossier.due_at >= bounds.now, Dossier.due_at < bounds.end_of_today],
        ),
        Bucket.DUE_SOON: (
            WORKING_STATES,
            [Dossier.due_at >= bounds.end_of_today, Dossier.due_at < bounds.end_of_horizon],
        ),
        Bucket.WAITING_SUPPLEMENT: ((DossierState.SUPPLEMENT_REQUESTED,), []),
        Bucket.READY_TO_RETURN: ((DossierState.RESULT_READY,), []),
    }


def _utc(at: datetime | None) -> datetime | None:
    return at.astimezone(UTC) if at is not None else None


def _item(row: Any, bounds: WorkListBounds) -> WorkItem:
    due_at = row.due_at.astimezone(UTC)
    return WorkItem(
        code=row.code,
        applicant_name=row.applicant_name,
        procedure_code=row.procedure_code,
        procedure_name=row.procedure_name,
        state=row.state,
        received_at=row.received_at.astimezone(UTC),
        due_at=due_at,
        original_due_at=row.original_due_at.astimezone(UTC),
        paused_at=_utc(row.paused_at),
        resolved_at=_utc(row.resolved_at),
        handling_unit=row.handling_unit,
        extensions=row.extensions,
        about_to_be_late=row.state in WORKING_STATES and about_to_be_late(due_at, bounds),
    )


def set_due_soon_days(workspace: Workspace, actor: Actor, days: int) -> int:
    """Set the office's "due soon" horizon (working days) in one audited change; an
    administrator's act, like the other office rules."""
    check_due_soon_days(days)
    require(workspace, actor, Act.OFFICE_RULES)
    with workspace.write() as session:
        row = session.get_one(OfficeRulesRow, actor.office.id)
        if row.due_soon_days == days:
            return days
        row.due_soon_days = days
        row.updated_at = workspace.now()
        record_change(
            session,
            workspace,
            actor,
            OfficeDueSoonSet(due_soon_days=days),
            entity="office",
            entity_id=str(actor.office.id),
            aggregate_id=actor.office.id,
        )
    return days
