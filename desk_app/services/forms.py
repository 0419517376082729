"""The forms of a stored dossier's acts, its control slip and the register, as printable bytes.

Each act's form is chosen by its action and printed in the dossier's rule set (reference §2):
supplement request Mẫu 02, refusal Mẫu 03, apology Mẫu 04, stop notice 2025 Mẫu 05, the control
slip for hand-overs and results, the receipt for the receipt itself. What the form prints comes
from the act's transition row, its columns and its ``details`` JSON (keys per action in the
lifecycle contract, services/lifecycle.py); nothing here changes the database.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import N_, DeskError, ValidationError
from desk_app.core.lifecycle import STATE_LABELS, Action, DossierState
from desk_app.core.roles import Act
from desk_app.core.rules import RuleSet
from desk_app.core.timeliness import timeliness
from desk_app.printing.form_texts import FormTexts
from desk_app.printing.lifecycle_texts import form_set
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace, read_office
from desk_app.services.dossiers import applicant_of, find_dossier
from desk_app.services.permissions import require
from desk_app.store.models import AuditEntry, Dossier, DossierTransition
from desk_app.sync.events import FormPrinted

RegisterFormat = Literal["pdf", "xlsx"]
REGISTER_MEDIA = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# A period longer than this is a typo (a year for a month), not a book anyone prints.
MAX_REGISTER_DAYS = 366


class NoSuchAct(DeskError):
    msgid = N_("Hồ sơ {code} không có bước thứ {seq}.")


class NoFormForAct(DeskError):
    """The act prints nothing in the dossier's form set (resume, return; a stop under 2018)."""

    msgid = N_("Bước thứ {seq} của hồ sơ {code} ({action}) không có biểu mẫu để in.")


class BadRegisterPeriod(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            N_(
                "Khoảng thời gian của sổ theo dõi không hợp lệ: ngày bắt đầu phải trước hoặc "
                "bằng ngày kết thúc, và không quá {days} ngày."
            ),
            field="period",
            days=MAX_REGISTER_DAYS,
        )


@dataclass(frozen=True)
class RenderedForm:
    code: str
    seq: int  # the act printed; 0 for the control slip as it stands
    action: Action | None
    document_name: str
    pdf: bytes


@dataclass(frozen=True)
class RenderedRegister:
    date_from: date
    date_to: date
    rows: int
    media_type: str
    content: bytes


