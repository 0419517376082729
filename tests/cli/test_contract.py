"""The command line as the architecture document promises it, for the commands built so far.

`CONTRACT` is the part of the code block "The command line" of the architecture document
(design/architecture.md) that exists today, each command's options as written there. A
command of the contract that is not built yet is in `NOT_BUILT` and must be absent (never a
stub that pretends); building one moves it into `CONTRACT`. The commands run in this process
through `main`, on a copy of the session's set-up workstation.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from desk_app.cli import build_parser, main
from desk_app.cli.audit import INTACT
from desk_app.cli.catalogue import EXPORTED
from desk_app.core.dossier import Channel, ReturnMethod
from desk_app.i18n import translate, translate_plural
from tests.cli.conftest import cli, use_language, vietnamese_letters

# Command -> its options in the contract.
CONTRACT: dict[tuple[str, ...], str] = {
    ("init",): (
        "--office-name N --agency-id ID --place P --workstation K --admin USER [--password-file F]"
    ),
    ("catalogue", "list"): "[--json]",
    ("catalogue", "import"): "FILE",
    ("catalogue", "export"): "FILE",
    ("intake",): (
        "--procedure CODE --name N [--id-number ..] [--phone ..] [--email ..] [--address ..] "
        "[--representative ..] [--qr PAYLOAD] [--channel counter|online|postal] "
        "[--components all|1,3,4] [--received-at ISO] [--json]"
    ),
    ("receipt",): "CODE --out FILE.pdf",
    ("dossier", "show"): "CODE [--json]",
    ("dossier", "search"): "TEXT [--json]",
    ("dossier", "due"): "[--json]",
    ("audit", "verify"): "[--head SEQ:HASH]",
    ("audit", "head"): "[--json]",
    # "office rename ..." in the contract: its options are this project's choice.
    ("office", "rename"): "--from YYYY-MM-DD [--name ..] [--reception-unit ..] [--place ..]",
    ("calendar", "show"): "YEAR",
    ("login",): "USER [--password-file F]",
    ("logout",): "",
    ("user", "list"): "[--json]",
    ("backup",): "FILE",
    ("restore",): "FILE",
    ("security-check",): "",
    ("register",): "--from D --to D --format pdf|xlsx --out FILE",
    ("report",): "--from D --to D --format json|pdf|xlsx [--by field|procedure|unit] [--out FILE]",
    ("enroll",): "URL CODE",
    ("sync",): "[--once] [--status] [--json]",
    ("server", "serve"): "[--db URL] [--host H] [--port P]",
    ("server", "add-office"): "--agency-id ID --name N [--db URL]",
    ("server", "add-user"): "USER --role district|admin [--password-file F] [--db URL]",
    ("server", "enroll-code"): "--agency-id ID --workstation K [--db URL]",
    ("server", "revoke"): "DEVICE [--db URL]",
}
# Built beyond the contract ("add options freely"): the GUI's "today" list as a command.
BEYOND_CONTRACT: dict[tuple[str, ...], str] = {
    ("dossier", "today"): "[--json]",
    ("office", "show"): "[--json]",
    ("calendar", "import"): "FILE",
    ("user", "set-name"): "USER NAME",
    # "user add|deactivate|set-password|list ..." in the contract: the options are ours.
    ("user", "add"): "USER --role officer|supervisor|admin --name FULL_NAME [--password-file F]",
    ("user", "deactivate"): "USER",
    ("user", "set-password"): "USER [--password-file F]",
    ("user", "unlock"): "USER",
    ("user", "recover"): "USER [--code-file F] [--password-file F]",
    ("user", "new-recovery-code"): "",
    ("office", "rules", "show"): "[--json]",
    # Issue 10: the work list's "due soon" horizon, an office rule with an event of its own.
    ("office", "set-due-soon"): "N [--json]",
    ("office", "rules", "set"): (
        "[--morning START-END] [--afternoon START-END] [--same-day-cutoff HH:MM] "
        "[--forms-2025-from YYYY-MM-DD] [--system-name TEXT] [--lookup-url URL] "
        "[--counting-method working_hours|civil_code] [--json]"
    ),
    # Issue 9 names "ticket issue|call|finish|no-show|transfer ..." and "queue stats": the
    # other queue commands and all the options beyond those it names are ours.
    ("ticket", "issue"): (
        "AREA [--priority elderly|disabled|pregnant|small_children|other] [--no-print] [--json]"
    ),
    ("ticket", "result"): "DOSSIER_CODE [--no-print] [--json]",
    ("ticket", "call"): "[LABEL] [--counter N] [--area A] [--json]",
    ("ticket", "recall"): "LABEL [--counter N] [--json]",
    ("ticket", "start"): "LABEL [--counter N] [--json]",
    ("ticket", "finish"): "LABEL [--counter N] [--dossier CODE] [--json]",
    ("ticket", "no-show"): "LABEL [--counter N] [--json]",
    ("ticket", "transfer"): "LABEL --to-area B [--to-counter N] [--json]",
    ("ticket", "list"): "[--area A] [--json]",
    ("ticket", "show"): "LABEL [--json]",
    ("queue", "stats"): "[--date YYYY-MM-DD] [--json]",
    ("queue", "areas"): "[--json]",
    ("queue", "area", "set"): "LETTER NAME [--kind service|results] [--inactive]",
    ("printer", "test"): "[--to TARGET] [--out FILE.png]",
    # "desk-app kiosk" and "desk-app display" are in the contract bare; their options are ours.
    ("kiosk",): "[--windowed] [--screen N]",
    ("display",): "[--windowed] [--screen N]",
    # Issue 9, item 6: the office queue hub, a role of the server component.
    ("server", "hub"): "[--host H] [--port P]",
    # Issue 10, items 5 and 6: scans of a dossier and its paper folder's hand-over log.
    ("dossier", "attach"): "CODE FILE [--component N] [--result] [--json]",
    ("dossier", "files"): "CODE [--json]",
    ("dossier", "file-check"): "CODE [--json]",
    ("dossier", "detach"): "CODE SHA256 [--json]",
    ("dossier", "scan-folder"): "CODE FOLDER [--component N] [--result] [--json]",
    ("handover",): (
        "CODE --to NAME [--from NAME] [--pages N] [--note TEXT] [--out LIST.pdf] [--json]"
    ),
    ("handover-list",): "BATCH --out LIST.pdf [--json]",
    # Issue 11: plain http to a LAN server, and the outbox written out for a revoked device.
    ("enroll",): "URL CODE [--allow-http-lan] [--json]",
    ("sync",): "[--once] [--status] [--json] [--export FILE]",
    # Issue 11: the district server's TLS, its administration beyond the contract's four
    # commands (items 1, 4 and 8), and a ward's workstation code shared by every ward.
    ("server", "serve"): ("[--db URL] [--host H] [--port P] [--ssl-certfile F] [--ssl-keyfile F]"),
    ("server", "add-office"): "--agency-id ID --name N [--upper-unit U] [--db URL]",
    ("server", "enroll-code"): "--agency-id ID --workstation K [--days N] [--json] [--db URL]",
    ("server", "revoke"): "DEVICE [--agency-id ID] [--db URL]",
    ("server", "offices"): "[--json] [--db URL]",
    ("server", "devices"): "[--json] [--db URL]",
    ("server", "quarantine"): "[--all] [--json] [--db URL]",
    ("server", "publish"): "catalogue|calendar FILE [--agency-id ID] [--db URL]",
    ("server", "backup"): "FILE [--db URL]",
    ("server", "restore"): "FILE [--db URL]",
    ("server", "mark-restored"): "[--db URL]",
    # Issue 12, item 1: shortcuts for the period, the receiving unit, and the list behind a cell.
    ("report",): (
        "--from D --to D [--month YYYY-MM] [--quarter YYYY-Qn] [--half YYYY-Hn] [--year YYYY] "
        "--format json|pdf|xlsx [--by field|procedure|unit] [--out FILE] [--to-unit NAME] "
        "[--cell NAME] [--row LABEL]"
    ),
    # Issue 10, item 1: the form of an act, and the control slip as it stands.
    ("dossier", "form"): "CODE SEQ --out FILE.pdf",
    ("dossier", "slip"): "CODE --out FILE.pdf",
    # "dossier supplement|resume|...|return CODE [...]" in the contract: the options are ours
    # (issue 10); "extend" is "apologise" under the name of its 2025 form.
    (
        "dossier",
        "transfer",
    ): "CODE [--unit U] [--back-to-desk] [--officer NAME] [--note ..] [--json]",
    ("dossier", "supplement"): (
        "CODE --item NAME[:orig:certcopy:copy] --reason R [--approver-reason R] "
        "[--approver USER] [--approver-password-file F] [--json]"
    ),
    ("dossier", "resume"): "CODE [--json]",
    ("dossier", "refuse"): "CODE --reason R [--json]",
    ("dossier", "apologise"): (
        "CODE --new-date YYYY-MM-DD[THH:MM] --reason R [--approver USER] [--json]"
    ),
    ("dossier", "extend"): "CODE --new-date YYYY-MM-DD[THH:MM] --reason R [--approver USER]",
    ("dossier", "stop"): (
        "CODE --reason R --stage S --papers-returned P --fees-settled F [--json]"
    ),
    ("dossier", "result"): "CODE --number N --signer S --issuer I [--summary ..] [--json]",
    ("dossier", "return"): (
        "CODE [--collector applicant|proxy] [--name ..] [--id-number ..] [--originals ..] "
        "[--fee-amount ..] [--fee-method cash|transfer|card] [--fee-receipt ..] [--waybill ..] "
        "[--json]"
    ),
}
BUILT = CONTRACT | BEYOND_CONTRACT

NOT_BUILT = [
    ("import", "dossiers"),
    ("satisfaction",),
    ("close-day",),
]


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Help on one line per option: no wrapping inside the phrases looked for."""
    monkeypatch.setenv("COLUMNS", "250")


def parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser, bool]]:
    """Every parser of the tree with its command path and whether it is a leaf."""
    groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    yield path, parser, not groups
    for group in groups:
        for name, child in group.choices.items():
            yield from parsers(child, (*path, name))


def leaves() -> dict[tuple[str, ...], argparse.ArgumentParser]:
    return {path: p for path, p, leaf in parsers(build_parser()) if leaf}


def contract_options(text: str) -> tuple[dict[str, str], list[str]]:
    """The options (with the value the contract shows) and the positionals of a contract line."""
    tokens = text.replace("[", " ").replace("]", " ").split()
    options: dict[str, str] = {}
    positionals = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.startswith("--"):
            following = tokens[i + 1] if i + 1 < len(tokens) else ""
            has_value = bool(following) and not following.startswith("--")
            options[token] = following if has_value else ""
            i += 2 if has_value else 1
        else:
            positionals.append(token)
            i += 1
    return options, positionals


def option(parser: argparse.ArgumentParser, flag: str) -> argparse.Action:
    return next(a for a in parser._actions if flag in a.option_strings)


def test_the_parser_holds_the_built_commands_and_nothing_more() -> None:
    assert set(leaves()) == set(BUILT)


def test_every_command_has_its_handler_and_no_command_opens_the_window() -> None:
    for path, leaf in leaves().items():
        assert callable(leaf.get_default("handler")), path
    # Without a command `main` finds no handler and opens the counter window.
    assert getattr(build_parser().parse_args([]), "handler", None) is None


