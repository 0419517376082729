"""Remembered UI state (not settings): where receipts go, window geometry, notices given.

Kept per workstation in the data folder as ``gui-state.ini`` (Picard's ``persist`` beside its
settings): losing it loses nothing that matters, and an administrator never edits it.
"""

from __future__ import annotations

from pathlib import Path

from desk_app.gui.qt import QByteArray, QSettings

STATE_FILE = "gui-state.ini"


class GuiState:
    def __init__(self, home: Path) -> None:
        self.home = home
        self._store = QSettings(str(home / STATE_FILE), QSettings.Format.IniFormat)

    def text(self, key: str, default: str) -> str:
        value = self._store.value(key, default)
        return value if isinstance(value, str) else default

    def set_text(self, key: str, value: str) -> None:
        self._store.setValue(key, value)

    def flag(self, key: str) -> bool:
        """A one-time fact (a notice given); QSettings' INI files store booleans as text."""
        return self._store.value(key, "false") in (True, "true")

    def set_flag(self, key: str) -> None:
        self._store.setValue(key, "true")
        self._store.sync()  # a notice told once stays told if the program then dies

    def bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self._store.setValue(key, value)

    def sync(self) -> None:
        self._store.sync()
