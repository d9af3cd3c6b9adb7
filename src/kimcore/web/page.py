"""The office's page: KIMs by regency and district with counts, filterable, and each KIM's timeline.

Server-rendered HTML that works without JavaScript: the filters are a GET
form, so a filtered view is a link an officer can share. Indonesian first,
English beside it; headings, labels, table captions and header cells for
screen readers; one column on a phone. No personal data is ever shown.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from kimcore.domain.views.groups import GROUPS
from kimcore.domain.views.query import Query
from kimcore.domain.views.tally import Measure, Tally
from kimcore.vocabulary.errors import DomainError
from kimcore.web.figures import charts_section, reports_section, updated
from kimcore.web.http import HttpError, known_params, query_region, reader
from kimcore.web.page_kim import EVENT_LABELS, kim_page
from kimcore.web.page_parts import (
    KIND_LABELS,
    STAGES,
    STYLE,
    _region_names,
    cut_code,
    mounted_at,
    options_html,
    page_response,
    table_html,
)

__all__ = ["EVENT_LABELS", "PAGE_SIZE", "STYLE", "home", "kim_page"]

# A Kemendagri code of 1 to 4 parts has this many characters (62, 62.05, 62.05.03, 62.05.03.2001).
_WIDTH = {1: 2, 2: 5, 3: 8, 4: 13}
_LEVELS = {
    1: ("Provinsi", "province"),
    2: ("Kabupaten/kota", "regency or city"),
    3: ("Kecamatan", "district"),
    4: ("Desa/kelurahan", "village or ward"),
}
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
        total = rolled.setdefault(cut_code(code, parts), [0, 0, 0])
        for i, n in enumerate(numbers):
            total[i] += n
    return rolled


def home(request: Request) -> Response:
    """``GET /``: counts by region, and a page of the KIMs the filters keep.

    At any size: the counts are a ``GROUP BY`` in the read-model store (by province when
    the KIMs span several, else by regency; within a region, by the level below it), the
    list is one page of a query, and the next page is a link. The name search narrows the
    list, not the counts.
    """
    service = reader(request)
    known_params(request, "region", "stage", "kind", "q", "cursor")
    root = mounted_at(request)
    params = request.query_params
    region, stage, kind = query_region(request), params.get("stage", ""), params.get("kind", "")
    words = params.get("q", "").strip()
    fresh = service.freshness("kim_groups")  # read first: the rows are at least this new
    where: dict[str, Any] = {"dissolved_on": None}
    where |= {"stage": stage} if stage else {}
    where |= {"kind": kind} if kind else {}
    if region:
        by = min(region.count(".") + 2, 4)
        counts = _counts(service, where, by, region)
        choices = [cut_code(region, p) for p in range(1, by)] + sorted(counts)
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
            escape(KIND_LABELS.get(g["kind"] or "", "—")),
            str(g["member_count"]),
        ]
        for g in page.rows
    ]
    region_choices = [("", "Semua wilayah (all regions)")] + [
        (code, f"{names.get(code, code)} ({code})") for code in dict.fromkeys(choices)
    ]
    if region and region not in dict(region_choices):
        region_choices.append((region, region))
    kinds = options_html([("", "Semua (all)"), *KIND_LABELS.items()], kind)
    form = f"""
<form method="get" action="{root}/" role="search" aria-label="Saring KIM (filter KIMs)">
<label>Wilayah <span class="en" lang="en">Region</span>
<select name="region">{options_html(sorted(region_choices), region)}</select></label>
<label>Tahap <span class="en" lang="en">Stage</span>
<select name="stage">{options_html([("", "Semua (all)"), *STAGES.items()], stage)}</select></label>
<label>Jenis <span class="en" lang="en">Kind</span>
<select name="kind">{kinds}</select></label>
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
        + table_html(
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
        + table_html(
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
    return page_response("KIM per wilayah", "KIMs by region", body, headers=fresh.headers())
