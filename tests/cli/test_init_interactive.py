"""``desk-app init`` at a real terminal: the questions in the order an officer knows the
answers, each answer checked as it is typed and asked again after a bad one (issue 7, item 8).

The command runs in its own process on a pseudo-terminal (its controlling terminal, so the
password is read the way getpass reads it, without echo); the test types as an officer would.
"""

from __future__ import annotations

import os
import select
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")  # POSIX only
pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


class Terminal:
    """The officer's side of a pseudo-terminal running ``desk-app``."""

    def __init__(self, fd: int, pid: int) -> None:
        self.fd, self.pid = fd, pid
        self.screen = ""  # everything shown so far
        self._read = 0  # how much of it `expect` has gone past

    def expect(self, text: str, timeout: float = 60) -> str:
        """Wait until ``text`` shows after what was expected before; what came before it."""
        deadline = time.monotonic() + timeout
        while (found := self.screen.find(text, self._read)) < 0:
            left = deadline - time.monotonic()
            if left <= 0 or not self._more(left):
                raise AssertionError(f"never shown: {text!r}; the screen:\n{self.screen}")
        before = self.screen[self._read : found]
        self._read = found + len(text)
        return before

    def _more(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 4096)
        except OSError:  # the command ended and closed the terminal
            return False
        self.screen += chunk.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return bool(chunk)

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\n")

    def answer(self, prompt: str, line: str) -> str:
        """Type ``line`` after ``prompt``; what the terminal showed before the prompt."""
        before = self.expect(prompt)
        self.type(line)
        return before

    def exit_status(self) -> int:
        while self._more(5):
            pass
        _, status = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(status)


@contextmanager
def terminal(home: Path, *args: str) -> Iterator[Terminal]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "DESK_APP_HOME": str(home),
        "PYTHONPATH": str(ROOT),
        "PYTHONIOENCODING": "utf-8",
        "LANG": "C.UTF-8",
        "TERM": "dumb",
    }
    pid, fd = pty.fork()
    if pid == 0:  # the child: the command, with the pseudo-terminal as its terminal
        os.execve(sys.executable, [sys.executable, "-m", "desk_app", *args], env)
    try:
        yield Terminal(fd, pid)
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


# The prompts in the order they come.
OFFICE = "Tên cơ quan (VD: UBND phường Thanh Xuân): "
PLACE = "Địa danh (VD: Hà Nội): "
AGENCY = "Mã định danh cơ quan (VD: 000.00.19.H26): "
STATION = "Số máy trạm (1-9): "
METHOD = "Chọn 1 hoặc 2 (Enter: 1): "
ADMIN = "Tên đăng nhập của quản trị viên: "
FULL_NAME = "Họ và tên đầy đủ của quản trị viên (ký trên giấy tiếp nhận): "
PASSWORD = "Mật khẩu quản trị (ít nhất 10 ký tự): "
AGAIN = "Nhập lại mật khẩu: "


def test_every_answer_is_checked_as_it_is_typed_and_asked_again(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with terminal(home, "init") as officer:
        officer.answer(OFFICE, "   ")
        assert "Chưa nhập tên cơ quan." in officer.answer(OFFICE, "UBND phường Thanh Xuân")
        officer.answer(PLACE, "Hà Nội")
        officer.answer(AGENCY, "000.00.19")
        assert "không đúng dạng" in officer.answer(AGENCY, "000.00.19.h26")
        officer.answer(STATION, "0")
        assert "Số máy trạm phải từ 1 đến 9" in officer.answer(STATION, "hai")
        assert "phải là một số từ 1 đến 9" in officer.answer(STATION, "2")
        shown = officer.answer(METHOD, "3")
        assert "1. working_hours" in shown and "2. civil_code" in shown
        assert "Bộ luật Dân sự (Điều 147-148)" in shown
        assert "Hãy chọn 1 hoặc 2." in officer.answer(METHOD, "2")
        officer.answer(ADMIN, "quan tri")
        assert "dấu cách" in officer.answer(ADMIN, "QuanTri")
        officer.answer(FULL_NAME, "quantri")
        assert "khác tên đăng nhập" in officer.answer(FULL_NAME, "Phạm Thị Hồng")
        officer.answer(PASSWORD, "ngan")
        assert "ít nhất 10 ký tự" in officer.answer(PASSWORD, "mat-khau-thu")
        officer.answer(AGAIN, "mat-khau-khac")
        assert "không khớp" in officer.answer(PASSWORD, "mat-khau-thu")
        officer.answer(AGAIN, "mat-khau-thu")
        done = officer.expect("Tên bộ phận tiếp nhận in trên giấy tờ: ")
        status = officer.exit_status()
    assert status == 0, officer.screen
    assert f"Đã thiết lập máy trạm 2 tại {home}." in done
    assert "mat-khau" not in officer.screen  # the password is never shown
    assert "Trung tâm Phục vụ hành chính công phường Thanh Xuân" in officer.screen
    _check_stored(home)


def _check_stored(home: Path) -> None:
    """The office as answered: its identity, the civil-code rule, the administrator's name and
    password (the cleaned and upper-cased answers, not the ones first typed)."""
    from desk_app.core.rules import CountingMethod
    from desk_app.services.auth import login
    from desk_app.services.workstation import open_workstation, station_of

    workspace = open_workstation(home)
    try:
        officer = login(workspace, "quantri", "mat-khau-thu")
        assert officer.full_name == "Phạm Thị Hồng"
        station = station_of(workspace)
        identity = station.office.current
        assert (identity.name, identity.place, identity.agency_id) == (
            "UBND phường Thanh Xuân",
            "Hà Nội",
            "000.00.19.H26",
        )
        assert identity.reception_unit == "Trung tâm Phục vụ hành chính công phường Thanh Xuân"
        assert workspace.rules(station.office.id).counting_method is CountingMethod.CIVIL_CODE
        assert station.workstation.number == 2
    finally:
        workspace.close()


def test_options_given_are_not_asked_and_a_bad_one_stops_before_any_question(
    tmp_path: Path,
) -> None:
    home = tmp_path / "home"
    with terminal(home, "init", "--agency-id", "ABC", "--workstation", "3") as officer:
        officer.expect("không đúng dạng")
        assert officer.exit_status() == 1
    assert "Tên cơ quan" not in officer.screen
    given = ["--place", "Hà Nội", "--agency-id", "000.00.19.H26", "--workstation", "3"]
    with terminal(home, "init", *given, "--counting-method", "working_hours") as officer:
        officer.answer(OFFICE, "UBND xã Phú Nghĩa")
        officer.answer(ADMIN, "quantri")
        officer.answer(FULL_NAME, "Nguyễn Văn Bình")
        officer.answer(PASSWORD, "mat-khau-thu")
        officer.answer(AGAIN, "mat-khau-thu")
        officer.expect("Đã thiết lập máy trạm 3")
        assert officer.exit_status() == 0
    for not_asked in (PLACE, AGENCY, STATION, METHOD):
        assert not_asked not in officer.screen


def test_ctrl_d_cancels_and_leaves_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with terminal(home, "init") as officer:
        officer.expect(OFFICE)
        os.write(officer.fd, b"\x04")  # Ctrl+D: end of input
        officer.expect("Đã hủy.")
        assert officer.exit_status() == 1
    assert not (home / "desk-app.sqlite3").exists()
