"""Syncing this workstation with the district server (issue 11): enroll, push, pull, status.

Enrollment. An administrator exchanges the district's one-time code for a device token; the
data folder keeps the server's address in ``sync.json`` and the token in ``sync.token`` (both
private, written atomically). Nothing of it is in the database, so a backup restored on
another PC does not carry this PC's token.

One round (`sync_once`). Push: every outbox event not yet acknowledged nor quarantined, in the
workstation's order, PUSH_BATCH at a time, each batch with the audit chain's head. An
acknowledged event gets its ``acked_at``; a refused one (conflict, rejected) is quarantined
with the server's reason: never sent again, never deleted. Anything else (no answer, the
network) counts an attempt on the batch and ends the round: the next round sends the same
events again (the server answers "duplicate" for those it had). Pull: the changes after the
stored cursor, each applied in ONE write transaction together with its new cursor, so a
crash in between leaves both as they were. A revoked or unknown device is a clear error and
the outbox stays as it is (`export_waiting` writes it out).

A server restored from a backup (every answer names the server database's epoch, and a
restore makes a new one): the round takes the new epoch, sets the pull cursor back to 0 and
sends again every event that server had acknowledged, in the same order; the server answers
"duplicate" for those it still holds and accepts those the restore dropped, so both sides end
as if nothing had been lost. Events kept aside (quarantined) stay aside.

Attachments: after the events, the scans' bytes (`desk_app.services.sync_uploads`).

Who may: any officer logged in, or the system (the window's timer): syncing only sends what
was already recorded. Enrolling is an administrator's act.
"""

from __future__ import annotations

import json
import logging
import random
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from desk_app.core.errors import N_, DeskError
from desk_app.core.roles import Role
from desk_app.files import write_atomically
from desk_app.services.changes import envelope_of
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import ROLE_NAMES
from desk_app.services.sync_uploads import (
    ERROR_WORD_LENGTH,
    AttachmentProblem,
    UploadOwner,
    upload_all,
    uploads_view,
)
from desk_app.services.workstation import station_of
from desk_app.store.audit import chain_head
from desk_app.store.local import OutboxEvent, SyncState
from desk_app.sync.client import (
    DeviceRevoked,
    DeviceUnknown,
    ServerRefused,
    SyncClient,
    SyncClientError,
)
from desk_app.sync.events import Envelope
from desk_app.sync.protocol import (
    ACKNOWLEDGED,
    CLOCK_SKEW_WARNING_S,
    MAX_PULL_CHANGES,
    PUSH_BATCH,
    ChainHead,
    Change,
    EnrollIn,
    Outcome,
    PushIn,
)

log = logging.getLogger(__name__)

SYNC_FILE = "sync.json"
TOKEN_FILE = "sync.token"
# The outbox's and sync state's error columns hold a short word, never a sentence.
NO_ANSWER = "no_answer"  # the server's answer did not name an event that was sent
# Between rounds of a sync loop (the command's, the window's timer).
SYNC_EVERY_S = 30.0
# Answers to a push that say the request itself will never be taken: too large, unreadable.
BATCH_REFUSED = frozenset({413, 422})
BACKOFF_MIN_S = 5.0
BACKOFF_MAX_S = 600.0
JITTER = 0.2


def next_wait(failures: int, *, rng: random.Random | None = None) -> float:
    """Seconds before the next round: SYNC_EVERY_S after a success; after ``failures``
    failures in a row BACKOFF_MIN_S doubled each time up to BACKOFF_MAX_S; ±JITTER of it."""
    if failures <= 0:
        base = SYNC_EVERY_S
    else:
        base = min(BACKOFF_MAX_S, BACKOFF_MIN_S * 2 ** min(failures - 1, 20))
    spread = (rng or random).uniform(-JITTER, JITTER)
    return base * (1 + spread)


