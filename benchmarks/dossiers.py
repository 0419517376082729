"""Figures for following dossiers at scale: open, search, work list (issue 10, "Proof").

Run from the repository root: ``PYTHONPATH=. python benchmarks/dossiers.py`` (1,000,000
dossiers: about 15 minutes on a 2-core machine, most of it building the database; use
``--dossiers 20000`` for a quick look, ``--keep DIR`` to keep the database).

A throw-away workstation is set up in a temporary ``DESK_APP_HOME``; its database is filled by
bulk Core inserts (through the search index's triggers, as intake writes) with a seeded RNG:
five years of a busy ward, Vietnamese names drawn by the frequency of family names (Nguyễn,
Trần, Lê, Phạm, Hoàng...), middle and given names by sex, ID numbers and phones, the bundled
catalogue's procedures, two components each, and states and acts spread as a ward's are (old
dossiers returned, a few refused, stopped or left uncollected; recent ones at every step,
some waiting for a supplement, a few overdue). No audit entries or outbox events are written:
the size figure is the dossiers', their components', acts' and indexes' (the search index's
share is shown beside it).

Measured, with the services the GUI and CLI call:

- open by code: `services.dossiers.get_dossier` on 1,000 random codes (the dossier and its
  components);
- name search: `services.search.search_dossiers` (first 20, as the search window shows them,
  newest first, records built) for
  1,000 random partial names as officers type them ("nguyen van d", "duc", "tran hung",
  "Nguyễn Thị Th"); beside it the index's part alone (ids);
- baseline: the same texts, folded, as one ``LIKE '%...%'`` on the folded name (first 50,
  newest first, ids), on 100 of them: a full scan each; the ratio is ours / baseline, p95;
- the due work list: `services.work_list.work_list` (counts of every bucket, first 50 each);
- one lifecycle act's commit: `services.lifecycle.transfer`, when that module is there;
- database size per 1,000 dossiers.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchmarks.intake import (
    Row,
    Spread,
    finish,
    load_average,
    local_actor,
    machine,
    ms,
    set_up,
)

if TYPE_CHECKING:
    from desk_app.services.context import Actor, Workspace

SEED = 20251
DEFAULT_DOSSIERS = 1_000_000
YEARS = 5
OPENS = 1000
SEARCHES = 1000
SHOWN = 20  # results a search shows at once (the search window; the CLI asks for 50)
BASELINE_SEARCHES = 100
WORK_LIST_ROUNDS = 20
ACTS = 200
CHUNK = 5000

GOAL_OPEN_MS = 2.0
GOAL_SEARCH_P95_MS = 20.0
GOAL_WORK_LIST_MS = 50.0
GOAL_ACT_MS = 10.0

# --- realistic applicants -----------------------------------------------------------------------

# Family names with their rough share of Vietnam's population (percent).
FAMILY = (
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.0),
    ("Huỳnh", 1.1), ("Phan", 4.5), ("Vũ", 2.0), ("Võ", 1.9), ("Đặng", 2.1), ("Bùi", 2.0),
    ("Đỗ", 1.4), ("Hồ", 1.3), ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8),
    ("Trương", 0.7), ("Lương", 0.5), ("Đoàn", 0.5), ("Trịnh", 0.4), ("Đào", 0.4),
)  # fmt: skip
MALE_MIDDLE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thành", "Công", "Xuân", "Ngọc", "Tiến",
               "Đình", "Anh", "Quốc", "Mạnh")  # fmt: skip
FEMALE_MIDDLE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Thùy", "Minh", "Mai", "Phương",
                 "Bích", "Khánh", "Diệu")  # fmt: skip
MALE_GIVEN = ("An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Đức", "Hải", "Hiếu", "Hoàng", "Hùng",
              "Huy", "Khánh", "Long", "Minh", "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài",
              "Thắng", "Trung", "Tuấn", "Việt", "Vinh", "Đạt", "Duy", "Khoa", "Lâm", "Nghĩa",
              "Tâm", "Thịnh", "Toàn", "Tùng", "Kiên", "Lộc", "Quý")  # fmt: skip
FEMALE_GIVEN = ("Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan",
                "Linh", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo",
                "Trang", "Tuyết", "Vân", "Yến", "Hiền", "Huyền", "Loan", "Thủy", "Trâm", "Uyên",
                "Ánh", "Diệp")  # fmt: skip
STREETS = ("Nguyễn Trãi", "Khuất Duy Tiến", "Lê Văn Lương", "Vũ Trọng Phụng", "Nhân Hòa",
           "Quan Nhân", "Hoàng Minh Giám")  # fmt: skip
UNITS = ("Phòng Tư pháp", "Phòng Kinh tế", "Phòng Văn hóa - Xã hội", "Công an phường")


class Applicants:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.families = [f for f, _ in FAMILY]
        self.weights = [w for _, w in FAMILY]

    def name(self) -> str:
        male = self.rng.random() < 0.5
        middle = MALE_MIDDLE if male else FEMALE_MIDDLE
        parts = [self.rng.choices(self.families, self.weights)[0], self.rng.choice(middle)]
        if self.rng.random() < 0.25:
            parts.append(self.rng.choice(middle))
        parts.append(self.rng.choice(MALE_GIVEN if male else FEMALE_GIVEN))
        return " ".join(parts)

    def id_number(self) -> str:
        # Province 001 (Hà Nội), century-and-sex digit, birth year, six random digits.
        year = self.rng.randint(1940, 2007)
        century = (0 if year < 2000 else 2) + self.rng.randint(0, 1)
        return f"001{century}{year % 100:02d}{self.rng.randint(0, 999_999):06d}"

    def phone(self) -> str:
        return self.rng.choice(("09", "03", "08", "07")) + f"{self.rng.randint(0, 99_999_999):08d}"


def partial(rng: random.Random, name: str) -> str:
    """How an officer types part of a name: with or without marks, whole or cut short."""
    from desk_app.core.text import fold

    words = name.split()
    kind = rng.random()
    if kind < 0.3:  # "nguyen van d": the last word being typed
        last = words[-1]
        typed = " ".join([*words[:-1], last[: rng.randint(1, len(last))]])
    elif kind < 0.5:  # the given name alone
        typed = words[-1]
    elif kind < 0.7:  # family and given name
        typed = f"{words[0]} {words[-1]}"
    else:  # the name cut anywhere after its third character
        whole = " ".join(words)
        typed = whole[: rng.randint(3, len(whole))].rstrip()
    return typed if rng.random() < 0.5 else fold(typed)


# --- the database --------------------------------------------------------------------------------


def _states(rng: random.Random, age_days: float) -> list[str]:
    """The acts after the receipt, as a ward's dossiers of that age have had them."""
    if age_days > 40:
        roll = rng.random()
        if roll < 0.955:
            return ["transfer", "record_result", "return"]
        if roll < 0.97:
            return ["refuse"]
        if roll < 0.978:
            return ["transfer", "stop"]
        if roll < 0.995:
            return ["transfer", "record_result"]  # never collected
        return ["transfer"]  # stuck: overdue
    roll = rng.random()
    steps = [
        [],
        ["transfer"],
        ["transfer"],
        ["transfer", "request_supplement"],
        ["transfer", "record_result"],
        ["transfer", "record_result", "return"],
        ["transfer", "record_result", "return"],
    ]
    if roll < 0.02:
        return ["refuse"]
    return steps[min(len(steps) - 1, int(rng.random() * len(steps)))]


