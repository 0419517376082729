"""The period report of form II.06a (reference §5) from this workstation's dossiers (issue 12).

The arithmetic is `core.period_report`'s, shared with the district dashboard; this module
brings the rows: the actor's office's dossiers that can count in the period (received by its
end, not resolved before its start), grouped by field (the procedure's "lĩnh vực"), by
procedure or by unit (the office), read as plain columns in one query, and the two facts of
their history the figures need at the period's end: a supplement awaited (the clock stands
still: within time) and an extension (Mẫu 04) made.

Beside the form's 13 columns, what supervisors also ask for, never inside the official
table: waiting for a supplement, refused, stopped at the applicant's request (both counted
among the resolved, as their ``resolved_at`` says), extended, and late after an extension.

Every count can be traced to its dossiers: `cell_dossiers` lists the codes behind a cell.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, get_args

from sqlalchemy import and_, case, func, literal, literal_column, or_, select, true
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.dossier import Channel
from desk_app.core.errors import N_, ValidationError
from desk_app.core.lifecycle import Action, DossierState
from desk_app.core.period_report import (
    COUNT_NAMES,
    EXTRA_NAMES,
    DossierRow,
    ExtraCounts,
    Grouping,
    Period,
    PeriodCounts,
    PeriodReportData,
    ReportLine,
    bounds,
    classified,
)
from desk_app.core.roles import Act
from desk_app.core.text import clean
from desk_app.services.context import Actor, Workspace, read_office
from desk_app.services.permissions import require
from desk_app.store.models import Dossier, DossierTransition, Procedure

GROUPINGS: tuple[Grouping, ...] = get_args(Grouping)
MAX_PERIOD_DAYS = 3660  # ten years: beyond that a report is an archive question
CELL_NAMES = (*COUNT_NAMES, *EXTRA_NAMES)
OTHER_FIELD = N_("Lĩnh vực khác")  # a dossier whose procedure names no field


class BadReportPeriod(ValidationError):
    def __init__(self, first: date, last: date) -> None:
        super().__init__(
            N_(
                "Kỳ báo cáo không hợp lệ: từ ngày {first} đến ngày {last}. Ngày đầu phải trước "
                "hoặc trùng ngày cuối, và một kỳ dài nhất 10 năm."
            ),
            field="date_from",
            first=first.strftime("%d/%m/%Y"),
            last=last.strftime("%d/%m/%Y"),
        )


class FuturePeriod(ValidationError):
    def __init__(self, first: date) -> None:
        super().__init__(
            N_("Kỳ báo cáo bắt đầu ngày {first}, chưa tới; chưa có số liệu nào để báo cáo."),
            field="date_from",
            first=first.strftime("%d/%m/%Y"),
        )


class UnknownCell(ValidationError):
    def __init__(self, cell: str) -> None:
        super().__init__(
            N_("Không có cột “{cell}” trong báo cáo; các cột là: {names}."),
            field="cell",
            cell=cell,
            names=", ".join(CELL_NAMES),
        )


@dataclass(frozen=True)
class _Ref:
    """What a row carries beside the figures: its code and the facts of its history."""

    code: str
    state: DossierState
    extended: bool


def check_period(first: date, last: date, today: date) -> Period:
    """The period ``first``..``last``, or a plain refusal (reversed, too long, in the future)."""
    if last < first or (last - first).days > MAX_PERIOD_DAYS:
        raise BadReportPeriod(first, last)
    if first > today:
        raise FuturePeriod(first)
    return Period(first, last)


def period_report_of(
    workspace: Workspace,
    actor: Actor,
    first: date,
    last: date,
    *,
    by: Grouping = "field",
    receiving_unit: str = "",
) -> PeriodReportData:
    """The report of the actor's office for ``first``..``last`` (office days, both included)."""
    require(workspace, actor, Act.REPORTS)
    now = workspace.now()
    period = check_period(first, last, now.astimezone(OFFICE_TZ).date())
    with workspace.read() as session:
        office = read_office(session, actor.office.id).identity_on(min(last, _today(now)))
        lines, total, total_extras = _counted_in_sql(
            session, actor.office.id, period, now, by, office.name
        )
    return PeriodReportData(
        period=period,
        by=by,
        reporting_unit=office.name,
        receiving_unit=clean(receiving_unit),
        as_of=now,
        lines=tuple(sorted(lines, key=lambda line: _sort_key(line.label))),
        total=total,
        total_extras=total_extras,
    )


