"""The district server's attachment endpoints against a real server on 127.0.0.1, on SQLite and
PostgreSQL: chunks appended at the current offset only, the SHA-256 checked when the last
byte arrives, nothing kept of a file that does not verify, one office's upload invisible to
another's devices, sizes bounded with a 413 in plain words, and no file begun unless the
device's office announced it (an accepted attachment.added event of that SHA-256 and size)."""

from __future__ import annotations

import hashlib
import random
import uuid
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from desk_app.server.attachments import BlobStore, default_blob_dir
from desk_app.server.schema import AttachmentBlob
from desk_app.services.attachments import MAX_ATTACHMENT_BYTES as WORKSTATION_LIMIT
from desk_app.store.db import Database
from desk_app.sync.protocol import ATTACHMENT_CHUNK_BYTES, MAX_ATTACHMENT_BYTES, MAX_BODY_BYTES
from tests.server.sync_helpers import District, announce, district, enroll

pytestmark = pytest.mark.integration

__all__ = ["district"]  # the fixture, over SQLite and PostgreSQL

MIB = 1024 * 1024


def _scan(size: int, seed: int = 5) -> bytes:
    return random.Random(seed).randbytes(size)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(district: District) -> BlobStore:
    store = district.app.state.district_blobs
    assert isinstance(store, BlobStore)
    return store


def _put(client: httpx.Client, sha: str, offset: int, size: int, data: bytes) -> httpx.Response:
    return client.put(
        f"/api/attachments/{sha}/chunks",
        params={"offset": offset, "size": size},
        content=data,
        headers={"Content-Type": "application/octet-stream"},
    )


def _upload(client: httpx.Client, data: bytes, sha: str | None = None) -> httpx.Response:
    sha = sha or _sha(data)
    answer = None
    for offset in range(0, len(data), ATTACHMENT_CHUNK_BYTES):
        answer = _put(
            client, sha, offset, len(data), data[offset : offset + ATTACHMENT_CHUNK_BYTES]
        )
        if answer.status_code != 200:
            return answer
    assert answer is not None
    return answer


def _rows(db: Database) -> list[AttachmentBlob]:
    with db.read() as session:
        return list(session.scalars(select(AttachmentBlob)))


def _files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_scan_in_chunks_is_kept_byte_identical_once_it_verifies(district: District) -> None:
    token, office, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(3 * MIB + 12345)
    sha = _sha(data)
    announce(district, token, sha, len(data))
    with district.client(token) as client:
        first = client.get(f"/api/attachments/{sha}")
        assert first.status_code == 200
        assert first.json() | {"server_time": None} == {
            "sha256": sha,
            "size": None,
            "received": 0,
            "complete": False,
            "chunk_limit": ATTACHMENT_CHUNK_BYTES,
            "server_time": None,
        }
        states = []
        for offset in range(0, len(data), ATTACHMENT_CHUNK_BYTES):
            answer = _put(client, sha, offset, len(data), data[offset : offset + MIB])
            assert answer.status_code == 200, answer.text
            states.append((answer.json()["received"], answer.json()["complete"]))
        assert states == [(MIB, False), (2 * MIB, False), (3 * MIB, False), (len(data), True)]
        again = client.get(f"/api/attachments/{sha}").json()
        assert (again["size"], again["received"], again["complete"]) == (len(data), len(data), True)
        # The last chunk sent again (its answer was lost): the same answer, nothing changed.
        repeat = _put(client, sha, 3 * MIB, len(data), data[3 * MIB :])
        assert repeat.status_code == 200 and repeat.json()["complete"] is True
    store = _store(district)
    kept = store.kept(office, sha)
    assert kept.read_bytes() == data
    assert _files(store.root) == [kept]  # no partial left behind
    [row] = _rows(district.db)
    assert (row.office_id, row.sha256, row.size_bytes, row.received_bytes) == (
        office,
        sha,
        len(data),
        len(data),
    )
    assert row.complete and row.storage == BlobStore.relative(office, sha)
    assert row.completed_at is not None


def test_an_upload_cut_off_resumes_at_the_servers_offset(district: District) -> None:
    token, office, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(3 * MIB, seed=6)
    sha, size = _sha(data), len(data)
    announce(district, token, sha, size)
    with district.client(token) as client:
        assert _put(client, sha, 0, size, data[:MIB]).json()["received"] == MIB
        state = client.get(f"/api/attachments/{sha}").json()
        assert (state["size"], state["received"], state["complete"]) == (size, MIB, False)
        # A repeat of the first chunk (its answer lost) changes nothing.
        assert _put(client, sha, 0, size, data[:MIB]).json()["received"] == MIB
        # A gap is refused, with where to go on from.
        gap = _put(client, sha, 2 * MIB, size, data[2 * MIB : 3 * MIB])
        assert gap.status_code == 409 and gap.json()["error"] == "offset_gap"
        assert str(MIB) in gap.json()["message"]
        # A chunk that overlaps what is there: only its new tail is written.
        half = MIB // 2
        overlap = _put(client, sha, half, size, data[half : half + MIB])
        assert overlap.json()["received"] == half + MIB
        rest = _put(client, sha, half + MIB, size, data[half + MIB : half + 2 * MIB])
        assert rest.json()["received"] == half + 2 * MIB
        last = _put(client, sha, half + 2 * MIB, size, data[half + 2 * MIB :])
        assert last.status_code == 200 and last.json()["complete"] is True
    assert _store(district).kept(office, sha).read_bytes() == data


