"""The import machinery stays below services and sync, and costs nothing at start-up."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import desk_app.imports

PACKAGE = Path(desk_app.imports.__file__).parent
FORBIDDEN = (
    "desk_app.services",
    "desk_app.store",
    "desk_app.gui",
    "desk_app.sync",
    "desk_app.cli",
    "sqlalchemy",
    "PySide6",
)


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_package_imports_a_higher_layer_even_lazily() -> None:
    for path in sorted(PACKAGE.glob("*.py")):
        bad = {n for n in _imported(path) if n.startswith(FORBIDDEN)}
        assert not bad, f"{path.name} imports {sorted(bad)}"


def test_importing_the_package_loads_neither_openpyxl_nor_the_database() -> None:
    modules = [
        f"desk_app.imports.{p.stem}" for p in sorted(PACKAGE.glob("*.py")) if p.stem != "__init__"
    ]
    code = f"import sys; import {', '.join(modules)}; print(' '.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    assert not [m for m in loaded if m.startswith((*FORBIDDEN, "openpyxl"))]
