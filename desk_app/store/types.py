"""Column types shared by every table: UUIDv7 keys and UTC timestamps that survive SQLite."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import uuid6
from sqlalchemy import CheckConstraint, DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


def new_id() -> uuid.UUID:
    """A UUIDv7: time-ordered for index locality, made offline. Never used as business order."""
    return uuid.UUID(bytes=uuid6.uuid7().bytes)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; gives back aware UTC datetimes (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime refused: times are stored in UTC")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class StrEnumType(TypeDecorator[StrEnum]):
    """A core StrEnum in a text column: written as its value, read back as the member.

    The column's CHECK constraint comes from the same enum (`check_known`), so each value list
    is defined once, in core.
    """

    impl = String(64)
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: StrEnum | str | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        return self.enum(value).value  # a stray string is refused here, before SQL

    def process_result_value(self, value: str | None, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


def check_known(column: str, enum: type[StrEnum], *, nullable: bool = False) -> CheckConstraint:
    """CHECK (column IN (...enum values...)), named "<column>_known"."""
    values = ", ".join(f"'{member.value}'" for member in enum)
    condition = f"{column} IN ({values})"
    if nullable:
        condition = f"{column} IS NULL OR {condition}"
    return CheckConstraint(condition, name=f"{column}_known")
