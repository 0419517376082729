"""Workstation settings: a typed model with defaults, read from the data folder's settings.toml.

The data folder comes from platformdirs unless ``DESK_APP_HOME`` names another one, so several
workstations can run side by side on one machine. Environment variables ``DESK_APP_<FIELD>``
override the file. Office facts (name, agency identifier, workstation number) live in the
database, not here: they are part of what the audit log and the sync protocol vouch for.
"""

from __future__ import annotations

import os
from datetime import date, time
from pathlib import Path
from typing import Literal

import platformdirs
from pydantic import Field, ValidationError
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from desk_app.core.errors import N_, DeskError
from desk_app.core.rules import FORMS_2025_FROM

APP_NAME = "desk-app"
SETTINGS_FILE = "settings.toml"
DATABASE_FILE = "desk-app.sqlite3"


def data_home() -> Path:
    """The workstation's data folder: ``DESK_APP_HOME`` or the platform's user data folder."""
    override = os.environ.get("DESK_APP_HOME")
    if override:
        return Path(override).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


class Settings(BaseSettings):
    """What an administrator may change per workstation; every field has a safe default."""

    model_config = SettingsConfigDict(env_prefix="DESK_APP_", extra="ignore")

    language: Literal["vi", "en"] = Field(
        "vi", description="Language of the interface and messages."
    )
    paper_size: Literal["A4", "A5"] = Field("A4", description="Paper for receipts and forms.")
    system_name: str = Field(
        "desk-app",
        description="Issuing system's name, printed in the QR (Circular 01/2023/TT-VPCP).",
    )
    lookup_url: str = Field(
        "", description="Public lookup page; '{code}' is replaced by the dossier code. Empty: none."
    )
    forms_2025_from: date = Field(
        FORMS_2025_FROM,
        description="First receipt date printed with Circular 03/2025/TT-VPCP's forms.",
    )
    # Office hours are configuration, not law (reference §4, "check: offices differ"); every
    # workstation of an office must use the same ones, or their due dates would differ.
    morning_start: time = Field(time(7, 30), description="Morning session opens.")
    morning_end: time = Field(time(11, 30), description="Morning session closes.")
    afternoon_start: time = Field(time(13, 0), description="Afternoon session opens.")
    afternoon_end: time = Field(time(17, 0), description="Afternoon session closes.")
    same_day_cutoff: time = Field(
        time(15, 0), description="Same-day requests after this are done the next working day."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = data_home() / SETTINGS_FILE
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file))


class SettingsError(DeskError):
    msgid = N_("Tệp cài đặt {file} có lỗi, hãy sửa hoặc xóa nó: {detail}")


def load_settings() -> Settings:
    """The settings, or a SettingsError naming the file when it cannot be read."""
    try:
        return Settings()
    except (ValidationError, ValueError, OSError) as error:  # TOML syntax errors are ValueErrors
        raise SettingsError(file=str(data_home() / SETTINGS_FILE), detail=str(error)) from error
