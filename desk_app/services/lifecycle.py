"""The acts on a dossier after its receipt (issue 10), one transaction each.

Each act reads the dossier inside its write transaction, asks the state machine
(`core.lifecycle.transition`) whether its state allows the act, and writes the transition row,
the audit entry and the outbox event together through `record_change`; a refusal leaves
nothing. Roles are checked before the transaction (`permissions.require`, whose refusal is
audited on its own): every act is a counter officer's (`Act.LIFECYCLE`); an extension, and a
supplement request after the first, need a supervisor (`Act.APPROVE_EXTENSION`), who is the
actor or a named approver who proved their password (`confirm_approver`).

The `details` of each transition row hold what its form prints beyond the columns, with the
keys of the lifecycle contract (notes/lifecycle-contract.md):

- TRANSFER: ``to_officer``, ``step_due_at`` (ISO UTC, optional), ``note``, ``back_to_desk``.
- REQUEST_SUPPLEMENT: ``items`` [{name, original, certified_copy, copy, note}], ``guide``,
  ``second_request_reason`` (from the second request on).
- RESUME: ``paused_working_minutes``.
- APOLOGISE: ``approver_title``, ``extension_number``, ``exceptional``, ``previous_due_at``.
- STOP: ``stage``, ``papers_returned``, ``fees_settled``.
- RECORD_RESULT: ``result_number``, ``signer``, ``issuer``.
- RETURN: ``collector``, ``collector_name``, ``collector_id_number``, ``originals_returned``,
  ``fee_amount_vnd``, ``fee_method``, ``fee_receipt_number``, ``postal_waybill``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ, office_time_text
from desk_app.core.deadlines import shift_for_pause
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.lifecycle import (
    ACTION_LABELS,
    Action,
    DossierState,
    ForbiddenTransition,
    transition,
)
from desk_app.core.roles import Act
from desk_app.core.text import clean
from desk_app.services.changes import Transition, record_change
from desk_app.services.context import Actor, OfficerInfo, Workspace, read_office
from desk_app.services.dossiers import DossierRecord, find_dossier, to_record
from desk_app.services.permissions import ROLE_NAMES, NotPermitted, require
from desk_app.store.models import Dossier, DossierTransition
from desk_app.sync.events import (
    DossierActEvent,
    DossierExtended,
    DossierRefused,
    DossierResultRecorded,
    DossierReturned,
    DossierStopped,
    DossierSupplementReceived,
    DossierSupplementRequested,
    DossierTransferred,
    FeeMethod,
    SupplementItemRef,
)

_log = logging.getLogger(__name__)

# The supervisor's act that an extension and a repeated supplement request need. A separate
# Act for the second would widen the Act enum, which the committed schema of access.refused
# v1 pins (a new event version); the supervisor role is the rule either way.
SUPERVISOR_APPROVAL = Act.APPROVE_EXTENSION
MAX_PAPERS = 99  # per kind of paper in one supplement item: more is a typing error
FEE_METHODS: tuple[FeeMethod, ...] = ("cash", "transfer", "card", "")
Collector = Literal["applicant", "proxy"]
COLLECTORS: tuple[Collector, ...] = ("applicant", "proxy")


# --- what the acts return ------------------------------------------------------------------


@dataclass(frozen=True)
class TransitionRecord:
    """One row of a dossier's history as screens, forms and the CLI read it (times UTC)."""

    seq: int
    action: Action
    from_state: DossierState | None
    to_state: DossierState
    at: datetime
    officer_name: str
    reason: str
    new_due_at: datetime | None
    handling_unit: str
    paused_from: datetime | None
    paused_until: datetime | None
    result_summary: str
    details: Mapping[str, Any]
    approved_by: str

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {}
        for key, value in self.__dict__.items():
            if isinstance(value, datetime):
                data[key] = value.isoformat()
            elif key == "details":
                data[key] = dict(value)
            else:
                data[key] = value
        data["action_label"] = ACTION_LABELS[self.action]
        return data


