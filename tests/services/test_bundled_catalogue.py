"""The catalogue a new workstation starts with, as a citizen meets it: on the receipt.

Every bundled procedure is taken in and its receipt rendered and read back with pdftotext: no
internal marker ("check"), no source note in the fee line, and no paper that is only shown for
comparison listed under "Thành phần hồ sơ nộp gồm" (reference §11).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from desk_app.core.deadlines import DurationUnit
from desk_app.core.dossier import ComponentKind
from desk_app.core.fees import FeeBasis
from desk_app.services.catalogue_files import ProcedureSpec, bundled_catalogue_path, load_catalogue
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import IntakeRequest, take_in
from desk_app.services.receipts import receipt_pdf
from tests.factories import intake_request

BUNDLED = load_catalogue(bundled_catalogue_path())
BY_CODE = {spec.code: spec for spec in BUNDLED}

requires_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)


def _printed_fields(spec: ProcedureSpec) -> list[str]:
    """What reaches paper or the officer's screen as a fact: never a note or a source."""
    return [spec.name, spec.field, spec.result_name, *(part.name for part in spec.components)]


def pdftotext(pdf: bytes, folder: Path) -> str:
    source = folder / "receipt.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(source), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8")


def compact(text: str) -> str:
    """No white space at all: names wrap over lines inside table cells and paragraphs."""
    return "".join(text.split())


# --- the data ----------------------------------------------------------------------------------


def test_the_bundled_catalogue_has_at_least_60_procedures_each_with_its_source() -> None:
    assert len(BUNDLED) >= 60
    assert len(BY_CODE) == len(BUNDLED)
    for spec in BUNDLED:
        assert spec.source.strip(), spec.code
        assert spec.legal_basis.strip(), spec.code


@pytest.mark.parametrize("spec", BUNDLED, ids=lambda s: s.code)
def test_no_printed_field_carries_an_unverified_mark_or_the_wrong_15_00_citation(
    spec: ProcedureSpec,
) -> None:
    for text in _printed_fields(spec):
        assert "(check)" not in text, (spec.code, text)
        assert "check" not in text.lower(), (spec.code, text)
        assert "Điều 16" not in text, (spec.code, text)
    # The 15:00 rule is Luật Hộ tịch art. 5(3) / Decree 23/2015 art. 7, never Luật Hộ tịch art. 16.
    for note in (spec.duration_note, spec.source, spec.fee_note):
        assert "Luật Hộ tịch Điều 16" not in note, spec.code


def test_the_stop_processing_act_is_not_a_procedure() -> None:
    assert "1.010010" not in BY_CODE


def test_the_corrections_of_the_2026_review_are_in_the_data() -> None:
    residence = BY_CODE["1.010041"]
    assert (residence.duration.unit, residence.duration.value) == (DurationUnit.WORKING_DAYS, 1)
    assert "03 ngày làm việc" in residence.duration_note

    transaction = BY_CODE["2.001035"]
    identity = [p for p in transaction.components if "tùy thân" in p.name]
    assert identity and all(p.kind is ComponentKind.SHOWN for p in identity)
    assert "280/2025/NĐ-CP" in transaction.legal_basis

    assert BY_CODE["2.000908"].fee_rule().exempt

    extract = BY_CODE["2.000635"]
    assert extract.name == "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"
    assert extract.fee.basis is FeeBasis.PER_COPY and extract.fee.amount_vnd == 8000
    assert "281/2016/TT-BTC" in extract.legal_basis

    for code in ("2.001008", "2.000992"):
        assert str(BY_CODE[code].effective_from) == "2025-07-01", code
    for code in ("1.001193", "1.000894", "1.000656", "2.000635"):
        basis = BY_CODE[code].legal_basis
        for text in ("18/2026/NĐ-CP", "08/2025/TT-BTP", "66.7/2025/NQ-CP"):
            assert text in basis, (code, text)