_AFTER = {
    "transfer": "in_progress",
    "request_supplement": "supplement_requested",
    "record_result": "result_ready",
    "return": "returned",
    "refuse": "refused",
    "stop": "stopped",
}


def build(workspace: Workspace, count: int, rng: random.Random) -> tuple[list[str], list[str]]:
    """Fill the workstation's database; the codes and names stored, in order."""
    from sqlalchemy import insert, select

    from desk_app.core.codes import format_code
    from desk_app.core.text import fold
    from desk_app.services.workstation import station_of
    from desk_app.store.models import (
        Dossier,
        DossierComponent,
        DossierTransition,
        Officer,
        Procedure,
    )
    from desk_app.store.types import new_id

    station = station_of(workspace)
    office_id = station.office.id
    workstation_id = station.workstation.id
    agency = station.office.agency_id
    with workspace.read() as session:
        officer = session.scalars(select(Officer)).first()
        assert officer is not None
        procedures = [
            (
                p.id,
                p.code,
                p.name,
                p.duration_value,
                p.duration_unit,
                [c.name for c in p.components],
            )
            for p in session.scalars(select(Procedure)).all()
        ]
    people = Applicants(rng)
    now = datetime.now(UTC)
    start = now - timedelta(days=365 * YEARS)
    span = (now - start).total_seconds()
    # Receipt times in order (codes and register lines follow them), office hours only.
    moments = sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))
    codes: list[str] = []
    names: list[str] = []
    serial_of_day: dict[date, int] = {}
    line_of_year: dict[int, int] = {}
    dossiers: list[dict[str, Any]] = []
    components: list[dict[str, Any]] = []
    transitions: list[dict[str, Any]] = []

    def flush() -> None:
        with workspace.write() as session:
            session.execute(insert(Dossier), dossiers)
            session.execute(insert(DossierComponent), components)
            session.execute(insert(DossierTransition), transitions)
        dossiers.clear()
        components.clear()
        transitions.clear()

    for moment in moments:
        # Office hours 08:00-16:59 in Hà Nội (UTC+7, no daylight saving).
        received = moment.replace(hour=rng.randint(8, 16) - 7, minute=rng.randint(0, 59))
        if received > now:
            received -= timedelta(days=1)
        day = (received + timedelta(hours=7)).date()
        serial = serial_of_day[day] = serial_of_day.get(day, 0) + 1
        code = format_code(agency, day, 1000 + serial if serial < 1000 else serial)
        line = line_of_year[day.year] = line_of_year.get(day.year, 0) + 1
        proc_id, proc_code, proc_name, duration, unit, parts = rng.choice(procedures)
        name = people.name()
        due = received + timedelta(days=max(duration, 1) * 1.4 if duration else 0.3)
        age = (now - received).total_seconds() / 86400
        acts = _states(rng, age)
        dossier_id = new_id()
        state = "received"
        at = received
        paused_at: datetime | None = None
        resolved_at: datetime | None = None
        returned_at: datetime | None = None
        sent_at: datetime | None = None
        history: list[tuple[str, str | None, str, datetime]] = [
            ("receive", None, "received", received)
        ]
        for act in acts:
            at = min(now - timedelta(minutes=1), at + timedelta(hours=rng.uniform(2, 60)))
            before, state = state, _AFTER[act]
            history.append((act, before, state, at))
            if act == "transfer" and sent_at is None:
                sent_at = at
            if act == "request_supplement":
                paused_at = at
            if state in ("result_ready", "refused", "stopped") and resolved_at is None:
                resolved_at = at
            if state == "returned":
                returned_at = at
        if age < 40 and state in ("received", "in_progress") and rng.random() < 0.8:
            due = max(due, now + timedelta(days=rng.uniform(-1, 12)))  # most still on time
        dossiers.append(
            {
                "id": dossier_id,
                "code": code,
                "office_id": office_id,
                "workstation_id": workstation_id,
                "officer_id": officer.id,
                "officer_name": officer.full_name,
                "procedure_id": proc_id,
                "procedure_code": proc_code,
                "procedure_name": proc_name,
                "rule_set": "2025" if day >= date(2025, 7, 1) else "2018",
                "applicant_name": name,
                "applicant_name_folded": fold(name),
                "applicant_id_number": people.id_number() if rng.random() < 0.9 else "",
                "applicant_phone": people.phone() if rng.random() < 0.7 else "",
                "applicant_email": "",
                "applicant_address": f"Số {rng.randint(1, 200)} {rng.choice(STREETS)}, Hà Nội",
                "representative": "",
                "channel": "counter" if rng.random() < 0.8 else "online",
                "return_method": "counter",
                "sets_count": 1,
                "fee_vnd": rng.choice((0, 0, 8000, 20000, 50000)),
                "fee_text": "",
                "fee_pages": None,
                "fee_copies": None,
                "fee_note": "",
                "received_at": received,
                "counting_from": received,
                "original_due_at": due,
                "due_at": due,
                "duration_value": duration,
                "duration_unit": unit,
                "state": state,
                "register_book": str(day.year),
                "register_line": line,
                "receipt_prints": 1,
                "resolved_at": resolved_at,
                "returned_at": returned_at,
                "paused_at": paused_at if state == "supplement_requested" else None,
                # The counters the acts keep (services.lifecycle), as the acts above say.
                "supplement_requests": sum(a == "request_supplement" for a in acts),
                "extensions": sum(a == "apologise" for a in acts),
                "handling_unit": rng.choice(UNITS) if sent_at else "",
                "sent_at": sent_at,
                "created_at": received,
                "updated_at": at,
            }
        )
        for position, part in enumerate(parts[:2] or ["Tờ khai"], start=1):
            components.append(
                {
                    "id": new_id(),
                    "dossier_id": dossier_id,
                    "position": position,
                    "name": part,
                    "original_count": 1,
                    "copy_count": 0,
                    "required": True,
                    "received": True,
                    "kind": "submitted",
                }
            )
        for seq, (act, source, target, when) in enumerate(history, start=1):
            transitions.append(
                {
                    "id": new_id(),
                    "dossier_id": dossier_id,
                    "seq": seq,
                    "action": act,
                    "from_state": source,
                    "to_state": target,
                    "at": when,
                    "officer_id": officer.id,
                    "officer_name": officer.full_name,
                    "workstation_id": workstation_id,
                    "event_id": None,
                    "reason": "",
                    "new_due_at": None,
                    "handling_unit": rng.choice(UNITS) if act == "transfer" else "",
                    "paused_from": when if act == "request_supplement" else None,
                    "paused_until": None,
                    "result_summary": "",
                    "details": "{}",
                    "approved_by": "",
                }
            )
        codes.append(code)
        names.append(name)
        if len(dossiers) >= CHUNK:
            flush()
    if dossiers:
        flush()
    return codes, names


