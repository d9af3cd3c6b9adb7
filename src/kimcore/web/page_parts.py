"""What the office's pages are made of: the frame and its one style, tables, choices, names.

Both pages ([`kimcore.web.page`][kimcore.web.page] and the KIM's timeline in
`kimcore.web.page_kim`) are put together from these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse

from kimcore.domain.views.forums import FORUMS
from kimcore.domain.views.groups import GROUPS
from kimcore.domain.views.query import MAX_LIMIT, Query, within

__all__ = [
    "KIND_LABELS",
    "STAGES",
    "STYLE",
    "cut_code",
    "mounted_at",
    "options_html",
    "page_response",
    "table_html",
]

STAGES = {"formed": "Dibentuk", "confirmed": "Dikukuhkan", "registered": "Terdaftar"}
KIND_LABELS = {"analog": "Analog", "digital": "Digital", "hybrid": "Hibrida"}

# The page's only style: the Content-Security-Policy allows it by its hash (web/headers.py),
# so no element may carry a style attribute.
STYLE = """
:root{color-scheme:light;font-family:system-ui,sans-serif;line-height:1.5}
body{margin:0 auto;max-width:60rem;padding:0 1rem 2rem;color:#1a1a1a;background:#fff}
a{color:#0b4f9c}a:focus,button:focus,select:focus,input:focus{outline:3px solid #f5a623}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff}
header{border-bottom:4px solid #0b4f9c;margin-bottom:1rem}
h1{font-size:1.6rem;margin:.8rem 0 .2rem}.en{color:#555;font-weight:normal;font-size:.9em}
form{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:1rem 0}
label{display:flex;flex-direction:column;font-size:.9rem}
select,input,button{font-size:1rem;padding:.4rem;min-height:2.5rem}
button{background:#0b4f9c;color:#fff;border:0;border-radius:.3rem;padding:.4rem 1rem}
.scroll{overflow-x:auto}table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}
caption{text-align:left;font-weight:bold;padding:.3rem 0}
th,td{border-bottom:1px solid #ccc;padding:.4rem;text-align:left;vertical-align:top}
td.n,th.n{text-align:right}footer{color:#555;font-size:.85rem}
@media (max-width:40rem){form{flex-direction:column;align-items:stretch}}
select,input{max-width:100%}h2{font-size:1.25rem;margin:1.5rem 0 .5rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,26rem),1fr));gap:1rem}
figure{margin:0;min-width:0}figure svg{width:100%;height:auto;display:block}
figcaption{font-size:.9rem;margin:.2rem 0 .8rem}.reports{padding-left:1.2rem}
@media (max-width:40rem){table.cards thead{position:absolute;left:-9999px}
table.cards,table.cards caption,table.cards tbody,table.cards tr,table.cards td{display:block}
table.cards tr{border:1px solid #ccc;border-radius:.3rem;margin:.5rem 0;padding:.3rem .6rem}
table.cards td{border:0;padding:.15rem 0;text-align:left;overflow-wrap:anywhere}
table.cards td::before{content:attr(data-label) ": ";font-weight:bold}}
"""


def mounted_at(request: Request) -> str:
    """The prefix the app is mounted under (nothing at the root), for the page's links."""
    return escape(str(request.scope.get("root_path", "")).rstrip("/"))


def page_response(
    title: str, title_en: str, body: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The whole page: its frame, its one style, a skip link, and *body* as its main part."""
    html = f"""<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} · kimcore</title>
<style>{STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Langsung ke isi (skip to content)</a>
<header><h1>{escape(title)} <span class="en" lang="en">{escape(title_en)}</span></h1></header>
<main id="main">
{body}
</main>
</body>
</html>
"""
    return HTMLResponse(html, headers=headers)


def cut_code(code: str, parts: int) -> str:
    """The first *parts* parts of a Kemendagri *code*: the region above it."""
    return ".".join(code.split(".")[:parts])


def options_html(values: Iterable[tuple[str, str]], chosen: str) -> str:
    """A select's options, *chosen* selected."""
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(t)}</option>'
        for v, t in values
    )


def table_html(
    caption: str, headings: list[tuple[str, bool]], rows: list[list[str]], empty: str
) -> str:
    """A table of *rows* under *headings* (the numeric ones right-aligned); *empty* if none."""
    if not rows:
        return f"<p>{escape(empty)}</p>"
    head = "".join(f'<th scope="col"{" class=n" if n else ""}>{h}</th>' for h, n in headings)
    # On a phone each row is a card, each cell under its heading's words (CSS reads data-label).
    labels = [escape(re.sub(r"<[^>]+>", "", h), quote=True) for h, _ in headings]
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{labels[i]}"{" class=n" if headings[i][1] else ""}>{cell}</td>'
            for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f'<table class="cards"><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


_FORUM_LEVEL = {1: "province", 2: "regency", 3: "district"}


def _region_names(service: Any, region: str, codes: Iterable[str]) -> dict[str, str]:
    """The names of *codes* the log knows: their forums', or a KIM's village.

    The regions above *region* one by one, those within it a level at a time.
    """
    names: dict[str, str] = {}
    by_level: dict[int, set[str]] = {}
    for code in codes:
        by_level.setdefault(code.count(".") + 1, set()).add(code)
    for parts, wanted in sorted(by_level.items()):
        table = FORUMS if parts in _FORUM_LEVEL else GROUPS
        where = {"level": _FORUM_LEVEL[parts]} if parts in _FORUM_LEVEL else {}
        above = [c for c in wanted if region and not within(c, region)]
        queries = [Query(table=table, where=where | {"region_code": c}, limit=1) for c in above]
        if len(above) < len(wanted):
            queries.append(Query(table=table, where=where, region=region or None, limit=MAX_LIMIT))
        for query in queries:
            for row in service.query(query).rows:
                if row["region_code"] in wanted:
                    names.setdefault(row["region_code"], row["region_name"])
    return names
