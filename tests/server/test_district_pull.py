"""Pulling from a real district server (SQLite and PostgreSQL): a device sees its office's and the
district-wide changes in order, page by page, and a change still being written can never be
skipped by a cursor that moved on."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from desk_app.server.admin import append_change
from desk_app.sync.protocol import MAX_PULL_CHANGES, PullOut
from tests.server.sync_helpers import District, district, enroll

__all__ = ["district"]  # the fixture, imported


def _append(session: Session, office: uuid.UUID | None, kind: str, payload: dict[str, Any]) -> int:
    """server-admin's writer of the feed: the next seq under the advisory lock."""
    return append_change(session, office, kind, payload)


def _pull(district: District, token: str, after: int, limit: int | None = None) -> PullOut:
    params = {"after": after} | ({"limit": limit} if limit is not None else {})
    with district.client(token) as client:
        answer = client.get("/api/sync/pull", params=params)
    assert answer.status_code == 200, answer.text
    return PullOut.model_validate(answer.json())


@pytest.mark.integration
def test_pull_pages_through_own_and_district_wide_changes_in_order(district: District) -> None:
    token_a, office_a, *_ = enroll(district, "000.00.19.H26")
    token_b, office_b, *_ = enroll(district, "000.00.19.H27")
    mine: list[int] = []
    for index in range(30):
        office = (office_a, office_b, None)[index % 3]
        with district.db.write() as session:
            seq = _append(session, office, "calendar.published", {"n": index})
        if office != office_b:
            mine.append(seq)
    seen: list[int] = []
    cursor, pages = 0, 0
    while True:
        page = _pull(district, token_a, cursor, limit=7)
        pages += 1
        assert len(page.changes) <= 7
        seen += [change.seq for change in page.changes]
        assert page.cursor == (page.changes[-1].seq if page.changes else cursor)
        cursor = page.cursor
        if not page.more:
            break
    assert seen == mine == sorted(mine)
    assert pages == 3
    assert all(c.payload["n"] % 3 != 1 for c in _pull(district, token_a, 0).changes)
    # Ward B sees its own and the district's, never A's.
    assert [c.payload["n"] % 3 for c in _pull(district, token_b, 0).changes] == [1, 2] * 10
    # Past the end: nothing, the cursor stays; a limit above the cap is capped.
    last = _pull(district, token_a, cursor)
    assert (last.changes, last.cursor, last.more) == ([], cursor, False)
    assert len(_pull(district, token_a, 0, limit=MAX_PULL_CHANGES * 5).changes) == len(mine)


@pytest.mark.integration
def test_a_change_still_being_written_is_never_skipped(district: District) -> None:
    token, office, *_ = enroll(district, "000.00.19.H26")
    with district.db.write() as session:
        _append(session, office, "calendar.published", {"n": 0})
    # A slow writer takes the next seq and holds its transaction open.
    held = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []

    def slow() -> None:
        try:
            with district.db.write() as session:
                _append(session, office, "calendar.published", {"n": 1})
                held.set()
                release.wait(10)
        except BaseException as error:
            failures.append(error)
            held.set()

    late_done = threading.Event()

    def late() -> None:
        try:
            with district.db.write() as session:
                _append(session, office, "calendar.published", {"n": 2})
        except BaseException as error:
            failures.append(error)
        late_done.set()

    writer = threading.Thread(target=slow)
    writer.start()
    assert held.wait(10)
    follower = threading.Thread(target=late)
    follower.start()
    time.sleep(0.5)
    # The later writer waits for the slow one; a reader sees nothing past seq 1 meanwhile.
    assert not late_done.is_set()
    page = _pull(district, token, 1)
    assert (page.changes, page.cursor) == ([], 1)
    release.set()
    writer.join(10)
    follower.join(10)
    assert not failures
    page = _pull(district, token, 1)
    assert [(c.seq, c.payload["n"]) for c in page.changes] == [(2, 1), (3, 2)]


@pytest.mark.integration
def test_every_answer_names_the_epoch_and_a_restore_mark_changes_it(district: District) -> None:
    """On both databases: push and pull name the same epoch until `mark_restored` (what an
    administrator runs after pg_restore) gives the database a new one."""
    from desk_app.server.epoch import mark_restored
    from desk_app.sync.protocol import ChainHead, PushIn, PushOut

    token, *_ = enroll(district, "000.00.19.H26")
    empty = PushIn(
        head=ChainHead(seq=0, hash=""),
        waiting=0,
        oldest_waiting_at=None,
        events=[],
        client_time=datetime.now(UTC),
    )

    def pushed() -> PushOut:
        with district.client(token) as client:
            answer = client.post("/api/sync/push", json=empty.model_dump(mode="json"))
        assert answer.status_code == 200, answer.text
        return PushOut.model_validate(answer.json())

    first = _pull(district, token, 0).epoch
    assert pushed().epoch == first
    renewed = mark_restored(district.db)
    assert renewed != first
    assert _pull(district, token, 0).epoch == pushed().epoch == renewed
