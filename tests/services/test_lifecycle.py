"""The acts after the receipt: each allowed one writes its row, audit entry and outbox event in
one transaction; a forbidden one, a late extension, a second supplement request without a
supervisor and a result returned twice are refused and leave nothing."""

from __future__ import annotations

import itertools
import json
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import func, select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import ValidationError
from desk_app.core.lifecycle import (
    Action,
    DossierState,
    ForbiddenTransition,
    allowed_actions,
    transition,
)
from desk_app.core.roles import Role
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.lifecycle import (
    ActResult,
    AlreadyReturned,
    ExtensionTooLate,
    Handover,
    SupervisorNeeded,
    SupplementItem,
    apologise,
    confirm_approver,
    history,
    parse_item,
    record_result,
    refuse,
    request_supplement,
    resume,
    return_result,
    stop,
    transfer,
)
from desk_app.services.permissions import NotPermitted
from desk_app.services.users import add_officer
from desk_app.store.audit import verify_chain
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry, Dossier, DossierTransition
from desk_app.sync.events import EVENT_TYPES
from tests.factories import SettableClock, account_of, intake_request, office_time

MARITAL_STATUS = "1.004873"  # 3 working days
CLERK_PASSWORD = "quay-so-mot-2025"
LEAD_PASSWORD = "lanh-dao-bo-phan-2025"
ITEM = SupplementItem("Tờ khai đăng ký", original=1)


def _take(workspace: Workspace, actor: Actor) -> str:
    return take_in(workspace, actor, intake_request(MARITAL_STATUS, "Nguyễn Văn An")).code


def _as(workspace: Workspace, actor: Actor, username: str, role: Role, password: str) -> Actor:
    add_officer(workspace, actor, username, role, "Trần Thị Lãnh Đạo", password)
    return Actor(actor.office, actor.workstation, account_of(workspace, username))


def _counts(workspace: Workspace) -> tuple[int, int, int]:
    with workspace.read() as session:
        return (
            session.scalar(select(func.count()).select_from(DossierTransition)) or 0,
            session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            session.scalar(select(func.count()).select_from(OutboxEvent)) or 0,
        )


def _stored(workspace: Workspace, code: str) -> Dossier:
    with workspace.read() as session:
        row = session.scalars(select(Dossier).where(Dossier.code == code)).one()
        session.expunge(row)
        return row


def _local(result_at: datetime) -> datetime:
    return result_at.astimezone(OFFICE_TZ)


# --- each act: its row, its audit entry, its event --------------------------------------------


def _check_recorded(workspace: Workspace, result: ActResult, kind: str) -> None:
    """The act's transition row, audit entry and outbox event are there and agree."""
    with workspace.read() as session:
        row = session.scalars(
            select(DossierTransition).where(DossierTransition.seq == result.transition.seq)
        ).all()
        event_ids = {r.event_id for r in row if r.action is result.transition.action}
        assert len(event_ids) == 1
        (event_id,) = event_ids
        queued = session.get_one(OutboxEvent, event_id)
        audit = session.scalars(select(AuditEntry).where(AuditEntry.seq == queued.audit_seq)).one()
        assert verify_chain(session, queued.workstation_id).ok
    assert queued.kind == audit.action == kind
    payload = json.loads(queued.payload)
    EVENT_TYPES[(kind, queued.schema_version)].model_validate(payload)
    assert payload["code"] == result.dossier.code
    assert payload["state"] == result.dossier.state.value
    assert "Nguyễn Văn An" not in queued.payload  # no applicant data beyond the receipt's