def render_form_of(workspace: Workspace, actor: Actor, code: str, seq: int) -> RenderedForm:
    """The form of the dossier's act number ``seq`` (1 = the receipt), chosen by its action."""
    require(workspace, actor, Act.RECEIPT)
    from desk_app.printing import lifecycle_forms as forms

    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        acts = _acts(session, dossier)
        act = next((a for a in acts if a.seq == seq), None)
        if act is None:
            raise NoSuchAct(code=dossier.code, seq=seq)
        if act.action is Action.RECEIVE:
            code = dossier.code
        else:
            story = _Story(workspace, session, actor, dossier, acts)
    if act.action is Action.RECEIVE:
        from desk_app.services.receipts import render_receipt_of

        receipt = render_receipt_of(workspace, actor, code)
        return RenderedForm(
            code, seq, act.action, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", receipt.pdf
        )
    paper = workspace.settings.paper_size
    texts = form_set(story.facts.rule_set)
    details = _details(act)
    facts, at = story.facts, _local(act.at)
    pdf: bytes
    name: FormTexts
    if act.action is Action.REQUEST_SUPPLEMENT:
        items = tuple(
            forms.SupplementItem(
                name=str(item.get("name", "")),
                original=int(item.get("original", 0) or 0),
                certified_copy=int(item.get("certified_copy", 0) or 0),
                copy=int(item.get("copy", 0) or 0),
                note=str(item.get("note", "")),
            )
            for item in details.get("items", [])
            if isinstance(item, dict)
        )
        number = sum(1 for a in acts if a.action is act.action and a.seq <= act.seq)
        data = forms.SupplementRequestData(
            dossier=facts,
            issued_at=at,
            officer_name=act.officer_name,
            items=items,
            reason=act.reason,
            guide=str(details.get("guide", "")),
            website=story.website,
            request_number=number,
            repeat_reason=str(details.get("second_request_reason", "")),
            approved_by=act.approved_by,
        )
        pdf, name = (
            forms.render_supplement_request(data, paper=paper, texts=texts),
            texts.supplement,
        )
    elif act.action is Action.REFUSE:
        refusal = forms.RefusalData(facts, at, act.officer_name, act.reason)
        pdf, name = forms.render_refusal(refusal, paper=paper, texts=texts), texts.refusal
    elif act.action is Action.APOLOGISE:
        before = story.state_before(act.seq)
        previous = details.get("previous_due_at")
        apology = forms.ApologyData(
            dossier=facts,
            issued_at=at,
            reason=act.reason,
            original_due_at=_local(dossier.original_due_at),
            previous_due_at=_local(_iso(previous)) if previous else before.due_at,
            new_due_at=_local(act.new_due_at) if act.new_due_at else facts.due_at,
            delaying_unit=before.holder or story.desk,
            approved_by=act.approved_by,
            approver_title=str(details.get("approver_title", "")),
            extension_number=int(details.get("extension_number", 0) or before.extensions + 1),
            exceptional=bool(details.get("exceptional", before.extensions >= 1)),
        )
        pdf, name = forms.render_apology(apology, paper=paper, texts=texts), texts.apology
    elif act.action is Action.STOP and texts.stop is not None:
        stop = forms.StopNoticeData(
            dossier=facts,
            issued_at=at,
            officer_name=act.officer_name,
            reason=act.reason,
            stage=str(details.get("stage", "")),
            papers_returned=str(details.get("papers_returned", "")),
            fees_settled=str(details.get("fees_settled", "")),
        )
        pdf, name = forms.render_stop_notice(stop, paper=paper, texts=texts), texts.stop
    elif act.action in (Action.TRANSFER, Action.RECORD_RESULT):
        slip = story.control_slip(up_to=act.seq)
        pdf, name = forms.render_control_slip(slip, paper=paper, texts=texts), texts.control_slip
    else:
        from desk_app.core.lifecycle import ACTION_LABELS

        raise NoFormForAct(code=dossier.code, seq=seq, action=ACTION_LABELS[act.action])
    return RenderedForm(dossier.code, seq, act.action, name.document_name, pdf)


def render_control_slip_of(workspace: Workspace, actor: Actor, code: str) -> RenderedForm:
    """The control slip as it stands: every hand-over so far, one row each."""
    require(workspace, actor, Act.RECEIPT)
    from desk_app.printing import lifecycle_forms as forms

    with workspace.read() as session:
        dossier = find_dossier(session, actor, code)
        story = _Story(workspace, session, actor, dossier, _acts(session, dossier))
        slip = story.control_slip()
    texts = form_set(slip.dossier.rule_set)
    pdf = forms.render_control_slip(slip, paper=workspace.settings.paper_size, texts=texts)
    return RenderedForm(slip.dossier.code, 0, None, texts.control_slip.document_name, pdf)


def count_form_print(workspace: Workspace, actor: Actor, form: RenderedForm) -> int:
    """Record that ``form`` reached paper or disk (the dossier's history lists it); returns
    which print of that document this was. Called only once the document exists, as for
    receipts."""
    require(workspace, actor, Act.RECEIPT)
    with workspace.write() as session:
        dossier = find_dossier(session, actor, form.code)
        earlier = session.scalars(
            select(AuditEntry.payload).where(
                AuditEntry.entity == "dossier",
                AuditEntry.entity_id == dossier.code,
                AuditEntry.action == FormPrinted.KIND,
            )
        ).all()
        number: int = 1 + sum(json.loads(p).get("data", {}).get("seq") == form.seq for p in earlier)
        record_change(
            session,
            workspace,
            actor,
            FormPrinted(
                dossier_id=dossier.id,
                code=dossier.code,
                seq=form.seq,
                document_name=form.document_name,
                print_number=number,
            ),
            entity="dossier",
            entity_id=dossier.code,
            aggregate_id=dossier.id,
        )
        return number


