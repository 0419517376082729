"""The compiled forms and catalogues in the tree are exactly what their sources produce."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_forms_and_translations_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_ui.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"run tools/build_ui.py:\n{result.stdout}{result.stderr}"


def test_every_english_text_is_translated() -> None:
    catalogue = (ROOT / "resources" / "i18n" / "gui_en.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in catalogue
