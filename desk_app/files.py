"""Writing a file the officer relies on (a receipt PDF, an export) whole or not at all.

The bytes go to a temporary file in the same folder, are flushed to the disk, and only then
replace the target (`os.replace` is atomic on Windows and POSIX alike). A full disk or a dead
process leaves either the old file, untouched, or the new one complete - never a truncated file.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

_HASH_BLOCK = 1024 * 1024  # a scan of 50 MiB hashed without holding it whole


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path``; on any error the previous ``path`` (if any) is intact and no
    temporary file is left behind. OSError propagates for the caller to word."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # private where it is new
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sha256_of(path: Path) -> str:
    """The SHA-256 of the file at ``path``, read in blocks. OSError propagates."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(_HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def sync_folder(folder: Path) -> None:
    """A rename in ``folder`` made durable (POSIX; Windows has no folder handle to flush)."""
    if os.name != "posix":
        return
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
