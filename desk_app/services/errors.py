"""Errors the services raise beyond the domain's own: storage trouble, set-up, login."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from desk_app.core.errors import N_, DeskError

log = logging.getLogger(__name__)


class StorageError(DeskError):
    """The database refused the change; nothing of it was stored."""


class NotInitialised(DeskError):
    msgid = N_("Máy trạm chưa được thiết lập tại {home}. Hãy chạy: desk-app init")


class AlreadyInitialised(DeskError):
    msgid = N_("Thư mục dữ liệu {home} đã có cơ sở dữ liệu; không thiết lập lại.")


class NetworkFolder(DeskError):
    msgid = N_(
        "Thư mục dữ liệu {home} nằm trên ổ mạng. Cơ sở dữ liệu phải ở ổ đĩa của máy này "
        "(SQLite WAL không an toàn trên ổ mạng)."
    )


class LoginFailed(DeskError):
    msgid = N_("Tên đăng nhập hoặc mật khẩu không đúng.")


class NotFound(DeskError):
    msgid = N_("Không tìm thấy hồ sơ có mã {code}.")


class CodeAlreadyUsed(StorageError):
    msgid = N_(
        "Mã hồ sơ vừa cấp đã có trong cơ sở dữ liệu; hồ sơ chưa được lưu. Hãy báo quản trị viên "
        "(có thể máy trạm đã được khôi phục từ bản sao lưu cũ)."
    )


def _driver_text(error: BaseException) -> str:
    """The driver's own words (``UNIQUE constraint failed: dossier.code``): never the SQL or
    its parameters, which hold the applicant's name and ID number."""
    return str(getattr(error, "orig", error))


def _storage_message(error: BaseException) -> str:
    text = _driver_text(error).lower()
    if "locked" in text or "busy" in text:
        return N_("Cơ sở dữ liệu đang bị chương trình khác khóa. Hãy thử lại sau ít giây.")
    if "readonly" in text or "read-only" in text:
        return N_("Không ghi được vào cơ sở dữ liệu (tệp chỉ đọc). Hãy báo quản trị viên.")
    if "disk is full" in text or "disk full" in text or "no space" in text:
        return N_("Ổ đĩa đã đầy; thay đổi chưa được lưu. Hãy giải phóng dung lượng rồi thử lại.")
    if "unable to open" in text:
        return N_("Không mở được tệp cơ sở dữ liệu. Hãy báo quản trị viên.")
    # No {detail} here: the officer gets a plain sentence, the log the driver's words.
    return N_(
        "Lỗi cơ sở dữ liệu, thay đổi chưa được lưu. Chi tiết đã được ghi vào nhật ký; "
        "hãy báo quản trị viên."
    )


@contextmanager
def storage_errors() -> Iterator[None]:
    """Turn driver errors (locked, read-only, disk full) into a StorageError with plain words."""
    try:
        yield
    except (OperationalError, IntegrityError, DBAPIError, sqlite3.Error, OSError) as error:
        text = _driver_text(error)
        # One line, never the statement or its values (issue 8, item 4).
        log.warning("storage error: %s: %s", type(error).__name__, text)
        if isinstance(error, IntegrityError) and "dossier.code" in text:
            raise CodeAlreadyUsed() from error
        raise StorageError(_storage_message(error), detail=text) from error
