"""One counter window per data folder: a second start brings the first forward and ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.gui.app import bring_forward
from desk_app.gui.qt import QWidget
from desk_app.gui.single_instance import SingleInstance, server_name

ROOT = Path(__file__).resolve().parents[2]
WAIT_MS = 10_000


@pytest.fixture
def instances() -> list[SingleInstance]:
    """Every instance a test made, stopped afterwards so no socket outlives it."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


def instance_for(home: Path, made: list[SingleInstance]) -> SingleInstance:
    instance = SingleInstance(home)
    made.append(instance)
    return instance


def environment(home: Path) -> dict[str, str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "DESK_APP_HOME": str(home),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    if "TMPDIR" in os.environ:  # where Qt puts the socket file: the same for both
        env["TMPDIR"] = os.environ["TMPDIR"]
    return env


def test_a_second_start_on_the_same_folder_asks_the_first_to_come_forward(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    first = instance_for(tmp_path / "home", instances)
    assert first.claim() and first.listening
    second = instance_for(tmp_path / "home", instances)
    with qtbot.waitSignal(first.raise_requested, timeout=WAIT_MS):
        assert not second.claim()
    assert not second.listening and first.listening

    other = instance_for(tmp_path / "other-home", instances)  # another workstation beside it
    assert other.claim()


def test_the_name_is_the_folders_however_it_is_spelled(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (tmp_path / "link").symlink_to(home)
    spellings = [home, tmp_path / "link", tmp_path / "home" / ".." / "home"]
    assert len({server_name(path) for path in spellings}) == 1
    assert server_name(tmp_path / "other") != server_name(home)
    assert len(server_name(home)) < 40 and server_name(home).isascii()


def test_the_app_started_again_exits_at_once_and_the_first_comes_forward(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    home = tmp_path / "home"  # not even set up: the first window may be the set-up dialog
    first = instance_for(home, instances)
    assert first.claim()
    with qtbot.waitSignal(first.raise_requested, timeout=WAIT_MS):
        second = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys\nfrom desk_app.gui.app import run_gui\nsys.exit(run_gui(['desk-app']))",
            ],
            env=environment(home),
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    out, err = second.communicate()
    assert second.returncode == 0, err
    assert out == "" and "Traceback" not in err
    assert not (home / "desk-app.sqlite3").exists()  # it set nothing up either


LISTENER = """
import sys
from pathlib import Path
from desk_app.gui.qt import QApplication
from desk_app.gui.single_instance import SingleInstance
app = QApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print("first" if instance.claim() else "second", flush=True)
app.exec()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="a named pipe dies with its process")
def test_a_name_left_by_a_crashed_window_is_taken_over(
    qtbot: QtBot, tmp_path: Path, instances: list[SingleInstance]
) -> None:
    home = tmp_path / "home"
    crashed = subprocess.Popen(
        [sys.executable, "-c", LISTENER, str(home)],
        env=environment(home),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert crashed.stdout is not None
        assert crashed.stdout.readline().strip() == "first"
    finally:
        crashed.send_signal(signal.SIGKILL)  # no clean-up: its socket file stays behind
        crashed.wait()
        if crashed.stdout is not None:
            crashed.stdout.close()

    restarted = instance_for(home, instances)
    assert restarted.claim() and restarted.listening
    later = instance_for(home, instances)
    with qtbot.waitSignal(restarted.raise_requested, timeout=WAIT_MS):
        assert not later.claim()


@pytest.mark.qt_log_ignore(r"^This plugin does not support raise\(\)$")  # offscreen has no stack
def test_the_window_asked_for_comes_back_from_the_taskbar(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.showMinimized()
    qtbot.waitUntil(window.isMinimized)
    bring_forward()
    qtbot.waitUntil(lambda: not window.isMinimized())
    assert window.isVisible()
