"""`verify_audit`: every edit made behind the app's back is named, and a clean record passes."""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
import sys
from pathlib import Path

import pytest

from desk_app.core.errors import DeskError
from desk_app.core.roles import Role
from desk_app.services.audit import (
    ACCOUNT_ALTERED,
    DIFFERS,
    FOREIGN_ENTRIES,
    GONE,
    HEAD_GONE,
    MAC_FROM_ALTERED,
    NO_EVENT,
    NO_TRIGGER,
    UNREADABLE,
    AuditReport,
    Finding,
    Head,
    audit_head,
    verify_audit,
)
from desk_app.services.audit_key import KEY_FILE, KEY_MISSING
from desk_app.services.auth import login
from desk_app.services.context import Actor, Workspace
from desk_app.services.intake import take_in
from desk_app.services.receipts import count_receipt_print
from desk_app.services.workstation import database_file, open_workstation, station_of
from desk_app.store.audit import entry_hash
from tests.factories import SettableClock, intake_request

BIRTH = "1.001193"
RELEASE_DB = Path(__file__).parents[1] / "store" / "data" / "release-0.1.0.sqlite3"
DROP_TRIGGERS = "DROP TRIGGER audit_entry_no_update; DROP TRIGGER audit_entry_no_delete;"


def _take_in(workspace: Workspace, actor: Actor, count: int) -> list[str]:
    codes = []
    for i in range(count):
        name = f"Nguyễn Văn Thử {i}"
        record = take_in(workspace, actor, intake_request(BIRTH, name, id_number="001090123456"))
        codes.append(record.code)
    return codes


def _sql(workspace: Workspace, script: str) -> None:
    """An edit made with the sqlite3 module, as anyone at the PC could."""
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        connection.executescript(script)
    connection.close()


def _messages(report: AuditReport) -> list[str]:
    return [DeskError(f.msgid, **f.values).message.render() for f in report.findings]


def test_fresh_workstation_verifies_clean_after_intakes_and_prints(
    workspace: Workspace, actor: Actor
) -> None:
    codes = _take_in(workspace, actor, 3)
    count_receipt_print(workspace, actor, codes[0])
    count_receipt_print(workspace, actor, codes[0])
    head = audit_head(workspace)
    report = verify_audit(workspace, head)
    assert report.ok, _messages(report)
    assert head is not None and report.checked == head.seq


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
def test_key_is_readable_by_the_user_only(workspace: Workspace) -> None:
    assert workspace.home is not None and workspace.audit_key is not None
    key = workspace.home / KEY_FILE
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert key.read_bytes() == workspace.audit_key and len(workspace.audit_key) == 32


def test_changed_dossier_row_is_named_by_code_and_field(workspace: Workspace, actor: Actor) -> None:
    codes = _take_in(workspace, actor, 3)
    # Dossier rows have no triggers: an UPDATE goes through, the chain stays intact.
    _sql(
        workspace,
        f"UPDATE dossier SET applicant_name = 'Người Khác', receipt_prints = 5 "
        f"WHERE code = '{codes[1]}';",
    )
    report = verify_audit(workspace)
    assert report.chain.ok and not report.ok
    assert report.findings == (
        Finding(DIFFERS, {"code": codes[1], "fields": "applicant_name, receipt_prints"}),
    )
    text = " ".join(_messages(report))
    assert "Người Khác" not in text and "Nguyễn" not in text and "001090123456" not in text


def test_changed_due_date_and_component_are_named(workspace: Workspace, actor: Actor) -> None:
    (code,) = _take_in(workspace, actor, 1)
    _sql(
        workspace,
        "UPDATE dossier SET due_at = '2025-08-30 10:00:00.000000' WHERE code = '" + code + "';"
        "UPDATE dossier_component SET copy_count = 3 WHERE position = 1;",
    )
    (finding,) = verify_audit(workspace).findings
    assert finding == Finding(DIFFERS, {"code": code, "fields": "components, due_at"}) or (
        finding == Finding(DIFFERS, {"code": code, "fields": "due_at, components"})
    )


