"""Setting up a workstation: what init creates, what it refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.core.errors import ValidationError
from desk_app.services.auth import login
from desk_app.services.catalogue import ProcedureIndex, list_procedures
from desk_app.services.context import Actor
from desk_app.services.dossiers import list_today
from desk_app.services.errors import AlreadyInitialised, LoginFailed, NetworkFolder
from desk_app.services.setup import DEMO_SETUP, initialise, initialise_demo
from desk_app.services.workstation import is_initialised, open_workstation, station_of
from tests.factories import ADMIN_PASSWORD, SettableClock, office_setup


def test_init_creates_office_workstation_admin_and_catalogue(
    tmp_path: Path, clock: SettableClock
) -> None:
    home = tmp_path / "ws3"
    initialise(home, office_setup(workstation=3), now=clock)
    assert is_initialised(home)
    workspace = open_workstation(home, now=clock)
    try:
        station = station_of(workspace)
        assert station.office.name == "UBND phường Thanh Xuân Trung"
        assert station.workstation.number == 3
        assert login(workspace, "QuanTri ", ADMIN_PASSWORD).full_name == "Phạm Thị Hồng"
        with pytest.raises(LoginFailed):
            login(workspace, "quantri", "sai-mat-khau")
        assert len(list_procedures(workspace)) >= 25
    finally:
        workspace.close()
    with pytest.raises(AlreadyInitialised):
        initialise(home, office_setup(), now=clock)


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"agency_id": "H26-000"}, "định danh"),
        ({"workstation": 0}, "máy trạm"),
        ({"office_name": "  "}, "tên cơ quan"),
        ({"admin_password": "ngan"}, "ít nhất 10"),
    ],
)
def test_bad_setup_is_refused_and_creates_nothing(
    tmp_path: Path, change: dict[str, object], fragment: str
) -> None:
    from dataclasses import replace

    home = tmp_path / "ws"
    with pytest.raises(ValidationError) as caught:
        initialise(home, replace(office_setup(), **change))  # type: ignore[arg-type]
    assert fragment in str(caught.value)
    assert not is_initialised(home)


def test_network_folder_is_refused(clock: SettableClock) -> None:
    with pytest.raises(NetworkFolder, match="ổ mạng"):
        initialise(Path("//server/share/desk-app"), office_setup(), now=clock)


def test_demo_office_has_sample_dossiers_to_try(tmp_path: Path, clock: SettableClock) -> None:
    home = tmp_path / "demo"
    setup = initialise_demo(home, now=clock)
    workspace = open_workstation(home, now=clock)
    try:
        officer = login(workspace, setup.admin_username, DEMO_SETUP.admin_password)
        actor = Actor.at_station(station_of(workspace), officer)
        assert len(list_today(workspace, actor)) == 3
        assert ProcedureIndex.load(workspace).search("khai sinh")
    finally:
        workspace.close()


def test_failed_setup_leaves_nothing_and_can_be_rerun(
    tmp_path: Path, clock: SettableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.services import setup as setup_module

    home = tmp_path / "ws"

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise ValidationError("Ổ đĩa đầy (mô phỏng).")

    # The catalogue write is the last step of set-up: make it fail after everything else.
    monkeypatch.setattr(setup_module, "upsert_specs", disk_full)
    with pytest.raises(ValidationError):
        initialise(home, office_setup(), now=clock)
    assert not is_initialised(home)
    assert sorted(p.name for p in home.iterdir() if p.is_file()) == []
    monkeypatch.undo()
    initialise(home, office_setup(), now=clock)
    assert is_initialised(home)


def test_start_up_check_finds_a_damaged_database(tmp_path: Path, clock: SettableClock) -> None:
    from desk_app.services.workstation import DatabaseDamaged, check_database, database_file

    home = tmp_path / "ws"
    initialise(home, office_setup(), now=clock)
    workspace = open_workstation(home, now=clock)
    check_database(workspace)  # a healthy file passes quietly
    workspace.close()
    # Scribble over the middle of the file, as a failing disk would.
    db_file = database_file(home)
    data = bytearray(db_file.read_bytes())
    page = 4096
    data[5 * page : 7 * page] = b"\xa5" * (2 * page)
    db_file.write_bytes(bytes(data))
    damaged = open_workstation(home, now=clock)
    try:
        with pytest.raises(DatabaseDamaged, match="báo quản trị viên"):
            check_database(damaged)
    finally:
        damaged.close()


def test_settings_come_from_the_file_and_the_environment_overrides_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desk_app.config import SettingsError, load_settings

    home = tmp_path / "home"  # the DESK_APP_HOME of every test
    home.mkdir(exist_ok=True)
    assert load_settings().language == "vi"  # no file: the defaults
    (home / "settings.toml").write_text('language = "en"\npaper_size = "A5"\n', encoding="utf-8")
    assert (load_settings().language, load_settings().paper_size) == ("en", "A5")
    monkeypatch.setenv("desk_app_language", "vi")  # any case, as on Windows
    assert (load_settings().language, load_settings().paper_size) == ("vi", "A5")
    (home / "settings.toml").write_text('paper_size = "A3"\n', encoding="utf-8")
    with pytest.raises(SettingsError, match=r"settings\.toml"):
        load_settings()
