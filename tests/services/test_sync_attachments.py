"""A real workstation's scans reach a real district server (uvicorn on 127.0.0.1, SQLite and
PostgreSQL) after their events: in chunks, verified, resumed where an upload stopped, a scan
missing on this disk set aside in plain words without holding anything else up."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.cli import main
from desk_app.server import admin
from desk_app.server.attachments import BlobStore
from desk_app.server.district import create_district_app
from desk_app.server.schema import AttachmentBlob, DistrictOffice
from desk_app.server.store import open_server_database
from desk_app.services.attachments import attach_bytes, detach_file, stored_path
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.sync import TOKEN_FILE, enroll, sync_once, sync_status
from desk_app.services.sync_uploads import UPLOADS_FILE
from desk_app.store.local import OutboxEvent
from desk_app.sync.client import ServerUnreachable, SyncClient
from desk_app.sync.protocol import ATTACHMENT_CHUNK_BYTES, AttachmentState
from tests.factories import AGENCY_ID, intake_request, logged_in
from tests.server.sync_helpers import District, database_url
from tests.sync.fault_proxy import FaultProxy

pytestmark = pytest.mark.integration

MIB = 1024 * 1024
BIRTH = "1.001193"  # components 1 and 2 submitted


@pytest.fixture(params=["sqlite", "postgresql"])
def district(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[District]:
    urls = database_url(request.param, tmp_path)
    db = open_server_database(next(urls))
    admin.add_office(db, AGENCY_ID, "UBND phường Thanh Xuân Trung")
    running = District(db, create_district_app(db, blob_dir=tmp_path / "district-blobs"))
    running.start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()
        urls.close()


class Counting(SyncClient):
    """A real client that notes each chunk's offset, and can stop dead after ``chunks``."""

    def __init__(self, *args: object, chunks: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.left = chunks
        self.offsets: list[int] = []
        self.damage_next = 0  # flip a byte in this many chunks still to go

    def __enter__(self) -> Counting:
        return self

    def put_chunk(self, sha256: str, offset: int, size: int, data: bytes) -> AttachmentState:
        if self.left is not None:
            if self.left == 0:
                raise ServerUnreachable(reason="cut")
            self.left -= 1
        self.offsets.append(offset)
        if self.damage_next:
            self.damage_next -= 1
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        return super().put_chunk(sha256, offset, size, data)


def _scan_bytes(size: int, seed: int) -> bytes:
    """A "PNG" of ``size`` bytes: the magic the check reads, then noise (one page)."""
    magic = b"\x89PNG\r\n\x1a\n"
    return magic + random.Random(seed).randbytes(size - len(magic))


def _token(workspace: Workspace) -> str:
    assert workspace.home is not None
    return (workspace.home / TOKEN_FILE).read_text(encoding="ascii")


def _client(workspace: Workspace, url: str, chunks: int | None = None) -> Counting:
    return Counting(url, _token(workspace), chunks=chunks)


def _office(district: District) -> BlobStore:
    return district.app.state.district_blobs  # type: ignore[no-any-return]


def _kept(district: District, sha: str) -> bytes | None:
    with district.db.read() as session:
        office = session.scalars(
            select(DistrictOffice.id).where(DistrictOffice.agency_id == AGENCY_ID)
        ).one()
        row = session.get(AttachmentBlob, (office, sha))
    if row is None or not row.complete:
        return None
    return (_office(district).root / row.storage).read_bytes()


def _blob(district: District, sha: str) -> AttachmentBlob | None:
    with district.db.read() as session:
        return session.scalars(select(AttachmentBlob).where(AttachmentBlob.sha256 == sha)).first()


def _acked(workspace: Workspace) -> bool:
    with workspace.read() as session:
        rows = session.scalars(select(OutboxEvent)).all()
        return all(row.acked_at is not None for row in rows)


def _attach(workspace: Workspace, actor: Actor, data: bytes, name: str = "scan.png") -> str:
    code = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn Đức")).code
    attach_bytes(workspace, actor, code, name, data, component=1)
    return code


def test_a_3_mib_scan_arrives_byte_identical_and_verified(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(3 * MIB, seed=1)
    sha = hashlib.sha256(data).hexdigest()
    _attach(workspace, actor, data)
    assert sync_status(workspace).attachments_waiting == 1

    with _client(workspace, district.url) as client:
        report = sync_once(workspace, client)
    assert _acked(workspace)
    assert (report.uploaded, report.uploaded_bytes, report.attachments_waiting) == (1, len(data), 0)
    assert client.offsets == [0, MIB, 2 * MIB]
    assert _kept(district, sha) == data
    status = sync_status(workspace)
    assert status.attachments_waiting == 0 and status.attachment_problems == ()

    with _client(workspace, district.url) as again:  # nothing more to send
        second = sync_once(workspace, again)
    assert again.offsets == [] and second.uploaded == 0


def test_an_upload_cut_off_resumes_from_the_servers_offset_not_from_zero(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(3 * MIB + 777, seed=2)
    sha = hashlib.sha256(data).hexdigest()
    _attach(workspace, actor, data)

    with _client(workspace, district.url, chunks=1) as cut, pytest.raises(ServerUnreachable):
        sync_once(workspace, cut)
    assert _acked(workspace)  # the events went before the bytes, and stay sent
    blob = _blob(district, sha)
    assert blob is not None and (blob.received_bytes, blob.complete) == (MIB, False)
    status = sync_status(workspace)
    assert status.attachments_waiting == 1 and status.last_error == "unreachable"

    with _client(workspace, district.url) as client:
        report = sync_once(workspace, client)
    assert client.offsets == [MIB, 2 * MIB, 3 * MIB]  # from where the server stood
    assert report.uploaded == 1 and report.uploaded_bytes == len(data) - MIB
    assert _kept(district, sha) == data
    assert sync_status(workspace).attachments_waiting == 0


def test_a_scan_missing_on_disk_is_set_aside_in_plain_words_and_blocks_nothing(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    lost, kept = _scan_bytes(MIB + 3, seed=3), _scan_bytes(2 * MIB, seed=4)
    lost_sha, kept_sha = (hashlib.sha256(d).hexdigest() for d in (lost, kept))
    lost_code = _attach(workspace, actor, lost, "giay-khai-sinh.png")
    _attach(workspace, actor, kept)
    stored_path(workspace, lost_sha).unlink()
    later = take_in(workspace, actor, intake_request(BIRTH, "Trần Thị Hoa")).code

    report = sync_once(workspace)  # no error: the events and the other scan went
    assert _acked(workspace)
    assert report.uploaded == 1 and report.attachment_problems == 1
    assert report.attachments_waiting == 0
    assert _kept(district, kept_sha) == kept and _kept(district, lost_sha) is None
    [problem] = sync_status(workspace).attachment_problems
    assert (problem.code, problem.sha256, problem.reason) == (lost_code, lost_sha, "missing")
    text = problem.message.render()
    assert "giay-khai-sinh.png" in text and lost_code in text
    assert "không còn trong thư mục dữ liệu" in text
    assert later  # a dossier taken after the lost scan went too (the events were all acked)

    # The scan back on the disk (restored from a copy): it goes at the next round.
    path = stored_path(workspace, lost_sha)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(lost)
    again = sync_once(workspace)
    assert again.uploaded == 1 and again.attachment_problems == 0
    assert _kept(district, lost_sha) == lost
    assert sync_status(workspace).attachment_problems == ()


def test_bytes_damaged_on_the_way_are_refused_and_sent_again_from_zero(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(2 * MIB + 10, seed=5)
    sha = hashlib.sha256(data).hexdigest()
    _attach(workspace, actor, data)

    with _client(workspace, district.url) as client:
        client.damage_next = 1  # the first chunk is damaged in transit, once
        report = sync_once(workspace, client)
    # The whole was refused when its last byte arrived, and sent again from byte 0.
    assert client.offsets == [0, MIB, 2 * MIB, 0, MIB, 2 * MIB]
    assert report.uploaded == 1 and _kept(district, sha) == data

    other = _scan_bytes(MIB + 1, seed=6)
    other_sha = hashlib.sha256(other).hexdigest()
    _attach(workspace, actor, other)
    with _client(workspace, district.url) as always_bad:
        always_bad.damage_next = 100  # damaged every time: set aside, nothing kept
        bad = sync_once(workspace, always_bad)
    assert bad.uploaded == 0 and bad.attachment_problems == 1
    assert _blob(district, other_sha) is None
    [problem] = sync_status(workspace).attachment_problems
    assert problem.reason == "sha_mismatch"
    assert "hỏng trên đường truyền" in problem.message.render()
    assert sync_once(workspace).uploaded == 1  # a clean line: it goes
    assert _kept(district, other_sha) == other


def test_a_scan_removed_before_it_was_sent_is_not_sent(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(MIB, seed=7)
    sha = hashlib.sha256(data).hexdigest()
    code = _attach(workspace, actor, data)
    detach_file(workspace, actor, code, sha)
    assert sync_status(workspace).attachments_waiting == 0
    report = sync_once(workspace)
    assert report.uploaded == 0 and report.attachment_problems == 0
    assert _blob(district, sha) is None


def test_a_lost_or_damaged_ledger_only_costs_questions(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(MIB + 5, seed=8)
    _attach(workspace, actor, data)
    sync_once(workspace)
    assert workspace.home is not None
    (workspace.home / UPLOADS_FILE).write_text("{not json", encoding="utf-8")
    assert sync_status(workspace).attachments_waiting == 1  # it cannot know: says so
    with _client(workspace, district.url) as client:
        report = sync_once(workspace, client)
    assert client.offsets == [] and report.uploaded == 1 and report.uploaded_bytes == 0
    assert sync_status(workspace).attachments_waiting == 0


def test_a_scan_crosses_a_line_that_loses_replies_and_resets_connections(
    workspace: Workspace, actor: Actor, district: District
) -> None:
    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    data = _scan_bytes(4 * MIB + 1, seed=9)
    sha = hashlib.sha256(data).hexdigest()
    _attach(workspace, actor, data)
    proxy = FaultProxy(district.port, drop_reply=0.3, reset=0.1, seed=11).start()
    try:
        rounds = 0
        with _client(workspace, proxy.url) as client:
            for rounds in range(1, 40):  # noqa: B007 - the count is the result
                try:
                    sync_once(workspace, client)
                    break
                except ServerUnreachable:
                    continue
        assert _kept(district, sha) == data
        assert proxy.counts.lost_replies + proxy.counts.resets > 0
        # Each chunk sent at most a few times: never the whole file again after a fault.
        chunks = -(-len(data) // ATTACHMENT_CHUNK_BYTES)
        assert len(client.offsets) <= 3 * chunks + rounds
        assert sync_status(workspace).attachments_waiting == 0
    finally:
        proxy.stop()


def test_the_sync_status_command_shows_the_scans_waiting_and_set_aside(
    workspace: Workspace,
    actor: Actor,
    district: District,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    enroll(workspace, actor, district.url, admin.enrollment_code(district.db, AGENCY_ID, "01"))
    waiting = _scan_bytes(MIB, seed=10)
    gone = _scan_bytes(MIB, seed=11)
    _attach(workspace, actor, gone, "mat.png")
    stored_path(workspace, hashlib.sha256(gone).hexdigest()).unlink()
    sync_once(workspace)
    _attach(workspace, actor, waiting)
    assert workspace.home is not None
    monkeypatch.setenv("DESK_APP_HOME", str(workspace.home))
    logged_in(workspace.home)
    capsys.readouterr()
    assert main(["sync", "--status"]) == 0
    out = capsys.readouterr().out
    assert "Tệp quét chờ gửi: 1 tệp; bị giữ lại: 1 tệp." in out
    assert "“mat.png”" in out and "không còn trong thư mục dữ liệu" in out
    assert main(["sync", "--status", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["attachments_waiting"] == 1
    assert [p["reason"] for p in document["attachment_problems"]] == ["missing"]
