"""Render every window offscreen to ``docs/img/*.png`` for the README (and for a look by eye).

A demo office is created in a scratch folder with a fixed clock, so the pictures change only
when the windows do; a PNG is rewritten only when its bytes differ.

Usage: python tools/screenshots.py [--out DIR]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt starts: no screen needed

from desk_app.core.calendar import OFFICE_TZ  # noqa: E402
from desk_app.gui.app import build_main_window, prepare_application  # noqa: E402
from desk_app.gui.first_run import FirstRunDialog  # noqa: E402
from desk_app.gui.intake import IntakeView  # noqa: E402
from desk_app.gui.login import LoginDialog  # noqa: E402
from desk_app.gui.operations import running_operations  # noqa: E402
from desk_app.gui.qt import QApplication, QTranslator, QWidget  # noqa: E402
from desk_app.gui.translation import install_translators, remove_translators  # noqa: E402
from desk_app.services.auth import login  # noqa: E402
from desk_app.services.context import Actor, Workspace  # noqa: E402
from desk_app.services.setup import initialise_demo  # noqa: E402
from desk_app.services.workstation import open_workstation, station_of  # noqa: E402

SAMPLE_QR = (
    "001090123456|012345678|Nguyễn Văn An|01011990|Nam|"
    "Số 12 ngõ 34 Nguyễn Huy Tưởng, Phường Thanh Xuân Trung, Hà Nội|15042021"
)
WINDOW_SIZE = (1280, 760)
# Certified copy: its fee counts pages and copies, and the original is a paper only shown.
SAMPLE_PROCEDURE, SAMPLE_SEARCH = "2.000815", "chứng thực bản sao"
SAMPLE_PAGES, SAMPLE_COPIES = 3, 2


def fixed_clock() -> datetime:
    return datetime(2025, 7, 15, 9, 30, tzinfo=OFFICE_TZ)


def settle(seconds: float = 0.4) -> None:
    """Let fade-in animations (the search field's clear button) finish, for stable pictures."""
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        QApplication.processEvents()
        time.sleep(0.01)


def wait_for(done: Callable[[], bool], seconds: float = 10) -> None:
    """Run the event loop until ``done()`` (work off the UI thread has answered)."""
    until = time.monotonic() + seconds
    while not done():
        if time.monotonic() > until:
            raise SystemExit("screenshots: gave up waiting for the window")
        QApplication.processEvents()
        time.sleep(0.01)


def save(widget: QWidget, path: Path) -> None:
    widget.show()
    settle()
    scratch = path.with_suffix(".new.png")
    widget.grab().save(str(scratch))
    if path.exists() and path.read_bytes() == scratch.read_bytes():
        scratch.unlink()
        return
    scratch.replace(path)
    print(f"wrote: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")


def choose_sample(intake: IntakeView) -> None:
    """Search as the officer would, highlight the sample procedure among the matches, take it."""
    intake.ui.procedure_search_edit.setText(SAMPLE_SEARCH)
    matches = intake.ui.procedure_list
    for row in range(matches.count()):
        if matches.item(row).text().endswith(f"({SAMPLE_PROCEDURE})"):
            matches.setCurrentRow(row)
    intake.take_highlighted_procedure()
    chosen = intake.procedure
    if chosen is None or chosen.code != SAMPLE_PROCEDURE:
        raise SystemExit(f"screenshots: procedure {SAMPLE_PROCEDURE} is not in the catalogue")


def render_all(out: Path, home: Path, app: QApplication, vietnamese: list[QTranslator]) -> None:
    shots: list[tuple[str, Callable[[], QWidget]]] = []
    first_run = FirstRunDialog(home / "not-yet", "vi")
    shots.append(("first-run", lambda: first_run))
    demo = initialise_demo(home, now=fixed_clock)
    opening = LoginDialog("vi", demo)
    shots.append(("login-opening", lambda: opening))  # the first window, before the database
    workspace = open_workstation(home, now=fixed_clock)
    try:
        login_dialog = LoginDialog("vi", demo)
        login_dialog.use_workspace(workspace)
        shots.append(("login", lambda: login_dialog))
        officer = login(workspace, demo.admin_username, demo.admin_password)
        actor = Actor.at_station(station_of(workspace), officer)
        window = build_main_window(workspace, actor)
        window.resize(*WINDOW_SIZE)
        intake = window.intake
        choose_sample(intake)
        intake.tick_all_components()
        intake.ui.pages_spin.setValue(SAMPLE_PAGES)
        intake.ui.copies_spin.setValue(SAMPLE_COPIES)
        intake.apply_qr(SAMPLE_QR)
        intake.ui.phone_edit.setText("0912345678")

        def intake_shot() -> QWidget:
            window.show()  # today's list is read once the window is painted: the tab's count
            wait_for(lambda: bool(window.today.records))
            return window

        shots.append(("intake", intake_shot))

        def today() -> QWidget:
            window.show_view(1)
            return window

        shots.append(("today", today))
        for name, make in shots:
            save(make(), out / f"{name}.png")
        window.close()
        render_english(out, workspace, actor, app, vietnamese)
        wait_for(lambda: running_operations() == 0)
    finally:
        workspace.close()


def render_english(
    out: Path, workspace: Workspace, actor: Actor, app: QApplication, vietnamese: list[QTranslator]
) -> None:
    """The intake screen and today's list in English mode, to check the translation fits."""
    remove_translators(app, vietnamese)
    install_translators(app, "en")
    workspace.settings = workspace.settings.model_copy(update={"language": "en"})
    window = build_main_window(workspace, actor)
    window.resize(*WINDOW_SIZE)
    choose_sample(window.intake)
    window.show()
    wait_for(lambda: bool(window.today.records))
    save(window, out / "intake-en.png")
    window.show_view(1)
    save(window, out / "today-en.png")
    window.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    app = QApplication([sys.argv[0]])
    vietnamese = prepare_application(app, "vi")
    with tempfile.TemporaryDirectory() as folder:
        render_all(args.out, Path(folder) / "home", app, vietnamese)
    return 0


if __name__ == "__main__":
    sys.exit(main())