# The last failed round's machine word in plain words (`desk-app sync --status`); a word not
# here (a server's refusal) is shown as it is.
LAST_ERROR_TEXTS = {
    "unreachable": N_("không kết nối được máy chủ quận"),
    "server_error": N_("máy chủ quận gặp lỗi"),
    "device_revoked": N_("máy chủ quận đã thu hồi quyền đồng bộ của máy trạm này"),
    "device_unknown": N_("máy chủ quận không nhận ra máy trạm này"),
    "bad_answer": N_("máy chủ quận trả lời không đúng giao thức"),
    "insecure_url": N_("địa chỉ máy chủ quận không dùng https"),
    "local_error": N_("lỗi trên máy trạm này"),
}


def last_error_text(word: str) -> str:
    """The msgid that says ``word`` (a failed round's machine word) in plain words."""
    return LAST_ERROR_TEXTS.get(word, word)


class NotEnrolled(DeskError):
    msgid = N_(
        "Máy trạm này chưa đăng ký với máy chủ quận; quản trị viên hãy chạy: desk-app enroll "
        "ĐỊA-CHỈ MÃ"
    )


class EnrollmentDamaged(DeskError):
    msgid = N_(
        "Tệp đăng ký máy chủ quận {file} bị hỏng; quản trị viên hãy đăng ký lại: desk-app "
        "enroll ĐỊA-CHỈ MÃ"
    )


class EnrollNeedsAdmin(DeskError):
    msgid = N_(
        "Tài khoản {role} không được phép đăng ký máy trạm với máy chủ quận; hãy nhờ quản trị "
        "viên thực hiện."
    )


class SyncFilesNotWritten(DeskError):
    msgid = N_("Không ghi được tệp đăng ký máy chủ quận vào thư mục dữ liệu: {reason}.")


@dataclass(frozen=True)
class Enrollment:
    """What ``sync.json`` says: where the server is and who this device is to it."""

    url: str
    device_id: uuid.UUID
    agency_id: str
    allow_http_lan: bool = False
    office_name: str = ""


@dataclass(frozen=True)
class SyncReport:
    """What one round did."""

    sent: int = 0
    acknowledged: int = 0
    quarantined: int = 0
    applied: int = 0  # server changes applied
    skipped: int = 0  # server changes of a kind this version does not know (cursor moved on)
    waiting: int = 0  # still waiting after the round
    clock_skew_s: int = 0
    uploaded: int = 0  # scans whose bytes the server now holds, verified (this round)
    uploaded_bytes: int = 0  # bytes sent for them (a resumed upload: only the rest)
    attachments_waiting: int = 0  # scans whose bytes are still to send after the round
    attachment_problems: int = 0  # scans set aside (missing, altered, refused)
    # The server turned out restored from a backup: events it had acknowledged, queued again.
    resent_after_restore: int = 0


@dataclass(frozen=True)
class QuarantinedItem:
    """An event the server refused for good: what and when, never its payload."""

    event_id: uuid.UUID
    kind: str
    created_at: datetime
    reason: str


@dataclass(frozen=True)
class SyncStatus:
    enrollment: Enrollment | None
    last_success_at: datetime | None
    last_attempt_at: datetime | None
    last_error: str
    waiting: int
    oldest_waiting_at: datetime | None
    quarantined: tuple[QuarantinedItem, ...] = ()
    clock_skew_s: int = 0
    attachments_waiting: int = 0  # scans whose bytes are not yet on the server
    attachment_problems: tuple[AttachmentProblem, ...] = ()

    @property
    def enrolled(self) -> bool:
        return self.enrollment is not None

    @property
    def clock_skew_warning(self) -> bool:
        return abs(self.clock_skew_s) > CLOCK_SKEW_WARNING_S


# --- enrollment ----------------------------------------------------------------------------


def _home(workspace: Workspace) -> Path:
    if workspace.home is None:
        station_of(workspace)  # raises NotInitialised
        raise AssertionError("a workstation has a data folder")
    return workspace.home


