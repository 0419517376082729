"""``security-check``: is this workstation's data kept as issue 8 requires? One line per fact."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from desk_app.config import SETTINGS_FILE
from desk_app.core.errors import N_
from desk_app.core.roles import Act
from desk_app.home import POSIX, PRIVATE_FILE, PRIVATE_FOLDER
from desk_app.services.audit import verify_audit
from desk_app.services.backup import backup_age
from desk_app.services.context import Actor, Workspace
from desk_app.services.permissions import require
from desk_app.services.workstation import database_file, station_of

# The append-only triggers of migration 0002 (audit_entry_no_update / _no_delete).
AUDIT_TRIGGERS = ("audit_entry_no_update", "audit_entry_no_delete")
AUDIT_KEY = "audit.key"
KEY_FILES = (AUDIT_KEY, "session.key", "session.json")  # the audit key and login session
BACKUP_MAX_AGE_DAYS = 7  # a daily backup; a long weekend or holiday may pass without one


@dataclass(frozen=True)
class Finding:
    """One fact checked: ``what`` names it (a path, a check), ``msgid`` says how it stands."""

    check: str
    what: str
    ok: bool
    msgid: str
    value: str = ""


MODE_OK = N_("quyền {value}, chỉ người dùng này đọc được")
MODE_LOOSE = N_("quyền {value}: người khác đọc được; cần 0700 cho thư mục, 0600 cho tệp")
MODE_WINDOWS = N_("trên Windows: thư mục hồ sơ người dùng giữ quyền truy cập")
TRIGGERS_OK = N_("có đủ các trigger chỉ-ghi-thêm")
TRIGGERS_MISSING = N_("thiếu trigger {value}")
CHAIN_OK = N_("toàn vẹn, {value} mục")
CHAIN_BROKEN = N_("không khớp; chạy desk-app audit verify để biết chi tiết")
KEY_ABSENT = N_("không có khoá nhật ký của máy này")
BACKUP_NEVER = N_("chưa có bản sao lưu nào")
BACKUP_AGE = N_("{value} ngày kể từ lần sao lưu gần nhất")


def _mode(check: str, path: Path, wanted: int) -> Finding:
    if not POSIX:
        return Finding(check, str(path), True, MODE_WINDOWS)
    mode = path.stat().st_mode & 0o777
    loose = mode & ~wanted
    return Finding(check, str(path), not loose, MODE_LOOSE if loose else MODE_OK, f"{mode:04o}")


def _file_modes(home: Path) -> list[Finding]:
    found = [
        _mode("folder", folder, PRIVATE_FOLDER)
        for folder in (home, home / "logs", home / "backups")
        if folder.is_dir()
    ]
    database = database_file(home)
    for suffix in ("", "-wal", "-shm"):
        path = database.with_name(database.name + suffix)
        if path.exists():
            found.append(_mode("database", path, PRIVATE_FILE))
    if not (home / AUDIT_KEY).is_file():  # without it new entries carry no MAC
        found.append(Finding("key", str(home / AUDIT_KEY), False, KEY_ABSENT))
    for name in (SETTINGS_FILE, *KEY_FILES):
        if (home / name).exists():
            found.append(_mode("key" if name in KEY_FILES else "settings", home / name, 0o600))
    return found


def _triggers(workspace: Workspace) -> Finding:
    with workspace.read() as session:
        present = set(
            session.scalars(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
        )
    missing = [name for name in AUDIT_TRIGGERS if name not in present]
    if missing:
        return Finding("triggers", "audit_entry", False, TRIGGERS_MISSING, ", ".join(missing))
    return Finding("triggers", "audit_entry", True, TRIGGERS_OK)


def _chain(workspace: Workspace) -> Finding:
    report = verify_audit(workspace)
    if report.ok:
        return Finding("chain", "audit", True, CHAIN_OK, str(report.checked))
    return Finding("chain", "audit", False, CHAIN_BROKEN)


def _backup(workspace: Workspace) -> Finding:
    age = backup_age(workspace)
    if age is None:
        return Finding("backup", "backups", False, BACKUP_NEVER)
    return Finding("backup", "backups", age.days <= BACKUP_MAX_AGE_DAYS, BACKUP_AGE, str(age.days))


def security_check(workspace: Workspace, actor: Actor) -> list[Finding]:
    """Every finding; the check passes when each is ``ok``."""
    require(workspace, actor, Act.SECURITY_CHECK)
    station_of(workspace)
    assert workspace.home is not None
    return [
        *_file_modes(workspace.home),
        _triggers(workspace),
        _chain(workspace),
        _backup(workspace),
    ]
