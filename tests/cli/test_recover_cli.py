"""``desk-app init`` shows the recovery code once; ``desk-app user recover`` uses it without a
login; ``desk-app user new-recovery-code`` replaces it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from desk_app.services.recovery import ALPHABET
from tests.cli.conftest import cli
from tests.factories import ADMIN_PASSWORD

CODE = re.compile(rf"[{ALPHABET}]{{5}}(?:-[{ALPHABET}]{{5}}){{3}}")
INIT = (
    "init",
    "--office-name", "UBND phường Thanh Xuân",
    "--agency-id", "000.00.19.H26",
    "--place", "Hà Nội",
    "--workstation", "1",
    "--admin", "quantri",
    "--admin-name", "Phạm Thị Hồng",
)  # fmt: skip


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def failed_logins_audited(home: Path) -> list[str]:
    from desk_app.services.workstation import open_workstation
    from desk_app.store.models import AuditEntry

    workspace = open_workstation(home)
    try:
        with workspace.read() as session:
            query = select(AuditEntry.entity_id).where(AuditEntry.action == "officer.login_failed")
            return list(session.scalars(query))
    finally:
        workspace.close()


def test_init_prints_a_code_that_recovers_the_administrator_once(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = cli(capsys, *INIT, "--password-file", write(tmp_path, "pw.txt", ADMIN_PASSWORD))
    assert run.code == 0, run.err
    (line,) = [x for x in run.out.splitlines() if x.startswith("Mã khôi phục của quản trị viên:")]
    found = CODE.search(line)
    assert found is not None
    assert "Hãy chép mã này ra giấy và cất vào nơi có khóa" in run.out
    code = found[0]
    assert cli(capsys, "logout").code == 0  # the way back in needs no session

    new_password = write(tmp_path, "new.txt", "mat-khau-khoi-phuc")
    code_file = write(tmp_path, "code.txt", code)
    run = cli(
        capsys, "user", "recover", "quantri", "--code-file", code_file,
        "--password-file", new_password,
    )  # fmt: skip
    assert run.code == 0, run.err
    assert run.out.startswith("Đã đặt mật khẩu mới và mở khóa tài khoản quantri")
    replaced = CODE.search(run.out.split("Mã khôi phục mới:")[1])
    assert replaced is not None and replaced[0] != code
    assert cli(capsys, "login", "quantri", "--password-file", new_password).code == 0

    again = cli(
        capsys, "user", "recover", "quantri", "--code-file", code_file,
        "--password-file", write(tmp_path, "other.txt", "mat-khau-lan-hai"),
    )  # fmt: skip
    assert again.code == 1 and "mã khôi phục không đúng" in again.err
    assert cli(capsys, "login", "quantri", "--password-file", new_password).code == 0
    verified = cli(capsys, "audit", "verify")  # the account stays sealed, the chain intact
    assert verified.code == 0, verified.out + verified.err


def test_a_wrong_code_is_refused_and_audited_as_a_failed_login(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    assert cli(capsys, "logout").code == 0
    before = failed_logins_audited(home)
    run = cli(
        capsys, "user", "recover", "quantri",
        "--code-file", write(tmp_path, "code.txt", "AAAAA-BBBBB-CCCCC-DDDDD"),
        "--password-file", write(tmp_path, "pw.txt", "mat-khau-khoi-phuc"),
    )  # fmt: skip
    assert run.code == 1 and run.out == ""
    assert "Tên đăng nhập của quản trị viên hoặc mã khôi phục không đúng" in run.err
    assert failed_logins_audited(home) == [*before, "quantri"]
    password = write(tmp_path, "old.txt", ADMIN_PASSWORD)
    assert cli(capsys, "login", "quantri", "--password-file", password).code == 0  # unchanged


@pytest.mark.usefixtures("home")  # the template's administrator logged in
def test_an_administrator_makes_a_new_code_and_an_officer_may_not(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    run = cli(capsys, "user", "new-recovery-code")
    assert run.code == 0, run.err
    found = CODE.search(run.out)
    assert found is not None and "mã cũ không dùng được nữa" in run.out
    clerk = write(tmp_path, "clerk.txt", "quay-so-mot-2025")
    added = cli(
        capsys, "user", "add", "quay1", "--role", "officer", "--name", "Trần Văn Một",
        "--password-file", clerk,
    )  # fmt: skip
    assert added.code == 0, added.err
    assert cli(capsys, "login", "quay1", "--password-file", clerk).code == 0
    refused = cli(capsys, "user", "new-recovery-code")
    assert refused.code == 1 and "không được phép quản lý tài khoản cán bộ" in refused.err
    # The administrator's new code is the one that works.
    run = cli(
        capsys, "user", "recover", "quantri",
        "--code-file", write(tmp_path, "code.txt", found[0]),
        "--password-file", write(tmp_path, "pw.txt", "mat-khau-khoi-phuc"),
    )  # fmt: skip
    assert run.code == 0, run.err
