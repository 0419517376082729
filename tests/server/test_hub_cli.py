"""``desk-app server hub`` as an administrator starts it: a program of its own on the data
folder, saying its address and key, serving counters until Ctrl+C."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.cli.server import DEFAULT_HOST, DEFAULT_PORT
from desk_app.server import hub
from desk_app.services.queue_hub import HubQueue
from tests.cli.conftest import _no_leftover_log_handler, cli
from tests.server.running import copy_of

pytestmark = [pytest.mark.integration, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
__all__ = ["_no_leftover_log_handler"]  # its log handlers go with each test, as in tests/cli


def test_the_hub_command_prints_its_address_and_key_serves_and_stops_on_ctrl_c(
    office_template: Path, tmp_path: Path
) -> None:
    home = copy_of(office_template, tmp_path / "hub")
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONPATH": str(REPO)}
    program = subprocess.Popen(
        [sys.executable, "-m", "desk_app", "server", "hub", "--host", "127.0.0.1", "--port", "0"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )
    try:
        assert program.stdout is not None
        lines = [program.stdout.readline() for _ in range(5)]
        said = "".join(lines)
        url = re.search(r"đang chạy tại (http://127\.0\.0\.1:\d+)", said)
        key = re.search(r"Khoá kết nối: (\S+)", said)
        assert url and key, said
        assert key.group(1) == hub.key_file(home).read_text(encoding="ascii").strip()
        assert "Nhấn Ctrl+C để dừng máy chủ." in said
        with HubQueue(url.group(1), key.group(1)) as counter:
            assert [a.letter for a in counter.areas()] == ["A", "B", "C"]
            assert counter.board().waiting == {"A": 0, "B": 0, "C": 0}
        program.send_signal(signal.SIGINT)
        out, err = program.communicate(timeout=15)
    finally:
        if program.poll() is None:
            program.kill()
            program.communicate()
    assert program.returncode == 0, err
    assert "Máy chủ hàng đợi đã dừng." in out
    assert "Traceback" not in err


def test_a_port_in_use_is_a_plain_message_and_nothing_starts(
    office_template: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    copy_of(office_template, Path(os.environ["DESK_APP_HOME"]))
    blocker = hub.listening_socket("127.0.0.1", 0)
    try:
        port = blocker.getsockname()[1]
        run = cli(capsys, "server", "hub", "--host", "127.0.0.1", "--port", str(port))
    finally:
        blocker.close()
    assert run.code == 1
    assert f"Không mở được cổng {port} trên địa chỉ 127.0.0.1" in run.err
    assert "--port" in run.err and "Traceback" not in run.err
    assert "Khoá kết nối" not in run.out


def test_the_command_and_the_hub_agree_on_the_defaults() -> None:
    assert (DEFAULT_HOST, DEFAULT_PORT) == (hub.DEFAULT_HOST, hub.DEFAULT_PORT)
