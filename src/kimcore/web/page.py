"""The office's page: KIMs by regency and district with counts, filterable, and each KIM's timeline.

Server-rendered HTML that works without JavaScript: the filters are a GET
form, so a filtered view is a link an officer can share. Indonesian first,
English beside it; headings, labels, table captions and header cells for
screen readers; one column on a phone. No personal data is ever shown.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kimcore.domain.identity import AggregateRef
from kimcore.domain.views.forums import FORUMS
from kimcore.domain.views.groups import GROUPS
from kimcore.domain.views.query import MAX_LIMIT, Query, within
from kimcore.domain.views.tally import Measure, Tally
from kimcore.vocabulary.errors import DomainError
from kimcore.web.figures import charts_section, reports_section, updated
from kimcore.web.http import HttpError, reader
from kimcore.web.page_profile import profile_facts

__all__ = ["EVENT_LABELS", "PAGE_SIZE", "STYLE", "home", "kim_page"]

# The timeline's words for what happened, Indonesian then English.
EVENT_LABELS = {
    "GroupFormed": ("KIM dibentuk", "formed"),
    "MemberJoined": ("Anggota bergabung", "member joined"),
    "MemberLeft": ("Anggota keluar", "member left"),
    "OfficerAppointed": ("Pengurus diangkat", "officer appointed"),
    "OfficerRelieved": ("Pengurus diberhentikan", "officer relieved"),
    "GroupConfirmed": ("Dikukuhkan dengan SK", "confirmed by decree"),
    "GroupRegistered": ("Terdaftar di Diskominfo", "registered"),
    "ChannelsChanged": ("Saluran informasi diubah", "channels changed"),
    "BoundsChanged": ("Batas jumlah anggota diubah", "membership bounds changed"),
    "GroupProfileChanged": ("Profil KIM diubah", "profile changed"),
    "CompetitionResultRecorded": ("Hasil lomba dicatat", "competition result"),
    "GroupDissolved": ("KIM dibubarkan", "dissolved"),
    "GroupMerged": ("KIM digabung", "merged"),
    "GroupSplit": ("KIM dipecah", "split"),
    "SeatRecoded": ("Kode wilayah diubah", "seat re-coded"),
    "PartnershipSigned": ("Kemitraan ditandatangani", "partnership signed"),
    "PartnershipEnded": ("Kemitraan berakhir", "partnership ended"),
    "ActivityHeld": ("Kegiatan diselenggarakan", "activity held"),
    "ActivityAttended": ("Mengikuti kegiatan", "took part in an activity"),
    "InformationPublished": ("Informasi diterbitkan", "information published"),
    "GroupMapped": ("Dipetakan", "mapped"),
    "MemberForgotten": ("Data pribadi dihapus", "personal data erased"),
}
STAGES = {"formed": "Dibentuk", "confirmed": "Dikukuhkan", "registered": "Terdaftar"}
KINDS = {"analog": "Analog", "digital": "Digital", "hybrid": "Hibrida"}

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


def _root(request: Request) -> str:
    """The prefix the app is mounted under (nothing at the root), for the page's links."""
    return escape(str(request.scope.get("root_path", "")).rstrip("/"))


