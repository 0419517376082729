"""Finding dossiers: by a scanned or typed code at once, else by words and filters.

Order of the results: a dossier whose code (or receipt QR) is the whole text comes alone, as a
scanner expects; otherwise, for three words or more, the dossiers whose applicant's name
begins with them in order, newest first, when there are any; else those whose applicant,
code, ID number or phone hold every word, newest first; only when no person matches, those
whose procedure holds the words too ("khai sinh"), newest first. Newest first is the
full-text index's own order (`store.search`), so a common name among a million dossiers
costs no sort. On a database
without the index (the district server's PostgreSQL) the same search runs as LIKE on the
folded columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Integer, Select, Uuid, and_, column, func, or_, select, table
from sqlalchemy.orm import Session, selectinload

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.codes import parse_code
from desk_app.core.errors import N_, ValidationError
from desk_app.core.lifecycle import DossierState
from desk_app.core.search import (
    SearchWords,
    beginning_expression,
    last_word_is_long,
    match_expression,
    search_words,
)
from desk_app.core.text import clean
from desk_app.services.context import Actor, Workspace
from desk_app.services.dossiers import DossierRecord, find_dossier, to_record
from desk_app.services.errors import NotFound
from desk_app.store.models import Dossier
from desk_app.store.search import (
    COLUMNS,
    PERSON_COLUMNS,
    WHOLE_COLUMN,
    WHOLE_MARK,
    has_search_index,
)

DEFAULT_LIMIT = 20  # a screenful; the CLI asks for 50
MAX_LIMIT = 500

_fts = table("dossier_search", column("rowid", Integer), column("dossier_search"))
_key = table("dossier_search_key", column("search_rowid", Integer), column("dossier_id", Uuid))


class NotAScannedCode(ValidationError):
    """A scanner line that holds no dossier code (not a code, not a receipt's QR)."""

    def __init__(self) -> None:
        super().__init__(
            N_(
                "Dòng vừa quét không phải mã hồ sơ hay mã QR trên giấy tiếp nhận; hãy quét lại "
                "mã vạch hoặc mã QR trên giấy."
            ),
            field="code",
        )


class BadDateRange(ValidationError):
    def __init__(self, start: date, end: date) -> None:
        super().__init__(
            N_("Khoảng ngày không hợp lệ: từ ngày {start} đến ngày {end}."),
            field="received_from",
            start=start.strftime("%d/%m/%Y"),
            end=end.strftime("%d/%m/%Y"),
        )


@dataclass(frozen=True)
class SearchFilters:
    """What narrows a search; dates are the office's local days of receipt, both included."""

    state: DossierState | None = None
    procedure_code: str | None = None
    received_from: date | None = None
    received_to: date | None = None

    def __post_init__(self) -> None:
        start, end = self.received_from, self.received_to
        if start is not None and end is not None and start > end:
            raise BadDateRange(start, end)

    @property
    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


def code_in(line: str) -> str | None:
    """The dossier code a typed or scanned line is, or None: a code on its own (the receipt's
    barcode, typed by hand in any case) or our documents' QR (``MHS:<code>|...``)."""
    from desk_app.printing.document_qr import DocumentQr, NotADocumentQr

    try:
        return str(parse_code(line))
    except ValidationError:
        pass
    if "MHS:" not in line.upper():
        return None
    try:
        return str(parse_code(DocumentQr.parse(line).dossier_code))
    except (NotADocumentQr, ValidationError):
        return None


def open_scanned(workspace: Workspace, actor: Actor, line: str) -> DossierRecord:
    """The dossier a scanner line names (the GUI opens it at once wherever the line arrives):
    NotAScannedCode for a line that is no code, NotFound for a code of no dossier here."""
    code = code_in(line)
    if code is None:
        raise NotAScannedCode()
    with workspace.read() as session:
        return to_record(find_dossier(session, actor, code))


def search_dossiers(
    workspace: Workspace,
    actor: Actor,
    text: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = DEFAULT_LIMIT,
    use_index: bool | None = None,
) -> list[DossierRecord]:
    """The actor's office's dossiers matching ``text`` (empty: any) and ``filters``.

    Text with no letter or digit (control characters, signs only) is refused with
    `core.search.NothingToSearch`; FTS5 syntax typed in it is matched as plain words.
    ``use_index`` None: the full-text index when the database has one; False: LIKE."""
    filters = filters or SearchFilters()
    limit = max(1, min(limit, MAX_LIMIT))
    typed = text.strip()
    code = code_in(typed) if typed else None
    # Only white space means "no words"; anything else must hold some (control characters
    # alone are refused in plain words, never sent to the index).
    words = search_words(typed) if typed and code is None else None
    with workspace.read() as session:
        if code is not None:
            rows = _by_code(session, actor, code, filters)
        elif words is None:
            newest = _filtered(actor, filters).order_by(Dossier.received_at.desc())
            rows = _rows(session, newest, limit)
        elif use_index is not False and has_search_index(session.connection()):
            rows = _by_index(session, actor, words, filters, limit)
        else:
            rows = _by_like(session, actor, words, filters, limit)
        return [to_record(r) for r in rows]


def _by_code(session: Session, actor: Actor, code: str, filters: SearchFilters) -> list[Dossier]:
    try:
        row = find_dossier(session, actor, code)
    except NotFound:
        return []
    found = session.scalars(_filtered(actor, filters).where(Dossier.id == row.id)).first()
    return [found] if found is not None else []


def _filtered(actor: Actor, filters: SearchFilters) -> Select[Dossier]:
    query = select(Dossier).where(Dossier.office_id == actor.office.id)
    return query.where(*_conditions(filters))


def _conditions(filters: SearchFilters) -> list[Any]:
    conditions: list[Any] = []
    if filters.state is not None:
        conditions.append(Dossier.state == filters.state)
    if filters.procedure_code:
        conditions.append(Dossier.procedure_code == clean(filters.procedure_code))
    if filters.received_from is not None:
        conditions.append(Dossier.received_at >= _local_midnight(filters.received_from))
    if filters.received_to is not None:
        end = _local_midnight(filters.received_to + timedelta(days=1))
        conditions.append(Dossier.received_at < end)
    return conditions


def _local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(), OFFICE_TZ)


