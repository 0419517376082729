"""``desk-app report`` through ``main`` on a copy of the set-up workstation: the report of this
month as JSON, PDF and XLSX, the dossiers behind a cell, and plain refusals."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from desk_app.core.calendar import OFFICE_TZ
from tests.cli.conftest import cli

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in

RESIDENCE = "1.010041"


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    run = cli(capsys, *argv)
    assert run.code == 0, run.err
    return run.out


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    run = cli(capsys, *argv)
    assert run.code != 0, run.out
    assert "Traceback" not in run.err
    return run.err.strip()


def _this_month() -> str:
    return datetime.now(OFFICE_TZ).strftime("%Y-%m")


def test_this_month_as_json_pdf_and_xlsx_and_a_cell(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    codes = []
    for name in ("Nguyễn Văn An", "Trần Thị Bình"):
        record = json.loads(
            ok(capsys, "intake", "--procedure", RESIDENCE, "--name", name, "--json")
        )
        codes.append(record["code"])
    ok(capsys, "dossier", "result", codes[0], "--number", "1/XN", "--signer", "A", "--issuer", "B")
    document = json.loads(ok(capsys, "report", "--month", _this_month()))
    total = document["total"]
    assert (total["received_total"], total["resolved_total"], total["in_progress_total"]) == (
        2,
        1,
        1,
    )
    # Resolved at once: ahead of time or on time, by the hour the test runs (the real clock).
    assert total["resolved_early"] + total["resolved_on_time"] == 1
    assert [row["label"] for row in document["rows"]] == ["Đăng ký, quản lý cư trú"]

    pdf = tmp_path / "bao-cao.pdf"
    assert ok(capsys, "report", "--month", _this_month(), "--format", "pdf", "--out", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "bao-cao.xlsx"
    ok(
        capsys,
        "report",
        "--month",
        _this_month(),
        "--format",
        "xlsx",
        "--out",
        str(xlsx),
        "--by",
        "procedure",
    )
    sheet = load_workbook(xlsx)["II.06a"]
    assert sheet.cell(12, 2).value == "1.010041 Xác nhận thông tin về cư trú"
    assert sheet.cell(12, 3).value == 2

    listed = ok(capsys, "report", "--month", _this_month(), "--cell", "in_progress_total")
    assert listed.splitlines()[1:] == [codes[1]]
    as_json = json.loads(
        ok(
            capsys,
            "report",
            "--month",
            _this_month(),
            "--cell",
            "resolved_total",
            "--format",
            "json",
        )
    )
    assert as_json["codes"] == [codes[0]], as_json


def test_bad_periods_and_missing_files_are_refused_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert "Kỳ báo cáo không hợp lệ" in refused(
        capsys, "report", "--from", "2025-08-31", "--to", "2025-08-01"
    )
    assert "2025-13" in refused(capsys, "report", "--month", "2025-13")
    assert "--from" in refused(capsys, "report")
    assert "Chỉ cho một kỳ" in refused(
        capsys, "report", "--month", "2025-08", "--from", "2025-08-01"
    )
    assert "--out" in refused(capsys, "report", "--month", "2025-08", "--format", "pdf")
    assert "resolved_lately" in refused(
        capsys, "report", "--month", "2025-08", "--cell", "resolved_lately"
    )
    assert "chưa tới" in refused(capsys, "report", "--year", "2099")