def test_deleted_and_added_dossiers_are_named(workspace: Workspace, actor: Actor) -> None:
    codes = _take_in(workspace, actor, 2)
    forged = codes[1][:-4] + "1999"
    _sql(
        workspace,
        f"DELETE FROM dossier_component WHERE dossier_id = "
        f"(SELECT id FROM dossier WHERE code = '{codes[0]}');"
        f"DELETE FROM dossier WHERE code = '{codes[0]}';"
        f"UPDATE dossier SET code = '{forged}' WHERE code = '{codes[1]}';",
    )
    findings = verify_audit(workspace).findings
    assert sorted(findings, key=repr) == sorted(
        [
            Finding(GONE, {"code": codes[0]}),
            Finding(GONE, {"code": codes[1]}),
            Finding(NO_EVENT, {"code": forged}),
        ],
        key=repr,
    )


def test_chain_recomputed_without_the_key_fails(workspace: Workspace, actor: Actor) -> None:
    codes = _take_in(workspace, actor, 3)
    assert workspace.home is not None
    _sql(workspace, DROP_TRIGGERS + f"UPDATE dossier SET fee_text = 'x' WHERE code = '{codes[0]}';")
    # Rewrite every entry's payload and hash with plain SHA-256, as a forger without the key
    # would; the stored MACs are kept (or blanked: both fail).
    with sqlite3.connect(database_file(workspace.home)) as connection:
        rows = connection.execute(
            "SELECT id, seq, workstation_id, at, actor, action, entity, entity_id, payload "
            "FROM audit_entry ORDER BY seq"
        ).fetchall()
        prev = "0" * 64
        for row_id, seq, _station, at, who, action, entity, entity_id, payload in rows:
            if entity_id == codes[0]:
                data = json.loads(payload)
                data["data"]["fee_text"] = "x"
                payload = json.dumps(data, sort_keys=True, separators=(",", ":"))
            fields = {
                "seq": seq,
                "workstation": str(station_of(workspace).workstation.id),
                "at": at.replace(" ", "T") + "Z",
                "actor": who,
                "action": action,
                "entity": entity,
                "entity_id": entity_id,
                "payload": payload,
            }
            digest = entry_hash(fields, prev)
            connection.execute(
                "UPDATE audit_entry SET payload = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (payload, prev, digest, row_id),
            )
            prev = digest
    connection.close()
    report = verify_audit(workspace)
    assert not report.chain.ok
    # Entries left as they were keep their MAC; the first rewritten one has none that fits.
    assert report.chain.first_broken_seq == _seq_of(workspace, codes[0])
    assert "MAC" in report.chain.reason


def test_chain_rehashed_entries_pass_the_hash_check_only_with_the_key(
    workspace: Workspace, actor: Actor
) -> None:
    """The same recomputed chain verifies when hashes alone are checked: only the key tells."""
    _take_in(workspace, actor, 1)
    workspace.audit_key = None
    report = verify_audit(workspace)
    assert report.chain.ok and not report.ok  # the key's absence is itself reported


def test_deleted_last_entries_are_caught_by_an_older_head(
    workspace: Workspace, actor: Actor
) -> None:
    _take_in(workspace, actor, 2)
    head = audit_head(workspace)
    assert head is not None
    _take_in(workspace, actor, 1)
    # The newest dossier and its entry both removed: the chain that is left is intact.
    _sql(
        workspace,
        DROP_TRIGGERS
        + f"DELETE FROM audit_entry WHERE seq >= {head.seq};"
        + "DELETE FROM dossier_component WHERE dossier_id IN (SELECT id FROM dossier "
        "WHERE register_line >= 2); DELETE FROM dossier WHERE register_line >= 2;"
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;"
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;",
    )
    assert verify_audit(workspace).ok  # without an anchor, nothing shows
    report = verify_audit(workspace, head)
    assert report.findings == (Finding(HEAD_GONE, {"seq": head.seq}),)


def test_head_of_another_history_is_reported(workspace: Workspace, actor: Actor) -> None:
    head = audit_head(workspace)
    assert head is not None
    report = verify_audit(workspace, Head(head.seq, "0" * 64))
    assert not report.ok and report.findings[0].values == {"seq": head.seq}