def cell_dossiers(
    workspace: Workspace,
    actor: Actor,
    first: date,
    last: date,
    cell: str,
    *,
    by: Grouping = "field",
    label: str | None = None,
) -> list[str]:
    """The codes of the dossiers one cell counts (``label`` None: the total's row), oldest
    first: how every number of the report is defended."""
    require(workspace, actor, Act.REPORTS)
    if cell not in CELL_NAMES:
        raise UnknownCell(cell)
    now = workspace.now()
    period = check_period(first, last, now.astimezone(OFFICE_TZ).date())
    with workspace.read() as session:
        office = read_office(session, actor.office.id).identity_on(min(last, _today(now)))
        rows = list(_rows(session, actor.office.id, period, now, by, office.name))
    codes: list[str] = []
    for row, kinds in classified(rows, period, now):
        if label is not None and str(row.unit) != label:
            continue
        if cell in kinds or cell in _extras(row, kinds):
            assert isinstance(row.ref, _Ref)
            codes.append(row.ref.code)
    return codes


def report_json(data: PeriodReportData) -> dict[str, Any]:
    """The report as the CLI prints it (issue 12: the names of the counts are fixed)."""

    def rates(counts: PeriodCounts) -> dict[str, float | None]:
        share, on_time = counts.online_share, counts.on_time_rate
        return {
            "online_share": None if share is None else round(share, 4),
            "on_time_rate": None if on_time is None else round(on_time, 4),
        }

    def known(extras: ExtraCounts) -> dict[str, int]:
        return {name: value for name, value in extras.as_dict().items() if name in data.extra_names}

    return {
        "period": {"from": data.period.first.isoformat(), "to": data.period.last.isoformat()},
        "as_of": data.as_of.isoformat(),
        "by": data.by,
        "reporting_unit": data.reporting_unit,
        "receiving_unit": data.receiving_unit,
        "rows": [
            {
                "label": line.label,
                **({"code": line.code} if line.code else {}),
                **line.counts.as_dict(),
                **rates(line.counts),
                **known(line.extras),
            }
            for line in data.lines
        ],
        "total": {**data.total.as_dict(), **rates(data.total), **known(data.total_extras)},
    }


# --- the counts, in one query ------------------------------------------------------------------

# Asia/Ho_Chi_Minh has kept UTC+7 without daylight saving since 1975: an office day is the
# UTC time moved 7 hours, which SQLite's date() can do (checked against OFFICE_TZ below).
_OFFICE_SHIFT = "+7 hours"
assert OFFICE_TZ.utcoffset(datetime(2026, 1, 1)) == timedelta(hours=7)
assert OFFICE_TZ.utcoffset(datetime(2026, 7, 1)) == timedelta(hours=7)


def _not_by_index(column: Any) -> Any:
    """``+column``: SQLite's way of saying "do not choose an index for this term"
    (https://sqlite.org/optoverview.html, "Disqualifying WHERE clause terms"), so the query
    goes through the index on resolved_at, the selective one."""
    return literal_column(f"+{column.table.name}.{column.name}", type_=column.type)


