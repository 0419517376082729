"""``desk-app dossier transfer|supplement|resume|refuse|apologise|stop|result|return`` through
``main`` on a copy of the set-up workstation: a whole life, plain refusals, supervisors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.cli.conftest import cli
from tests.factories import ADMIN_PASSWORD

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in

MARITAL_STATUS = "1.004873"  # 3 working days


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    run = cli(capsys, *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    run = cli(capsys, *argv)
    assert run.code == 1, run.out
    assert run.out == "" and "Traceback" not in run.err
    return run.err.strip()


def _intake(capsys: pytest.CaptureFixture[str]) -> str:
    record = ok(capsys, "intake", "--procedure", MARITAL_STATUS, "--name", "Nguyễn Văn An")
    return str(record["code"])


def _password_file(tmp_path: Path, name: str, password: str) -> str:
    path = tmp_path / name
    path.write_text(password, encoding="utf-8")
    return str(path)


def _working_day_after(due_at: str, days: int) -> str:
    """A working day ``days`` or more after ``due_at``, by the office's own calendar."""
    from desk_app.core.calendar import OFFICE_TZ
    from desk_app.services.workstation import open_workstation, station_of

    workspace = open_workstation()
    try:
        calendar = workspace.calendar(station_of(workspace).office.id)
    finally:
        workspace.close()
    day = datetime.fromisoformat(due_at).astimezone(OFFICE_TZ).date() + timedelta(days=days)
    return (day if calendar.is_working_day(day) else calendar.next_working_day(day)).isoformat()


def test_a_whole_life_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code = _intake(capsys)
    sent = ok(capsys, "dossier", "transfer", code, "--unit", "Tư pháp", "--officer", "Lê B")
    assert sent["dossier"]["state"] == "in_progress" and sent["handling_unit"] == "Tư pháp"
    assert sent["transition"]["seq"] == 2 and sent["transition"]["action"] == "transfer"
    asked = ok(
        capsys,
        "dossier", "supplement", code,
        "--item", "Tờ khai:1",
        "--item", "Bản sao CCCD:0:1:0",
        "--reason", "Thiếu tờ khai",
    )  # fmt: skip
    assert asked["dossier"]["state"] == "supplement_requested"
    assert [i["name"] for i in asked["transition"]["details"]["items"]] == [
        "Tờ khai",
        "Bản sao CCCD",
    ]
    assert asked["paused_at"] is not None
    back = ok(capsys, "dossier", "resume", code)
    assert back["dossier"]["state"] == "received" and back["paused_at"] is None
    assert back["dossier"]["due_at"] >= back["dossier"]["original_due_at"]
    ready = ok(
        capsys, "dossier", "result", code, "--number", "15/GXN", "--signer", "Phạm Văn C",
        "--issuer", "UBND phường",
    )  # fmt: skip
    assert ready["dossier"]["state"] == "result_ready"
    shown = cli(
        capsys, "dossier", "return", code, "--collector", "proxy", "--name", "Trần Văn Bình",
        "--id-number", "001190004567", "--fee-amount", "50.000", "--fee-method", "cash",
    )  # fmt: skip
    assert shown.code == 0, shown.err
    assert shown.out.startswith(f"Hồ sơ {code}: đã ghi “Trả kết quả”. Trạng thái: Đã trả kết quả.")
    again = refused(capsys, "dossier", "return", code)
    assert "đã được trả lúc" in again and "không trả lần nữa" in again