def _rows(session: Session, query: Select[Dossier], limit: int) -> list[Dossier]:
    return list(session.scalars(query.options(selectinload(Dossier.components)).limit(limit)).all())


def _index_ids(
    session: Session,
    actor: Actor,
    expression: str,
    filters: SearchFilters,
    limit: int,
) -> list[Any]:
    query = (
        select(Dossier.id)
        .select_from(_fts)
        .join(_key, _key.c.search_rowid == _fts.c.rowid)
        .join(Dossier, Dossier.id == _key.c.dossier_id)
        .where(
            _fts.c.dossier_search.op("MATCH")(expression),
            Dossier.office_id == actor.office.id,
            *_conditions(filters),
        )
        .order_by(_fts.c.rowid.desc())
        .limit(limit)
    )
    return list(session.scalars(query).all())


def _by_index(
    session: Session, actor: Actor, words: SearchWords, filters: SearchFilters, limit: int
) -> list[Dossier]:
    ids = matching_ids(session, actor, words, filters, limit)
    if not ids:
        return []
    rows = session.scalars(
        select(Dossier).options(selectinload(Dossier.components)).where(Dossier.id.in_(ids))
    ).all()
    by_id = {r.id: r for r in rows}
    return [by_id[i] for i in ids if i in by_id]


def matching_ids(
    session: Session, actor: Actor, words: SearchWords, filters: SearchFilters, limit: int
) -> list[Any]:
    """The ids the full-text index gives for ``words``, in the order the search shows them
    (what `benchmarks/dossiers.py` times as the index's own part)."""
    # A full name typed in order: the names that begin so, found as one prefix, are the list
    # when there are any (the words' intersection cost 20-30 ms on common names); the words
    # anywhere only when no name begins so ("Nguyễn Châu" finds Nguyễn Thị Minh Châu).
    beginning = beginning_expression(words, WHOLE_COLUMN, WHOLE_MARK)
    ids = [] if beginning is None else _index_ids(session, actor, beginning, filters, limit)
    if not ids:
        ids = _by_words(session, actor, words, filters, limit)
    if not ids:
        ids = _index_ids(session, actor, match_expression(words, COLUMNS), filters, limit)
    return ids


def _by_words(
    session: Session, actor: Actor, words: SearchWords, filters: SearchFilters, limit: int
) -> list[Any]:
    """Widening tries, each only while the list is short: a person's whole words (when the
    last word is long enough to make its prefix costly), a person's words with the last one
    as a beginning; the procedure's words only when no person matched at all (measured: with
    a rare name, "dang" in nearly every "Đăng ký ..." made the widened try cost 50 ms)."""
    tries = [match_expression(words, PERSON_COLUMNS)]
    if last_word_is_long(words):
        tries.insert(0, match_expression(words, PERSON_COLUMNS, whole_last=True))
    ids: list[Any] = []
    for expression in tries:
        seen = set(ids)
        more = _index_ids(session, actor, expression, filters, limit + len(ids))
        ids += [i for i in more if i not in seen][: limit - len(ids)]
        if len(ids) >= limit:
            return ids
    return ids


def _by_like(
    session: Session, actor: Actor, words: SearchWords, filters: SearchFilters, limit: int
) -> list[Dossier]:
    """Every word somewhere in the folded name, code, ID number, phone or procedure code."""
    conditions = [
        or_(
            Dossier.applicant_name_folded.contains(word, autoescape=True),
            func.lower(Dossier.code).contains(word, autoescape=True),
            Dossier.applicant_id_number.contains(word, autoescape=True),
            Dossier.applicant_phone.contains(word, autoescape=True),
            Dossier.procedure_code.contains(word, autoescape=True),
        )
        for word in words.words
    ]
    matches: Any = and_(*conditions)
    if words.joined_digits:  # "0912 345 678" is also the phone 0912345678
        digits = words.joined_digits
        matches = or_(
            matches,
            Dossier.applicant_id_number.contains(digits, autoescape=True),
            Dossier.applicant_phone.contains(digits, autoescape=True),
        )
    query = _filtered(actor, filters).where(matches)
    return _rows(session, query.order_by(Dossier.received_at.desc()), limit)
