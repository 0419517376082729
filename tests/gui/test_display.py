"""The TV display: a call shows the number and the counter that called it, and is announced
once; a hub down at the start is said on screen until it comes up; how it looks on two TVs."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desk_app.gui.display import DisplayWindow
from desk_app.gui.operations import running_operations
from desk_app.services.context import Actor, Workspace
from desk_app.services.queue import LocalQueue, local_queue
from tests.factories import SettableClock

PICTURES = Path("/tmp")
HUB_LOST = "Mất kết nối máy chủ hàng đợi, đang thử lại…"


class Voice:
    """Records what the display asks to be said, instead of saying it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def announce(self, label: str, counter: str) -> None:
        self.calls.append((label, counter))


class HubThatComesUp:
    """The local queue behind a hub that is not up until ``up`` is set."""

    def __init__(self, queue: LocalQueue) -> None:
        self.queue = queue
        self.up = threading.Event()

    def __getattr__(self, name: str) -> Any:
        if not self.up.is_set():
            raise ConnectionRefusedError(111, "Connection refused")
        return getattr(self.queue, name)

    def wait_for_change(self, since: str | None, timeout: float) -> str:
        if not self.up.is_set():
            raise ConnectionRefusedError(111, "Connection refused")
        return self.queue.wait_for_change(since, min(timeout, 0.25))


def open_display(
    qtbot: QtBot, workspace: Workspace, voice: Voice, queue: object = None
) -> DisplayWindow:
    display = DisplayWindow(workspace, queue=queue, announcer=voice)  # type: ignore[arg-type]
    display.retry_s = 0.1
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()  # nothing on it takes the keys: a TV
    qtbot.waitExposed(display)
    display.start_watching()
    return display


@pytest.fixture
def voice() -> Voice:
    return Voice()


@pytest.fixture
def display(qtbot: QtBot, workspace: Workspace, voice: Voice) -> Iterator[DisplayWindow]:
    window = open_display(qtbot, workspace, voice)
    qtbot.waitUntil(lambda: window.board is not None)  # what was called before is not said
    yield window
    window.stop()
    qtbot.waitUntil(lambda: running_operations() == 0)


def test_a_call_shows_the_number_and_its_counter_and_is_announced_once(
    qtbot: QtBot,
    display: DisplayWindow,
    voice: Voice,
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
) -> None:
    queue = local_queue(workspace)
    queue.issue(actor, "A")
    queue.issue(actor, "A")
    qtbot.waitUntil(lambda: display.waiting_labels[0][1].text() == "2 người")
    assert display.waiting_labels[0][0].text() == "A · Chứng thực"
    assert display.serving_texts() == [] and display.nobody_label.isVisible()

    queue.call_next(actor, "3")
    qtbot.waitUntil(lambda: display.serving_texts() == [("A001", "Quầy 3")])
    assert display.rows[0].number_label.isVisible()
    assert voice.calls == [("A001", "3")]
    assert [cell.text() for cell in display.recent_labels[0]] == ["A001", "Quầy 3", "09:05"]

    # Another counter calls the next one a minute later: on top, with its own counter.
    clock.advance(minutes=1)
    queue.call_next(actor, "1")
    qtbot.waitUntil(lambda: display.serving_texts()[:1] == [("A002", "Quầy 1")])
    assert display.serving_texts() == [("A002", "Quầy 1"), ("A001", "Quầy 3")]
    clock.advance(minutes=1)
    queue.start(actor, "3", "A001")  # serving, not a call: nothing more to say
    clock.advance(minutes=1)
    queue.recall(actor, "1", "A002")  # called again: said again
    qtbot.waitUntil(lambda: len(voice.calls) == 3)
    qtbot.wait(400)  # and nothing else follows
    assert voice.calls == [("A001", "3"), ("A002", "1"), ("A002", "1")]


def test_a_display_started_before_the_hub_says_so_and_works_once_it_is_up(
    qtbot: QtBot, workspace: Workspace, actor: Actor, voice: Voice
) -> None:
    hub = HubThatComesUp(local_queue(workspace))
    display = open_display(qtbot, workspace, voice, hub)
    try:
        qtbot.waitUntil(lambda: display.footer_label.text() == HUB_LOST)
        assert display.serving_texts() == []
        assert display.nobody_label.text() == HUB_LOST  # in big type, not only the footer
        assert display.grab().save(str(PICTURES / "display-hub-down.png"))
        queue = local_queue(workspace)
        queue.issue(actor, "B")
        hub.up.set()
        qtbot.waitUntil(lambda: display.board is not None)
        assert display.footer_label.text() != HUB_LOST
        queue.call_next(actor, "2")
        qtbot.waitUntil(lambda: display.serving_texts() == [("B001", "Quầy 2")])
        assert voice.calls == [("B001", "2")]
    finally:
        display.stop()
        qtbot.waitUntil(lambda: running_operations() == 0)


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 800)])
def test_the_display_rendered_offscreen(
    qtbot: QtBot,
    display: DisplayWindow,
    workspace: Workspace,
    actor: Actor,
    clock: SettableClock,
    width: int,
    height: int,
) -> None:
    """A picture to look at (/tmp/display-*.png): five counters busy, people waiting."""
    queue = local_queue(workspace)
    for letter in "AAAABBBC":
        queue.issue(actor, letter)
    for counter in ("1", "2", "3", "4", "12"):
        clock.advance(minutes=1)
        queue.call_next(actor, counter)
    display.resize(width, height)
    qtbot.waitUntil(lambda: len(display.serving_texts()) == 5)
    qtbot.wait(50)
    picture = display.grab()
    assert (picture.width(), picture.height()) == (width, height)  # the type fits the screen
    assert picture.save(str(PICTURES / f"display-{width}x{height}.png"))
    assert display.serving_texts()[0] == ("B002", "Quầy 12")
    for row in display.rows:
        for label in (row.number_label, row.counter_label):
            metrics = label.fontMetrics()
            assert metrics.horizontalAdvance(label.text()) <= label.width(), label.text()
            assert metrics.height() <= label.height(), label.text()
