"""Rebuild the gettext catalogue of officer-facing messages outside the Qt GUI.

Extracts every N_("...") / _("...") msgid, and every counted message N_plural("...", "...") /
ngettext("...", "...", n) as a plural entry, from desk_app (the GUI has its own Qt Linguist
files), merges them into resources/i18n/en/LC_MESSAGES/desk_app.po keeping existing
translations, and compiles desk_app.mo. With --check it changes nothing and fails if a msgid has
no English translation or the committed files are not what this script would write (CI runs it
so).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources/i18n/en/LC_MESSAGES/desk_app.po"
MO = PO.with_suffix(".mo")


# A plural entry's msgid is the pair (singular, plural), as Babel extracts it.
MsgId = str | tuple[str, str]
KEYWORDS = {"N_": None, "_": None, "N_plural": (1, 2), "ngettext": (1, 2)}


def _extracted() -> list[tuple[MsgId, str]]:
    found: dict[MsgId, str] = {}
    for filename, lineno, msgid, _comments, _context in extract_from_dir(
        ROOT / "desk_app",
        method_map=[("gui/**.py", "ignore"), ("**.py", "python")],
        keywords=KEYWORDS,
    ):
        if isinstance(msgid, str) or (
            isinstance(msgid, tuple) and len(msgid) == 2 and all(isinstance(m, str) for m in msgid)
        ):
            found.setdefault(msgid, f"desk_app/{filename}:{lineno}")
    return sorted(found.items(), key=lambda item: item[1])


def _header(catalog: Catalog) -> bytes:
    """A fixed header: the language and its plural rule, no dates (nothing that changes by
    itself, so --check only fails when the messages do)."""
    lines = [
        "# English messages of desk-app outside the Qt GUI; the msgids are the Vietnamese source.",
        "# Rebuilt by tools/build_translations.py: fill in msgstr, then run it again.",
        'msgid ""',
        'msgstr ""',
        f'"Language: {catalog.locale}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        f'"Plural-Forms: {catalog.plural_forms}\\n"',
        "",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


def build() -> tuple[bytes, bytes, list[str]]:
    old: Catalog = read_po(PO.open("rb")) if PO.exists() else Catalog(locale="en")
    catalog = Catalog(locale="en", project="desk-app", fuzzy=False)
    untranslated = []
    for msgid, where in _extracted():
        previous = old.get(msgid)
        empty: str | tuple[str, ...] = (
            ("",) * catalog.num_plurals if isinstance(msgid, tuple) else ""
        )
        translation = previous.string if previous is not None else empty
        if isinstance(msgid, tuple) != isinstance(translation, tuple):
            translation = empty  # a message that gained or lost its count is translated anew
        if not translation or not all(translation):
            untranslated.append(msgid if isinstance(msgid, str) else msgid[0])
        catalog.add(msgid, translation, locations=[(where.split(":")[0], int(where.split(":")[1]))])
    po_buffer, mo_buffer = io.BytesIO(), io.BytesIO()
    # File names but no line numbers: an unrelated edit must not make the catalogue stale.
    write_po(
        po_buffer, catalog, omit_header=True, sort_output=True, width=100, include_lineno=False
    )
    write_mo(mo_buffer, catalog)
    return _header(catalog) + po_buffer.getvalue(), mo_buffer.getvalue(), untranslated


def _messages(mo: bytes) -> dict[object, object]:
    """What a compiled catalogue says and its plural rule, ignoring the rest of its header
    (Babel stamps the time there)."""
    catalog = read_mo(io.BytesIO(mo))
    return {"Plural-Forms": catalog.plural_forms} | {
        _hashable(m.id): _hashable(m.string) for m in catalog if m.id
    }


def _hashable(value: object) -> object:
    """A plural entry's texts come back from a .mo as lists."""
    return tuple(value) if isinstance(value, list) else value


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="verify only; change nothing")
    args = parser.parse_args()
    po, mo, untranslated = build()
    if args.check:
        stale = [PO.name] if not PO.exists() or PO.read_bytes() != po else []
        if not MO.exists() or _messages(MO.read_bytes()) != _messages(mo):
            stale.append(MO.name)
        for msgid in untranslated:
            print(f"no English translation: {msgid}", file=sys.stderr)
        if stale:
            print(
                f"out of date: {', '.join(stale)}; run tools/build_translations.py", file=sys.stderr
            )
        return 1 if stale or untranslated else 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    for path, data in ((PO, po), (MO, mo)):
        if path == MO and path.exists() and _messages(path.read_bytes()) == _messages(data):
            continue  # same messages; only Babel's timestamp would change
        if not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(ROOT)}")
    if untranslated:
        print(f"{len(untranslated)} msgids still need an English translation in {PO.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
