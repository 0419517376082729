"""Workstation settings: a typed model with defaults, read from the data folder's settings.toml.

The data folder comes from platformdirs unless ``DESK_APP_HOME`` names another one, so several
workstations can run side by side on one machine. Environment variables ``DESK_APP_<FIELD>``
override the file. Office facts (name, agency identifier, workstation number) live in the
database, not here: they are part of what the audit log and the sync protocol vouch for; so
are the office's shared rules (hours, same-day cut-off, the 2025 forms' start, the issuing
system's name and the lookup page printed on documents). Settings hold
device things only: language, paper, printer, addresses.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desk_app.core.errors import N_, DeskError
from desk_app.files import write_atomically

# The data folder's names live in desk_app.home (no pydantic there, for the GUI's first window).
from desk_app.home import APP_NAME as APP_NAME
from desk_app.home import DATABASE_FILE as DATABASE_FILE
from desk_app.home import SETTINGS_FILE as SETTINGS_FILE
from desk_app.home import data_home as data_home

# Office-wide rules an older release kept here; they now live in the database (office rules),
# so every workstation of an office computes the same due date. `services.office_rules`
# migrates a file that still has them.
MOVED_TO_OFFICE_RULES = (
    "morning_start",
    "morning_end",
    "afternoon_start",
    "afternoon_end",
    "same_day_cutoff",
    "forms_2025_from",
    "system_name",
    "lookup_url",
)


Language = Literal["vi", "en"]


class Settings(BaseModel):
    """What an administrator may change per workstation; every field has a safe default."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    language: Language = Field("vi", description="Language of the interface and messages.")
    paper_size: Literal["A4", "A5"] = Field("A4", description="Paper for receipts and forms.")
    backup_folder: Path | None = Field(
        None,
        description="Folder of the daily backups (a USB drive, a share); "
        "default: the data folder's backups/daily.",
    )
    # --- queue tickets (issue 9) ---
    counter: str | None = Field(
        None,
        max_length=16,
        description="This workstation's counter (quầy) number, called out with each ticket.",
    )
    counter_areas: tuple[str, ...] = Field(
        (), description="Service area letters this counter calls from; empty: every area."
    )
    ticket_printer: str = Field(
        "none",
        max_length=300,
        description="Where tickets print: none, network:HOST[:PORT], usb:VENDOR:PRODUCT, "
        "serial:PORT, windows:PRINTER (the spooler, raw ESC/POS) or system:PRINTER (Qt).",
    )
    ticket_paper_mm: Literal[80, 58] = Field(80, description="Ticket paper width.")
    ticket_printer_profile: str = Field(
        "default", max_length=64, description="python-escpos printer profile name."
    )
    ticket_text_mode: bool = Field(
        False,
        description="Print tickets as text instead of a raster image: only for a printer "
        "profile with a Vietnamese code page.",
    )
    ticket_message: str = Field(
        "", max_length=200, description="An optional line printed at the foot of each ticket."
    )
    queue_hub_url: str | None = Field(
        None,
        max_length=300,
        description="The office queue hub (http://HOST:PORT) for an office with several "
        "counters; none: this workstation's own queue.",
    )
    queue_hub_token: str | None = Field(
        None, max_length=200, description="The key the hub printed when it was started."
    )
    announce_volume: int = Field(80, ge=0, le=100, description="Display announcement volume.")
    announce_repeat: int = Field(1, ge=1, le=3, description="Times each call is announced.")
    announce_chime: bool = Field(True, description="A chime before each announcement.")
    # --- district server sync (issue 11) ---
    sync_allow_http_lan: bool = Field(
        False,
        description="Allow plain http:// to a district server that is not on this computer "
        "(a closed office network only); https is the rule.",
    )


ENV_PREFIX = "DESK_APP_"


def _from_environment() -> dict[str, str]:
    """``DESK_APP_<FIELD>`` variables (any case) for the fields the model has."""
    found = {}
    for name, value in os.environ.items():
        key = name.upper().removeprefix(ENV_PREFIX).lower()
        if name.upper().startswith(ENV_PREFIX) and key in Settings.model_fields:
            found[key] = value
    return found


class SettingsError(DeskError):
    msgid = N_("Tệp cài đặt {file} có lỗi, hãy sửa hoặc xóa nó: {detail}")


def load_settings() -> Settings:
    """The settings file overlaid by the environment, or a SettingsError naming the file.

    A plain pydantic model and tomllib rather than pydantic-settings: for two fields that
    library cost ~0.13 s of every start of the counter window (it imports asyncio).
    """
    path = data_home() / SETTINGS_FILE
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        return Settings.model_validate(document | _from_environment())
    except (ValidationError, ValueError, OSError) as error:  # TOML syntax errors are ValueErrors
        raise SettingsError(file=str(path), detail=str(error)) from error


# A top-level ``language = ...`` line: the key, its value (quoted or not), what follows it.
_LANGUAGE_LINE = re.compile(
    r"""^(?P<key>\s*(?:language|"language"|'language')\s*=\s*)"""
    r"""(?P<value>"[^"]*"|'[^']*'|[^\s#]+)(?P<rest>.*?)(?P<end>\r?\n?)$"""
)


def save_language(language: str) -> Path:
    """Write ``language`` into the settings file (the officer chose it from the window's menu)
    and return the file. Only that key's line changes: comments, other keys and tables stay as
    the administrator wrote them; the file is replaced whole or not at all. ``DESK_APP_LANGUAGE``
    still wins over the file at the next start, as in `load_settings`.

    OSError when the file cannot be read or written; ValueError for a language the settings do
    not know or a file whose top-level ``language`` line could not be rewritten.
    """
    if language not in get_args(Language):
        raise ValueError(f"unknown language {language!r}")
    path = data_home() / SETTINGS_FILE
    # Bytes, not read_text: its newline translation would turn a Windows file's CRLF into LF.
    text = path.read_bytes().decode("utf-8") if path.is_file() else ""
    lines = text.splitlines(keepends=True)
    replaced = False
    for number, line in enumerate(lines):
        if line.lstrip().startswith("["):
            break  # a table begins: keys from here on are not the top-level one
        found = _LANGUAGE_LINE.match(line)
        if found:
            end = found["end"] or "\n"
            lines[number] = f'{found["key"]}"{language}"{found["rest"]}{end}'
            replaced = True
            break
    if not replaced:
        lines.insert(0, f'language = "{language}"\n')  # top-level keys come before any table
    updated = "".join(lines)
    try:
        written = tomllib.loads(updated).get("language")
    except ValueError as error:
        raise ValueError(f"{path} is not valid TOML: {error}") from error
    if written != language:
        raise ValueError(f"{path}: the language line could not be rewritten")
    write_atomically(path, updated.encode("utf-8"))
    return path