def test_acts_the_state_does_not_allow_are_refused_plainly(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = _intake(capsys)
    said = refused(capsys, "dossier", "resume", code)
    assert said == "Không thể “Nhận hồ sơ bổ sung” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”."
    assert "Không tìm thấy hồ sơ" in refused(
        capsys, "dossier", "refuse", "000.00.19.H26-250101-9999", "--reason", "x"
    )
    assert (
        ok(capsys, "dossier", "refuse", code, "--reason", "Không thuộc thẩm quyền")["dossier"][
            "state"
        ]
        == "refused"
    )
    other = _intake(capsys)
    stopped = ok(
        capsys, "dossier", "stop", other, "--reason", "Người nộp rút hồ sơ", "--stage",
        "Mới tiếp nhận", "--papers-returned", "Toàn bộ", "--fees-settled", "Chưa thu",
    )  # fmt: skip
    assert stopped["transition"]["details"]["stage"] == "Mới tiếp nhận"
    assert "Đã dừng giải quyết" in refused(capsys, "dossier", "transfer", other, "--unit", "X")
    bad = refused(capsys, "dossier", "apologise", other, "--new-date", "mai", "--reason", "x")
    assert "không phải là ngày" in bad


def test_an_officer_needs_a_supervisor_to_extend_or_ask_again(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    clerk_password = _password_file(tmp_path, "quay1.txt", "quay-so-mot-2025")
    admin_password = _password_file(tmp_path, "quantri.txt", ADMIN_PASSWORD)
    added = cli(
        capsys, "user", "add", "quay1", "--role", "officer", "--name", "Trần Văn Một",
        "--password-file", clerk_password,
    )  # fmt: skip
    assert added.code == 0, added.err
    code = _intake(capsys)
    assert cli(capsys, "login", "quay1", "--password-file", clerk_password).code == 0
    record = ok(capsys, "dossier", "show", code)
    new_date = _working_day_after(record["due_at"], 7)
    extend = ("dossier", "extend", code, "--new-date", new_date, "--reason", "Chờ xác minh")
    assert "không được phép duyệt gia hạn" in refused(capsys, *extend)
    approved = ok(
        capsys, *extend, "--approver", "quantri", "--approver-password-file", admin_password
    )
    assert approved["extensions"] == 1
    assert approved["transition"]["approved_by"] == "Phạm Thị Hồng"
    assert approved["transition"]["details"]["exceptional"] is False
    assert approved["dossier"]["due_at_local"].startswith(f"{new_date}T17:00")
    wrong = refused(
        capsys, *extend, "--approver", "quantri", "--approver-password-file", clerk_password
    )
    assert "Traceback" not in wrong

    ask = ("dossier", "supplement", code, "--item", "Tờ khai", "--reason", "Thiếu")
    ok(capsys, *ask)
    ok(capsys, "dossier", "resume", code)
    assert "lãnh đạo" in refused(capsys, *ask)
    assert "lãnh đạo" in refused(capsys, *ask, "--approver-reason", "Sót bản sao")
    again = ok(
        capsys, *ask, "--approver-reason", "Sót bản sao", "--approver", "quantri",
        "--approver-password-file", admin_password,
    )  # fmt: skip
    assert again["supplement_requests"] == 2
    assert again["transition"]["details"]["second_request_reason"] == "Sót bản sao"


def test_an_acts_form_and_the_register_are_written_from_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """`dossier form CODE SEQ` writes the form of that act, `register` the book of the days
    asked, as PDF or XLSX; a range the wrong way round is refused and writes nothing."""
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from desk_app.core.calendar import OFFICE_TZ

    code = _intake(capsys)
    ok(capsys, "dossier", "transfer", code, "--unit", "Tư pháp")
    form = tmp_path / "phieu.pdf"
    run = cli(capsys, "dossier", "form", code, "2", "--out", str(form))
    assert run.code == 0, run.err
    text = " ".join(PdfReader(io.BytesIO(form.read_bytes())).pages[0].extract_text().split())
    assert code in text and "Tư pháp" in text
    today = datetime.now(OFFICE_TZ).date().isoformat()
    book = tmp_path / "so.xlsx"
    run = cli(
        capsys, "register", "--from", today, "--to", today, "--format", "xlsx", "--out", str(book)
    )
    assert run.code == 0, run.err
    cells = [c.value for row in load_workbook(book).active.iter_rows() for c in row]
    assert code in cells and "Tư pháp" in cells
    pdf = tmp_path / "so.pdf"
    assert cli(capsys, "register", "--from", today, "--to", today, "--out", str(pdf)).code == 0
    assert pdf.read_bytes().startswith(b"%PDF")
    wrong = tmp_path / "sai.pdf"
    message = refused(
        capsys, "register", "--from", today, "--to", "2020-01-01", "--out", str(wrong)
    )
    assert "không hợp lệ" in message and not wrong.exists()