def _page(
    title: str, title_en: str, body: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
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


def _cut(code: str, parts: int) -> str:
    return ".".join(code.split(".")[:parts])


def _options(values: Iterable[tuple[str, str]], chosen: str) -> str:
    return "".join(
        f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>{escape(t)}</option>'
        for v, t in values
    )


def _table(
    caption: str, headings: list[tuple[str, bool]], rows: list[list[str]], empty: str
) -> str:
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


# A Kemendagri code of 1 to 4 parts has this many characters (62, 62.05, 62.05.03, 62.05.03.2001).
_WIDTH = {1: 2, 2: 5, 3: 8, 4: 13}
_LEVELS = {
    1: ("Provinsi", "province"),
    2: ("Kabupaten/kota", "regency or city"),
    3: ("Kecamatan", "district"),
    4: ("Desa/kelurahan", "village or ward"),
}
_FORUM_LEVEL = {1: "province", 2: "regency", 3: "district"}
# KIMs listed on one page, and how many regions the filter may offer beyond the counted ones.
PAGE_SIZE = 50
_MORE_CHOICES = 300


def _counts(
    service: Any, where: dict[str, Any], parts: int, region: str | None = None
) -> dict[str, list[int]]:
    """KIMs, registered KIMs and members by region cut to *parts*, counted in SQL."""
    query = Tally(
        table=GROUPS,
        by=("region_code",),
        measures=(
            Measure.rows("kims"),
            Measure.equal("registered", "stage", "registered"),
            Measure.sum("members", "member_count"),
        ),
        where=where,
        region=region,
    )
    found = service.models.tally(query, prefix={"region_code": _WIDTH[parts]})
    return {r["region_code"]: [r["kims"], r["registered"], r["members"]] for r in found}


def _rolled_up(counts: dict[str, list[int]], parts: int) -> dict[str, list[int]]:
    """*counts* added up to regions of *parts* parts."""
    rolled: dict[str, list[int]] = {}
    for code, numbers in counts.items():
        total = rolled.setdefault(_cut(code, parts), [0, 0, 0])
        for i, n in enumerate(numbers):
            total[i] += n
    return rolled


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


def home(request: Request) -> Response:
    """``GET /``: counts by region, and a page of the KIMs the filters keep.

    At any size: the counts are a ``GROUP BY`` in the read-model store (by province when
    the KIMs span several, else by regency; within a region, by the level below it), the
    list is one page of a query, and the next page is a link. The name search narrows the
    list, not the counts.
    """
    service = reader(request)
    root = _root(request)
    params = request.query_params
    region, stage, kind = params.get("region", ""), params.get("stage", ""), params.get("kind", "")
    words = params.get("q", "").strip()
    fresh = service.freshness("kim_groups")  # read first: the rows are at least this new
    where: dict[str, Any] = {"dissolved_on": None}
    where |= {"stage": stage} if stage else {}
    where |= {"kind": kind} if kind else {}
    if region:
        by = min(region.count(".") + 2, 4)
        counts = _counts(service, where, by, region)
        choices = [_cut(region, p) for p in range(1, by)] + sorted(counts)
    else:
        regencies = _counts(service, where, 2)
        provinces = _rolled_up(regencies, 1)
        by, counts = (1, provinces) if len(provinces) > 1 else (2, regencies)
        below = _counts(service, where, by + 1) if by == 2 else regencies
        choices = sorted(counts) + (sorted(below) if len(below) <= _MORE_CHOICES else [])
    try:
        query = Query(
            table=GROUPS,
            where=where,
            region=region or None,
            contains={"name": words} if words else {},
            order="name",
            after=params.get("cursor") or None,
            limit=PAGE_SIZE,
            count=True,
        )
    except DomainError as error:
        raise HttpError.refused(error, 400) from None
    page = service.query(query)
    names = _region_names(service, region, [*choices, *counts])
    level = _LEVELS[by]
    summary = [
        [
            f'<a href="{root}/?{urlencode({"region": code})}">{escape(names.get(code, code))}</a>'
            f" <small>({escape(code)})</small>",
            *(str(n) for n in counts[code]),
        ]
        for code in sorted(counts)
    ]
    listing = [
        [
            f'<a href="{root}/kim/{escape(g["group_id"])}">{escape(g["name"])}</a>',
            f"{escape(g['region_name'])} <small>({escape(g['region_code'])})</small>",
            escape(str(STAGES.get(g["stage"], g["stage"]))),
            escape(KINDS.get(g["kind"] or "", "—")),
            str(g["member_count"]),
        ]
        for g in page.rows
    ]
    region_choices = [("", "Semua wilayah (all regions)")] + [
        (code, f"{names.get(code, code)} ({code})") for code in dict.fromkeys(choices)
    ]
    if region and region not in dict(region_choices):
        region_choices.append((region, region))
    form = f"""
<form method="get" action="{root}/" role="search" aria-label="Saring KIM (filter KIMs)">
<label>Wilayah <span class="en" lang="en">Region</span>
<select name="region">{_options(sorted(region_choices), region)}</select></label>
<label>Tahap <span class="en" lang="en">Stage</span>
<select name="stage">{_options([("", "Semua (all)"), *STAGES.items()], stage)}</select></label>
<label>Jenis <span class="en" lang="en">Kind</span>
<select name="kind">{_options([("", "Semua (all)"), *KINDS.items()], kind)}</select></label>
<label>Nama KIM <span class="en" lang="en">Name</span>
<input type="search" name="q" value="{escape(words)}"></label>
<button type="submit">Saring <span lang="en">(Filter)</span></button>
</form>"""
    total = f"{page.total:,}".replace(",", ".") + ("" if page.exact else "+")
    filters = {n: v for n, v in params.items() if n != "cursor" and v}
    paging = ""
    if query.after is not None:
        first = escape(urlencode(filters))
        paging += f'<a href="{root}/?{first}">Halaman pertama (first page)</a> '
    if page.next is not None:
        following = escape(urlencode({**filters, "cursor": page.next}))
        paging += f'<a href="{root}/?{following}" rel="next">Berikutnya (next) →</a>'
    body = (
        form + f'<p role="status">{total} KIM ditampilkan <span class="en" lang="en">'
        f"({total} KIMs shown)</span></p>"
        + charts_section(service, region, root)
        + _table(
            f"KIM per {level[0].lower()} (KIMs by {level[1]})",
            [
                (f"{level[0]} <span class=en lang=en>({level[1]})</span>", False),
                ("Jumlah KIM <span class=en lang=en>(KIMs)</span>", True),
                ("Terdaftar <span class=en lang=en>(registered)</span>", True),
                ("Anggota <span class=en lang=en>(members)</span>", True),
            ],
            summary,
            "Tidak ada KIM (no KIMs).",
        )
        + _table(
            "Daftar KIM (list of KIMs)",
            [
                ("Nama KIM <span class=en lang=en>(name)</span>", False),
                ("Desa/kelurahan <span class=en lang=en>(village or ward)</span>", False),
                ("Tahap <span class=en lang=en>(stage)</span>", False),
                ("Jenis <span class=en lang=en>(kind)</span>", False),
                ("Anggota <span class=en lang=en>(members)</span>", True),
            ],
            listing,
            "Tidak ada KIM yang cocok (no KIM matches).",
        )
        + (f'<nav aria-label="Halaman (pages)"><p>{paging}</p></nav>' if paging else "")
        + reports_section(region, root)
        + f'<footer>{updated(service, fresh)} · <a href="{root}/api">API</a>'
        f' · <a href="{root}/docs">API docs</a></footer>'
    )
    return _page("KIM per wilayah", "KIMs by region", body, headers=fresh.headers())


def _day_in(data: dict[str, Any]) -> str | None:
    """The first ``…_on`` day of *data*, its own fields before those of the values it holds."""
    for name, value in data.items():
        if name.endswith("_on") and isinstance(value, str):
            return value
    for value in data.values():
        if isinstance(value, dict) and (found := _day_in(value)) is not None:
            return found
    return None


def _when(line: dict[str, Any]) -> str:
    """The day an event says it happened (a confirmation's: its decree's), else its record day."""
    return _day_in(line["data"]) or str(line["recorded_at"])[:10]


def kim_page(request: Request) -> Response:
    """``GET /kim/{group_id}``: what a KIM is now, and everything that happened to it."""
    service = reader(request)
    root = _root(request)
    try:
        group_id = uuid.UUID(request.path_params["group_id"])
    except ValueError:
        raise HttpError(404, "no such KIM", rule="not-found") from None
    stored = service.store.read_stream(AggregateRef(kind="group", id=group_id).stream_id)
    if not stored:
        raise HttpError(404, f"no KIM {group_id} is recorded", rule="not-found")
    lines = service.lines(stored, personal=False)
    rows = service.rows("kim_groups", {"group_id": str(group_id)})
    formed = lines[0]["data"]
    name = rows[0]["name"] if rows else formed.get("name", str(group_id))
    facts = ""
    if rows:
        g = rows[0]
        district = _cut(g["region_code"], 3)
        facts = (
            "<dl>"
            f"<dt>Desa/kelurahan <span class=en lang=en>(seat)</span></dt>"
            f"<dd>{escape(g['region_name'])} ({escape(g['region_code'])})</dd>"
            + profile_facts(g, _region_names(service, "", [district]).get(district))
            + f"<dt>Tahap <span class=en lang=en>(stage)</span></dt>"
            f"<dd>{escape(STAGES.get(g['stage'], g['stage']))}</dd>"
            f"<dt>Anggota <span class=en lang=en>(members)</span></dt><dd>{g['member_count']}</dd>"
            f"<dt>Nomor registrasi <span class=en lang=en>(registration)</span></dt>"
            f"<dd>{escape(g['registration_number'] or '—')}</dd>"
            "</dl>"
        )
    timeline = [
        [
            escape(_when(line)),
            f"{escape(EVENT_LABELS.get(line['event_type'], (line['event_type'],))[0])}"
            f' <span class="en" lang="en">({escape(line["event_type"])})</span>',
        ]
        # In the order things happened (a decree dated before it was recorded sits where
        # its date puts it), and in log order within a day.
        for line in sorted(lines, key=lambda line: (_when(line), line["position"]))
    ]
    body = (
        f'<p><a href="{root}/">← Semua KIM (all KIMs)</a></p>'
        + facts
        + _table(
            "Riwayat (timeline)",
            [
                ("Tanggal <span class=en lang=en>(date)</span>", False),
                ("Peristiwa <span class=en lang=en>(event)</span>", False),
            ],
            timeline,
            "Belum ada peristiwa (nothing yet).",
        )
    )
    return _page(str(name), "KIM timeline", body)
