"""Taking in a dossier at the counter: one transaction from validation to the outbox event.

Everything the receipt promises is stored before the receipt can be printed: the dossier, the
components received, its first transition, the audit entry and the sync event commit together
or not at all (sync-and-reliability.md, "Writing on the workstation").
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.citizen_id import CitizenIdCard
from desk_app.core.codes import (
    check_portal_code,
    format_code,
    new_lookup_key,
    next_serial,
    parse_code,
)
from desk_app.core.deadlines import Deadline, Duration, compute_deadline, describe_duration
from desk_app.core.dossier import (
    Applicant,
    Channel,
    Component,
    ReturnMethod,
    check_sets_count,
    parse_channel,
    parse_return_method,
)
from desk_app.core.errors import N_, ValidationError
from desk_app.core.fees import fee_text
from desk_app.core.lifecycle import INITIAL_ACTION, transition
from desk_app.core.officers import has_full_name
from desk_app.core.roles import Act
from desk_app.core.text import clean, fold
from desk_app.services.catalogue import fee_rule_of, get_procedure
from desk_app.services.changes import Transition, record_change
from desk_app.services.context import Actor, Workspace, WorkstationInfo, read_office
from desk_app.services.dossiers import DossierRecord, to_record
from desk_app.services.permissions import require
from desk_app.store.local import RegisterCounter, SerialCounter
from desk_app.store.models import Dossier, DossierComponent, Procedure
from desk_app.store.types import new_id
from desk_app.sync.events import DossierBackdated, DossierReceived, ProcedureRef

_log = logging.getLogger(__name__)

# A workstation clock may lag the officer's watch a little; further ahead is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)
# Issue 8: further back than this, a receipt time needs a supervisor's or admin's reason.
BACKDATE_LIMIT = timedelta(days=30)

CLOCK_WENT_BACK = N_(
    "Đồng hồ của máy trạm đang chậm hơn thời điểm tiếp nhận hồ sơ trước đó; hãy kiểm tra lại "
    "ngày giờ của máy tính để hạn trả kết quả được tính đúng."
)


class IncompleteDossier(ValidationError):
    """A required component is missing: no code and no receipt (a supplement request instead)."""

    msgid = N_("Hồ sơ chưa đủ thành phần, chưa thể tiếp nhận. Còn thiếu: {missing_list}")

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(self.msgid, field="components", missing_list="; ".join(missing))


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    applicant: Applicant
    channel: str = Channel.COUNTER
    # Positions received (shown papers: shown); None means the required ones: an optional
    # ("nếu có") paper counts only when the officer ticks it.
    components: tuple[int, ...] | None = None
    received_at: datetime | None = None  # None means now
    sets_count: int = 1
    return_method: str = ReturnMethod.COUNTER
    portal_code: str = ""  # an online dossier's code from the public-service portal
    # What a per-page or per-copy fee depends on, and a province-set fee's amount (0 = exempt).
    pages: int | None = None
    copies: int | None = None
    fee_vnd: int | None = None
    # Why a receipt time more than BACKDATE_LIMIT back is right (a supervisor's or admin's).
    backdate_reason: str = ""

    def with_card(self, card: CitizenIdCard) -> IntakeRequest:
        """Fill the applicant from an ID-card QR, as the scanner does in the GUI."""
        applicant = replace(
            self.applicant,
            name=card.full_name,
            id_number=card.id_number,
            address=self.applicant.address or card.address,
        )
        return replace(self, applicant=applicant)


@dataclass(frozen=True)
class DuePreview:
    deadline: Deadline
    duration: Duration
    duration_text: str
    fee_text: str
    fee_due: int | None  # the amount fee_text states; None while it is not known

    @property
    def due_at(self) -> datetime:
        return self.deadline.due_at


def _received_at(workspace: Workspace, requested: datetime | None) -> datetime:
    """When the dossier was received, in UTC (as stored and sent; shown in office time)."""
    now = workspace.now()
    if requested is None:
        return now.astimezone(UTC)
    if requested.tzinfo is None:
        requested = requested.replace(tzinfo=OFFICE_TZ)  # a typed time is office time
    if requested > now + FUTURE_TOLERANCE:
        raise ValidationError(
            N_("Thời điểm nhận hồ sơ {when} ở tương lai; hãy kiểm tra lại ngày giờ."),
            field="received_at",
            when=requested.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y"),
        )
    return requested.astimezone(UTC)


def _backdate_reason(
    workspace: Workspace, actor: Actor, request: IntakeRequest, received_at: datetime
) -> str:
    """The reason a receipt time more than 30 days back is recorded with ("" when not needed).

    Checked before the intake's transaction, as ``require`` must be (a refusal is audited).
    """
    reason = clean(request.backdate_reason)
    if received_at >= workspace.now() - BACKDATE_LIMIT:
        return ""
    if not reason:
        raise ValidationError(
            N_(
                "Thời điểm nhận hồ sơ {when} đã quá {days} ngày; chỉ lãnh đạo hoặc quản trị viên "
                "mới ghi được, kèm lý do nhập lùi."
            ),
            field="received_at",
            when=received_at.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y"),
            days=BACKDATE_LIMIT.days,
        )
    require(workspace, actor, Act.BACKDATE)
    return reason


def _notice_clock_went_back(session: Session, workspace: Workspace, station_id: uuid.UUID) -> None:
    """Issue 8: a clock set back since the last intake (a flat CMOS battery, a hand edit)
    gives wrong due dates; the intake still goes on, the officer is told once."""
    latest = session.scalar(
        select(Dossier.created_at)
        .where(Dossier.workstation_id == station_id)
        .order_by(Dossier.created_at.desc())
        .limit(1)
    )
    if latest is None:
        return
    if latest.tzinfo is None:
        latest = latest.replace(tzinfo=UTC)
    if latest > workspace.now():
        _log.warning(
            "the workstation clock is behind its latest intake by %s", latest - workspace.now()
        )
        if CLOCK_WENT_BACK not in workspace.notices:
            workspace.notices.append(CLOCK_WENT_BACK)


def _duration(procedure: Procedure) -> Duration:
    return Duration(procedure.duration_value, procedure.duration_unit)


def preview_due(
    workspace: Workspace,
    actor: Actor,
    procedure_code: str,
    received_at: datetime | None = None,
    *,
    pages: int | None = None,
    copies: int | None = None,
    fee_vnd: int | None = None,
) -> DuePreview:
    """The due date and fee the receipt would show, for the live display while typing."""
    when = _received_at(workspace, received_at)
    calendar = workspace.calendar(actor.office.id)
    method = workspace.rules(actor.office.id).counting_method
    with workspace.read() as session:
        procedure = get_procedure(session, procedure_code)
        duration = _duration(procedure)
        fee = _fee(procedure, pages, copies, fee_vnd)
        return DuePreview(
            compute_deadline(when, duration, calendar, method),
            duration,
            describe_duration(duration),
            fee.text,
            fee.due,
        )


@dataclass(frozen=True)
class _Fee:
    due: int | None
    text: str
    pages: int | None
    copies: int | None


def _fee(procedure: Procedure, pages: int | None, copies: int | None, entered: int | None) -> _Fee:
    """The fee due and its printed line; pages and copies are kept only where they count."""
    rule = fee_rule_of(procedure)
    pages = pages if rule.needs_pages else None
    copies = copies if rule.needs_copies else None
    due = rule.due(pages=pages, copies=copies, entered=entered)
    return _Fee(due, fee_text(due, rule=rule), pages, copies)


def _received_components(
    procedure: Procedure, requested: tuple[int, ...] | None
) -> tuple[Component, ...]:
    """The procedure's papers, each marked received or not; a missing required one refuses."""
    known = {c.position for c in procedure.components}
    required = {c.position for c in procedure.components if c.required}
    received = required if requested is None else set(requested)
    unknown = sorted(received - known)
    if unknown:
        raise ValidationError(
            N_("Thủ tục này không có thành phần số {numbers}."),
            field="components",
            numbers=", ".join(map(str, unknown)),
        )
    missing = tuple(
        c.name for c in procedure.components if c.required and c.position not in received
    )
    if missing:
        raise IncompleteDossier(missing)
    return tuple(
        Component(
            c.position,
            c.name,
            c.original_count,
            c.copy_count,
            c.required,
            c.position in received,
            c.kind,
        )
        for c in procedure.components
    )


