"""The hash-chained audit log: append inside the caller's transaction, verify the whole chain.

``hash_n = SHA-256(canonical_json(entry_n) + hash_{n-1})`` (sync-and-reliability.md, "Audit
chain"). The canonical form is pinned by a test: if it drifted, every stored hash would become
unverifiable.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desk_app.core.errors import N_
from desk_app.store.models import AuditEntry

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept as is: one text per value, on every platform."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256((canonical_json(fields) + prev_hash).encode("utf-8")).hexdigest()


def _hashed_fields(entry: AuditEntry) -> dict[str, Any]:
    return {
        "seq": entry.seq,
        "workstation": str(entry.workstation_id) if entry.workstation_id else None,
        "at": _utc_text(entry.at),
        "actor": entry.actor,
        "action": entry.action,
        "entity": entry.entity,
        "entity_id": entry.entity_id,
        "payload": entry.payload,
    }


def append_audit(
    session: Session,
    *,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload: dict[str, Any],
    workstation_id: uuid.UUID | None,
) -> AuditEntry:
    """Add the next entry of ``workstation_id``'s chain to ``session`` (the caller's
    transaction commits it). Each workstation keeps a chain of its own, so a server holding
    many can check each for gaps."""
    last = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(_of_workstation(workstation_id))
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    seq, prev_hash = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    entry = AuditEntry(
        seq=seq,
        workstation_id=workstation_id,
        at=at,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        payload=canonical_json(payload),
        prev_hash=prev_hash,
        hash="",
    )
    entry.hash = entry_hash(_hashed_fields(entry), prev_hash)
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""  # a catalogue msgid; "{seq}" in it is ``missing_seq``
    missing_seq: int | None = None

    @property
    def ok(self) -> bool:
        return self.first_broken_seq is None


def _of_workstation(workstation_id: uuid.UUID | None) -> ColumnElement[bool]:
    if workstation_id is None:
        return AuditEntry.workstation_id.is_(None)
    return AuditEntry.workstation_id == workstation_id


def verify_chain(session: Session, workstation_id: uuid.UUID | None) -> ChainReport:
    """Recompute every hash of one workstation's chain in order; name the first entry whose
    hash or link is wrong."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    entries = session.scalars(
        select(AuditEntry).where(_of_workstation(workstation_id)).order_by(AuditEntry.seq)
    )
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainReport(
                checked, entry.seq, N_("thiếu mục số {seq} ngay trước mục này"), expected_seq
            )
        if entry.prev_hash != prev_hash:
            return ChainReport(checked, entry.seq, N_("liên kết tới mục trước bị sai"))
        if entry_hash(_hashed_fields(entry), prev_hash) != entry.hash:
            return ChainReport(checked, entry.seq, N_("nội dung không khớp với mã băm"))
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)
