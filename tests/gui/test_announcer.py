"""The display's spoken calls: the clips of "A012, quầy 3", one call after another, and a
display with no speakers that still keeps up. CI has no sound output, so there the silent
path is what runs; where one exists (a developer's PC, a PulseAudio null sink) the same tests
play the clips for real, at a volume no one hears."""

from __future__ import annotations

import logging
import math
import sys
import wave
from array import array
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desk_app.config import Settings
from desk_app.core.announce import CHIME, CLIPS
from desk_app.gui.announcer import (
    RATE,
    Announcer,
    announcement_clips,
    joined_clips,
    voice_folder,
)

Event = tuple[str, str, str]
QUIET = 1  # percent: real playback where there are speakers, inaudible (logarithmic scale)


def recorder(announcer: Announcer) -> list[Event]:
    events: list[Event] = []
    announcer.started_one.connect(lambda label, counter: events.append(("start", label, counter)))
    announcer.finished_one.connect(lambda label, counter: events.append(("end", label, counter)))
    return events


def samples(path: Path) -> array[int]:
    with wave.open(str(path), "rb") as clip:
        assert (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) == (1, 2, RATE)
        return array("h", clip.readframes(clip.getnframes()))


def test_the_call_for_a012_at_counter_3_plays_the_expected_clips(qtbot: QtBot) -> None:
    announcer = Announcer(Settings())
    folder = voice_folder()
    expected = ["chime", "moi_cong_dan_co_so_thu_tu", "A", "khong", "muoi", "hai"]
    expected += ["den_quay_so", "ba"]
    paths = announcer.clip_paths("A012", "3")
    assert paths == [folder / f"{name}.wav" for name in expected]
    assert all(path.is_file() for path in paths)


def test_repeat_and_chime_settings_shape_the_call(qtbot: QtBot) -> None:
    announcer = Announcer(Settings(announce_chime=False, announce_repeat=2))
    names = [path.stem for path in announcer.clip_paths("B105", "12")]
    sentence = ["moi_cong_dan_co_so_thu_tu", "B", "mot", "tram", "linh", "nam"]
    sentence += ["den_quay_so", "muoi", "hai"]
    assert names == sentence * 2


def test_the_joined_sound_holds_each_clip_in_order_with_pauses_between() -> None:
    paths = announcement_clips("A012", "3", chime=True)
    sound = joined_clips(paths)
    position = 0
    for path in paths:
        clip = samples(path).tobytes()
        found = sound.find(clip, position)
        assert found >= position, f"{path.stem} is missing or out of order"
        position = found + len(clip)
    assert position == len(sound)  # ends on the last word, no trailing silence
    clip_seconds = sum(len(samples(path)) for path in paths) / RATE
    seconds = len(sound) / 2 / RATE
    assert 0.5 < seconds - clip_seconds < 1.5  # the pauses of a sentence, not of a list
    assert 3 < seconds < 7


def test_every_word_has_a_small_audible_clip() -> None:
    folder = voice_folder()
    wanted = {f"{name}.wav" for name in CLIPS} | {f"{CHIME}.wav"}
    assert {path.name for path in folder.glob("*.wav")} == wanted
    assert sum(path.stat().st_size for path in folder.iterdir()) < 2_000_000
    assert (folder.parent / "README.md").is_file()
    for name in wanted:
        clip = samples(folder / name)
        seconds = len(clip) / RATE
        rms = math.sqrt(sum(s * s for s in clip) / len(clip))
        assert 0.1 <= seconds <= 3.5, name
        assert 20 * math.log10(rms / 32767) > -30, f"{name} is nearly silent"
        assert max(abs(s) for s in clip[:20]) < 2000, f"{name} starts with a click"


def test_two_calls_are_spoken_in_order_never_overlapping(qtbot: QtBot) -> None:
    announcer = Announcer(Settings(announce_volume=QUIET, announce_chime=False))
    events = recorder(announcer)
    announcer.announce("A012", "3")
    announcer.announce("B001", "5")
    assert announcer.pending() == 2
    with qtbot.waitSignals([announcer.finished_one] * 2, order="strict", timeout=30_000):
        pass
    assert events == [
        ("start", "A012", "3"),
        ("end", "A012", "3"),
        ("start", "B001", "5"),
        ("end", "B001", "5"),
    ]
    assert announcer.pending() == 0


def test_a_call_asked_for_as_another_ends_waits_its_turn(qtbot: QtBot) -> None:
    announcer = Announcer(Settings(announce_volume=QUIET, announce_chime=False))
    events = recorder(announcer)

    def one_more(label: str, _counter: str) -> None:
        if label == "A001":
            announcer.announce("A003", "1")  # from the slot of the call that just ended

    announcer.finished_one.connect(one_more)
    announcer.announce("A001", "1")
    announcer.announce("A002", "2")
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=60_000)
    assert [(kind, label) for kind, label, _ in events] == [
        ("start", "A001"),
        ("end", "A001"),
        ("start", "A002"),
        ("end", "A002"),
        ("start", "A003"),
        ("end", "A003"),
    ]


def test_a_call_that_cannot_be_spoken_still_finishes(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    announcer = Announcer(Settings(announce_volume=QUIET, announce_chime=False))
    events = recorder(announcer)
    announcer.announce("not a ticket", "3")
    announcer.announce("C002", "1")
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=30_000)
    assert [event[:2] for event in events] == [
        ("start", "not a ticket"),
        ("end", "not a ticket"),
        ("start", "C002"),
        ("end", "C002"),
    ]
    if announcer.engine != "voice":
        assert "call not a ticket not spoken" in caplog.text


def test_without_speakers_the_display_keeps_up_and_says_so_once(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TV with no sound output: the sound modules cannot load (as on CI), calls still end."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    caplog.set_level(logging.INFO, logger="desk_app.gui.announcer")
    announcer = Announcer(Settings(announce_volume=QUIET))
    assert announcer.engine == "silent"
    for number in range(1, 4):
        announcer.announce(f"A{number:03d}", "2")
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=5_000)
    said_so = [r for r in caplog.records if "no sound output" in r.getMessage()]
    assert len(said_so) == 1


def test_a_muted_display_loads_no_sound_and_keeps_up(
    qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="desk_app.gui.announcer")
    announcer = Announcer(Settings(announce_volume=0))
    assert announcer.engine == "silent"
    events = recorder(announcer)
    announcer.announce("A001", "1")
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=5_000)
    assert events == [("start", "A001", "1"), ("end", "A001", "1")]
    assert "the announcement volume is 0" in caplog.text


def test_without_qt_multimedia_the_display_keeps_up(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Linux PC without libpulse cannot load QtMultimedia or QtTextToSpeech at all."""
    monkeypatch.setitem(sys.modules, "PySide6.QtMultimedia", None)
    monkeypatch.setitem(sys.modules, "PySide6.QtTextToSpeech", None)
    announcer = Announcer(Settings())
    assert announcer.engine == "silent"
    events = recorder(announcer)
    announcer.announce("A012", "3")
    announcer.announce("A013", "3")
    qtbot.waitUntil(lambda: announcer.pending() == 0, timeout=5_000)
    assert [event[1] for event in events] == ["A012", "A012", "A013", "A013"]
