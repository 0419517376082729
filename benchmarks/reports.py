"""Figures for the period report at scale (issue 12, "Proof").

Run from the repository root: ``PYTHONPATH=. python benchmarks/reports.py`` builds a throw-away
workstation of 1,000,000 dossiers with `benchmarks.dossiers.build` (five years of a busy
ward; about 15 minutes on a 2-core machine), or ``--home DIR`` reuses a workstation that
``benchmarks/dossiers.py --keep`` built (``DIR`` is its ``workstation-...`` folder). Each figure
runs in a fresh child process, so its memory peak is its own:

- the period report, `services.period_report.period_report_of`, for the last whole half year
  (the seed's period), the last whole year and the whole five years, by field; median of 3;
- the baseline: the same counts by a plain Python loop over every dossier row (sqlite3, no
  index used, the rules written inline), on the half year; the ratio is ours / baseline, and
  the two totals must agree;
- the peak resident memory of each child (``VmHWM``, Linux), which includes the interpreter
  and the libraries it imports.

The dossier import (issue 12, item 2) is reported as not measured until it exists.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks.intake import Row, finish, load_average, local_actor, machine, set_up
from desk_app.core.period_report import COUNT_NAMES

DEFAULT_DOSSIERS = 1_000_000
ROUNDS = 3
GOAL_REPORT_S = 1.0
GOAL_PEAK_MB = 300.0


def periods(today: date) -> dict[str, tuple[date, date]]:
    """The last whole half year, the last whole year, and five years to the last month's end."""
    if today.month > 6:
        half = (date(today.year, 1, 1), date(today.year, 6, 30))
    else:
        half = (date(today.year - 1, 7, 1), date(today.year - 1, 12, 31))
    year = (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    month_end = today.replace(day=1) - timedelta(days=1)
    return {
        "half year": half,
        "year": year,
        "five years": (
            date(month_end.year - 5, month_end.month, 1) + timedelta(days=31),
            month_end,
        ),
    }


# --- the children -------------------------------------------------------------------------------


def _peak_mb() -> float | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def child_report(home: Path, first: date, last: date) -> dict[str, Any]:
    from desk_app.services.period_report import period_report_of
    from desk_app.services.workstation import open_workstation

    workspace = open_workstation(home)
    try:
        actor = local_actor(workspace)
        seconds = []
        data = None
        for _ in range(ROUNDS):
            started = time.perf_counter()
            data = period_report_of(workspace, actor, first, last)
            seconds.append(time.perf_counter() - started)
        assert data is not None
        return {"seconds": seconds, "total": data.total.as_dict(), "peak_mb": _peak_mb()}
    finally:
        workspace.close()


def child_baseline(home: Path, first: date, last: date) -> dict[str, Any]:
    """Every dossier row through one plain loop: what a script without our query would do."""
    import sqlite3
    from zoneinfo import ZoneInfo

    office = ZoneInfo("Asia/Ho_Chi_Minh")
    utc = ZoneInfo("UTC")
    database = home / "desk-app.sqlite3"
    start = datetime.combine(first, datetime.min.time(), office)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), office)
    seconds = []
    counts: dict[str, int] = {}
    for _ in range(ROUNDS):
        started = time.perf_counter()
        counts = dict.fromkeys(COUNT_NAMES, 0)
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            cursor = connection.execute(
                "SELECT received_at, due_at, resolved_at, channel FROM dossier"
            )
            for received_text, due_text, resolved_text, channel in cursor:
                received = datetime.fromisoformat(received_text).replace(tzinfo=utc)
                resolved = (
                    datetime.fromisoformat(resolved_text).replace(tzinfo=utc)
                    if resolved_text
                    else None
                )
                if received >= end or (resolved is not None and resolved < start):
                    continue
                due = datetime.fromisoformat(due_text).replace(tzinfo=utc)
                counts["received_total"] += 1
                if received < start:
                    counts["carried_over"] += 1
                elif channel == "online":
                    counts["received_online"] += 1
                else:
                    counts["received_direct"] += 1
                if resolved is not None and resolved < end:
                    counts["resolved_total"] += 1
                    if resolved > due:
                        counts["resolved_late"] += 1
                    elif resolved.astimezone(office).date() < due.astimezone(office).date():
                        counts["resolved_early"] += 1
                    else:
                        counts["resolved_on_time"] += 1
                else:
                    counts["in_progress_total"] += 1
                    # Ours reads the supplement history for a paused clock; a plain loop over
                    # one table cannot: it splits by the due time alone (compared without).
                    late = due < end
                    counts["in_progress_overdue" if late else "in_progress_within"] += 1
        seconds.append(time.perf_counter() - started)
    return {"seconds": seconds, "total": counts, "peak_mb": _peak_mb()}


