"""The workstation's secret audit key: 32 random bytes in ``audit.key``, readable by the user only.

Made at set-up (or, for data from an older release, at its first open); every audit entry then
carries HMAC-SHA256(key, hash), so someone who rewrites the database without this file cannot
make a chain that verifies.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from sqlalchemy import func, select

from desk_app.core.errors import N_
from desk_app.services.context import Workspace
from desk_app.store.local import LocalIdentity
from desk_app.store.models import AuditEntry

KEY_FILE = "audit.key"
KEY_BYTES = 32
# Shown once when the database expects MACs but the key file is gone: entries are then written
# without one and `audit verify` fails, rather than a new key quietly hiding the loss.
KEY_MISSING = N_(
    "Không tìm thấy khoá nhật ký (audit.key) của máy này. Nhật ký mới không được ký; hãy báo "
    "quản trị viên."
)


def key_file(home: Path) -> Path:
    return home / KEY_FILE


def create_key(home: Path) -> bytes:
    """A new key written whole (a temporary file renamed) with mode 0600 from the start; on
    Windows the file lives in the user's profile and the mode is not used."""
    key = secrets.token_bytes(KEY_BYTES)
    target = key_file(home)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(key)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, target)
    return key


_BINARY = getattr(os, "O_BINARY", 0)


def read_key(home: Path) -> bytes | None:
    """The key, or None when there is no (whole) key file."""
    try:
        key = key_file(home).read_bytes()
    except FileNotFoundError:
        return None
    return key if len(key) == KEY_BYTES else None


def load_or_create_key(workspace: Workspace, home: Path) -> None:
    """At open: load the key; a workstation from before keys existed gets one now, and MACs are
    required from its next audit entry on."""
    key = read_key(home)
    if key is None:
        with workspace.write() as session:
            # Read again under the write lock: another process opening the same folder may
            # have made the key while this one waited.
            key = read_key(home)
            identity = session.get_one(LocalIdentity, 1)
            if key is None and identity.audit_mac_from_seq is not None:
                workspace.notices.append(KEY_MISSING)
                return
            if key is not None:
                workspace.audit_key = key
                return
            station = identity.workstation_id
            last = session.scalar(
                select(func.max(AuditEntry.seq)).where(AuditEntry.workstation_id == station)
            )
            key = create_key(home)
            identity.audit_mac_from_seq = (last or 0) + 1
    workspace.audit_key = key
