"""The display's spoken calls (issue 9): a chime, then "Mời công dân có số thứ tự A012 đến quầy
số 3", one call after another, never two at once.

Three ways to speak (the voice is looked for when the announcer is made, the sound output again
before each call, since a TV's HDMI sound may come on after the display starts):

- the PC's own Vietnamese voice through QtTextToSpeech (Windows 10/11 with the Vietnamese
  speech pack), which reads `announcement_text`;
- otherwise the bundled clips (resources/voice/vi, tools/make_voice_clips.py) joined into one
  sound with short pauses and played through a QAudioSink: one buffer, so no gap between words
  depends on how fast the next clip starts;
- with no sound output at all (a display with no speakers, CI, offscreen), or the volume
  set to 0, nothing is spoken: one log line says so and each call still finishes at once, so
  the screen keeps up.

QtMultimedia and QtTextToSpeech are imported here rather than in `desk_app.gui.qt`: they are
optional (on Linux QtMultimedia needs libpulse), and loading their plug-ins prints warnings a
display cannot act on, which go to the debug log instead.
"""

from __future__ import annotations

import logging
import wave
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desk_app.config import Settings
from desk_app.core.announce import (
    CHIME,
    OPENING,
    TO_COUNTER,
    announcement_text,
    announcement_words,
)
from desk_app.gui.qt import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMessageLogContext,
    QObject,
    QTimer,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
)
from desk_app.paths import resources_dir

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioDevice, QAudioSink
    from PySide6.QtTextToSpeech import QTextToSpeech

log = logging.getLogger(__name__)

RATE = 22050  # the clips' format: mono, 16-bit (tools/make_voice_clips.py)
SAMPLE_BYTES = 2
# Pauses (seconds) that make joined words sound like a sentence rather than a list.
AFTER_CHIME = 0.3
AFTER_OPENING = 0.12
BEFORE_COUNTER = 0.25
BETWEEN_WORDS = 0.03
BETWEEN_REPEATS = 0.9
VOICE_PAUSE_MS = 700  # between repeats of a call read by the PC's voice
GRACE_MS = 3000  # a sound that never reports its end is given up half again + this after its length
# Small enough that the end of a call is noticed soon, big enough that a busy display (the
# sink is fed from the GUI thread) does not starve it into gaps.
SINK_BUFFER_S = 0.5
NO_ENGINES = {"mock"}  # Qt's test engine: it speaks nothing

Engine = Literal["voice", "clips", "silent"]


def voice_folder() -> Path:
    return resources_dir() / "voice" / "vi"


def announcement_clips(label: str, counter: str, *, chime: bool, repeat: int = 1) -> list[Path]:
    """The clip files of one call, in playing order: the chime, then the sentence ``repeat``
    times. ValueError for a label that is not a ticket's."""
    folder = voice_folder()
    sentence = [folder / f"{word}.wav" for word in announcement_words(label, counter)]
    return ([folder / f"{CHIME}.wav"] if chime else []) + sentence * repeat


@cache
def _samples(path: Path) -> bytes:
    """A clip's PCM bytes (read once: the same few dozen clips are said all day)."""
    with wave.open(str(path), "rb") as clip:
        shape = (clip.getnchannels(), clip.getsampwidth(), clip.getframerate())
        if shape != (1, SAMPLE_BYTES, RATE):
            raise ValueError(f"{path.name}: not mono 16-bit {RATE} Hz")
        return clip.readframes(clip.getnframes())


def _silence(seconds: float) -> bytes:
    return bytes(round(seconds * RATE) * SAMPLE_BYTES)


def _pause_after(word: str, following: str | None) -> float:
    if following is None:
        return 0.0
    if word == CHIME:
        return AFTER_CHIME
    if following == OPENING:
        return BETWEEN_REPEATS
    if word == OPENING:
        return AFTER_OPENING
    if following == TO_COUNTER:
        return BEFORE_COUNTER
    return BETWEEN_WORDS


def joined_clips(paths: list[Path]) -> bytes:
    """The clips as one stretch of PCM with the pauses of a spoken sentence between them.

    OSError for a missing clip, ValueError for one of another format.
    """
    parts = []
    for index, path in enumerate(paths):
        parts.append(_samples(path))
        following = paths[index + 1].stem if index + 1 < len(paths) else None
        parts.append(_silence(_pause_after(path.stem, following)))
    return b"".join(parts)


