"""The figures of a reporting period per unit (reference §5, form II.06a), over plain rows.

A period is a run of whole office days ``first``..``last``; it starts at ``first`` 00:00 and
ends at the day after ``last`` 00:00, office time (or at ``now`` when that comes earlier: the
figures of a period still running are "so far").

- received in the period: ``received_day`` within it, online or direct (counter or post);
- carried over: received before the period and not resolved at its start;
- resolved: of those two, a result (``resolved_at``) before the period's end, ahead of time,
  on time or late by `desk_app.core.timeliness`;
- in progress: the rest, within the deadline or overdue as the period ends.

So, per unit, by construction: received_total = received_online + received_direct +
carried_over = resolved_total + in_progress_total; resolved_total = early + on time + late;
in_progress_total = within + overdue. Pure: the district dashboard and the workstation's
report (issue 12) each bring their rows.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from typing import Generic, Literal, TypeVar

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.timeliness import Timeliness, timeliness

K = TypeVar("K", bound=Hashable)

COUNT_NAMES = (
    "received_total",
    "received_online",
    "received_direct",
    "carried_over",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "in_progress_total",
    "in_progress_within",
    "in_progress_overdue",
)


@dataclass(frozen=True)
class DossierRow(Generic[K]):
    """What the figures need of one dossier; ``unit`` is whatever the rows are grouped by.

    ``paused_at_end``: waiting for the citizen's supplement as the period ends, so its clock
    stands still (reference §4) and it is within its time, whatever ``due_at`` says (the due
    date moves on when the supplement comes). ``ref``: the caller's key of the dossier (its
    code), carried to `classified` for the list behind a cell."""

    unit: K
    received_day: date  # office time
    due_at: datetime  # aware
    resolved_at: datetime | None  # aware; None while unresolved
    online: bool
    paused_at_end: bool = False
    ref: object = None


@dataclass
class PeriodCounts:
    """The eleven counts of form II.06a's columns 3 to 13 for one unit (or the total)."""

    received_total: int = 0
    received_online: int = 0
    received_direct: int = 0
    carried_over: int = 0
    resolved_total: int = 0
    resolved_early: int = 0
    resolved_on_time: int = 0
    resolved_late: int = 0
    in_progress_total: int = 0
    in_progress_within: int = 0
    in_progress_overdue: int = 0

    def add(self, other: PeriodCounts) -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in COUNT_NAMES}

    @property
    def online_share(self) -> float | None:
        """Online dossiers among those received in the period (None when there are none)."""
        new = self.received_online + self.received_direct
        return self.received_online / new if new else None

    @property
    def on_time_rate(self) -> float | None:
        """Resolved ahead of time or on time, among the resolved (reference §6; None when
        none was resolved)."""
        in_time = self.resolved_early + self.resolved_on_time
        return in_time / self.resolved_total if self.resolved_total else None


Grouping = Literal["field", "procedure", "unit"]  # what a report's lines are
# The supervisors' figures beside the form's columns, never inside its table (issue 12).
EXTRA_NAMES = (
    "waiting_supplement",
    "refused",
    "stopped",
    "extended",
    "late_after_extension",
)


@dataclass
class ExtraCounts:
    """The supervisors' columns of one line: waiting for a supplement as the period ends;
    refused and stopped (both among the resolved); extended (Mẫu 04) before the end, and of
    those, resolved late."""

    waiting_supplement: int = 0
    refused: int = 0
    stopped: int = 0
    extended: int = 0
    late_after_extension: int = 0

    def as_dict(self) -> dict[str, int]:
        return {name: int(getattr(self, name)) for name in EXTRA_NAMES}


@dataclass(frozen=True)
class ReportLine:
    label: str
    counts: PeriodCounts
    extras: ExtraCounts
    code: str = ""  # the line's own code where it has one: a procedure's, a ward's agency id


@dataclass(frozen=True)
class PeriodReportData:
    """What the JSON, the PDF and the XLSX print: one line per field, procedure or unit."""

    period: Period
    by: Grouping
    reporting_unit: str  # "Đơn vị báo cáo": the office
    receiving_unit: str  # "Đơn vị nhận báo cáo": given by the caller, may be empty
    as_of: datetime  # aware: figures of a period still running are "so far"
    lines: tuple[ReportLine, ...]
    total: PeriodCounts
    total_extras: ExtraCounts
    # The supervisors' figures this source knows (the district server has no supplement or
    # extension history): the others are left out, never printed as zeros.
    extra_names: tuple[str, ...] = EXTRA_NAMES


