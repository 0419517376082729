"""Checking this workstation's record: its chain, anchor, triggers and the rows it vouches for.

The chain proves the log was not rewritten; the record check proves the tables were not either:
each audited event says what a dossier row must hold, and every row that differs, has no event
or is gone is named by its code (never by the citizen's name or number).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk_app.core.errors import N_, DeskError
from desk_app.services.audit_key import KEY_MISSING, seal_ok
from desk_app.services.context import Workspace
from desk_app.services.officer_seal import officer_sealed
from desk_app.services.workstation import station_of
from desk_app.store.audit import (
    ChainReport,
    StoredEntry,
    chain_head,
    hash_at,
    missing_triggers,
    stored_entries,
    verify_chain,
)
from desk_app.store.local import LocalIdentity
from desk_app.store.models import Dossier, Officer
from desk_app.sync.events import BackupRestored

HEAD_PATTERN = re.compile(r"(\d+):([0-9a-f]{64})")


class BadHead(DeskError):
    msgid = N_("Mốc nhật ký phải có dạng SỐ:MÃ_BĂM (ví dụ 42:9f…, 64 chữ số hex).")


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @classmethod
    def parse(cls, text: str) -> Head:
        match = HEAD_PATTERN.fullmatch(text.strip().lower())
        if match is None:
            raise BadHead()
        return cls(int(match[1]), match[2])


@dataclass(frozen=True)
class Finding:
    """One problem, as a catalogue msgid with its values (codes, field names, numbers only)."""

    msgid: str
    values: dict[str, str | int] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditReport:
    chain: ChainReport
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.findings

    @property
    def checked(self) -> int:
        return self.chain.checked

    @property
    def first_broken_seq(self) -> int | None:
        return self.chain.first_broken_seq


# --- what the events say ------------------------------------------------------------------------


@dataclass
class ExpectedDossier:
    """A dossier as its audited events describe it: the fields they fix, and prints counted."""

    fields: dict[str, Any]
    prints: int = 0


Expectations = dict[str, ExpectedDossier]
# One per audited action: folds its entry into the expectations, raising KeyError, TypeError or
# ValueError on a payload it cannot read. Transitions and tickets add theirs here.
Fold = Callable[[StoredEntry, dict[str, Any], Expectations], None]
FOLDS: dict[str, Fold] = {}


def folds(*actions: str) -> Callable[[Fold], Fold]:
    def register(fold: Fold) -> Fold:
        for action in actions:
            FOLDS[action] = fold
        return fold

    return register


def _moment(text: Any) -> datetime:
    if not isinstance(text, str):
        raise TypeError(text)
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


def _components(items: Any) -> list[tuple[Any, ...]]:
    keys = ("position", "name", "original_count", "copy_count", "required", "received")
    return [
        tuple(item[k] for k in keys) + ((item["kind"],) if "kind" in item else ()) for item in items
    ]


@folds("dossier.received")
def _received(entry: StoredEntry, payload: dict[str, Any], expected: Expectations) -> None:
    data = payload["data"]
    applicant, procedure = data["applicant"], data["procedure"]
    fields: dict[str, Any] = {
        "procedure_code": procedure["code"],
        "procedure_name": procedure["name"],
        "duration_value": procedure["duration_value"],
        "duration_unit": procedure["duration_unit"],
        "applicant_name": applicant["name"],
        "applicant_id_number": applicant["id_number"],
        "applicant_phone": applicant["phone"],
        "applicant_email": applicant["email"],
        "applicant_address": applicant["address"],
        "representative": applicant["representative"],
        "original_due_at": _moment(data["due_at"]),
        "components": _components(data["components"]),
    }
    for key in ("received_at", "counting_from", "due_at"):
        fields[key] = _moment(data[key])
    for key in _PLAIN_FIELDS:
        if key in data:
            fields[key] = data[key]
    expected[data["code"]] = ExpectedDossier(fields)


_PLAIN_FIELDS = (
    "rule_set",
    "channel",
    "return_method",
    "sets_count",
    "fee_vnd",
    "fee_text",
    "fee_pages",
    "fee_copies",
    "fee_note",
    "register_book",
    "register_line",
    "state",
)


@folds("dossier.receive")
def _received_first_release(
    entry: StoredEntry, payload: dict[str, Any], expected: Expectations
) -> None:
    """Release 0.1.0's flat display record (audit entries are never rewritten)."""
    renamed = {
        "applicant_name": "applicant_name",
        "id_number": "applicant_id_number",
        "phone": "applicant_phone",
        "email": "applicant_email",
        "address": "applicant_address",
        "representative": "representative",
        "procedure_code": "procedure_code",
        "procedure_name": "procedure_name",
        "duration_value": "duration_value",
        "duration_unit": "duration_unit",
    }
    fields: dict[str, Any] = {new: payload[old] for old, new in renamed.items() if old in payload}
    for key in ("received_at", "counting_from", "due_at", "original_due_at"):
        fields[key] = _moment(payload[key])
    for key in _PLAIN_FIELDS:
        if key in payload:
            fields[key] = payload[key]
    fields["components"] = _components(payload["components"])
    expected[payload["code"]] = ExpectedDossier(fields)