@pytest.mark.parametrize("path", list(BUILT), ids=" ".join)
def test_each_built_command_answers_help_with_what_the_contract_promises(
    capsys: pytest.CaptureFixture[str], path: tuple[str, ...]
) -> None:
    run = cli(capsys, *path, "--help")
    assert run.code == 0, run.err
    usage = run.out.split("\n\n")[0]
    assert usage.startswith(f"cách dùng: desk-app {' '.join(path)}")
    leaf = leaves()[path]
    options, positionals = contract_options(BUILT[path])
    for flag, shown in options.items():
        assert re.search(rf"^\s+{re.escape(flag)}\b", run.out, re.MULTILINE), (path, flag)
        action = option(leaf, flag)
        assert action.help, (path, flag)  # every option says what it takes
        if action.choices is not None:  # the contract's value list is the parser's
            assert [str(c) for c in action.choices] == shown.split("|")
    for name in positionals:
        assert name in usage, (path, name)
    if "--json" in options:
        assert isinstance(option(leaf, "--json"), argparse._StoreTrueAction)


@pytest.mark.parametrize("path", sorted(CONTRACT.keys() & BEYOND_CONTRACT.keys()), ids=" ".join)
def test_options_added_beyond_the_contract_keep_what_the_contract_says(
    path: tuple[str, ...],
) -> None:
    """A command with options of ours still has the contract's own, with the same values (its
    help is checked against the fuller line of BEYOND_CONTRACT)."""
    promised, promised_positionals = contract_options(CONTRACT[path])
    built, built_positionals = contract_options(BEYOND_CONTRACT[path])
    assert promised.items() <= built.items(), path
    assert built_positionals[: len(promised_positionals)] == promised_positionals, path