def enrollment_of(workspace: Workspace) -> Enrollment | None:
    """The data folder's enrollment, None when this workstation was never enrolled."""
    path = _home(workspace) / SYNC_FILE
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
        return Enrollment(
            url=str(document["url"]),
            device_id=uuid.UUID(str(document["device_id"])),
            agency_id=str(document["agency_id"]),
            allow_http_lan=bool(document.get("allow_http_lan", False)),
            office_name=str(document.get("office_name", "")),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        raise EnrollmentDamaged(file=path.name) from None


def _token(workspace: Workspace) -> str:
    path = _home(workspace) / TOKEN_FILE
    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        raise EnrollmentDamaged(file=path.name) from None
    if not token:
        raise EnrollmentDamaged(file=path.name)
    return token


def client_for(workspace: Workspace, enrollment: Enrollment | None = None) -> SyncClient:
    """A client of the enrolled server with this device's token."""
    enrollment = enrollment or enrollment_of(workspace)
    if enrollment is None:
        raise NotEnrolled()
    return SyncClient(
        enrollment.url,
        _token(workspace),
        allow_http_lan=enrollment.allow_http_lan or workspace.settings.sync_allow_http_lan,
    )


def enroll(
    workspace: Workspace,
    actor: Actor,
    url: str,
    code: str,
    *,
    allow_http_lan: bool = False,
    client: SyncClient | None = None,
) -> Enrollment:
    """Enroll this workstation with the server at ``url`` using the district's one-time
    ``code`` (an administrator's act). Enrolling with another server starts its pull feed
    from the beginning."""
    officer = actor.officer
    if officer is not None and officer.role is not Role.ADMIN:
        raise EnrollNeedsAdmin(role=ROLE_NAMES[officer.role])
    station = station_of(workspace)
    allowed = allow_http_lan or workspace.settings.sync_allow_http_lan
    body = EnrollIn(
        code=code.strip(),
        office_id=station.office.id,
        workstation_id=station.workstation.id,
        workstation_code=f"{station.workstation.number:02d}",
        agency_id=station.office.agency_id,
    )
    with _client(client, lambda: SyncClient(url, allow_http_lan=allowed)) as talking:
        answer = talking.enroll(body)
        base_url = talking.base_url
    previous = enrollment_of_or_none(workspace)
    enrollment = Enrollment(
        url=base_url,
        device_id=answer.device_id,
        agency_id=answer.agency_id,
        allow_http_lan=allow_http_lan,
        office_name=answer.office_name,
    )
    home = _home(workspace)
    document = {
        "url": enrollment.url,
        "device_id": str(enrollment.device_id),
        "agency_id": enrollment.agency_id,
        "allow_http_lan": enrollment.allow_http_lan,
        "office_name": enrollment.office_name,
    }
    try:
        # The token first: a sync.json always has its token beside it.
        write_atomically(home / TOKEN_FILE, answer.token.encode("ascii"))
        write_atomically(
            home / SYNC_FILE,
            json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8"),
        )
    except OSError as error:
        raise SyncFilesNotWritten(reason=error.strerror or type(error).__name__) from None
    if previous is None or previous.url != enrollment.url:
        with workspace.write() as session:
            _state(session).pull_cursor = 0
    log.info("enrolled with the district server as device %s", enrollment.device_id)
    return enrollment


def enrollment_of_or_none(workspace: Workspace) -> Enrollment | None:
    """As `enrollment_of`, a damaged file counting as none (enrolling again mends it)."""
    try:
        return enrollment_of(workspace)
    except EnrollmentDamaged:
        return None


@contextmanager
def _client(given: SyncClient | None, make: Any) -> Iterator[SyncClient]:
    """The caller's client as it is, or one made here and closed after."""
    if given is not None:
        yield given
        return
    made: SyncClient = make()
    try:
        yield made
    finally:
        made.close()


# --- one round -----------------------------------------------------------------------------


def _state(session: Session) -> SyncState:
    state = session.get(SyncState, 1)
    if state is None:
        state = SyncState(singleton=1, pull_cursor=0, last_error="", clock_skew_s=0)
        session.add(state)
        session.flush()
    return state


_WAITING = (OutboxEvent.acked_at.is_(None), OutboxEvent.quarantined_at.is_(None))


def _word(error: SyncClientError) -> str:
    return error.word[:ERROR_WORD_LENGTH]


def sync_once(workspace: Workspace, client: SyncClient | None = None) -> SyncReport:
    """Push what waits, then pull and apply the server's changes; see the module's word.

    A failure is recorded (sync_state.last_error, last_attempt_at) and raised as the client's
    typed error: `DeviceRevoked`/`DeviceUnknown` (enroll again; nothing was discarded), or a
    retryable one (`ServerUnreachable`, `ServerFailed`)."""
    enrollment = None if client is not None else enrollment_of(workspace)
    if client is None and enrollment is None:
        raise NotEnrolled()
    counts = _Counts()
    with _client(client, lambda: client_for(workspace, enrollment)) as talking:
        try:
            _push_all(workspace, talking, counts)
            _pull_all(workspace, talking, counts)
            # Applying records events of its own, and a restored server is owed events again.
            if counts.applied or counts.requeued:
                _push_all(workspace, talking, counts)
            with workspace.read() as session:
                owner = _owner(workspace, session, talking)
            counts.uploaded, counts.uploaded_bytes = upload_all(workspace, talking, owner)
        except SyncClientError as error:
            _record_failure(workspace, _word(error))
            log.info("sync round stopped: %s", error.word)
            raise
        except DeskError:
            _record_failure(workspace, "local_error")
            raise
    with workspace.write() as session:
        state = _state(session)
        now = workspace.now()
        state.last_success_at = state.last_attempt_at = now
        state.last_error = ""
        if counts.skew_s is not None:
            state.clock_skew_s = counts.skew_s
        waiting = _waiting_count(session)
        skew = state.clock_skew_s
        uploads = uploads_view(workspace, session, _owner(workspace, session))
    log.info(
        "sync round: %d sent, %d acknowledged, %d quarantined, %d changes applied, %d waiting; "
        "%d scans uploaded (%d bytes), %d waiting, %d set aside",
        counts.sent,
        counts.acknowledged,
        counts.quarantined,
        counts.applied,
        waiting,
        counts.uploaded,
        counts.uploaded_bytes,
        uploads.waiting,
        len(uploads.problems),
    )
    return SyncReport(
        sent=counts.sent,
        acknowledged=counts.acknowledged,
        quarantined=counts.quarantined,
        applied=counts.applied,
        skipped=counts.skipped,
        waiting=waiting,
        clock_skew_s=skew,
        uploaded=counts.uploaded,
        uploaded_bytes=counts.uploaded_bytes,
        attachments_waiting=uploads.waiting,
        attachment_problems=len(uploads.problems),
        resent_after_restore=counts.requeued,
    )


@dataclass
class _Counts:
    sent: int = 0
    acknowledged: int = 0
    quarantined: int = 0
    applied: int = 0
    skipped: int = 0
    uploaded: int = 0
    uploaded_bytes: int = 0
    requeued: int = 0
    restores: int = 0  # epochs changed this round (a second one stops it)
    skew_s: int | None = None

    def saw(self, workspace: Workspace, server_time: datetime) -> None:
        self.skew_s = round((server_time - workspace.now()).total_seconds())


def _record_failure(workspace: Workspace, word: str) -> None:
    with workspace.write() as session:
        state = _state(session)
        state.last_attempt_at = workspace.now()
        state.last_error = word


def _waiting_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(OutboxEvent).where(*_WAITING)) or 0