@dataclass(frozen=True)
class ActResult:
    """The dossier after an act, the act's own row, and the lifecycle facts kept on the
    dossier (the display record does not carry them)."""

    dossier: DossierRecord
    transition: TransitionRecord
    paused_at: datetime | None
    supplement_requests: int
    extensions: int
    handling_unit: str
    sent_at: datetime | None

    def to_json(self) -> dict[str, object]:
        return {
            "dossier": self.dossier.to_json(),
            "transition": self.transition.to_json(),
            "paused_at": self.paused_at.isoformat() if self.paused_at else None,
            "supplement_requests": self.supplement_requests,
            "extensions": self.extensions,
            "handling_unit": self.handling_unit,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
        }


def _utc(at: datetime | None) -> datetime | None:
    return at.astimezone(UTC) if at is not None else None


def transition_record(row: DossierTransition) -> TransitionRecord:
    return TransitionRecord(
        seq=row.seq,
        action=row.action,
        from_state=row.from_state,
        to_state=row.to_state,
        at=row.at.astimezone(UTC),
        officer_name=row.officer_name,
        reason=row.reason,
        new_due_at=_utc(row.new_due_at),
        handling_unit=row.handling_unit,
        paused_from=_utc(row.paused_from),
        paused_until=_utc(row.paused_until),
        result_summary=row.result_summary,
        details=json.loads(row.details or "{}"),
        approved_by=row.approved_by,
    )


def history(workspace: Workspace, actor: Actor, code: str) -> tuple[TransitionRecord, ...]:
    """Every act on the dossier, receipt first (the control slip and the dossier view)."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        rows = session.scalars(
            select(DossierTransition)
            .where(DossierTransition.dossier_id == dossier.id)
            .order_by(DossierTransition.seq)
        ).all()
        return tuple(transition_record(r) for r in rows)


# --- errors -----------------------------------------------------------------------------------


class AlreadyReturned(ForbiddenTransition):
    """The result was handed over already: a second hand-over would be a false register line."""

    def __init__(self, code: str, returned_at: datetime) -> None:
        hour, day = office_time_text(returned_at)
        DeskError.__init__(  # plainer than ForbiddenTransition's own sentence
            self,
            N_("Kết quả của hồ sơ {code} đã được trả lúc {hour} ngày {day}; không trả lần nữa."),
            code=code,
            hour=hour,
            day=day,
        )
        self.state = DossierState.RETURNED
        self.action = Action.RETURN


class ExtensionTooLate(ValidationError):
    """Reference §2, Mẫu 04: the apology comes before the due time, never after it."""

    msgid = N_(
        "Hồ sơ {code} đã quá hạn trả kết quả ({hour} ngày {day}); phiếu xin lỗi và hẹn lại "
        "phải lập trước khi hết hạn. Hãy báo lãnh đạo bộ phận để xử lý hồ sơ trễ hạn."
    )


class SupervisorNeeded(ValidationError):
    """The law's rule: a supplement is asked for once and completely (reference §2, Mẫu 02)."""

    msgid = N_(
        "Hồ sơ {code} đã được yêu cầu bổ sung {count} lần; yêu cầu bổ sung thêm phải có lãnh "
        "đạo bộ phận duyệt và ghi lý do (tùy chọn --approver và --approver-reason)."
    )


# --- common steps ----------------------------------------------------------------------------


def _text(value: str, field: str, missing: str | None = None) -> str:
    """``value`` cleaned; empty is refused with ``missing`` when the form needs it."""
    text = clean(value)
    if missing is not None and not text:
        raise ValidationError(missing, field=field)
    return text


def _aware(at: datetime) -> datetime:
    """A typed time without a zone is office time (as at intake)."""
    return at.replace(tzinfo=OFFICE_TZ) if at.tzinfo is None else at


def _result(session: Session, dossier: Dossier, event_id: Any) -> ActResult:
    row = next(  # the row the change recorder just added, without reading it back
        added
        for added in session.new
        if isinstance(added, DossierTransition) and added.event_id == event_id
    )
    session.flush()
    return ActResult(
        dossier=to_record(dossier),
        transition=transition_record(row),
        paused_at=_utc(dossier.paused_at),
        supplement_requests=dossier.supplement_requests,
        extensions=dossier.extensions,
        handling_unit=dossier.handling_unit,
        sent_at=_utc(dossier.sent_at),
    )