def _dossier_code(
    session: Session,
    actor: Actor,
    request: IntakeRequest,
    channel: Channel,
    day: date,
    today: date,
) -> str:
    """Our own code for counter and postal dossiers; the portal's for online ones.

    Reference §3: a dossier that came in online keeps the code the portal gave it, and the
    software must never issue it a second one.
    """
    agency_id = read_office(session, actor.office.id).identity_on(day).agency_id
    if channel is not Channel.ONLINE:
        if request.portal_code:
            raise ValidationError(
                N_("Chỉ hồ sơ nộp trực tuyến mới mang mã của Cổng dịch vụ công."),
                field="portal_code",
            )
        return _allocate_code(session, actor, agency_id, day)
    if not request.portal_code.strip():
        raise ValidationError(
            N_("Hồ sơ nộp trực tuyến giữ mã do Cổng dịch vụ công cấp; hãy nhập mã hồ sơ đó."),
            field="portal_code",
        )
    parsed = parse_code(request.portal_code)
    check_portal_code(parsed, agency_id=agency_id, today=today, received_on=day)
    code = str(parsed)
    if _code_taken(session, code):
        raise ValidationError(
            N_("Hồ sơ mã {code} đã được tiếp nhận trước đây; không tiếp nhận lần thứ hai."),
            field="portal_code",
            code=code,
        )
    return code