def render_register(
    workspace: Workspace,
    actor: Actor,
    date_from: date,
    date_to: date,
    fmt: RegisterFormat = "pdf",
) -> RenderedRegister:
    """The register of the dossiers received from ``date_from`` to ``date_to`` (office days,
    both included), in the form set in force on ``date_to``."""
    require(workspace, actor, Act.REPORTS)
    if date_to < date_from or (date_to - date_from).days >= MAX_REGISTER_DAYS:
        raise BadRegisterPeriod()
    from desk_app.printing.register import (
        RegisterData,
        RegisterRow,
        render_register_pdf,
        render_register_xlsx,
    )

    start = datetime.combine(date_from, time(), OFFICE_TZ)
    end = datetime.combine(date_to + timedelta(days=1), time(), OFFICE_TZ)
    rules = workspace.rules(actor.office.id)
    rows: list[RegisterRow] = []
    with workspace.read() as session:
        office = read_office(session, actor.office.id).identity_on(date_to)
        dossiers = session.scalars(
            select(Dossier)
            .where(
                Dossier.office_id == actor.office.id,
                Dossier.received_at >= start,
                Dossier.received_at < end,
            )
            .order_by(Dossier.register_book, Dossier.register_line, Dossier.received_at)
        ).all()
        acts: dict[Any, list[DossierTransition]] = {}
        wanted = (Action.TRANSFER, Action.RECORD_RESULT, Action.RETURN)
        for act in session.scalars(
            select(DossierTransition)
            .join(Dossier, Dossier.id == DossierTransition.dossier_id)
            .where(
                Dossier.office_id == actor.office.id,
                Dossier.received_at >= start,
                Dossier.received_at < end,
                DossierTransition.action.in_(wanted),
            )
            .order_by(DossierTransition.seq)
        ):
            acts.setdefault(act.dossier_id, []).append(act)
        for dossier in dossiers:
            rows.append(
                _register_row(RegisterRow, dossier, acts.get(dossier.id, []), office.reception_unit)
            )
    data = RegisterData(
        rule_set=rules.rule_set_for(date_to),
        office=office,
        date_from=date_from,
        date_to=date_to,
        printed_on=workspace.now().astimezone(OFFICE_TZ).date(),
        system_name=rules.system_name,
        rows=tuple(rows),
    )
    content = render_register_pdf(data) if fmt == "pdf" else render_register_xlsx(data)
    return RenderedRegister(date_from, date_to, len(rows), REGISTER_MEDIA[fmt], content)


def _register_row(
    row_type: Any, dossier: Dossier, acts: Sequence[DossierTransition], desk: str
) -> Any:
    applicant = applicant_of(dossier)
    handling = next(
        (a.handling_unit for a in acts if a.action is Action.TRANSFER and a.handling_unit != desk),
        "",
    )
    result = next((a for a in acts if a.action is Action.RECORD_RESULT), None)
    returned = next((a for a in acts if a.action is Action.RETURN), None)
    back = _details(returned) if returned is not None else {}
    note = ""
    if dossier.state in (DossierState.REFUSED, DossierState.STOPPED):
        note = STATE_LABELS[dossier.state]
    return row_type(
        book=dossier.register_book,
        line=dossier.register_line,
        code=dossier.code,
        procedure_name=dossier.procedure_name,
        sets_count=dossier.sets_count,
        applicant_name=applicant.name,
        address_phone="; ".join(p for p in (applicant.address, applicant.phone) if p),
        handling_unit=handling,
        received_at=_local(dossier.received_at),
        due_at=_local(dossier.due_at),
        sent_at=_local(dossier.sent_at) if dossier.sent_at else None,
        result_at=_local(result.at) if result is not None else None,
        returned_at=_local(dossier.returned_at) if dossier.returned_at else None,
        original_due_at=_local(dossier.original_due_at),
        collected_by_proxy=str(back.get("collector_name", ""))
        if back.get("collector") == "proxy"
        else "",
        postal_waybill=str(back.get("postal_waybill", "")),
        note=note,
    )


@dataclass(frozen=True)
class _Moment:
    """The dossier just before an act: who holds it, its due date, extensions so far."""

    holder: str  # "" = the desk
    due_at: datetime
    step_due_at: datetime | None
    extensions: int


