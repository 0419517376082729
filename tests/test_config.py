"""The language chosen from the window's menu is written into the settings file, and only it:
what the administrator wrote there (comments, other keys, tables) stays as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from desk_app.config import load_settings, save_language


@pytest.fixture
def settings_file(tmp_path: Path) -> Path:
    home = tmp_path / "home"  # DESK_APP_HOME of every test (tests/conftest.py)
    home.mkdir()
    return home / "settings.toml"


def test_a_missing_file_gets_just_the_language(settings_file: Path) -> None:
    assert save_language("en") == settings_file
    assert settings_file.read_text(encoding="utf-8") == 'language = "en"\n'
    assert load_settings().language == "en"


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (
            '# Quầy 1, đặt bởi quản trị viên\npaper_size = "A5"\nlanguage = "vi"\n',
            '# Quầy 1, đặt bởi quản trị viên\npaper_size = "A5"\nlanguage = "en"\n',
        ),
        (
            "language='vi'   # tiếng Việt cho quầy\r\npaper_size = 'A4'\r\n",
            "language=\"en\"   # tiếng Việt cho quầy\r\npaper_size = 'A4'\r\n",
        ),
        ('paper_size = "A5"\n[printer]\nlanguage = "x"\n', None),
        ('paper_size = "A5"', 'language = "en"\npaper_size = "A5"'),
    ],
    ids=["replaced", "single-quoted-crlf-comment", "table-key-untouched", "no-final-newline"],
)
def test_only_the_language_line_changes(
    settings_file: Path, before: str, after: str | None
) -> None:
    settings_file.write_bytes(before.encode("utf-8"))
    save_language("en")
    written = settings_file.read_bytes().decode("utf-8")
    assert written == (after if after is not None else 'language = "en"\n' + before)
    assert load_settings().language == "en"


def test_an_unknown_language_writes_nothing(settings_file: Path) -> None:
    settings_file.write_text('language = "vi"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="unknown language"):
        save_language("fr")
    assert settings_file.read_text(encoding="utf-8") == 'language = "vi"\n'


def test_a_file_that_cannot_be_replaced_is_left_as_it_was(settings_file: Path) -> None:
    settings_file.mkdir()  # a folder where the file should be
    with pytest.raises(OSError):
        save_language("en")
    assert settings_file.is_dir() and list(settings_file.parent.glob(".settings.toml.*")) == []
