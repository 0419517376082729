"""Make the display's bundled Vietnamese voice clips (issue 9) with espeak-ng, and its chime.

The display speaks a call with the PC's own Vietnamese voice where there is one; otherwise it
joins these clips into the sentence, so the voice works offline on any PC. A developer runs
this after changing the words (desk_app.core.announce.CLIPS) and commits the WAV files; nothing
runs it at run time. Needs espeak-ng on PATH (Debian: ``apt-get install espeak-ng``).

Each clip: ``espeak-ng -v vi -s 150``, its leading and trailing silence cut, a few milliseconds
of fade at either end (no click), its peak normalised; the chime is two soft sine tones made
here. All are mono 16-bit at espeak-ng's 22,050 Hz. The table printed at the end is the check
(no one can listen in CI): every clip has a plausible length and is not silent.

    .venv/bin/python tools/make_voice_clips.py [--out resources/voice/vi]
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from desk_app.core.announce import CHIME, CLIPS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "voice" / "vi"
RATE = 22050  # espeak-ng's own rate: no resampling
VOICE = "vi"
SPEED = 150  # words per minute; espeak-ng's default (175) is hurried for a hall
FULL_SCALE = 32767
WORD_PEAK_DB = -1.0
CHIME_PEAK_DB = -6.0  # soft: it draws attention, it does not startle
SILENCE_FRACTION = 0.02  # a sample under 2% of the clip's peak is silence at its ends
PAD_S = 0.015
FADE_S = 0.005
PLAUSIBLE_S = (0.1, 3.5)  # "ép" is short: it ends on a stop
# What espeak-ng needs written otherwise to say a clip right: alone, "gi" is only its consonant.
ESPEAK_SPELLING = {"J": "di"}


def _read(path: Path) -> array[int]:
    with wave.open(str(path), "rb") as clip:
        if (clip.getnchannels(), clip.getsampwidth(), clip.getframerate()) != (1, 2, RATE):
            raise SystemExit(f"{path}: espeak-ng wrote an unexpected format")
        samples = array("h", clip.readframes(clip.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()  # WAV is little-endian
    return samples


def _write(path: Path, samples: array[int]) -> None:
    data = array("h", samples)
    if sys.byteorder == "big":
        data.byteswap()
    with wave.open(str(path), "wb") as clip:
        clip.setnchannels(1)
        clip.setsampwidth(2)
        clip.setframerate(RATE)
        clip.writeframes(data.tobytes())


def _trimmed(samples: array[int]) -> array[int]:
    peak = max((abs(s) for s in samples), default=0)
    if peak == 0:
        raise SystemExit("espeak-ng produced silence")
    loud = [i for i, s in enumerate(samples) if abs(s) > peak * SILENCE_FRACTION]
    pad = round(PAD_S * RATE)
    return samples[max(0, loud[0] - pad) : loud[-1] + pad + 1]


def _shaped(samples: list[float], peak_db: float) -> array[int]:
    """Faded in and out over a few milliseconds, scaled so its peak is ``peak_db`` dBFS."""
    fade = min(round(FADE_S * RATE), len(samples) // 2)
    for i in range(fade):
        gain = i / fade
        samples[i] *= gain
        samples[-1 - i] *= gain
    peak = max(abs(s) for s in samples)
    scale = FULL_SCALE * 10 ** (peak_db / 20) / peak
    return array("h", (round(s * scale) for s in samples))


def speak(text: str, work: Path) -> array[int]:
    raw = work / "espeak.wav"
    subprocess.run(
        ["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-b", "1", "-w", str(raw), text],
        check=True,
    )
    return _shaped([float(s) for s in _trimmed(_read(raw))], WORD_PEAK_DB)


def chime() -> array[int]:
    """Two soft bell-like tones, E5 then C5 (a falling major third), each decaying away."""
    tones = ((659.25, 0.0), (523.25, 0.32))  # frequency (Hz), start (s)
    length = 1.15
    samples = [0.0] * round(length * RATE)
    for frequency, start in tones:
        first = round(start * RATE)
        for n in range(len(samples) - first):
            t = n / RATE
            attack = min(1.0, t / 0.012)
            envelope = attack * math.exp(-t / 0.28)
            wave_ = math.sin(2 * math.pi * frequency * t)
            wave_ += 0.25 * math.sin(2 * math.pi * 2 * frequency * t) * math.exp(-t / 0.12)
            samples[first + n] += envelope * wave_
    return _shaped(samples, CHIME_PEAK_DB)


def _dbfs(value: float) -> float:
    return 20 * math.log10(value / FULL_SCALE) if value > 0 else -math.inf


def report(folder: Path, texts: dict[str, str]) -> list[str]:
    """Print each clip's length, peak and loudness; return what looks wrong."""
    problems = []
    total = 0
    print(f"{'clip':28} {'text':28} {'s':>5} {'peak dB':>8} {'rms dB':>7} {'bytes':>7}")
    for name, text in texts.items():
        path = folder / f"{name}.wav"
        samples = _read(path)
        seconds = len(samples) / RATE
        peak = max((abs(s) for s in samples), default=0)
        rms = math.sqrt(sum(s * s for s in samples) / len(samples)) if samples else 0.0
        size = path.stat().st_size
        total += size
        print(f"{name:28} {text:28} {seconds:5.2f} {_dbfs(peak):8.1f} {_dbfs(rms):7.1f} {size:7}")
        if not PLAUSIBLE_S[0] <= seconds <= PLAUSIBLE_S[1]:
            problems.append(f"{name}: {seconds:.2f} s is not a plausible length")
        if _dbfs(rms) < -40:
            problems.append(f"{name}: nearly silent (rms {_dbfs(rms):.1f} dBFS)")
    print(f"{len(texts)} clips, {total / 1024:.0f} KiB")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help="folder of the clips")
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not on PATH (Debian: apt-get install espeak-ng)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    wanted = {f"{name}.wav" for name in CLIPS} | {f"{CHIME}.wav"}
    for stale in out.glob("*.wav"):
        if stale.name not in wanted:
            stale.unlink()  # a clip no word names any more
    with tempfile.TemporaryDirectory() as work:
        for name, text in CLIPS.items():
            spoken = ESPEAK_SPELLING.get(name, text).replace("-", " ")  # "e-lờ": two syllables
            _write(out / f"{name}.wav", speak(spoken, Path(work)))
    _write(out / f"{CHIME}.wav", chime())
    problems = report(out, {CHIME: "(two tones)", **CLIPS})
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
