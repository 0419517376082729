"""The data folder is the user's alone on POSIX: 0700 folders, 0600 files (issue 8, item 4)."""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path

import pytest

from desk_app.services.auth import login
from desk_app.services.backup import daily_backup, take_backup
from desk_app.services.context import Actor
from desk_app.services.intake import take_in
from desk_app.services.setup import initialise
from desk_app.services.workstation import open_workstation, station_of
from tests.factories import ADMIN_PASSWORD, intake_request, office_setup

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows: the user's profile")


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything_under(home: Path) -> list[Path]:
    return [home, *home.rglob("*")]


def loose(home: Path) -> list[str]:
    return [
        f"{p.relative_to(home)} {mode(p):04o}"
        for p in everything_under(home)
        if mode(p) != (0o700 if p.is_dir() else 0o600)
    ]


def test_set_up_and_work_leave_nothing_readable_by_others(tmp_path: Path) -> None:
    previous = os.umask(0o022)  # the usual default: files 0644, folders 0755
    try:
        home = tmp_path / "home"
        initialise(home, office_setup())
        workspace = open_workstation(home)
        try:
            officer = login(workspace, "quantri", ADMIN_PASSWORD)
            actor = Actor.at_station(station_of(workspace), officer)
            take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
            daily_backup(workspace)
            take_backup(workspace, actor, home / "backups" / "manual.sqlite3")
            names = {p.name for p in everything_under(home)}
            assert {"desk-app.sqlite3-wal", "desk-app.sqlite3-shm", "daily"} <= names
            assert loose(home) == []
        finally:
            workspace.close()
    finally:
        os.umask(previous)


def test_an_older_folder_is_made_private_when_opened(
    office_template: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import shutil

    home = tmp_path / "old"
    shutil.copytree(office_template, home)
    for path in everything_under(home):
        path.chmod(0o755 if path.is_dir() else 0o644)
    with caplog.at_level(logging.INFO):
        open_workstation(home).close()
    assert loose(home) == []
    assert "made" in caplog.text and "private" in caplog.text
