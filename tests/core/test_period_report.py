"""The period figures (reference §5): the form's identities hold for any rows, and the
ahead / on time / late edges fall where the circular puts them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.period_report import (
    COUNT_NAMES,
    DossierRow,
    Period,
    count_one,
    month_of,
    period_report,
    quarter_of,
    total_of,
    year_of,
)

JUNE = Period(date(2026, 6, 1), date(2026, 6, 30))
AFTER_JUNE = datetime(2026, 7, 15, tzinfo=UTC)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=OFFICE_TZ)


def row(
    received: date, due: datetime, resolved: datetime | None, online: bool = False
) -> DossierRow[str]:
    return DossierRow("w", received, due, resolved, online)


moments = st.datetimes(
    min_value=datetime(2026, 4, 1), max_value=datetime(2026, 9, 30), timezones=st.just(UTC)
)
days = st.dates(min_value=date(2026, 4, 1), max_value=date(2026, 9, 30))


@st.composite
def rows(draw: st.DrawFn) -> DossierRow[str]:
    received = draw(days)
    due = at(received, 8) + timedelta(hours=draw(st.integers(0, 24 * 40)))
    resolved = draw(st.none() | moments)
    unit, online, paused = draw(st.sampled_from("abc")), draw(st.booleans()), draw(st.booleans())
    return DossierRow(unit, received, due, resolved, online, paused_at_end=paused)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    first = draw(days)
    return Period(first, first + timedelta(days=draw(st.integers(0, 90))))


@given(st.lists(rows(), max_size=40), periods(), moments)
def test_identities_hold_per_unit_and_in_total(
    given_rows: list[DossierRow[str]], period: Period, now: datetime
) -> None:
    report = period_report(given_rows, period, now)
    for counts in [*report.values(), total_of(report)]:
        c = counts.as_dict()
        assert c["received_total"] == (
            c["received_online"] + c["received_direct"] + c["carried_over"]
        )
        assert c["received_total"] == c["resolved_total"] + c["in_progress_total"]
        assert c["resolved_total"] == (
            c["resolved_early"] + c["resolved_on_time"] + c["resolved_late"]
        )
        assert c["in_progress_total"] == c["in_progress_within"] + c["in_progress_overdue"]
        assert all(value >= 0 for value in c.values())
    assert set(report) <= {r.unit for r in given_rows}


@given(st.lists(rows(), max_size=30), days, st.integers(0, 40), st.integers(0, 40), moments)
def test_consecutive_periods_chain(
    given_rows: list[DossierRow[str]], first: date, a: int, b: int, now: datetime
) -> None:
    """What is in progress at one period's end is what the next one carries over (for a
    period that ended before now)."""
    one = Period(first, first + timedelta(days=a))
    two = Period(one.last + timedelta(days=1), one.last + timedelta(days=1 + b))
    later = max(now, two.ends_at)
    assert (
        total_of(period_report(given_rows, one, later)).in_progress_total
        == total_of(period_report(given_rows, two, later)).carried_over
    )


def test_the_due_day_edges() -> None:
    due = at(date(2026, 6, 10), 16, 30)
    received = date(2026, 6, 2)

    def kind(resolved: datetime) -> str:
        c = count_one(row(received, due, resolved), JUNE, AFTER_JUNE).as_dict()
        return next(n for n in ("resolved_early", "resolved_on_time", "resolved_late") if c[n])

    assert kind(at(date(2026, 6, 9), 23, 59)) == "resolved_early"  # the day before
    assert kind(at(date(2026, 6, 10), 0, 0)) == "resolved_on_time"  # the due day's start
    assert kind(due) == "resolved_on_time"  # exactly at the due time
    assert kind(due + timedelta(seconds=1)) == "resolved_late"
    assert kind(at(date(2026, 6, 10), 23, 0)) == "resolved_late"  # same day, after the time


def test_carried_over_and_in_progress_at_the_end() -> None:
    may = date(2026, 5, 20)
    old_open = row(may, at(date(2026, 6, 5), 17), None)
    old_resolved_in_may = row(may, at(date(2026, 6, 5), 17), at(date(2026, 5, 30), 9))
    old_resolved_in_june = row(may, at(date(2026, 6, 5), 17), at(date(2026, 6, 3), 9))
    new_open_within = row(date(2026, 6, 25), at(date(2026, 7, 3), 17), None, online=True)
    new_resolved_in_july = row(
        date(2026, 6, 28), at(date(2026, 6, 29), 17), at(date(2026, 7, 2), 9)
    )
    got = period_report(
        [
            old_open,
            old_resolved_in_may,
            old_resolved_in_june,
            new_open_within,
            new_resolved_in_july,
        ],
        JUNE,
        AFTER_JUNE,
    )["w"].as_dict()
    assert got == dict.fromkeys(COUNT_NAMES, 0) | {
        "received_total": 4,
        "received_online": 1,
        "received_direct": 1,
        "carried_over": 2,
        "resolved_total": 1,
        "resolved_early": 1,
        "in_progress_total": 3,
        "in_progress_within": 1,
        "in_progress_overdue": 2,
    }


def test_a_running_period_counts_so_far() -> None:
    """In the middle of June a dossier due on the 20th is within its deadline, not overdue."""
    open_one = row(date(2026, 6, 2), at(date(2026, 6, 20), 17), None)
    mid_june = at(date(2026, 6, 15), 10)
    c = period_report([open_one], JUNE, mid_june)["w"]
    assert (c.in_progress_within, c.in_progress_overdue) == (1, 0)
    assert period_report([open_one], JUNE, AFTER_JUNE)["w"].in_progress_overdue == 1


def test_shortcut_periods() -> None:
    assert month_of(date(2026, 2, 14)) == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert month_of(date(2026, 12, 3)) == Period(date(2026, 12, 1), date(2026, 12, 31))
    assert quarter_of(date(2026, 8, 9)) == Period(date(2026, 7, 1), date(2026, 9, 30))
    assert quarter_of(date(2026, 12, 31)) == Period(date(2026, 10, 1), date(2026, 12, 31))
    assert year_of(date(2026, 5, 5)) == Period(date(2026, 1, 1), date(2026, 12, 31))


@given(st.lists(rows(), max_size=40), periods(), moments)
def test_each_dossier_counted_is_classified_the_way_the_totals_add_up(
    given_rows: list[DossierRow[str]], period: Period, now: datetime
) -> None:
    """The list behind a cell (`classified`) holds exactly as many dossiers as the cell says,
    and a dossier waiting for a supplement at the end is never overdue (its clock stands)."""
    from collections import Counter

    from desk_app.core.period_report import classified

    counted = list(classified(given_rows, period, now))
    tally = Counter(name for _row, kinds in counted for name in kinds)
    total = total_of(period_report(given_rows, period, now)).as_dict()
    assert {name: tally.get(name, 0) for name in total} == total
    assert not any(row.paused_at_end and "in_progress_overdue" in kinds for row, kinds in counted)