@contextmanager
def _qt_chatter_to_debug_log() -> Iterator[None]:
    """Qt's messages while audio plug-ins load ("couldn't load pipewire", "pa_context_connect()
    failed") go to the debug log; whatever handled messages before handles them again after."""

    def to_debug(kind: QtMsgType, context: QMessageLogContext, text: str) -> None:
        log.debug("Qt, looking for sound: %s (%s)", text, context.category)

    previous = qInstallMessageHandler(to_debug)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _audio_output() -> QAudioDevice | None:
    """The default sound output, or None (no QtMultimedia, no device)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices
    except ImportError as error:
        log.debug("no QtMultimedia: %s", error)
        return None
    device = QMediaDevices.defaultAudioOutput()
    return None if device.isNull() else device


def _vietnamese_voice(parent: QObject) -> QTextToSpeech | None:
    """A text-to-speech engine set to a Vietnamese voice, or None when the PC has none."""
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except ImportError as error:
        log.debug("no QtTextToSpeech: %s", error)
        return None
    for name in QTextToSpeech.availableEngines():
        if name in NO_ENGINES:
            continue
        engine = QTextToSpeech(name, parent)
        if engine.state() != QTextToSpeech.State.Error:
            locales = [
                locale
                for locale in engine.availableLocales()
                if locale.language() == QLocale.Language.Vietnamese
            ]
            if locales:
                engine.setLocale(locales[0])
                if engine.availableVoices():
                    engine.setVoice(engine.availableVoices()[0])
                    log.info("calls are read by the %s voice %s", name, engine.voice().name())
                    return engine
        engine.deleteLater()
    return None


@dataclass(frozen=True)
class _Call:
    label: str
    counter: str


# One step of a call: a sound (PCM in the clips' format), a text to read, or a pause (ms).
_Step = tuple[Literal["sound"], bytes] | tuple[Literal["say"], str] | tuple[Literal["pause"], int]


class Announcer(QObject):
    """Queues the display's calls and speaks them one at a time.

    ``started_one(label, counter)`` and ``finished_one(label, counter)`` bracket each call, in
    the order they were asked for; a call that cannot be spoken still finishes.
    """

    started_one = Signal(str, str)
    finished_one = Signal(str, str)

    def __init__(self, settings: Settings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings
        self._calls: deque[_Call] = deque()
        self._current: _Call | None = None
        self._steps: deque[_Step] = deque()
        self._sink: QAudioSink | None = None
        self._buffer: QBuffer | None = None
        self._saying = False
        self._next_step = self._timer(self._run_step)  # steps start from the event loop
        self._pause = self._timer(self._step_done)
        self._watchdog = self._timer(self._gave_up)
        self._device: QAudioDevice | None = None
        self._engine_told: Engine | None = None
        self._voice: QTextToSpeech | None = None
        if self.muted:
            log.info("calls are not spoken: the announcement volume is 0")
            return  # no sound plug-in is even loaded
        with _qt_chatter_to_debug_log():
            self._voice = _vietnamese_voice(self)
        if self._voice is not None:
            self._voice.setVolume(settings.announce_volume / 100)
            self._voice.stateChanged.connect(self._voice_state)
        self._look_for_speakers()

    def _look_for_speakers(self) -> None:
        """The default sound output now: a TV's HDMI sound may appear after the display starts,
        or change. One log line when speaking becomes impossible, and when it is possible again."""
        if self.muted:
            return
        with _qt_chatter_to_debug_log():
            self._device = _audio_output()
        engine = self.engine
        if engine != self._engine_told:
            if engine == "silent":
                log.info("no sound output: calls are shown on the display, not spoken")
            elif engine == "clips" and self._device is not None:
                log.info(
                    "calls are spoken with the bundled clips on %s", self._device.description()
                )
            self._engine_told = engine

    def _timer(self, slot: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(slot)
        return timer

    @property
    def muted(self) -> bool:
        return self._settings.announce_volume == 0

    @property
    def engine(self) -> Engine:
        """How calls are spoken: the PC's voice, the bundled clips, or not at all."""
        if self.muted:
            return "silent"
        if self._voice is not None:
            return "voice"
        return "clips" if self._device is not None else "silent"

    def announce(self, label: str, counter: str) -> None:
        """Queue a call; it is spoken once those before it are done."""
        self._calls.append(_Call(label, counter))
        if self._current is None:
            self._start_next()

    def pending(self) -> int:
        """Calls not yet finished, the one being spoken included."""
        return len(self._calls) + (self._current is not None)

    def clip_paths(self, label: str, counter: str) -> list[Path]:
        """The clips the bundled voice plays for this call, with this display's settings."""
        return announcement_clips(
            label,
            counter,
            chime=self._settings.announce_chime,
            repeat=self._settings.announce_repeat,
        )

    def stop(self) -> None:
        """Drop the queue and silence the current call (the display is closing)."""
        self._calls.clear()
        self._steps.clear()
        self._current = None
        for timer in (self._next_step, self._pause, self._watchdog):
            timer.stop()
        self._release_sink()
        if self._voice is not None and self._saying:
            self._saying = False
            self._voice.stop()

    # --- one call -------------------------------------------------------------------------

    def _start_next(self) -> None:
        if self._current is not None or not self._calls:
            return  # one at a time, even when a finished_one slot asked for another call
        call = self._current = self._calls.popleft()
        self._look_for_speakers()
        self.started_one.emit(call.label, call.counter)
        try:
            self._steps = deque(self._steps_of(call))
        except (OSError, ValueError) as error:
            log.warning("call %s not spoken: %s", call.label[:20], error)
            self._steps = deque()
        self._next_step.start()

    def _steps_of(self, call: _Call) -> list[_Step]:
        settings = self._settings
        if self._voice is not None:
            text = announcement_text(call.label, call.counter)
            steps: list[_Step] = []
            if settings.announce_chime and self._device is not None:
                steps.append(("sound", joined_clips([voice_folder() / f"{CHIME}.wav"])))
                steps.append(("pause", round(AFTER_CHIME * 1000)))
            for repeat in range(settings.announce_repeat):
                if repeat:
                    steps.append(("pause", VOICE_PAUSE_MS))
                steps.append(("say", text))
            return steps
        paths = self.clip_paths(call.label, call.counter)  # checks the label, speakers or not
        if self._device is None:
            return []
        return [("sound", joined_clips(paths))]

    def _run_step(self) -> None:
        if self._current is None:
            return
        if not self._steps:
            self._finish()
            return
        step = self._steps.popleft()
        if step[0] == "sound":
            self._play(step[1])
        elif step[0] == "say":
            self._say(step[1])
        else:
            self._pause.start(step[1])

    def _step_done(self) -> None:
        self._watchdog.stop()
        self._next_step.start()

    def _gave_up(self) -> None:
        log.warning("a call's sound did not finish in time; going on")
        self._release_sink()
        if self._voice is not None and self._saying:
            self._saying = False
            self._voice.stop()
        self._step_done()

    def _finish(self) -> None:
        call, self._current = self._current, None
        if call is not None:
            self.finished_one.emit(call.label, call.counter)
        self._start_next()

    # --- the bundled clips ----------------------------------------------------------------

    def _play(self, samples: bytes) -> None:
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink, QtAudio

        assert self._device is not None
        audio_format = QAudioFormat()
        audio_format.setSampleRate(RATE)
        audio_format.setChannelCount(1)
        audio_format.setSampleFormat(QAudioFormat.SampleFormat.Int16)
        if not self._device.isFormatSupported(audio_format):
            log.warning("the sound output cannot play the clips' format; call not spoken")
            self._step_done()
            return
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(samples))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._sink = QAudioSink(self._device, audio_format, self)
        self._sink.setVolume(
            QtAudio.convertVolume(
                self._settings.announce_volume / 100,
                QtAudio.VolumeScale.LogarithmicVolumeScale,
                QtAudio.VolumeScale.LinearVolumeScale,
            )
        )
        self._sink.setBufferSize(round(SINK_BUFFER_S * RATE) * SAMPLE_BYTES)
        self._sink.stateChanged.connect(self._sink_state)
        self._watchdog.start(round(len(samples) / SAMPLE_BYTES / RATE * 1000 * 1.5) + GRACE_MS)
        self._sink.start(self._buffer)

    def _sink_state(self) -> None:
        """The sink's state, read rather than received: PySide cannot convert the signal's
        ``QAudio::State`` argument (6.11)."""
        from PySide6.QtMultimedia import QtAudio

        sink = self._sink
        if sink is None:
            return
        state, error = sink.state(), sink.error()
        if state == QtAudio.State.IdleState or (
            state == QtAudio.State.StoppedState and error != QtAudio.Error.NoError
        ):
            if error not in (QtAudio.Error.NoError, QtAudio.Error.UnderrunError):
                log.warning("sound output error %s; call cut short", error.name)
            self._release_sink()
            self._step_done()

    def _release_sink(self) -> None:
        sink, buffer, self._sink, self._buffer = self._sink, self._buffer, None, None
        if sink is not None:
            sink.stateChanged.disconnect(self._sink_state)
            sink.stop()
            sink.deleteLater()
        if buffer is not None:
            buffer.close()
            buffer.deleteLater()

    # --- the PC's voice -------------------------------------------------------------------

    def _say(self, text: str) -> None:
        assert self._voice is not None
        self._saying = True
        self._watchdog.start(len(text) * 120 + GRACE_MS)  # generous: about 8 letters a second
        self._voice.say(text)

    def _voice_state(self, state: QTextToSpeech.State) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if not self._saying or state not in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            return
        assert self._voice is not None
        if state == QTextToSpeech.State.Error:
            log.warning("the voice failed: %s", self._voice.errorString())
        self._saying = False
        self._step_done()
