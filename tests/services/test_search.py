"""Finding dossiers: by name with or without diacritics, by ID number, phone, code or a scanned
receipt, narrowed by procedure, state and dates; bad search text is refused in plain words."""

from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from desk_app.core.lifecycle import DossierState
from desk_app.core.search import NothingToSearch, SearchTooLong
from desk_app.printing.document_qr import DocumentQr
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.errors import NotFound
from desk_app.services.intake import take_in
from desk_app.services.search import (
    BadDateRange,
    NotAScannedCode,
    SearchFilters,
    open_scanned,
    search_dossiers,
)
from tests.factories import SettableClock, intake_request, office_time

BIRTH = "1.001193"  # Đăng ký khai sinh
MARITAL_STATUS = "1.004873"  # Cấp Giấy xác nhận tình trạng hôn nhân


@pytest.fixture
def people(workspace: Workspace, actor: Actor, clock: SettableClock) -> dict[str, DossierRecord]:
    made = {}
    for key, procedure, name, fields in (
        ("duc", BIRTH, "Nguyễn Văn Đức", {"id_number": "001090000123", "phone": "0912345678"}),
        ("dung", MARITAL_STATUS, "Trần Thị Dung", {"phone": "0987654321"}),
        ("dang", BIRTH, "Đặng Minh Hoàng", {}),
        ("an", MARITAL_STATUS, "Lê Văn An", {}),
    ):
        made[key] = take_in(workspace, actor, intake_request(procedure, name, **fields))
        clock.advance(minutes=10)
    return made


def _codes(records: list[DossierRecord]) -> list[str]:
    return [r.code for r in records]


@pytest.mark.parametrize(
    "typed",
    ["nguyen van duc", "Nguyễn Văn Đức", "Duc", "đức", "ĐỨC", "nguyen van d", "ng v đ", "Van Duc"],
)
def test_the_name_is_found_however_it_is_typed(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord], typed: str
) -> None:
    assert _codes(search_dossiers(workspace, actor, typed)) == [people["duc"].code]


@pytest.mark.parametrize("use_index", [True, False])
def test_the_server_fallback_finds_the_same_names(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord], use_index: bool
) -> None:
    # LIKE on the folded columns (the district server has no FTS5) agrees on these.
    for typed in ("nguyen van duc", "đức", "001090000123", "0912 345 678"):
        found = search_dossiers(workspace, actor, typed, use_index=use_index)
        assert _codes(found) == [people["duc"].code], typed


def test_a_partial_first_name_finds_every_beginning(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    # "Đ"/"D" begins Đức, Dung and Đặng: newest first.
    found = _codes(search_dossiers(workspace, actor, "d"))
    assert found == [people["dang"].code, people["dung"].code, people["duc"].code]


@pytest.mark.parametrize("typed", ["001090000123", "0010900", "0912345678", "0912 345 678"])
def test_id_number_and_phone_find_the_applicant(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord], typed: str
) -> None:
    assert _codes(search_dossiers(workspace, actor, typed)) == [people["duc"].code]