def _act(
    workspace: Workspace,
    actor: Actor,
    code: str,
    action: Action,
    build: Callable[[Session, Dossier, DossierState, datetime], tuple[DossierActEvent, Transition]],
    check: Callable[[Dossier], None] | None = None,
) -> ActResult:
    """Load the dossier, check the machine, let ``build`` apply the act's own changes and
    make its event and transition, and record both: one transaction."""
    require(workspace, actor, Act.LIFECYCLE)
    with workspace.write() as session:
        dossier = find_dossier(session, actor, code)
        if check is not None:
            check(dossier)
        to_state = transition(dossier.state, action)
        now = workspace.now().astimezone(UTC)
        event, change = build(session, dossier, to_state, now)
        envelope = record_change(
            session,
            workspace,
            actor,
            event,
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
            transition=change,
        )
        return _result(session, dossier, envelope.event_id)


def _peek(workspace: Workspace, actor: Actor, code: str) -> Dossier:
    """The dossier as it is now, for a check that must run before the act's transaction."""
    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        session.expunge(dossier)
        return dossier


def confirm_approver(workspace: Workspace, username: str, password: str) -> OfficerInfo:
    """A supervisor proving, at this workstation, that they approve an act: their password is
    checked as at login (the same delays and lock), and the login is audited."""
    from desk_app.services.auth import login

    return login(workspace, username, password)


def _approval(workspace: Workspace, actor: Actor, approver: OfficerInfo | None) -> OfficerInfo:
    """Who approves: the named approver (proved by `confirm_approver`), else the actor; a role
    that may not approve is refused and the refusal audited."""
    who = approver or actor.officer
    if who is None:
        raise ValidationError(
            N_("Việc này cần lãnh đạo bộ phận duyệt; hãy ghi người duyệt."), field="approver"
        )
    require(workspace, replace(actor, officer=who), SUPERVISOR_APPROVAL)
    return who


def _signing_name(officer: OfficerInfo) -> str:
    return clean(officer.full_name) or officer.username


def _event_base(dossier: Dossier, to_state: DossierState, now: datetime) -> dict[str, Any]:
    return {"dossier_id": dossier.id, "code": dossier.code, "at": now, "state": to_state}


def _end_pause(dossier: Dossier, now: datetime) -> tuple[datetime | None, datetime | None]:
    """A refusal or a stop while a supplement is awaited ends the pause: (from, until)."""
    if dossier.paused_at is None:
        return None, None
    since = dossier.paused_at.astimezone(UTC)
    dossier.paused_at = None
    return since, now


# --- transfer --------------------------------------------------------------------------------


def transfer(
    workspace: Workspace,
    actor: Actor,
    code: str,
    *,
    unit: str = "",
    to_officer: str = "",
    note: str = "",
    step_due_at: datetime | None = None,
    back_to_desk: bool = False,
) -> ActResult:
    """Hand the dossier to ``unit`` (control slip Mẫu 05 / 06, one row per hand-over), or,
    with ``back_to_desk``, back to the reception unit without a result."""
    unit_text = _text(unit, "unit")
    if back_to_desk and unit_text:
        raise ValidationError(
            N_("Chuyển về bộ phận một cửa thì không ghi đơn vị nhận."), field="unit"
        )
    if not back_to_desk and not unit_text:
        raise ValidationError(N_("Hãy ghi đơn vị nhận hồ sơ để giải quyết."), field="unit")
    officer_text = _text(to_officer, "to_officer")
    note_text = _text(note, "note")
    step_due = _aware(step_due_at).astimezone(UTC) if step_due_at is not None else None
    if step_due is not None and step_due <= workspace.now():
        raise ValidationError(
            N_("Hạn xử lý của bước này phải sau thời điểm hiện tại."), field="step_due_at"
        )

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        if back_to_desk:
            local_day = now.astimezone(OFFICE_TZ).date()
            held_by = read_office(session, actor.office.id).identity_on(local_day).reception_unit
            dossier.handling_unit = ""
        else:
            held_by = unit_text
            dossier.handling_unit = unit_text
            if dossier.sent_at is None:
                dossier.sent_at = now
        details: dict[str, Any] = {"to_officer": officer_text, "note": note_text}
        if step_due is not None:
            details["step_due_at"] = step_due.isoformat()
        if back_to_desk:
            details["back_to_desk"] = True
        event = DossierTransferred(
            **_event_base(dossier, to_state, now),
            handling_unit=held_by,
            to_officer=officer_text,
            step_due_at=step_due,
            note=note_text,
            back_to_desk=back_to_desk,
        )
        change = Transition(
            dossier,
            Action.TRANSFER,
            dossier.state,
            to_state,
            now,
            handling_unit=held_by,
            details=details,
        )
        return event, change

    return _act(workspace, actor, code, Action.TRANSFER, build)


