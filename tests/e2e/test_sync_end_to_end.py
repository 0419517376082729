"""Three workstations, a real district server and the real commands (issue 11).

Each workstation is set up in a data folder of its own and driven through ``desk-app`` (its
`main`, in this process, pointed at that folder; the sync loop in a process of its own, to
stop it with a real Ctrl+C), with the real clock; the server is `desk_app.server.district` on
uvicorn on 127.0.0.1 over a SQLite file and over a throwaway PostgreSQL database. The
workstations take dossiers in while the server is down, then sync: the server holds exactly
their dossiers, none twice; a second round sends nothing; a revoked workstation is refused
and keeps its outbox; a catalogue the district publishes reaches a workstation."""

from __future__ import annotations

import json
import logging
import queue
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from desk_app.cli import main
from desk_app.server import admin
from desk_app.server.schema import DistrictDossier, ReceivedEvent
from desk_app.server.store import open_server_database
from tests.e2e.test_cli import run
from tests.factories import AGENCY_ID, logged_in, office_setup
from tests.server.sync_helpers import District, database_url

pytestmark = pytest.mark.integration

WORKSTATIONS = (1, 2, 3)
PUBLISHED = "1.004837"  # 3 working days in the bundled catalogue


@pytest.fixture(params=["sqlite", "postgresql"])
def district(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[District]:
    urls = database_url(request.param, tmp_path)
    db = open_server_database(next(urls))
    admin.add_office(db, AGENCY_ID, "UBND phường Thanh Xuân Trung")
    running = District(db).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()
        urls.close()


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """Three workstations of one office, set up once (argon2 takes its time)."""
    from desk_app.services.setup import initialise

    base = tmp_path_factory.mktemp("sync-e2e")
    homes = {}
    for number in WORKSTATIONS:
        home = base / f"ws{number}"
        initialise(home, office_setup(workstation=number))
        homes[number] = home
    return homes


@pytest.fixture
def homes(templates: dict[int, Path], tmp_path: Path) -> dict[int, Path]:
    import shutil

    copies = {}
    for number, template in templates.items():
        copies[number] = Path(shutil.copytree(template, tmp_path / f"ws{number}"))
        logged_in(copies[number])
    return copies


@dataclass
class Desk:
    """``desk-app`` in this process, in the data folder given each time."""

    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def __call__(self, home: Path, *args: str, check: bool = True) -> tuple[int, str, str]:
        self.monkeypatch.setenv("DESK_APP_HOME", str(home))
        code = main(list(args))
        out, err = self.capsys.readouterr()
        if check:
            assert code == 0, err
        return code, out, err

    def json(self, home: Path, *args: str) -> Any:
        return json.loads(self(home, *args, "--json")[1])


@pytest.fixture
def desk(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Iterator[Desk]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield Desk(monkeypatch, capsys)
    for handler in root.handlers[:]:  # `main` logs into the data folder: not past the test
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _server_codes(district: District) -> list[str]:
    with district.db.read() as session:
        return list(session.scalars(select(DistrictDossier.code)))


def _received(district: District) -> int:
    with district.db.read() as session:
        return session.scalar(select(func.count()).select_from(ReceivedEvent)) or 0


def test_three_workstations_offline_then_synced(
    district: District, homes: dict[int, Path], tmp_path: Path, desk: Desk
) -> None:
    devices = {}
    for number, home in homes.items():
        code = admin.enrollment_code(district.db, AGENCY_ID, f"{number:02d}")
        enrolled = desk.json(home, "enroll", district.url, code)
        assert enrolled["agency_id"] == AGENCY_ID
        devices[number] = enrolled["device_id"]
    assert len(set(devices.values())) == 3

    district.stop()  # the network is down: the counters go on
    codes = []
    for number, home in homes.items():
        for i in range(2):
            taken = desk.json(
                home, "intake", "--procedure", "1.001193", "--name", f"Người {number}.{i}"
            )
            codes.append(taken["code"])
        status_code, _out, err = desk(home, "sync", "--once", check=False)
        assert status_code == 1
        assert "Không kết nối được máy chủ quận" in err and "Traceback" not in err
        status = desk.json(home, "sync", "--status")
        assert (
            status["enrolled"] and status["waiting"] > 0 and status["last_error"] == "unreachable"
        )
    assert len(set(codes)) == 6

    district.start()
    sent = 0
    for home in homes.values():
        report = desk.json(home, "sync", "--once")
        assert report["waiting"] == 0 and report["acknowledged"] == report["sent"] > 0
        sent += report["sent"]
    assert sorted(_server_codes(district)) == sorted(codes)  # exactly theirs, none twice
    assert _received(district) == sent

    for home in homes.values():  # a second round sends nothing
        again = desk.json(home, "sync", "--once")
        assert again["sent"] == 0 and again["waiting"] == 0
    assert _received(district) == sent

    # Workstation 2 is revoked: refused, its new dossier kept, exportable.
    admin.revoke(district.db, devices[2])
    late = desk.json(homes[2], "intake", "--procedure", "1.001193", "--name", "Người đến muộn")
    status_code, _out, err = desk(homes[2], "sync", "--once", check=False)
    assert status_code == 1 and "thu hồi" in err
    assert desk.json(homes[2], "sync", "--status")["waiting"] == 1
    export = tmp_path / "ws2-waiting.jsonl"
    assert desk.json(homes[2], "sync", "--export", str(export))["exported"] == 1
    (line,) = export.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["payload"]["code"] == late["code"]
    assert desk.json(homes[2], "sync", "--status")["waiting"] == 1  # the outbox is untouched
    assert late["code"] not in _server_codes(district)

    # The district publishes a catalogue: workstation 1 applies it.
    catalogue = tmp_path / "catalogue.json"
    desk(homes[1], "catalogue", "export", str(catalogue))
    document = json.loads(catalogue.read_text(encoding="utf-8"))
    for entry in document["procedures"]:
        if entry["code"] == PUBLISHED:
            entry["duration"]["value"] = 11
    catalogue.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    admin.publish(district.db, "catalogue", catalogue)
    pulled = desk.json(homes[1], "sync", "--once")
    assert pulled["applied"] == 1 and pulled["waiting"] == 0
    listed = {p["code"]: p for p in desk.json(homes[1], "catalogue", "list")}
    assert "11" in json.dumps(listed[PUBLISHED]["duration"])


def test_the_sync_loop_sends_and_stops_on_ctrl_c(
    district: District, homes: dict[int, Path]
) -> None:
    import os

    home = homes[3]
    run(home, "enroll", district.url, admin.enrollment_code(district.db, AGENCY_ID, "03"))
    taken = json.loads(
        run(home, "intake", "--procedure", "1.001193", "--name", "Người 3", "--json").stdout
    )
    lines: queue.Queue[str] = queue.Queue()
    with subprocess.Popen(
        [sys.executable, "-m", "desk_app", "sync"],
        env=os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    ) as loop:
        assert loop.stdout is not None and loop.stderr is not None
        out = loop.stdout

        def read() -> None:
            for line in out:
                lines.put(line)

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        try:
            first = lines.get(timeout=60)  # the first round's report, printed as it ends
            assert first.startswith("Đã đồng bộ"), first
            assert taken["code"] in _server_codes(district)
            loop.send_signal(signal.SIGINT)
            loop.wait(timeout=30)
            err = loop.stderr.read()
            reader.join(5)
        finally:
            if loop.poll() is None:
                loop.kill()
    assert loop.returncode == 0, err
    assert "Đã dừng đồng bộ." in err
    assert "Traceback" not in err
