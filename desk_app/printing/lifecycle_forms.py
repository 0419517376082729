"""The forms of a dossier's life after the receipt (reference §2, §11), in the receipt's frame.

- Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (`render_supplement_request`);
- Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ (`render_refusal`);
- Mẫu 04 Phiếu xin lỗi và hẹn lại ngày trả kết quả (2018) / Văn bản xin lỗi và đề nghị gia hạn
  thời gian giải quyết (2025) (`render_apology`);
- 2025 Mẫu 05 Thông báo dừng giải quyết hồ sơ (`render_stop_notice`);
- Phiếu kiểm soát quá trình giải quyết hồ sơ, 2018 Mẫu 05 / 2025 Mẫu 06 (`render_control_slip`).

Each carries, like Mẫu 01, the Circular 01/2023/TT-VPCP QR in the top-left corner and the
dossier code in words and as a Code 128 under the title. The wording comes from the rule set's
data file (`lifecycle_texts`); the services layer fills the data classes here, and this module
never touches the database. Datetimes are aware and in office time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Generic, TypeVar
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from desk_app.core.dossier import Applicant
from desk_app.core.office import OfficeIdentity
from desk_app.core.rules import RuleSet
from desk_app.core.timeliness import Timeliness
from desk_app.printing import fonts
from desk_app.printing.barcodes import QrFlowable, QrSymbol, code128
from desk_app.printing.document_qr import DocumentQr
from desk_app.printing.form_layout import Paper, styles_for, table_style
from desk_app.printing.form_texts import clock_and_date, two_digits
from desk_app.printing.lifecycle_texts import (
    ApologyTexts,
    ControlSlipTexts,
    DossierFormTexts,
    FormSet,
    RefusalTexts,
    StopTexts,
    SupplementTexts,
    form_set,
)
from desk_app.printing.official_form import (
    FormCopy,
    FormFrame,
    OfficialDocument,
    Signature,
    bold,
    fill,
    nfc,
)


class NoSuchForm(LookupError):
    """The rule set's wording file has no form for this act (the 2018 set has no stop notice)."""


@dataclass(frozen=True)
class DossierFacts:
    """What every form about one dossier prints in its frame, heading and QR."""

    rule_set: RuleSet
    code: str
    office: OfficeIdentity  # in force on the receipt date
    applicant: Applicant
    procedure_code: str
    procedure_name: str
    received_at: datetime
    due_at: datetime  # the current due date
    system_name: str
    lookup_url: str = ""


@dataclass(frozen=True)
class SupplementItem:
    """One component to bring or correct, with how many of each kind of paper."""

    name: str
    original: int = 0
    certified_copy: int = 0
    copy: int = 0
    note: str = ""


@dataclass(frozen=True)
class SupplementRequestData:
    dossier: DossierFacts
    issued_at: datetime
    officer_name: str  # "NGƯỜI HƯỚNG DẪN", also the officer to call
    items: tuple[SupplementItem, ...]
    reason: str
    guide: str = ""  # the officer's own guidance, printed after the form's sentence
    website: str = ""  # where the procedures' rules are published
    contact_phone: str = ""
    request_number: int = 1  # the law asks for one complete request: a later one says why
    repeat_reason: str = ""
    approved_by: str = ""


@dataclass(frozen=True)
class RefusalData:
    dossier: DossierFacts
    issued_at: datetime
    officer_name: str
    reason: str


@dataclass(frozen=True)
class ApologyData:
    dossier: DossierFacts
    issued_at: datetime
    reason: str
    original_due_at: datetime  # the deadline the law gave, before any extension
    previous_due_at: datetime  # the date this apology moves (the receipt's, or the last one)
    new_due_at: datetime
    delaying_unit: str  # the unit that caused the delay, whose head signs
    approved_by: str  # that head's full name
    approver_title: str = ""  # "Giám đốc Trung tâm"; empty: the form's generic title
    extension_number: int = 1
    exceptional: bool = False  # from the second extension on (reference §2, Mẫu 04)
    document_number: str = ""  # "Số: .../PXL", filled by hand when empty


@dataclass(frozen=True)
class StopNoticeData:
    dossier: DossierFacts
    issued_at: datetime
    officer_name: str
    reason: str
    stage: str  # how far processing got
    papers_returned: str
    fees_settled: str


@dataclass(frozen=True)
class HandOver:
    """One row of the control slip: the paper passed from one unit to the next."""

    giving_unit: str
    receiving_unit: str
    at: datetime
    giver: str = ""  # names printed small in the signature boxes; signatures are by hand
    receiver: str = ""
    result: Timeliness | None = None  # of the giving unit's step; None: no step deadline
    step_due_at: datetime | None = None  # the deadline the result is judged against
    note: str = ""