# --- supplement ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupplementItem:
    """A component to complete and the papers asked for (Mẫu 02: original / certified copy /
    photocopy)."""

    name: str
    original: int = 0
    certified_copy: int = 0
    copy: int = 0
    note: str = ""

    def checked(self) -> SupplementItem:
        name = _text(self.name, "items", N_("Mỗi thành phần cần bổ sung phải có tên."))
        for count in (self.original, self.certified_copy, self.copy):
            if not 0 <= count <= MAX_PAPERS:
                raise ValidationError(
                    N_("Số bản của “{name}” phải từ 0 đến {most}."),
                    field="items",
                    name=name,
                    most=MAX_PAPERS,
                )
        return replace(self, name=name, note=_text(self.note, "items"))

    def to_details(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "original": self.original,
            "certified_copy": self.certified_copy,
            "copy": self.copy,
            "note": self.note,
        }


def parse_item(text: str) -> SupplementItem:
    """``NAME[:original[:certified copy[:photocopy]]]`` as typed after ``--item``; a name may
    hold colons itself, only trailing numbers are counts."""
    parts = text.split(":")
    counts: list[int] = []
    while len(parts) > 1 and len(counts) < 3 and parts[-1].strip().isdecimal():
        counts.insert(0, int(parts.pop().strip()))
    # Counts are read from the right, but written left to right: original first.
    counts += [0] * (3 - len(counts))
    original, certified_copy, photocopy = counts
    return SupplementItem(":".join(parts), original, certified_copy, photocopy).checked()


def request_supplement(
    workspace: Workspace,
    actor: Actor,
    code: str,
    *,
    items: Sequence[SupplementItem],
    reason: str,
    guide: str = "",
    second_request_reason: str = "",
    approver: OfficerInfo | None = None,
) -> ActResult:
    """Mẫu 02: ask the applicant to complete the dossier; the clock stands still from now.

    The law asks for it once and completely, so a request after the first needs a supervisor
    (the actor or ``approver``) and their reason (``second_request_reason``), recorded with it.
    """
    require(workspace, actor, Act.LIFECYCLE)
    asked = tuple(item.checked() for item in items)
    if not asked:
        raise ValidationError(
            N_("Hãy ghi ít nhất một thành phần hồ sơ cần bổ sung, hoàn thiện."), field="items"
        )
    why = _text(reason, "reason", N_("Hãy ghi lý do yêu cầu bổ sung, hoàn thiện hồ sơ."))
    guide_text = _text(guide, "guide")
    second_reason = _text(second_request_reason, "second_request_reason")
    before = _peek(workspace, actor, code)
    transition(before.state, Action.REQUEST_SUPPLEMENT)  # a forbidden act says so first
    approved: OfficerInfo | None = None
    if before.supplement_requests >= 1:
        approved = _second_request_approval(workspace, actor, approver, before, second_reason)

    def check(dossier: Dossier) -> None:
        if dossier.supplement_requests >= 1 and approved is None:  # asked meanwhile elsewhere
            raise SupervisorNeeded(
                field="second_request_reason",
                code=dossier.code,
                count=dossier.supplement_requests,
            )

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        dossier.supplement_requests += 1
        dossier.paused_at = now
        approved_by = _signing_name(approved) if approved else ""
        details: dict[str, Any] = {
            "items": [item.to_details() for item in asked],
            "guide": guide_text,
        }
        if approved is not None:
            details["second_request_reason"] = second_reason
        event = DossierSupplementRequested(
            **_event_base(dossier, to_state, now),
            items=tuple(
                SupplementItemRef(
                    name=i.name,
                    original=i.original,
                    certified_copy=i.certified_copy,
                    photocopy=i.copy,
                    note=i.note,
                )
                for i in asked
            ),
            reason=why,
            guide=guide_text,
            request_number=dossier.supplement_requests,
            second_request_reason=second_reason if approved else "",
            approved_by=approved_by,
        )
        change = Transition(
            dossier,
            Action.REQUEST_SUPPLEMENT,
            dossier.state,
            to_state,
            now,
            reason=why,
            paused_from=now,
            details=details,
            approved_by=approved_by,
        )
        return event, change

    return _act(workspace, actor, code, Action.REQUEST_SUPPLEMENT, build, check)


