"""The desk-app command as an administrator or a script uses it: real processes, real files."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.factories import logged_in

pytestmark = pytest.mark.integration

QR = "001090123456|012345678|Nguyễn Văn An|01011990|Nam|Phường Thanh Xuân Trung, Hà Nội|15042021"


def run(
    home: Path, *args: str, check: bool = True, child: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``desk-app ARGS`` in a process of its own; ``child`` is Python code run first in it
    (the moment of a Ctrl+C). stdin is no terminal: nothing may be asked."""
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    start = ["-m", "desk_app"] if child is None else ["-c", child + CALL_MAIN]
    result = subprocess.run(
        [sys.executable, *start, *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


# The tests' dossiers are received in July 2025, over 30 days ago: the administrator says why.
BACKDATED = ("--backdate-reason", "nhập lại sổ tiếp nhận giấy")
CALL_MAIN = "\nimport sys\nfrom desk_app.cli import main\nsys.exit(main(sys.argv[1:]))\n"
INIT = (
    "init",
    "--office-name", "UBND phường Thanh Xuân Trung",
    "--agency-id", "000.00.19.H26",
    "--place", "Hà Nội",
    "--workstation", "2",
    "--admin", "quantri",
    "--admin-name", "Phạm Thị Hồng",
)  # fmt: skip


@pytest.fixture
def password(tmp_path: Path) -> Path:
    password = tmp_path / "password.txt"
    password.write_text("mat-khau-thu\n", encoding="utf-8")
    return password


@pytest.fixture(scope="session")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One workstation set up by the command, copied for each test (set-up takes seconds)."""
    folder = tmp_path_factory.mktemp("cli-template")
    password = folder / "password.txt"
    password.write_text("mat-khau-thu\n", encoding="utf-8")
    run(folder / "ws1", *INIT, "--password-file", str(password))
    return folder / "ws1"


@pytest.fixture
def home(tmp_path: Path, initialised: Path) -> Path:
    """A copy of the set-up workstation, its administrator's session renewed: the one `init`
    opened ends with the real working day, which a long test run may outlast (a fresh `init`
    in test_init_with_the_civil_code... shows init's own session at work)."""
    home = Path(shutil.copytree(initialised, tmp_path / "ws1"))
    logged_in(home)
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
                 *BACKDATED, "--received-at", "2025-07-18T16:30", "--json")  # fmt: skip
    record = json.loads(result.stdout)
    code = record["code"]
    assert code == "000.00.19.H26-250718-2001"  # workstation 2's block of the receipt day
    assert record["applicant_name"] == "Nguyễn Văn An"
    # Friday 16:30 + 3 working days (Cấp Giấy xác nhận tình trạng hôn nhân): Wednesday 16:30.
    assert record["due_at_local"] == "2025-07-23T16:30:00+07:00"

    plain = run(home, "intake", "--procedure", "1.001193", "--name", "Trần Thị Bích",
                *BACKDATED, "--received-at", "2025-07-18T16:40").stdout  # fmt: skip
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
               *BACKDATED, "--received-at", "2025-07-18T16:40").stdout.strip()  # fmt: skip
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
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("", encoding="utf-8")  # no folder can be made in its place
    result = run(home, "intake", "--procedure", "1.001193", "--name", "Phan Văn Khải",
                 "--print-to", str(not_a_folder / "r.pdf"), check=False)  # fmt: skip
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


def test_init_needs_the_administrators_full_name(tmp_path: Path, password: Path) -> None:
    """The full name signs every receipt the administrator takes in: no name, no set-up."""
    home = tmp_path / "ws-no-name"
    without = [a for a in INIT if a not in ("--admin-name", "Phạm Thị Hồng")]
    result = run(home, *without, "--password-file", str(password), check=False)
    assert result.returncode != 0
    assert "--admin-name" in result.stderr and "Traceback" not in result.stderr
    login_name = run(home, *without, "--admin-name", "QuanTri", "--password-file", str(password),
                     check=False)  # fmt: skip
    assert login_name.returncode != 0 and "khác tên đăng nhập" in login_name.stderr
    assert "desk-app init" in run(home, "catalogue", "list", check=False).stderr  # nothing made


def test_init_names_every_missing_option_at_once(tmp_path: Path) -> None:
    result = run(tmp_path / "ws", "init", "--office-name", "UBND phường Thanh Xuân", check=False)
    assert result.returncode != 0
    for option in ("--place", "--agency-id", "--workstation", "--admin", "--admin-name"):
        assert option in result.stderr
    assert "--office-name" not in result.stderr


def test_init_with_the_civil_code_counting_and_the_derived_unit(
    tmp_path: Path, password: Path
) -> None:
    home = tmp_path / "ws-civil"
    said = run(home, *INIT, "--password-file", str(password), "--counting-method", "civil_code")
    assert "Trung tâm Phục vụ hành chính công phường Thanh Xuân Trung" in said.stdout
    record = json.loads(run(home, "intake", "--procedure", "1.004873", "--name", "Trần Văn Bình",
                            *BACKDATED, "--received-at", "2025-07-18T16:30",
                            "--json").stdout)  # fmt: skip
    # Civil Code arts. 147-148: 3 working days from Monday (the day after Friday's receipt is a
    # Saturday), ending at the close of Wednesday; working hours would give Wednesday 16:30.
    assert record["due_at_local"] == "2025-07-23T17:00:00+07:00"


def test_bad_init_options_are_refused(tmp_path: Path, password: Path) -> None:
    home = tmp_path / "ws-bad"
    bad_method = run(home, *INIT, "--password-file", str(password), "--counting-method", "days",
                     check=False)  # fmt: skip
    assert bad_method.returncode == 2 and "civil_code" in bad_method.stderr
    short = tmp_path / "short.txt"
    short.write_text("ngan\n", encoding="utf-8")
    refused = run(home, *INIT, "--password-file", str(short), check=False)
    assert refused.returncode == 1 and "ít nhất 10 ký tự" in refused.stderr


def received(record: dict[str, object]) -> list[bool]:
    components = record["components"]
    assert isinstance(components, list)
    return [c["received"] for c in components]


def test_intake_takes_the_required_components_unless_told_all(home: Path) -> None:
    """1.004873 lists six papers, four of them "if any": only the two required ones count as
    received unless the officer says which (or all)."""
    listed = json.loads(run(home, "catalogue", "list", "--json").stdout)
    (procedure,) = [p for p in listed if p["code"] == "1.004873"]
    required = [c["required"] for c in procedure["components"]]
    assert not all(required)

    def taken(*components: str) -> list[bool]:
        result = run(home, "intake", "--procedure", "1.004873", "--name", "Lê Thị Mai",
                     *components, "--json")  # fmt: skip
        return received(json.loads(result.stdout))

    assert taken() == required
    assert taken("--components", "all") == [True] * len(required)
    every_required = ",".join(str(i + 1) for i, r in enumerate(required) if r)
    assert taken("--components", f"{every_required},{required.index(False) + 1}").count(True) == (
        required.count(True) + 1
    )


def set_fee_rule(home: Path, code: str, **rule: object) -> None:
    """The scenario's fee rule for ``code``, whatever the bundled catalogue says today."""
    columns = ", ".join(f"{name} = ?" for name in rule)
    with sqlite3.connect(home / "desk-app.sqlite3") as db:
        db.execute(f"UPDATE procedure SET {columns} WHERE code = ?", [*rule.values(), code])
    db.close()


def test_fees_from_pages_copies_and_the_amount_typed(home: Path, tmp_path: Path) -> None:
    # Thông tư 226/2016/TT-BTC: 2.000 đồng a page, 1.000 from the third, at most 200.000 a copy.
    set_fee_rule(home, "2.000815", fee_basis="per_page", fee_vnd=2000, fee_later_from_page=3,
                 fee_later_vnd=1000, fee_cap_vnd=200_000)  # fmt: skip
    set_fee_rule(home, "1.001193", fee_basis="province", fee_vnd=None)

    def intake(code: str, *options: str) -> dict[str, object]:
        out = run(home, "intake", "--procedure", code, "--name", "Đỗ Văn Hùng", *options, "--json")
        record: dict[str, object] = json.loads(out.stdout)
        return record

    copied = intake("2.000815", "--pages", "5", "--copies", "2")
    assert (copied["fee_vnd"], copied["fee_text"]) == (14_000, "14.000 đồng")  # (2x2000+3x1000)x2
    assert intake("1.001193", "--fee", "0")["fee_text"] == "Miễn lệ phí"
    assert intake("1.001193", "--fee", "50.000")["fee_text"] == "50.000 đồng"
    out = tmp_path / "fee.pdf"
    run(home, "receipt", str(copied["code"]), "--out", str(out))
    assert "14.000 đồng" in "".join(page.extract_text() for page in PdfReader(out).pages)

    before = run(home, "dossier", "today", "--json").stdout
    for options, status, words in (
        (["--pages", "0", "--copies", "1"], 1, "Số trang phải từ 1 đến 1.000"),
        (["--pages", "mười"], 2, "không phải là một số đếm"),
        (["--fee", "5,5"], 2, "không phải là một số tiền"),
    ):
        code = "1.001193" if "--fee" in options else "2.000815"
        result = run(home, "intake", "--procedure", code, "--name", "An", *options, check=False)
        assert (result.returncode, words in result.stderr) == (status, True), result.stderr
    assert run(home, "dossier", "today", "--json").stdout == before  # nothing stored


# Ctrl+C at a chosen moment: the process sends itself SIGINT, as the terminal does.
CTRL_C_DURING_RECEIPT = textwrap.dedent("""
    import os, signal
    from desk_app.services import receipts
    real = receipts.save_receipt
    def pressed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)
    receipts.save_receipt = pressed
""")
CTRL_C_AFTER_COMMIT = textwrap.dedent("""
    import os, signal
    from desk_app.services import intake
    real = intake.take_in
    def pressed(*args, **kwargs):
        record = real(*args, **kwargs)
        os.kill(os.getpid(), signal.SIGINT)
        return record
    intake.take_in = pressed
""")


@pytest.mark.skipif(not hasattr(signal, "SIGINT"), reason="no signals")
def test_ctrl_c_while_the_receipt_prints_keeps_the_dossier_and_says_how_to_print(
    home: Path, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    result = run(home, "intake", "--procedure", "1.001193", "--name", "Vũ Thị Lan",
                 "--print-to", str(out), child=CTRL_C_DURING_RECEIPT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert code.startswith("000.00.19.H26-")
    assert f"desk-app receipt {code} --out {out}" in result.stderr
    assert "Đã hủy" not in result.stderr and not out.exists()
    assert json.loads(run(home, "dossier", "show", code, "--json").stdout)["receipt_prints"] == 0


def test_ctrl_c_just_after_the_commit_still_prints_the_code(home: Path) -> None:
    result = run(home, "intake", "--procedure", "1.001193", "--name", "Vũ Thị Lan",
                 child=CTRL_C_AFTER_COMMIT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    code = result.stdout.strip()
    assert f"desk-app receipt {code}" in result.stderr and "đã được lưu" in result.stderr
    assert json.loads(run(home, "dossier", "show", code, "--json").stdout)["code"] == code


@pytest.mark.parametrize("command", [["--help"], ["dossier", "today"], ["catalogue", "list"]])
def test_a_reader_gone_before_the_first_line_is_no_error(home: Path, command: list[str]) -> None:
    """The pipe's reader has already closed it: every write fails, and the command still ends
    quietly with status 0 (``desk-app ... | head -1`` when head is quicker)."""
    run(home, "intake", "--procedure", "1.001193", "--name", "Lê Văn Tám")
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    with subprocess.Popen(
        [sys.executable, "-m", "desk_app", *command],
        stdin=subprocess.DEVNULL,
        stdout=write_end,
        stderr=subprocess.PIPE,
        env=env,
    ) as child:
        os.close(write_end)
        _, errors = child.communicate(timeout=60)
    assert errors.decode("utf-8") == ""
    assert child.returncode == 0


@pytest.mark.skipif(shutil.which("head") is None, reason="no head")
@pytest.mark.parametrize(
    ("command", "first_line"),
    [(["--help"], "cách dùng: desk-app"), (["dossier", "today"], "000.00.19.H26-")],
)
def test_piped_into_head(home: Path, command: list[str], first_line: str) -> None:
    for name in ("Lê Văn Tám", "Lê Văn Tư"):
        run(home, "intake", "--procedure", "1.001193", "--name", name)
    env = os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"}
    with (
        subprocess.Popen(
            [sys.executable, "-m", "desk_app", *command],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        ) as writer,
        subprocess.Popen(["head", "-1"], stdin=writer.stdout, stdout=subprocess.PIPE) as head,
    ):
        assert writer.stdout is not None and writer.stderr is not None
        writer.stdout.close()  # head alone reads it now
        shown, _ = head.communicate(timeout=60)
        errors = writer.stderr.read().decode("utf-8")
        writer.wait(timeout=60)
    assert shown.decode("utf-8").startswith(first_line)
    assert shown.count(b"\n") == 1
    assert (writer.returncode, errors) == (0, "")


def test_init_logs_its_administrator_in_until_logout(home: Path, password: Path) -> None:
    """Set-up leaves its administrator logged in; after logout every command asks for a login,
    and a login with the password file opens the session again."""
    assert json.loads(run(home, "dossier", "today", "--json").stdout) == []
    assert run(home, "logout").stdout.strip() == "Đã đăng xuất."
    refused = run(home, "dossier", "today", check=False)
    assert refused.returncode == 1
    assert "Chưa đăng nhập. Hãy đăng nhập trước: desk-app login" in refused.stderr
    typed = run(home, "login", "quantri", check=False)  # no terminal: nothing may be asked
    assert typed.returncode == 1 and "--password-file" in typed.stderr
    assert run(home, "login", "quantri", "--password-file", str(password)).returncode == 0
    assert run(home, "dossier", "today").returncode == 0