def test_a_corrupted_chunk_fails_the_check_and_nothing_is_kept(district: District) -> None:
    token, _, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(2 * MIB + 99, seed=7)
    sha = _sha(data)
    damaged = bytearray(data)
    damaged[MIB + 17] ^= 0xFF
    announce(district, token, sha, len(data))
    with district.client(token) as client:
        answer = _upload(client, bytes(damaged), sha)
        assert answer.status_code == 422
        body = answer.json()
        assert body["error"] == "sha_mismatch" and "SHA-256" in body["message"]
        assert "gửi lại từ đầu" in body["message"]
        state = client.get(f"/api/attachments/{sha}").json()
        assert (state["size"], state["received"], state["complete"]) == (None, 0, False)
        assert _rows(district.db) == []
        assert _files(_store(district).root) == []
        # Sent again, right this time, from byte 0: kept.
        assert _upload(client, data).json()["complete"] is True


def test_another_offices_device_cannot_see_or_touch_the_upload(district: District) -> None:
    token_a, office_a, _, _ = enroll(district, "000.01.19.H01")
    token_b, office_b, _, _ = enroll(district, "000.02.19.H01")
    data = _scan(2 * MIB, seed=8)
    sha, size = _sha(data), len(data)
    # The same scan attached in both offices: each announced it, each uploads its own.
    announce(district, token_a, sha, size)
    announce(district, token_b, sha, size)
    with district.client(token_a) as a, district.client(token_b) as b:
        assert _put(a, sha, 0, size, data[:MIB]).status_code == 200
        seen_by_b = b.get(f"/api/attachments/{sha}").json()
        assert (seen_by_b["size"], seen_by_b["received"], seen_by_b["complete"]) == (None, 0, False)
        # B cannot go on with A's upload, nor spoil it with bytes of its own.
        gap = _put(b, sha, MIB, size, data[MIB:])
        assert gap.status_code == 409 and gap.json()["error"] == "offset_gap"
        assert _put(b, sha, 0, size, b"\x00" * MIB).json()["received"] == MIB
        assert _upload(a, data).json()["complete"] is True
        still_b = b.get(f"/api/attachments/{sha}").json()
        assert (still_b["received"], still_b["complete"]) == (MIB, False)
    store = _store(district)
    assert store.kept(office_a, sha).read_bytes() == data
    assert not store.kept(office_b, sha).exists()
    by_office = {row.office_id: row for row in _rows(district.db)}
    assert by_office[office_a].complete and not by_office[office_b].complete


def test_sizes_are_bounded_with_a_413_in_plain_words(district: District) -> None:
    token, _, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(ATTACHMENT_CHUNK_BYTES + 1, seed=9)
    sha = _sha(data)
    announce(district, token, sha, len(data))  # refused for their sizes, not as unannounced
    with district.client(token) as client:
        big_chunk = _put(client, sha, 0, len(data), data)
        assert big_chunk.status_code == 413
        assert big_chunk.json()["error"] == "chunk_too_large"
        assert f"{ATTACHMENT_CHUNK_BYTES} byte" in big_chunk.json()["message"]
        huge_body = _put(client, sha, 0, MAX_BODY_BYTES + 1, b"\x00" * (MAX_BODY_BYTES + 1))
        assert huge_body.status_code == 413 and huge_body.json()["error"] == "too_large"
        huge_file = _put(client, sha, 0, MAX_ATTACHMENT_BYTES + 1, data[:MIB])
        assert huge_file.status_code == 413
        assert huge_file.json()["error"] == "attachment_too_large"
        assert "50 MiB" in huge_file.json()["message"]
        beyond = _put(client, sha, 0, 10, data[:MIB])
        assert beyond.status_code == 422 and beyond.json()["error"] == "beyond_size"
        empty = _put(client, sha, 0, 10, b"")
        assert empty.status_code == 422 and empty.json()["error"] == "empty_chunk"
        not_a_sha = client.get("/api/attachments/not-a-sha")
        assert not_a_sha.status_code == 422 and not_a_sha.json()["error"] == "invalid_request"
    assert _rows(district.db) == []
    assert MAX_ATTACHMENT_BYTES == WORKSTATION_LIMIT  # the workstation attaches nothing larger


def test_a_device_needs_its_token(district: District) -> None:
    sha = _sha(b"x")
    with district.client() as anonymous, district.client("not-a-token") as stranger:
        assert anonymous.get(f"/api/attachments/{sha}").status_code == 401
        assert _put(stranger, sha, 0, 1, b"x").status_code == 401
    assert _rows(district.db) == []


