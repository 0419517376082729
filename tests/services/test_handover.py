"""The paper folder's hand-over log: scanned codes as a batch, all or nothing, and its list."""

from __future__ import annotations

import json
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from desk_app.core.errors import ValidationError
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.handover import (
    BadScanLine,
    BatchNotFound,
    HandoverItem,
    ScannedTwice,
    get_batch,
    list_handovers,
    read_scanned_code,
    record_handover,
    render_handover_list_of,
)
from desk_app.services.intake import take_in
from desk_app.store.local import OutboxEvent
from desk_app.store.models import FolderHandover
from desk_app.sync.events import FolderHandedOver
from tests.factories import SettableClock, intake_request

BIRTH = "1.001193"
MARRIAGE_STATUS = "1.004873"
NAMES = ("Nguyễn Văn Đức", "Trần Thị Ánh Tuyết", "Lê Hoàng Yến")


@pytest.fixture
def dossiers(workspace: Workspace, actor: Actor) -> list[DossierRecord]:
    return [
        take_in(workspace, actor, intake_request(procedure, name))
        for procedure, name in zip((BIRTH, MARRIAGE_STATUS, BIRTH), NAMES, strict=True)
    ]


def _rows(workspace: Workspace) -> int:
    with workspace.db.read() as session:
        return session.scalar(select(func.count()).select_from(FolderHandover)) or 0


def test_a_batch_of_scanned_codes_is_one_hand_over_with_one_event_each(
    workspace: Workspace, actor: Actor, dossiers: list[DossierRecord]
) -> None:
    # As a handheld scanner types them: lower case, a trailing Enter.
    lines = [f"  {d.code.lower()}\r\n" for d in dossiers]
    items = [HandoverItem(lines[0], 12), HandoverItem(lines[1], 4), HandoverItem(lines[2])]
    batch = record_handover(workspace, actor, items, to_name="Trần Văn  Bình")
    assert batch.from_name == "Phạm Thị Hồng" and batch.to_name == "Trần Văn Bình"
    assert [e.code for e in batch.entries] == sorted(d.code for d in dossiers)
    assert {e.code: e.pages for e in batch.entries} == {
        dossiers[0].code: 12,
        dossiers[1].code: 4,
        dossiers[2].code: 0,  # never counted
    }
    assert get_batch(workspace, actor, str(batch.batch_id)) == batch
    with workspace.db.read() as session:
        payloads = session.scalars(
            select(OutboxEvent.payload).where(OutboxEvent.kind == "folder.handed_over")
        ).all()
    events = [FolderHandedOver.model_validate(json.loads(p)) for p in payloads]
    assert {e.batch_id for e in events} == {batch.batch_id}
    assert all(e.batch_size == 3 and e.seq == 1 for e in events)


def test_the_next_hand_over_follows_the_folder_and_keeps_its_page_count(
    workspace: Workspace, actor: Actor, dossiers: list[DossierRecord], clock: SettableClock
) -> None:
    code = dossiers[0].code
    record_handover(workspace, actor, [HandoverItem(code, 12)], to_name="Trần Văn Bình")
    clock.advance(hours=2)
    record_handover(
        workspace,
        actor,
        [HandoverItem(code)],
        from_name="Trần Văn Bình",
        to_name="Phạm Thị Hồng",
        note="trả lại bộ phận một cửa",
    )
    history = list_handovers(workspace, actor, code)
    assert [(h.seq, h.from_name, h.to_name, h.pages) for h in history] == [
        (1, "Phạm Thị Hồng", "Trần Văn Bình", 12),
        (2, "Trần Văn Bình", "Phạm Thị Hồng", 12),
    ]
    assert (history[1].at - history[0].at).total_seconds() == 2 * 3600
    assert history[0].batch_id != history[1].batch_id
    assert list_handovers(workspace, actor, dossiers[1].code) == []


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("001090123456|012345678|Nguyễn Văn An|01011990", "không phải là mã hồ sơ"),
        ("000.00.19.H26-251340-1001", "không có thật"),
        ("000.00.19.H26-250715-0000", "số thứ tự 0000"),
        ("\x1b[A\x07", "không phải là mã hồ sơ"),
        ("", "không phải là mã hồ sơ"),
    ],
)
def test_a_line_that_is_not_a_code_is_refused_with_its_number_and_nothing_is_recorded(
    workspace: Workspace,
    actor: Actor,
    dossiers: list[DossierRecord],
    line: str,
    words: str,
) -> None:
    items = [HandoverItem(dossiers[0].code), HandoverItem(line)]
    with pytest.raises(BadScanLine) as refused:
        record_handover(workspace, actor, items, to_name="Trần Văn Bình")
    text = str(refused.value)
    assert text.startswith("Dòng 2: ") and words in text
    assert "\x1b" not in text and "\x07" not in text
    assert _rows(workspace) == 0