def _station(actor: Actor) -> WorkstationInfo:
    """Codes and register lines are a workstation's own: the hub and server take in nothing.
    The receiving officer signs the receipt by full name, so an account without one cannot
    receive."""
    if actor.workstation is None or actor.officer is None:
        raise ValidationError(N_("Chỉ cán bộ tại một máy trạm mới tiếp nhận được hồ sơ."))
    if not has_full_name(actor.officer.full_name, actor.officer.username):
        raise ValidationError(
            N_(
                "Tài khoản {username} chưa có họ và tên đầy đủ để ký giấy tiếp nhận; "
                "hãy nhờ quản trị viên bổ sung trước khi tiếp nhận hồ sơ."
            ),
            field="officer",
            username=actor.officer.username,
        )
    return actor.workstation


def _code_taken(session: Session, code: str) -> bool:
    return session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None


def _allocate_code(session: Session, actor: Actor, agency_id: str, day: date) -> str:
    """The next free code of this workstation's block on ``day``.

    Issue 8: a serial some dossier already holds (an old backup restored, a code that came in
    from elsewhere) is skipped and logged, so one collision never leaves the counter stuck.
    """
    station = _station(actor)
    while True:
        serial = _allocate_serial(session, actor, day)
        code = format_code(agency_id, day, serial)
        if not _code_taken(session, code):
            return code
        _log.warning(
            "serial %04d of workstation %d on %s is already taken by a dossier; skipped",
            serial,
            station.number,
            day.isoformat(),
        )


def _allocate_serial(session: Session, actor: Actor, day: date) -> int:
    station = _station(actor)
    counter = session.get(SerialCounter, (station.id, day))
    serial = next_serial(station.number, counter.last_serial if counter else None)
    if counter is None:
        session.add(SerialCounter(workstation_id=station.id, day=day, last_serial=serial))
    else:
        counter.last_serial = serial
    return serial


def _allocate_register_line(session: Session, actor: Actor, year: int) -> tuple[str, int]:
    """Sổ theo dõi hồ sơ: one book per workstation per year ("01/2025"), so lines never clash."""
    station = _station(actor)
    book = f"{station.number:02d}/{year}"
    counter = session.get(RegisterCounter, (station.id, book))
    line = (counter.last_line if counter else 0) + 1
    if counter is None:
        session.add(RegisterCounter(workstation_id=station.id, book=book, last_line=line))
    else:
        counter.last_line = line
    return book, line