@folds("receipt.printed", "receipt.print", "receipt.reprint")
def _printed(entry: StoredEntry, payload: dict[str, Any], expected: Expectations) -> None:
    code = payload["data"]["code"] if "data" in payload else entry.entity_id
    target = expected.get(code)
    if target is None:
        raise KeyError(code)  # a print of a dossier the record never received
    target.prints += 1


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return value


def _differences(row: Dossier, wanted: ExpectedDossier) -> list[str]:
    actual: dict[str, Any] = {
        "components": [
            (c.position, c.name, c.original_count, c.copy_count, c.required, c.received, c.kind)
            for c in row.components
        ]
    }
    differ = []
    for key, value in wanted.fields.items():
        if key == "components":
            have = [c[: len(w)] for c, w in zip(actual["components"], value, strict=False)]
            same = len(actual["components"]) == len(value) and [
                tuple(_plain(v) for v in c) for c in have
            ] == [tuple(w) for w in value]
        else:
            same = _plain(getattr(row, key)) == value
        if not same:
            differ.append(key)
    if row.receipt_prints != wanted.prints:
        differ.append("receipt_prints")
    return differ


def check_records(session: Session, workstation_id: uuid.UUID) -> list[Finding]:
    """Every dossier row against what this workstation's verified chain says it holds.

    Only the chain that was just verified is replayed: an entry filed under another
    workstation's chain is unverified by this file's key, so it vouches for nothing and is
    reported instead.
    """
    findings: list[Finding] = []
    expected: Expectations = {}
    foreign = 0
    for entry in stored_entries(session):
        if entry.workstation_id != workstation_id:
            foreign += 1
            continue
        if entry.payload is None:
            findings.append(Finding(UNREADABLE, {"seq": entry.seq, "action": entry.action}))
            continue
        fold = FOLDS.get(entry.action)
        if fold is None:
            continue
        try:
            fold(entry, entry.payload, expected)
        except (KeyError, TypeError, ValueError, IndexError):
            findings.append(Finding(UNREADABLE, {"seq": entry.seq, "action": entry.action}))
    if foreign:
        findings.append(Finding(FOREIGN_ENTRIES, {"count": foreign}))
    rows = session.scalars(select(Dossier).options(selectinload(Dossier.components)))
    seen = set()
    for row in rows:
        seen.add(row.code)
        wanted = expected.get(row.code)
        if wanted is None:
            findings.append(Finding(NO_EVENT, {"code": row.code}))
            continue
        differ = _differences(row, wanted)
        if differ:
            findings.append(Finding(DIFFERS, {"code": row.code, "fields": ", ".join(differ)}))
    findings.extend(Finding(GONE, {"code": code}) for code in expected if code not in seen)
    return findings


# --- tickets (issue 9) ---------------------------------------------------------------------------

TICKET_FIELDS = ("area", "state", "counter", "calls", "transfers", "dossier_code")