def _counted_in_sql(
    session: Session,
    office_id: uuid.UUID,
    period: Period,
    now: datetime,
    by: Grouping,
    office_name: str,
) -> tuple[list[ReportLine], PeriodCounts, ExtraCounts]:
    """The lines and totals, counted by the database: `core.period_report` is the rule (and
    `cell_dossiers` applies it row by row); this is the same rule as one GROUP BY, which a
    test holds equal to it on random histories. A million dossiers, half a year: the rows in
    Python took 6.5 s."""
    d, t = Dossier, DossierTransition
    start, end = bounds(period, now)
    if by == "field":
        label: Any = Procedure.field
    elif by == "procedure":
        label = d.procedure_code + " " + d.procedure_name
    else:
        label = literal(office_name)
    finished = and_(d.resolved_at.is_not(None), d.resolved_at < end)
    last_pause_act = (
        select(t.action)
        .where(
            t.dossier_id == d.id,
            t.action.in_((Action.REQUEST_SUPPLEMENT, Action.RESUME)),
            t.at < end,
        )
        .order_by(t.seq.desc())
        .limit(1)
        .scalar_subquery()
    )
    # Each dossier once, with its two facts of history read once (MATERIALIZED: SQLite would
    # otherwise copy the correlated subqueries into every sum that names them). The rows come
    # through the index on resolved_at (unresolved, or resolved since the start): a tenth of a
    # five-year database for half a year, where the office's index would read every row.
    counted = (
        select(
            label.label("label"),
            d.received_at,
            d.due_at,
            d.resolved_at,
            d.channel,
            d.state,
            # The dossier's own counters say whether there is any history to read at all
            # (most dossiers have none): the index probes are made for the few that do.
            case(
                (finished, 0),
                (d.supplement_requests == 0, 0),
                else_=func.coalesce(last_pause_act == Action.REQUEST_SUPPLEMENT, 0),
            ).label("paused"),
            case(
                (d.extensions == 0, 0),
                else_=select(t.id)
                .where(t.dossier_id == d.id, t.action == Action.APOLOGISE, t.at < end)
                .exists(),
            ).label("extended"),
        )
        .select_from(d)
        .outerjoin(Procedure, Procedure.code == d.procedure_code)
        .where(
            _not_by_index(d.office_id) == office_id,
            _not_by_index(d.received_at) < period.ends_at,
            or_(d.resolved_at.is_(None), d.resolved_at >= start),
        )
        .cte("counted")
        .prefix_with("MATERIALIZED")
    )
    c = counted.c
    resolved = and_(c.resolved_at.is_not(None), c.resolved_at < end)
    late = c.resolved_at > c.due_at
    ahead = func.date(c.resolved_at, _OFFICE_SHIFT) < func.date(c.due_at, _OFFICE_SHIFT)
    paused, extended = c.paused == 1, c.extended == 1
    overdue = and_(c.due_at < end, ~paused)
    conditions: dict[str, Any] = {
        "received_total": true(),
        "received_online": and_(c.received_at >= start, c.channel == Channel.ONLINE),
        "received_direct": and_(c.received_at >= start, c.channel != Channel.ONLINE),
        "carried_over": c.received_at < start,
        "resolved_total": resolved,
        "resolved_early": and_(resolved, ~late, ahead),
        "resolved_on_time": and_(resolved, ~late, ~ahead),
        "resolved_late": and_(resolved, late),
        "in_progress_total": ~resolved,
        "in_progress_within": and_(~resolved, ~overdue),
        "in_progress_overdue": and_(~resolved, overdue),
        "waiting_supplement": and_(~resolved, paused),
        "refused": and_(resolved, c.state == DossierState.REFUSED),
        "stopped": and_(resolved, c.state == DossierState.STOPPED),
        "extended": extended,
        "late_after_extension": and_(resolved, late, extended),
    }
    query = select(
        c.label,
        *(func.sum(case((cond, 1), else_=0)).label(name) for name, cond in conditions.items()),
    ).group_by(c.label)
    lines: dict[str, ReportLine] = {}
    total, total_extras = PeriodCounts(), ExtraCounts()
    for row in session.execute(query).mappings():
        name = clean(row["label"] or "") or OTHER_FIELD
        line = lines.get(name)
        if line is None:
            line = lines[name] = ReportLine(name, PeriodCounts(), ExtraCounts())
        for key in COUNT_NAMES:
            setattr(line.counts, key, getattr(line.counts, key) + int(row[key]))
            setattr(total, key, getattr(total, key) + int(row[key]))
        for key in EXTRA_NAMES:
            setattr(line.extras, key, getattr(line.extras, key) + int(row[key]))
            setattr(total_extras, key, getattr(total_extras, key) + int(row[key]))
    return list(lines.values()), total, total_extras


