"""Enrolling, pushing and pulling against a real district server on 127.0.0.1 (SQLite file).

The server is `desk_app.server.district` on uvicorn in a thread; its offices, codes,
revocations and published changes are made with the district's own admin functions."""

from __future__ import annotations

import hashlib
import json
import stat
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk_app.server import admin
from desk_app.server.schema import Device, DistrictDossier, ReceivedEvent
from desk_app.server.store import open_server_database
from desk_app.services.catalogue import list_procedures
from desk_app.services.changes import envelope_of
from desk_app.services.context import Actor, Workspace
from desk_app.services.errors import StorageError
from desk_app.services.intake import take_in
from desk_app.services.sync import (
    SYNC_FILE,
    TOKEN_FILE,
    EnrollNeedsAdmin,
    NotEnrolled,
    enroll,
    export_waiting,
    sync_once,
    sync_status,
)
from desk_app.store.db import sqlite_url
from desk_app.store.local import OutboxEvent, SyncState
from desk_app.store.models import Procedure
from desk_app.sync.client import DeviceRevoked, ServerUnreachable, SyncClient
from desk_app.sync.protocol import PullOut, PushIn, PushOut
from tests.factories import AGENCY_ID, intake_request
from tests.server.sync_helpers import District

pytestmark = pytest.mark.integration


@pytest.fixture
def district(tmp_path: Path) -> Iterator[District]:
    db = open_server_database(sqlite_url(tmp_path / "server" / "district.sqlite3"))
    admin.add_office(db, AGENCY_ID, "UBND phường Thanh Xuân Trung")
    running = District(db).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()


def _code(district: District, workstation: str = "01") -> str:
    return admin.enrollment_code(district.db, AGENCY_ID, workstation)


def _outbox(workspace: Workspace) -> list[OutboxEvent]:
    with workspace.read() as session:
        rows = list(session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)))
        session.expunge_all()
        return rows


def _server_dossiers(district: District) -> list[str]:
    with district.db.read() as session:
        return list(session.scalars(select(DistrictDossier.code).order_by(DistrictDossier.code)))


def _received(district: District) -> int:
    with district.db.read() as session:
        return session.scalar(select(func.count()).select_from(ReceivedEvent)) or 0