def _push_all(workspace: Workspace, client: SyncClient, counts: _Counts) -> None:
    station = station_of(workspace)
    size = PUSH_BATCH
    while True:
        with workspace.read() as session:
            rows = session.scalars(
                select(OutboxEvent).where(*_WAITING).order_by(OutboxEvent.seq).limit(size)
            ).all()
            if not rows:
                return
            waiting, oldest = session.execute(
                select(func.count(), func.min(OutboxEvent.created_at)).where(*_WAITING)
            ).one()
            head = chain_head(session, station.workstation.id) or (0, "")
            envelopes = [envelope_of(row) for row in rows]
        ids = [e.event_id for e in envelopes]
        body = PushIn(
            head=ChainHead(seq=head[0], hash=head[1]),
            waiting=waiting,
            oldest_waiting_at=oldest,
            events=envelopes,
            client_time=workspace.now(),
        )
        try:
            answer = client.push(body)
        except (DeviceRevoked, DeviceUnknown):
            raise  # the outbox stays exactly as it is
        except ServerRefused as error:
            if error.status not in BATCH_REFUSED:
                _count_attempt(workspace, ids, _word(error))
                raise
            # The server will never take this batch as it is (too large, or one event it
            # cannot read): halve it until the one event it refuses is alone, and keep that
            # one aside, so it does not hold back every event behind it for ever.
            if len(rows) > 1:
                size = max(1, len(rows) // 2)
                continue
            _quarantine_here(workspace, ids[0], error.error, counts)
            size = PUSH_BATCH
            continue
        except SyncClientError as error:
            _count_attempt(workspace, ids, _word(error))
            raise
        counts.saw(workspace, answer.server_time)
        counts.sent += len(envelopes)
        # Before settling: this batch's acknowledgements are the restored server's own.
        restored = _follow_epoch(workspace, answer.epoch, counts)
        settled = _settle(workspace, ids, answer.results, counts)
        if answer.chain != "ok":
            log.warning("district server sees this workstation's chain as %s", answer.chain)
        if not settled:
            raise _StopRound()
        if len(rows) < size and not restored:
            return
        size = PUSH_BATCH


def _follow_epoch(workspace: Workspace, epoch: str, counts: _Counts) -> bool:
    """Take the server's epoch; True when it is another than the one last seen, the server
    having been restored from a backup: the pull cursor goes back to 0 and every event it had
    acknowledged waits again (see the module's word). One transaction, so a crash leaves
    either the old epoch with nothing changed or the new one with everything queued."""
    with workspace.read() as session:
        state = session.get(SyncState, 1)
        if state is not None and state.server_epoch == epoch:
            return False
    with workspace.write() as session:
        state = _state(session)
        if state.server_epoch == epoch:
            return False  # another round took it meanwhile
        first = not state.server_epoch
        if not first and counts.restores:
            raise ServerEpochUnsteady()  # nothing written: the transaction rolls back
        state.server_epoch = epoch
        if first:
            return False
        state.pull_cursor = 0
        acknowledged = (OutboxEvent.acked_at.is_not(None), OutboxEvent.quarantined_at.is_(None))
        requeued = session.scalar(select(func.count()).where(*acknowledged)) or 0
        session.execute(
            update(OutboxEvent)
            .where(*acknowledged)
            .values(acked_at=None, attempts=0, last_error="")
        )
    counts.restores += 1
    counts.requeued += requeued
    log.warning(
        "the district server was restored from a backup: %d events queued again, pulling "
        "from the start",
        requeued,
    )
    return True


def _quarantine_here(workspace: Workspace, event_id: uuid.UUID, word: str, counts: _Counts) -> None:
    """Set an event aside that the server refused alone as a request (never sent again, kept,
    shown with its reason, exportable), as the server's own quarantine would."""
    reason = (word or "refused")[:ERROR_WORD_LENGTH]
    with workspace.write() as session:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id == event_id)
            .values(quarantined_at=workspace.now(), quarantine_reason=reason)
        )
    counts.quarantined += 1
    log.warning("event %s set aside: the district server refused it (%s)", event_id, reason)


