"""Placeholder: filled in by issue 9's work."""

from __future__ import annotations

from desk_app.cli._common import Commands


def register(commands: Commands) -> None:
    """No commands yet."""
