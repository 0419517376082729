"""Debian's Chromium, headless, for the district's web pages (the dashboard, the lookup)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def chromium(*args: str) -> str:
    """Run headless Chromium in Vietnamese with ``args``; its standard output. A machine
    without it fails the test, naming the package (CI installs it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install the Debian package chromium")
    done = subprocess.run(
        [
            str(CHROMIUM),
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--lang=vi",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={**os.environ, "LANGUAGE": "vi", "LANG": "vi_VN.UTF-8"},
    )
    return done.stdout