class ServerEpochUnsteady(SyncClientError):
    """Two epochs in one round: two server databases answer at one address (a balancer in
    front of two copies?). Re-queueing on every answer would never end: the round stops."""

    word = "epoch_unsteady"
    retry = True
    msgid = N_(
        "Máy chủ quận trả lời bằng hai cơ sở dữ liệu khác nhau trong một lượt đồng bộ; đã "
        "dừng lượt này, các hồ sơ chờ gửi vẫn được giữ. Hãy báo quản trị viên máy chủ quận."
    )


class _StopRound(SyncClientError):
    word = NO_ANSWER
    retry = True
    msgid = N_("Máy chủ quận chưa xác nhận hết các sự kiện đã gửi; sẽ gửi lại sau.")


def _count_attempt(workspace: Workspace, ids: list[uuid.UUID], word: str) -> None:
    with workspace.write() as session:
        session.execute(
            update(OutboxEvent)
            .where(OutboxEvent.id.in_(ids))
            .values(attempts=OutboxEvent.attempts + 1, last_error=word[:ERROR_WORD_LENGTH])
        )


def _settle(workspace: Workspace, ids: list[uuid.UUID], results: Any, counts: _Counts) -> bool:
    """Apply the server's word on each event; False when some event was left unsettled."""
    outcome = {r.event_id: r for r in results}
    now = workspace.now()
    unsettled: list[uuid.UUID] = []
    with workspace.write() as session:
        for event_id in ids:
            result = outcome.get(event_id)
            if result is None:
                unsettled.append(event_id)
                continue
            if result.outcome in ACKNOWLEDGED:
                session.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.id == event_id)
                    .values(acked_at=now, last_error="")
                )
                counts.acknowledged += 1
            elif result.outcome in (Outcome.CONFLICT, Outcome.REJECTED):
                reason = (result.reason or result.outcome.value)[:ERROR_WORD_LENGTH]
                session.execute(
                    update(OutboxEvent)
                    .where(OutboxEvent.id == event_id)
                    .values(quarantined_at=now, quarantine_reason=reason)
                )
                counts.quarantined += 1
                log.warning("event %s quarantined by the district server: %s", event_id, reason)
            else:
                unsettled.append(event_id)
        if unsettled:
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.id.in_(unsettled))
                .values(attempts=OutboxEvent.attempts + 1, last_error=NO_ANSWER)
            )
    return not unsettled