@dataclass(frozen=True)
class ControlSlipData:
    dossier: DossierFacts
    handling_units: tuple[str, ...]
    coordinating_units: tuple[str, ...]
    hand_overs: tuple[HandOver, ...]


def document_qr(
    facts: DossierFacts,
    document_name: str,
    issued_at: datetime,
    appointment_at: datetime | None = None,
) -> DocumentQr:
    """The QR facts of a form about ``facts``'s dossier (Circular 01/2023/TT-VPCP)."""
    return DocumentQr(
        dossier_code=facts.code,
        procedure_code=facts.procedure_code,
        id_number=facts.applicant.id_number,
        document_name=document_name,
        system_name=facts.system_name,
        issued_at=issued_at,
        appointment_at=appointment_at,
        lookup_url=facts.lookup_url,
    )


def texts_of(rule_set: RuleSet, texts: FormSet | None) -> FormSet:
    return texts if texts is not None else form_set(rule_set)


def render_supplement_request(
    data: SupplementRequestData, *, paper: Paper = "A4", texts: FormSet | None = None
) -> bytes:
    data = nfc(data)
    wording = texts_of(data.dossier.rule_set, texts).supplement
    return _Supplement(data, wording).render(paper)


def render_refusal(
    data: RefusalData, *, paper: Paper = "A4", texts: FormSet | None = None
) -> bytes:
    data = nfc(data)
    return _Refusal(data, texts_of(data.dossier.rule_set, texts).refusal).render(paper)


def render_apology(
    data: ApologyData, *, paper: Paper = "A4", texts: FormSet | None = None
) -> bytes:
    data = nfc(data)
    return _Apology(data, texts_of(data.dossier.rule_set, texts).apology).render(paper)


def render_stop_notice(
    data: StopNoticeData, *, paper: Paper = "A4", texts: FormSet | None = None
) -> bytes:
    """Raises `NoSuchForm` when the rule set's wording has no stop notice (2018)."""
    data = nfc(data)
    wording = texts_of(data.dossier.rule_set, texts).stop
    if wording is None:
        raise NoSuchForm("stop")
    return _Stop(data, wording).render(paper)


def render_control_slip(
    data: ControlSlipData, *, paper: Paper = "A4", texts: FormSet | None = None
) -> bytes:
    data = nfc(data)
    return _ControlSlip(data, texts_of(data.dossier.rule_set, texts).control_slip).render(paper)


TextsT = TypeVar("TextsT", bound=DossierFormTexts)


class _DossierForm(OfficialDocument[TextsT], Generic[TextsT]):
    """A form about one dossier: the office's frame, the QR in the corner, the code and its
    barcode under the title, as on the receipt."""

    def __init__(
        self,
        texts: TextsT,
        facts: DossierFacts,
        issued_at: datetime,
        appointment_at: datetime | None = None,
    ) -> None:
        office = facts.office
        frame = FormFrame(
            code=facts.code,
            agency_lines=(office.name.upper(), office.reception_unit.upper()),
            place=office.place,
            issued_on=issued_at.date(),
            system_name=facts.system_name,
            author=office.reception_unit,
        )
        super().__init__(texts, frame)
        self.facts = facts
        qr = document_qr(facts, texts.document_name, issued_at, appointment_at)
        self.qr = QrSymbol.encode(qr.payload())

    def corner(self, copy: FormCopy[TextsT]) -> Flowable:
        return QrFlowable(self.qr, size=copy.layout.qr_size, min_module=copy.layout.qr_min_module)

    def heading(self, copy: FormCopy[TextsT]) -> list[Flowable]:
        layout = copy.layout
        barcode = code128(self.facts.code, bar_width=layout.bar_width, bar_height=layout.bar_height)
        barcode.hAlign = "CENTER"
        return [
            Paragraph(
                fill(copy.texts.code_line, code=bold(self.facts.code)), copy.styles.body_center
            ),
            Spacer(1, layout.gap * 0.6),
            barcode,
            Spacer(1, layout.gap * 1.2),
        ]

    def contact(
        self, copy: FormCopy[TextsT], address_line: str, phone_line: str, email_line: str
    ) -> list[Flowable]:
        """ "Địa chỉ: ..." then "Số điện thoại: ... Email: ..." on one line, as on Mẫu 01."""
        applicant, value = self.facts.applicant, copy.value
        phone = fill(phone_line, phone=value(applicant.phone))
        email = fill(email_line, email=value(applicant.email))
        return [
            copy.line(address_line, address=value(applicant.address)),
            Paragraph(phone + "&nbsp;" * 6 + email, copy.styles.body),
        ]

    def closing(self, copy: FormCopy[TextsT], *parts: Flowable) -> Flowable:
        """The last lines kept with the signature, so a page never holds only the signature."""
        return KeepTogether([*parts])


