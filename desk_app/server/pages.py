"""Server-rendered HTML for the district server's pages (dashboard, public lookup): one small
inline style sheet, no script, every value through `html.escape`.

The pages are Vietnamese: their texts are msgids (``N_``) filled in with `text`, so the
catalogue holds them like every other sentence. A response carries a strict Content Security
Policy (no script at all, styles only inline, forms only to this server, never framed) and
is never cached: the figures are internal and a shared computer's back button shows nothing.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.responses import HTMLResponse

from desk_app.core.calendar import OFFICE_TZ
from desk_app.core.errors import Message

CSS = """
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
color:#1d2733;background:#f4f6f8}
header{background:#0b4f8a;color:#fff;padding:.6rem 1rem;display:flex;flex-wrap:wrap;
gap:.4rem 1.2rem;align-items:center}
header .brand{font-weight:600;margin-right:auto}
header a,header button{color:#fff;font:inherit;background:none;border:0;padding:0;
cursor:pointer;text-decoration:none}
header a[aria-current]{text-decoration:underline;text-underline-offset:4px}
header form{margin:0}
main{max-width:1320px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0 .8rem}
h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
.muted{color:#5b6775;font-size:.9rem}
.card{background:#fff;border:1px solid #d8dee4;border-radius:6px;padding:1rem;margin:0 0 1rem}
.notice{background:#fff4e5;border-color:#f0b46c}
.error{background:#fdecec;border-color:#e59a9a}
.bar{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:end}
.bar a{color:#0b4f8a}
label{display:block;font-size:.9rem;margin:0 0 .2rem}
input{font:inherit;padding:.35rem .5rem;border:1px solid #a9b4bf;border-radius:4px;
max-width:100%}
button.main{font:inherit;padding:.4rem 1rem;border:0;border-radius:4px;background:#0b4f8a;
color:#fff;cursor:pointer}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;background:#fff}
th,td{border:1px solid #d8dee4;padding:.35rem .5rem;text-align:left;vertical-align:top}
th{background:#e9eef3;font-weight:600}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
td.n{white-space:nowrap}
th{font-size:.9rem}
td.head{min-width:9.5rem}
tr.total td{font-weight:600;background:#f0f4f8}
.warn{color:#a3330f;font-weight:600}
.login{max-width:360px;margin:3rem auto}
.login input{width:100%;margin-bottom:.8rem}
.phone{display:none}
@media (max-width:640px){
main{padding:.6rem}
table.stack thead{display:none}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tr{border:1px solid #d8dee4;border-radius:6px;margin:0 0 .7rem;background:#fff}
table.stack td{border:0;border-bottom:1px solid #eef1f4;display:flex;
justify-content:space-between;gap:1rem;text-align:right}
table.stack td::before{content:attr(data-label);text-align:left;color:#5b6775;
font-weight:400}
table.stack td.head{background:#e9eef3;font-weight:600;text-align:left}
table.stack td.head::before{content:none}
.desk{display:none}
.phone{display:block}
}
.ward{background:#fff;border:1px solid #d8dee4;border-radius:6px;margin:0 0 .6rem;
padding:.45rem .6rem}
.ward h3{font-size:1rem;margin:0 0 .3rem}
.ward.total{background:#f0f4f8}
.ward p{margin:.15rem 0;display:flex;flex-wrap:wrap;gap:0 .5rem;align-items:baseline}
.ward b{min-width:9.5rem;font-weight:600}
.ward .big{font-size:1.1rem;font-weight:600;min-width:2.5rem;text-align:right;
font-variant-numeric:tabular-nums}
.ward small{color:#5b6775;flex-basis:100%;padding-left:.1rem}
.ward small span{white-space:nowrap}
"""

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def plain(msgid: str, **params: Any) -> str:
    """A msgid filled in with ``params`` (Vietnamese), not escaped."""
    return Message(msgid, params).render()


def text(msgid: str, **params: Any) -> str:
    """A msgid filled in with ``params`` (Vietnamese), escaped for HTML."""
    return esc(plain(msgid, **params))


def day_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def time_text(at: datetime | None, empty: str = "—") -> str:
    """``at`` in office time, as dd/mm/yyyy HH:MM."""
    if at is None:
        return empty
    return at.astimezone(OFFICE_TZ).strftime("%d/%m/%Y %H:%M")


@dataclass(frozen=True)
class Column:
    label: str  # plain text, escaped when written
    numeric: bool = False


def table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[str]],
    *,
    head_html: str | None = None,
    row_classes: Sequence[str] = (),
    desk_only: bool = False,
) -> str:
    """A table whose cells are HTML already escaped; on a narrow screen each row is a card
    whose cells show their column's label (``data-label``), or is not shown at all with
    ``desk_only`` (the page has its own phone view). The first cell is the row's heading."""
    head = head_html or (
        "<tr>"
        + "".join(f'<th class="{"n" if c.numeric else ""}">{esc(c.label)}</th>' for c in columns)
        + "</tr>"
    )
    body = []
    for index, cells in enumerate(rows):
        klass = row_classes[index] if index < len(row_classes) else ""
        tds = []
        for position, (column, cell) in enumerate(zip(columns, cells, strict=True)):
            kinds = " ".join(
                k for k in ("head" if position == 0 else "", "n" if column.numeric else "") if k
            )
            tds.append(f'<td class="{kinds}" data-label="{esc(column.label)}">{cell}</td>')
        body.append(f'<tr class="{esc(klass)}">{"".join(tds)}</tr>')
    return (
        f'<div class="scroll{" desk" if desk_only else ""}">'
        f'<table class="stack"><thead>{head}</thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def page(title: str, body_html: str, *, header_html: str = "") -> str:
    """A whole document; ``title`` is plain text, the others HTML already escaped."""
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="robots" content="noindex">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>"
        f"<body>{header_html}<main>{body_html}</main></body></html>"
    )


def html_response(document: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(document, status_code=status_code, headers=dict(SECURITY_HEADERS))