# --- pull ----------------------------------------------------------------------------------


@dataclass
class _Prepared:
    """A change checked outside the transaction, ready to apply inside it."""

    change: Change
    apply: Any = None  # Callable[[Session], None] | None: None skips the change
    after_commit: list[Any] = field(default_factory=list)


def _pull_all(workspace: Workspace, client: SyncClient, counts: _Counts) -> None:
    while True:
        with workspace.read() as session:
            state = session.get(SyncState, 1)
            cursor = state.pull_cursor if state is not None else 0
        page = client.pull(cursor, MAX_PULL_CHANGES)
        counts.saw(workspace, page.server_time)
        if _follow_epoch(workspace, page.epoch, counts):
            continue  # this page counted from the old life's cursor: ask again from 0
        for change in page.changes:
            if change.seq <= cursor:
                continue  # already applied (the server never sends these; be safe)
            prepared = _prepare(workspace, change)
            if apply_change(workspace, prepared):
                if prepared.apply is None:
                    counts.skipped += 1
                else:
                    counts.applied += 1
            cursor = change.seq
        if page.cursor > cursor:
            with workspace.write() as session:
                state = _state(session)
                state.pull_cursor = max(state.pull_cursor, page.cursor)
            cursor = page.cursor
        if not page.more or not page.changes:
            return


def apply_change(workspace: Workspace, prepared: _Prepared) -> bool:
    """The change and its cursor in one write transaction: both or neither. False (nothing
    done) when another round applied it meanwhile (the window's timer and `desk-app sync`
    pulling at once): the cursor is read again under the write lock."""
    with workspace.write() as session:
        if _state(session).pull_cursor >= prepared.change.seq:
            return False
        if prepared.apply is not None:
            prepared.apply(session)
        _store_cursor(session, prepared.change.seq)
    for step in prepared.after_commit:
        step()
    return True


def _store_cursor(session: Session, seq: int) -> None:
    state = _state(session)
    state.pull_cursor = max(state.pull_cursor, seq)