def test_a_whole_life_transfer_supplement_resume_result_return(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    code = _take(workspace, actor)
    clock.advance(minutes=30)
    sent = transfer(workspace, actor, code, unit="Công chức Tư pháp - Hộ tịch", to_officer="Lê B")
    assert sent.dossier.state is DossierState.IN_PROGRESS
    assert sent.handling_unit == "Công chức Tư pháp - Hộ tịch" and sent.sent_at == clock()
    assert sent.transition.details == {"to_officer": "Lê B", "note": ""}
    _check_recorded(workspace, sent, "dossier.transferred")

    clock.advance(hours=1)
    asked = request_supplement(
        workspace,
        actor,
        code,
        items=[parse_item("Giấy xác nhận cư trú:1:0:2")],
        reason="Thiếu giấy xác nhận cư trú",
        guide="Gọi 024 3858 0000",
    )
    assert asked.dossier.state is DossierState.SUPPLEMENT_REQUESTED
    assert asked.paused_at == clock() and asked.supplement_requests == 1
    assert asked.transition.paused_from == clock()
    assert asked.transition.details["items"] == [
        {"name": "Giấy xác nhận cư trú", "original": 1, "certified_copy": 0, "copy": 2, "note": ""}
    ]
    _check_recorded(workspace, asked, "dossier.supplement_requested")

    clock.advance(hours=3)  # 10:35 -> 13:35: 55 + 35 working minutes (lunch is not counted)
    back = resume(workspace, actor, code)
    assert back.dossier.state is DossierState.RECEIVED and back.paused_at is None
    assert back.handling_unit == ""  # the citizen brought the papers to the desk
    assert back.transition.details == {"paused_working_minutes": 90}
    assert back.dossier.due_at - back.dossier.original_due_at == timedelta(minutes=90)
    _check_recorded(workspace, back, "dossier.supplement_received")

    transfer(workspace, actor, code, unit="Công chức Tư pháp - Hộ tịch")
    clock.advance(hours=1)
    ready = record_result(
        workspace, actor, code, number="15/GXN", signer="Phạm Văn C", issuer="UBND phường"
    )
    assert ready.dossier.state is DossierState.RESULT_READY and ready.handling_unit == ""
    assert ready.transition.details == {
        "result_number": "15/GXN",
        "signer": "Phạm Văn C",
        "issuer": "UBND phường",
    }
    _check_recorded(workspace, ready, "dossier.result_recorded")
    done = return_result(
        workspace,
        actor,
        code,
        Handover(fee_amount_vnd=50_000, fee_method="cash", fee_receipt_number="BL-0001"),
    )
    assert done.dossier.state is DossierState.RETURNED
    assert done.transition.details["collector_name"] == "Nguyễn Văn An"  # the applicant's own
    assert done.transition.details["fee_amount_vnd"] == 50_000
    _check_recorded(workspace, done, "dossier.returned")
    stored = _stored(workspace, code)
    assert stored.returned_at == clock() and stored.resolved_at is not None
    steps = history(workspace, actor, code)
    assert [t.seq for t in steps] == list(range(1, 8))
    assert [t.action for t in steps] == [
        Action.RECEIVE,
        Action.TRANSFER,
        Action.REQUEST_SUPPLEMENT,
        Action.RESUME,
        Action.TRANSFER,
        Action.RECORD_RESULT,
        Action.RETURN,
    ]


def test_a_transfer_back_to_the_desk_names_the_reception_unit(
    workspace: Workspace, actor: Actor
) -> None:
    code = _take(workspace, actor)
    transfer(workspace, actor, code, unit="Địa chính")
    back = transfer(workspace, actor, code, back_to_desk=True, note="Thiếu chữ ký")
    assert back.dossier.state is DossierState.IN_PROGRESS and back.handling_unit == ""
    assert back.transition.handling_unit == "Bộ phận tiếp nhận và trả kết quả"
    assert back.transition.details["back_to_desk"] is True
    with pytest.raises(ValidationError):
        transfer(workspace, actor, code)  # no unit named


@pytest.mark.parametrize("from_paused", [False, True])
def test_refuse_and_stop_end_the_dossier_and_any_pause(
    workspace: Workspace, actor: Actor, clock: SettableClock, from_paused: bool
) -> None:
    codes = [_take(workspace, actor), _take(workspace, actor)]
    if from_paused:
        for code in codes:
            request_supplement(workspace, actor, code, items=[ITEM], reason="Thiếu tờ khai")
        clock.advance(hours=1)
    refused = refuse(workspace, actor, codes[0], reason="Không thuộc thẩm quyền")
    assert refused.dossier.state is DossierState.REFUSED and refused.paused_at is None
    assert refused.transition.reason == "Không thuộc thẩm quyền"
    assert (refused.transition.paused_until == clock()) is from_paused
    _check_recorded(workspace, refused, "dossier.refused")
    stopped = stop(
        workspace,
        actor,
        codes[1],
        reason="Người nộp xin rút hồ sơ",
        stage="Đang thẩm định",
        papers_returned="Bản chính CCCD",
        fees_settled="Chưa thu phí",
    )
    assert stopped.dossier.state is DossierState.STOPPED
    assert stopped.transition.details == {
        "stage": "Đang thẩm định",
        "papers_returned": "Bản chính CCCD",
        "fees_settled": "Chưa thu phí",
    }
    _check_recorded(workspace, stopped, "dossier.stopped")
    for code in codes:  # final: nothing more
        with pytest.raises(ForbiddenTransition):
            transfer(workspace, actor, code, unit="Địa chính")


@pytest.mark.parametrize(
    ("steps", "act"),
    [
        ([], Action.RESUME),  # nothing awaited
        ([], Action.RETURN),  # no result yet
        ([Action.REQUEST_SUPPLEMENT], Action.TRANSFER),  # waiting for the citizen
        ([Action.REQUEST_SUPPLEMENT], Action.APOLOGISE),  # the clock is paused
        ([Action.REQUEST_SUPPLEMENT], Action.RECORD_RESULT),
        ([Action.RECORD_RESULT], Action.REFUSE),  # the result exists
        ([Action.RECORD_RESULT], Action.REQUEST_SUPPLEMENT),
        ([Action.REFUSE], Action.RESUME),
    ],
)
def test_forbidden_acts_are_refused_and_leave_nothing(
    workspace: Workspace, actor: Actor, steps: list[Action], act: Action
) -> None:
    code = _take(workspace, actor)
    for step in steps:
        _do(workspace, actor, code, step)
    before = _counts(workspace), _stored(workspace, code).state
    with pytest.raises(ForbiddenTransition) as caught:
        _do(workspace, actor, code, act)
    assert caught.value.action is act
    assert (_counts(workspace), _stored(workspace, code).state) == before


def _do(workspace: Workspace, actor: Actor, code: str, act: Action) -> ActResult:
    """One act with plausible input (the supervisor approving where it must)."""
    match act:
        case Action.TRANSFER:
            return transfer(workspace, actor, code, unit="Địa chính")
        case Action.REQUEST_SUPPLEMENT:
            return request_supplement(
                workspace, actor, code, items=[ITEM], reason="Thiếu", second_request_reason="Lại"
            )
        case Action.RESUME:
            return resume(workspace, actor, code)
        case Action.REFUSE:
            return refuse(workspace, actor, code, reason="Không đủ điều kiện")
        case Action.APOLOGISE:
            due = _stored(workspace, code).due_at
            return apologise(
                workspace, actor, code, new_due=_next_working(workspace, actor, due), reason="Trễ"
            )
        case Action.STOP:
            return stop(
                workspace, actor, code, reason="Rút", stage="Mới", papers_returned="-",
                fees_settled="-",
            )  # fmt: skip
        case Action.RECORD_RESULT:
            return record_result(workspace, actor, code, number="1", signer="A", issuer="B")
        case Action.RETURN:
            return return_result(workspace, actor, code)
    raise AssertionError(act)


def _next_working(workspace: Workspace, actor: Actor, after: datetime) -> date:
    calendar = workspace.calendar(actor.office.id)
    return calendar.next_working_day(after.astimezone(OFFICE_TZ).date())


# --- the supplement pause ---------------------------------------------------------------------


def test_the_pause_skips_a_weekend_and_tet_2026(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    """Thursday 12/02/2026 09:00 received (3 working days: due Tuesday 24/02 09:00 after the
    Tết days off 16-20/02); supplement asked at 10:00, brought on Monday 23/02 at 10:00. The
    pause covers 330 + 480 + 150 = 960 working minutes (two days), so the due time moves to
    Thursday 26/02 09:00 - not by the 11 calendar days that passed."""
    clock.current = office_time(2026, 2, 12, 9, 0)
    code = _take(workspace, actor)
    record = _stored(workspace, code)
    assert _local(record.original_due_at) == office_time(2026, 2, 24, 9, 0)
    clock.current = office_time(2026, 2, 12, 10, 0)
    request_supplement(workspace, actor, code, items=[ITEM], reason="Thiếu tờ khai")
    clock.current = office_time(2026, 2, 23, 10, 0)
    back = resume(workspace, actor, code)
    assert back.transition.details == {"paused_working_minutes": 960}
    assert back.transition.paused_from == office_time(2026, 2, 12, 10, 0)
    assert back.transition.paused_until == office_time(2026, 2, 23, 10, 0)
    assert _local(back.dossier.due_at) == office_time(2026, 2, 26, 9, 0)
    assert back.transition.new_due_at == back.dossier.due_at
    assert _local(back.dossier.original_due_at) == office_time(2026, 2, 24, 9, 0)


# --- supervisor's approvals -------------------------------------------------------------------


def test_a_second_supplement_request_needs_a_supervisor_and_a_reason(
    workspace: Workspace, actor: Actor
) -> None:
    clerk = _as(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    code = _take(workspace, actor)
    request_supplement(workspace, clerk, code, items=[ITEM], reason="Thiếu tờ khai")
    resume(workspace, clerk, code)
    before = _counts(workspace)
    with pytest.raises(SupervisorNeeded):  # no reason
        request_supplement(workspace, clerk, code, items=[ITEM], reason="Thiếu bản sao")
    assert _counts(workspace) == before
    with pytest.raises(SupervisorNeeded):  # a reason, but the clerk may not approve it
        request_supplement(
            workspace, clerk, code, items=[ITEM], reason="Thiếu", second_request_reason="Sót"
        )
    assert _counts(workspace)[0] == before[0]  # no transition; the refusal itself is audited
    lead = _as(workspace, actor, "lanhdao", Role.SUPERVISOR, LEAD_PASSWORD).officer
    assert lead is not None
    approved = confirm_approver(workspace, "lanhdao", LEAD_PASSWORD)
    again = request_supplement(
        workspace,
        clerk,
        code,
        items=[ITEM],
        reason="Thiếu bản sao",
        second_request_reason="Lần đầu hướng dẫn sót bản sao",
        approver=approved,
    )
    assert again.supplement_requests == 2
    assert again.transition.approved_by == lead.full_name
    assert again.transition.details["second_request_reason"] == "Lần đầu hướng dẫn sót bản sao"
    _check_recorded(workspace, again, "dossier.supplement_requested")


def test_an_extension_needs_a_supervisor_and_a_second_is_exceptional(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    clerk = _as(workspace, actor, "quay1", Role.OFFICER, CLERK_PASSWORD)
    code = _take(workspace, actor)
    due = _stored(workspace, code).due_at
    new_day = _next_working(workspace, actor, due)
    before = _counts(workspace)
    with pytest.raises(NotPermitted):
        apologise(workspace, clerk, code, new_due=new_day, reason="Chờ xác minh")
    assert _counts(workspace)[0] == before[0]
    first = apologise(
        workspace, actor, code, new_due=new_day, reason="Chờ xác minh", approver_title="Chủ tịch"
    )  # the administrator approves for themselves
    assert first.extensions == 1
    assert _local(first.dossier.due_at) == datetime.combine(
        new_day, datetime.min.time().replace(hour=17), OFFICE_TZ
    )
    assert first.dossier.original_due_at == due
    assert first.transition.approved_by == "Phạm Thị Hồng"
    assert first.transition.details == {
        "approver_title": "Chủ tịch",
        "extension_number": 1,
        "exceptional": False,
        "previous_due_at": due.astimezone(UTC).isoformat(),
    }
    _check_recorded(workspace, first, "dossier.extended")
    second = apologise(
        workspace,
        clerk,
        code,
        new_due=_next_working(workspace, actor, first.dossier.due_at),
        reason="Chờ cơ quan khác trả lời",
        approver=confirm_approver(workspace, "quantri", "mat-khau-thu"),
    )
    assert second.extensions == 2 and second.transition.details["exceptional"] is True
    assert second.dossier.due_at > first.dossier.due_at


def test_an_extension_is_refused_after_the_due_time_or_to_an_earlier_date(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    code = _take(workspace, actor)
    due = _stored(workspace, code).due_at
    before = _counts(workspace)
    with pytest.raises(ValidationError, match="phải sau hạn hiện tại"):
        apologise(workspace, actor, code, new_due=due - timedelta(hours=1), reason="Trễ")
    saturday = date(2025, 7, 19)
    with pytest.raises(ValidationError, match="ngày nghỉ"):
        apologise(workspace, actor, code, new_due=saturday, reason="Trễ")
    clock.current = due + timedelta(minutes=1)
    with pytest.raises(ExtensionTooLate) as caught:
        apologise(workspace, actor, code, new_due=due + timedelta(days=7), reason="Trễ")
    assert "đã quá hạn" in str(caught.value)
    with pytest.raises(ValidationError, match="sau thời điểm hiện tại"):
        clock.current = due - timedelta(hours=1)
        apologise(workspace, actor, code, new_due=clock() - timedelta(minutes=5), reason="Trễ")
    assert _counts(workspace) == before


# --- results ------------------------------------------------------------------------------------


def test_a_result_returned_twice_is_refused(workspace: Workspace, actor: Actor) -> None:
    code = _take(workspace, actor)
    record_result(workspace, actor, code, number="15", signer="A", issuer="B")
    return_result(
        workspace,
        actor,
        code,
        Handover(collector="proxy", collector_name="Trần Văn Bình", collector_id_number="0011"),
    )
    before = _counts(workspace)
    with pytest.raises(AlreadyReturned) as caught:
        return_result(workspace, actor, code)
    assert isinstance(caught.value, ForbiddenTransition)
    assert "đã được trả lúc" in str(caught.value)
    assert _counts(workspace) == before


def test_a_proxy_must_be_named_and_a_fee_needs_its_method(
    workspace: Workspace, actor: Actor
) -> None:
    code = _take(workspace, actor)
    record_result(workspace, actor, code, number="15", signer="A", issuer="B")
    before = _counts(workspace)
    for bad in (
        Handover(collector="proxy"),
        Handover(collector="neighbour"),
        Handover(fee_amount_vnd=20_000),
        Handover(fee_amount_vnd=-1, fee_method="cash"),
    ):
        with pytest.raises(ValidationError):
            return_result(workspace, actor, code, bad)
    assert _counts(workspace) == before
    posted = return_result(workspace, actor, code, Handover(postal_waybill="EB123456789VN"))
    assert posted.transition.details["postal_waybill"] == "EB123456789VN"
    with workspace.read() as session:
        payload = session.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.kind == "dossier.returned")
        ).one()
    assert json.loads(payload)["postal_waybill"] == "EB123456789VN"


def test_item_parsing_reads_counts_from_the_right() -> None:
    assert parse_item("Tờ khai") == SupplementItem("Tờ khai")
    assert parse_item("Bản sao: sổ hộ khẩu:0:1") == SupplementItem(
        "Bản sao: sổ hộ khẩu", original=0, certified_copy=1
    )
    assert parse_item(" CCCD :1:0:2") == SupplementItem("CCCD", 1, 0, 2)
    with pytest.raises(ValidationError):
        parse_item(":1")
    with pytest.raises(ValidationError):
        parse_item("Tờ khai:100")


def test_a_failure_inside_the_transaction_leaves_nothing(
    workspace: Workspace, actor: Actor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The transition, the audit entry and the event go together or not at all."""
    import desk_app.services.lifecycle as lifecycle

    code = _take(workspace, actor)
    before = _counts(workspace)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk gone")

    monkeypatch.setattr(lifecycle, "_result", broken)  # after record_change, before commit
    with pytest.raises(RuntimeError):
        transfer(workspace, actor, code, unit="Địa chính")
    assert _counts(workspace) == before
    stored = _stored(workspace, code)
    assert stored.state is DossierState.RECEIVED and stored.sent_at is None


# --- random sequences of acts ------------------------------------------------------------------


class LifeOfADossier(RuleBasedStateMachine):
    """Random acts on one dossier, with time passing between them: whatever the order, the
    state follows the machine, the history is a gap-free chain, and due dates only move on."""

    template: Path  # the session's set-up workstation, set by the test

    def __init__(self) -> None:
        super().__init__()
        template = self.template
        from desk_app.services.workstation import open_workstation, station_of

        self.folder = Path(tempfile.mkdtemp(prefix="lifecycle-"))
        shutil.copytree(template, self.folder / "home")
        self.clock = SettableClock(office_time(2026, 2, 11, 9, 0))  # Tết 2026 ahead
        self.workspace = open_workstation(self.folder / "home", now=self.clock)
        officer = account_of(self.workspace, "quantri")
        self.actor = Actor.at_station(station_of(self.workspace), officer)
        self.code = _take(self.workspace, self.actor)
        self.state: DossierState = DossierState.RECEIVED
        self.due_dates: list[datetime] = []

    def teardown(self) -> None:
        self.workspace.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(hours=st.integers(min_value=0, max_value=60))
    def time_passes(self, hours: int) -> None:
        self.clock.advance(hours=hours, minutes=7)

    @rule(act=st.sampled_from([a for a in Action if a is not Action.RECEIVE]))
    def act(self, act: Action) -> None:
        stored = _stored(self.workspace, self.code)
        late = act is Action.APOLOGISE and self.clock() >= stored.due_at
        try:
            _do(self.workspace, self.actor, self.code, act)
        except ForbiddenTransition:
            assert act not in allowed_actions(self.state)
            return
        except ExtensionTooLate:
            assert late
            return
        assert act in allowed_actions(self.state) and not late
        self.state = transition(self.state, act)
        if act is Action.APOLOGISE:
            self.due_dates.append(_stored(self.workspace, self.code).due_at)

    @invariant()
    def consistent(self) -> None:
        stored = _stored(self.workspace, self.code)
        steps = history(self.workspace, self.actor, self.code)
        assert stored.state is self.state
        assert [t.seq for t in steps] == list(range(1, len(steps) + 1))
        assert steps[0].from_state is None and steps[-1].to_state is self.state
        for earlier, later in itertools.pairwise(steps):
            assert later.from_state is earlier.to_state
            assert later.at >= earlier.at
        assert stored.due_at >= stored.original_due_at
        assert (stored.paused_at is not None) is (self.state is DossierState.SUPPLEMENT_REQUESTED)
        extended = [t.new_due_at for t in steps if t.action is Action.APOLOGISE and t.new_due_at]
        assert stored.extensions == len(extended) == len(self.due_dates)
        assert extended == sorted(extended) and len(set(extended)) == len(extended)
        assert stored.supplement_requests == sum(
            t.action is Action.REQUEST_SUPPLEMENT for t in steps
        )


def test_random_sequences_keep_state_history_and_due_dates_consistent(
    office_template: Path,
) -> None:
    machine = type("LifeOfThisDossier", (LifeOfADossier,), {"template": office_template})
    run_state_machine_as_test(
        machine,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
