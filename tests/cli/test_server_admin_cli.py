"""``desk-app server`` as the district's administrator uses it (issue 11): offices, users,
enrollment codes, devices, the quarantine, publishing, backups, and ``serve`` itself.

Each command runs through the real command line (`main` in this process, or ``python -m
desk_app`` in a process of its own for ``serve``) on a real server database: an SQLite file,
or a throwaway database on the PostgreSQL at 127.0.0.1:5432. What is checked is what an
administrator would notice: an office added is listed, a printed code enrolls a workstation
once, a revoked workstation is refused, a user added logs in to the dashboard, a password
never shows, a bad identifier is a plain Vietnamese sentence with a non-zero exit.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from desk_app.cli import server as server_cli
from desk_app.server import admin
from desk_app.server.schema import DistrictUser
from desk_app.server.store import open_server_database
from desk_app.services.calendar import bundled_calendar_path
from desk_app.services.catalogue_files import bundled_catalogue_path
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.workstation import station_of
from tests.cli.conftest import Run, cli
from tests.factories import AGENCY_ID, intake_request
from tests.server.sync_helpers import (
    District,
    database_url,
    enroll_body,
    forged,
    outbox,
    push_body,
)

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
OTHER_AGENCY = "000.00.19.H27"
WARD = "UBND phường Thanh Xuân Trung"
PASSWORD = "mật khẩu của quận 2026"
CODE_LINE = re.compile(r"máy trạm (\w+) của đơn vị (\S+): ([A-Z0-9-]+)\n")
STARTED = re.compile(r"Máy chủ quận đang chạy tại (https?://\S+)")


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh server database (nothing in it yet: the first command migrates it)."""
    urls = database_url(request.param, tmp_path)
    yield next(urls)
    urls.close()


@pytest.fixture
def postgresql_url(tmp_path: Path) -> Iterator[str]:
    urls = database_url("postgresql", tmp_path)
    yield next(urls)
    urls.close()


def server(capsys: pytest.CaptureFixture[str], url: str | None, *args: str) -> Run:
    """``desk-app server ARGS [--db URL]`` in this process."""
    return cli(capsys, "server", *args, *(("--db", url) if url else ()))


def refused(run: Run, *phrases: str) -> None:
    """A plain sentence on stderr, a non-zero exit, nothing on stdout."""
    assert run.code != 0, run.out
    assert "Traceback" not in run.err and run.out == ""
    for phrase in phrases:
        assert phrase in run.err, run.err


def add_office(
    capsys: pytest.CaptureFixture[str], url: str | None, agency: str = AGENCY_ID
) -> None:
    run = server(capsys, url, "add-office", "--agency-id", agency, "--name", WARD)
    assert run.code == 0, run.err


def printed_code(
    capsys: pytest.CaptureFixture[str], url: str | None, workstation: str = "01"
) -> str:
    run = server(capsys, url, "enroll-code", "--agency-id", AGENCY_ID, "--workstation", workstation)
    assert run.code == 0, run.err
    found = CODE_LINE.search(run.out)
    assert found and found.group(1, 2) == (workstation, AGENCY_ID), run.out
    return found.group(3)


@contextmanager
def district_on(url: str) -> Iterator[District]:
    """The district app over ``url`` on uvicorn in a thread (the workstation's side)."""
    db = open_server_database(url)
    running = District(db).start()
    try:
        yield running
    finally:
        running.stop()
        db.dispose()


def enrolled_token(district: District, code: str, agency: str = AGENCY_ID) -> str:
    with district.client() as client:
        answer = client.post("/api/enroll", json=enroll_body(code, agency))
    assert answer.status_code == 200, answer.text
    token: str = answer.json()["token"]
    return token


def log_text(home: Path) -> str:
    return "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in home.rglob("*.log*") if p.is_file()
    )


# --- offices -----------------------------------------------------------------------------------


