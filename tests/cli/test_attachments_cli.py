"""``desk-app dossier attach|files|file-check|detach|scan-folder`` and ``desk-app handover``
through ``main``, on a copy of the set-up workstation."""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import cli
from tests.scan_files import pdf_bytes, png_bytes

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    run = cli(capsys, *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    run = cli(capsys, *argv)
    assert run.code == 1, run.out
    assert "Traceback" not in run.err
    return run.err.strip()


def intake(capsys: pytest.CaptureFixture[str], name: str = "Nguyễn Văn Đức") -> str:
    code: str = ok(capsys, "intake", "--procedure", "1.001193", "--name", name)["code"]
    return code


def test_attach_list_and_digitisation_status(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = intake(capsys)
    first = tmp_path / "to-khai.pdf"
    first.write_bytes(pdf_bytes(2))
    shown = cli(capsys, "dossier", "attach", code, str(first), "--component", "1")
    assert shown.code == 0, shown.err
    assert shown.out.startswith(f"Đã đính kèm to-khai.pdf vào hồ sơ {code} (thành phần số 1)")
    listed = cli(capsys, "dossier", "files", code)
    assert "to-khai.pdf\tapplication/pdf\t2\t" in listed.out
    assert f"Hồ sơ {code} chưa số hóa đủ: thiếu bản quét của thành phần số 2." in listed.out
    second = tmp_path / "giay-chung-sinh.png"
    second.write_bytes(png_bytes())
    added = ok(capsys, "dossier", "attach", code, str(second), "--component", "2")
    assert added["component_position"] == 2 and added["pages"] == 1
    files = ok(capsys, "dossier", "files", code)
    assert files["status"]["digitised"] is True and files["status"]["missing"] == []
    assert [a["file_name"] for a in files["attachments"]] == ["to-khai.pdf", "giay-chung-sinh.png"]


def test_bad_files_are_refused_in_plain_words(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = intake(capsys)
    fake = tmp_path / "scan.pdf"
    fake.write_bytes(png_bytes())
    assert "là tệp PDF nhưng nội dung là tệp PNG" in refused(
        capsys, "dossier", "attach", code, str(fake), "--component", "1"
    )
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    assert "Tệp rỗng" in refused(capsys, "dossier", "attach", code, str(empty), "--result")
    good = tmp_path / "good.pdf"
    good.write_bytes(pdf_bytes(1))
    assert cli(capsys, "dossier", "attach", code, str(good), "--component", "1").code == 0
    assert "đã được đính kèm vào hồ sơ" in refused(
        capsys, "dossier", "attach", code, str(good), "--result"
    )
    assert "không có thành phần số 12" in refused(
        capsys, "dossier", "attach", code, str(good), "--component", "12"
    )
    usage = cli(capsys, "dossier", "attach", code, str(good))
    assert usage.code == 2 and "--component" in usage.err  # a target is required


def test_file_check_reports_a_tampered_scan_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = intake(capsys)
    scan = tmp_path / "a.pdf"
    scan.write_bytes(pdf_bytes(1))
    sha = ok(capsys, "dossier", "attach", code, str(scan), "--component", "1")["sha256"]
    intact = cli(capsys, "dossier", "file-check", code)
    assert intact.code == 0 and "còn nguyên vẹn (1 tệp)" in intact.out
    stored = Path(os.environ["DESK_APP_HOME"]) / "attachments" / sha[:2] / sha
    stored.write_bytes(stored.read_bytes() + b"tampered")
    report = cli(capsys, "dossier", "file-check", code, "--json")
    assert report.code == 1
    assert json.loads(report.out)["problems"][0]["problem"] == "altered"
    said = refused(capsys, "dossier", "file-check", code)
    assert "đã bị thay đổi sau khi đính kèm" in said and "1 trên 1 tệp" in said
    detached = cli(capsys, "dossier", "detach", code, sha[:10])
    assert detached.code == 0 and "Đã gỡ tệp a.pdf" in detached.out


def test_scan_folder_attaches_new_files_and_moves_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code = intake(capsys)
    folder = tmp_path / "scanner"
    folder.mkdir()
    for name, data in (("1.pdf", pdf_bytes(1)), ("2.pdf", png_bytes())):
        (folder / name).write_bytes(data)
        past = time.time() - 60
        os.utime(folder / name, (past, past))
    run = cli(capsys, "dossier", "scan-folder", code, str(folder), "--component", "1")
    assert run.code == 1  # one was refused
    assert "Đã đính kèm: 1.pdf" in run.out and "Không nhận 2.pdf" in run.err
    assert (folder / "done" / "1.pdf").is_file() and (folder / "refused" / "2.pdf").is_file()
    assert cli(capsys, "dossier", "scan-folder", code, str(folder), "--result").out.startswith(
        "Không có tệp mới"
    )


def test_handover_of_scanned_codes_writes_the_list(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = [intake(capsys, name) for name in ("Nguyễn Văn Đức", "Trần Thị Ánh Tuyết")]
    out = tmp_path / "ban-giao.pdf"
    # A handheld scanner's lines on stdin, lower case and with Enter.
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(f"{c.lower()}\r\n" for c in codes)))
    run = cli(capsys, "handover", "-", "--to", "Trần Văn Bình", "--pages", "9", "--out", str(out))
    assert run.code == 0, run.err
    assert "2 hồ sơ từ Phạm Thị Hồng sang Trần Văn Bình" in run.out
    assert f"Đã lưu danh sách bàn giao vào {out}" in run.out
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "DANH SÁCH BÀN GIAO HỒ SƠ GIẤY" in text and "Tổng cộng: 02 hồ sơ, 18 trang." in text
    assert all(c in text for c in codes)
    batch = ok(capsys, "handover", codes[0], "--from", "Trần Văn Bình", "--to", "Lê Văn Tám")
    assert batch["entries"][0]["seq"] == 2 and batch["entries"][0]["pages"] == 9
    again = tmp_path / "lai.pdf"
    assert cli(capsys, "handover-list", batch["batch_id"], "--out", str(again)).code == 0
    assert again.read_bytes().startswith(b"%PDF-")


def test_handover_refuses_a_line_that_is_not_a_code_and_records_nothing(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = intake(capsys)
    said = refused(capsys, "handover", code, "001090123456|012345678|Nguyễn Văn An", "--to", "B")
    assert said.startswith("Dòng 2: ") and "không phải là mã hồ sơ" in said
    assert "không có trong danh sách" not in said
    history = ok(capsys, "handover", code, "--to", "Trần Văn Bình")
    assert history["entries"][0]["seq"] == 1  # the refused batch left nothing behind
