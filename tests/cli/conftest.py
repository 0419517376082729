"""What the command-line tests share: a copy of the set-up workstation in the data folder the
commands use, ``main`` run in this process, and no log handler outliving its test."""

from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from desk_app.cli import main


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str


@pytest.fixture(autouse=True)
def _no_leftover_log_handler() -> Iterator[None]:
    """`main` installs a log file handler in the data folder; it must not outlive the test."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def home(office_template: Path) -> Path:
    """A copy of the set-up workstation (its administrator logged in) where commands look."""
    target = Path(os.environ["DESK_APP_HOME"])
    shutil.copytree(office_template, target)
    return target


def cli(capsys: pytest.CaptureFixture[str], *argv: str) -> Run:
    """``desk-app ARGV`` in this process; --help, --version and usage errors end in argparse."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 0
    out, err = capsys.readouterr()
    return Run(code, out, err)


def use_language(language: str) -> None:
    """The data folder's settings file, asking for ``language``."""
    settings = Path(os.environ["DESK_APP_HOME"]) / "settings.toml"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text(f'language = "{language}"\n', encoding="utf-8")


def vietnamese_letters(text: str) -> list[str]:
    return [ch for ch in text if ch.isalpha() and not ch.isascii()]