def _second_request_approval(
    workspace: Workspace,
    actor: Actor,
    approver: OfficerInfo | None,
    dossier: Dossier,
    reason: str,
) -> OfficerInfo:
    if not reason:
        raise SupervisorNeeded(
            field="second_request_reason", code=dossier.code, count=dossier.supplement_requests
        )
    try:
        return _approval(workspace, actor, approver)
    except NotPermitted:  # audited by require; said here in the supplement's own words
        raise SupervisorNeeded(
            field="approver", code=dossier.code, count=dossier.supplement_requests
        ) from None


def resume(workspace: Workspace, actor: Actor, code: str) -> ActResult:
    """The completed components came in at the desk: the clock runs again, and the due time
    moves by the open-office time the pause covered (reference §4; `shift_for_pause`), the
    original due time kept beside it."""
    calendar = workspace.calendar(actor.office.id)

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        since = dossier.paused_at.astimezone(UTC) if dossier.paused_at else None
        if since is None:  # a dossier that came from elsewhere without its pause
            _log.warning("dossier waiting for a supplement had no pause start; none counted")
            since = now
        since = min(since, now)  # a clock set back since the request counts no pause
        paused = calendar.working_time_between(since, now)
        new_due = shift_for_pause(dossier.due_at, since, now, calendar).astimezone(UTC)
        minutes = paused // timedelta(minutes=1)
        dossier.due_at = new_due
        dossier.paused_at = None
        dossier.handling_unit = ""  # the citizen brings the papers to the desk
        event = DossierSupplementReceived(
            **_event_base(dossier, to_state, now),
            paused_from=since,
            paused_until=now,
            paused_working_minutes=minutes,
            original_due_at=dossier.original_due_at.astimezone(UTC),
            due_at=new_due,
        )
        change = Transition(
            dossier,
            Action.RESUME,
            dossier.state,
            to_state,
            now,
            new_due_at=new_due,
            paused_from=since,
            paused_until=now,
            details={"paused_working_minutes": minutes},
        )
        return event, change

    return _act(workspace, actor, code, Action.RESUME, build)


# --- refusal, stop ---------------------------------------------------------------------------


def refuse(workspace: Workspace, actor: Actor, code: str, *, reason: str) -> ActResult:
    """Mẫu 03: the dossier is not handled, for the reason the form states."""
    why = _text(reason, "reason", N_("Hãy ghi lý do từ chối giải quyết hồ sơ."))

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        paused_from, paused_until = _end_pause(dossier, now)
        event = DossierRefused(**_event_base(dossier, to_state, now), reason=why)
        change = Transition(
            dossier,
            Action.REFUSE,
            dossier.state,
            to_state,
            now,
            reason=why,
            paused_from=paused_from,
            paused_until=paused_until,
        )
        return event, change

    return _act(workspace, actor, code, Action.REFUSE, build)


def stop(
    workspace: Workspace,
    actor: Actor,
    code: str,
    *,
    reason: str,
    stage: str,
    papers_returned: str,
    fees_settled: str,
) -> ActResult:
    """2025 Mẫu 05: processing stops at the applicant's request, with how far it got, the
    papers handed back and how the fees were settled."""
    why = _text(reason, "reason", N_("Hãy ghi lý do dừng giải quyết hồ sơ."))
    stage_text = _text(stage, "stage", N_("Hãy ghi hồ sơ đã được giải quyết đến bước nào."))
    papers = _text(papers_returned, "papers_returned", N_("Hãy ghi giấy tờ đã trả lại."))
    fees = _text(fees_settled, "fees_settled", N_("Hãy ghi phí, lệ phí đã xử lý thế nào."))

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        paused_from, paused_until = _end_pause(dossier, now)
        event = DossierStopped(
            **_event_base(dossier, to_state, now),
            reason=why,
            stage=stage_text,
            papers_returned=papers,
            fees_settled=fees,
        )
        details = {"stage": stage_text, "papers_returned": papers, "fees_settled": fees}
        change = Transition(
            dossier,
            Action.STOP,
            dossier.state,
            to_state,
            now,
            reason=why,
            paused_from=paused_from,
            paused_until=paused_until,
            details=details,
        )
        return event, change

    return _act(workspace, actor, code, Action.STOP, build)


