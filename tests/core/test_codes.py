"""Dossier codes: the printed shape, strict reading, and serials that never collide offline."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.core.codes import (
    MAX_WORKSTATION,
    UPPER_LEVEL,
    DossierCode,
    SerialExhausted,
    format_code,
    format_ticket,
    next_serial,
    parse_code,
    serial_block,
    validate_agency_id,
    validate_workstation,
    workstation_of,
)
from desk_app.core.errors import ValidationError

AGENCY = "000.00.19.H56"
agency_ids = st.from_regex(r"[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}", fullmatch=True)
code_days = st.dates(date(2000, 1, 1), date(2099, 12, 31))


def test_reference_example_is_formatted_exactly() -> None:
    code = format_code(AGENCY, date(2025, 7, 15), 1)
    assert code == "000.00.19.H56-250715-0001"
    assert len(code) == 25


def test_agency_id_is_trimmed_and_upper_cased() -> None:
    assert validate_agency_id("  000.00.19.h56\r\n") == AGENCY


@pytest.mark.parametrize(
    "text",
    [
        "",
        "000.00.19",
        "000.00.19.H5",
        "000.00.19.H567",
        "0000.00.19.H56",
        "000-00-19-H56",
        "000.00.19.556",  # level-1 code starts with a letter
        "000.00.19.HA6",
        "000.00.19.Ĥ56",
        "000.00.19.ſ56",  # "ſ".upper() is "S": must not sneak through
        "000.00.19.H56-250715-0001",
    ],
)
def test_malformed_agency_ids_are_refused_in_vietnamese(text: str) -> None:
    with pytest.raises(ValidationError, match="QCVN 102:2016") as caught:
        validate_agency_id(text)
    assert caught.value.field == "agency_id"


def test_parse_reads_every_part() -> None:
    assert parse_code("000.00.19.H56-250715-1001") == DossierCode(AGENCY, date(2025, 7, 15), 1001)


def test_parse_forgives_a_scanners_enter_and_lower_case() -> None:
    assert str(parse_code(" 000.00.19.h56-250715-0042\r\n")) == "000.00.19.H56-250715-0042"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("000.00.19.H56-250715-0000", "0000"),
        ("000.00.19.H56-251340-0001", "không có thật"),
        ("000.00.19.H56-250230-0001", "không có thật"),
        ("000.00.19.H56-250715-001", "không phải là mã hồ sơ"),
        ("000.00.19.H56-250715-00001", "không phải là mã hồ sơ"),
        ("000.00.19.H56-20250715-0001", "không phải là mã hồ sơ"),
        ("000.00.19.H56 250715 0001", "không phải là mã hồ sơ"),
        ("000.00.19.H56-250715-0001-X", "không phải là mã hồ sơ"),
        ("000.00.19.H56-２50715-0001", "không phải là mã hồ sơ"),  # full-width digit
        ("H57.132-260804-0583", "không phải là mã hồ sơ"),
        ("", "không phải là mã hồ sơ"),
    ],
)
def test_parse_refuses_anything_but_a_code(text: str, reason: str) -> None:
    with pytest.raises(ValidationError, match=reason):
        parse_code(text)


@pytest.mark.parametrize(
    ("agency_id", "day", "serial"),
    [
        ("000.00.19.h56", date(2025, 1, 1), 1),
        (AGENCY, date(1999, 12, 31), 1),
        (AGENCY, date(2100, 1, 1), 1),
        (AGENCY, date(2025, 1, 1), 0),
        (AGENCY, date(2025, 1, 1), 10000),
    ],
)
def test_a_code_that_cannot_be_printed_cannot_be_built(
    agency_id: str, day: date, serial: int
) -> None:
    with pytest.raises(ValidationError):
        DossierCode(agency_id, day, serial)


def test_codes_sort_by_agency_then_day_then_serial() -> None:
    codes = [
        DossierCode(AGENCY, date(2025, 7, 16), 1001),
        DossierCode(AGENCY, date(2025, 7, 15), 2001),
        DossierCode("000.00.18.H56", date(2025, 7, 17), 1001),
        DossierCode(AGENCY, date(2025, 7, 15), 1002),
    ]
    assert [str(code) for code in sorted(codes)] == [
        "000.00.18.H56-250717-1001",
        "000.00.19.H56-250715-1002",
        "000.00.19.H56-250715-2001",
        "000.00.19.H56-250716-1001",
    ]


@settings(max_examples=200, deadline=None)
@given(agency_ids, code_days, st.integers(1, 9999))
def test_parse_undoes_format(agency_id: str, day: date, serial: int) -> None:
    printed = format_code(agency_id, day, serial)
    assert len(printed) == 25
    assert parse_code(printed) == DossierCode(agency_id, day, serial)


def test_each_workstation_owns_a_block_of_999() -> None:
    assert serial_block(UPPER_LEVEL) == range(1, 1000)
    assert serial_block(1) == range(1001, 2000)
    assert serial_block(MAX_WORKSTATION) == range(9001, 10000)
    blocks = [set(serial_block(k)) for k in range(MAX_WORKSTATION + 1)]
    assert all(len(block) == 999 for block in blocks)
    assert len(set().union(*blocks)) == 999 * (MAX_WORKSTATION + 1)


@pytest.mark.parametrize("workstation", [-1, 10, 100])
def test_there_is_no_block_beyond_nine_workstations(workstation: int) -> None:
    with pytest.raises(ValidationError, match="từ 1 đến 9"):
        serial_block(workstation)


def test_enrolment_numbers_are_one_to_nine() -> None:
    assert [validate_workstation(k) for k in (1, 9)] == [1, 9]
    for number in (0, 10):
        with pytest.raises(ValidationError, match="Số máy trạm phải từ 1 đến 9"):
            validate_workstation(number)


def test_first_serial_of_the_day_starts_the_block() -> None:
    assert next_serial(1, None) == 1001
    assert next_serial(7, None) == 7001
    assert next_serial(UPPER_LEVEL, None) == 1
    assert next_serial(7, 7041) == 7042


def test_a_workstation_issues_exactly_999_then_stops_loudly() -> None:
    issued: list[int] = []
    last: int | None = None
    with pytest.raises(SerialExhausted) as caught:
        while True:
            last = next_serial(3, last)
            issued.append(last)
    assert issued == list(range(3001, 4000))
    assert str(caught.value) == (
        "Máy trạm số 3 đã dùng hết 999 số hồ sơ trong ngày; "
        "hãy tiếp nhận hồ sơ tiếp theo trên một máy trạm khác."
    )


@pytest.mark.parametrize("last_serial", [1500, 2000, 3000, 0, -1, 12345])
def test_a_counter_outside_the_block_is_reported_as_corrupted(last_serial: int) -> None:
    with pytest.raises(ValidationError, match="Bộ đếm số hồ sơ của máy trạm số 2 bị sai"):
        next_serial(2, last_serial)


@pytest.mark.parametrize(
    ("serial", "workstation"), [(1, 0), (999, 0), (1001, 1), (4567, 4), (9999, 9)]
)
def test_the_serial_tells_which_workstation_issued_it(serial: int, workstation: int) -> None:
    assert workstation_of(serial) == workstation


@pytest.mark.parametrize("serial", [0, 1000, 5000, 10000, -3])
def test_serials_outside_every_block_have_no_workstation(serial: int) -> None:
    with pytest.raises(ValidationError, match="không thuộc khối số"):
        workstation_of(serial)


# One issuing burst: which workstation (UPPER_LEVEL included), on which day, how many dossiers.
# At most 20 x 45 = 900 per workstation and day, below the 999 of a block (exhaustion is above).
bursts = st.tuples(
    st.integers(UPPER_LEVEL, MAX_WORKSTATION),
    st.dates(date(2025, 7, 1), date(2025, 7, 4)),
    st.integers(1, 45),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(bursts, max_size=20))
def test_no_two_workstations_ever_produce_the_same_code(
    schedule: list[tuple[int, date, int]],
) -> None:
    last_used: dict[tuple[int, date], int] = {}  # each workstation's own counter, per day
    issued: list[str] = []
    for workstation, day, count in schedule:
        for _ in range(count):
            serial = next_serial(workstation, last_used.get((workstation, day)))
            last_used[(workstation, day)] = serial
            assert workstation_of(serial) == workstation
            issued.append(format_code(AGENCY, day, serial))
    assert len(set(issued)) == len(issued)


@pytest.mark.parametrize(
    ("area", "number", "ticket"), [("A", 1, "A001"), ("b", 42, "B042"), (" Z ", 999, "Z999")]
)
def test_ticket_numbers_are_a_letter_and_three_digits(area: str, number: int, ticket: str) -> None:
    assert format_ticket(area, number) == ticket


@pytest.mark.parametrize(("area", "number"), [("", 1), ("AB", 1), ("1", 1), ("Ă", 1), ("ſ", 1)])
def test_ticket_area_must_be_one_latin_letter(area: str, number: int) -> None:
    with pytest.raises(ValidationError, match="chữ cái từ A đến Z"):
        format_ticket(area, number)


@pytest.mark.parametrize("number", [0, 1000, -1])
def test_ticket_serial_stays_within_three_digits(number: int) -> None:
    with pytest.raises(ValidationError, match="từ 1 đến 999"):
        format_ticket("A", number)


# --- portal codes (issue 8) -------------------------------------------------------------------

from datetime import date as _date  # noqa: E402

from desk_app.core.codes import check_portal_code as _check  # noqa: E402
from desk_app.core.codes import parse_code as _parse  # noqa: E402
from desk_app.core.errors import ValidationError as _Refused  # noqa: E402

_OWN = "000.00.19.H26"
_DAY = _date(2025, 7, 15)


@pytest.mark.parametrize("serial", ["0001", "0500", "0999"])
def test_a_portal_code_of_the_upper_levels_block_for_this_office_passes(serial: str) -> None:
    _check(_parse(f"{_OWN}-250714-{serial}"), agency_id=_OWN, today=_DAY, received_on=_DAY)


@pytest.mark.parametrize(
    ("code", "named"),
    [
        ("000.00.19.H56-250714-0001", "H56"),
        (f"{_OWN}-250716-0001", "16/07/2025"),
        (f"{_OWN}-250714-1000", "1000"),
        (f"{_OWN}-250714-1001", "1001"),
        (f"{_OWN}-250714-9999", "9999"),
    ],
)
def test_a_portal_code_that_is_not_ours_or_could_collide_is_refused(code: str, named: str) -> None:
    with pytest.raises(_Refused) as refused:
        _check(_parse(code), agency_id=_OWN, today=_DAY, received_on=_DAY)
    assert refused.value.field == "portal_code" and named in str(refused.value)


def test_a_portal_code_dated_after_the_receipt_day_is_refused() -> None:
    with pytest.raises(_Refused, match="sau ngày tiếp nhận"):
        _check(
            _parse(f"{_OWN}-250715-0001"),
            agency_id=_OWN,
            today=_DAY,
            received_on=_date(2025, 7, 14),
        )
