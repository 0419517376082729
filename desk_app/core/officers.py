"""What an officer's account must hold: the receipt is signed with the officer's full name
(Mẫu 01, "NGƯỜI TIẾP NHẬN HỒ SƠ (Ký và ghi rõ họ tên)"), so a login name never stands in."""

from __future__ import annotations

from desk_app.core.errors import N_, ValidationError
from desk_app.core.text import clean


def check_username(text: str) -> str:
    """The login name as stored: trimmed, lower case, one word."""
    username = clean(text).lower()
    if not username or " " in username:
        raise ValidationError(
            N_("Tên đăng nhập không được để trống hay chứa dấu cách."), field="admin_username"
        )
    return username


# What earlier set-ups stored when no full name was given: a role, not a name to sign with.
PLACEHOLDER_NAMES = frozenset({"quản trị viên"})


def has_full_name(full_name: str, username: str) -> bool:
    """Whether the account carries a real full name. Earlier set-ups filled a missing one with
    the login name or "Quản trị viên", which are no names to sign with."""
    name = clean(full_name).casefold()
    return bool(name) and name != clean(username).casefold() and name not in PLACEHOLDER_NAMES


def check_full_name(full_name: str, username: str) -> str:
    """The cleaned full name, or a ValidationError saying why it cannot sign a receipt."""
    if not has_full_name(full_name, username):
        raise ValidationError(
            N_(
                "Hãy nhập họ và tên đầy đủ của cán bộ (khác tên đăng nhập): "
                "tên này ký trên giấy tiếp nhận hồ sơ."
            ),
            field="full_name",
        )
    name = clean(full_name)
    if not any(character.isalpha() for character in name):
        raise ValidationError(N_("Họ và tên phải có chữ cái."), field="full_name")
    return name