def test_identity_papers_and_originals_are_shown_not_filed_in_every_procedure() -> None:
    shown_like = re.compile(r"^(Giấy tờ tùy thân|Giấy tờ chứng minh nơi cư trú|Bản chính giấy tờ)")
    for spec in BUNDLED:
        for part in spec.components:
            if shown_like.match(part.name):
                assert part.kind is ComponentKind.SHOWN, (spec.code, part.name)
            if part.kind is ComponentKind.SHOWN:
                assert part.copy_count == 0, (spec.code, part.name)  # nothing is left behind


def test_the_certified_copy_fee_is_the_circulars_scale() -> None:
    rule = BY_CODE["2.000815"].fee_rule()
    assert rule.basis is FeeBasis.PER_PAGE
    # Thông tư 226/2016/TT-BTC: 2,000 đ/page, from page 3 1,000 đ/page, at most 200,000 đ/copy.
    assert [rule.due(pages=p, copies=2) for p in (1, 2, 3, 250)] == [4000, 8000, 10000, 400000]


# --- the receipts ------------------------------------------------------------------------------


def _request_for(spec: ProcedureSpec, name: str) -> IntakeRequest:
    rule = spec.fee_rule()
    return intake_request(
        spec.code,
        name,
        pages=3 if rule.needs_pages else None,
        copies=2 if rule.needs_copies else None,
    )


@requires_pdftotext
def test_every_bundled_procedure_prints_a_receipt_without_internal_notes_or_shown_papers_filed(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    for spec in BUNDLED:
        record = take_in(workspace, actor, _request_for(spec, "Nguyễn Văn Bình"))
        text = pdftotext(receipt_pdf(workspace, actor, record.code), tmp_path)
        flat = compact(text)
        assert "check" not in text.lower(), spec.code
        assert compact(spec.name)[:60] in flat, spec.code

        fee_lines = re.findall(r"Phí,lệphí(?:\(nếucó\))?:(.*?)VàoSổ", flat)
        assert fee_lines, spec.code
        for fee in fee_lines:
            for note in ("Thôngtư", "Nghịđịnh", "Luật", "Điều", "check"):
                assert note not in fee, (spec.code, fee)

        sections = re.findall(
            r"1\.Thànhphầnhồsơnộpgồm:(.*?)(?:Giấytờxuấttrìnhđểđốichiếu|2\.Sốlượnghồsơ)", flat
        )
        assert len(sections) == 2, spec.code  # one per copy of the receipt
        shown = [p for p in spec.components if p.kind is ComponentKind.SHOWN]
        for section in sections:
            for part in shown:
                assert compact(part.name) not in section, (spec.code, part.name)
        shown_lines = re.findall(
            r"Giấytờxuấttrìnhđểđốichiếu\(khôngnộplại\):(.*?)2\.Sốlượnghồsơ", flat
        )
        for part in shown:
            if part.required:
                assert all(compact(part.name) in line for line in shown_lines), (
                    spec.code,
                    part.name,
                )
                assert len(shown_lines) == 2, spec.code


@requires_pdftotext
@pytest.mark.parametrize(
    ("pages", "printed"),
    [(1, "4.000 đồng"), (2, "8.000 đồng"), (3, "10.000 đồng"), (250, "400.000 đồng")],
)
def test_the_certified_copy_receipt_prints_the_amount_for_the_pages_and_copies(
    workspace: Workspace, actor: Actor, tmp_path: Path, pages: int, printed: str
) -> None:
    request = intake_request("2.000815", "Trần Thị Mai", pages=pages, copies=2)
    record = take_in(workspace, actor, request)
    assert record.fee_text == printed
    text = pdftotext(receipt_pdf(workspace, actor, record.code), tmp_path)
    assert compact(printed) in compact(text)


@requires_pdftotext
def test_a_province_set_fee_prints_neutrally_until_the_officer_types_it(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    assert BY_CODE["1.004873"].fee.basis is FeeBasis.PROVINCE
    unknown = take_in(workspace, actor, intake_request("1.004873", "Lê Văn Hùng"))
    typed = take_in(workspace, actor, intake_request("1.004873", "Lê Văn Hùng", fee_vnd=15000))
    assert unknown.fee_text == "Theo quy định"
    assert typed.fee_text == "15.000 đồng"
    assert "Theoquyđịnh" in compact(
        pdftotext(receipt_pdf(workspace, actor, unknown.code), tmp_path)
    )