def test_the_value_lists_come_from_the_domain() -> None:
    intake = leaves()[("intake",)]
    assert option(intake, "--channel").choices == [c.value for c in Channel]
    assert option(intake, "--return-method").choices == [m.value for m in ReturnMethod]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "--version")
    assert run.code == 0
    assert run.out.startswith("desk-app ")


@pytest.mark.parametrize("path", NOT_BUILT, ids=" ".join)
def test_commands_not_built_yet_are_not_faked(
    capsys: pytest.CaptureFixture[str], path: tuple[str, ...]
) -> None:
    run = cli(capsys, *path, "--help")
    assert run.code == 2
    assert "không có trong danh sách" in run.err  # argparse's "invalid choice", in Vietnamese


def test_every_help_text_is_in_the_catalogue_with_its_placeholders() -> None:
    texts: list[str] = []
    for _path, parser, _leaf in parsers(build_parser()):
        texts += [parser.description or ""]
        texts += [a.help for a in parser._actions if a.help and a.help != argparse.SUPPRESS]
        texts += [g.title or "" for g in parser._action_groups]
    for text in filter(None, texts):
        english = translate(text, "en")
        assert english != text, f"no English for: {text}"
        assert re.findall(r"%\(\w+\)s", english) == re.findall(r"%\(\w+\)s", text)


def test_help_is_vietnamese_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "receipt", "--help")
    assert run.out.startswith("cách dùng: desk-app receipt [-h] --out FILE.pdf")
    for heading in ("tham số:", "tùy chọn:"):
        assert f"\n{heading}\n" in run.out
    assert "hiện hướng dẫn này rồi thoát" in run.out
    assert "tệp PDF sẽ ghi ra" in run.out


def test_help_is_english_when_the_settings_say_so(capsys: pytest.CaptureFixture[str]) -> None:
    use_language("en")
    intake = cli(capsys, "intake", "--help")
    assert intake.code == 0
    assert intake.out.startswith("usage: desk-app intake [-h] --procedure CODE")
    assert "\noptions:\n" in intake.out
    for phrase in (
        "show this help message and exit",
        "the procedure's code, e.g. 1.001193 (codes: desk-app catalogue list)",
        "the components received: positions such as 1,3,4, or all",
        "not given: the required components only",
        "without a time zone it is office time",
        "how the dossier arrived; default: counter",
        "print the result as one JSON document",
    ):
        assert phrase in intake.out
    top = cli(capsys, "--help")
    assert "\ncommands:\n" in top.out and "show the version number and exit" in top.out
    for path in [(), *BUILT]:
        shown = cli(capsys, *path, "--help").out
        assert not vietnamese_letters(shown), (path, shown)


def test_usage_errors_speak_the_settings_language(capsys: pytest.CaptureFixture[str]) -> None:
    run = cli(capsys, "intake", "--name", "An")
    assert run.code == 2
    assert run.err.startswith("cách dùng: desk-app intake")
    assert "desk-app intake: lỗi: " in run.err and "--procedure" in run.err
    use_language("en")
    run = cli(capsys, "intake", "--name", "An")
    assert run.err.startswith("usage: desk-app intake")
    assert "desk-app intake: error: " in run.err


