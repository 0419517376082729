"""The office's shared rules (hours, same-day cut-off, the 2025 forms' start) in the database.

They used to be per-workstation settings; two counters of one office could then print
different due dates for the same dossier. The settings file of a release from before the
rules lived in the database is migrated once, at the open that upgrades that database: its
values become the office's rules (audited, sent to the server), the keys are removed from the
file (a copy is kept beside it) and the officer is told. At any later open the keys are
ignored, with a notice: whoever can edit a text file is not thereby an administrator.
"""

from __future__ import annotations

import logging
import tomllib
from datetime import date, time
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.orm import Session

from desk_app.config import MOVED_TO_OFFICE_RULES, SettingsError
from desk_app.core.calendar import OfficeHours
from desk_app.core.errors import N_
from desk_app.core.roles import Act
from desk_app.core.rules import OfficeRules
from desk_app.services.changes import record_change
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.store.models import OfficeRules as OfficeRulesRow
from desk_app.sync.events import OfficeRulesChanged, RulesSource

log = logging.getLogger(__name__)

# Schema revisions from before office rules lived in the database (migration 0002 made the
# office_rules table): a settings file of such a release held them, and only the open that
# upgrades such a database moves them over.
RULES_IN_SETTINGS_BEFORE = ("0001",)

SETTINGS_MIGRATED = N_(
    "Giờ làm việc, giờ chốt nhận hồ sơ trong ngày, ngày bắt đầu dùng mẫu 2025, tên hệ thống và "
    "trang tra cứu nay là quy định chung của cơ quan, lưu trong cơ sở dữ liệu; các giá trị trong "
    "tệp cài đặt đã được chuyển sang và xóa khỏi tệp (bản cũ lưu ở settings.toml.bak)."
)
SETTINGS_IGNORED = N_(
    "Tệp settings.toml có ghi giờ làm việc, giờ chốt nhận hồ sơ, ngày bắt đầu dùng mẫu 2025, "
    "tên hệ thống hoặc trang tra cứu; các dòng đó không được áp dụng. Đây là quy định chung "
    "của cơ quan, chỉ quản trị viên đổi được, bằng lệnh desk-app office rules set. Có thể xóa "
    "các dòng đó khỏi tệp."
)


class MovedKeys(BaseModel):
    """The office-rule keys an older settings file may hold, parsed as the old settings did."""

    model_config = ConfigDict(extra="ignore")
    morning_start: time | None = None
    morning_end: time | None = None
    afternoon_start: time | None = None
    afternoon_end: time | None = None
    same_day_cutoff: time | None = None
    forms_2025_from: date | None = None
    system_name: str | None = None
    lookup_url: str | None = None


def row_for(rules: OfficeRules, row: OfficeRulesRow) -> None:
    hours = rules.hours
    row.morning_start = hours.morning_start
    row.morning_end = hours.morning_end
    row.afternoon_start = hours.afternoon_start
    row.afternoon_end = hours.afternoon_end
    row.same_day_cutoff = hours.same_day_cutoff
    row.forms_2025_from = rules.forms_2025_from
    row.system_name = rules.system_name
    row.lookup_url = rules.lookup_url
    row.counting_method = rules.counting_method


def set_office_rules(
    workspace: Workspace,
    actor: Actor,
    rules: OfficeRules,
    *,
    source: RulesSource = "administrator",
) -> None:
    """Replace the office's rules in one audited change."""
    require(workspace, actor, Act.OFFICE_RULES)
    with workspace.write() as session:
        write_rules(session, workspace, actor, rules, source)


def write_rules(
    session: Session, workspace: Workspace, actor: Actor, rules: OfficeRules, source: RulesSource
) -> None:
    """The office's rules row and its event, in the caller's transaction (set-up uses it too)."""
    row = session.get(OfficeRulesRow, actor.office.id)
    if row is None:
        row = OfficeRulesRow(office_id=actor.office.id)
        session.add(row)
    row_for(rules, row)
    row.updated_at = workspace.now()
    record_change(
        session,
        workspace,
        actor,
        OfficeRulesChanged.of(rules, source),
        entity="office",
        entity_id=str(actor.office.id),
        aggregate_id=actor.office.id,
    )


def migrate_settings_file(
    workspace: Workspace, actor: Actor, path: Path, *, upgraded_from: str | None
) -> str | None:
    """Move office-rule keys out of an older release's settings file, at the open that
    upgrades its database (``upgraded_from``: the revision before this open's upgrade); at
    any other open, ignore them. The notice's msgid, or None when the file names none."""
    try:
        document: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise SettingsError(file=str(path), detail=str(error)) from error
    moved = {key: document[key] for key in MOVED_TO_OFFICE_RULES if key in document}
    if not moved:
        return None
    if upgraded_from not in RULES_IN_SETTINGS_BEFORE:
        # The names only: a value may be anything someone typed into the file.
        log.warning("settings file names office rules %s; ignored", sorted(moved))
        return SETTINGS_IGNORED
    try:
        values = MovedKeys.model_validate(moved)
    except ValidationError as error:
        raise SettingsError(file=str(path), detail=str(error)) from error
    current = workspace.rules(actor.office.id)
    hours = current.hours
    rules = OfficeRules(
        OfficeHours(
            values.morning_start or hours.morning_start,
            values.morning_end or hours.morning_end,
            values.afternoon_start or hours.afternoon_start,
            values.afternoon_end or hours.afternoon_end,
            values.same_day_cutoff or hours.same_day_cutoff,
        ),
        values.forms_2025_from or current.forms_2025_from,
        current.system_name if values.system_name is None else values.system_name,
        current.lookup_url if values.lookup_url is None else values.lookup_url,
        current.counting_method,
    )
    # A run that died between the commit and the file's rewrite finds the rules already there:
    # no second event, only the file to finish.
    if rules != current:
        set_office_rules(workspace, actor, rules, source="settings_file")
    _rewrite_without(path, document, moved.keys())
    log.info("moved %s from the settings file into the office rules", sorted(moved))
    return SETTINGS_MIGRATED


def _rewrite_without(path: Path, document: dict[str, Any], keys: Any) -> None:
    """Keep a copy, then write the file back without the moved keys (other lines kept)."""
    text = path.read_text(encoding="utf-8")
    path.with_name(path.name + ".bak").write_text(text, encoding="utf-8")
    kept = [
        line
        for line in text.splitlines()
        if line.split("=", 1)[0].strip() not in set(keys) or "=" not in line
    ]
    path.write_text("\n".join(kept) + ("\n" if kept else ""), encoding="utf-8")
