"""Fixtures shared by the service, CLI, GUI and end-to-end tests: a real workstation on a real file.

Setting a workstation up (migrations, catalogue, an argon2 hash) takes most of a second, so it
is done once per session into a template folder; each test works on a copy of that folder.
Imports of the services happen inside the fixtures so the pure core tests load nothing else.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.factories import SettableClock, logged_in, office_time

if TYPE_CHECKING:
    from desk_app.services.context import Actor, OfficerInfo, Workspace


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever reads or writes the developer's real data folder."""
    monkeypatch.setenv("DESK_APP_HOME", str(tmp_path / "home"))


@pytest.fixture
def clock() -> SettableClock:
    return SettableClock(office_time(2025, 7, 15, 9, 5))  # a Tuesday


@pytest.fixture(scope="session")
def office_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One set-up workstation, copied for each test that needs one, its administrator logged
    in (`tests.factories.logged_in`): the commands run on a copy act as them."""
    from desk_app.services.setup import initialise
    from tests.factories import office_setup

    home = tmp_path_factory.mktemp("template") / "home"
    initialise(home, office_setup(), now=lambda: office_time(2025, 7, 15, 8, 0))
    logged_in(home)
    return home


@pytest.fixture(scope="session")
def template_officer(office_template: Path) -> OfficerInfo:
    """The template's administrator: every copy holds the same account."""
    from desk_app.services.workstation import open_workstation
    from tests.factories import account_of

    workspace = open_workstation(office_template)
    try:
        return account_of(workspace, "quantri")
    finally:
        workspace.close()


@pytest.fixture
def workspace(office_template: Path, tmp_path: Path, clock: SettableClock) -> Iterator[Workspace]:
    """A copy of the template workstation, opened with the test's clock."""
    from desk_app.services.workstation import open_workstation

    home = tmp_path / "home"
    shutil.copytree(office_template, home)
    opened = open_workstation(home, now=clock)
    yield opened
    opened.close()


@pytest.fixture
def officer(template_officer: OfficerInfo) -> OfficerInfo:
    return template_officer


@pytest.fixture
def actor(workspace: Workspace, officer: OfficerInfo) -> Actor:
    """The administrator at this workstation: who the tests' acts are done by."""
    from desk_app.services.context import Actor
    from desk_app.services.workstation import station_of

    return Actor.at_station(station_of(workspace), officer)
