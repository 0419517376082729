"""The receipt's lookup key, and what the sync client keeps about refused events and the clock
(issue 11)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

- ``dossier.lookup_key``: the "Mã tra cứu" printed on the receipt; with the code it opens the
  district server's public lookup. Existing dossiers get a fresh random key here (their
  receipts, printed before, carry none: a reprint shows it).
- ``outbox_event.quarantined_at`` / ``quarantine_reason``: an event the server refused for good
  is set aside instead of being sent again.
- ``sync_state.clock_skew_s`` / ``last_attempt_at``: the server's clock minus ours, and when the
  client last tried to reach the server.

Waiting (unacknowledged) outbox events are moved forward: ``dossier.received`` v3 becomes v4,
carrying its dossier's new key. Audit entries are not touched (their payload is the change as
it was recorded; the audit chain never replays outbox events).

The columns are added with ALTER TABLE, never by a batch rebuild of ``dossier``: a rebuild
would drop the search triggers of 0008. The key's server default ('') stays on the column for
that reason; the application always gives a key.

The conversion code is frozen here on purpose: a migration must keep doing what it did even
when the application's models move on.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

import desk_app.store.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TYPE = desk_app.store.types.UTCDateTime(timezone=True)
# core.codes on the day of this migration: no 0/O, no 1/I/L.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_LENGTH = 6


def _new_key() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(_LENGTH))


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def upgrade() -> None:
    bind = op.get_bind()
    # Plain ALTER TABLE ... ADD COLUMN on SQLite too (no table rebuild): see the docstring.
    op.add_column(
        "dossier",
        sa.Column("lookup_key", sa.String(length=16), nullable=False, server_default=""),
    )
    op.add_column("outbox_event", sa.Column("quarantined_at", UTC_TYPE, nullable=True))
    op.add_column(
        "outbox_event",
        sa.Column("quarantine_reason", sa.String(length=64), nullable=False, server_default=""),
    )
    op.add_column(
        "sync_state",
        sa.Column("clock_skew_s", sa.Integer(), nullable=False, server_default="0"),
    )
    op.add_column("sync_state", sa.Column("last_attempt_at", UTC_TYPE, nullable=True))

    dossiers = sa.table("dossier", sa.column("id", sa.Uuid()), sa.column("lookup_key"))
    keys: dict[Any, str] = {}
    for (dossier_id,) in bind.execute(sa.select(dossiers.c.id)).all():
        keys[dossier_id] = key = _new_key()
        bind.execute(dossiers.update().where(dossiers.c.id == dossier_id).values(lookup_key=key))
    _upgrade_outbox(bind, keys)


def _upgrade_outbox(bind: sa.Connection, keys: dict[Any, str]) -> None:
    outbox = sa.table(
        "outbox_event",
        sa.column("id", sa.Uuid()),
        sa.column("kind"),
        sa.column("schema_version"),
        sa.column("aggregate_id", sa.Uuid()),
        sa.column("payload"),
        sa.column("acked_at", UTC_TYPE),
    )
    waiting = sa.select(outbox).where(
        outbox.c.kind == "dossier.received",
        outbox.c.schema_version == 3,
        outbox.c.acked_at.is_(None),
    )
    for event in bind.execute(waiting).mappings().all():
        key = keys.get(event["aggregate_id"])
        if key is None:  # no such dossier here (cannot happen): leave the event as it was
            continue
        payload = json.loads(event["payload"])
        payload["lookup_key"] = key
        bind.execute(
            outbox.update()
            .where(outbox.c.id == event["id"])
            .values(schema_version=4, payload=_canonical(payload))
        )


def downgrade() -> None:
    """The schema of 0008 again, for developers going back a release: waiting version-4
    events become version 3 again (the key is all they lose; 0008 has nowhere to keep it)."""
    bind = op.get_bind()
    outbox = sa.table(
        "outbox_event",
        sa.column("id", sa.Uuid()),
        sa.column("kind"),
        sa.column("schema_version"),
        sa.column("payload"),
        sa.column("acked_at", UTC_TYPE),
    )
    waiting = sa.select(outbox).where(
        outbox.c.kind == "dossier.received",
        outbox.c.schema_version == 4,
        outbox.c.acked_at.is_(None),
    )
    for event in bind.execute(waiting).mappings().all():
        payload = json.loads(event["payload"])
        payload.pop("lookup_key", None)
        bind.execute(
            outbox.update()
            .where(outbox.c.id == event["id"])
            .values(schema_version=3, payload=_canonical(payload))
        )
    # SQLite >= 3.35 drops a plain column in place (no rebuild: the search triggers stay).
    op.drop_column("sync_state", "last_attempt_at")
    op.drop_column("sync_state", "clock_skew_s")
    op.drop_column("outbox_event", "quarantine_reason")
    op.drop_column("outbox_event", "quarantined_at")
    op.drop_column("dossier", "lookup_key")
