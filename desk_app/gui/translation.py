"""Widget texts in the officer's language, from Qt Linguist catalogues in ``resources/i18n``.

Every text in ``ui/*.ui`` and in ``self.tr()`` is Vietnamese (the source language), so
Vietnamese needs no catalogue of our own; ``qt_vi.qm`` only puts Qt's built-in texts (standard
buttons, context menus) into Vietnamese. English loads ``gui_en.qm``. Messages of DeskError
come from `desk_app.i18n` instead, shared with the CLI.
"""

from __future__ import annotations

import logging
import os
import tomllib
from pathlib import Path

from desk_app.gui.qt import QCoreApplication, QGuiApplication, QLocale, QTranslator
from desk_app.home import SETTINGS_FILE
from desk_app.paths import resources_dir

log = logging.getLogger(__name__)

CATALOGUES = {"vi": ("qt_vi",), "en": ("gui_en",)}
_installed: list[QTranslator] = []  # ours, in the application now (`switch_language` swaps them)
LOCALES = {
    "vi": QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam),
    "en": QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom),  # day/month/year
}


def language_hint(home: Path) -> str:
    """The language the first window speaks, read without pydantic (~0.25 s of start-up).

    The same sources as `desk_app.config.Settings`, in its order: ``DESK_APP_LANGUAGE``, then
    the settings file. Anything unreadable gives Vietnamese: the full load that follows, while
    the login is on screen, reports a broken file in a dialog and stops there.
    """
    for name, value in os.environ.items():
        if name.upper() == "DESK_APP_LANGUAGE":
            return value if value in LOCALES else "vi"
    try:
        document = tomllib.loads((home / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return "vi"
    language = document.get("language", "vi")
    return language if language in LOCALES else "vi"


def current_language() -> str:
    """The language `install_translators` set up last (its locale is the default one)."""
    return "en" if QLocale().language() == QLocale.Language.English else "vi"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load the catalogues of ``language`` into ``app``; returns them (keep them alive)."""
    QLocale.setDefault(LOCALES.get(language, LOCALES["vi"]))
    installed = []
    for name in CATALOGUES.get(language, ()):
        translator = QTranslator(app)
        path = resources_dir() / "i18n" / f"{name}.qm"
        if translator.load(str(path)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation catalogue %s is missing", path)
    _installed.extend(installed)
    return installed


def installed_translators() -> list[QTranslator]:
    """Our catalogues in the application now, whoever installed them."""
    return list(_installed)


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)
    QLocale.setDefault(LOCALES["vi"])


def name_application(app: QGuiApplication) -> None:
    """The name the platform adds to every window's title ("Đăng nhập — Bộ phận một cửa"), in
    the language now installed: so no window title repeats it (issue 7, item 8)."""
    app.setApplicationDisplayName(QCoreApplication.translate("App", "Bộ phận một cửa"))


def switch_language(app: QGuiApplication, language: str) -> list[QTranslator]:
    """Speak ``language`` from now on: our catalogues swapped (Qt then sends every widget a
    LanguageChange event), the default locale and the application's name with them."""
    remove_translators(app, installed_translators())
    translators = install_translators(app, language)
    name_application(app)
    return translators
