"""The declarative base every table shares: naming convention, key and column types.

Enum-like columns are typed with the core StrEnums themselves (`type_annotation_map`), and their
CHECK constraints are generated from the same enums (`types.check_known`): each value list is
spelled once, in core.
"""

from __future__ import annotations

import functools
import uuid
from datetime import datetime
from typing import Annotated, Any, cast

from sqlalchemy import Insert, MetaData, String, Table, Text, Uuid
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column
from sqlalchemy.sql.schema import ScalarElementColumnDefault

from desk_app.core.deadlines import DurationUnit
from desk_app.core.dossier import Channel, ComponentKind, ReturnMethod
from desk_app.core.fees import FeeBasis
from desk_app.core.lifecycle import Action, DossierState
from desk_app.core.queue import AreaKind, PriorityKind, TicketSource, TicketState
from desk_app.core.roles import Role
from desk_app.core.rules import CountingMethod, RuleSet
from desk_app.store.types import StrEnumType, UTCDateTime, new_id

# Named constraints, so Alembic batch mode can find them again on SQLite.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

UuidPk = Annotated[uuid.UUID, mapped_column(Uuid, primary_key=True, default=new_id)]
Utc = Annotated[datetime, mapped_column(UTCDateTime)]
Name = Annotated[str, mapped_column(String(255))]
ShortText = Annotated[str, mapped_column(String(64))]

ENUMS = (
    DossierState,
    Action,
    Channel,
    ReturnMethod,
    Role,
    DurationUnit,
    RuleSet,
    CountingMethod,
    ComponentKind,
    FeeBasis,
    AreaKind,
    PriorityKind,
    TicketSource,
    TicketState,
)

# A table whose rows only ever describe this one workstation (its identity, counters, outbox,
# sync state): the district server never holds it. Every other table is shared domain data.
WORKSTATION_ONLY = {"info": {"scope": "workstation"}}


_TYPES: dict[Any, Any] = {uuid.UUID: Uuid, datetime: UTCDateTime, str: Text}
_TYPES.update({enum: StrEnumType(enum) for enum in ENUMS})


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = _TYPES


def insert_now(session: Session, row: Base) -> None:
    """INSERT a new row at once, as a plain statement outside the unit of work.

    For the rows every recorded act adds (its audit entry, its outbox envelope, a ticket): the
    unit of work's bookkeeping costs several times the statement itself. It runs on the
    session's connection, in its transaction. ``row`` stays transient, so read its values,
    never change them; scalar column defaults are filled in on it, the key too when it has
    none.
    """
    table = cast(Table, row.__table__)
    if getattr(row, "id", True) is None:
        row.id = new_id()  # type: ignore[attr-defined]
    values: dict[str, Any] = {}
    for column in table.columns:
        value = getattr(row, column.key)
        default = column.default
        if value is None and isinstance(default, ScalarElementColumnDefault):
            value = default.arg
            setattr(row, column.key, value)
        values[column.key] = value
    session.connection().execute(_insert_into(table), values)


@functools.cache
def _insert_into(table: Table) -> Insert:
    return table.insert()