def _ticket_fold(action: str, data: dict[str, Any], expected: dict[str, dict[str, Any]]) -> None:
    """What one ticket event says its row holds from then on."""
    key = str(data["ticket_id"])
    if action == "ticket.issued":
        expected[key] = {
            "label": data["label"],
            "area": data["area_letter"],
            "state": "waiting",
            "counter": None,
            "calls": 0,
            "transfers": 0,
            "dossier_code": data.get("dossier_code"),
        }
        return
    ticket = expected[key]
    if action == "ticket.called":
        ticket.update(state="called", counter=data["counter"], calls=ticket["calls"] + 1)
    elif action == "ticket.service_started":
        ticket["state"] = "serving"
    elif action == "ticket.finished":
        ticket["state"] = data["outcome"]
        ticket["dossier_code"] = data.get("dossier_code") or ticket["dossier_code"]
    elif action == "ticket.transferred":
        ticket.update(
            state="waiting", area=data["to_area"], counter=None, transfers=ticket["transfers"] + 1
        )


def check_tickets(session: Session, workstation_id: uuid.UUID) -> list[Finding]:
    """Every ticket row against what this workstation's verified chain says it holds."""
    from desk_app.core.queue import ticket_label
    from desk_app.store.models import ServiceArea, Ticket

    findings: list[Finding] = []
    expected: dict[str, dict[str, Any]] = {}
    for entry in stored_entries(session, workstation_id):
        if not entry.action.startswith("ticket.") or entry.payload is None:
            continue  # an unreadable payload is named by check_records already
        try:
            _ticket_fold(entry.action, entry.payload["data"], expected)
        except (KeyError, TypeError, ValueError):
            findings.append(Finding(UNREADABLE, {"seq": entry.seq, "action": entry.action}))
    letters = dict(session.execute(select(ServiceArea.id, ServiceArea.letter)).all())
    seen = set()
    for row in session.scalars(select(Ticket).order_by(Ticket.day, Ticket.letter, Ticket.number)):
        key = str(row.id)
        seen.add(key)
        label = f"{row.day.isoformat()} {ticket_label(row.letter, row.number)}"
        wanted = expected.get(key)
        if wanted is None:
            findings.append(Finding(TICKET_NO_EVENT, {"ticket": label}))
            continue
        actual = {
            "area": letters.get(row.area_id),
            "state": row.state.value,
            "counter": row.counter,
            "calls": row.calls,
            "transfers": row.transfers,
            "dossier_code": row.dossier_code,
        }
        differ = [f for f in TICKET_FIELDS if actual[f] != wanted[f]]
        if wanted["label"] != ticket_label(row.letter, row.number):
            differ.insert(0, "number")
        if differ:
            findings.append(Finding(TICKET_DIFFERS, {"ticket": label, "fields": ", ".join(differ)}))
    findings.extend(
        Finding(TICKET_GONE, {"ticket": wanted["label"]})
        for key, wanted in expected.items()
        if key not in seen
    )
    return findings


TICKET_NO_EVENT = N_(
    "Số thứ tự {ticket} có trong cơ sở dữ liệu nhưng nhật ký không ghi việc cấp số."
)
TICKET_DIFFERS = N_("Số thứ tự {ticket} khác với nhật ký ở: {fields}.")
TICKET_GONE = N_("Số thứ tự {ticket} có trong nhật ký nhưng không còn trong cơ sở dữ liệu.")
UNREADABLE = N_("Mục số {seq} của nhật ký ({action}) không đọc được: nội dung bị hỏng.")
NO_EVENT = N_("Hồ sơ {code} có trong cơ sở dữ liệu nhưng nhật ký không ghi việc tiếp nhận nó.")
DIFFERS = N_("Hồ sơ {code} khác với nhật ký ở: {fields}.")
GONE = N_("Hồ sơ {code} có trong nhật ký nhưng không còn trong cơ sở dữ liệu.")
NO_TRIGGER = N_("Thiếu trigger chống sửa, xoá nhật ký: {name}.")
FOREIGN_ENTRIES = N_(
    "Nhật ký có {count} mục ghi dưới tên một máy trạm khác: các mục này không được khoá của "
    "máy này bảo đảm nên không được dùng để đối chiếu hồ sơ."
)
HEAD_GONE = N_("Mục số {seq} của mốc đã ghi không còn trong nhật ký: các mục cuối đã bị xoá.")
HEAD_DIFFERS = N_("Mục số {seq} có mã băm khác với mốc đã ghi: nhật ký đã bị viết lại.")
MAC_FROM_LOST = N_(
    "Cơ sở dữ liệu không còn ghi từ mục nào nhật ký phải được ký, dù máy có khoá nhật ký."
)
MAC_FROM_ALTERED = N_(
    "Điểm bắt đầu ký nhật ký (mục số {seq}) đã bị sửa bằng công cụ khác: mọi mục đều được "
    "kiểm tra như phải có chữ ký."
)
ACCOUNT_ALTERED = N_(
    "Tài khoản {username} đã bị sửa ngoài ứng dụng (vai trò, trạng thái, họ tên hoặc mật khẩu "
    "không khớp với dấu niêm phong)."
)
HEAD_BEFORE_RESTORE = N_(
    "Mốc đã ghi (mục số {seq}) thuộc nhật ký trước lần khôi phục bản sao lưu ở mục số "
    "{restored_at}: các mục sau bản sao lưu nằm trong tệp {set_aside}."
)