def test_dropped_trigger_is_reported(workspace: Workspace) -> None:
    _sql(workspace, "DROP TRIGGER audit_entry_no_delete;")
    report = verify_audit(workspace)
    assert report.chain.ok
    assert report.findings == (Finding(NO_TRIGGER, {"name": "audit_entry_no_delete"}),)


def _seq_of(workspace: Workspace, code: str) -> int:
    assert workspace.home is not None
    with sqlite3.connect(database_file(workspace.home)) as connection:
        (seq,) = connection.execute(
            "SELECT seq FROM audit_entry WHERE entity_id = ?", (code,)
        ).fetchone()
    connection.close()
    return int(seq)


def test_unparseable_payload_is_named(workspace: Workspace, actor: Actor) -> None:
    code = _take_in(workspace, actor, 2)[0]
    seq = _seq_of(workspace, code)
    _sql(
        workspace,
        DROP_TRIGGERS + f"UPDATE audit_entry SET payload = '{{not json' WHERE seq = {seq};",
    )
    report = verify_audit(workspace)
    assert report.chain.first_broken_seq == seq
    assert Finding(UNREADABLE, {"seq": seq, "action": "dossier.received"}) in report.findings


def test_payload_of_the_wrong_shape_is_named(workspace: Workspace, actor: Actor) -> None:
    (code,) = _take_in(workspace, actor, 1)
    seq = _seq_of(workspace, code)
    _sql(workspace, DROP_TRIGGERS + f"UPDATE audit_entry SET payload = '[1]' WHERE seq = {seq};")
    assert Finding(UNREADABLE, {"seq": seq, "action": "dossier.received"}) in (
        verify_audit(workspace).findings
    )


def test_upgraded_workstation_gets_a_key_and_verifies_clean(
    tmp_path: Path, clock: SettableClock
) -> None:
    home = tmp_path / "old"
    home.mkdir()
    shutil.copyfile(RELEASE_DB, database_file(home))
    with sqlite3.connect(RELEASE_DB) as release:
        (entries,) = release.execute("SELECT count(*) FROM audit_entry").fetchone()
    release.close()
    workspace = open_workstation(home, now=clock)
    try:
        assert (home / KEY_FILE).is_file() and workspace.audit_key is not None
        actor = Actor.at_station(station_of(workspace), login(workspace, "demo", "demo-1234"))
        _take_in(workspace, actor, 2)
        report = verify_audit(workspace, audit_head(workspace))
        assert report.ok, _messages(report)
        with sqlite3.connect(database_file(home)) as connection:
            (mac_from,) = connection.execute(
                "SELECT audit_mac_from_seq FROM local_identity"
            ).fetchone()
            unsigned = connection.execute(
                "SELECT count(*) FROM audit_entry WHERE mac IS NULL"
            ).fetchone()[0]
        connection.close()
        assert mac_from == entries + 1 and unsigned == entries
    finally:
        workspace.close()
    reopened = open_workstation(home, now=clock)  # the key is kept, not made again
    try:
        assert reopened.audit_key == workspace.audit_key
        assert verify_audit(reopened).ok
    finally:
        reopened.close()


def test_lost_key_is_not_replaced_silently(workspace: Workspace, actor: Actor) -> None:
    assert workspace.home is not None
    home = workspace.home
    workspace.close()
    (home / KEY_FILE).unlink()
    reopened = open_workstation(home)
    try:
        assert reopened.audit_key is None and not (home / KEY_FILE).exists()
        assert reopened.notices
        assert not verify_audit(reopened).ok
    finally:
        reopened.close()


