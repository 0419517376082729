"""The procedure catalogue: import/export files into the database, and the type-ahead index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.deadlines import Duration, describe_duration
from desk_app.core.dossier import Component
from desk_app.core.errors import N_, ValidationError
from desk_app.core.fees import FeeRule, fee_text
from desk_app.core.roles import Act
from desk_app.core.text import fold
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.store.models import Procedure, ProcedureComponent
from desk_app.sync.events import CatalogueImported

if TYPE_CHECKING:
    # The file formats load only for an import or export (pydantic models, openpyxl), not for
    # the counter's type-ahead, which is on the window's start-up path.
    from desk_app.services.catalogue_files import ComponentSpec, ProcedureSpec


class UnknownProcedure(ValidationError):
    msgid = N_("Không có thủ tục mã {code} trong danh mục.")


@dataclass(frozen=True)
class ProcedureSummary:
    code: str
    name: str
    field: str
    duration: Duration
    duration_text: str
    fee_rule: FeeRule
    fee_note: str  # exemptions and sources, for the officer: never printed
    legal_basis: str
    components: tuple[Component, ...]  # as the procedure lists them, none received yet

    @property
    def fee_vnd(self) -> int | None:
        """The fixed amount, or None when it depends on pages, copies or the province."""
        return self.fee_rule.due()

    @property
    def fee_text(self) -> str:
        """The fee as the receipt would print it before pages or copies are known."""
        return fee_text(self.fee_vnd, rule=self.fee_rule)


def fee_rule_of(row: Procedure) -> FeeRule:
    return FeeRule(
        row.fee_basis,
        row.fee_vnd,
        row.fee_later_from_page,
        row.fee_later_vnd,
        row.fee_cap_vnd,
    )


def _summary(row: Procedure) -> ProcedureSummary:
    duration = Duration(row.duration_value, row.duration_unit)
    return ProcedureSummary(
        code=row.code,
        name=row.name,
        field=row.field,
        duration=duration,
        duration_text=describe_duration(duration),
        fee_rule=fee_rule_of(row),
        fee_note=row.fee_note,
        legal_basis=row.legal_basis,
        components=tuple(
            Component(c.position, c.name, c.original_count, c.copy_count, c.required, kind=c.kind)
            for c in row.components
        ),
    )


def _in_force(row: Procedure, on: date) -> bool:
    return (row.effective_from is None or row.effective_from <= on) and (
        row.effective_to is None or on <= row.effective_to
    )


def list_procedures(workspace: Workspace, *, on: date | None = None) -> list[ProcedureSummary]:
    """Procedures in force on ``on`` (all of them if None), by field then name."""
    with workspace.read() as session:
        rows = session.scalars(
            select(Procedure)
            .options(selectinload(Procedure.components))
            .order_by(Procedure.field, Procedure.name)
        ).all()
        return [_summary(r) for r in rows if on is None or _in_force(r, on)]


class ProcedureNotInForce(ValidationError):
    msgid = N_("Thủ tục {code} không áp dụng cho hồ sơ nhận ngày {day}.")


def get_procedure(session: Session, code: str, *, on: date | None = None) -> Procedure:
    """The procedure ``code``; with ``on``, only if it is in force on that (local) day."""
    row = session.scalar(
        select(Procedure).options(selectinload(Procedure.components)).where(Procedure.code == code)
    )
    if row is None:
        raise UnknownProcedure(field="procedure", code=code)
    if on is not None and not _in_force(row, on):
        raise ProcedureNotInForce(field="procedure", code=code, day=on.strftime("%d/%m/%Y"))
    return row


def upsert_specs(
    session: Session, specs: Sequence[ProcedureSpec], *, now_utc: datetime
) -> tuple[int, int]:
    """Insert new procedures and replace existing ones by code; returns (added, updated).

    The fee rule goes to the procedure's fee columns (basis, amount, lower rate from a page,
    cap per copy) and each paper keeps its kind (submitted or shown), as `_spec` reads them.
    """
    existing = {p.code: p for p in session.scalars(select(Procedure)).all()}
    added = updated = 0
    for spec in specs:
        row = existing.get(spec.code)
        if row is None:
            row = Procedure(code=spec.code)
            session.add(row)
            added += 1
        else:
            updated += 1
        row.code_verified = spec.code_verified
        row.name = spec.name
        row.name_folded = fold(spec.name)
        row.field = spec.field
        row.field_code = spec.field_code
        row.legal_basis = spec.legal_basis
        row.duration_value = spec.duration.value
        row.duration_unit = spec.duration.unit
        row.duration_note = spec.duration_note
        rule = spec.fee_rule()
        row.fee_basis = rule.basis
        row.fee_vnd = rule.amount_vnd
        row.fee_later_from_page = rule.later_from_page
        row.fee_later_vnd = rule.later_amount_vnd
        row.fee_cap_vnd = rule.cap_vnd
        row.fee_note = spec.fee_note
        row.result_name = spec.result_name
        row.effective_from = spec.effective_from
        row.effective_to = spec.effective_to
        row.source = spec.source
        row.updated_at = now_utc
        _replace_components(row, spec.components)
    return added, updated


def _replace_components(row: Procedure, specs: Sequence[ComponentSpec]) -> None:
    """Update in place by position: a delete-then-insert would trip UNIQUE(procedure, position)."""
    by_position = {c.position: c for c in row.components}
    kept = []
    for position, spec in enumerate(specs, start=1):
        component = by_position.get(position) or ProcedureComponent(position=position)
        component.name = spec.name
        component.original_count = spec.original_count
        component.copy_count = spec.copy_count
        component.required = spec.required
        component.kind = spec.kind
        component.note = spec.note
        kept.append(component)
    row.components = kept


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int


def import_catalogue(workspace: Workspace, actor: Actor, path: Path) -> ImportResult:
    """Validate the whole file first (a bad file changes nothing), then upsert in one go."""
    from desk_app.services.catalogue_files import load_catalogue

    require(workspace, actor, Act.CATALOGUE)
    specs = load_catalogue(path)
    with workspace.write() as session:
        return _apply(session, workspace, actor, specs, path.name)


# Codes an earlier bundled catalogue offered that the current one no longer does: 1.010010 is
# an act on an existing dossier, not a procedure (the lifecycle's stop); 1.013975 and 1.001612
# had facts no current source confirms (resources/catalogue/SOURCES.md).
RETIRED_BUNDLED_CODES = ("1.010010", "1.013975", "1.001612")


def refresh_bundled_catalogue(workspace: Workspace, actor: Actor) -> ImportResult:
    """After a schema upgrade, bring the bundled procedures up to the current bundled file
    (corrected durations, fee rules, papers only shown), and stop offering the retired ones
    from today: dossiers already taken in keep their own snapshot of the procedure."""
    from desk_app.services.catalogue_files import bundled_catalogue_path, load_catalogue

    path = bundled_catalogue_path()
    specs = load_catalogue(path)
    yesterday = workspace.now().astimezone(OFFICE_TZ).date() - timedelta(days=1)
    with workspace.write() as session:
        result = _apply(session, workspace, actor, specs, path.name)
        for row in session.scalars(
            select(Procedure).where(Procedure.code.in_(RETIRED_BUNDLED_CODES))
        ):
            if row.effective_to is None or row.effective_to > yesterday:
                row.effective_to = max(yesterday, row.effective_from or yesterday)
                row.updated_at = workspace.now()
        return result


def apply_catalogue(
    session: Session,
    workspace: Workspace,
    actor: Actor,
    specs: Sequence[ProcedureSpec],
    source_name: str,
) -> ImportResult:
    """Upsert ``specs`` (a checked file: `load_catalogue`) and record the import, in the
    caller's transaction: a catalogue the district server published is applied with the pull
    cursor that follows it (services.sync)."""
    return _apply(session, workspace, actor, specs, source_name)


def _apply(
    session: Session,
    workspace: Workspace,
    actor: Actor,
    specs: Sequence[ProcedureSpec],
    file_name: str,
) -> ImportResult:
    added, updated = upsert_specs(session, specs, now_utc=workspace.now())
    record_change(
        session,
        workspace,
        actor,
        CatalogueImported(
            file_name=file_name,
            added=added,
            updated=updated,
            codes=tuple(s.code for s in specs),
        ),
        entity="catalogue",
        entity_id=file_name,
        aggregate_id=actor.office.id,
    )
    return ImportResult(added, updated)


def export_catalogue(workspace: Workspace, path: Path) -> int:
    with workspace.read() as session:
        rows = session.scalars(
            select(Procedure).options(selectinload(Procedure.components)).order_by(Procedure.code)
        ).all()
        specs = [_spec(r) for r in rows]
    from desk_app.services.catalogue_files import save_catalogue

    save_catalogue(specs, path)
    return len(specs)


def _spec(row: Procedure) -> ProcedureSpec:
    from desk_app.services.catalogue_files import (
        ComponentSpec,
        DurationSpec,
        FeeSpec,
        ProcedureSpec,
    )

    return ProcedureSpec(
        code=row.code,
        code_verified=row.code_verified,
        name=row.name,
        field=row.field,
        field_code=row.field_code,
        legal_basis=row.legal_basis,
        duration=DurationSpec(value=row.duration_value, unit=row.duration_unit),
        duration_note=row.duration_note,
        fee=FeeSpec.of(fee_rule_of(row)),
        fee_note=row.fee_note,
        result_name=row.result_name,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        source=row.source,
        no_components=not row.components,
        components=[
            ComponentSpec(
                name=c.name,
                original_count=c.original_count,
                copy_count=c.copy_count,
                required=c.required,
                kind=c.kind,
                note=c.note,
            )
            for c in row.components
        ],
    )


class ProcedureIndex:
    """In-memory type-ahead over the catalogue, diacritics ignored ("dang ky khai sinh").

    Every typed word must start a word of the name or field, or start the code ("1.0011").
    Names that begin with what was typed come first, then shorter names: "khai sinh" lists
    "Đăng ký khai sinh" before "Đăng ký khai sinh kết hợp ...".
    """

    def __init__(self, procedures: Sequence[ProcedureSummary]) -> None:
        # " word word ...": a typed word starts a word exactly when " " + it is a substring,
        # which str's C search answers far faster than a Python loop over the words.
        self._entries = [
            (fold(p.name), " " + " ".join(fold(f"{p.name} {p.field}").split()), p)
            for p in procedures
        ]

    @classmethod
    def load(cls, workspace: Workspace) -> ProcedureIndex:
        return cls(list_procedures(workspace, on=workspace.now().astimezone(OFFICE_TZ).date()))

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, text: str, limit: int = 20) -> list[ProcedureSummary]:
        query = fold(text)
        terms = query.split()
        if not terms:
            return [p for _, _, p in self._entries[:limit]]
        starts = [(" " + t, t) for t in terms]
        hits = [
            (not name.startswith(query), query not in name, len(name), summary)
            for name, words, summary in self._entries
            if all(start in words or summary.code.startswith(t) for start, t in starts)
        ]
        hits.sort(key=lambda hit: hit[:3])
        return [hit[3] for hit in hits[:limit]]