def test_a_lost_file_or_a_crash_between_disk_and_row_is_mended(district: District) -> None:
    token, office, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(2 * MIB + 5, seed=10)
    sha, size = _sha(data), len(data)
    store = _store(district)
    announce(district, token, sha, size)
    with district.client(token) as client:
        _put(client, sha, 0, size, data[:MIB])
        # A crash after the chunk reached the disk but before its row committed: the partial
        # file is longer than the row says. The next chunk goes at the row's offset.
        with store.partial(office, sha).open("ab") as partial:
            partial.write(b"junk that never committed")
        assert client.get(f"/api/attachments/{sha}").json()["received"] == MIB
        assert _upload(client, data).json()["complete"] is True
        # The kept file lost on the server's disk: it is asked for again, and taken again.
        store.kept(office, sha).unlink()
        lost = client.get(f"/api/attachments/{sha}").json()
        assert (lost["size"], lost["received"], lost["complete"]) == (size, 0, False)
        assert _upload(client, data).json()["complete"] is True
    assert store.kept(office, sha).read_bytes() == data


def test_a_scan_no_event_announced_is_refused_and_nothing_written(district: District) -> None:
    token, office, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(MIB + 7, seed=11)
    sha, size = _sha(data), len(data)
    other = _scan(100, seed=12)
    announce(district, token, _sha(other), len(other))  # another scan of the office's
    with district.client(token) as client:
        answer = _put(client, sha, 0, size, data[:MIB])
        assert answer.status_code == 409
        body = answer.json()
        assert body["error"] == "not_announced"
        assert "sự kiện hồ sơ" in body["message"] and "gửi các sự kiện" in body["message"]
        assert f"{size} byte" in body["message"]
        # Nor later in the file, nor as a whole: no chunk begins it.
        assert _put(client, sha, MIB, size, data[MIB:]).json()["error"] == "not_announced"
        assert _put(client, sha, 0, 1, data[:1]).json()["error"] == "not_announced"
        # Asking about it answers as for any hash the server holds nothing of.
        state = client.get(f"/api/attachments/{sha}").json()
        assert (state["size"], state["received"], state["complete"]) == (None, 0, False)
    assert _rows(district.db) == []
    store = _store(district)
    assert _files(store.root) == []
    assert not store.partial(office, sha).exists() and not store.kept(office, sha).exists()
    # Once its event is in, the same bytes are taken.
    announce(district, token, sha, size)
    with district.client(token) as client:
        assert _upload(client, data).json()["complete"] is True
    assert store.kept(office, sha).read_bytes() == data


def test_a_scan_announced_with_another_size_is_refused(district: District) -> None:
    token, office, _, _ = enroll(district, "000.01.19.H01")
    data = _scan(2 * MIB, seed=13)
    sha, size = _sha(data), len(data)
    announce(district, token, sha, size)
    with district.client(token) as client:
        bigger = _put(client, sha, 0, size + 1, data[:MIB])
        assert bigger.status_code == 409 and bigger.json()["error"] == "not_announced"
        assert _rows(district.db) == []
        assert _files(_store(district).root) == []
        # Begun at the announced size, it cannot be begun again at another one either.
        assert _put(client, sha, 0, size, data[:MIB]).json()["received"] == MIB
        again = _put(client, sha, 0, size - 1, data[:MIB])
        assert again.status_code == 409 and again.json()["error"] == "not_announced"
        state = client.get(f"/api/attachments/{sha}").json()
        assert (state["size"], state["received"], state["complete"]) == (size, MIB, False)
        assert _put(client, sha, MIB, size, data[MIB:]).json()["complete"] is True
    assert _store(district).kept(office, sha).read_bytes() == data


def test_a_scan_announced_by_one_office_is_refused_to_another(district: District) -> None:
    token_a, office_a, _, _ = enroll(district, "000.01.19.H01")
    token_b, office_b, _, _ = enroll(district, "000.02.19.H01")
    data = _scan(MIB + 3, seed=14)
    sha, size = _sha(data), len(data)
    announce(district, token_a, sha, size)
    with district.client(token_a) as a, district.client(token_b) as b:
        assert _put(a, sha, 0, size, data[:MIB]).json()["received"] == MIB
        refused = _put(b, sha, 0, size, data[:MIB])
        assert refused.status_code == 409 and refused.json()["error"] == "not_announced"
        seen_by_b = b.get(f"/api/attachments/{sha}").json()
        assert (seen_by_b["size"], seen_by_b["received"], seen_by_b["complete"]) == (None, 0, False)
        assert _put(a, sha, MIB, size, data[MIB:]).json()["complete"] is True
    [row] = _rows(district.db)
    assert row.office_id == office_a and row.complete
    store = _store(district)
    assert _files(store.root) == [store.kept(office_a, sha)]
    assert not store.partial(office_b, sha).exists()


def test_the_default_folder_is_beside_the_sqlite_file(tmp_path: Path) -> None:
    db = Database.open(f"sqlite:///{tmp_path / 'server' / 'district.sqlite3'}")
    try:
        assert default_blob_dir(db) == (tmp_path / "server" / "attachments").resolve()
    finally:
        db.dispose()
    office = uuid.UUID(int=1)
    assert BlobStore.relative(office, "ab" * 32) == f"{office.hex}/ab/{'ab' * 32}"