def _run_child(kind: str, home: Path, first: date, last: date) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--child",
        kind,
        str(home),
        first.isoformat(),
        last.isoformat(),
    ]
    environment = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    done = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# --- the parent ---------------------------------------------------------------------------------


def _peak_text(peak: float | None) -> str:
    return "not measured (no /proc)" if peak is None else f"{peak:.0f} MB"


def measure(home: Path, today: date) -> list[Row]:
    rows: list[Row] = []
    shown = periods(today)
    half = shown["half year"]
    ours_half: dict[str, Any] = {}
    for name, (first, last) in shown.items():
        ours = _run_child("report", home, first, last)
        median = statistics.median(ours["seconds"])
        if name == "half year":
            ours_half = ours
        rows.append(
            Row(
                f"period report, {name} {first:%d/%m/%Y}-{last:%d/%m/%Y} (median of {ROUNDS}; "
                f"{ours['total']['received_total']:,} dossiers counted)",
                f"{median:.2f} s",
                f"≤ {GOAL_REPORT_S:g} s",
                median <= GOAL_REPORT_S,
            )
        )
        rows.append(
            Row(
                "  peak memory of that child",
                _peak_text(ours["peak_mb"]),
                f"≤ {GOAL_PEAK_MB:g} MB",
                None if ours["peak_mb"] is None else ours["peak_mb"] <= GOAL_PEAK_MB,
            )
        )
    baseline = _run_child("baseline", home, *half)
    base_median = statistics.median(baseline["seconds"])
    rows.append(
        Row(
            f"baseline: plain loop over every row, half year (median of {ROUNDS})",
            f"{base_median:.2f} s; peak {_peak_text(baseline['peak_mb'])}",
        )
    )
    ours_median = statistics.median(ours_half["seconds"])
    compared = [n for n in COUNT_NAMES if n not in ("in_progress_within", "in_progress_overdue")]
    same = all(baseline["total"][n] == ours_half["total"][n] for n in compared)
    agree = "same counts, within/overdue aside" if same else "COUNTS DIFFER"
    rows.append(
        Row("ratio ours / baseline, half year", f"{ours_median / base_median:.3f} ({agree})")
    )
    rows.append(
        Row(
            "import of 100,000 CSV rows",
            "not measured: the dossier import (issue 12, item 2) is not built yet",
            "≤ 10 s",
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=DEFAULT_DOSSIERS, metavar="N")
    parser.add_argument("--home", type=Path, metavar="DIR", help="reuse this workstation")
    parser.add_argument(
        "--child", nargs=4, metavar=("KIND", "HOME", "FROM", "TO"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        kind, home, first, last = args.child
        run = child_report if kind == "report" else child_baseline
        print(json.dumps(run(Path(home), date.fromisoformat(first), date.fromisoformat(last))))
        return 0
    started = time.perf_counter()
    load_before = load_average()
    today = datetime.now().date()
    if args.home is not None:
        rows = measure(args.home, today)
        built = "reused " + str(args.home)
    else:
        from benchmarks.dossiers import build
        from desk_app.services.workstation import open_workstation

        with tempfile.TemporaryDirectory(prefix="desk-bench-reports-") as workdir:
            home = Path(workdir) / f"workstation-{uuid.uuid4().hex[:6]}"
            os.environ["DESK_APP_HOME"] = str(home)  # never the real data
            set_up(home)
            workspace = open_workstation(home)
            try:
                building = time.perf_counter()
                build(workspace, args.dossiers, random.Random(20251))
                built = (
                    f"{args.dossiers:,} dossiers built in {time.perf_counter() - building:.0f} s"
                )
            finally:
                workspace.close()
            rows = measure(home, today)
    return finish(
        rows, machine_text=machine(""), load_before=load_before, started=started, before=[built]
    )


if __name__ == "__main__":
    sys.exit(main())