# --- the rows -----------------------------------------------------------------------------------


def _today(now: datetime) -> date:
    return now.astimezone(OFFICE_TZ).date()


def _sort_key(label: str) -> tuple[bool, str]:
    from desk_app.core.text import fold

    return (label == OTHER_FIELD, fold(label))


def _rows(
    session: Session,
    office_id: uuid.UUID,
    period: Period,
    now: datetime,
    by: Grouping,
    office_name: str,
) -> Iterator[DossierRow[str]]:
    """The dossiers that can count in ``period``, as rows keyed by their line's label, with
    their history as the figures end (`core.period_report.bounds`: the end, or now)."""
    d = Dossier
    counted = (
        d.office_id == office_id,
        d.received_at < period.ends_at,
        (d.resolved_at.is_(None)) | (d.resolved_at >= period.starts_at),
    )
    query = (
        select(
            d.id,
            d.code,
            d.received_at,
            d.due_at,
            d.resolved_at,
            d.channel,
            d.state,
            d.procedure_code,
            d.procedure_name,
            Procedure.field,
        )
        .outerjoin(Procedure, Procedure.code == d.procedure_code)
        .where(*counted)
        .order_by(d.received_at, d.code)
    )
    paused, extended = _history(session, counted, bounds(period, now)[1])
    for (
        dossier_id,
        code,
        received_at,
        due_at,
        resolved_at,
        channel,
        state,
        procedure_code,
        procedure_name,
        procedure_field,
    ) in session.execute(query):
        if by == "field":
            label = clean(procedure_field or "") or OTHER_FIELD
        elif by == "procedure":
            label = f"{procedure_code} {procedure_name}"
        else:
            label = office_name
        yield DossierRow(
            label,
            received_at.astimezone(OFFICE_TZ).date(),
            due_at,
            resolved_at,
            channel == Channel.ONLINE,
            paused_at_end=dossier_id in paused,
            ref=_Ref(code, state, dossier_id in extended),
        )


def _history(
    session: Session, counted: tuple[Any, ...], end: datetime
) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """Of the counted dossiers: those waiting for a supplement at ``end`` (their last request
    or resume before it was a request) and those extended (Mẫu 04) before it."""
    t = DossierTransition
    acts = (Action.REQUEST_SUPPLEMENT, Action.RESUME, Action.APOLOGISE)
    last_pause: dict[uuid.UUID, Action] = {}
    extended: set[uuid.UUID] = set()
    query = (
        select(t.dossier_id, t.action)
        .join(Dossier, Dossier.id == t.dossier_id)
        .where(*counted, t.action.in_(acts), t.at < end)
        .order_by(t.dossier_id, t.seq)
    )
    for dossier_id, action in session.execute(query):
        if action is Action.APOLOGISE:
            extended.add(dossier_id)
        else:
            last_pause[dossier_id] = action
    paused = {i for i, action in last_pause.items() if action is Action.REQUEST_SUPPLEMENT}
    return paused, extended


def _extras(row: DossierRow[str], kinds: tuple[str, ...]) -> Iterator[str]:
    ref = row.ref
    assert isinstance(ref, _Ref)
    if "in_progress_total" in kinds and row.paused_at_end:
        yield "waiting_supplement"
    if "resolved_total" in kinds:
        if ref.state is DossierState.REFUSED:
            yield "refused"
        elif ref.state is DossierState.STOPPED:
            yield "stopped"
    if ref.extended:
        yield "extended"
        if "resolved_late" in kinds:
            yield "late_after_extension"