class _Supplement(_DossierForm[SupplementTexts]):
    def __init__(self, data: SupplementRequestData, texts: SupplementTexts) -> None:
        super().__init__(texts, data.dossier, data.issued_at)
        self.data = data

    def body(self, copy: FormCopy[SupplementTexts]) -> list[Flowable]:
        data, texts, line, value = self.data, copy.texts, copy.line, copy.value
        facts = data.dossier
        story: list[Flowable] = [
            line(texts.unit_line, unit=escape(facts.office.reception_unit)),
            line(texts.applicant_line, name=bold(facts.applicant.name)),
            line(texts.request_line, procedure=bold(facts.procedure_name)),
            *self.contact(copy, texts.address_line, texts.phone_line, texts.email_line),
            line(texts.instruction),
            Spacer(1, copy.layout.gap * 0.4),
            self._items(copy),
            line(texts.reason_line, reason=bold(data.reason) if data.reason else value("")),
        ]
        if data.request_number > 1:
            story.append(
                line(
                    texts.repeat_line,
                    number=escape(two_digits(data.request_number)),
                    approver=escape(data.approved_by or texts.blank),
                    reason=escape(data.repeat_reason or texts.blank),
                )
            )
        closing: list[Flowable] = [
            line(
                texts.guide_line,
                website=value(data.website),
                officer=value(data.officer_name),
                phone=value(data.contact_phone),
            )
        ]
        if data.guide:
            closing.append(line(texts.more_guide_line, guide=escape(data.guide)))
        closing += [
            Spacer(1, copy.layout.gap * 1.5),
            copy.signatures(Signature(texts.signature, data.officer_name)),
        ]
        story.append(self.closing(copy, *closing))
        return story

    def _items(self, copy: FormCopy[SupplementTexts]) -> Flowable:
        """TT | component (its note under it) | original | certified copy | photocopy."""
        texts, styles, layout = copy.texts, copy.styles, copy.layout
        size = styles.cell.fontSize
        padding = layout.gap * 0.8
        header = [
            Paragraph(f"<b>{escape(title)}</b>", centred(copy.paper)) for title in texts.columns
        ]
        rows: list[list[str | Flowable]] = [list(header)]
        for number, item in enumerate(self.data.items, start=1):
            name = escape(item.name)
            if item.note:
                name += f"<br/><i>{escape(item.note)}</i>"
            rows.append(
                [
                    str(number),
                    Paragraph(name, styles.cell),
                    _count(item.original),
                    _count(item.certified_copy),
                    _count(item.copy),
                ]
            )
        count_width = stringWidth("Bản chứng", fonts.BOLD, size) + 2 * padding
        number_width = stringWidth("000", fonts.BOLD, size) + 2 * padding
        name_width = layout.frame_width - number_width - 3 * count_width
        table = Table(rows, colWidths=[number_width, name_width, *[count_width] * 3], repeatRows=1)
        table.setStyle(_grid(size, styles.cell.leading, padding))
        return table


class _Refusal(_DossierForm[RefusalTexts]):
    def __init__(self, data: RefusalData, texts: RefusalTexts) -> None:
        super().__init__(texts, data.dossier, data.issued_at)
        self.data = data

    def body(self, copy: FormCopy[RefusalTexts]) -> list[Flowable]:
        data, texts, line = self.data, copy.texts, copy.line
        facts = data.dossier
        unit = facts.office.reception_unit
        return [
            line(texts.unit_line, unit=escape(unit)),
            line(texts.applicant_line, name=bold(facts.applicant.name)),
            *self.contact(copy, texts.address_line, texts.phone_line, texts.email_line),
            line(texts.request_line, procedure=bold(facts.procedure_name)),
            line(texts.decision_line, unit=escape(unit), reason=bold(data.reason)),
            self.closing(
                copy,
                line(texts.closing),
                Spacer(1, copy.layout.gap * 1.5),
                copy.signatures(Signature(texts.signature, data.officer_name)),
            ),
        ]