# --- the measures ------------------------------------------------------------------------------


def _times(action: Callable[[Any], object], inputs: Sequence[Any]) -> list[float]:
    samples = []
    for item in inputs:
        started = time.perf_counter()
        action(item)
        samples.append(time.perf_counter() - started)
    return samples


def _ms_of(seconds: float) -> float:
    return seconds * 1000


def measure(workspace: Workspace, actor: Actor, codes: list[str], names: list[str], db_file: Path,
            rng: random.Random) -> list[Row]:  # fmt: skip
    from sqlalchemy import text

    from desk_app.core.search import search_words
    from desk_app.core.text import fold
    from desk_app.services.dossiers import get_dossier
    from desk_app.services.search import SearchFilters, matching_ids, search_dossiers
    from desk_app.services.work_list import work_list

    rows: list[Row] = []
    count = len(codes)
    # Warm the cache as a running counter has it.
    for code in rng.sample(codes, min(200, count)):
        get_dossier(workspace, actor, code)

    opens = Spread.of(
        _times(lambda c: get_dossier(workspace, actor, c), rng.choices(codes, k=OPENS))
    )
    rows.append(
        Row(
            f"open by code, get_dossier (n={opens.count})",
            f"{ms(opens.median)} median, {ms(opens.p95)} p95",
            f"median ≤ {GOAL_OPEN_MS:g} ms",
            _ms_of(opens.median) <= GOAL_OPEN_MS,
        )
    )

    texts = [partial(rng, rng.choice(names)) for _ in range(SEARCHES)]
    ours = Spread.of(_times(lambda t: search_dossiers(workspace, actor, t, limit=SHOWN), texts))
    rows.append(
        Row(
            f"name search, search_dossiers, first {SHOWN} (n={ours.count})",
            f"{ms(ours.median)} median, {ms(ours.p95)} p95",
            f"p95 ≤ {GOAL_SEARCH_P95_MS:g} ms",
            _ms_of(ours.p95) <= GOAL_SEARCH_P95_MS,
        )
    )
    like_query = text(
        "SELECT id FROM dossier WHERE applicant_name_folded LIKE :q ESCAPE '\\' "
        "ORDER BY received_at DESC LIMIT :shown"
    )
    with workspace.read() as session:
        index_only = Spread.of(
            _times(
                lambda t: matching_ids(session, actor, search_words(t), SearchFilters(), SHOWN),
                texts,
            )
        )
        baseline_texts = texts[:BASELINE_SEARCHES]
        baseline = Spread.of(
            _times(
                lambda t: session.execute(
                    like_query, {"q": f"%{_escaped(fold(t))}%", "shown": SHOWN}
                ).all(),
                baseline_texts,
            )
        )
        ours_same = Spread.of(
            _times(
                lambda t: matching_ids(session, actor, search_words(t), SearchFilters(), SHOWN),
                baseline_texts,
            )
        )
    rows.append(
        Row(
            f"  of which the index, ids only (n={index_only.count})",
            f"{ms(index_only.median)} median, {ms(index_only.p95)} p95",
        )
    )
    rows.append(
        Row(
            f"baseline: LIKE '%...%' on the folded name, ids (n={baseline.count})",
            f"{ms(baseline.median)} median, {ms(baseline.p95)} p95",
        )
    )
    rows.append(
        Row(
            "ratio ours / baseline, ids, same texts (p95; median)",
            f"{ours_same.p95 / baseline.p95:.4f}; {ours_same.median / baseline.median:.4f}",
        )
    )

    work_list(workspace, actor)
    lists = Spread.of(_times(lambda _: work_list(workspace, actor), range(WORK_LIST_ROUNDS)))
    listed = work_list(workspace, actor)
    counts = ", ".join(f"{b.value} {n}" for b, n in listed.counts.items())
    rows.append(
        Row(
            f"due work list, work_list (n={lists.count}; {counts})",
            f"{ms(lists.median)} median, {ms(lists.p95)} p95",
            f"≤ {GOAL_WORK_LIST_MS:g} ms",
            _ms_of(lists.p95) <= GOAL_WORK_LIST_MS,
        )
    )

    rows.append(lifecycle_act(workspace, actor, rng))

    with sqlite3.connect(db_file) as connection:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        index_bytes = connection.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'dossier_search%' "
            "OR name LIKE 'sqlite_autoindex_dossier_search_key%'"
        ).fetchone()[0]
    size = db_file.stat().st_size
    rows.append(
        Row(
            "database size per 1,000 dossiers (of which the search index)",
            f"{size / count * 1000 / 1e6:.2f} MB ({index_bytes / count * 1000 / 1e6:.2f} MB); "
            f"{size / 1e9:.2f} GB in all",
        )
    )
    return rows


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def lifecycle_act(workspace: Workspace, actor: Actor, rng: random.Random) -> Row:
    """One lifecycle act's commit (median; goal ≤ 10 ms): `services.lifecycle.transfer` on
    dossiers just received, when the lifecycle module is there (it came with issue 10)."""
    figure = "one lifecycle act's commit, transfer"
    goal = f"median ≤ {GOAL_ACT_MS:g} ms"
    try:
        from desk_app.services.lifecycle import transfer
    except ImportError:
        return Row(figure, "not measured: services.lifecycle.transfer is not there", goal)
    from sqlalchemy import select

    from desk_app.store.models import Dossier

    with workspace.read() as session:
        waiting = list(
            session.scalars(
                select(Dossier.code).where(Dossier.state == "received").limit(ACTS * 5)
            ).all()
        )
    chosen = rng.sample(waiting, min(ACTS, len(waiting)))
    if not chosen:
        return Row(figure, "not measured: no received dossier", goal)
    acts = Spread.of(_times(lambda c: transfer(workspace, actor, c, unit="Phòng Tư pháp"), chosen))
    return Row(
        f"{figure} (n={acts.count})",
        f"{ms(acts.median)} median, {ms(acts.p95)} p95",
        goal,
        _ms_of(acts.median) <= GOAL_ACT_MS,
    )


