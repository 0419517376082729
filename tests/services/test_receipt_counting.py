"""A print counts only when it produced a document, and a receipt file is never left half
written: the first receipt a citizen holds is never marked as a reprint."""

from __future__ import annotations

import errno
import os
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from desk_app.files import write_atomically
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import get_dossier
from desk_app.services.intake import take_in
from desk_app.services.receipts import count_receipt_print, render_receipt_of, save_receipt
from tests.factories import intake_request


def _text(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_rendering_alone_counts_nothing(workspace: Workspace, actor: Actor) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    for _ in range(3):  # three previews closed without printing
        receipt = render_receipt_of(workspace, actor, record.code)
        assert receipt.print_number == 1
        assert "BẢN IN LẠI" not in _text(receipt.pdf)
    assert get_dossier(workspace, actor, record.code).receipt_prints == 0
    assert count_receipt_print(workspace, actor, record.code) == 1
    assert "BẢN IN LẠI LẦN 1" in _text(render_receipt_of(workspace, actor, record.code).pdf)


def test_a_receipt_that_could_not_be_written_counts_nothing(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    record = take_in(workspace, actor, intake_request("1.001193", "Nguyễn Văn An"))
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    with pytest.raises(OSError):
        save_receipt(workspace, actor, record.code, blocked / "receipt.pdf")
    assert get_dossier(workspace, actor, record.code).receipt_prints == 0
    out = tmp_path / "receipt.pdf"
    printed = save_receipt(workspace, actor, record.code, out)
    assert printed.print_number == 1 and out.read_bytes() == printed.pdf
    assert "BẢN IN LẠI" not in _text(out.read_bytes())
    assert get_dossier(workspace, actor, record.code).receipt_prints == 1


def test_a_full_disk_leaves_the_previous_file_intact_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "receipt.pdf"
    target.write_bytes(b"%PDF the receipt printed yesterday")

    # A full disk cannot be made on a test machine without privileges: the disk's answer to
    # the flush (ENOSPC) is injected where the operating system would give it.
    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError) as failure:
        write_atomically(target, b"%PDF today's receipt" * 1000)
    assert failure.value.errno == errno.ENOSPC
    assert target.read_bytes() == b"%PDF the receipt printed yesterday"
    assert [p.name for p in tmp_path.iterdir()] == ["receipt.pdf"]
