"""Officer accounts: argon2id password hashes and login."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select

from desk_app.core.errors import N_, ValidationError
from desk_app.services.context import OfficerInfo, Workspace
from desk_app.services.errors import LoginFailed
from desk_app.services.workstation import station_of
from desk_app.store.models import Officer

_hasher = PasswordHasher()  # argon2id with the library's defaults (t=3, m=64 MiB, p=4)
MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            N_("Mật khẩu phải có ít nhất {count} ký tự."),
            field="password",
            count=MIN_PASSWORD_LENGTH,
        )
    return _hasher.hash(password)


def officer_info(row: Officer) -> OfficerInfo:
    return OfficerInfo(row.id, row.username, row.full_name, row.role)


def login(workspace: Workspace, username: str, password: str) -> OfficerInfo:
    """The officer of this workstation's office whose password matches; one message for an
    unknown user or a bad password."""
    station = station_of(workspace)
    with workspace.read() as session:
        officer = session.scalar(
            select(Officer).where(
                Officer.office_id == station.office.id,
                Officer.username == username.strip().lower(),
            )
        )
        if officer is None or not officer.active:
            raise LoginFailed()
        try:
            _hasher.verify(officer.password_hash, password)
        except (VerificationError, InvalidHashError) as error:
            raise LoginFailed() from error
        return officer_info(officer)