def dossiers_machine() -> str:
    import sqlalchemy

    return machine(f"SQLAlchemy {sqlalchemy.__version__}")


def _workdir(keep: Path | None) -> Iterator[Path]:
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        yield keep
        return
    with tempfile.TemporaryDirectory(prefix="desk-bench-dossiers-") as workdir:
        yield Path(workdir)


def _measure_again(home: Path) -> int:
    """The figures on a kept workstation, without building it again."""
    from sqlalchemy import text

    from desk_app.services.workstation import database_file, open_workstation

    os.environ["DESK_APP_HOME"] = str(home)
    load_before = load_average()
    started = time.perf_counter()
    workspace = open_workstation(home)  # migrations run here
    upgraded = time.perf_counter() - started
    try:
        actor = local_actor(workspace)
        with workspace.read() as session:
            rows = session.execute(text("SELECT code, applicant_name FROM dossier")).all()
        codes, names = [r[0] for r in rows], [r[1] for r in rows]
        measured = measure(workspace, actor, codes, names, database_file(home), random.Random(SEED))
    finally:
        workspace.close()
    reused = (
        f"{len(codes):,} dossiers reused from {home}; opened (schema upgrades) in {upgraded:.0f} s"
    )
    return finish(
        measured,
        machine_text=dossiers_machine(),
        load_before=load_before,
        started=started,
        before=[reused],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--dossiers", type=int, default=DEFAULT_DOSSIERS, metavar="N")
    parser.add_argument("--keep", type=Path, metavar="DIR", help="build in DIR and keep it")
    parser.add_argument(
        "--home",
        type=Path,
        metavar="DIR",
        help="measure the workstation a --keep run left (its workstation-... folder); it is "
        "brought to the newest schema first, and that upgrade is timed",
    )
    args = parser.parse_args(argv)
    if args.home is not None:
        return _measure_again(args.home)
    from desk_app.services.workstation import database_file, open_workstation

    started = time.perf_counter()
    load_before = load_average()
    rng = random.Random(SEED)
    for workdir in _workdir(args.keep):
        home = workdir / f"workstation-{uuid.uuid4().hex[:6]}"
        os.environ["DESK_APP_HOME"] = str(home)  # never the real data
        set_up(home)
        workspace = open_workstation(home)
        try:
            actor = local_actor(workspace)
            building = time.perf_counter()
            codes, names = build(workspace, args.dossiers, rng)
            built = time.perf_counter() - building
            rows = measure(workspace, actor, codes, names, database_file(home), rng)
        finally:
            workspace.close()
    built_line = (
        f"{args.dossiers:,} dossiers built in {built:.0f} s (bulk Core inserts, triggers on)"
    )
    return finish(
        rows,
        machine_text=dossiers_machine(),
        load_before=load_before,
        started=started,
        before=[built_line],
    )


if __name__ == "__main__":
    sys.exit(main())