class _Story:
    """A dossier's acts replayed in order, to say who held it and what was due at each one."""

    def __init__(
        self,
        workspace: Workspace,
        session: Session,
        actor: Actor,
        dossier: Dossier,
        acts: Sequence[DossierTransition],
    ) -> None:
        from desk_app.printing.lifecycle_forms import DossierFacts

        received = _local(dossier.received_at)
        office = read_office(session, actor.office.id).identity_on(received.date())
        rules = workspace.rules(actor.office.id)
        self.desk = office.reception_unit
        self.dossier = dossier
        self.acts = acts
        self.facts = DossierFacts(
            rule_set=RuleSet(dossier.rule_set),
            code=dossier.code,
            office=office,
            applicant=applicant_of(dossier),
            procedure_code=dossier.procedure_code,
            procedure_name=dossier.procedure_name,
            received_at=received,
            due_at=_local(dossier.due_at),
            system_name=rules.system_name,
            lookup_url=rules.lookup_link(dossier.code, dossier.lookup_key),
        )
        parts = urlsplit(rules.lookup_url)
        self.website = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""

    def state_before(self, seq: int) -> _Moment:
        moment = _Moment("", _local(self.dossier.original_due_at), None, 0)
        for act in self.acts:
            if act.seq >= seq:
                break
            moment = self._after(moment, act)
        return moment

    def _after(self, moment: _Moment, act: DossierTransition) -> _Moment:
        due = _local(act.new_due_at) if act.new_due_at else moment.due_at
        holder, step_due, extensions = moment.holder, moment.step_due_at, moment.extensions
        if act.action is Action.TRANSFER:
            details = _details(act)
            back = bool(details.get("back_to_desk")) or act.handling_unit == self.desk
            holder = "" if back else act.handling_unit
            step = details.get("step_due_at")
            step_due = _local(_iso(step)) if step else None
        elif act.action is Action.RECORD_RESULT:
            holder, step_due = "", None
        elif act.action is Action.APOLOGISE:
            extensions += 1
        return _Moment(holder, due, step_due, extensions)

    def control_slip(self, up_to: int | None = None) -> Any:
        """Its rows: each transfer, and the result handed back to the desk."""
        from desk_app.printing.lifecycle_forms import ControlSlipData, HandOver, hand_over_units

        rows: list[HandOver] = []
        moment = _Moment("", _local(self.dossier.original_due_at), None, 0)
        for act in self.acts:
            if up_to is not None and act.seq > up_to:
                break
            at = _local(act.at)
            giving = moment.holder or self.desk
            # The step of the unit that gives is judged by its own deadline; the result's,
            # when the unit had none, by the dossier's.
            judged_by = moment.step_due_at
            if act.action is Action.RECORD_RESULT and moment.holder and judged_by is None:
                judged_by = moment.due_at
            after = self._after(moment, act)
            if act.action is Action.TRANSFER:
                details = _details(act)
                rows.append(
                    HandOver(
                        giving_unit=giving,
                        receiving_unit=after.holder or self.desk,
                        at=at,
                        giver=act.officer_name,
                        receiver=str(details.get("to_officer", "")),
                        result=timeliness(at, judged_by) if judged_by else None,
                        step_due_at=judged_by,
                        note=str(details.get("note", "")),
                    )
                )
            elif act.action is Action.RECORD_RESULT and moment.holder:
                rows.append(
                    HandOver(
                        giving_unit=giving,
                        receiving_unit=self.desk,
                        at=at,
                        receiver=act.officer_name,
                        result=timeliness(at, judged_by) if judged_by else None,
                        step_due_at=judged_by,
                        note=act.result_summary,
                    )
                )
            moment = after
        hand_overs = tuple(rows)
        handling, coordinating = hand_over_units(hand_overs, self.desk)
        return ControlSlipData(self.facts, handling, coordinating, hand_overs)


def _acts(session: Session, dossier: Dossier) -> list[DossierTransition]:
    return list(
        session.scalars(
            select(DossierTransition)
            .where(DossierTransition.dossier_id == dossier.id)
            .order_by(DossierTransition.seq)
        )
    )


def _details(act: DossierTransition) -> dict[str, Any]:
    """The act's ``details`` object; an unreadable one prints as if nothing was given."""
    try:
        value = json.loads(act.details or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _iso(text: object) -> datetime:
    moment = datetime.fromisoformat(str(text))
    return moment if moment.tzinfo else moment.replace(tzinfo=OFFICE_TZ)


def _local(moment: datetime) -> datetime:
    return moment.astimezone(OFFICE_TZ)
