"""English mode: every officer-facing message outside the Qt GUI reads in English.

The catalogue is resources/i18n/en/LC_MESSAGES/desk_app.po (rebuilt by
tools/build_translations.py); these tests read it as the application does, through the
compiled .mo that `desk_app.i18n` loads.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from desk_app.core.errors import DeskError
from desk_app.core.lifecycle import (
    ACTION_LABELS,
    STATE_LABELS,
    Action,
    DossierState,
    ForbiddenTransition,
    transition,
)
from desk_app.i18n import message, translate
from desk_app.paths import resources_dir
from desk_app.services.catalogue_files import bundled_catalogue_path, load_catalogue
from desk_app.services.intake import IncompleteDossier

PO_FILE = resources_dir() / "i18n" / "en" / "LC_MESSAGES" / "desk_app.po"


def _msgids() -> list[str]:
    with PO_FILE.open("rb") as po:
        return [m.id for m in read_po(po) if m.id and isinstance(m.id, str)]


def _placeholders(text: str) -> set[tuple[str, str]]:
    """Each ``{name:spec}`` of a str.format template, spec included (``{serial:04d}``)."""
    return {(name, spec or "") for _, name, spec, _ in Formatter().parse(text) if name is not None}


def _vietnamese_letters(text: str) -> list[str]:
    """Letters outside ASCII: in an English message they mean Vietnamese text leaked through."""
    return [ch for ch in text if ch.isalpha() and not ch.isascii()]


def _failed_transition(state: DossierState | None, action: Action) -> ForbiddenTransition:
    with pytest.raises(ForbiddenTransition) as caught:
        transition(state, action)
    return caught.value


MSGIDS = _msgids()


def test_catalogue_is_not_empty() -> None:
    assert len(MSGIDS) > 50


@pytest.mark.parametrize("msgid", MSGIDS)
def test_every_msgid_has_an_english_translation_with_the_same_placeholders(msgid: str) -> None:
    english = translate(msgid, "en")
    assert english and english != msgid, f"no English for: {msgid}"
    assert _placeholders(english) == _placeholders(msgid)


def test_vietnamese_mode_shows_the_msgid_itself() -> None:
    assert translate(MSGIDS[0], "vi") == MSGIDS[0]


def test_forbidden_transition_reads_in_english_with_english_labels() -> None:
    error = _failed_transition(DossierState.REFUSED, Action.RETURN)
    text = message(error, "en")
    assert translate(STATE_LABELS[DossierState.REFUSED], "en") == "Refused"
    assert translate(ACTION_LABELS[Action.RETURN], "en") == "Return result"
    assert "Refused" in text and "Return result" in text
    assert not _vietnamese_letters(text), text
    assert "Đã từ chối" in message(error, "vi")  # the Vietnamese text is unchanged


@pytest.mark.parametrize("state", [None, *DossierState])
def test_every_forbidden_transition_has_no_vietnamese_in_english(
    state: DossierState | None,
) -> None:
    for action in Action:
        try:
            transition(state, action)
        except ForbiddenTransition as error:
            text = message(error, "en")
            assert translate(ACTION_LABELS[action], "en") in text
            assert not _vietnamese_letters(text), text


def test_incomplete_dossier_in_english_still_names_the_missing_papers() -> None:
    procedure = next(p for p in load_catalogue(bundled_catalogue_path()) if p.code == "1.001193")
    missing = tuple(c.name for c in procedure.components if c.required)[:2]
    assert len(missing) == 2
    text = message(IncompleteDossier(missing), "en")
    assert text.startswith("The dossier is incomplete")
    for name in missing:
        assert name in text  # the papers keep their official Vietnamese names


def test_an_untranslated_error_falls_back_to_its_vietnamese_text() -> None:
    error = DeskError("Thông báo chưa có trong danh mục {code}.", code="X-1")
    assert message(error, "en") == "Thông báo chưa có trong danh mục X-1."


@pytest.mark.integration  # a real process
def test_cli_speaks_english_when_the_setting_says_so(tmp_path: Path) -> None:
    empty_home = tmp_path / "not-set-up"
    empty_home.mkdir()
    env = os.environ | {
        "DESK_APP_HOME": str(empty_home),
        "DESK_APP_LANGUAGE": "en",
        "PYTHONIOENCODING": "utf-8",
    }
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "catalogue", "list"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert result.returncode != 0
    assert "has not been set up" in result.stderr
    assert "desk-app init" in result.stderr
    assert not _vietnamese_letters(result.stderr), result.stderr


def test_a_rejected_catalogue_file_is_explained_in_english(tmp_path: Path) -> None:
    from desk_app.services.catalogue_files import CatalogueFileError

    document = json.loads(bundled_catalogue_path().read_text(encoding="utf-8"))
    document["procedures"][1]["duration"]["unit"] = "days"
    document["procedures"][2]["name"] = "   "
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileError) as caught:
        load_catalogue(broken)
    english = message(caught.value, "en")
    assert "broken.json" in english and "duration.unit" in english and "'days'" in english
    assert _vietnamese_letters(english) == []
