"""The compiled forms and catalogues in the tree are exactly what their sources produce."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

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


def build_ui_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_ui", ROOT / "tools" / "build_ui.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_texts_of_gui_modules_in_subfolders_reach_the_catalogue(tmp_path: Path) -> None:
    build_ui = build_ui_tool()
    gui = tmp_path / "gui"
    (gui / "queue").mkdir(parents=True)
    (gui / "forms").mkdir()
    (gui / "app.py").write_text(
        'from PySide6.QtCore import QCoreApplication\nQCoreApplication.translate("App", "Mở")\n',
        encoding="utf-8",
    )
    (gui / "queue" / "board.py").write_text(
        "from PySide6.QtCore import QObject\n\n\n"
        "class QueueBoard(QObject):\n"
        "    def title(self, n: int) -> str:\n"
        '        return self.tr("Còn %n người chờ", "", n)\n',
        encoding="utf-8",
    )
    (gui / "forms" / "ui_board.py").write_text(  # compiled form: its .ui file is the source
        'QCoreApplication.translate("Board", "Chỉ trong biểu mẫu")\n', encoding="utf-8"
    )

    sources = build_ui.gui_sources(gui)
    assert sources == [gui / "app.py", gui / "queue" / "board.py"]
    catalogue = tmp_path / "gui_en.ts"
    build_ui.update_catalogue(sources, catalogue, "en")
    text = catalogue.read_text(encoding="utf-8")
    assert "<name>QueueBoard</name>" in text and '<message numerus="yes">' in text
    assert "<source>Còn %n người chờ</source>" in text
    assert "Chỉ trong biểu mẫu" not in text
