"""Taking in a dossier at the counter: one transaction from validation to the outbox event.

Everything the receipt promises is stored before the receipt can be printed: the dossier, the
components received, its first transition, the audit entry and the sync event commit together
or not at all (sync-and-reliability.md, "Writing on the workstation").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.citizen_id import CitizenIdCard, validate_id_number
from desk_app.core.codes import format_code, next_serial, parse_code
from desk_app.core.deadlines import (
    Deadline,
    Duration,
    DurationUnit,
    compute_deadline,
    describe_duration,
)
from desk_app.core.errors import N_, ValidationError
from desk_app.core.lifecycle import INITIAL_ACTION, transition
from desk_app.core.rules import rule_set_for
from desk_app.core.text import clean, fold
from desk_app.services.auth import OfficerInfo
from desk_app.services.catalogue import format_fee, get_procedure
from desk_app.services.desk import Desk
from desk_app.services.dossiers import DossierRecord, to_record
from desk_app.services.errors import storage_errors
from desk_app.store.audit import append_audit
from desk_app.store.models import (
    Dossier,
    DossierComponent,
    DossierTransition,
    Procedure,
    RegisterCounter,
    SerialCounter,
)
from desk_app.store.outbox import append_event

CHANNELS = ("counter", "online", "postal")
RETURN_METHODS = ("counter", "post")
# A workstation clock may lag the officer's watch a little; further ahead is a typing error.
FUTURE_TOLERANCE = timedelta(minutes=5)
_PHONE = re.compile(r"^\+?[0-9 .]{8,15}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class IncompleteDossier(ValidationError):
    """A required component is missing: no code and no receipt (a supplement request instead)."""

    msgid = N_("Hồ sơ chưa đủ thành phần, chưa thể tiếp nhận. Còn thiếu: {missing_list}")

    def __init__(self, missing: tuple[str, ...]) -> None:
        self.missing = missing
        super().__init__(self.msgid, field="components", missing_list="; ".join(missing))


@dataclass(frozen=True)
class IntakeRequest:
    procedure_code: str
    applicant_name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    representative: str = ""
    channel: str = "counter"
    components: tuple[int, ...] | None = None  # positions received; None means all of them
    received_at: datetime | None = None  # None means now
    sets_count: int = 1
    return_method: str = "counter"
    portal_code: str = ""  # an online dossier's code from the public-service portal

    def with_card(self, card: CitizenIdCard) -> IntakeRequest:
        """Fill the applicant from an ID-card QR, as the scanner does in the GUI."""
        return replace(
            self,
            applicant_name=card.full_name,
            id_number=card.id_number,
            address=self.address or card.address,
        )


@dataclass(frozen=True)
class DuePreview:
    deadline: Deadline
    duration: Duration
    duration_text: str
    fee_text: str

    @property
    def due_at(self) -> datetime:
        return self.deadline.due_at


def _received_at(desk: Desk, requested: datetime | None) -> datetime:
    now = desk.now()
    if requested is None:
        return now
    if requested.tzinfo is None:
        requested = requested.replace(tzinfo=OFFICE_TZ)  # a typed time is office time
    if requested > now + FUTURE_TOLERANCE:
        raise ValidationError(
            N_("Thời điểm nhận hồ sơ {when} ở tương lai; hãy kiểm tra lại ngày giờ."),
            field="received_at",
            when=requested.astimezone(OFFICE_TZ).strftime("%H:%M %d/%m/%Y"),
        )
    return requested


def _deadline(desk: Desk, procedure: Procedure, received_at: datetime) -> Deadline:
    duration = Duration(procedure.duration_value, DurationUnit(procedure.duration_unit))
    return compute_deadline(received_at, duration, desk.calendar)


def preview_due(desk: Desk, procedure_code: str, received_at: datetime | None = None) -> DuePreview:
    """The due date and fee the receipt would show, for the live display while typing."""
    when = _received_at(desk, received_at)
    with desk.db.read() as session:
        procedure = get_procedure(session, procedure_code)
        deadline = _deadline(desk, procedure, when)
        duration = Duration(procedure.duration_value, DurationUnit(procedure.duration_unit))
        return DuePreview(
            deadline,
            duration,
            describe_duration(duration),
            format_fee(procedure.fee_vnd, procedure.fee_note),
        )


@dataclass(frozen=True)
class _Applicant:
    name: str
    id_number: str
    phone: str
    email: str
    address: str
    representative: str


def _validated_applicant(request: IntakeRequest) -> _Applicant:
    name = clean(request.applicant_name)
    if not name:
        raise ValidationError(N_("Chưa nhập họ tên người nộp hồ sơ."), field="applicant_name")
    id_number = clean(request.id_number)
    if id_number:
        id_number = validate_id_number(id_number)
    phone = clean(request.phone)
    if phone and not _PHONE.match(phone):
        raise ValidationError(N_("Số điện thoại {phone} không hợp lệ."), field="phone", phone=phone)
    email = clean(request.email)
    if email and not _EMAIL.match(email):
        raise ValidationError(N_("Địa chỉ email {email} không hợp lệ."), field="email", email=email)
    if request.channel not in CHANNELS:
        raise ValidationError(
            N_("Kênh nộp {channel} không hợp lệ (counter, online, postal)."),
            field="channel",
            channel=request.channel,
        )
    if request.return_method not in RETURN_METHODS:
        raise ValidationError(
            N_("Hình thức nhận kết quả {method} không hợp lệ (counter, post)."),
            field="return_method",
            method=request.return_method,
        )
    if not 1 <= request.sets_count <= 99:
        raise ValidationError(N_("Số lượng hồ sơ phải từ 1 đến 99 bộ."), field="sets_count")
    return _Applicant(
        name, id_number, phone, email, clean(request.address), clean(request.representative)
    )


def _received_positions(procedure: Procedure, requested: tuple[int, ...] | None) -> set[int]:
    known = {c.position for c in procedure.components}
    if requested is None:
        return known
    unknown = sorted(set(requested) - known)
    if unknown:
        raise ValidationError(
            N_("Thủ tục này không có thành phần số {numbers}."),
            field="components",
            numbers=", ".join(map(str, unknown)),
        )
    missing = tuple(
        c.name for c in procedure.components if c.required and c.position not in requested
    )
    if missing:
        raise IncompleteDossier(missing)
    return set(requested)


def _dossier_code(session: Session, desk: Desk, request: IntakeRequest, day: date) -> str:
    """Our own code for counter and postal dossiers; the portal's for online ones.

    Reference §3: a dossier that came in online keeps the code the portal gave it, and the
    software must never issue it a second one.
    """
    if request.channel != "online":
        if request.portal_code:
            raise ValidationError(
                N_("Chỉ hồ sơ nộp trực tuyến mới mang mã của Cổng dịch vụ công."),
                field="portal_code",
            )
        return format_code(desk.office.agency_id, day, _allocate_serial(session, desk, day))
    if not request.portal_code.strip():
        raise ValidationError(
            N_("Hồ sơ nộp trực tuyến giữ mã do Cổng dịch vụ công cấp; hãy nhập mã hồ sơ đó."),
            field="portal_code",
        )
    code = str(parse_code(request.portal_code))
    if session.scalar(select(Dossier.id).where(Dossier.code == code)) is not None:
        raise ValidationError(
            N_("Hồ sơ mã {code} đã được tiếp nhận trước đây; không tiếp nhận lần thứ hai."),
            field="portal_code",
            code=code,
        )
    return code


def _allocate_serial(session: Session, desk: Desk, day: date) -> int:
    counter = session.get(SerialCounter, (desk.workstation.id, day))
    serial = next_serial(desk.workstation.number, counter.last_serial if counter else None)
    if counter is None:
        session.add(SerialCounter(workstation_id=desk.workstation.id, day=day, last_serial=serial))
    else:
        counter.last_serial = serial
    return serial


def _allocate_register_line(session: Session, desk: Desk, year: int) -> tuple[str, int]:
    """Sổ theo dõi hồ sơ: one book per workstation per year ("01/2025"), so lines never clash."""
    book = f"{desk.workstation.number:02d}/{year}"
    counter = session.get(RegisterCounter, (desk.workstation.id, book))
    line = (counter.last_line if counter else 0) + 1
    if counter is None:
        session.add(RegisterCounter(workstation_id=desk.workstation.id, book=book, last_line=line))
    else:
        counter.last_line = line
    return book, line


def take_in(desk: Desk, officer: OfficerInfo, request: IntakeRequest) -> DossierRecord:
    """Validate, compute the due date, allocate the code and store everything in one transaction."""
    applicant = _validated_applicant(request)
    received_at = _received_at(desk, request.received_at)
    local_day = received_at.astimezone(OFFICE_TZ).date()
    now = desk.now()
    with storage_errors(), desk.db.write() as session:
        procedure = get_procedure(session, clean(request.procedure_code), on=local_day)
        received = _received_positions(procedure, request.components)
        deadline = _deadline(desk, procedure, received_at)
        code = _dossier_code(session, desk, request, local_day)
        book, line = _allocate_register_line(session, desk, local_day.year)
        state = transition(None, INITIAL_ACTION)
        dossier = Dossier(
            code=code,
            office_id=desk.office.id,
            workstation_id=desk.workstation.id,
            officer_id=officer.id,
            procedure_id=procedure.id,
            procedure_code=procedure.code,
            procedure_name=procedure.name,
            rule_set=rule_set_for(local_day, desk.settings.forms_2025_from).value,
            applicant_name=applicant.name,
            applicant_name_folded=fold(applicant.name),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_email=applicant.email,
            applicant_address=applicant.address,
            representative=applicant.representative,
            channel=request.channel,
            return_method=request.return_method,
            sets_count=request.sets_count,
            fee_vnd=procedure.fee_vnd,
            fee_note=procedure.fee_note,
            received_at=received_at,
            counting_from=deadline.counting_from,
            original_due_at=deadline.due_at,
            due_at=deadline.due_at,
            duration_value=procedure.duration_value,
            duration_unit=procedure.duration_unit,
            state=state.value,
            register_book=book,
            register_line=line,
            receipt_prints=0,
            created_at=now,
            components=[
                DossierComponent(
                    position=c.position,
                    name=c.name,
                    original_count=c.original_count,
                    copy_count=c.copy_count,
                    required=c.required,
                    received=c.position in received,
                )
                for c in procedure.components
            ],
        )
        session.add(dossier)
        session.flush()
        session.add(
            DossierTransition(
                dossier_id=dossier.id,
                action=INITIAL_ACTION.value,
                from_state=None,
                to_state=state.value,
                at=received_at,
                officer_id=officer.id,
            )
        )
        record = to_record(dossier)
        payload = record.to_json()
        append_audit(
            session,
            at=now,
            actor=officer.username,
            action="dossier.receive",
            entity="dossier",
            entity_id=code,
            payload=payload,
            workstation_id=desk.workstation.id,
        )
        append_event(
            session, kind="dossier.received", aggregate_id=dossier.id, payload=payload, at=now
        )
    return record
