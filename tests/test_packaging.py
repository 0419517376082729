"""What an installed desk-app carries and needs: a server installs it without Qt and still works.

tools/check_wheel.sh installs the built wheel in a fresh environment and prints a receipt; these
tests catch the same mistakes sooner, and say which line of pyproject.toml to change.
"""

from __future__ import annotations

import email.parser
import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "desk_app"
# The top-level folders the wheel maps into the package (pyproject's package-dir).
DATA_FOLDERS = {"resources": "desk_app.resources", "ui": "desk_app.ui"}
BLOCK_QT = "import sys; sys.modules['PySide6'] = None; sys.modules['shiboken6'] = None\n"


def _files(folder: Path) -> list[Path]:
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def _modules_outside_gui() -> list[str]:
    """Every module of desk_app's packages but the GUI's and ``__main__`` (which runs the app)."""
    names = []
    for path in _files(PACKAGE):
        parts = path.relative_to(ROOT).with_suffix("").parts
        packaged = all(
            (ROOT.joinpath(*parts[:i]) / "__init__.py").is_file() for i in range(1, len(parts))
        )
        if (
            path.suffix != ".py"
            or not packaged
            or parts[1:2] == ("gui",)
            or parts[-1] == "__main__"
        ):
            continue
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def _python(code: str, home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ | {"DESK_APP_HOME": str(home), "PYTHONIOENCODING": "utf-8"},
        cwd=home.parent,
        timeout=120,
    )


def test_everything_but_the_gui_imports_without_qt(tmp_path: Path) -> None:
    modules = _modules_outside_gui()
    assert {"desk_app.cli", "desk_app.launcher", "desk_app.printing.receipt"} <= set(modules)
    code = BLOCK_QT + textwrap.dedent(f"""
        import importlib
        failed = []
        for name in {modules!r}:
            try:
                importlib.import_module(name)
            except Exception as error:
                failed.append(f"{{name}}: {{error!r}}")
        print("\\n".join(failed))
        assert sys.modules["PySide6"] is None, "something replaced the block on Qt"
    """)
    result = _python(code, tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"these need Qt but are not GUI:\n{result.stdout}"


@pytest.mark.parametrize(
    "start",
    [
        "from desk_app.cli import main; sys.exit(main([]))",  # desk-app with no command
        "from desk_app.launcher import main; sys.exit(main())",  # desk-app-window
    ],
)
def test_the_window_without_qt_says_how_to_add_it(start: str, tmp_path: Path) -> None:
    result = _python(BLOCK_QT + start, tmp_path / "home")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "chưa cài phần giao diện (Qt)" in result.stderr
    assert f'"{sys.executable}" -m pip install "desk-app[gui]"' in result.stderr


def _configured_packages() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    packages: list[str] = config["tool"]["setuptools"]["packages"]
    return packages


def _expected_packages() -> set[str]:
    """desk_app's folders of Python files, and resources/ and ui/ with each folder in them."""
    found = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in _files(PACKAGE)
        if path.suffix == ".py"
    }
    for folder, package in DATA_FOLDERS.items():
        for path in _files(ROOT / folder):
            parts = path.parent.relative_to(ROOT / folder).parts
            found |= {".".join([package, *parts[:depth]]) for depth in range(len(parts) + 1)}
    return found


def test_pyproject_lists_every_package_folder() -> None:
    listed = set(_configured_packages())
    expected = _expected_packages()
    assert not expected - listed, (
        "add to [tool.setuptools] packages in pyproject.toml, or the wheel goes without them: "
        f"{sorted(expected - listed)}"
    )
    assert not listed - expected, f"listed but no such folder: {sorted(listed - expected)}"


def test_the_wheel_carries_resources_ui_and_migrations(tmp_path: Path) -> None:
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns("__pycache__")
    for folder in ("desk_app", *DATA_FOLDERS):
        shutil.copytree(ROOT / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    assert "BuildBackendWarning" not in built.stderr + built.stdout  # e.g. the license table

    (wheel,) = tmp_path.glob("desk_app-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n for n in names if n.endswith(".dist-info/METADATA"))
        metadata = email.parser.Parser().parsestr(archive.read(info).decode("utf-8"))
        entry_points = archive.read(info.replace("METADATA", "entry_points.txt")).decode()

    wanted = {
        f"desk_app/{p.relative_to(source / 'desk_app').as_posix()}"
        for p in _files(source / "desk_app")
    }
    for folder in DATA_FOLDERS:
        wanted |= {f"desk_app/{p.relative_to(source).as_posix()}" for p in _files(source / folder)}
    assert "desk_app/resources/fonts/NotoSerif-Regular.ttf" in wanted
    assert "desk_app/store/migrations/versions/0001_initial_schema.py" in wanted
    assert not wanted - names, f"missing from the wheel: {sorted(wanted - names)}"

    requirements = metadata.get_all("Requires-Dist") or []
    qt = [r for r in requirements if r.lower().startswith("pyside6")]
    assert len(qt) == 2 and all('extra == "gui"' in r for r in qt), qt
    assert metadata["License-Expression"] == "MIT AND OFL-1.1"
    assert "desk-app = desk_app.cli:main" in entry_points
    assert "[gui_scripts]\ndesk-app-window = desk_app.launcher:main" in entry_points