# --- apology and extension -------------------------------------------------------------------


def apologise(
    workspace: Workspace,
    actor: Actor,
    code: str,
    *,
    new_due: date | datetime,
    reason: str,
    approver: OfficerInfo | None = None,
    approver_title: str = "",
) -> ActResult:
    """Mẫu 04: apology and a new date (2025: request to extend), approved by a supervisor.

    Made before the due time passes; the new date after now and after the current due time,
    on a working day (a date alone means its closing time). The original due time stays, each
    extension is counted, and from the second on it is flagged exceptional (reference §2).
    """
    require(workspace, actor, Act.LIFECYCLE)
    why = _text(reason, "reason", N_("Hãy ghi lý do xin lỗi và hẹn lại ngày trả kết quả."))
    title = _text(approver_title, "approver_title")
    calendar = workspace.calendar(actor.office.id)
    if isinstance(new_due, datetime):
        wanted = _aware(new_due).astimezone(UTC)
    else:
        closing = datetime.combine(new_due, calendar.hours.afternoon_end, tzinfo=OFFICE_TZ)
        wanted = closing.astimezone(UTC)
    before = _peek(workspace, actor, code)
    transition(before.state, Action.APOLOGISE)
    _check_extension(workspace, before, wanted)
    if not calendar.is_working_day(wanted.astimezone(OFFICE_TZ).date()):
        raise ValidationError(
            N_("Ngày hẹn mới {day} là ngày nghỉ; hãy chọn một ngày làm việc."),
            field="new_due",
            day=office_time_text(wanted)[1],
        )
    approved = _approval(workspace, actor, approver)
    approved_by = _signing_name(approved)
    title = title or ROLE_NAMES[approved.role]

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        _check_extension(workspace, dossier, wanted)  # again, inside the transaction
        previous = dossier.due_at.astimezone(UTC)
        dossier.extensions += 1
        dossier.due_at = wanted
        number = dossier.extensions
        event = DossierExtended(
            **_event_base(dossier, to_state, now),
            reason=why,
            previous_due_at=previous,
            new_due_at=wanted,
            extension_number=number,
            exceptional=number >= 2,
            approved_by=approved_by,
            approver_title=title,
        )
        details = {
            "approver_title": title,
            "extension_number": number,
            "exceptional": number >= 2,
            "previous_due_at": previous.isoformat(),
        }
        change = Transition(
            dossier,
            Action.APOLOGISE,
            dossier.state,
            to_state,
            now,
            reason=why,
            new_due_at=wanted,
            details=details,
            approved_by=approved_by,
        )
        return event, change

    return _act(workspace, actor, code, Action.APOLOGISE, build)


def _check_extension(workspace: Workspace, dossier: Dossier, wanted: datetime) -> None:
    now = workspace.now()
    due = dossier.due_at.astimezone(UTC)
    if now >= due:
        hour, day = office_time_text(due)
        raise ExtensionTooLate(field="new_due", code=dossier.code, hour=hour, day=day)
    if wanted <= now:
        raise ValidationError(
            N_("Ngày hẹn trả mới phải sau thời điểm hiện tại."),
            field="new_due",
        )
    if wanted <= due:
        hour, day = office_time_text(due)
        raise ValidationError(
            N_("Ngày hẹn trả mới phải sau hạn hiện tại ({hour} ngày {day})."),
            field="new_due",
            hour=hour,
            day=day,
        )


# --- result ----------------------------------------------------------------------------------


def record_result(
    workspace: Workspace,
    actor: Actor,
    code: str,
    *,
    number: str,
    signer: str,
    issuer: str,
    summary: str = "",
) -> ActResult:
    """The result is back at the desk (control slip's last row, register "result back")."""
    result_number = _text(number, "number", N_("Hãy ghi số, ký hiệu của kết quả."))
    signer_text = _text(signer, "signer", N_("Hãy ghi người ký kết quả."))
    issuer_text = _text(issuer, "issuer", N_("Hãy ghi cơ quan ban hành kết quả."))
    summary_text = _text(summary, "summary")

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        dossier.handling_unit = ""
        event = DossierResultRecorded(
            **_event_base(dossier, to_state, now),
            result_number=result_number,
            signer=signer_text,
            issuer=issuer_text,
            summary=summary_text,
        )
        details = {"result_number": result_number, "signer": signer_text, "issuer": issuer_text}
        change = Transition(
            dossier,
            Action.RECORD_RESULT,
            dossier.state,
            to_state,
            now,
            result_summary=summary_text,
            details=details,
        )
        return event, change

    return _act(workspace, actor, code, Action.RECORD_RESULT, build)


