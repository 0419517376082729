"""The catalogue as the officer meets it: type-ahead search, import and export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desk_app.core.text import fold
from desk_app.services.catalogue import ProcedureIndex, export_catalogue, import_catalogue
from desk_app.services.catalogue_files import CatalogueFileError
from desk_app.services.context import Actor, Workspace


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("khai sinh", "Đăng ký khai sinh"),
        ("dang ky ket hon", "Đăng ký kết hôn"),
        ("ĐĂNG KÝ KHAI TỬ", "Đăng ký khai tử"),
        ("tinh trang hon nhan", "Cấp Giấy xác nhận tình trạng hôn nhân"),
        ("1.001193", "Đăng ký khai sinh"),
    ],
)
def test_type_ahead_ignores_diacritics_and_case(
    workspace: Workspace, typed: str, first: str
) -> None:
    hits = ProcedureIndex.load(workspace).search(typed)
    assert hits and hits[0].name == first


def test_type_ahead_needs_every_word(workspace: Workspace) -> None:
    index = ProcedureIndex.load(workspace)
    assert index.search("khai sinh xyz") == []
    hits = index.search("chung thuc", limit=100)
    assert len(hits) >= 5
    for hit in hits:
        words = fold(f"{hit.name} {hit.field}").split()
        assert any(w.startswith("chung") for w in words)
        assert any(w.startswith("thuc") for w in words)


def test_export_then_import_changes_nothing_but_a_bad_file_changes_nothing_either(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    exported = tmp_path / "catalogue.json"
    count = export_catalogue(workspace, exported)
    result = import_catalogue(workspace, actor, exported)
    assert (result.added, result.updated) == (0, count)

    data = json.loads(exported.read_text(encoding="utf-8"))
    data["procedures"][0]["name"] = "Tên mới hợp lệ"
    data["procedures"][1]["duration"]["unit"] = "days"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(CatalogueFileError, match="duration"):
        import_catalogue(workspace, actor, broken)
    assert ProcedureIndex.load(workspace).search("Tên mới hợp lệ") == []


def test_the_database_keeps_every_fee_rule_and_paper_kind_of_the_bundled_file(
    workspace: Workspace, tmp_path: Path
) -> None:
    from desk_app.services.catalogue_files import bundled_catalogue_path, load_catalogue

    exported = tmp_path / "catalogue.json"
    export_catalogue(workspace, exported)
    bundled = {spec.code: spec for spec in load_catalogue(bundled_catalogue_path())}
    stored = {spec.code: spec for spec in load_catalogue(exported)}
    assert stored == bundled  # upsert_specs writes, _spec reads the same columns


def test_importing_a_version_1_file_turns_its_fees_into_rules(
    workspace: Workspace, actor: Actor, tmp_path: Path
) -> None:
    from desk_app.core.dossier import ComponentKind
    from desk_app.core.fees import FeeBasis, FeeRule
    from desk_app.services.catalogue import list_procedures

    exported = tmp_path / "catalogue.json"
    export_catalogue(workspace, exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    old = [p for p in data["procedures"] if p["code"] in ("2.000815", "1.000894", "1.004873")]
    for item, fee_vnd in zip(old, (0, None, 2000), strict=True):
        del item["fee"]
        for part in item["components"]:
            del part["kind"]
        item["fee_vnd"] = fee_vnd
    v1 = tmp_path / "v1.json"
    v1.write_text(
        json.dumps({"format": "desk-app-catalogue", "version": 1, "procedures": old}),
        encoding="utf-8",
    )
    result = import_catalogue(workspace, actor, v1)
    assert (result.added, result.updated) == (0, 3)
    rules = {p.code: p for p in list_procedures(workspace)}
    assert rules["1.000894"].fee_rule == FeeRule(FeeBasis.FIXED, 0)
    assert rules["1.004873"].fee_rule == FeeRule(FeeBasis.PROVINCE)
    assert rules["2.000815"].fee_rule == FeeRule(FeeBasis.FIXED, 2000)
    assert rules["2.000815"].fee_text == "2.000 đồng"
    # A version-1 file knows no kinds: every paper it lists is filed.
    assert all(c.kind is ComponentKind.SUBMITTED for c in rules["2.000815"].components)