def test_an_entry_slipped_under_another_workstations_chain_vouches_for_nothing(
    workspace: Workspace, actor: Actor
) -> None:
    """Rewriting a dossier and 'justifying' it with a forged intake entry filed under a made-up
    workstation (no trigger dropped, no key needed) is still caught."""
    (code,) = _take_in(workspace, actor, 1)
    with sqlite3.connect(database_file(workspace.home)) as db:  # type: ignore[arg-type]
        payload = db.execute(
            "SELECT payload FROM audit_entry WHERE action = 'dossier.received'"
        ).fetchone()[0]
        forged = payload.replace("Nguyễn", "Kẻ Khác")
        db.execute(
            "INSERT INTO audit_entry (id, seq, workstation_id, at, actor, action, entity,"
            " entity_id, payload, prev_hash, hash) VALUES (?, 1, ?,"
            " '2025-07-15 02:00:00.000000', 'quantri', 'dossier.received', 'dossier', ?, ?,"
            " 'x', 'forged-hash')",
            ("0f" * 16, "ff" * 16, code, forged),
        )
        db.execute("UPDATE dossier SET applicant_name = 'Kẻ Khác' WHERE code = ?", (code,))
    report = verify_audit(workspace)
    assert not report.ok
    assert Finding(FOREIGN_ENTRIES, {"count": 1}) in report.findings
    assert any(f.msgid == DIFFERS for f in report.findings)


def _strip_macs_after(workspace: Workspace, seq: int) -> None:
    """Without the key, one can only remove MACs (and try to move where signing starts)."""
    rebuild = (
        "CREATE TABLE copy AS SELECT * FROM audit_entry; DELETE FROM audit_entry; "
        f"UPDATE copy SET mac = NULL WHERE seq >= {seq}; "
        "INSERT INTO audit_entry SELECT * FROM copy; DROP TABLE copy;"
    )
    _sql(
        workspace,
        DROP_TRIGGERS
        + rebuild
        + "UPDATE local_identity SET audit_mac_from_seq = (SELECT max(seq) + 1 FROM audit_entry);",
    )


def test_raising_where_signing_starts_does_not_pass_stripped_macs(
    workspace: Workspace, actor: Actor
) -> None:
    _take_in(workspace, actor, 2)
    _strip_macs_after(workspace, 1)
    report = verify_audit(workspace)
    assert not report.chain.ok and report.first_broken_seq == 1
    assert any(f.msgid == MAC_FROM_ALTERED for f in report.findings)


def test_a_key_deleted_with_its_start_is_not_made_again(workspace: Workspace, actor: Actor) -> None:
    """Deleting audit.key and nulling the start once made a fresh key at the next open: keys
    are now made only at set-up or when data from before keys is upgraded."""
    assert workspace.home is not None
    home = workspace.home
    _take_in(workspace, actor, 1)
    workspace.close()
    (home / KEY_FILE).unlink()
    with sqlite3.connect(database_file(home)) as db:
        db.execute("UPDATE local_identity SET audit_mac_from_seq = NULL, audit_mac_seal = NULL")
    db.close()
    reopened = open_workstation(home)
    try:
        assert reopened.audit_key is None and not (home / KEY_FILE).exists()
        assert KEY_MISSING in reopened.notices
        assert not verify_audit(reopened).ok
    finally:
        reopened.close()


def test_an_account_changed_with_another_tool_is_named(workspace: Workspace, actor: Actor) -> None:
    from desk_app.services.users import add_officer

    add_officer(workspace, actor, "quay1", Role.OFFICER, "Lê Văn Quầy", "quay-so-mot-2025")
    assert verify_audit(workspace).ok
    _sql(workspace, "UPDATE officer SET role = 'admin' WHERE username = 'quay1';")
    report = verify_audit(workspace)
    assert report.findings == (Finding(ACCOUNT_ALTERED, {"username": "quay1"}),)
    _sql(
        workspace,
        "UPDATE officer SET role = 'officer', password_hash = "
        "(SELECT password_hash FROM officer WHERE username = 'quantri') "
        "WHERE username = 'quay1';",
    )
    assert verify_audit(workspace).findings == (Finding(ACCOUNT_ALTERED, {"username": "quay1"}),)


def test_an_account_inserted_with_another_tool_is_named(workspace: Workspace) -> None:
    _sql(
        workspace,
        "INSERT INTO officer (id, office_id, username, full_name, role, password_hash, active,"
        " failed_logins, created_at) SELECT 'ab' || substr(id, 3), office_id, 'ke-la', 'Kẻ Lạ',"
        " 'admin', password_hash, 1, 0, created_at FROM officer WHERE username = 'quantri';",
    )
    assert Finding(ACCOUNT_ALTERED, {"username": "ke-la"}) in verify_audit(workspace).findings