def _prepare(workspace: Workspace, change: Change) -> _Prepared:
    """Check a change's document before its transaction starts (a bad one is skipped and
    logged by kind and place only: its text may be anything)."""
    system = Actor.at_station(station_of(workspace), None)
    source = f"district-{change.seq}.json"
    try:
        if change.kind == "catalogue.published":
            from desk_app.services.catalogue import apply_catalogue
            from desk_app.services.catalogue_files import load_catalogue

            specs = _through_file(change.payload.get("catalogue"), load_catalogue)
            return _Prepared(
                change,
                lambda session: apply_catalogue(session, workspace, system, specs, source),
            )
        if change.kind == "calendar.published":
            from desk_app.services.calendar import (
                forget_loaded_years,
                read_calendar_file,
                store_official_years,
            )

            years = _through_file(change.payload.get("calendar"), read_calendar_file)
            return _Prepared(
                change,
                lambda session: store_official_years(session, workspace, system, years, source),
                [lambda: forget_loaded_years(workspace)],
            )
    except DeskError as error:
        log.warning(
            "district change %d (%s) refused here: %s",
            change.seq,
            change.kind,
            type(error).__name__,
        )
        return _Prepared(change)
    log.info("district change %d of unknown kind %s skipped", change.seq, change.kind[:64])
    return _Prepared(change)


class _BadDocument(DeskError):
    msgid = N_("Thay đổi từ máy chủ quận không mang tài liệu nào.")


def _through_file(document: object, reader: Any) -> Any:
    """Read a published document with the file reader an import uses, so it gets exactly the
    checks a file would (size, depth, shape)."""
    if not isinstance(document, (dict, list)):
        raise _BadDocument()
    with tempfile.TemporaryDirectory(prefix="desk-app-pull-") as folder:
        path = Path(folder) / "published.json"
        path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
        return reader(path)


def _owner(workspace: Workspace, session: Session, client: SyncClient | None = None) -> UploadOwner:
    """Whose uploads the ledger records: the enrolled server, device and server epoch."""
    state = session.get(SyncState, 1)
    epoch = state.server_epoch if state is not None else ""
    enrollment = enrollment_of_or_none(workspace)
    if enrollment is not None:
        return UploadOwner(enrollment.url, str(enrollment.device_id), epoch)
    return UploadOwner(client.base_url if client is not None else "", "", epoch)


# --- status and export ---------------------------------------------------------------------


def sync_status(workspace: Workspace) -> SyncStatus:
    enrollment = enrollment_of_or_none(workspace)
    with workspace.read() as session:
        state = session.get(SyncState, 1)
        waiting, oldest = session.execute(
            select(func.count(), func.min(OutboxEvent.created_at)).where(*_WAITING)
        ).one()
        quarantined = tuple(
            QuarantinedItem(row.id, row.kind, row.created_at, row.quarantine_reason)
            for row in session.scalars(
                select(OutboxEvent)
                .where(OutboxEvent.quarantined_at.is_not(None), OutboxEvent.acked_at.is_(None))
                .order_by(OutboxEvent.seq)
            )
        )
        uploads = uploads_view(workspace, session, _owner(workspace, session))
        return SyncStatus(
            enrollment=enrollment,
            last_success_at=state.last_success_at if state else None,
            last_attempt_at=state.last_attempt_at if state else None,
            last_error=state.last_error if state else "",
            waiting=waiting,
            oldest_waiting_at=oldest,
            quarantined=quarantined,
            clock_skew_s=state.clock_skew_s if state else 0,
            attachments_waiting=uploads.waiting,
            attachment_problems=uploads.problems,
        )


class ExportNotWritten(DeskError):
    msgid = N_("Không ghi được tệp {file}: {reason}.")


def waiting_envelopes(workspace: Workspace) -> list[Envelope]:
    """The events not yet on the server (neither acknowledged nor quarantined), in order."""
    with workspace.read() as session:
        rows = session.scalars(select(OutboxEvent).where(*_WAITING).order_by(OutboxEvent.seq))
        return [envelope_of(row) for row in rows]


def export_waiting(workspace: Workspace, path: Path) -> int:
    """Write the waiting envelopes to ``path`` as JSON lines (a private file: they hold
    applicants' data); the outbox itself is untouched. The number written."""
    envelopes = waiting_envelopes(workspace)
    data = "".join(e.model_dump_json() + "\n" for e in envelopes).encode("utf-8")
    try:
        write_atomically(path, data)
    except OSError as error:
        raise ExportNotWritten(
            file=path.name, reason=error.strerror or type(error).__name__
        ) from None
    return len(envelopes)
