"""``desk-app office show|rename`` on a copy of the set-up workstation, through ``main``."""

from __future__ import annotations

import json

import pytest

from tests.cli.conftest import cli

pytestmark = pytest.mark.usefixtures("home")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    shown = cli(capsys, *argv)
    return shown.code, shown.out, shown.err


def test_a_rename_from_a_date_is_shown_beside_the_earlier_name(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(
        capsys,
        "office", "rename", "--from", "2026-01-01",
        "--name", "UBND phường Thanh Xuân",
        "--reception-unit", "Trung tâm Phục vụ hành chính công phường Thanh Xuân",
    )  # fmt: skip
    assert code == 0, err
    assert out.strip() == (
        "Từ ngày 01/01/2026, cơ quan mang tên: UBND phường Thanh Xuân (Trung tâm Phục vụ hành "
        "chính công phường Thanh Xuân), mã định danh 000.00.19.H26."
    )
    code, out, _ = run(capsys, "office", "show", "--json")
    identities = json.loads(out)["identities"]
    assert [(i["valid_from"], i["name"]) for i in identities] == [
        ("2025-07-15", "UBND phường Thanh Xuân Trung"),
        ("2026-01-01", "UBND phường Thanh Xuân"),
    ]
    assert identities[1]["place"] == "Hà Nội"  # what was not given is kept


def test_a_bad_date_or_identifier_is_refused_in_plain_words(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(capsys, "office", "rename", "--from", "01/01/2026", "--name", "X")
    assert code == 1 and "không đúng dạng YYYY-MM-DD" in err
    code, _, err = run(capsys, "office", "rename", "--from", "2026-01-01", "--agency-id", "H26")
    assert code == 1 and "Traceback" not in err and err.strip()
    code, out, _ = run(capsys, "office", "show")
    assert out.count("Từ ") == 1  # nothing was added
