"""`desk-app printer test`: the self-test ticket on a printer at 127.0.0.1, in a file, or the
plain reason it could not print."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from desk_app.core.calendar import OFFICE_TZ
from tests.cli.conftest import cli, use_language
from tests.printing.escpos_sink import Sink, read_job

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in


def scanned(path: Path) -> list[str]:
    tool = shutil.which("zbarimg")
    if tool is None:
        pytest.fail("zbarimg is missing: install the Debian package zbar-tools")
    found = subprocess.run([tool, "--raw", "-q", str(path)], capture_output=True, check=False)
    return found.stdout.decode("utf-8").split()


def sample_code() -> str:
    """The self-test's barcode: the sample number A123 on today's office date."""
    return f"T{datetime.now(OFFICE_TZ):%Y%m%d}A123"


def test_the_self_test_prints_on_the_printer_named(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with Sink() as sink:
        run = cli(capsys, "printer", "test", "--to", sink.target)
        job = read_job(sink.wait_for_jobs(1)[0])
    assert run.code == 0, run.err
    assert run.out == f"Đã in phiếu thử trên máy in {sink.target}.\n"
    assert job.commands[0] == "init" and "cut" in job.commands
    raster = job.raster()
    assert raster.width == 576
    path = tmp_path / "received.png"
    raster.save(path)
    assert scanned(path) == [sample_code()]  # what came off the paper reads back


def test_without_to_the_settings_printer_is_used_and_its_width(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with Sink() as sink:
        settings = Path(os.environ["DESK_APP_HOME"]) / "settings.toml"
        settings.write_text(f'ticket_printer = "{sink.target}"\nticket_paper_mm = 58\n')
        run = cli(capsys, "printer", "test")
        job = read_job(sink.wait_for_jobs(1)[0])
    assert run.code == 0, run.err
    assert job.raster().width == 384


def test_out_saves_the_self_test_as_a_png(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "tu-kiem.png"
    run = cli(capsys, "printer", "test", "--out", str(path))
    assert run.code == 0, run.err
    assert run.out == f"Đã lưu phiếu thử vào {path}.\n"
    with Image.open(path) as image:
        assert image.width == 576 and image.mode == "1"
    assert scanned(path) == [sample_code()]


def test_a_printer_that_refuses_fails_plainly_and_quickly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    started = time.monotonic()
    run = cli(capsys, "printer", "test", "--to", f"network:127.0.0.1:{port}")
    assert time.monotonic() - started < 4
    assert run.code == 1 and run.out == ""
    assert run.err == (
        f"Máy in số thứ tự (network:127.0.0.1:{port}) từ chối kết nối: máy in đang tắt, "
        "đang khởi động lại hoặc cổng ghi trong cài đặt không đúng.\n"
    )


def test_no_printer_set_and_a_malformed_address_are_plain_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    run = cli(capsys, "printer", "test")
    assert run.code == 1
    assert run.err.startswith("Chưa chọn máy in số thứ tự (ticket_printer = none trong cài đặt).")
    run = cli(capsys, "printer", "test", "--to", "192.168.1.50")
    assert run.code == 1 and "Traceback" not in run.err
    assert run.err.startswith("Địa chỉ máy in số thứ tự “192.168.1.50” không đúng dạng.")


def test_the_self_test_speaks_english_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    use_language("en")
    run = cli(capsys, "printer", "test")
    assert run.code == 1
    assert run.err.startswith("No ticket printer is set (ticket_printer = none in the settings).")


def test_a_logged_out_workstation_prints_no_self_test(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "logout").code == 0
    run = cli(capsys, "printer", "test", "--out", "/tmp/never.png")
    assert run.code == 1 and "Chưa đăng nhập" in run.err


def test_a_system_printer_that_does_not_exist_is_named(home: Path) -> None:
    """Through Qt (PySide6 is installed here), in a process of its own: Qt's application object
    must not outlive the command in the test process."""
    environment = os.environ | {"DESK_APP_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-m", "desk_app", "printer", "test", "--to", "system:Không có máy này"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert (
        "Hệ thống không có máy in tên “Không có máy này” (system:Không có máy này)." in run.stderr
    )
    assert "Traceback" not in run.stderr
