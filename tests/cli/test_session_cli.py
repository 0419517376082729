"""`desk-app login`/`logout`, commands refused without a session or with someone else's --user,
and `desk-app user`: what an officer at the PC sees."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.conftest import cli
from tests.factories import ADMIN_PASSWORD

NOT_LOGGED_IN = "Chưa đăng nhập. Hãy đăng nhập trước: desk-app login"


pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    shown = cli(capsys, *argv)
    return shown.code, shown.out, shown.err


def password_file(tmp_path: Path, password: str) -> str:
    path = tmp_path / f"password-{len(list(tmp_path.iterdir()))}.txt"
    path.write_text(password + "\n", encoding="utf-8")
    return str(path)


def test_without_a_session_commands_are_refused_and_login_opens_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert run(capsys, "logout")[1].strip() == "Đã đăng xuất."
    for command in (["dossier", "today"], ["catalogue", "list"], ["audit", "verify"]):
        code, out, err = run(capsys, *command)
        assert code == 1 and out == "" and NOT_LOGGED_IN in err, command
    code, _out, err = run(
        capsys, "login", "quantri", "--password-file", password_file(tmp_path, "sai-mat-khau-nhe")
    )
    assert code == 1 and "Tên đăng nhập hoặc mật khẩu không đúng." in err
    code, out, _err = run(
        capsys, "login", "QuanTri", "--password-file", password_file(tmp_path, ADMIN_PASSWORD)
    )
    assert code == 0 and out.startswith("Đã đăng nhập: quantri (Phạm Thị Hồng), đến ")
    code, out, _err = run(capsys, "dossier", "today", "--json")
    assert code == 0 and json.loads(out) == []


def test_user_names_only_the_officer_logged_in(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "user", "set-name", "quantri", "Phạm Thị Hồng", "--user", "ai-khac"
    )
    assert code == 1 and "--user ai-khac không phải là cán bộ đang đăng nhập (quantri)" in err
    code, _out, _err = run(
        capsys, "user", "set-name", "quantri", "Phạm Thị Hồng", "--user", "quantri"
    )
    assert code == 0


def test_an_expired_or_edited_session_is_refused(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    from desk_app.services.session import SESSION_FILE, open_session
    from desk_app.services.workstation import open_workstation
    from tests.factories import account_of

    workspace = open_workstation(home)
    try:
        officer = account_of(workspace, "quantri")
        open_session(workspace, officer, expires_at=datetime.now(UTC) - timedelta(minutes=1))
    finally:
        workspace.close()
    code, _out, err = run(capsys, "dossier", "today")
    assert code == 1 and "Phiên đăng nhập đã hết hạn." in err
    stored = json.loads((home / SESSION_FILE).read_text(encoding="utf-8"))
    stored["expires_at"] = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    (home / SESSION_FILE).write_text(json.dumps(stored), encoding="utf-8")
    code, _out, err = run(capsys, "dossier", "today")
    assert code == 1 and "Tệp phiên đăng nhập không hợp lệ" in err


def test_accounts_from_the_command_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    clerk_password = password_file(tmp_path, "quay-so-mot-2025")
    code, out, _err = run(
        capsys,
        "user", "add", "quay1", "--role", "officer", "--name", "Trần Văn Một",
        "--password-file", clerk_password,
    )  # fmt: skip
    assert code == 0 and out.strip() == "Đã tạo tài khoản quay1 (officer)."
    code, _out, err = run(
        capsys,
        "user", "add", "quay2", "--role", "officer", "--name", "Trần Văn Hai",
        "--password-file", password_file(tmp_path, "ngan-qua"),
    )  # fmt: skip
    assert code == 1 and "ít nhất 10 ký tự" in err
    code, out, _err = run(capsys, "user", "list", "--json")
    listed = {a["username"]: (a["role"], a["active"]) for a in json.loads(out)}
    assert listed == {"quantri": ("admin", True), "quay1": ("officer", True)}
    # The officer logs in: accounts and the catalogue are not theirs to change.
    assert run(capsys, "login", "quay1", "--password-file", clerk_password)[0] == 0
    code, _out, err = run(capsys, "user", "list")
    assert code == 1 and "không được phép quản lý tài khoản cán bộ" in err
    catalogue = tmp_path / "catalogue.json"
    assert run(capsys, "catalogue", "export", str(catalogue))[0] == 0  # reading is allowed
    code, _out, err = run(capsys, "catalogue", "import", str(catalogue))
    assert code == 1 and "không được phép sửa danh mục thủ tục" in err
    admin_password = password_file(tmp_path, ADMIN_PASSWORD)
    assert run(capsys, "login", "quantri", "--password-file", admin_password)[0] == 0
    code, out, _err = run(
        capsys,
        "user",
        "set-password",
        "quay1",
        "--password-file",
        password_file(tmp_path, "mat-khau-moi-2"),
    )
    assert code == 0 and "quay1" in out
    assert run(capsys, "user", "deactivate", "quay1")[0] == 0
    code, out, _err = run(capsys, "user", "list")
    assert "quay1\tofficer\tđã vô hiệu hóa\tTrần Văn Một" in out.splitlines()