def test_a_persons_words_come_before_a_procedures(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    # "Đặng" is a family name and, folded, the first word of "Đăng ký khai sinh".
    # Mr Đặng is found, not every birth registration besides.
    assert _codes(search_dossiers(workspace, actor, "Đặng")) == [people["dang"].code]
    # The procedure's own words find its dossiers when no person holds them.
    assert set(_codes(search_dossiers(workspace, actor, "khai sinh"))) == {
        people["duc"].code,
        people["dang"].code,
    }


def test_filters_narrow_the_search(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    by_procedure = search_dossiers(workspace, actor, "van", SearchFilters(procedure_code=BIRTH))
    assert _codes(by_procedure) == [people["duc"].code]
    everyone = _codes(
        search_dossiers(workspace, actor, "", SearchFilters(state=DossierState.RECEIVED))
    )
    assert len(everyone) == 4
    assert search_dossiers(workspace, actor, "", SearchFilters(state=DossierState.RETURNED)) == []
    today = date(2025, 7, 15)
    in_range = SearchFilters(received_from=today, received_to=today)
    assert len(search_dossiers(workspace, actor, "", in_range)) == 4
    later = SearchFilters(received_from=date(2025, 7, 16))
    assert search_dossiers(workspace, actor, "nguyen", later) == []
    with pytest.raises(BadDateRange):
        SearchFilters(received_from=date(2025, 7, 16), received_to=today)


def test_a_code_typed_or_scanned_comes_alone(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    code = people["an"].code
    assert _codes(search_dossiers(workspace, actor, code.lower() + "\r\n")) == [code]
    assert open_scanned(workspace, actor, f"  {code}\n").code == code


def test_the_receipts_qr_opens_its_dossier(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    record = people["dung"]
    qr = DocumentQr(
        dossier_code=record.code,
        procedure_code=record.procedure_code,
        id_number="",
        document_name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        system_name="desk-app",
        issued_at=record.received_at,
        appointment_at=record.due_at,
    )
    line = qr.payload()  # what a scanner in keyboard mode types from the receipt's QR
    assert open_scanned(workspace, actor, line).code == people["dung"].code
    assert _codes(search_dossiers(workspace, actor, line)) == [people["dung"].code]


def test_a_scanner_line_that_is_no_code_is_refused_in_plain_words(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    with pytest.raises(NotAScannedCode) as refused:
        open_scanned(workspace, actor, "001090000123|012345678|Nguyễn Văn Đức|01011990")
    assert "quét" in refused.value.message.render()
    with pytest.raises(NotFound):
        open_scanned(workspace, actor, "000.00.19.H26-250715-0999")


@pytest.mark.parametrize("typed", ["\x00\x01\x1b", '"*:()^-+', "\u200b\u200e", "|||"])
def test_text_with_no_letter_or_digit_is_refused(
    workspace: Workspace, actor: Actor, typed: str
) -> None:
    with pytest.raises(NothingToSearch) as refused:
        search_dossiers(workspace, actor, typed)
    assert refused.value.field == "text"


def test_overlong_text_is_refused(workspace: Workspace, actor: Actor) -> None:
    with pytest.raises(SearchTooLong):
        search_dossiers(workspace, actor, "a" * 500)


@pytest.mark.parametrize(
    "typed", ['Đức" OR "x', "duc AND NOT an", "name:duc", "NEAR(duc an)", "duc*", "{phone}: 09"]
)
def test_fts_syntax_is_read_as_plain_words(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord], typed: str
) -> None:
    # Never an SQL error; the words are matched as words ("or", "and", "near" are no names).
    search_dossiers(workspace, actor, typed)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=60))
def test_any_text_gives_results_or_a_plain_refusal(
    workspace: Workspace, actor: Actor, typed: str
) -> None:
    with contextlib.suppress(NothingToSearch, SearchTooLong):
        search_dossiers(workspace, actor, typed)


def test_the_index_follows_a_correction_and_a_deletion(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    # The triggers keep the index in step with the table, whoever writes it.
    with workspace.write() as session:
        session.execute(
            text(
                "UPDATE dossier SET applicant_name = 'Ngô Văn Đức', "
                "applicant_name_folded = 'ngo van duc' WHERE code = :code"
            ),
            {"code": people["duc"].code},
        )
    assert search_dossiers(workspace, actor, "nguyen van duc") == []
    assert _codes(search_dossiers(workspace, actor, "ngo duc")) == [people["duc"].code]
    with workspace.write() as session:
        session.execute(text("DELETE FROM dossier WHERE code = :code"), {"code": people["an"].code})
        left = session.execute(text("SELECT count(*) FROM dossier_search_key")).scalar()
    assert left == 3
    assert search_dossiers(workspace, actor, "le van an") == []


def test_other_offices_dossiers_stay_hidden(
    workspace: Workspace, actor: Actor, people: dict[str, DossierRecord]
) -> None:
    import uuid
    from dataclasses import replace

    elsewhere = replace(actor, office=replace(actor.office, id=uuid.uuid4()))
    assert search_dossiers(workspace, elsewhere, "nguyen van duc") == []
    assert office_time(2025, 7, 15).date() == date(2025, 7, 15)


def test_a_full_name_typed_in_order_lists_the_names_that_begin_so(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    """Three words or more in order: the names that begin with them (one cheap prefix in the
    index's ``whole`` column); when none begins so, every dossier holding the words."""
    made = {}
    for key, name in (
        ("chau", "Nguyễn Thị Thu Châu"),
        ("chi", "Nguyễn Thị Thu Chi"),
        ("minh_chau", "Nguyễn Thị Minh Châu"),
        ("other_order", "Thu Nguyễn Thị Châu"),
    ):
        made[key] = take_in(workspace, actor, intake_request(BIRTH, name)).code
        clock.advance(minutes=5)
    found = _codes(search_dossiers(workspace, actor, "nguyen thi thu ch"))
    assert found == [made["chi"], made["chau"]]  # newest first; not the other two
    assert _codes(search_dossiers(workspace, actor, "Nguyễn Thị Thu Châu")) == [made["chau"]]
    # No name begins "thi thu chau": the words anywhere find the two holding all three.
    anywhere = _codes(search_dossiers(workspace, actor, "thi thu chau"))
    assert anywhere == [made["other_order"], made["chau"]]
    # Two words are words anywhere, as before: the family and the given name.
    assert _codes(search_dossiers(workspace, actor, "Nguyễn Châu")) == [
        made["other_order"],
        made["minh_chau"],
        made["chau"],
    ]
    assert len(search_dossiers(workspace, actor, "Nguy")) == 4  # a five-letter prefix index


def test_the_whole_name_column_never_answers_a_word_prefix(
    workspace: Workspace, actor: Actor
) -> None:
    """Its words begin with a mark no typed word holds: "ng" finds names by their words, and
    the run-together name is not a word of any other column."""
    code = take_in(workspace, actor, intake_request(BIRTH, "Lê Văn Nguyên")).code
    assert _codes(search_dossiers(workspace, actor, "levan")) == []
    assert _codes(search_dossiers(workspace, actor, "ŋlevan")) == []
    assert _codes(search_dossiers(workspace, actor, "nguyen")) == [code]