def test_a_broken_settings_file_still_gives_help_and_the_command_says_why(
    capsys: pytest.CaptureFixture[str],
) -> None:
    settings = Path(os.environ["DESK_APP_HOME"]) / "settings.toml"
    settings.parent.mkdir(parents=True)
    settings.write_text('language = "fr"\n', encoding="utf-8")
    help_run = cli(capsys, "catalogue", "list", "--help")
    assert help_run.code == 0
    assert "liệt kê các thủ tục" in help_run.out
    command = cli(capsys, "catalogue", "list")
    assert command.code == 1
    assert "settings.toml" in command.err and "có lỗi" in command.err
    assert "Traceback" not in command.err


@pytest.mark.integration  # a real SQLite file
def test_json_is_one_document_on_stdout(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = json.loads(cli(capsys, "catalogue", "list", "--json").out)
    assert {"code", "name", "field", "duration"} <= listed[0].keys()

    taken = cli(capsys, "intake", "--procedure", "1.001193", "--name", "Lê Văn Tám", "--json")
    assert taken.code == 0, taken.err
    code = json.loads(taken.out)["code"]
    assert json.loads(cli(capsys, "dossier", "show", code, "--json").out)["code"] == code
    for listing in (("search", "le van tam"), ("today",)):
        records = json.loads(cli(capsys, "dossier", *listing, "--json").out)
        assert [r["code"] for r in records] == [code], listing
    # The work list (issue 10): buckets, each with its count and first dossiers.
    work = json.loads(cli(capsys, "dossier", "due", "--json").out)
    listed = [d["code"] for b in work["buckets"].values() for d in b["dossiers"]]
    assert listed == [code]


@pytest.mark.integration  # a real SQLite file
def test_counts_are_worded_for_their_number(
    home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    use_language("en")
    # Set-up leaves two entries (the workstation, then the office's rules); an intake a third.
    assert cli(capsys, "audit", "verify").out == "Audit chain intact: 2 entries checked.\n"
    assert cli(capsys, "intake", "--procedure", "1.001193", "--name", "Lê Văn Tám").code == 0
    assert cli(capsys, "audit", "verify").out == "Audit chain intact: 3 entries checked.\n"
    exported = cli(capsys, "catalogue", "export", str(tmp_path / "c.json")).out
    assert re.fullmatch(r"Exported \d+ procedures to .*c\.json\.\n", exported)
    use_language("vi")
    assert cli(capsys, "audit", "verify").out == "Chuỗi nhật ký toàn vẹn: 3 mục đã kiểm tra.\n"


def test_english_has_a_singular_and_vietnamese_one_form() -> None:
    def worded(n: int, language: str) -> str:
        return translate_plural(*EXPORTED, n, language).format(count=n, path="c.json")

    assert worded(1, "en") == "Exported 1 procedure to c.json."
    assert worded(2, "en") == "Exported 2 procedures to c.json."
    assert worded(0, "en") == "Exported 0 procedures to c.json."
    assert worded(1, "vi") == "Đã xuất 1 thủ tục ra c.json."
    assert worded(2, "vi") == "Đã xuất 2 thủ tục ra c.json."
    assert translate_plural(*INTACT, 1, "en").startswith("Audit chain intact: {count} entry ")


@pytest.mark.integration  # a real process
def test_starting_the_command_line_loads_no_database_pdf_or_qt() -> None:
    probe = (
        "import json, sys\n"
        "from desk_app.cli import build_parser\n"
        "build_parser()\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    loaded = set(json.loads(result.stdout))
    heavy = {"sqlalchemy", "reportlab", "openpyxl", "PySide6", "pydantic", "holidays"}
    assert not {m.split(".")[0] for m in loaded} & heavy
    assert not {m for m in loaded if m.startswith(("desk_app.services", "desk_app.store"))}


@pytest.mark.integration  # a real process
def test_the_desk_app_entry_point_is_this_command_line(tmp_path: Path) -> None:
    (script,) = entry_points(group="console_scripts", name="desk-app")
    assert script.load() is main
    result = subprocess.run(
        [sys.executable, "-m", "desk_app", "audit", "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=os.environ | {"DESK_APP_HOME": str(tmp_path), "PYTHONIOENCODING": "utf-8"},
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.startswith("cách dùng: desk-app audit [-h] COMMAND")
    assert "verify" in result.stdout
