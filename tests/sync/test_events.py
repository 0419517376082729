"""The typed events: one committed schema per (kind, version), and refusal at the point made.

A schema snapshot fails the test when a model's shape changes without a new version: the
server, which accepts the previous version too, would otherwise misread queued events.
Regenerate deliberately with ``DESK_APP_WRITE_SCHEMAS=1 pytest tests/sync`` after adding a
version, never to silence a failure.
"""

from __future__ import annotations

import json
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from desk_app.sync.events import (
    EVENT_TYPES,
    Envelope,
    ReceiptPrinted,
    UnknownEvent,
    event_type,
)

SCHEMAS = Path(__file__).with_name("schemas")


def _shape(schema: Any) -> Any:
    """The schema without titles and descriptions: only what a reader relies on."""
    if isinstance(schema, dict):
        return {k: _shape(v) for k, v in schema.items() if k not in ("title", "description")}
    if isinstance(schema, list):
        return [_shape(v) for v in schema]
    return schema


def _snapshot(kind: str, version: int) -> Path:
    return SCHEMAS / f"{kind}.v{version}.json"


@pytest.mark.parametrize(("kind", "version"), sorted(EVENT_TYPES))
def test_each_event_matches_its_committed_schema(kind: str, version: int) -> None:
    shape = _shape(EVENT_TYPES[(kind, version)].model_json_schema())
    path = _snapshot(kind, version)
    if os.environ.get("DESK_APP_WRITE_SCHEMAS") == "1" and not path.exists():
        path.write_text(json.dumps(shape, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    assert path.exists(), f"no committed schema for {kind} v{version}"
    assert json.loads(path.read_text(encoding="utf-8")) == shape, (
        f"{kind} v{version} changed shape: register a new version instead"
    )


ENVELOPE_SNAPSHOT = SCHEMAS / "envelope.json"


def test_the_envelope_matches_its_committed_schema() -> None:
    """The envelope is the wire format around every event: its shape is pinned too."""
    shape = _shape(Envelope.model_json_schema())
    if os.environ.get("DESK_APP_WRITE_SCHEMAS") == "1" and not ENVELOPE_SNAPSHOT.exists():
        ENVELOPE_SNAPSHOT.write_text(json.dumps(shape, indent=2, sort_keys=True) + "\n")
    assert json.loads(ENVELOPE_SNAPSHOT.read_text(encoding="utf-8")) == shape


def test_no_snapshot_is_left_without_its_model() -> None:
    committed = {p.name for p in SCHEMAS.glob("*.json")}
    events = {_snapshot(k, v).name for k, v in EVENT_TYPES}
    assert committed == {*events, ENVELOPE_SNAPSHOT.name}


def test_an_event_of_the_wrong_shape_is_refused_when_made() -> None:
    good = {"dossier_id": uuid.uuid4(), "code": "000.00.19.H26-250715-1001", "print_number": 1}
    assert ReceiptPrinted(**good).print_number == 1
    with pytest.raises(ValidationError):
        ReceiptPrinted(**(good | {"print_number": 0}))  # prints are counted from 1
    with pytest.raises(ValidationError):
        ReceiptPrinted(**good, state_label="Đã tiếp nhận")  # no display fields ride along
    with pytest.raises(ValidationError):
        ReceiptPrinted(**{k: v for k, v in good.items() if k != "code"})
    with pytest.raises(ValidationError) as caught:
        ReceiptPrinted(**(good | {"code": 1001190004567}))
    assert "1001190004567" not in str(caught.value)  # the input is not repeated, or logged


def test_an_envelope_reads_its_payload_back_and_refuses_unknown_kinds() -> None:
    event = ReceiptPrinted(
        dossier_id=uuid.uuid4(), code="000.00.19.H26-250715-1001", print_number=2
    )
    envelope = Envelope(
        event_id=uuid.uuid4(),
        kind=event.KIND,
        version=event.VERSION,
        office_id=uuid.uuid4(),
        workstation_id=uuid.uuid4(),
        workstation_seq=7,
        officer=None,
        audit_seq=12,
        audit_hash="0" * 64,
        created_at=datetime(2025, 7, 15, 2, 5, tzinfo=UTC),
        payload=event.dump(),
    )
    sent = Envelope.model_validate_json(envelope.model_dump_json())
    assert sent.event() == event
    with pytest.raises(UnknownEvent):
        event_type("dossier.received", 1)  # retired by migration 0002
    with pytest.raises(ValidationError):
        Envelope.model_validate(envelope.model_dump() | {"created_at": "2025-07-15T09:05:00"})
