"""Fixtures shared by the service, CLI and end-to-end tests: a real workstation on a real file.

Imports of the services happen inside the fixtures so the pure core tests load nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.factories import ADMIN_PASSWORD, SettableClock, office_time

if TYPE_CHECKING:
    from desk_app.services.auth import OfficerInfo
    from desk_app.services.desk import Desk


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reads or writes the developer's real data folder."""
    monkeypatch.setenv("DESK_APP_HOME", str(tmp_path / "home"))


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(office_time(2025, 7, 15, 9, 5))  # a Tuesday


@pytest.fixture
def desk(tmp_path: Path, clock: SettableClock) -> Iterator[Desk]:
    from desk_app.services.desk import open_desk
    from desk_app.services.setup import initialise
    from tests.factories import office_setup

    home = tmp_path / "home"
    initialise(home, office_setup(), now=clock)
    opened = open_desk(home, now=clock)
    yield opened
    opened.close()


@pytest.fixture
def officer(desk: Desk) -> OfficerInfo:
    from desk_app.services.auth import login

    return login(desk, "quantri", ADMIN_PASSWORD)