@dataclass(frozen=True)
class Period:
    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError("a period ends on or after its first day")

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first, time(), OFFICE_TZ)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(), OFFICE_TZ)


def month_of(day: date) -> Period:
    following = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return Period(day.replace(day=1), following - timedelta(days=1))


def quarter_of(day: date) -> Period:
    first_month = 3 * ((day.month - 1) // 3) + 1
    last = month_of(date(day.year, first_month + 2, 1)).last
    return Period(date(day.year, first_month, 1), last)


def year_of(day: date) -> Period:
    return Period(date(day.year, 1, 1), date(day.year, 12, 31))


def _kinds(row: DossierRow[K], period: Period, start: datetime, end: datetime) -> tuple[str, ...]:
    """The names of the counts ``row`` adds to (none when it is outside the period)."""
    if row.received_day > period.last:
        return ()
    if row.received_day < period.first:
        if row.resolved_at is not None and row.resolved_at < start:
            return ()  # resolved before the period: not in it
        how = "carried_over"
    else:
        how = "received_online" if row.online else "received_direct"
    if row.resolved_at is not None and row.resolved_at < end:
        kind = timeliness(row.resolved_at, row.due_at)
        done = _RESOLVED[kind]
        return ("received_total", how, "resolved_total", done)
    overdue = row.due_at < end and not row.paused_at_end
    late = "in_progress_overdue" if overdue else "in_progress_within"
    return ("received_total", how, "in_progress_total", late)


_RESOLVED = {
    Timeliness.AHEAD: "resolved_early",
    Timeliness.ON_TIME: "resolved_on_time",
    Timeliness.LATE: "resolved_late",
}


def bounds(period: Period, now: datetime) -> tuple[datetime, datetime]:
    """When ``period`` starts, and when its figures end: its end, or ``now`` if earlier."""
    start = period.starts_at
    return start, min(period.ends_at, max(now, start))


def count_one(row: DossierRow[K], period: Period, now: datetime) -> PeriodCounts:
    """The counts one dossier adds to its unit (all zero when it is outside the period)."""
    counts = PeriodCounts()
    for name in _kinds(row, period, *bounds(period, now)):
        setattr(counts, name, getattr(counts, name) + 1)
    return counts


def classified(
    rows: Iterable[DossierRow[K]], period: Period, now: datetime
) -> Iterator[tuple[DossierRow[K], tuple[str, ...]]]:
    """Each row that counts in ``period`` with the names of the counts it adds to: what the
    list behind a cell and the supervisors' extra columns are read from."""
    start, end = bounds(period, now)
    for row in rows:
        kinds = _kinds(row, period, start, end)
        if kinds:
            yield row, kinds


def period_report(
    rows: Iterable[DossierRow[K]], period: Period, now: datetime
) -> dict[K, PeriodCounts]:
    """The counts per unit of ``rows`` (units with no dossier in the period get none)."""
    start, end = bounds(period, now)
    tallies: dict[K, dict[str, int]] = {}
    for row in rows:
        kinds = _kinds(row, period, start, end)
        if kinds:
            tally = tallies.get(row.unit)
            if tally is None:
                tally = tallies[row.unit] = dict.fromkeys(COUNT_NAMES, 0)
            for name in kinds:
                tally[name] += 1
    return {unit: PeriodCounts(**tally) for unit, tally in tallies.items()}


def tally_lines(
    counted: Iterable[tuple[DossierRow[K], tuple[str, ...]]],
    extras_of: Callable[[DossierRow[K], tuple[str, ...]], Iterable[str]],
) -> tuple[dict[K, ReportLine], PeriodCounts, ExtraCounts]:
    """Lines per unit (label: the unit as text; fill in ``code`` after) with the counts and
    the supervisors' figures ``extras_of`` names for each classified row, and the totals."""
    lines: dict[K, ReportLine] = {}
    total, total_extras = PeriodCounts(), ExtraCounts()
    for row, kinds in counted:
        line = lines.get(row.unit)
        if line is None:
            line = lines[row.unit] = ReportLine(str(row.unit), PeriodCounts(), ExtraCounts())
        for name in kinds:
            setattr(line.counts, name, getattr(line.counts, name) + 1)
            setattr(total, name, getattr(total, name) + 1)
        for name in extras_of(row, kinds):
            setattr(line.extras, name, getattr(line.extras, name) + 1)
            setattr(total_extras, name, getattr(total_extras, name) + 1)
    return lines, total, total_extras


def total_of(report: Mapping[K, PeriodCounts]) -> PeriodCounts:
    total = PeriodCounts()
    for counts in report.values():
        total.add(counts)
    return total
