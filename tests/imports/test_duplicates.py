"""First-seen duplicates: each repeat is reported where it is and points at the original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from desk_app.imports.duplicates import FirstSeen, Repeat, repeats


def test_every_repeat_points_at_the_first_occurrence_not_the_previous_one() -> None:
    codes = [("1.001193", 2), ("2.000815", 3), ("1.001193", 4), (None, 5), ("1.001193", 6)]
    assert list(repeats(codes)) == [Repeat("1.001193", 4, 2), Repeat("1.001193", 6, 2)]


def test_a_missing_key_is_never_a_duplicate() -> None:
    assert list(repeats([(None, 1), (None, 2)])) == []


def test_first_seen_answers_for_checks_made_one_row_at_a_time() -> None:
    positions: FirstSeen[tuple[str, int], int] = FirstSeen()
    assert positions.earlier(("1.001193", 1), 2) is None
    assert positions.earlier(("1.001193", 2), 3) is None
    assert positions.earlier(("2.000815", 1), 4) is None  # same position, another procedure
    assert positions.earlier(("1.001193", 1), 5) == 2


@given(st.lists(st.none() | st.sampled_from("abcde")))
def test_exactly_the_later_occurrences_are_reported(keys: list[str | None]) -> None:
    found = list(repeats((key, at) for at, key in enumerate(keys)))
    present = [key for key in keys if key is not None]
    assert len(found) == len(present) - len(set(present))
    for repeat in found:
        assert keys.index(repeat.key) == repeat.first < repeat.at
