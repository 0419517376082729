"""The period report (form II.06a) of a workstation over a month of real acts: intake, results
early, on time and late, a refusal, a supplement awaited, an extension, an online dossier, one
carried over and two outside the month; each count traced to its dossiers."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.core.roles import Role
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import (
    SupplementItem,
    apologise,
    record_result,
    refuse,
    request_supplement,
)
from desk_app.services.period_report import (
    BadReportPeriod,
    FuturePeriod,
    UnknownCell,
    cell_dossiers,
    period_report_of,
    report_json,
)
from desk_app.services.permissions import NotPermitted
from tests.factories import SettableClock, intake_request, office_time

RESIDENCE = "1.010041"  # Xác nhận thông tin về cư trú: 1 working day
BIRTH = "1.001193"  # Đăng ký khai sinh: the same day
AUGUST = (date(2025, 8, 1), date(2025, 8, 31))


@dataclass(frozen=True)
class Month:
    codes: dict[str, str]  # letter -> dossier code


def _result(workspace: Workspace, actor: Actor, code: str) -> None:
    record_result(workspace, actor, code, number="12/XN", signer="Trần Văn Ký", issuer="UBND")


@pytest.fixture
def month(workspace: Workspace, actor: Actor, clock: SettableClock) -> Month:
    """August 2025 at one ward, acted out in order with the clock."""
    codes: dict[str, str] = {}

    def at(day: date, hour: int, minute: int = 0) -> None:
        clock.current = office_time(day.year, day.month, day.day, hour, minute)

    def take(letter: str, day: date, procedure: str = RESIDENCE, **fields: str) -> str:
        at(day, 9)
        codes[letter] = take_in(
            workspace, actor, intake_request(procedure, f"Người {letter}", **fields)
        ).code
        return codes[letter]

    take("H", date(2025, 7, 21))  # received and resolved before August: not in it
    at(date(2025, 7, 21), 14)
    _result(workspace, actor, codes["H"])
    take("A", date(2025, 7, 31))  # carried over; resolved on its due day, before the time
    at(date(2025, 8, 1), 8, 30)
    _result(workspace, actor, codes["A"])
    take("B", date(2025, 8, 4))  # resolved the same day: ahead of time
    at(date(2025, 8, 4), 15)
    _result(workspace, actor, codes["B"])
    take("C", date(2025, 8, 5), BIRTH)  # refused within its day
    at(date(2025, 8, 5), 10)
    refuse(workspace, actor, codes["C"], reason="Không thuộc thẩm quyền")
    take("L", date(2025, 8, 6))  # resolved an hour past its due time: late
    at(date(2025, 8, 7), 10)
    _result(workspace, actor, codes["L"])
    take("D", date(2025, 8, 11))  # waiting for a supplement at the month's end
    at(date(2025, 8, 11), 10)
    request_supplement(
        workspace,
        actor,
        codes["D"],
        items=[SupplementItem("Giấy tờ cư trú", copy=1)],
        reason="Thiếu",
    )
    take("E", date(2025, 8, 12))  # nothing done: overdue at the month's end
    take("X", date(2025, 8, 13))  # extended to the 15th, resolved on the 18th: late after it
    at(date(2025, 8, 13), 10)
    apologise(workspace, actor, codes["X"], new_due=date(2025, 8, 15), reason="Cần xác minh")
    at(date(2025, 8, 18), 10)
    _result(workspace, actor, codes["X"])
    take("F", date(2025, 8, 19), channel="online", portal_code="000.00.19.H26-250819-0042")
    at(date(2025, 8, 19), 11)
    _result(workspace, actor, codes["F"])
    take("G", date(2025, 9, 1))  # September: not in August
    at(date(2025, 9, 1), 10)
    return Month(codes)


def test_a_month_counts_each_dossier_where_the_form_says(
    workspace: Workspace, actor: Actor, month: Month
) -> None:
    data = period_report_of(workspace, actor, *AUGUST)
    document = report_json(data)
    assert document["period"] == {"from": "2025-08-01", "to": "2025-08-31"}
    rows = {row["label"]: row for row in document["rows"]}
    assert list(rows) == ["Đăng ký, quản lý cư trú", "Hộ tịch"]
    residence = rows["Đăng ký, quản lý cư trú"]
    assert {k: residence[k] for k in residence if k.startswith(("received", "carried"))} == {
        "received_total": 7,
        "received_online": 1,
        "received_direct": 5,
        "carried_over": 1,
    }
    assert (
        residence["resolved_total"],
        residence["resolved_early"],
        residence["resolved_on_time"],
        residence["resolved_late"],
    ) == (5, 2, 1, 2)
    # D's clock stands still while the supplement is awaited: within time, past its due date.
    assert (residence["in_progress_within"], residence["in_progress_overdue"]) == (1, 1)
    birth = rows["Hộ tịch"]
    assert (birth["received_total"], birth["resolved_on_time"], birth["refused"]) == (1, 1, 1)
    total = document["total"]
    assert (total["received_total"], total["resolved_total"], total["in_progress_total"]) == (
        8,
        6,
        2,
    )
    assert total["on_time_rate"] == round(4 / 6, 4)
    assert total["online_share"] == round(1 / 7, 4)
    assert (
        total["waiting_supplement"],
        total["refused"],
        total["stopped"],
        total["extended"],
        total["late_after_extension"],
    ) == (1, 1, 0, 1, 1)
    for row in [*document["rows"], total]:  # the form's identities, in every row
        assert row["received_total"] == (
            row["received_online"] + row["received_direct"] + row["carried_over"]
        )
        assert row["received_total"] == row["resolved_total"] + row["in_progress_total"]
        assert row["resolved_total"] == (
            row["resolved_early"] + row["resolved_on_time"] + row["resolved_late"]
        )
        assert row["in_progress_total"] == row["in_progress_within"] + row["in_progress_overdue"]


def test_every_cell_names_its_dossiers(workspace: Workspace, actor: Actor, month: Month) -> None:
    c = month.codes

    def cell(name: str, label: str | None = None) -> list[str]:
        return cell_dossiers(workspace, actor, *AUGUST, name, label=label)

    assert cell("resolved_early") == [c["B"], c["F"]]
    assert cell("resolved_on_time") == [c["A"], c["C"]]
    assert cell("resolved_late") == [c["L"], c["X"]]
    assert cell("carried_over") == [c["A"]]
    assert cell("received_online") == [c["F"]]
    assert cell("in_progress_within") == cell("waiting_supplement") == [c["D"]]
    assert cell("in_progress_overdue") == [c["E"]]
    assert cell("late_after_extension") == [c["X"]]
    assert cell("received_total", "Hộ tịch") == [c["C"]]
    assert c["H"] not in cell("received_total") and c["G"] not in cell("received_total")
    with pytest.raises(UnknownCell):
        cell("resolved_lately")


def test_by_procedure_and_by_unit(workspace: Workspace, actor: Actor, month: Month) -> None:
    by_procedure = report_json(period_report_of(workspace, actor, *AUGUST, by="procedure"))
    labels = [row["label"] for row in by_procedure["rows"]]
    assert labels == ["1.001193 Đăng ký khai sinh", "1.010041 Xác nhận thông tin về cư trú"]
    by_unit = report_json(period_report_of(workspace, actor, *AUGUST, by="unit"))
    assert [row["label"] for row in by_unit["rows"]] == ["UBND phường Thanh Xuân Trung"]
    assert by_unit["rows"][0]["received_total"] == by_procedure["total"]["received_total"] == 8


def test_bad_periods_are_refused_and_an_empty_one_is_zeros(
    workspace: Workspace, actor: Actor, month: Month
) -> None:
    with pytest.raises(BadReportPeriod):
        period_report_of(workspace, actor, date(2025, 8, 31), date(2025, 8, 1))
    with pytest.raises(FuturePeriod):
        period_report_of(workspace, actor, date(2025, 10, 1), date(2025, 10, 31))
    empty = report_json(period_report_of(workspace, actor, date(2025, 1, 1), date(2025, 1, 31)))
    assert empty["rows"] == [] and empty["total"]["received_total"] == 0


def test_an_officer_may_not_draw_up_the_report(
    workspace: Workspace, actor: Actor, month: Month
) -> None:
    assert actor.officer is not None
    clerk = replace(actor, officer=replace(actor.officer, role=Role.OFFICER))
    with pytest.raises(NotPermitted):
        period_report_of(workspace, clerk, *AUGUST)
    with pytest.raises(NotPermitted):
        cell_dossiers(workspace, clerk, *AUGUST, "resolved_late")


# --- the database's count is the core's rule ----------------------------------------------------

MOMENTS = st.datetimes(
    min_value=datetime(2025, 6, 1), max_value=datetime(2025, 10, 31), timezones=st.just(UTC)
)


@st.composite
def histories(draw: st.DrawFn) -> dict[str, Any]:
    received = draw(MOMENTS)
    due = received + timedelta(hours=draw(st.integers(0, 24 * 20)))
    resolved = draw(st.none() | MOMENTS.filter(lambda m: m >= received))
    acts = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["request_supplement", "resume", "apologise"]),
                st.integers(0, 24 * 30),
            ),
            max_size=4,
        )
    )
    state = "received"
    if resolved is not None:
        state = draw(st.sampled_from(["result_ready", "returned", "refused", "stopped"]))
    elif acts and acts[-1][0] == "request_supplement":
        state = "supplement_requested"
    return {
        "received": received,
        "due": due,
        "resolved": resolved,
        "state": state,
        "online": draw(st.booleans()),
        "procedure": draw(st.sampled_from([RESIDENCE, BIRTH, "9.999999"])),
        "acts": [(a, received + timedelta(hours=h)) for a, h in acts],
    }


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    dossiers=st.lists(histories(), max_size=12),
    first=st.dates(min_value=date(2025, 7, 1), max_value=date(2025, 9, 30)),
    days=st.integers(0, 60),
    now=MOMENTS,
)
def test_the_database_counts_as_the_core_rule_says(
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
    dossiers: list[dict[str, Any]],
    first: date,
    days: int,
    now: datetime,
) -> None:
    """`period_report_of` counts in one GROUP BY; `core.period_report` applied row by row (what
    `cell_dossiers` does) is the rule. On random histories (supplements awaited and resumed,
    extensions, refusals, a procedure not in the catalogue) both give the same lines."""
    from desk_app.core.period_report import Period, classified, tally_lines
    from desk_app.services import period_report as module

    ids = _insert(workspace, actor, dossiers)
    try:
        last = first + timedelta(days=days)
        clock.current = max(now, Period(first, last).starts_at)
        for by in ("field", "procedure"):
            data = period_report_of(workspace, actor, first, last, by=by)  # type: ignore[arg-type]
            period = Period(first, last)
            with workspace.read() as session:
                rows = list(
                    module._rows(session, actor.office.id, period, clock.current, by, "UBND")  # type: ignore[arg-type]
                )
            lines, total, extras = tally_lines(
                classified(rows, period, clock.current), module._extras
            )
            assert data.total == total and data.total_extras == extras
            assert {line.label: (line.counts, line.extras) for line in data.lines} == {
                line.label: (line.counts, line.extras) for line in lines.values()
            }
    finally:
        _delete(workspace, ids)


def _insert(workspace: Workspace, actor: Actor, dossiers: list[dict[str, Any]]) -> list[Any]:
    import uuid

    from sqlalchemy import insert

    from desk_app.store.models import Dossier, DossierTransition

    assert actor.officer is not None and actor.workstation is not None
    ids = []
    with workspace.write() as session:
        for index, given in enumerate(dossiers):
            dossier_id = uuid.uuid4()
            ids.append(dossier_id)
            session.execute(
                insert(Dossier).values(
                    id=dossier_id,
                    code=f"000.00.19.H26-250601-{9000 + index}",
                    lookup_key="ABCDEF",
                    office_id=actor.office.id,
                    workstation_id=actor.workstation.id,
                    officer_id=actor.officer.id,
                    officer_name="Người Nhận",
                    procedure_code=given["procedure"],
                    procedure_name="Thủ tục",
                    rule_set="2025",
                    applicant_name="Người Nộp",
                    applicant_name_folded="nguoi nop",
                    channel="online" if given["online"] else "counter",
                    received_at=given["received"],
                    counting_from=given["received"],
                    original_due_at=given["due"],
                    due_at=given["due"],
                    duration_value=1,
                    duration_unit="working_days",
                    state=given["state"],
                    register_book="2025",
                    register_line=9000 + index,
                    resolved_at=given["resolved"],
                    # The counters the acts keep (services.lifecycle), as the acts below say.
                    supplement_requests=sum(a == "request_supplement" for a, _ in given["acts"]),
                    extensions=sum(a == "apologise" for a, _ in given["acts"]),
                    created_at=given["received"],
                    updated_at=given["received"],
                )
            )
            for seq, (action, at) in enumerate(given["acts"], start=2):
                session.execute(
                    insert(DossierTransition).values(
                        id=uuid.uuid4(),
                        dossier_id=dossier_id,
                        seq=seq,
                        action=action,
                        from_state="received",
                        to_state="received",
                        at=at,
                        officer_name="Người Nhận",
                        details="{}",
                    )
                )
    return ids


def _delete(workspace: Workspace, ids: list[Any]) -> None:
    from sqlalchemy import delete

    from desk_app.store.models import Dossier, DossierTransition

    with workspace.write() as session:
        session.execute(delete(DossierTransition).where(DossierTransition.dossier_id.in_(ids)))
        session.execute(delete(Dossier).where(Dossier.id.in_(ids)))