def test_enrolling_keeps_the_token_private_and_sends_the_workstation(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enrollment = enroll(workspace, actor, district.url, _code(district))
    assert workspace.home is not None
    token = workspace.home / TOKEN_FILE
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    assert stat.S_IMODE((workspace.home / SYNC_FILE).stat().st_mode) == 0o600
    document = json.loads((workspace.home / SYNC_FILE).read_text(encoding="utf-8"))
    assert document["url"] == district.url and document["agency_id"] == AGENCY_ID
    assert token.read_text(encoding="ascii") not in json.dumps(document)
    device = _device(district, enrollment.device_id)
    assert device.workstation_id == actor.workstation.id  # type: ignore[union-attr]
    assert device.local_office_id == actor.office.id
    assert sync_status(workspace).enrolled


def _device(district: District, device_id: uuid.UUID) -> Device:
    with district.db.read() as session:
        return session.get_one(Device, device_id)


def test_enrolling_needs_an_administrator(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    from dataclasses import replace

    from desk_app.core.roles import Role

    assert actor.officer is not None
    clerk = replace(actor, officer=replace(actor.officer, role=Role.OFFICER))
    with pytest.raises(EnrollNeedsAdmin):
        enroll(workspace, clerk, district.url, _code(district))
    assert sync_status(workspace).enrollment is None


def test_not_enrolled_is_said_plainly(workspace: Workspace) -> None:
    with pytest.raises(NotEnrolled):
        sync_once(workspace)
    assert not sync_status(workspace).enrolled


def test_offline_dossiers_are_sent_once_and_a_second_round_sends_nothing(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, _code(district))
    district.stop()
    codes = [
        take_in(workspace, actor, intake_request("1.001193", f"Người {i}")).code for i in range(3)
    ]
    with pytest.raises(ServerUnreachable):
        sync_once(workspace)
    offline = sync_status(workspace)
    assert offline.waiting == len(_outbox(workspace)) and offline.last_error == "unreachable"
    assert offline.last_success_at is None and offline.last_attempt_at is not None
    assert all(row.attempts == 1 and row.acked_at is None for row in _outbox(workspace))

    district.start()
    report = sync_once(workspace)
    assert report.sent == report.acknowledged == len(_outbox(workspace)) and report.waiting == 0
    assert _server_dossiers(district) == sorted(codes)
    received = _received(district)
    assert all(row.acked_at is not None for row in _outbox(workspace))

    again = sync_once(workspace)
    assert again.sent == 0 and again.waiting == 0
    assert _received(district) == received
    status = sync_status(workspace)
    assert status.waiting == 0 and status.last_success_at is not None and status.last_error == ""


def test_more_than_a_batch_goes_in_order_in_several_batches(
    workspace: Workspace, actor: Actor, district: District, monkeypatch: pytest.MonkeyPatch
) -> None:
    import desk_app.services.sync as sync_service

    monkeypatch.setattr(sync_service, "PUSH_BATCH", 4)
    enroll(workspace, actor, district.url, _code(district))
    for i in range(10):
        take_in(workspace, actor, intake_request("1.001193", f"Người {i}"))
    total = len(_outbox(workspace))
    assert workspace.home is not None
    token = (workspace.home / TOKEN_FILE).read_text(encoding="ascii")
    batches: list[list[int]] = []
    with SyncClient(district.url, token) as client:
        push = client.push

        def counted(body: PushIn) -> PushOut:
            batches.append([e.workstation_seq or 0 for e in body.events])
            assert body.waiting == total - sum(len(b) for b in batches[:-1])
            return push(body)

        monkeypatch.setattr(client, "push", counted)
        report = sync_once(workspace, client)
    assert report.sent == report.acknowledged == total
    assert [len(b) for b in batches] == [4] * (total // 4) + ([total % 4] if total % 4 else [])
    sent = [seq for batch in batches for seq in batch]
    assert sent == sorted(sent) == [row.seq for row in _outbox(workspace)]
    assert _received(district) == total


def test_a_rejected_event_is_quarantined_kept_and_never_sent_again(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, _code(district))
    take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn A"))
    with workspace.write() as session:  # an event of a kind no server knows
        row = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc())).first()
        assert row is not None
        row.kind, bad_id = "made.up", row.id
    report = sync_once(workspace)
    assert report.quarantined == 1
    rows = {row.id: row for row in _outbox(workspace)}
    assert rows[bad_id].quarantined_at is not None and rows[bad_id].acked_at is None
    assert rows[bad_id].quarantine_reason == "unknown_kind"
    status = sync_status(workspace)
    assert [(q.kind, q.reason) for q in status.quarantined] == [("made.up", "unknown_kind")]
    assert status.waiting == 0
    received = _received(district)
    assert sync_once(workspace).sent == 0
    assert _received(district) == received


def test_a_revoked_device_is_refused_and_its_outbox_kept_and_exportable(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    enrollment = enroll(workspace, actor, district.url, _code(district))
    sync_once(workspace)
    admin.revoke(district.db, str(enrollment.device_id))
    take_in(workspace, actor, intake_request("1.001193", "Trần Thị B"))
    before = [(r.id, r.attempts, r.acked_at, r.quarantined_at) for r in _outbox(workspace)]
    with pytest.raises(DeviceRevoked) as refused:
        sync_once(workspace)
    assert "enroll" in str(refused.value)
    assert [(r.id, r.attempts, r.acked_at, r.quarantined_at) for r in _outbox(workspace)] == before
    assert sync_status(workspace).last_error == "device_revoked"
    waiting = sync_status(workspace).waiting
    assert waiting > 0
    target = tmp_path / "waiting.jsonl"
    assert export_waiting(workspace, target) == waiting
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == waiting
    assert {json.loads(line)["kind"] for line in lines} >= {"dossier.received"}
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(_outbox(workspace)) == len(before)  # exporting removes nothing

    enroll(workspace, actor, district.url, _code(district))  # a fresh code: enrolled again
    assert sync_once(workspace).waiting == 0


PUBLISHED = "1.004837"  # 3 working days in the bundled catalogue


def _published_catalogue(workspace: Workspace, tmp_path: Path, duration: int) -> Path:
    """This workstation's catalogue, exported, with procedure 1.004837's duration changed."""
    from desk_app.services.catalogue import export_catalogue

    path = tmp_path / "catalogue.json"
    export_catalogue(workspace, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    entries = document["procedures"] if isinstance(document, dict) else document
    for entry in entries:
        if entry["code"] == PUBLISHED:
            entry["duration"]["value"] = duration
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def _duration_of(workspace: Workspace, code: str) -> int:
    with workspace.read() as session:
        row = session.scalars(select(Procedure).where(Procedure.code == code)).one()
        return row.duration_value


def _cursor(workspace: Workspace) -> int:
    with workspace.read() as session:
        state = session.get(SyncState, 1)
        return state.pull_cursor if state else 0


def test_a_published_catalogue_is_pulled_and_applied_with_its_cursor(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    enroll(workspace, actor, district.url, _code(district))
    assert _duration_of(workspace, PUBLISHED) != 9
    seq = admin.publish(district.db, "catalogue", _published_catalogue(workspace, tmp_path, 9))
    report = sync_once(workspace)
    assert report.applied == 1
    assert _duration_of(workspace, PUBLISHED) == 9
    assert _cursor(workspace) == seq
    assert any(p.code == PUBLISHED for p in list_procedures(workspace))
    # The import is recorded like any import, and sent in the same round.
    kinds = [row.kind for row in _outbox(workspace)]
    assert kinds.count("catalogue.imported") >= 1
    assert sync_status(workspace).waiting == 0
    assert sync_once(workspace).applied == 0


def test_two_rounds_pulling_at_once_apply_a_change_once(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    """The window's timer and `desk-app sync` at the same moment: both read the cursor and
    fetch the same page; only the first to write applies the change."""
    enroll(workspace, actor, district.url, _code(district))
    sync_once(workspace)
    before = _duration_of(workspace, PUBLISHED)
    admin.publish(district.db, "catalogue", _published_catalogue(workspace, tmp_path, before + 2))

    class Racing(SyncClient):
        """A client whose page arrives just after another round applied it."""

        raced = False

        def pull(self, after: int, limit: int = 1000) -> PullOut:
            page = super().pull(after, limit)
            if not self.raced and page.changes:
                self.raced = True
                sync_once(workspace)  # the other round, to its end
            return page

    imported = [r for r in _outbox(workspace) if r.kind == "catalogue.imported"]
    assert workspace.home is not None
    token = (workspace.home / TOKEN_FILE).read_text(encoding="ascii")
    with Racing(district.url, token) as racing:
        report = sync_once(workspace, racing)
    assert report.applied == 0  # the other round did it
    assert _duration_of(workspace, PUBLISHED) == before + 2
    now_imported = [r for r in _outbox(workspace) if r.kind == "catalogue.imported"]
    assert len(now_imported) == len(imported) + 1  # one import recorded, not two


def test_a_failure_while_applying_leaves_cursor_and_data_as_they_were(
    workspace: Workspace,
    actor: Actor,
    district: District,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import desk_app.services.sync as sync_service

    enroll(workspace, actor, district.url, _code(district))
    sync_once(workspace)
    before = _duration_of(workspace, PUBLISHED)
    cursor = _cursor(workspace)
    admin.publish(district.db, "catalogue", _published_catalogue(workspace, tmp_path, before + 3))

    def crash(session: object, seq: int) -> None:  # the catalogue is written, then this
        raise OSError("power cut")

    monkeypatch.setattr(sync_service, "_store_cursor", crash)
    with pytest.raises(StorageError):
        sync_once(workspace)
    assert sync_status(workspace).last_error == "local_error"
    assert _duration_of(workspace, PUBLISHED) == before
    assert _cursor(workspace) == cursor
    monkeypatch.undo()
    assert sync_once(workspace).applied == 1
    assert _duration_of(workspace, PUBLISHED) == before + 3


def test_a_published_calendar_is_applied_and_an_unknown_kind_skipped(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    from desk_app.server.admin import append_change
    from desk_app.services.calendar import bundled_calendar_path, is_official_year

    enroll(workspace, actor, district.url, _code(district))
    with district.db.write() as session:
        append_change(session, None, "office.something_new", {"x": 1})
    seq = admin.publish(district.db, "calendar", bundled_calendar_path())
    report = sync_once(workspace)
    assert report.applied == 1 and report.skipped == 1
    assert _cursor(workspace) == seq
    assert is_official_year(workspace, 2025)


def test_sync_with_a_given_client_and_the_clock_skew(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, _code(district))
    assert workspace.home is not None
    token = (workspace.home / TOKEN_FILE).read_text(encoding="ascii")
    with SyncClient(district.url, token) as client:
        report = sync_once(workspace, client)
    # The tests' clock is in July 2025, the server's the real one: far apart.
    assert abs(report.clock_skew_s) > 300
    assert sync_status(workspace).clock_skew_warning


def test_after_a_backup_is_restored_new_dossiers_still_reach_the_district(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    """The restored file's outbox is behind what the server holds: its next events go on
    after the replaced file's places instead of reusing them (the server refuses a place it
    holds with another event)."""
    from desk_app.services.backup import restore_backup, take_backup

    enroll(workspace, actor, district.url, _code(district))
    take_in(workspace, actor, intake_request("1.001193", "Trước Sao Lưu"))
    sync_once(workspace)
    backup = tmp_path / "saved.sqlite3"
    take_backup(workspace, actor, backup)
    take_in(workspace, actor, intake_request("1.001193", "Sau Sao Lưu"))
    sync_once(workspace)
    restore_backup(workspace, actor, backup)
    late = take_in(workspace, actor, intake_request("1.001193", "Sau Khôi Phục")).code
    report = sync_once(workspace)
    assert report.quarantined == 0 and report.waiting == 0
    assert sync_status(workspace).quarantined == ()
    with district.db.read() as session:
        codes = set(session.scalars(select(DistrictDossier.code)))
        device = session.scalars(select(Device)).one()
    assert late in codes
    assert device.chain != "ok"  # the chain went back to the backup's head: flagged for a look


def test_a_batch_too_large_is_halved_and_an_event_too_large_alone_set_aside(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    """A district server behind a small body limit (as a proxy in front of it might set): the
    batch is halved until it passes, and the one event that cannot pass even alone is kept
    aside with its reason instead of holding back every event behind it for ever."""
    from desk_app.server.district import Guard, create_district_app

    for i in range(6):
        take_in(workspace, actor, intake_request("1.001193", f"Người {i}"))
    big = take_in(
        workspace, actor, intake_request("1.001193", "Người Ở Xa", address="Số nhà 1, " * 400)
    ).code
    take_in(workspace, actor, intake_request("1.001193", "Người Sau Cùng"))
    sizes = sorted(len(envelope_of(r).model_dump_json()) for r in _outbox(workspace))
    limit = 2 * sizes[len(sizes) // 2] + 600  # two ordinary events a request, with the body
    db = open_server_database(sqlite_url(tmp_path / "server" / "district.sqlite3"))
    admin.add_office(db, AGENCY_ID, "UBND phường Thanh Xuân Trung")
    district = District(db, Guard(create_district_app(db), limit=limit)).start()  # type: ignore[arg-type]
    try:
        enroll(workspace, actor, district.url, _code(district))
        assert max(sizes) > limit  # the big one cannot pass alone
        report = sync_once(workspace)
        status = sync_status(workspace)
        assert report.waiting == 0 and report.quarantined == 1
        [aside] = status.quarantined
        assert aside.kind == "dossier.received" and aside.reason == "too_large"
        with db.read() as session:
            codes = set(session.scalars(select(DistrictDossier.code)))
        assert big not in codes and len(codes) == 7  # every other dossier arrived
    finally:
        district.stop()
        db.dispose()


def test_a_district_server_restored_from_a_backup_gets_back_what_it_lost(
    workspace: Workspace, actor: Actor, district: District, tmp_path: Path
) -> None:
    """A restore takes the server back to its backup: dossiers it acknowledged after it are
    gone there, and its pull feed numbers again from below this workstation's cursor. The
    restore's new epoch makes the next round send them again and pull from the start, so the
    district ends with every dossier once and the change published after the restore is
    applied here (before epochs both were lost: no resend, the cursor above the new seqs)."""
    from desk_app.server.admin import append_change
    from desk_app.server.schema import AttachmentBlob
    from desk_app.services.attachments import attach_bytes
    from desk_app.services.calendar import bundled_calendar_path, is_official_year

    enroll(workspace, actor, district.url, _code(district))
    before = take_in(workspace, actor, intake_request("1.001193", "Trước Sao Lưu")).code
    sync_once(workspace)
    saved = tmp_path / "district-saved.sqlite3"
    url = sqlite_url(tmp_path / "server" / "district.sqlite3")
    admin.backup(url, saved)
    after = take_in(workspace, actor, intake_request("1.001193", "Sau Sao Lưu")).code
    scan = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40  # the magic the check reads
    attach_bytes(workspace, actor, after, "giay-to.png", scan, component=1)
    with district.db.write() as session:
        append_change(session, None, "office.something_new", {"x": 1})
        append_change(session, None, "office.something_new", {"x": 2})
    first = sync_once(workspace)
    assert first.resent_after_restore == 0 and first.waiting == 0 and first.uploaded == 1
    assert _cursor(workspace) == 2

    district.stop()
    district.db.dispose()
    admin.restore(saved, url)
    restored = District(open_server_database(url))
    restored.port = district.port
    restored.start()
    try:
        assert after not in [c for c in _codes_on(restored)]  # the restore lost it
        seq = admin.publish(restored.db, "calendar", bundled_calendar_path())
        assert seq == 1  # numbered again from the backup's feed, below our cursor of 2
        acknowledged = sum(1 for row in _outbox(workspace) if row.acked_at is not None)

        report = sync_once(workspace)
        assert report.resent_after_restore == acknowledged > 0
        assert report.quarantined == 0 and report.waiting == 0
        assert sorted(_codes_on(restored)) == sorted([before, after])  # each once
        assert report.uploaded == 1  # the scan the restore forgot, sent again
        with restored.db.read() as session:
            blob = session.scalars(select(AttachmentBlob)).one()
        assert blob.complete and blob.sha256 == hashlib.sha256(scan).hexdigest()
        assert is_official_year(workspace, 2025)  # the change published after the restore
        assert _cursor(workspace) == seq
        again = sync_once(workspace)
        assert (again.resent_after_restore, again.sent, again.applied) == (0, 0, 0)
        with restored.db.read() as session:
            events = session.scalar(select(func.count()).select_from(ReceivedEvent))
        assert events == len(_outbox(workspace))  # every event of ours once, none twice
    finally:
        restored.stop()
        restored.db.dispose()


def _codes_on(district: District) -> list[str]:
    with district.db.read() as session:
        return list(session.scalars(select(DistrictDossier.code)))


def test_a_second_epoch_in_one_round_stops_it_and_keeps_the_outbox(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    """Two server databases behind one address would make every answer a "restore": the
    round stops after the first, instead of queueing everything again for ever."""
    from desk_app.server.epoch import mark_restored
    from desk_app.services.sync import ServerEpochUnsteady

    enroll(workspace, actor, district.url, _code(district))
    take_in(workspace, actor, intake_request("1.001193", "Người Thứ Nhất"))
    sync_once(workspace)
    take_in(workspace, actor, intake_request("1.001193", "Người Thứ Hai"))
    mark_restored(district.db)

    class Flipping(SyncClient):
        def push(self, body: PushIn) -> PushOut:
            answer = super().push(body)
            mark_restored(district.db)  # the next answer comes from "another" database
            return answer

    assert workspace.home is not None
    token = (workspace.home / TOKEN_FILE).read_text(encoding="ascii")
    with Flipping(district.url, token) as client, pytest.raises(ServerEpochUnsteady):
        sync_once(workspace, client)
    assert sync_status(workspace).last_error == "epoch_unsteady"
    report = sync_once(workspace)  # a steady server again: everything arrives, once
    assert report.waiting == 0 and len(_server_dossiers(district)) == 2
