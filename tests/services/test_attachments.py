"""Scans of a dossier: stored once by content, checked on the way in, verified on the way out,
each attach and removal audited, the digitisation status, and the watched scanner folder."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from desk_app.core.errors import ValidationError
from desk_app.core.lifecycle import DossierState
from desk_app.services import attachments as att
from desk_app.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    AlreadyAttached,
    AttachmentDamaged,
    AttachmentNotFound,
    AttachmentRefused,
    NoSuchComponent,
    ShownOnly,
    attach_bytes,
    attach_file,
    check_file,
    check_files,
    detach_file,
    list_files,
    read_attachment,
    stored_path,
    take_from_folder,
)
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord
from desk_app.services.intake import take_in
from desk_app.store.local import OutboxEvent
from desk_app.store.models import Attachment, AuditEntry, Dossier
from desk_app.sync.events import AttachmentAdded
from tests.factories import intake_request
from tests.scan_files import jpeg_bytes, pdf_bytes, png_bytes, tiff_bytes

BIRTH = "1.001193"  # components 1, 2 required and submitted; 3-5 optional; 6, 7 only shown


@pytest.fixture
def dossier(workspace: Workspace, actor: Actor) -> DossierRecord:
    return take_in(workspace, actor, intake_request(BIRTH, "Nguyễn Văn Đức"))


def _stored_files(workspace: Workspace) -> list[Path]:
    assert workspace.home is not None
    folder = workspace.home / att.STORE_FOLDER
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_a_scan_is_stored_by_its_hash_and_recorded_with_its_event(
    workspace: Workspace, actor: Actor, dossier: DossierRecord, tmp_path: Path
) -> None:
    scan = tmp_path / "To khai.pdf"
    scan.write_bytes(pdf_bytes(pages=3))
    record = attach_file(workspace, actor, dossier.code, scan, component=1)
    assert (record.media_type, record.pages, record.component_position) == ("application/pdf", 3, 1)
    assert record.component_name == "Tờ khai đăng ký khai sinh theo mẫu"
    assert record.file_name == "To khai.pdf" and record.officer_name == "Phạm Thị Hồng"
    path = stored_path(workspace, record.sha256)
    assert path.read_bytes() == scan.read_bytes()
    assert path.relative_to(workspace.home or Path()).parts[:2] == (
        "attachments",
        record.sha256[:2],
    )
    with workspace.db.read() as session:
        audit = session.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        outbox = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq.desc())).first()
    assert audit is not None and audit.action == "attachment.added"
    assert audit.entity_id == dossier.code
    assert outbox is not None and outbox.kind == "attachment.added"
    event = AttachmentAdded.model_validate(json.loads(outbox.payload))
    assert (event.sha256, event.size_bytes, event.pages) == (record.sha256, record.size_bytes, 3)
    assert "data" not in outbox.payload.lower().replace("metadata", "")  # no file content


def test_the_same_bytes_are_stored_once_and_refused_twice_on_one_dossier(
    workspace: Workspace, actor: Actor, dossier: DossierRecord
) -> None:
    other = take_in(workspace, actor, intake_request(BIRTH, "Lê Thị Mai"))
    data = png_bytes()
    first = attach_bytes(workspace, actor, dossier.code, "a.png", data, component=2)
    with pytest.raises(AlreadyAttached) as refused:
        attach_bytes(workspace, actor, dossier.code, "copy of a.png", data, component=3)
    assert dossier.code in str(refused.value) and "thành phần số 2" in str(refused.value)
    again = attach_bytes(workspace, actor, other.code, "b.png", data, component=1)
    assert again.sha256 == first.sha256
    assert _stored_files(workspace) == [stored_path(workspace, first.sha256)]  # one copy
    assert len(list_files(workspace, actor, dossier.code).attachments) == 1


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("giay-chung-sinh.pdf", png_bytes(), "là tệp PDF nhưng nội dung là tệp PNG"),
        ("anh.jpg", pdf_bytes(), "là tệp JPEG nhưng nội dung là tệp PDF"),
        ("scan.png", b"hello, not an image at all", "nội dung không phải PNG"),
        ("scan.docx", pdf_bytes(), "tệp này có đuôi “.docx”"),
        ("scan", pdf_bytes(), "tệp này có đuôi “-”"),
        ("empty.pdf", b"", "Tệp rỗng"),
        ("broken.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "bị hỏng"),
        ("broken.tif", b"II*\x00\xff\xff\xff\x00", "bị hỏng"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_stored(
    workspace: Workspace,
    actor: Actor,
    dossier: DossierRecord,
    name: str,
    data: bytes,
    words: str,
) -> None:
    with pytest.raises(AttachmentRefused) as refused:
        attach_bytes(workspace, actor, dossier.code, name, data, component=1)
    assert words in str(refused.value)
    assert refused.value.field == "file"
    assert _stored_files(workspace) == []
    assert list_files(workspace, actor, dossier.code).attachments == ()


def test_a_huge_file_is_refused_before_it_is_read(
    workspace: Workspace, actor: Actor, dossier: DossierRecord, tmp_path: Path
) -> None:
    huge = tmp_path / "huge.tif"
    with huge.open("wb") as stream:  # sparse: the size without the disk space
        stream.write(b"II*\x00")
        stream.truncate(MAX_ATTACHMENT_BYTES + 1)
    with pytest.raises(AttachmentRefused) as refused:
        attach_file(workspace, actor, dossier.code, huge, component=1)
    assert "quá giới hạn 50 MB" in str(refused.value)
    assert _stored_files(workspace) == []


def test_a_missing_or_unreadable_path_is_refused_plainly(
    workspace: Workspace, actor: Actor, dossier: DossierRecord, tmp_path: Path
) -> None:
    with pytest.raises(AttachmentRefused, match="không phải là một tệp"):
        attach_file(workspace, actor, dossier.code, tmp_path / "nowhere.pdf", component=1)
    with pytest.raises(AttachmentRefused, match="không phải là một tệp"):
        attach_file(workspace, actor, dossier.code, tmp_path, component=1)
    if os.name == "posix" and os.geteuid() != 0:
        locked = tmp_path / "locked.pdf"
        locked.write_bytes(pdf_bytes())
        locked.chmod(0)
        with pytest.raises(AttachmentRefused, match="Không đọc được tệp"):
            attach_file(workspace, actor, dossier.code, locked, component=1)


def test_page_counts_of_each_type() -> None:
    assert check_file("a.pdf", pdf_bytes(pages=5)).pages == 5
    assert check_file("a.tiff", tiff_bytes(pages=3)).pages == 3
    assert check_file("a.TIF", tiff_bytes(pages=1)).pages == 1
    assert check_file("a.jpeg", jpeg_bytes()).pages == 1
    assert check_file("a.png", png_bytes()).media_type == "image/png"


def test_a_password_protected_pdf_is_refused() -> None:
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(pdf_bytes(2))))
    writer.encrypt("bi-mat")
    locked = io.BytesIO()
    writer.write(locked)
    with pytest.raises(AttachmentRefused, match="có mật khẩu"):
        check_file("locked.pdf", locked.getvalue())


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600), st.sampled_from(sorted(att.EXTENSIONS)))
def test_any_bytes_are_accepted_as_their_type_or_refused_plainly(
    data: bytes, extension: str
) -> None:
    """Never a crash: garbage, truncated headers and TIFF loops all end in a plain refusal."""
    for body in (data, b"%PDF-1.4\n" + data, b"II*\x00" + data, b"MM\x00*" + data):
        try:
            scanned = check_file(f"x{extension}", body)
        except AttachmentRefused:
            continue
        assert scanned.media_type == att.EXTENSIONS[extension]


def test_the_target_must_be_a_submitted_component_of_the_dossier(
    workspace: Workspace, actor: Actor, dossier: DossierRecord
) -> None:
    with pytest.raises(NoSuchComponent) as missing:
        attach_bytes(workspace, actor, dossier.code, "a.png", png_bytes(), component=9)
    assert "không có thành phần số 9; các thành phần: 1, 2, 3, 4, 5, 6, 7" in str(missing.value)
    with pytest.raises(ShownOnly, match="chỉ xuất trình để đối chiếu"):
        attach_bytes(workspace, actor, dossier.code, "cccd.jpg", jpeg_bytes(), component=6)
    assert _stored_files(workspace) == []


def test_tampered_or_missing_stored_files_are_reported_and_never_shown(
    workspace: Workspace, actor: Actor, dossier: DossierRecord
) -> None:
    kept = attach_bytes(workspace, actor, dossier.code, "a.pdf", pdf_bytes(1), component=1)
    altered = attach_bytes(workspace, actor, dossier.code, "b.pdf", pdf_bytes(2), component=2)
    lost = attach_bytes(workspace, actor, dossier.code, "kq.png", png_bytes("red"), component=None)
    assert check_files(workspace, actor, dossier.code).intact
    path = stored_path(workspace, altered.sha256)
    tampered = bytearray(path.read_bytes())
    tampered[len(tampered) // 2] ^= 0xFF  # one byte changed on the disk
    path.write_bytes(bytes(tampered))
    stored_path(workspace, lost.sha256).unlink()
    report = check_files(workspace, actor, dossier.code)
    assert report.checked == 3 and not report.intact
    assert [(p.attachment.sha256, p.problem) for p in report.problems] == [
        (altered.sha256, "altered"),
        (lost.sha256, "missing"),
    ]
    assert "đã bị thay đổi sau khi đính kèm" in report.problems[0].message.render()
    assert "không còn trong thư mục dữ liệu" in report.problems[1].message.render()
    assert read_attachment(workspace, actor, dossier.code, kept.sha256[:10]) == pdf_bytes(1)
    with pytest.raises(AttachmentDamaged, match="đã bị thay đổi"):
        read_attachment(workspace, actor, dossier.code, altered.sha256)
    # Attaching the true bytes again elsewhere mends the stored copy.
    other = take_in(workspace, actor, intake_request(BIRTH, "Lê Thị Mai"))
    attach_bytes(workspace, actor, other.code, "b.pdf", pdf_bytes(2), component=1)
    assert read_attachment(workspace, actor, dossier.code, altered.sha256) == pdf_bytes(2)


def test_digitised_once_every_needed_component_and_the_result_have_a_scan(
    workspace: Workspace, actor: Actor, dossier: DossierRecord
) -> None:
    status = list_files(workspace, actor, dossier.code).status
    assert [c.position for c in status.components] == [1, 2, 3, 4, 5]  # shown papers left out
    assert status.missing == (1, 2) and not status.digitised
    attach_bytes(workspace, actor, dossier.code, "1.pdf", pdf_bytes(1, "a"), component=1)
    attach_bytes(workspace, actor, dossier.code, "2.pdf", pdf_bytes(1, "b"), component=2)
    status = list_files(workspace, actor, dossier.code).status
    assert status.missing == () and status.digitised  # no result yet: nothing more is due
    with workspace.db.write() as session:  # the result recorded (the lifecycle's act)
        row = session.scalars(select(Dossier).where(Dossier.code == dossier.code)).one()
        row.state = DossierState.RESULT_READY
    status = list_files(workspace, actor, dossier.code).status
    assert status.result_needed and not status.digitised
    attach_bytes(workspace, actor, dossier.code, "kq.pdf", pdf_bytes(1, "kq"), component=None)
    files = list_files(workspace, actor, dossier.code)
    assert files.status.digitised
    assert [a.component_position for a in files.attachments] == [1, 2, None]
    assert files.to_json()["status"]["digitised"] is True  # type: ignore[index]


def test_detaching_removes_the_row_and_the_bytes_no_one_else_uses(
    workspace: Workspace, actor: Actor, dossier: DossierRecord
) -> None:
    other = take_in(workspace, actor, intake_request(BIRTH, "Lê Thị Mai"))
    shared = png_bytes("gray")
    a = attach_bytes(workspace, actor, dossier.code, "a.png", shared, component=1)
    attach_bytes(workspace, actor, other.code, "a.png", shared, component=1)
    detach_file(workspace, actor, dossier.code, a.sha256[:8])
    assert stored_path(workspace, a.sha256).is_file()  # the other dossier still uses it
    detach_file(workspace, actor, other.code, a.sha256)
    assert not stored_path(workspace, a.sha256).exists()
    with pytest.raises(AttachmentNotFound):
        detach_file(workspace, actor, other.code, a.sha256)
    with workspace.db.read() as session:
        kinds = session.scalars(select(OutboxEvent.kind).order_by(OutboxEvent.seq)).all()
        assert session.scalars(select(Attachment)).all() == []
    assert kinds[-4:] == ["attachment.added"] * 2 + ["attachment.removed"] * 2


def _aged(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def test_the_scanner_folder_moves_files_only_once_attached(
    workspace: Workspace, actor: Actor, dossier: DossierRecord, tmp_path: Path
) -> None:
    folder = tmp_path / "scanner"
    folder.mkdir()
    _aged(folder / "001.pdf", pdf_bytes(2, "one"))
    _aged(folder / "002.jpg", png_bytes())  # named JPEG, is a PNG
    _aged(folder / "Thumbs.db", b"system")
    (folder / "003.pdf").write_bytes(pdf_bytes(1, "fresh"))  # still being written
    _aged(folder / "004.pdf.part", b"%PDF-")
    intake = take_from_folder(workspace, actor, dossier.code, folder, component=1)
    assert [f.name for f in intake.attached] == ["001.pdf"]
    assert [f.name for f in intake.refused] == ["002.jpg"]
    assert intake.refused[0].refusal is not None
    assert "nội dung là tệp PNG" in intake.refused[0].refusal.render()
    assert (folder / "done" / "001.pdf").is_file() and (folder / "refused" / "002.jpg").is_file()
    assert sorted(p.name for p in folder.iterdir() if p.is_file()) == [
        "003.pdf",
        "004.pdf.part",
        "Thumbs.db",
    ]
    # A copy of a file already attached (a pass cut off before its move) is taken as done,
    # beside the first under a new name.
    _aged(folder / "001.pdf", pdf_bytes(2, "one"))
    again = take_from_folder(workspace, actor, dossier.code, folder, component=1, settle_seconds=0)
    assert [f.name for f in again.already_attached] == ["001.pdf"]
    assert [f.name for f in again.attached] == ["003.pdf"]
    assert (folder / "done" / "001 (2).pdf").is_file()
    assert len(list_files(workspace, actor, dossier.code).attachments) == 2


def test_a_scanner_folder_that_is_not_there_is_said_plainly(
    workspace: Workspace, actor: Actor, dossier: DossierRecord, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError, match="Không đọc được tệp"):
        take_from_folder(workspace, actor, dossier.code, tmp_path / "none", component=1)
