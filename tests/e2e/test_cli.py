"""The desk-app command as an administrator or a script uses it: real processes, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

pytestmark = pytest.mark.integration

QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Thanh Xuân Trung, Hà Nội|15042021"


def run(home: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def home(tmp_path: Path) -> Path:
    home = tmp_path / "ws1"
    password = tmp_path / "password.txt"
    password.write_text("mat-khau-thu\n", encoding="utf-8")
    run(
        home,
        "init",
        "--office-name", "UBND phường Thanh Xuân Trung",
        "--agency-id", "000.00.19.H26",
        "--place", "Hà Nội",
        "--workstation", "2",
        "--admin", "quantri",
        "--password-file", str(password),
    )  # fmt: skip
    return home


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "--version"], capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.startswith("desk-app ")


def test_init_intake_receipt(home: Path, tmp_path: Path) -> None:
    listed = json.loads(run(home, "catalogue", "list", "--json").stdout)
    assert len(listed) >= 25
    assert {"code", "name", "field", "duration"} <= listed[0].keys()

    result = run(home, "intake", "--procedure", "1.004873", "--qr", QR, "--phone", "0912345678",
                 "--received-at", "2025-07-18T16:30", "--json")  # fmt: skip
    record = json.loads(result.stdout)
    code = record["code"]
    assert code == "000.00.19.H26-250718-2001"  # workstation 2's block of the receipt day
    assert record["applicant_name"] == "Nguyễn Văn An"
    # Friday 16:30 + 3 working days (Cấp Giấy xác nhận tình trạng hôn nhân): Wednesday 16:30.
    assert record["due_at_local"] == "2025-07-23T16:30:00+07:00"

    plain = run(home, "intake", "--procedure", "1.001193", "--name", "Trần Thị Bích",
                "--received-at", "2025-07-18T16:40").stdout  # fmt: skip
    assert plain.strip() == "000.00.19.H26-250718-2002"

    out = tmp_path / "r.pdf"
    run(home, "receipt", code, "--out", str(out))
    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert code in text and "Nguyễn Văn An" in text
    assert "BẢN IN LẠI" not in text
    run(home, "receipt", code, "--out", str(out))
    assert "BẢN IN LẠI LẦN 1" in PdfReader(out).pages[0].extract_text()

    shown = json.loads(run(home, "dossier", "show", code, "--json").stdout)
    assert shown["receipt_prints"] == 2
    assert "toàn vẹn" in run(home, "audit", "verify").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--procedure", "9.999999", "--name", "An"], "Không có thủ tục mã 9.999999"),
        (["--procedure", "1.001193", "--name", ""], "họ tên"),
        (["--procedure", "1.001193", "--qr", "001090123456|bad"], "QR"),
        (
            ["--procedure", "1.001193", "--name", "An", "--received-at", "2025-02-30T09:00"],
            "không hợp lệ",
        ),
        (
            ["--procedure", "1.001193", "--name", "An", "--received-at", "2999-01-01T09:00"],
            "tương lai",
        ),
        (["--procedure", "1.001193", "--name", "An", "--components", ""], "chưa đủ thành phần"),
    ],
)
def test_bad_intake_exits_non_zero_with_a_vietnamese_message(
    home: Path, args: list[str], message: str
) -> None:
    result = run(home, "intake", *args, check=False)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert json.loads(run(home, "dossier", "today", "--json").stdout) == []


def test_commands_before_init_say_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path / "empty", "catalogue", "list", check=False)
    assert result.returncode != 0
    assert "desk-app init" in result.stderr


def test_listings_show_office_time_whatever_the_computers_zone(home: Path) -> None:
    code = run(home, "intake", "--procedure", "1.001193", "--name", "Lê Thị Mai",
               "--received-at", "2025-07-18T16:40").stdout.strip()  # fmt: skip
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "dossier", "due"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ | {"DESK_APP_HOME": str(home), "TZ": "UTC"},
        timeout=120,
    )
    # After 15:00 on a Friday, a same-day act is due at closing on Monday, in office time.
    assert f"{code}\tĐã tiếp nhận\t17:00 21/07/2025\tLê Thị Mai" in result.stdout


def test_failed_receipt_file_still_shows_the_stored_code(home: Path, tmp_path: Path) -> None:
    missing_folder = tmp_path / "no-such-folder" / "r.pdf"
    result = run(home, "intake", "--procedure", "1.001193", "--name", "Phan Văn Khải",
                 "--print-to", str(missing_folder), check=False)  # fmt: skip
    assert result.returncode != 0
    code = result.stdout.strip()
    assert code.startswith("000.00.19.H26-")
    assert code in result.stderr and "vẫn được lưu" in result.stderr
    assert json.loads(run(home, "dossier", "show", code, "--json").stdout)["code"] == code


def test_english_mode_speaks_english(home: Path) -> None:
    env = os.environ | {"DESK_APP_HOME": str(home), "DESK_APP_LANGUAGE": "en"}
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "intake", "--procedure", "9.999999", "--name", "An"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode != 0
    assert "9.999999" in result.stderr and "Không" not in result.stderr


def test_a_reader_that_stops_early_is_no_error(home: Path) -> None:
    """``desk-app catalogue list --json | head -c 100``: the reader closes the pipe early.

    The pipe is shrunk to one page (Linux), so the 47 KB listing cannot fit in it and the
    command really writes into a closed pipe."""
    fcntl = pytest.importorskip("fcntl")
    read_end, write_end = os.pipe()
    fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    with subprocess.Popen(
        [sys.executable, "-m", "desk_app", "catalogue", "list", "--json"],
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        os.close(write_end)
        with os.fdopen(read_end, "rb") as reader:
            assert reader.read(100).startswith(b"[")
        assert child.stderr is not None
        errors = child.stderr.read().decode("utf-8")
        child.wait(timeout=60)
    assert "ngoài dự kiến" not in errors and "Traceback" not in errors
