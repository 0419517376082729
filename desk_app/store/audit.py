"""The hash-chained audit log: append inside the caller's transaction, verify the whole chain.

``hash_n = SHA-256(canonical_json(entry_n) + hash_{n-1})`` (sync-and-reliability.md, "Audit
chain"). The canonical form is pinned by a test: if it drifted, every stored hash would become
unverifiable. Each entry also carries ``mac = HMAC-SHA256(key, hash)`` under the workstation's
secret key, so a chain recomputed with plain SHA-256 by someone without the key fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, select, text
from sqlalchemy.orm import InstrumentedAttribute, Session

from desk_app.core.errors import N_
from desk_app.store.base import insert_now
from desk_app.store.models import AuditEntry

GENESIS_HASH = "0" * 64


def canonical_json(value: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept as is: one text per value, on every platform."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(fields: dict[str, Any], prev_hash: str) -> str:
    return hashlib.sha256((canonical_json(fields) + prev_hash).encode("utf-8")).hexdigest()


def entry_mac(key: bytes, hash_: str) -> str:
    """The keyed MAC of an entry: only the holder of the workstation key can make one."""
    return hmac.new(key, hash_.encode("ascii"), hashlib.sha256).hexdigest()


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


@dataclass(frozen=True)
class ChainHead:
    """The last entry of a chain: its place and hash (0 and the genesis hash when empty)."""

    seq: int
    hash: str

    @classmethod
    def of(cls, seq: int | None, hash_: str | None) -> ChainHead:
        return cls(0, GENESIS_HASH) if seq is None or hash_ is None else cls(seq, hash_)


def chain_head_columns(
    chain: ColumnElement[bool],
) -> tuple[ScalarSelect[int], ScalarSelect[str]]:
    """The last place and hash of the chain ``chain`` selects (`of_workstation`) as scalar
    subqueries, so a caller can read them in the same statement as something else."""

    def last(column: InstrumentedAttribute[Any]) -> ScalarSelect[Any]:
        return (
            select(column).where(chain).order_by(AuditEntry.seq.desc()).limit(1).scalar_subquery()
        )

    return last(AuditEntry.seq), last(AuditEntry.hash)


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
    key: bytes | None = None,
    head: ChainHead | None = None,
) -> AuditEntry:
    """Add the next entry of ``workstation_id``'s chain to ``session`` (the caller's
    transaction commits it). Each workstation keeps a chain of its own, so a server holding
    many can check each for gaps. With ``key`` the entry carries its MAC. ``head`` is the
    chain's last entry when the caller read it already (`chain_head_columns`), in this
    transaction."""
    if head is None:
        seq_now, hash_now = chain_head_columns(of_workstation(workstation_id))
        last = session.execute(select(seq_now, hash_now)).one()
        head = ChainHead.of(last[0], last[1])
    seq, prev_hash = head.seq + 1, head.hash
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
    if key is not None:
        entry.mac = entry_mac(key, entry.hash)
    insert_now(session, entry)
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


def of_workstation(workstation_id: uuid.UUID | None) -> ColumnElement[bool]:
    if workstation_id is None:
        return AuditEntry.workstation_id.is_(None)
    return AuditEntry.workstation_id == workstation_id


def verify_chain(
    session: Session,
    workstation_id: uuid.UUID | None,
    *,
    key: bytes | None = None,
    mac_from_seq: int | None = None,
) -> ChainReport:
    """Recompute every hash of one workstation's chain in order; name the first entry whose
    hash or link is wrong, or, given the ``key``, whose MAC is missing (from ``mac_from_seq``
    on) or wrong."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    entries = session.scalars(
        select(AuditEntry).where(of_workstation(workstation_id)).order_by(AuditEntry.seq)
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
        must_sign = mac_from_seq is not None and entry.seq >= mac_from_seq
        if key is not None and (must_sign or entry.mac is not None) and not _mac_ok(key, entry):
            return ChainReport(checked, entry.seq, N_("mã xác thực (MAC) thiếu hoặc sai"))
        prev_hash = entry.hash
        expected_seq += 1
        checked += 1
    return ChainReport(checked)


def _mac_ok(key: bytes, entry: AuditEntry) -> bool:
    return entry.mac is not None and hmac.compare_digest(entry.mac, entry_mac(key, entry.hash))


def chain_head(session: Session, workstation_id: uuid.UUID | None) -> tuple[int, str] | None:
    """The last entry's sequence and hash: what an anchor (closing sheet, server) records."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.hash)
        .where(of_workstation(workstation_id))
        .order_by(AuditEntry.seq.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def hash_at(session: Session, workstation_id: uuid.UUID | None, seq: int) -> str | None:
    """The stored hash of entry ``seq``, None when there is no such entry."""
    return session.scalar(
        select(AuditEntry.hash).where(of_workstation(workstation_id), AuditEntry.seq == seq)
    )


# What migrations 0001/0002 create to refuse UPDATE and DELETE on audit_entry.
SQLITE_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete")
POSTGRES_TRIGGERS = ("audit_entry_append_only",)


def missing_triggers(session: Session) -> list[str]:
    """The append-only triggers that are not there (or, on PostgreSQL, disabled)."""
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        present = set(
            session.scalars(
                text(
                    "SELECT name FROM sqlite_master "
                    "WHERE type = 'trigger' AND tbl_name = 'audit_entry'"
                )
            )
        )
        return [name for name in SQLITE_TRIGGERS if name not in present]
    present = set(
        session.scalars(
            text(
                "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE c.relname = 'audit_entry' AND NOT t.tgisinternal AND t.tgenabled <> 'D'"
            )
        )
    )
    return [name for name in POSTGRES_TRIGGERS if name not in present]


@dataclass(frozen=True)
class StoredEntry:
    """An entry as the record checks read it: ``payload`` None when it is not readable JSON."""

    seq: int
    workstation_id: uuid.UUID | None
    action: str
    entity_id: str
    payload: dict[str, Any] | None


def stored_entries(
    session: Session, workstation_id: uuid.UUID | None = None, action: str | None = None
) -> list[StoredEntry]:
    """Every entry of every chain in this database (or of one workstation's, or of one
    action), in order, payloads parsed."""
    query = select(
        AuditEntry.seq,
        AuditEntry.workstation_id,
        AuditEntry.action,
        AuditEntry.entity_id,
        AuditEntry.payload,
    ).order_by(AuditEntry.workstation_id, AuditEntry.seq)
    if workstation_id is not None:
        query = query.where(AuditEntry.workstation_id == workstation_id)
    if action is not None:
        query = query.where(AuditEntry.action == action)
    rows = session.execute(query)
    entries = []
    for seq, workstation_id, action, entity_id, payload in rows:
        try:
            parsed = json.loads(payload)
        except (TypeError, ValueError):
            parsed = None
        entries.append(
            StoredEntry(
                seq, workstation_id, action, entity_id, parsed if isinstance(parsed, dict) else None
            )
        )
    return entries