def take_in(workspace: Workspace, actor: Actor, request: IntakeRequest) -> DossierRecord:
    """Validate, compute the due date, allocate the code and store everything in one transaction."""
    require(workspace, actor, Act.INTAKE)
    station = _station(actor)
    officer = actor.officer
    assert officer is not None  # _station checked it
    applicant = request.applicant.validated(workspace.now().astimezone(OFFICE_TZ).date())
    channel = parse_channel(request.channel)
    return_method = parse_return_method(request.return_method)
    sets_count = check_sets_count(request.sets_count)
    received_at = _received_at(workspace, request.received_at)
    backdate_reason = _backdate_reason(workspace, actor, request, received_at)
    local_day = received_at.astimezone(OFFICE_TZ).date()
    rules = workspace.rules(actor.office.id)
    calendar = workspace.calendar(actor.office.id)
    now = workspace.now()
    with workspace.write() as session:
        _notice_clock_went_back(session, workspace, station.id)
        procedure = get_procedure(session, clean(request.procedure_code), on=local_day)
        components = _received_components(procedure, request.components)
        fee = _fee(procedure, request.pages, request.copies, request.fee_vnd)
        duration = _duration(procedure)
        deadline = compute_deadline(received_at, duration, calendar, rules.counting_method)
        today = now.astimezone(OFFICE_TZ).date()
        code = _dossier_code(session, actor, request, channel, local_day, today)
        book, line = _allocate_register_line(session, actor, local_day.year)
        state = transition(None, INITIAL_ACTION)
        rule_set = rules.rule_set_for(local_day)
        lookup_key = new_lookup_key()  # printed on the receipt: the public lookup's password
        dossier = Dossier(
            id=new_id(),
            code=code,
            lookup_key=lookup_key,
            office_id=actor.office.id,
            workstation_id=station.id,
            officer_id=officer.id,
            officer_name=officer.full_name,
            procedure_id=procedure.id,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            rule_set=rule_set,
            applicant_name=applicant.name,
            applicant_name_folded=fold(applicant.name),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            representative=applicant.representative,
            channel=channel,
            return_method=return_method,
            sets_count=sets_count,
            fee_vnd=fee.due,
            fee_text=fee.text,
            fee_pages=fee.pages,
            fee_copies=fee.copies,
            fee_note=procedure.fee_note,
            received_at=received_at,
            counting_from=deadline.counting_from,
            original_due_at=deadline.due_at,
            due_at=deadline.due_at,
            duration_value=duration.value,
            duration_unit=duration.unit,
            state=state,
            register_book=book,
            register_line=line,
            receipt_prints=0,
            created_at=now,
            updated_at=now,
            components=[
                DossierComponent(
                    position=c.position,
                    name=c.name,
                    original_count=c.original_count,
                    copy_count=c.copy_count,
                    required=c.required,
                    received=c.received,
                    kind=c.kind,
                )
                for c in components
            ],
        )
        session.add(dossier)
        event = DossierReceived(
            dossier_id=dossier.id,
            code=code,
            procedure=ProcedureRef(
                code=procedure.code,
                name=procedure.name,
                duration_value=duration.value,
                duration_unit=duration.unit,
            ),
            rule_set=rule_set,
            applicant=applicant,
            channel=channel,
            return_method=return_method,
            sets_count=sets_count,
            components=components,
            fee_vnd=fee.due,
            fee_text=fee.text,
            fee_pages=fee.pages,
            fee_copies=fee.copies,
            fee_note=procedure.fee_note,
            received_at=received_at,
            counting_from=deadline.counting_from.astimezone(UTC),
            due_at=deadline.due_at.astimezone(UTC),
            register_book=book,
            register_line=line,
            state=state,
            lookup_key=lookup_key,
        )
        record_change(
            session,
            workspace,
            actor,
            event,
            entity="dossier",
            entity_id=code,
            aggregate_id=dossier.id,
            transition=Transition(dossier, INITIAL_ACTION, None, state, received_at),
        )
        if backdate_reason:
            record_change(
                session,
                workspace,
                actor,
                DossierBackdated(
                    dossier_id=dossier.id,
                    code=code,
                    received_at=received_at,
                    reason=backdate_reason,
                ),
                entity="dossier",
                entity_id=code,
                aggregate_id=dossier.id,
            )
        session.flush()
        return to_record(dossier)