# --- the use cases ------------------------------------------------------------------------------


def audit_head(workspace: Workspace) -> Head | None:
    """This workstation's head, None before its first entry."""
    station = station_of(workspace)
    with workspace.read() as session:
        head = chain_head(session, station.workstation.id)
    return Head(*head) if head else None


def verify_audit(workspace: Workspace, head: Head | None = None) -> AuditReport:
    """The chain (hashes, links, MACs), the given older head, the triggers and the records."""
    station = station_of(workspace)
    workstation_id = station.workstation.id
    findings: list[Finding] = []
    with workspace.read() as session:
        mac_from = _mac_start(session, workspace.audit_key, findings)
        chain = verify_chain(
            session, workstation_id, key=workspace.audit_key, mac_from_seq=mac_from
        )
        if head is not None:
            findings.extend(_head_findings(session, workstation_id, head))
        findings.extend(Finding(NO_TRIGGER, {"name": name}) for name in missing_triggers(session))
        if workspace.audit_key is not None:
            findings.extend(_altered_accounts(session, workspace.audit_key, station.office.id))
        findings.extend(check_records(session, workstation_id))
        findings.extend(check_tickets(session, workstation_id))
    return AuditReport(chain, tuple(findings))


def _mac_start(session: Session, key: bytes | None, findings: list[Finding]) -> int | None:
    """From which entry the chain must carry MACs. Without its seal under the key (edited to
    pass entries stripped of their MACs) every entry must."""
    identity = session.get_one(LocalIdentity, 1)
    mac_from = identity.audit_mac_from_seq
    if key is None:  # every workstation has had one since 0004: its loss is a finding
        findings.append(Finding(KEY_MISSING))
        return mac_from
    if mac_from is None:
        findings.append(Finding(MAC_FROM_LOST))
        return 1
    if not seal_ok(key, identity):
        findings.append(Finding(MAC_FROM_ALTERED, {"seq": mac_from}))
        return 1
    return mac_from


def _head_findings(session: Session, workstation_id: uuid.UUID, head: Head) -> list[Finding]:
    stored = hash_at(session, workstation_id, head.seq)
    if stored == head.hash:
        return []
    for entry in reversed(stored_entries(session, workstation_id, BackupRestored.KIND)):
        payload = entry.payload or {}
        replaced = payload.get("data", {}).get("replaced_head_seq")
        if isinstance(replaced, int) and replaced >= head.seq:
            set_aside = str(payload["data"].get("set_aside", ""))
            values: dict[str, str | int] = {
                "seq": head.seq,
                "restored_at": entry.seq,
                "set_aside": set_aside,
            }
            return [Finding(HEAD_BEFORE_RESTORE, values)]
    return [Finding(HEAD_GONE if stored is None else HEAD_DIFFERS, {"seq": head.seq})]


def _altered_accounts(session: Session, key: bytes, office_id: uuid.UUID) -> list[Finding]:
    rows = session.scalars(
        select(Officer).where(Officer.office_id == office_id).order_by(Officer.username)
    )
    return [
        Finding(ACCOUNT_ALTERED, {"username": row.username})
        for row in rows
        if not officer_sealed(key, row)
    ]