def test_a_code_of_no_dossier_here_twice_scanned_or_names_wrong_records_nothing(
    workspace: Workspace, actor: Actor, dossiers: list[DossierRecord]
) -> None:
    first = HandoverItem(dossiers[0].code)
    unknown = HandoverItem("000.00.19.H26-250715-1999")
    with pytest.raises(BadScanLine, match="Dòng 2: Không tìm thấy hồ sơ có mã"):
        record_handover(workspace, actor, [first, unknown], to_name="Trần Văn Bình")
    with pytest.raises(ScannedTwice, match=r"dòng 1 và dòng 3"):
        record_handover(
            workspace,
            actor,
            [first, HandoverItem(dossiers[1].code), HandoverItem(dossiers[0].code.lower())],
            to_name="Trần Văn Bình",
        )
    with pytest.raises(ValidationError, match="Hãy ghi họ tên người nhận"):
        record_handover(workspace, actor, [first], to_name="   ")
    with pytest.raises(ValidationError, match="trùng nhau"):
        record_handover(workspace, actor, [first], to_name="phạm thị hồng")
    with pytest.raises(ValidationError, match="Số trang phải từ 0"):
        record_handover(workspace, actor, [HandoverItem(first.line, -1)], to_name="Bình")
    with pytest.raises(ValidationError, match="Chưa có mã hồ sơ nào"):
        record_handover(workspace, actor, [], to_name="Trần Văn Bình")
    with pytest.raises(BatchNotFound):
        get_batch(workspace, actor, "not-a-batch")
    assert _rows(workspace) == 0


def test_read_scanned_code_gives_the_code_as_printed() -> None:
    assert read_scanned_code(" 000.00.19.h26-250715-1001\n") == "000.00.19.H26-250715-1001"


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_hand_over_list_prints_every_folder_and_both_signatures(
    workspace: Workspace, actor: Actor, dossiers: list[DossierRecord], tmp_path: Path
) -> None:
    items = [HandoverItem(d.code, pages) for d, pages in zip(dossiers, (12, 4, 7), strict=True)]
    batch = record_handover(workspace, actor, items, to_name="Trần Văn Bình")
    pdf = render_handover_list_of(workspace, actor, batch.batch_id)
    reader = PdfReader(BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 portrait
    text = _text(pdf)
    for expected in (
        "DANH SÁCH BÀN GIAO HỒ SƠ GIẤY",
        f"Số: {batch.label}",
        "Bên giao: Phạm Thị Hồng",
        "Bên nhận: Trần Văn Bình",
        "NGƯỜI GIAO",
        "NGƯỜI NHẬN",
        "Tổng cộng: 03 hồ sơ, 23 trang.",
        "Hà Nội, ngày 15 tháng 7 năm 2025",
    ):
        assert expected in text, expected
    compact = "".join(text.split())  # names wrap inside their cells
    for value in (*NAMES, *(d.code for d in dossiers), "Cấp Giấy xác nhận tình trạng hôn nhân"):
        assert "".join(value.split()) in compact, value
    if shutil.which("pdftotext"):  # poppler reads it the same way (Vietnamese text extractable)
        out = tmp_path / "list.pdf"
        out.write_bytes(pdf)
        poppler = subprocess.run(
            ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Lê Hoàng Yến" in poppler and "NGƯỜI NHẬN" in poppler


def test_a_long_batch_runs_onto_more_pages_with_its_header_row_repeated(
    workspace: Workspace, actor: Actor
) -> None:
    codes = [
        take_in(workspace, actor, intake_request(BIRTH, f"Nguyễn Thị Thu Hương {n}")).code
        for n in range(45)
    ]
    batch = record_handover(
        workspace, actor, [HandoverItem(c) for c in codes], to_name="Trần Văn Bình"
    )
    pdf = render_handover_list_of(workspace, actor, batch.batch_id)
    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) >= 2
    second = pages[1].extract_text()
    assert "Mã hồ sơ" in second and "(tiếp theo)" in second and "Trang 2/" in second
    assert "Tổng cộng: 45 hồ sơ." in _text(pdf)  # pages never counted: no page total
