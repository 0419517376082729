"""Office rules refuse values that would make every receipt fail (issue 8)."""

from __future__ import annotations

import pytest

from desk_app.core.errors import ValidationError
from desk_app.core.rules import MAX_LOOKUP_URL, OfficeRules


def test_a_3000_character_lookup_url_is_refused_naming_the_setting() -> None:
    with pytest.raises(ValidationError) as refused:
        OfficeRules(lookup_url="https://dichvucong.vn/tra-cuu?ma={code}&" + "x" * 3000)
    assert refused.value.field == "lookup_url"
    assert "lookup_url" in str(refused.value) and "500" in str(refused.value)


def test_a_lookup_url_at_the_limit_is_kept() -> None:
    url = "https://a.vn/{code}/" + "x" * (MAX_LOOKUP_URL - 20)
    assert len(url) == MAX_LOOKUP_URL
    assert OfficeRules(lookup_url=url).lookup_url == url


def test_an_overlong_system_name_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        OfficeRules(system_name="h" * 101)
    assert refused.value.field == "system_name"
