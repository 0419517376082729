"""Taking in a dossier: what is stored, the code and due date printed, and what is refused."""

from __future__ import annotations

import json
import sqlite3
import unicodedata
from datetime import UTC

import pytest
from sqlalchemy import func, select

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.citizen_id import parse_qr
from desk_app.core.dossier import ReturnMethod
from desk_app.core.errors import ValidationError
from desk_app.core.lifecycle import DossierState
from desk_app.core.rules import RuleSet
from desk_app.services.catalogue import UnknownProcedure, list_procedures
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier, list_today, search_dossiers
from desk_app.services.errors import StorageError
from desk_app.services.intake import IncompleteDossier, preview_due, take_in
from desk_app.services.workstation import database_file
from desk_app.store.audit import verify_chain
from desk_app.store.db import Database, make_engine, sqlite_url
from desk_app.store.local import OutboxEvent, SerialCounter
from desk_app.store.models import AuditEntry, Dossier
from desk_app.sync.events import DossierReceived
from tests.factories import SettableClock, intake_request, office_time

BIRTH = "1.001193"  # Đăng ký khai sinh: same day, 15:00 rule
QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Thanh Xuân Trung, Hà Nội|15042021"


ID_NUMBER = "001190004567"
MARITAL_STATUS = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân: 3 working days


def _count(workspace: Workspace, model: type) -> int:
    with workspace.db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_intake_stores_dossier_code_due_date_and_history(
    workspace: Workspace, actor: Actor
) -> None:
    record = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An", phone="0912345678"))
    # Tuesday 09:05, same-day procedure: due today at closing time.
    assert record.code == "000.00.19.H26-250715-1001"
    assert record.due_at.astimezone(OFFICE_TZ) == office_time(2025, 7, 15, 17, 0)
    assert record.state is DossierState.RECEIVED
    assert record.register_book == "01/2025" and record.register_line == 1
    # No components named: the required ones are received, the optional ("nếu có") are not.
    assert [c.received for c in record.components] == [c.required for c in record.components]
    stored = get_dossier(workspace, actor, record.code)
    assert stored == record
    with workspace.db.read() as session:
        assert verify_chain(session, actor.workstation.id).ok
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        event = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc())).first()
    # One change recorder: the audit entry and the outbox event say the same thing.
    assert audit is not None and event is not None
    assert audit.entity_id == record.code
    assert audit.action == event.kind == "dossier.received"
    assert (event.audit_seq, event.audit_hash) == (audit.seq, audit.hash)
    assert event.office_id == actor.office.id and event.workstation_id == actor.workstation.id
    logged = json.loads(audit.payload)
    assert logged["event_id"] == str(event.id) and logged["data"] == json.loads(event.payload)
    received = DossierReceived.model_validate_json(event.payload)
    assert received.code == record.code and received.applicant.phone == "0912345678"
    assert received.rule_set is RuleSet.R2018 and received.return_method is ReturnMethod.COUNTER


