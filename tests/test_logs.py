"""The log holds no applicant's data and never troubles the officer (issue 8, item 4)."""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desk_app.cli import main
from desk_app.core.errors import DeskError
from desk_app.logs import LOG_FILE, configure_logging, log_dir
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from tests.factories import intake_request

# Names no other text of the log could hold: if one is there, an applicant's data leaked.
NAMES = ["Nguyễn Thị Lộ Liễu", "Hoàng Văn Bí Mật", "Đỗ Thị Riêng Tư"]
TWELVE_DIGITS = re.compile(r"(?<!\d)\d{12}(?!\d)")
PHONE = re.compile(r"(?<!\d)0\d{9,10}(?!\d)")


@pytest.fixture
def log_file(workspace: Workspace) -> Iterator[Path]:
    """The real rotating log in the data folder, removed from the root logger afterwards."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    for handler in handlers:
        if getattr(handler, "desk_app", False):
            root.removeHandler(handler)
    configure_logging()
    yield log_dir() / LOG_FILE
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    for handler in handlers:
        if handler not in root.handlers:
            root.addHandler(handler)
    root.setLevel(level)


@pytest.fixture
def logged_in(workspace: Workspace, actor: Actor) -> None:
    """A session for the commands (issue 8: every command acts as the officer logged in)."""
    from datetime import UTC, datetime

    from desk_app.services.session import open_session

    assert actor.officer is not None
    open_session(workspace, actor.officer, expires_at=datetime(2100, 1, 1, tzinfo=UTC))


id_numbers = st.one_of(
    st.just("001090123456"),  # a valid one: the intake is stored
    st.from_regex(r"0[0-9]{11}", fullmatch=True),  # well formed, maybe impossible
    st.from_regex(r"[0-9]{9,13}", fullmatch=True),
    st.text(alphabet="0123456789 -x", max_size=14),
)
phones = st.one_of(
    st.from_regex(r"0[0-9]{9}", fullmatch=True),
    st.from_regex(r"\+?[0-9 ]{3,20}", fullmatch=True),
)
names = st.one_of(
    st.sampled_from(NAMES),
    st.builds(lambda n, junk: n + junk, st.sampled_from(NAMES), st.text(max_size=5)),
)
qr_payloads = st.builds(
    lambda id_number, name: f"{id_number}||{name}|01011990|Nam|Hà Nội|01012021",
    id_numbers,
    names,
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=names, id_number=id_numbers, phone=phones, qr=st.one_of(st.none(), qr_payloads))
def test_fuzzed_intakes_leave_no_personal_data_in_the_log(
    log_file: Path,
    logged_in: None,
    workspace: Workspace,
    actor: Actor,
    capsys: pytest.CaptureFixture[str],
    name: str,
    id_number: str,
    phone: str,
    qr: str | None,
) -> None:
    try:
        take_in(
            workspace,
            actor,
            intake_request("1.001193", name, id_number=id_number, phone=phone),
        )
    except DeskError as error:
        logging.getLogger("desk_app.test").info("refused in the service: %s", type(error).__name__)
    # "--option=value": a fuzzed value starting with "-" is a value, not another option.
    argv = ["intake", "--procedure=1.001193", f"--name={name}", f"--phone={phone}"]
    argv += [f"--id-number={id_number}"] if qr is None else [f"--qr={qr}"]
    main(argv)  # stored or refused: either way nothing personal in the log
    capsys.readouterr()
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "NotLoggedIn" not in text  # the commands really ran
    assert not TWELVE_DIGITS.search(text)
    assert not PHONE.search(text)
    for known in NAMES:
        assert known not in text


def test_a_refusal_is_one_line_with_its_field(
    log_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from desk_app.cli._common import read_password

    # A ValidationError raised through main: read_password's unreadable file, named by path.
    main(["init", "--password-file", "/nonexistent/pw", "--office-name", NAMES[0]])
    capsys.readouterr()
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback" not in text
    assert NAMES[0] not in text
    assert read_password  # the helper the refusal came from exists


def test_an_unwritable_log_is_silent(
    log_file: Path, workspace: Workspace, actor: Actor, capsys: pytest.CaptureFixture[str]
) -> None:
    handler = next(h for h in logging.getLogger().handlers if getattr(h, "desk_app", False))
    assert isinstance(handler, logging.FileHandler)
    handler.close()
    shutil.rmtree(log_file.parent)
    log_file.parent.write_text("a file where the log folder was")  # the log cannot reopen
    take_in(workspace, actor, intake_request("1.001193", "Trần Văn Bình"))
    logging.getLogger("desk_app.test").warning("nobody can read this")
    out, err = capsys.readouterr()
    assert out == "" and err == ""
    os.remove(log_file.parent)
