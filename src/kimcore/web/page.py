"""The office's page: KIMs by regency and district with counts, filterable, and each KIM's timeline.

Server-rendered HTML that works without JavaScript: the filters are a GET
form, so a filtered view is a link an officer can share. Indonesian first,
English beside it; headings, labels, table captions and header cells for
screen readers; one column on a phone. No personal data is ever shown.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable
from html import escape
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kimcore.domain.identity import AggregateRef
from kimcore.web.http import HttpError, reader, within

__all__ = ["EVENT_LABELS", "STYLE", "home", "kim_page"]

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
"""


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


def _names(service: Any, groups: list[dict[str, Any]]) -> dict[str, str]:
    """Region names the log knows: a forum's region, a KIM's village (of *groups*)."""
    names: dict[str, str] = {}
    for row in service.rows("kim_forums"):
        names[row["region_code"]] = row["region_name"]
    for row in groups:
        names.setdefault(row["region_code"], row["region_name"])
    return names


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
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if headings[i][1] else ''}>{cell}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="scroll" role="region" aria-label="{escape(caption)}" tabindex="0">'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table></div>"
    )


def home(request: Request) -> Response:
    """``GET /``: counts by regency (or by district within one), and the KIMs the filters keep."""
    service = reader(request)
    params = request.query_params
    region, stage, kind = params.get("region", ""), params.get("stage", ""), params.get("kind", "")
    words = params.get("q", "").strip()
    fresh = service.freshness("kim_groups")  # read first: the rows are at least this new
    checkpoint = fresh.checkpoint
    every = service.rows("kim_groups")
    groups = [g for g in every if g["dissolved_on"] is None]
    names = _names(service, every)
    regencies = sorted({_cut(g["region_code"], 2) for g in groups})
    districts = sorted({_cut(g["region_code"], 3) for g in groups})
    shown = [
        g
        for g in groups
        if (not region or within(g["region_code"], region))
        and (not stage or g["stage"] == stage)
        and (not kind or g["kind"] == kind)
        and (not words or words.casefold() in g["name"].casefold())
    ]
    by = 3 if region.count(".") >= 1 else 2
    level = ("Kecamatan", "district") if by == 3 else ("Kabupaten/kota", "regency or city")
    counts = Counter(_cut(g["region_code"], by) for g in shown)
    registered = Counter(_cut(g["region_code"], by) for g in shown if g["stage"] == "registered")
    members: Counter[str] = Counter()
    for g in shown:
        members[_cut(g["region_code"], by)] += g["member_count"] or 0
    summary = [
        [
            f'<a href="/?{urlencode({"region": code})}">{escape(names.get(code, code))}</a>'
            f" <small>({escape(code)})</small>",
            str(counts[code]),
            str(registered[code]),
            str(members[code]),
        ]
        for code in sorted(counts)
    ]
    listing = [
        [
            f'<a href="/kim/{escape(g["group_id"])}">{escape(g["name"])}</a>',
            f"{escape(g['region_name'])} <small>({escape(g['region_code'])})</small>",
            escape(STAGES.get(g["stage"], g["stage"])),
            escape(KINDS.get(g["kind"] or "", "—")),
            str(g["member_count"]),
        ]
        for g in sorted(shown, key=lambda g: (g["region_code"], g["name"]))
    ]
    region_choices = [("", "Semua wilayah (all regions)")] + [
        (code, f"{names.get(code, code)} ({code})") for code in [*regencies, *districts]
    ]
    form = f"""
<form method="get" action="/" role="search" aria-label="Saring KIM (filter KIMs)">
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
    body = (
        form + f'<p role="status">{len(shown)} KIM ditampilkan <span class="en" lang="en">'
        f"({len(shown)} KIMs shown)</span></p>"
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
        + f"<footer>Data sampai posisi log {checkpoint} dari {fresh.head}"
        f' <span lang="en">(as of log position {checkpoint} of {fresh.head})</span>'
        ' · <a href="/api">API</a></footer>'
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
        facts = (
            "<dl>"
            f"<dt>Desa/kelurahan <span class=en lang=en>(seat)</span></dt>"
            f"<dd>{escape(g['region_name'])} ({escape(g['region_code'])})</dd>"
            f"<dt>Tahap <span class=en lang=en>(stage)</span></dt>"
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
        for line in lines
    ]
    body = (
        '<p><a href="/">← Semua KIM (all KIMs)</a></p>'
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