def test_an_office_added_is_listed_and_a_second_time_refused(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert server(capsys, url, "offices").out == (
        "Máy chủ quận chưa có đơn vị nào (desk-app server add-office).\n"
    )
    run = server(
        capsys,
        url,
        "add-office",
        "--agency-id",
        " 000.00.19.h26 ",  # as typed: trimmed, upper-cased
        "--name",
        WARD,
        "--upper-unit",
        "UBND quận Thanh Xuân",
    )
    assert run.code == 0, run.err
    assert f"Đã thêm đơn vị {WARD} ({AGENCY_ID})" in run.out
    assert f"enroll-code --agency-id {AGENCY_ID}" in run.out  # the next step, said
    assert server(capsys, url, "offices").out == (
        f"{AGENCY_ID}  {WARD} (thuộc UBND quận Thanh Xuân)\n"
    )
    listed = json.loads(server(capsys, url, "offices", "--json").out)
    assert listed == [{"agency_id": AGENCY_ID, "name": WARD, "upper_unit": "UBND quận Thanh Xuân"}]
    again = server(capsys, url, "add-office", "--agency-id", AGENCY_ID, "--name", "Khác")
    refused(again, f"Đã có đơn vị với mã định danh {AGENCY_ID} trên máy chủ quận.")
    assert len(json.loads(server(capsys, url, "offices", "--json").out)) == 1


@pytest.mark.parametrize(
    "command",
    [
        ("add-office", "--agency-id", "H26", "--name", WARD),
        ("enroll-code", "--agency-id", "H26", "--workstation", "01"),
        ("publish", "calendar", str(bundled_calendar_path()), "--agency-id", "H26"),
    ],
    ids=lambda c: c[0],
)
def test_a_bad_agency_id_is_a_plain_vietnamese_message_and_changes_nothing(
    url: str, capsys: pytest.CaptureFixture[str], command: tuple[str, ...]
) -> None:
    run = server(capsys, url, *command)
    refused(run, "Mã định danh cơ quan “H26” không đúng dạng", "QCVN 102:2016/BTTTT")
    assert json.loads(server(capsys, url, "offices", "--json").out) == []


def test_codes_and_publishing_for_an_office_not_added_say_how_to_add_it(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    run = server(capsys, url, "enroll-code", "--agency-id", AGENCY_ID, "--workstation", "01")
    refused(run, f"chưa có đơn vị với mã định danh {AGENCY_ID}", "desk-app server add-office")


# --- enrollment codes and devices ----------------------------------------------------------------


def test_a_printed_code_enrolls_once_and_a_revoked_device_is_refused(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add_office(capsys, url)
    assert server(capsys, url, "devices").out == "Chưa có máy trạm nào đăng ký với máy chủ quận.\n"
    code = printed_code(capsys, url)
    with district_on(url) as district:
        token = enrolled_token(district, code.lower().replace("-", " "))  # as read aloud
        with district.client() as client:  # single use
            again = client.post("/api/enroll", json=enroll_body(code, AGENCY_ID))
        assert again.status_code == 403
        (device,) = json.loads(server(capsys, url, "devices", "--json").out)
        assert (device["agency_id"], device["workstation_code"]) == (AGENCY_ID, "01")
        assert device["office_name"] == WARD and device["revoked_at"] is None
        listed = server(capsys, url, "devices").out
        assert f"{AGENCY_ID} {WARD}, máy 01: đang dùng; thiết bị {device['device_id']}" in listed
        with district.client(token) as client:
            assert client.get("/api/sync/pull").status_code == 200

        run = server(capsys, url, "revoke", "01")  # by its workstation code: one device has it
        assert run.code == 0, run.err
        assert f"Đã thu hồi quyền đồng bộ của thiết bị {device['device_id']}" in run.out
        with district.client(token) as client:
            answer = client.get("/api/sync/pull")
        assert answer.status_code == 401 and answer.json()["error"] == "device_revoked"
        assert "đã thu hồi lúc" in server(capsys, url, "devices").out
        (after,) = json.loads(server(capsys, url, "devices", "--json").out)
        assert after["revoked_at"] is not None
        # Revoking again (by its device id) keeps the first time.
        assert server(capsys, url, "revoke", device["device_id"]).code == 0
        assert json.loads(server(capsys, url, "devices", "--json").out) == [after]


def test_a_code_says_when_it_expires_and_its_validity_is_bounded(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add_office(capsys, url)
    before = datetime.now(UTC)
    run = server(
        capsys,
        url,
        "enroll-code",
        "--agency-id",
        AGENCY_ID,
        "--workstation",
        "02",
        "--days",
        "3",
        "--json",
    )
    assert run.code == 0, run.err
    made = json.loads(run.out)
    assert (made["agency_id"], made["workstation_code"]) == (AGENCY_ID, "02")
    expires = datetime.fromisoformat(made["expires_at"])
    assert before + timedelta(days=3) <= expires <= datetime.now(UTC) + timedelta(days=3)
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{2}", made["code"])
    text = server(capsys, url, "enroll-code", "--agency-id", AGENCY_ID, "--workstation", "03")
    assert re.search(r"Mã hết hạn lúc \d\d:\d\d \d\d/\d\d/\d{4}\.", text.out)
    assert "desk-app enroll ĐỊA-CHỈ-MÁY-CHỦ" in text.out
    for days in ("0", "91"):
        refused(
            server(
                capsys,
                url,
                "enroll-code",
                "--agency-id",
                AGENCY_ID,
                "--workstation",
                "01",
                "--days",
                days,
            ),
            "phải từ 1 đến 90 ngày",
        )
    bad = server(capsys, url, "enroll-code", "--agency-id", AGENCY_ID, "--workstation", "0 1")
    refused(bad, "Mã máy trạm “0 1” không dùng được")


def test_revoking_a_workstation_code_several_wards_share_needs_the_ward(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    add_office(capsys, url)
    add_office(capsys, url, OTHER_AGENCY)
    codes = {
        agency: json.loads(
            server(
                capsys, url, "enroll-code", "--agency-id", agency, "--workstation", "01", "--json"
            ).out
        )["code"]
        for agency in (AGENCY_ID, OTHER_AGENCY)
    }
    with district_on(url) as district:
        for agency, code in codes.items():
            enrolled_token(district, code, agency)
    refused(server(capsys, url, "revoke", "01"), "Có nhiều máy trạm mang mã “01”", "--agency-id")
    run = server(capsys, url, "revoke", "01", "--agency-id", OTHER_AGENCY)
    assert run.code == 0, run.err
    devices = json.loads(server(capsys, url, "devices", "--json").out)
    revoked = {d["agency_id"]: d["revoked_at"] is not None for d in devices}
    assert revoked == {AGENCY_ID: False, OTHER_AGENCY: True}
    refused(server(capsys, url, "revoke", "07"), "Không có máy trạm nào khớp với “07”")


@pytest.mark.slow
def test_the_workstation_enrolls_with_the_printed_code_and_is_refused_once_revoked(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The README's path: the district adds the ward and prints a code, ``serve`` runs, the
    ward's administrator types ``desk-app enroll URL CODE``; revoked, its sync is refused and
    its outbox kept."""
    url = f"sqlite:///{tmp_path / 'district' / 'district.sqlite3'}"
    add_office(capsys, url)
    code = printed_code(capsys, url)
    with serving(tmp_path / "server-home", "--db", url) as served:
        enrolled = cli(capsys, "enroll", served.url, code)
        assert enrolled.code == 0, enrolled.err
        assert f"Đã đăng ký máy trạm với máy chủ quận {served.url} ({WARD})" in enrolled.out
        (device,) = json.loads(server(capsys, url, "devices", "--json").out)
        assert device["workstation_code"] == "01" and device["revoked_at"] is None
        taken = cli(capsys, "intake", "--procedure", "1.001193", "--name", "Lê Văn Tám")
        assert taken.code == 0, taken.err
        synced = cli(capsys, "sync", "--once")
        assert synced.code == 0, synced.err

        assert server(capsys, url, "revoke", device["device_id"]).code == 0
        assert cli(capsys, "intake", "--procedure", "1.001193", "--name", "Lê Thị Mai").code == 0
        blocked = cli(capsys, "sync", "--once")
        assert blocked.code != 0 and "thu hồi" in blocked.err and "Traceback" not in blocked.err
        status = json.loads(cli(capsys, "sync", "--status", "--json").out)
        assert status["waiting"] >= 1  # kept for export
        served.stop(signal.SIGTERM)
    assert served.returncode == 0, served.err


# --- users -------------------------------------------------------------------------------------


def test_a_user_added_logs_in_and_the_password_never_shows(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    run = server(
        capsys, url, "add-user", "Lãnh.Đạo", "--role", "district", "--password-file", str(secret)
    )
    assert run.code == 0, run.err
    assert run.out == "Đã thêm người dùng lãnh.đạo (vai trò district) vào máy chủ quận.\n"
    again = server(
        capsys, url, "add-user", "lãnh.đạo", "--role", "admin", "--password-file", str(secret)
    )
    refused(again, "Đã có người dùng lãnh.đạo trên máy chủ quận.")
    weak = tmp_path / "weak.txt"
    weak.write_text("ngắn\n", encoding="utf-8")
    refused(
        server(capsys, url, "add-user", "khac", "--role", "admin", "--password-file", str(weak)),
        "Mật khẩu không dùng được",
    )
    refused(
        server(capsys, url, "add-user", "khac", "--role", "admin"),  # no terminal to ask at
        "--password-file",
    )
    role = server(capsys, url, "add-user", "khac", "--role", "chief")
    assert role.code == 2 and "district" in role.err and "admin" in role.err
    home = Path(os.environ["DESK_APP_HOME"])
    for said in (run.out, run.err, again.err, log_text(home)):
        assert PASSWORD not in said and "ngắn" not in said

    db = open_server_database(url)
    try:
        with db.read() as session:
            (user,) = session.scalars(select(DistrictUser)).all()
        assert user.role == "district" and user.password_hash.startswith("$argon2id$")
        assert PasswordHasher().verify(user.password_hash, PASSWORD)
    finally:
        db.dispose()
    with (
        district_on(url) as district,
        httpx.Client(base_url=district.url, headers={"origin": district.url}) as browser,
    ):
        answer = browser.post("/login", data={"username": "LÃNH.ĐẠO", "password": PASSWORD})
        assert answer.status_code == 303 and answer.headers["location"] == "/dashboard"
        assert browser.get("/dashboard").status_code == 200


@pytest.mark.slow
def test_at_a_terminal_the_password_is_asked_twice_in_vietnamese_and_never_echoed(
    tmp_path: Path,
) -> None:
    from tests.cli.test_init_interactive import terminal

    url = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    prompt = "Mật khẩu của người dùng máy chủ quận (ít nhất 10 ký tự): "
    with terminal(
        tmp_path / "home", "server", "add-user", "quan1", "--role", "admin", "--db", url
    ) as screen:
        screen.answer(prompt, "ngắn")
        screen.answer(prompt, PASSWORD)  # the short one was refused, asked again
        screen.answer("Nhập lại mật khẩu: ", PASSWORD + " khác")
        before = screen.answer(prompt, PASSWORD)
        assert "Hai lần nhập mật khẩu không khớp." in before
        screen.answer("Nhập lại mật khẩu: ", PASSWORD)
        screen.expect("Đã thêm người dùng quan1 (vai trò admin) vào máy chủ quận.")
        assert screen.exit_status() == 0
        assert PASSWORD not in screen.screen and "ngắn\n" not in screen.screen


# --- the quarantine ----------------------------------------------------------------------------


def test_quarantined_events_are_listed_without_personal_data(
    url: str, workspace: Workspace, actor: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Bình"))
    events = outbox(workspace)
    station = station_of(workspace)
    add_office(capsys, url)
    assert server(capsys, url, "quarantine").out == (
        "Không có sự kiện nào bị máy chủ quận giữ lại.\n"
    )
    code = printed_code(capsys, url)
    with district_on(url) as district:
        body = enroll_body(code, AGENCY_ID, station.office.id, station.workstation.id)
        with district.client() as client:
            token = client.post("/api/enroll", json=body).json()["token"]
        with district.client(token) as client:
            assert client.post("/api/sync/push", json=push_body(events)).status_code == 200
            received = next(e for e in events if e.kind == "dossier.received")
            changed = forged(received, payload={"code": "X-000001"})
            answer = client.post("/api/sync/push", json=push_body([changed]))
        assert answer.json()["results"][0]["outcome"] == "conflict"

    (item,) = json.loads(server(capsys, url, "quarantine", "--json").out)
    assert (item["outcome"], item["reason"], item["agency_id"]) == (
        "conflict",
        "content_differs",
        AGENCY_ID,
    )
    assert item["event_id"] == str(received.event_id) and item["resolved_at"] is None
    listed = server(capsys, url, "quarantine").out
    assert f"sự kiện {received.event_id} bị giữ lại (conflict: content_differs)" in listed
    assert json.loads(server(capsys, url, "quarantine", "--all", "--json").out) == [item]
    (device,) = json.loads(server(capsys, url, "devices", "--json").out)
    assert device["quarantined"] == 1
    assert "bị giữ lại: 1" in server(capsys, url, "devices").out
    for said in (listed, server(capsys, url, "devices").out):
        assert "Bình" not in said and "Nguyễn" not in said


# --- publishing --------------------------------------------------------------------------------


def test_what_the_district_publishes_reaches_the_offices_it_names(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_office(capsys, url)
    add_office(capsys, url, OTHER_AGENCY)
    code = printed_code(capsys, url)
    everyone = server(capsys, url, "publish", "catalogue", str(bundled_catalogue_path()))
    assert everyone.code == 0, everyone.err
    assert re.fullmatch(
        r"Đã công bố danh mục thủ tục cho mọi đơn vị: thay đổi số \d+ trên máy chủ quận\.\n",
        everyone.out,
    )
    other = server(
        capsys,
        url,
        "publish",
        "calendar",
        str(bundled_calendar_path()),
        "--agency-id",
        OTHER_AGENCY,
    )
    assert other.code == 0, other.err
    assert f"lịch ngày nghỉ, ngày làm bù cho {OTHER_AGENCY}" in other.out
    with district_on(url) as district:
        token = enrolled_token(district, code)
        with district.client(token) as client:
            changes = client.get("/api/sync/pull").json()["changes"]
    assert [c["kind"] for c in changes] == ["catalogue.published"]  # not the other ward's

    stray = tmp_path / "notes.json"
    stray.write_text("[1, 2]", encoding="utf-8")
    refused(server(capsys, url, "publish", "catalogue", str(stray)), "notes.json")
    refused(server(capsys, url, "publish", "calendar", str(tmp_path / "none.json")), "none.json")
    bad_kind = server(capsys, url, "publish", "settings", str(stray))
    assert bad_kind.code == 2 and "catalogue" in bad_kind.err
    missing = server(
        capsys,
        url,
        "publish",
        "calendar",
        str(bundled_calendar_path()),
        "--agency-id",
        "000.00.19.H99",
    )
    refused(missing, "chưa có đơn vị với mã định danh 000.00.19.H99")


# --- backups -----------------------------------------------------------------------------------


def test_backup_and_restore_round_trip_in_the_data_folder_without_a_workstation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = Path(os.environ["DESK_APP_HOME"])
    add_office(capsys, None)  # no --db: the data folder's server/district.sqlite3
    assert (home / "server" / "district.sqlite3").is_file()
    assert not (home / "desk-app.sqlite3").exists()  # no workstation was needed or made
    copy = tmp_path / "backups" / "district-2026-07-15.sqlite3"
    run = server(capsys, None, "backup", str(copy))
    assert run.code == 0, run.err
    assert run.out == f"Đã sao lưu cơ sở dữ liệu của máy chủ quận vào {copy}.\n"
    add_office(capsys, None, OTHER_AGENCY)
    assert len(json.loads(server(capsys, None, "offices", "--json").out)) == 2

    restored = server(capsys, None, "restore", str(copy))
    assert restored.code == 0, restored.err
    assert "desk-app server serve" in restored.out
    listed = json.loads(server(capsys, None, "offices", "--json").out)
    assert [o["agency_id"] for o in listed] == [AGENCY_ID]

    stray = tmp_path / "stray.sqlite3"
    stray.write_bytes(b"not a database at all")
    refused(server(capsys, None, "restore", str(stray)), "stray.sqlite3", "chưa khôi phục gì")
    refused(server(capsys, None, "restore", str(tmp_path / "missing")), "missing")
    assert [o["agency_id"] for o in json.loads(server(capsys, None, "offices", "--json").out)] == [
        AGENCY_ID
    ]


def test_on_postgresql_backup_and_restore_say_to_use_pg_dump(
    postgresql_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    add_office(capsys, postgresql_url)
    target = tmp_path / "district.dump"
    refused(server(capsys, postgresql_url, "backup", str(target)), "pg_dump", str(target))
    refused(server(capsys, postgresql_url, "restore", str(target)), "pg_restore")
    assert not target.exists()


def test_a_database_that_cannot_be_opened_is_a_plain_message_with_no_password(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, office_template: Path
) -> None:
    down = server(capsys, "postgresql://quan:bi-mat-lam@127.0.0.1:1/district", "devices")
    refused(down, "Không mở được cơ sở dữ liệu của máy chủ quận", "postgresql+psycopg://quan:***@")
    assert "bi-mat-lam" not in down.err + log_text(Path(os.environ["DESK_APP_HOME"]))
    refused(server(capsys, "mysql+nothing://x", "devices"), "Địa chỉ cơ sở dữ liệu")
    noise = tmp_path / "noise.sqlite3"
    noise.write_bytes(b"not a database " * 100)
    refused(server(capsys, f"sqlite:///{noise}", "devices"), "Không mở được cơ sở dữ liệu")
    # A workstation's own database: another schema, left as it was.
    workstation = tmp_path / "workstation.sqlite3"
    shutil.copy(office_template / "desk-app.sqlite3", workstation)
    before = workstation.read_bytes()
    refused(
        server(capsys, f"sqlite:///{workstation}", "devices"),
        "không phải của máy chủ quận",
        "chưa thay đổi gì",
    )
    assert workstation.read_bytes() == before


# --- serve -------------------------------------------------------------------------------------


@dataclass
class Served:
    """``desk-app server serve`` in a process of its own."""

    program: subprocess.Popen[str]
    url: str = ""
    said: str = ""
    out: str = ""
    err: str = ""
    returncode: int | None = None
    _stopped: bool = field(default=False, repr=False)

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def local(self) -> str:
        scheme = self.url.split(":", 1)[0]
        return f"{scheme}://127.0.0.1:{self.port}"

    def read_start(self) -> None:
        assert self.program.stdout is not None
        while "Ctrl+C" not in self.said:
            line = self.program.stdout.readline()
            if not line:
                break
            self.said += line
        found = STARTED.search(self.said)
        if found is None:
            self.stop(signal.SIGTERM)
            raise AssertionError(f"serve did not start: {self.said}{self.out}{self.err}")
        self.url = found.group(1)

    def stop(self, signum: int) -> None:
        if self._stopped:
            return
        self._stopped = True
        if self.program.poll() is None:
            self.program.send_signal(signum)
        out, err = self.program.communicate(timeout=30)
        self.out, self.err = self.said + out, err
        self.returncode = self.program.returncode


@contextmanager
def serving(home: Path, *args: str) -> Iterator[Served]:
    env = os.environ | {
        "DESK_APP_HOME": str(home),
        "PYTHONPATH": str(REPO),
        "PYTHONIOENCODING": "utf-8",
    }
    program = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "server", "serve", "--port", "0", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    served = Served(program)
    try:
        served.read_start()
        yield served
    finally:
        if program.poll() is None:
            program.kill()
        if not served._stopped:
            served.stop(signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl+C"])
def test_serve_answers_health_and_the_dashboard_and_stops_cleanly(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], stop: int
) -> None:
    secret = tmp_path / "password.txt"
    secret.write_text(PASSWORD, encoding="utf-8")
    added = server(
        capsys, url, "add-user", "quan1", "--role", "admin", "--password-file", str(secret)
    )
    assert added.code == 0, added.err
    with serving(tmp_path / "server-home", "--db", url) as served:
        assert served.url.startswith("http://127.0.0.1:")
        assert "Nhấn Ctrl+C để dừng máy chủ." in served.said
        assert f"Cơ sở dữ liệu: {url}" in served.said
        with httpx.Client(base_url=served.url, headers={"origin": served.url}) as browser:
            assert browser.get("/api/health").json() == {"status": "ok"}
            login = browser.get("/login")
            assert login.status_code == 200
            assert "Đăng nhập bảng theo dõi của quận" in login.text
            answer = browser.post("/login", data={"username": "quan1", "password": PASSWORD})
            assert answer.status_code == 303
            assert browser.get("/dashboard").status_code == 200
        served.stop(stop)
    assert served.returncode == 0, served.err
    assert "Máy chủ quận đã dừng." in served.out
    assert "Traceback" not in served.err and "cảnh báo" not in served.err.lower()
    assert PASSWORD not in served.out + served.err + log_text(tmp_path / "server-home")


@pytest.mark.slow
def test_serve_without_db_keeps_its_data_in_the_data_folder(tmp_path: Path) -> None:
    home = tmp_path / "fresh"  # nothing set up there: the server needs no workstation
    with serving(home) as served:
        assert httpx.get(f"{served.url}/api/health").json() == {"status": "ok"}
        served.stop(signal.SIGTERM)
    assert served.returncode == 0, served.err
    assert (home / "server" / "district.sqlite3").is_file()
    assert f"Cơ sở dữ liệu: sqlite:///{home / 'server' / 'district.sqlite3'}" in served.out
    if os.name == "posix":
        assert (home / "server").stat().st_mode & 0o777 == 0o700


@pytest.mark.slow
def test_every_address_without_tls_warns_that_tokens_travel_in_clear(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    with serving(tmp_path / "home", "--host", "0.0.0.0", "--db", db) as served:
        assert httpx.get(f"{served.local}/api/health").status_code == 200
        served.stop(signal.SIGTERM)
    assert served.returncode == 0, served.err
    assert "không có TLS" in served.err and "không được mã hóa" in served.err
    assert "--ssl-certfile" in served.err


def _certificate(folder: Path) -> tuple[Path, Path]:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.fail("openssl is missing: install the Debian package openssl")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            openssl,
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


@pytest.mark.slow
def test_serve_over_tls_on_every_address_without_a_warning(tmp_path: Path) -> None:
    cert, key = _certificate(tmp_path)
    db = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    tls = ("--ssl-certfile", str(cert), "--ssl-keyfile", str(key))
    with serving(tmp_path / "home", "--host", "0.0.0.0", "--db", db, *tls) as served:
        assert served.url.startswith("https://")
        trusting = ssl.create_default_context(cafile=str(cert))
        assert httpx.get(f"{served.local}/api/health", verify=trusting).json() == {"status": "ok"}
        with pytest.raises(httpx.HTTPError):  # plain http is not answered
            httpx.get(f"http://127.0.0.1:{served.port}/api/health", timeout=5)
        served.stop(signal.SIGTERM)
    assert served.returncode == 0, served.err
    assert "không có TLS" not in served.err


def test_a_bad_certificate_or_a_key_alone_is_a_plain_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'district.sqlite3'}"
    garbage = tmp_path / "cert.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnonsense\n", encoding="ascii")
    refused(
        server(capsys, db, "serve", "--port", "0", "--ssl-certfile", str(garbage)),
        "Không dùng được chứng chỉ TLS",
    )
    refused(
        server(capsys, db, "serve", "--port", "0", "--ssl-certfile", str(tmp_path / "none.pem")),
        "Không dùng được chứng chỉ TLS",
        "none.pem",
    )
    refused(
        server(capsys, db, "serve", "--port", "0", "--ssl-keyfile", str(garbage)),
        "--ssl-keyfile cần đi cùng --ssl-certfile",
    )


def test_a_port_in_use_is_a_plain_message_and_nothing_starts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desk_app.server.hub import listening_socket

    blocker = listening_socket("127.0.0.1", 0)
    try:
        port = blocker.getsockname()[1]
        db = f"sqlite:///{tmp_path / 'district.sqlite3'}"
        run = server(capsys, db, "serve", "--host", "127.0.0.1", "--port", str(port))
    finally:
        blocker.close()
    refused(run, f"Không mở được cổng {port} trên địa chỉ 127.0.0.1", "máy chủ quận", "--port")


def test_the_command_and_the_server_agree_on_the_defaults() -> None:
    assert server_cli.ROLES == admin.ROLES
    assert server_cli.CODE_DAYS == admin.DEFAULT_CODE_DAYS
    assert (server_cli.DISTRICT_HOST, server_cli.DISTRICT_PORT) == ("127.0.0.1", 8720)
    assert set(server_cli.PUBLISHED_KINDS) == {k.split(".")[0] for k in admin.CHANGE_KINDS}
