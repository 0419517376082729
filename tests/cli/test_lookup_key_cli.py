"""The receipt's lookup key (issue 11) through ``main`` on a copy of the set-up workstation:
made at intake, shown by ``dossier show --json``, printed on the receipt as "Mã tra cứu" and
carried by the QR's link, read back with pdftotext and zbarimg as a citizen's phone would."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from desk_app.core.codes import is_lookup_key
from desk_app.printing.document_qr import DocumentQr
from tests.cli.conftest import cli

pytestmark = pytest.mark.usefixtures("home")  # the template's administrator logged in

BIRTH = "1.001193"
TOOLS = {"pdftoppm": "poppler-utils", "zbarimg": "zbar-tools", "pdftotext": "poppler-utils"}


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> Any:
    run = cli(capsys, *argv, "--json")
    assert run.code == 0, run.err
    return json.loads(run.out)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install the Debian package {TOOLS[name]}")
    return path


def _receipt(capsys: pytest.CaptureFixture[str], tmp_path: Path, code: str) -> Path:
    pdf = tmp_path / "receipt.pdf"
    run = cli(capsys, "receipt", code, "--out", str(pdf))
    assert run.code == 0, run.err
    return pdf


def _text(pdf: Path) -> str:
    done = subprocess.run(
        [tool("pdftotext"), "-layout", str(pdf), "-"], capture_output=True, check=True
    )
    return done.stdout.decode("utf-8")


def _qr_codes(pdf: Path, tmp_path: Path) -> list[str]:
    """The QR symbols zbarimg reads on page 1 rasterised at 200 dpi."""
    image = tmp_path / "page1"
    command = [tool("pdftoppm"), "-r", "200", "-png", "-singlefile", "-f", "1", "-l", "1"]
    subprocess.run([*command, str(pdf), str(image)], check=True)
    done = subprocess.run(
        [tool("zbarimg"), "-q", str(image.with_suffix(".png"))], capture_output=True, check=False
    )
    return [
        value
        for kind, _, value in (line.partition(":") for line in done.stdout.decode().splitlines())
        if kind == "QR-Code"
    ]


def _set_lookup_url(capsys: pytest.CaptureFixture[str], url: str) -> None:
    run = cli(capsys, "office", "rules", "set", "--lookup-url", url)
    assert run.code == 0, run.err


def test_the_key_is_made_at_intake_and_shown_with_the_dossier(
    capsys: pytest.CaptureFixture[str],
) -> None:
    first = ok(capsys, "intake", "--procedure", BIRTH, "--name", "Nguyễn Văn An")
    second = ok(capsys, "intake", "--procedure", BIRTH, "--name", "Trần Thị Bình")
    shown = ok(capsys, "dossier", "show", first["code"])
    assert shown["lookup_key"] == first["lookup_key"]
    assert is_lookup_key(shown["lookup_key"])
    assert first["lookup_key"] != second["lookup_key"]  # random: a collision is 1 in 8.9e8


def test_the_receipt_prints_the_key_and_its_qr_links_to_the_lookup_with_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _set_lookup_url(capsys, "https://tracuu.example.vn/tra-cuu/{code}")
    dossier = ok(capsys, "intake", "--procedure", BIRTH, "--name", "Lê Thị Cúc")
    code, key = dossier["code"], dossier["lookup_key"]
    pdf = _receipt(capsys, tmp_path, code)
    text = _text(pdf)
    assert f"Mã tra cứu: {key}" in text
    assert text.count(f"Mã tra cứu: {key}") == 2  # both copies
    payloads = _qr_codes(pdf, tmp_path)
    assert payloads, "no QR read on the receipt's first page"
    url = DocumentQr.parse(payloads[0]).lookup_url
    assert url == f"https://tracuu.example.vn/tra-cuu/{code}?key={key}"
    parts = urlsplit(url)
    assert parts.path.endswith(code) and parse_qs(parts.query) == {"key": [key]}


def test_a_template_with_its_own_query_or_key_place_is_filled_properly(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _set_lookup_url(capsys, "https://dvc.example.vn/tra-cuu?ma={code}&kenh=qr")
    dossier = ok(capsys, "intake", "--procedure", BIRTH, "--name", "Phạm Văn Dũng")
    code, key = dossier["code"], dossier["lookup_key"]
    url = DocumentQr.parse(_qr_codes(_receipt(capsys, tmp_path, code), tmp_path)[0]).lookup_url
    assert parse_qs(urlsplit(url).query) == {"ma": [code], "kenh": ["qr"], "key": [key]}

    _set_lookup_url(capsys, "https://dvc.example.vn/hs/{code}/{key}")
    url = DocumentQr.parse(_qr_codes(_receipt(capsys, tmp_path, code), tmp_path)[0]).lookup_url
    assert url == f"https://dvc.example.vn/hs/{code}/{key}"


def test_the_later_forms_qr_links_to_the_lookup_with_the_key_too(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _set_lookup_url(capsys, "https://tracuu.example.vn/tra-cuu/{code}")
    dossier = ok(capsys, "intake", "--procedure", BIRTH, "--name", "Võ Thị Én")
    code, key = dossier["code"], dossier["lookup_key"]
    moved = cli(capsys, "dossier", "transfer", code, "--unit", "Công chức Tư pháp - Hộ tịch")
    assert moved.code == 0, moved.err
    slip = tmp_path / "slip.pdf"
    run = cli(capsys, "dossier", "slip", code, "--out", str(slip))
    assert run.code == 0, run.err
    [payload] = _qr_codes(slip, tmp_path)
    assert DocumentQr.parse(payload).lookup_url == (
        f"https://tracuu.example.vn/tra-cuu/{code}?key={key}"
    )