def test_serials_follow_each_other_and_restart_each_day(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    codes = [take_in(workspace, actor, intake_request(BIRTH, f"Người {i}")).code for i in range(3)]
    assert [c[-4:] for c in codes] == ["1001", "1002", "1003"]
    clock.advance(days=1)
    assert take_in(workspace, actor, intake_request(BIRTH, "Ngày mới")).code.endswith(
        "-250716-1001"
    )


def test_working_days_deadline_skips_the_weekend(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    clock.current = office_time(2025, 7, 18, 16, 30)  # Friday afternoon
    preview = preview_due(workspace, actor, MARITAL_STATUS)
    record = take_in(workspace, actor, intake_request(MARITAL_STATUS, "Trần Thị Bích"))
    # 30 minutes on Friday, then Monday and Tuesday in full, then 7 h 30 on Wednesday.
    assert record.due_at.astimezone(OFFICE_TZ) == office_time(2025, 7, 23, 16, 30)
    assert record.due_at == preview.due_at.astimezone(UTC)


def test_qr_line_fills_the_applicant(workspace: Workspace, actor: Actor) -> None:
    request = intake_request(BIRTH, "").with_card(parse_qr(QR))
    record = take_in(workspace, actor, request)
    assert record.applicant.name == "Nguyễn Văn An"
    assert record.applicant.id_number == "001090123456"
    assert record.applicant.address.startswith("Phường Thanh Xuân Trung")


def test_text_is_stored_nfc_without_control_characters(workspace: Workspace, actor: Actor) -> None:
    nfd_name = unicodedata.normalize("NFD", "Lê Đức Hưởng") + "\x07\r\n"
    record = take_in(workspace, actor, intake_request(BIRTH, nfd_name, address="Số 5\tngõ 3"))
    assert record.applicant.name == "Lê Đức Hưởng"
    assert unicodedata.is_normalized("NFC", record.applicant.name)
    assert record.applicant.address == "Số 5 ngõ 3"
    assert [r.code for r in search_dossiers(workspace, actor, "le duc huong")] == [record.code]


@pytest.mark.parametrize(
    ("request_kwargs", "fragment"),
    [
        ({"name": "   "}, "họ tên"),
        ({"id_number": "12345"}, "12"),
        ({"phone": "abc"}, "điện thoại"),
        ({"email": "khong-phai-email"}, "email"),
        ({"channel": "fax"}, "Kênh nộp"),
    ],
)
def test_bad_input_is_refused_and_nothing_stored(
    workspace: Workspace, actor: Actor, request_kwargs: dict[str, str], fragment: str
) -> None:
    base = {"procedure_code": BIRTH, "name": "Nguyễn Văn An"}
    with pytest.raises(ValidationError) as caught:
        take_in(workspace, actor, intake_request(**(base | request_kwargs)))
    assert fragment in str(caught.value)
    assert _count(workspace, Dossier) == 0


def test_unknown_procedure_is_named(workspace: Workspace, actor: Actor) -> None:
    with pytest.raises(UnknownProcedure, match=r"9\.999999"):
        take_in(workspace, actor, intake_request("9.999999", "Nguyễn Văn An"))


def test_future_received_time_is_refused(workspace: Workspace, actor: Actor) -> None:
    with pytest.raises(ValidationError, match="tương lai"):
        take_in(
            workspace,
            actor,
            intake_request(BIRTH, "Nguyễn Văn An", received_at=office_time(2025, 7, 16)),
        )


def test_incomplete_dossier_lists_missing_items_and_gets_no_code(
    workspace: Workspace, actor: Actor
) -> None:
    procedure = next(p for p in list_procedures(workspace) if p.code == BIRTH)
    required = [c for c in procedure.components if c.required]
    with pytest.raises(IncompleteDossier) as caught:
        take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An", components=()))
    assert caught.value.missing == tuple(c.name for c in required)
    assert required[0].name in str(caught.value)
    assert _count(workspace, Dossier) == 0 and _count(workspace, SerialCounter) == 0
    # The next complete dossier still gets the first serial: nothing was used up.
    assert take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code.endswith("-1001")


def test_failed_audit_write_stores_nothing(workspace: Workspace, actor: Actor) -> None:
    connection = sqlite3.connect(database_file(workspace.home))
    connection.execute(
        "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END"
    )
    connection.commit()
    audit_before = _count(workspace, AuditEntry)
    outbox_before = _count(workspace, OutboxEvent)
    with pytest.raises(StorageError):
        take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert _count(workspace, Dossier) == 0
    assert _count(workspace, OutboxEvent) == outbox_before
    assert _count(workspace, SerialCounter) == 0
    assert _count(workspace, AuditEntry) == audit_before
    connection.execute("DROP TRIGGER fail_audit")
    connection.commit()
    assert take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code.endswith("-1001")


def test_full_disk_at_commit_gives_a_plain_message_and_keeps_earlier_dossiers(
    workspace: Workspace, actor: Actor
) -> None:
    first = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    connection = sqlite3.connect(database_file(workspace.home))
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.close()

    from sqlalchemy import event

    @event.listens_for(workspace.db.engine, "connect")
    def _tiny_disk(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    workspace.db.engine.dispose()
    with pytest.raises(StorageError, match="Ổ đĩa đã đầy"):
        for i in range(200):  # fill the remaining free pages
            # A name stops at 255 characters (issue 8); a long address still fills the disk.
            long_address = "Thôn " + "x" * 2000 + str(i)
            take_in(workspace, actor, intake_request(BIRTH, "Người nộp", address=long_address))
    assert get_dossier(workspace, actor, first.code).applicant.name == "Nguyễn Văn An"


def test_locked_database_gives_a_plain_message(workspace: Workspace, actor: Actor) -> None:
    workspace.db.dispose()
    workspace.db = Database(
        make_engine(sqlite_url(database_file(workspace.home)), busy_timeout_ms=100)
    )
    blocker = sqlite3.connect(database_file(workspace.home), isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StorageError, match="khóa"):
            take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    finally:
        blocker.execute("ROLLBACK")
    assert take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An")).code.endswith("-1001")


def test_today_lists_this_workstations_dossiers_newest_first(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    take_in(
        workspace, actor, intake_request(BIRTH, "Hôm qua", received_at=office_time(2025, 7, 14))
    )
    a = take_in(workspace, actor, intake_request(BIRTH, "Người A"))
    clock.advance(minutes=3)
    b = take_in(workspace, actor, intake_request(BIRTH, "Người B"))
    assert [r.code for r in list_today(workspace, actor)] == [b.code, a.code]


def test_read_only_database_gives_a_plain_message(workspace: Workspace, actor: Actor) -> None:
    # SQLite's read-only mode raises the same error as a file the user may not write.
    workspace.db.dispose()
    read_only = f"sqlite:///file:{database_file(workspace.home)}?mode=ro&uri=true"
    workspace.db = Database(make_engine(read_only))
    with pytest.raises(StorageError, match="chỉ đọc"):
        take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))


def test_every_workstation_of_an_office_computes_the_same_due_date(
    clock: SettableClock, workspace: Workspace, actor: Actor
) -> None:
    """Office rules live in the database: a change made by another program (here a second
    workspace on the same file, as the CLI beside a running window) applies at once."""
    from datetime import time

    from desk_app.core.calendar import OfficeHours
    from desk_app.core.rules import OfficeRules
    from desk_app.services.office_rules import set_office_rules
    from desk_app.services.workstation import open_workstation

    clock.current = office_time(2025, 7, 15, 14, 30)
    before = preview_due(workspace, actor, BIRTH).due_at
    assert before.astimezone(OFFICE_TZ) == office_time(2025, 7, 15, 17, 0)
    assert workspace.home is not None
    other = open_workstation(workspace.home, now=clock)
    try:
        hours = OfficeHours(same_day_cutoff=time(14, 0), afternoon_end=time(16, 30))
        set_office_rules(other, actor, OfficeRules(hours))
    finally:
        other.close()
    after = preview_due(workspace, actor, BIRTH).due_at
    assert after.astimezone(OFFICE_TZ) == office_time(2025, 7, 16, 16, 30)
    record = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert record.due_at == after


def test_online_dossier_keeps_the_portal_code(workspace: Workspace, actor: Actor) -> None:
    portal = "000.00.19.h26-250714-0042 "  # as a scanner or a hurried officer may type it
    record = take_in(
        workspace,
        actor,
        intake_request(BIRTH, "Nguyễn Văn An", channel="online", portal_code=portal),
    )
    assert record.code == "000.00.19.H26-250714-0042"
    assert get_dossier(workspace, actor, portal).code == record.code
    with pytest.raises(ValidationError, match="đã được tiếp nhận"):
        take_in(
            workspace, actor, intake_request(BIRTH, "Lần hai", channel="online", portal_code=portal)
        )
    with pytest.raises(ValidationError, match="Cổng dịch vụ công"):
        take_in(workspace, actor, intake_request(BIRTH, "Không mã", channel="online"))
    # The counter's own serials are untouched by portal codes.
    assert take_in(workspace, actor, intake_request(BIRTH, "Tại quầy")).code.endswith("-1001")


def test_procedure_not_in_force_on_the_receipt_day_is_refused(
    workspace: Workspace, actor: Actor
) -> None:
    from desk_app.services.catalogue import ProcedureNotInForce

    later = next(
        p
        for p in list_procedures(workspace)
        if p.code not in {BIRTH} and p.components and p.duration.unit == "working_days"
    )
    from desk_app.store.models import Procedure

    with workspace.db.write() as session:
        row = session.scalars(select(Procedure).where(Procedure.code == later.code)).one()
        row.effective_from = office_time(2025, 8, 1).date()
    with pytest.raises(ProcedureNotInForce, match="15/07/2025"):
        take_in(workspace, actor, intake_request(later.code, "Nguyễn Văn An"))


def test_unresolved_dossiers_are_listed_soonest_due_first(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    from desk_app.services.dossiers import list_due

    slow = take_in(workspace, actor, intake_request(MARITAL_STATUS, "Ba ngày"))
    fast = take_in(workspace, actor, intake_request(BIRTH, "Trong ngày"))
    assert [r.code for r in list_due(workspace, actor)] == [fast.code, slow.code]


def test_a_code_already_taken_is_skipped_and_logged_without_personal_data(
    workspace: Workspace, actor: Actor, caplog: pytest.LogCaptureFixture
) -> None:
    """A workstation restored from an old backup would issue a code again: the allocator skips
    the taken serial (issue 8: the counter is never stuck) and says so without personal data."""
    take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        connection.execute("DELETE FROM serial_counter")  # as an old backup restored would
    with caplog.at_level("DEBUG"):
        record = take_in(
            workspace, actor, intake_request(BIRTH, "Trần Thị Bí Mật", id_number=ID_NUMBER)
        )
    assert record.code.endswith("-1002")
    assert "1001" in caplog.text and "skipped" in caplog.text
    for secret in ("Bí Mật", ID_NUMBER):
        assert secret not in caplog.text
    assert _count(workspace, Dossier) == 2


def test_a_dossier_holding_the_next_counter_code_does_not_stop_the_counter(
    workspace: Workspace, actor: Actor
) -> None:
    """Issue 8 proof: a row with the counter's next code (sync, import, a hand edit) exists."""
    first = take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    taken = first.code.replace("-1001", "-1002")
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        columns = [row[1] for row in connection.execute("PRAGMA table_info(dossier)")]
        values = ", ".join("?" if c in {"id", "code", "register_line"} else c for c in columns)
        connection.execute(
            f"INSERT INTO dossier ({', '.join(columns)}) SELECT {values} FROM dossier",
            [
                "0" * 32 if c == "id" else taken if c == "code" else 999
                for c in columns
                if c in {"id", "code", "register_line"}
            ],
        )
    second = take_in(workspace, actor, intake_request(BIRTH, "Trần Văn Bình"))
    third = take_in(workspace, actor, intake_request(BIRTH, "Lê Thị Cúc"))
    assert (second.code[-4:], third.code[-4:]) == ("1003", "1004")


@pytest.mark.parametrize(
    ("portal", "named"),
    [
        ("000.00.19.H56-250714-0042", "H56"),  # another office's identifier
        ("000.00.19.H26-250716-0042", "16/07/2025"),  # tomorrow
        ("000.00.19.H26-250714-1005", "1005"),  # workstation 1's block
        ("000.00.19.H26-250714-9001", "9001"),  # workstation 9's block
    ],
)
def test_an_online_code_that_could_block_a_counter_is_refused(
    workspace: Workspace, actor: Actor, portal: str, named: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        take_in(
            workspace,
            actor,
            intake_request(BIRTH, "Nguyễn Văn An", channel="online", portal_code=portal),
        )
    assert refused.value.field == "portal_code"
    assert named in str(refused.value)
    assert _count(workspace, Dossier) == 0
    assert take_in(workspace, actor, intake_request(BIRTH, "Tại quầy")).code.endswith("-1001")


def test_an_online_code_dated_after_the_receipt_day_is_refused(
    workspace: Workspace, actor: Actor
) -> None:
    with pytest.raises(ValidationError, match="sau ngày tiếp nhận") as refused:
        take_in(
            workspace,
            actor,
            intake_request(
                BIRTH,
                "Nguyễn Văn An",
                channel="online",
                portal_code="000.00.19.H26-250715-0042",
                received_at=office_time(2025, 7, 14, 10),
            ),
        )
    assert refused.value.field == "portal_code"


@pytest.mark.parametrize(("pages", "copies"), [(0, 1), (10_000, None), (3, 100)])
def test_an_impossible_page_or_copy_count_is_refused_and_nothing_stored(
    workspace: Workspace, actor: Actor, pages: int, copies: int | None
) -> None:
    before = _count(workspace, Dossier)
    with pytest.raises(ValidationError) as refused:
        take_in(
            workspace,
            actor,
            intake_request("2.000815", "Nguyễn Văn An", pages=pages, copies=copies),
        )
    assert refused.value.field in {"pages", "copies"}
    assert _count(workspace, Dossier) == before


def test_a_stored_lookup_url_that_would_break_every_receipt_is_left_out_when_read(
    workspace: Workspace, actor: Actor
) -> None:
    """Written around the service (another program, an old version): the rules read take the
    default for that setting only (services.context.rules_of), so intake goes on and the
    receipt prints, without the lookup page, instead of every read of the rules failing."""
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        connection.execute("UPDATE office_rules SET lookup_url = ?", ("https://a.vn/" * 250,))
    assert workspace.rules(actor.office.id).lookup_url == ""
    take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert _count(workspace, Dossier) == 1


def _as_officer(actor: Actor) -> Actor:
    from dataclasses import replace

    from desk_app.core.roles import Role

    assert actor.officer is not None
    return replace(actor, officer=replace(actor.officer, role=Role.OFFICER))


def test_a_receipt_time_more_than_30_days_back_needs_a_reason(
    workspace: Workspace, actor: Actor
) -> None:
    old = office_time(2025, 6, 10, 9)
    with pytest.raises(ValidationError, match="30 ngày") as refused:
        take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An", received_at=old))
    assert refused.value.field == "received_at"
    # 29 days back needs nothing.
    recent = office_time(2025, 6, 16, 9)
    assert take_in(workspace, actor, intake_request(BIRTH, "Trần Văn Bình", received_at=recent))
    assert _count(workspace, Dossier) == 1


def test_an_officer_cannot_backdate_even_with_a_reason_and_the_refusal_is_audited(
    workspace: Workspace, actor: Actor
) -> None:
    from desk_app.services.permissions import NotPermitted

    request = intake_request(
        BIRTH,
        "Nguyễn Văn An",
        received_at=office_time(2025, 6, 10, 9),
        backdate_reason="Hồ sơ nhận tay khi mất điện, nhập bù",
    )
    with pytest.raises(NotPermitted):
        take_in(workspace, _as_officer(actor), request)
    assert _count(workspace, Dossier) == 0
    with workspace.db.read() as session:
        kinds = session.scalars(select(OutboxEvent.kind)).all()
    assert "access.refused" in kinds


def test_an_admin_backdates_with_a_reason_recorded_as_its_own_event(
    workspace: Workspace, actor: Actor
) -> None:
    reason = "Hồ sơ nhận tay khi mất điện, nhập bù"
    record = take_in(
        workspace,
        actor,
        intake_request(
            BIRTH,
            "Nguyễn Văn An",
            received_at=office_time(2025, 6, 10, 9),
            backdate_reason=reason,
        ),
    )
    assert record.code.endswith("-250610-1001")
    with workspace.db.read() as session:
        events = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq)).all()
        audit = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
    backdated = [e for e in events if e.kind == "dossier.backdated"]
    assert len(backdated) == 1
    payload = json.loads(backdated[0].payload)
    assert payload["reason"] == reason and payload["code"] == record.code
    assert audit[-2:] == ["dossier.received", "dossier.backdated"]


def test_a_clock_set_back_since_the_last_intake_is_told_and_the_intake_goes_on(
    workspace: Workspace, actor: Actor, clock: SettableClock, caplog: pytest.LogCaptureFixture
) -> None:
    from desk_app.services.intake import CLOCK_WENT_BACK

    take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn An"))
    assert CLOCK_WENT_BACK not in workspace.notices
    clock.advance(hours=-2)
    with caplog.at_level("WARNING"):
        record = take_in(workspace, actor, intake_request(BIRTH, "Trần Văn Bình"))
    assert record.code.endswith("-1002")
    assert workspace.notices.count(CLOCK_WENT_BACK) == 1
    assert "clock" in caplog.text and "Bình" not in caplog.text