@dataclass(frozen=True)
class Handover:
    """Who collected the result and what changed hands (register "returned", signature)."""

    collector: str = "applicant"  # "applicant" | "proxy"
    collector_name: str = ""  # the applicant's own when empty
    collector_id_number: str = ""
    originals_returned: str = ""
    fee_amount_vnd: int | None = None
    fee_method: str = ""  # "cash" | "transfer" | "card" | ""
    fee_receipt_number: str = ""
    postal_waybill: str = ""  # non-empty: sent by post


def _checked_handover(handover: Handover) -> tuple[Collector, FeeMethod, Handover]:
    collector = next((c for c in COLLECTORS if c == handover.collector), None)
    if collector is None:
        raise ValidationError(
            N_(
                "Người nhận kết quả phải là người nộp hồ sơ (applicant) hoặc người được ủy quyền "
                "(proxy)."
            ),
            field="collector",
        )
    method = next((m for m in FEE_METHODS if m == handover.fee_method), None)
    if method is None:
        raise ValidationError(
            N_(
                "Hình thức thu phí phải là cash (tiền mặt), transfer (chuyển khoản) hoặc card "
                "(thẻ)."
            ),
            field="fee_method",
        )
    if handover.fee_amount_vnd is not None and handover.fee_amount_vnd < 0:
        raise ValidationError(N_("Số tiền phí, lệ phí không được âm."), field="fee_amount")
    if handover.fee_amount_vnd and not method:
        raise ValidationError(
            N_("Đã ghi số tiền phí, lệ phí thì hãy ghi cả hình thức thu."), field="fee_method"
        )
    name = _text(handover.collector_name, "collector_name")
    id_number = _text(handover.collector_id_number, "collector_id_number")
    waybill = _text(handover.postal_waybill, "postal_waybill")
    if collector == "proxy" and not waybill and not (name and id_number):
        raise ValidationError(
            N_("Người được ủy quyền nhận kết quả: hãy ghi họ tên và số giấy tờ tùy thân."),
            field="collector_name",
        )
    return (
        collector,
        method,
        replace(
            handover,
            collector_name=name,
            collector_id_number=id_number,
            originals_returned=_text(handover.originals_returned, "originals_returned"),
            fee_receipt_number=_text(handover.fee_receipt_number, "fee_receipt_number"),
            postal_waybill=waybill,
        ),
    )


def return_result(
    workspace: Workspace, actor: Actor, code: str, handover: Handover | None = None
) -> ActResult:
    """The result is handed to the applicant or a proxy, or sent by post with a waybill."""
    collector, method, given = _checked_handover(handover or Handover())

    def check(dossier: Dossier) -> None:
        if dossier.state is DossierState.RETURNED:
            raise AlreadyReturned(dossier.code, dossier.returned_at or dossier.updated_at)

    def build(
        session: Session, dossier: Dossier, to_state: DossierState, now: datetime
    ) -> tuple[DossierActEvent, Transition]:
        name, id_number = given.collector_name, given.collector_id_number
        if collector == "applicant":
            name = name or dossier.applicant_name
            id_number = id_number or dossier.applicant_id_number
        details: dict[str, Any] = {
            "collector": collector,
            "collector_name": name,
            "collector_id_number": id_number,
            "originals_returned": given.originals_returned,
            "fee_amount_vnd": given.fee_amount_vnd,
            "fee_method": method,
            "fee_receipt_number": given.fee_receipt_number,
            "postal_waybill": given.postal_waybill,
        }
        event = DossierReturned(
            **_event_base(dossier, to_state, now),
            collector=collector,
            originals_returned=given.originals_returned,
            fee_amount_vnd=given.fee_amount_vnd,
            fee_method=method,
            fee_receipt_number=given.fee_receipt_number,
            postal_waybill=given.postal_waybill,
        )
        change = Transition(dossier, Action.RETURN, dossier.state, to_state, now, details=details)
        return event, change

    return _act(workspace, actor, code, Action.RETURN, build, check)