class _Apology(_DossierForm[ApologyTexts]):
    """Signed by the head of the unit that caused the delay; the new date in the QR."""

    def __init__(self, data: ApologyData, texts: ApologyTexts) -> None:
        super().__init__(texts, data.dossier, data.issued_at, appointment_at=data.new_due_at)
        self.data = data

    def heading(self, copy: FormCopy[ApologyTexts]) -> list[Flowable]:
        data, texts = self.data, copy.texts
        story = super().heading(copy)
        if data.exceptional:
            mark = texts.exceptional_mark.format(number=two_digits(data.extension_number))
            story.insert(0, Paragraph(f"<b>{escape(mark)}</b>", copy.styles.body_center))
        number = data.document_number or texts.blank
        story.insert(
            0, Paragraph(fill(texts.number_line, number=escape(number)), copy.styles.body_center)
        )
        return story

    def body(self, copy: FormCopy[ApologyTexts]) -> list[Flowable]:
        data, texts, line = self.data, copy.texts, copy.line
        facts = data.dossier
        received = facts.received_at
        date_words = f"{received.day:02d}/{received.month:02d}/{received.year}"
        unit = escape(data.delaying_unit or facts.office.reception_unit)
        story: list[Flowable] = [
            line(texts.addressee_line, name=bold(facts.applicant.name)),
            line(
                texts.received_line,
                date=escape(date_words),
                unit=escape(facts.office.reception_unit),
                procedure=bold(facts.procedure_name),
                code=bold(facts.code),
            ),
        ]
        if data.original_due_at != data.previous_due_at:
            story.append(
                line(texts.original_due_line, when=escape(clock_and_date(data.original_due_at)))
            )
        story += [
            line(texts.promised_line, when=bold(clock_and_date(data.previous_due_at))),
            line(texts.not_ready_line, unit=unit),
            line(texts.reason_line, reason=bold(data.reason)),
            line(texts.apology_line, unit=unit, when=bold(clock_and_date(data.new_due_at))),
        ]
        if data.extension_number > 1:
            story.append(
                line(texts.extension_line, number=escape(two_digits(data.extension_number)))
            )
        title = data.approver_title.upper() if data.approver_title else texts.signature
        story.append(
            self.closing(
                copy,
                line(texts.sympathy_line),
                Spacer(1, copy.layout.gap * 1.5),
                copy.signatures(Signature(title, data.approved_by)),
            )
        )
        return story


class _Stop(_DossierForm[StopTexts]):
    def __init__(self, data: StopNoticeData, texts: StopTexts) -> None:
        super().__init__(texts, data.dossier, data.issued_at)
        self.data = data

    def body(self, copy: FormCopy[StopTexts]) -> list[Flowable]:
        data, texts, line, value = self.data, copy.texts, copy.line, copy.value
        facts = data.dossier
        at = data.issued_at
        return [
            line(texts.addressee_line, name=bold(facts.applicant.name)),
            line(texts.request_line, procedure=bold(facts.procedure_name)),
            line(texts.received_line, when=escape(clock_and_date(facts.received_at))),
            line(
                texts.decision_line,
                date=escape(f"{at.day:02d}/{at.month:02d}/{at.year}"),
                unit=escape(facts.office.reception_unit),
            ),
            line(texts.reason_line, reason=bold(data.reason) if data.reason else value("")),
            line(texts.stage_line, stage=value(data.stage)),
            line(texts.papers_line, papers=value(data.papers_returned)),
            line(texts.fees_line, fees=value(data.fees_settled)),
            self.closing(
                copy,
                line(texts.closing),
                Spacer(1, copy.layout.gap * 1.5),
                copy.signatures(Signature(texts.signature, data.officer_name)),
            ),
        ]


