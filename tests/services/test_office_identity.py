"""The office's identity over time: a receipt names the office as it was on its day."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desk_app.core.errors import ValidationError
from desk_app.core.office import OfficeIdentity, default_reception_unit, identity_on
from desk_app.services.context import Actor, OfficerInfo, Workspace
from desk_app.services.intake import take_in
from desk_app.services.office import office_identities, rename_office
from desk_app.services.permissions import NotPermitted
from desk_app.services.receipts import receipt_pdf
from desk_app.store.local import OutboxEvent
from desk_app.store.models import AuditEntry
from desk_app.store.models import OfficeIdentity as OfficeIdentityRow
from desk_app.sync.events import OfficeIdentityAdded
from tests.factories import SettableClock, intake_request, office_time

MERGED = OfficeIdentity(
    date(2025, 7, 16),
    "000.00.19.H27",
    "UBND phường Thanh Xuân",
    "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
    "Hà Nội",
)


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages[:1]
    )


def test_a_2024_dossier_reprinted_in_2026_shows_2024s_names_and_date(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    clock.current = office_time(2024, 5, 10, 9, 30)
    old = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn Cũ"))
    receipt_pdf(workspace, actor, old.code)  # the original, printed in 2024
    clock.current = office_time(2025, 7, 15, 10, 0)
    rename_office(workspace, actor, MERGED)

    clock.current = office_time(2026, 12, 2, 14, 20)
    reprint = _text(receipt_pdf(workspace, actor, old.code))
    assert "UBND PHƯỜNG THANH XUÂN TRUNG" in reprint
    assert "Bộ phận tiếp nhận và trả kết quả: UBND phường Thanh Xuân Trung" in reprint
    assert "Hà Nội, ngày 10 tháng 5 năm 2024" in reprint
    assert "BẢN IN LẠI LẦN 1 - in lúc 14:20 02/12/2026" in reprint
    assert "Trung tâm Phục vụ" not in reprint
    assert old.code.startswith("000.00.19.H26-240510-")

    new = take_in(workspace, actor, intake_request("1.001193", "Trần Thị Mới"))
    assert new.code.startswith("000.00.19.H27-261202-")  # the new identifier prefixes codes
    fresh = _text(receipt_pdf(workspace, actor, new.code))
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG THANH XUÂN" in fresh
    assert "Hà Nội, ngày 02 tháng 12 năm 2026" in fresh
    assert "Thanh Xuân Trung" not in fresh and "Bộ phận tiếp nhận" not in fresh


def test_a_rename_is_audited_and_sent(workspace: Workspace, actor: Actor) -> None:
    office = rename_office(workspace, actor, MERGED)
    assert [i.name for i in office.identities] == [
        "UBND phường Thanh Xuân Trung",
        "UBND phường Thanh Xuân",
    ]
    with workspace.read() as session:
        kinds = session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        payload = session.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.kind == "office.identity_added")
        ).one()
    assert kinds[-1] == "office.identity_added"
    assert OfficeIdentityAdded.model_validate_json(payload).agency_id == "000.00.19.H27"


@pytest.mark.parametrize(
    ("received", "valid_from"),
    [
        (office_time(2025, 7, 20), date(2025, 7, 18)),  # a later name over a dossier
        (office_time(2025, 7, 20), date(2025, 7, 20)),  # from the dossier's own day
        (office_time(2024, 5, 10), date(2020, 1, 1)),  # an earlier name over an old dossier
    ],
)
def test_a_rename_that_would_change_a_received_dossiers_name_is_refused_and_changes_nothing(
    workspace: Workspace, actor: Actor, clock: SettableClock, received: datetime, valid_from: date
) -> None:
    clock.current = received
    take_in(workspace, actor, intake_request("1.001193", "Lê Văn Một"))
    with pytest.raises(ValidationError) as refused:
        rename_office(workspace, actor, replace(MERGED, valid_from=valid_from))
    text = refused.value.message.render()
    assert f"hồ sơ đã nhận ngày {received:%d/%m/%Y}" in text
    with workspace.read() as session:
        assert session.scalar(select(func.count()).select_from(OfficeIdentityRow)) == 1
    assert len(office_identities(workspace, actor).identities) == 1


def test_an_office_set_up_today_records_the_name_it_had_before_the_merger(
    workspace: Workspace, actor: Actor, clock: SettableClock
) -> None:
    """The template was set up on 15/07/2025 as the centre; nothing was received before."""
    clock.current = office_time(2025, 7, 20)
    take_in(workspace, actor, intake_request("1.001193", "Sau khi lập"))
    old = OfficeIdentity(
        date(2020, 1, 1),
        "000.00.19.H26",
        "UBND phường Thanh Xuân Trung",
        "Bộ phận tiếp nhận và trả kết quả",
        "Hà Nội",
    )
    office = rename_office(workspace, actor, replace(old, name="UBND phường Thanh Xuân Bắc"))
    assert office.identity_on(date(2024, 5, 10)).name == "UBND phường Thanh Xuân Bắc"
    assert office.identity_on(date(2025, 7, 20)).name == "UBND phường Thanh Xuân Trung"
    with pytest.raises(ValidationError, match="đã có tên áp dụng từ ngày 01/01/2020"):
        rename_office(workspace, actor, old)


def test_a_rename_that_changes_nothing_or_has_a_bad_identifier_is_refused(
    workspace: Workspace, actor: Actor
) -> None:
    current = office_identities(workspace, actor).identities[0]
    with pytest.raises(ValidationError, match="không khác"):
        rename_office(workspace, actor, replace(current, valid_from=date(2026, 1, 1)))
    with pytest.raises(ValidationError):
        rename_office(workspace, actor, replace(MERGED, agency_id="H27"))


def test_only_an_administrator_renames_the_office(
    workspace: Workspace, actor: Actor, officer: OfficerInfo
) -> None:
    from desk_app.core.roles import Role

    clerk = replace(actor, officer=replace(officer, role=Role.OFFICER))
    with pytest.raises(NotPermitted):
        rename_office(workspace, clerk, MERGED)


def test_the_identity_in_force_is_the_latest_started_and_the_first_covers_earlier_days() -> None:
    first = replace(MERGED, valid_from=date(2020, 1, 1), name="UBND phường Cũ")
    identities = (MERGED, first)
    assert identity_on(identities, date(2019, 5, 1)) == first
    assert identity_on(identities, date(2025, 7, 15)) == first
    assert identity_on(identities, date(2025, 7, 16)) == MERGED


def test_the_centres_name_is_made_from_the_wards() -> None:
    assert (
        default_reception_unit("UBND phường Thanh Xuân")
        == "Trung tâm Phục vụ hành chính công phường Thanh Xuân"
    )
    assert (
        default_reception_unit("Ủy ban nhân dân xã Đông Anh")
        == "Trung tâm Phục vụ hành chính công xã Đông Anh"
    )
