"""Where bundled files live: inside the package when installed or frozen, the checkout otherwise.

The checkout keeps ``resources/`` (fonts, catalogue, translations) and ``ui/`` (forms, style
sheets) at its top level. The wheel maps them into the package as ``desk_app/resources`` and
``desk_app/ui`` (``[tool.setuptools.package-dir]`` in pyproject.toml), and the PyInstaller build
puts them at the same place in its folder, so an installed server, an installed workstation and
the frozen app all find them through ``importlib.resources``; an editable install or a bare
checkout finds them beside the package.

``importlib.resources.as_file`` is not needed: desk-app is always imported from a real folder
(site-packages, PyInstaller's folder, the checkout), where ``files()`` already is a
``pathlib.Path``, and Qt, ReportLab, gettext and Alembic all want real paths. A zip import would
give another kind of Traversable, which is refused with a plain error rather than extracted
(``as_file`` cannot extract a folder on Python 3.11 anyway).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def app_root() -> Path:
    """The folder that holds ``resources/`` and ``ui/`` (looked up once: it cannot move)."""
    package = files("desk_app")
    if isinstance(package, Path) and (package / "resources").is_dir():
        return package  # an installed wheel, or PyInstaller's folder
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "resources").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout  # the source tree (editable install, or no install at all)
    raise RuntimeError(f"desk-app's bundled files are missing: no resources/ in {package}")


def resources_dir() -> Path:
    return app_root() / "resources"


def ui_dir() -> Path:
    return app_root() / "ui"