class _ControlSlip(_DossierForm[ControlSlipTexts]):
    """Dated the day of receipt: the slip travels with the dossier from its first hand-over."""

    def __init__(self, data: ControlSlipData, texts: ControlSlipTexts) -> None:
        super().__init__(texts, data.dossier, data.dossier.received_at)
        self.data = data

    def body(self, copy: FormCopy[ControlSlipTexts]) -> list[Flowable]:
        data, texts, line, value = self.data, copy.texts, copy.line, copy.value
        facts = data.dossier
        return [
            Paragraph(
                fill(texts.attached_line, name=bold(facts.applicant.name)), copy.styles.body_center
            ),
            line(texts.received_line, when=escape(clock_and_date(facts.received_at))),
            line(texts.due_line, when=bold(clock_and_date(facts.due_at))),
            line(texts.handling_line, units=value("; ".join(data.handling_units))),
            line(texts.coordinating_line, units=value("; ".join(data.coordinating_units))),
            Spacer(1, copy.layout.gap * 0.6),
            self._table(copy),
        ]

    def _table(self, copy: FormCopy[ControlSlipTexts]) -> Flowable:
        texts, styles, layout = copy.texts, copy.styles, copy.layout
        padding = layout.gap * 0.6
        width = layout.frame_width
        widths = [width * 0.30, width * 0.36, width * 0.17, width * 0.17]
        header = [
            Paragraph(f"<b>{escape(title)}</b>", centred(copy.paper)) for title in texts.columns
        ]
        rows: list[list[str | Flowable | list[Flowable]]] = [list(header)]
        for hand_over in self.data.hand_overs:
            units = [
                Paragraph(fill(texts.give_line, unit=escape(hand_over.giving_unit)), styles.cell),
                Paragraph(
                    fill(texts.take_line, unit=escape(hand_over.receiving_unit)), styles.cell
                ),
            ]
            result: list[Flowable] = []
            if hand_over.result is not None:
                result.append(
                    Paragraph(
                        f"<b>{escape(self._result(texts, hand_over.result))}</b>",
                        centred(copy.paper),
                    )
                )
            if hand_over.step_due_at is not None:
                due = self._time(texts, hand_over.step_due_at, texts.step_due_line)
                result.append(Paragraph(f"<i>{escape(due)}</i>", centred(copy.paper)))
            rows.append(
                [
                    units,
                    self._hand_over_cell(copy, hand_over, widths[1] - 2 * padding),
                    result,
                    Paragraph(escape(hand_over.note), styles.cell),
                ]
            )
        if not self.data.hand_overs:
            rows.append([Paragraph(escape(texts.no_hand_overs), styles.cell), "", "", ""])
        table = Table(rows, colWidths=widths, repeatRows=1)
        commands = _grid(styles.cell.fontSize, styles.cell.leading, padding)
        if not self.data.hand_overs:
            commands.add("SPAN", (0, 1), (-1, 1))
        table.setStyle(commands)
        return table

    def _hand_over_cell(
        self, copy: FormCopy[ControlSlipTexts], hand_over: HandOver, width: float
    ) -> list[Flowable]:
        """The time, then two boxes side by side to sign in, giver and receiver."""
        texts, layout = copy.texts, copy.layout
        boxes = Table(
            [
                [
                    Paragraph(f"<b>{escape(texts.giver)}</b>", centred(copy.paper)),
                    Paragraph(f"<b>{escape(texts.receiver)}</b>", centred(copy.paper)),
                ],
                [Spacer(1, layout.signature_space * 0.6), ""],
                [
                    Paragraph(escape(hand_over.giver), centred(copy.paper)),
                    Paragraph(escape(hand_over.receiver), centred(copy.paper)),
                ],
            ],
            colWidths=[width / 2] * 2,
        )
        boxes.setStyle(
            table_style(
                ("BOX", (0, 0), (0, -1), 0.5, "black"),
                ("BOX", (1, 0), (1, -1), 0.5, "black"),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            )
        )
        return [
            Paragraph(escape(self._time(texts, hand_over.at)), centred(copy.paper)),
            Spacer(1, layout.gap * 0.4),
            boxes,
        ]

    @staticmethod
    def _time(texts: ControlSlipTexts, moment: datetime, template: str = "") -> str:
        return (template or texts.time_format).format(
            hour=moment.hour,
            minute=moment.minute,
            day=moment.day,
            month=moment.month,
            year=moment.year,
        )

    @staticmethod
    def _result(texts: ControlSlipTexts, result: Timeliness) -> str:
        return {
            Timeliness.AHEAD: texts.result_ahead,
            Timeliness.ON_TIME: texts.result_on_time,
            Timeliness.LATE: texts.result_late,
        }[result]


@cache
def centred(paper: Paper) -> ParagraphStyle:
    """A table cell's style, centred (headings, times, results)."""
    return ParagraphStyle("cell_center", parent=styles_for(paper).cell, alignment=TA_CENTER)


def _grid(size: float, leading: float, padding: float) -> TableStyle:
    """A ruled table in the cell size, numbers centred and the second column left-aligned."""
    return table_style(
        ("FONTSIZE", (0, 0), (-1, -1), size),
        ("LEADING", (0, 0), (-1, -1), leading),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("ALIGN", (1, 1), (1, -1), "LEFT"),
        ("GRID", (0, 0), (-1, -1), 0.5, "black"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 0.6),
    )


def _count(number: int) -> str:
    return two_digits(number) if number > 0 else "-"


def hand_over_units(
    hand_overs: Sequence[HandOver], desk: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The handling unit (the first one handed to that is not the desk) and the coordinating
    ones after it, each named once, in order."""
    units: list[str] = []
    for hand_over in hand_overs:
        unit = hand_over.receiving_unit
        if unit and unit != desk and unit not in units:
            units.append(unit)
    return tuple(units[:1]), tuple(units[1:])
