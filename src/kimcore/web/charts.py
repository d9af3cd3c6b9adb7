"""The office's charts: each one counts from the reports, and is served as data and as a picture.

Four charts, each for the whole log or for one region (``?region=62.71``):

- ``activities``: activities held, by month (the ``activities`` report, added up by month);
- ``stages``: KIMs by stage (formed, confirmed, registered) in each region one level below the
  one asked for (the ``kims`` report);
- ``members``: members by category and gender (the ``members`` report);
- ``map``: KIMs in each district, a **schematic** map: a tile a district, a row a regency,
  in Kemendagri code order (no boundary file of Indonesia's districts ships in a package
  kimcore can depend on, so the tiles stand where their codes put them, not where the land is).

The counts are the reports' own, counted in the read-model store (one ``GROUP BY``); they hold
no personal data, only counts by region, month, stage, category and gender.
``GET /api/charts/{name}`` gives a chart's data as JSON, ``GET /api/charts/{name}.svg`` draws it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kimcore.domain.views.query import within
from kimcore.vocabulary.labels import label
from kimcore.vocabulary.members import MemberCategory
from kimcore.web import svg
from kimcore.web.caching import unchanged
from kimcore.web.http import HttpError, json_response, known_params, query_region, reader
from kimcore.web.service import Freshness, Service

__all__ = [
    "CHARTS",
    "LEVEL_OF",
    "chart",
    "chart_data",
    "chart_image",
    "charts_index",
    "draw",
    "region_names",
    "region_of",
]

# The level a code of so many parts is at, and the report level that cuts codes there.
LEVEL_OF = {1: "province", 2: "regency", 3: "district", 4: "village"}
# Beyond this many districts the map shows regencies instead, a row a province (and beyond
# this many regencies, provinces): a tile is about 300 bytes of the page.
MAX_TILES = 250
# Beyond this many regions the stage chart keeps those with the most KIMs.
MAX_BARS = 40
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")

STAGE_SERIES = (
    svg.Series("formed", "Dibentuk", "#E69F00"),
    svg.Series("confirmed", "Dikukuhkan", "#56B4E9"),
    svg.Series("registered", "Terdaftar", "#009E73"),
)
GENDER_SERIES = (
    svg.Series("man", "Laki-laki", "#0072B2"),
    svg.Series("woman", "Perempuan", "#CC79A7"),
    svg.Series("unknown", "Tidak tercatat", "#999999"),
)
ACTIVITY_SERIES = svg.Series("activities", "Jumlah kegiatan", "#0b4f9c")
KIM_SERIES = svg.Series("kims", "Jumlah KIM", "#2171b5")

Data = dict[str, Any]


def _parts(code: str) -> int:
    return code.count(".") + 1


def _cut(code: str, parts: int) -> str:
    return ".".join(code.split(".")[:parts])


def region_of(request: Request) -> str:
    """The ``region`` query parameter (`query_region`), the only one a chart takes."""
    known_params(request, "region")
    return query_region(request)


def region_names(service: Service) -> dict[str, str]:
    """The region names the log knows: the forums' (a province's, a regency's, a district's)."""
    return {r["region_code"]: r["region_name"] for r in service.rows("kim_forums")}


def _named(code: str, names: Mapping[str, str]) -> str:
    if code == "unknown":
        return "Tidak diketahui"
    return f"{names[code]} ({code})" if code in names else code


def _rows(
    service: Service, report: str, level: str, region: str
) -> tuple[list[dict[str, Any]], Freshness]:
    table, fresh = service.report(report, level, None)
    kept = [r for r in table.rows if not region or within(str(r["region_code"]), region)]
    return kept, fresh


def _deep_enough(region: str) -> str:
    """The report level at which rows can be kept by *region* (province for everywhere)."""
    return LEVEL_OF[min(_parts(region), 4)] if region else "province"


def _month(key: str) -> str:
    year, _, month = key.partition("-")
    if not month.isdigit() or not 1 <= int(month) <= 12:
        return key
    return f"{_MONTHS[int(month) - 1]} {year}"


def _following(key: str) -> str:
    year, month = int(key[:4]), int(key[5:7])
    return f"{year + month // 12}-{month % 12 + 1:02d}"


def _activities(service: Service, region: str, names: Mapping[str, str]) -> Data:
    rows, fresh = _rows(service, "activities", _deep_enough(region), region)
    by_month: dict[str, int] = defaultdict(int)
    for r in rows:
        by_month[str(r["month"])] += int(r["activities"])
    months = sorted(m for m in by_month if re.fullmatch(r"\d{4}-\d{2}", m))
    if months:  # every month from the first to the last, none left out for having no activity
        key = months[0]
        while key < months[-1]:
            key = _following(key)
            by_month.setdefault(key, 0)
    keys = sorted(by_month)
    return {
        "series": [ACTIVITY_SERIES],
        "rows": [
            {"key": k, "label": _month(k), "values": {"activities": by_month[k]}} for k in keys
        ],
        "level": "month",
        "fresh": fresh,
    }


def _stages(service: Service, region: str, names: Mapping[str, str]) -> Data:
    below = min(_parts(region) + 1, 4) if region else 2
    rows, fresh = _rows(service, "kims", LEVEL_OF[below], region)
    if not region and len({_cut(str(r["region_code"]), 1) for r in rows}) > 1:
        below = 1  # KIMs of several provinces: a bar a province
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        code = str(r["region_code"])
        code = code if code == "unknown" else _cut(code, below)
        found = counts.setdefault(code, dict.fromkeys((s.name for s in STAGE_SERIES), 0))
        for s in STAGE_SERIES:
            found[s.name] += int(r[s.name])
    kept = sorted(counts, key=lambda c: (-sum(counts[c].values()), c))[:MAX_BARS]
    return {
        "series": list(STAGE_SERIES),
        "rows": [
            {"key": c, "label": _named(c, names), "values": counts[c]}
            for c in sorted(kept)
            if sum(counts[c].values())
        ],
        "level": LEVEL_OF[below],
        "fresh": fresh,
        "more": max(0, len(counts) - MAX_BARS),
    }


def _category(value: str) -> str:
    try:
        return label(MemberCategory(value))
    except ValueError:
        return value


def _members(service: Service, region: str, names: Mapping[str, str]) -> Data:
    rows, fresh = _rows(service, "members", _deep_enough(region), region)
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        found = counts.setdefault(
            str(r["category"]), dict.fromkeys((s.name for s in GENDER_SERIES), 0)
        )
        gender = str(r["gender"]) if r["gender"] in found else "unknown"
        found[gender] += int(r["members"])
    return {
        "series": list(GENDER_SERIES),
        "rows": [{"key": c, "label": _category(c), "values": counts[c]} for c in sorted(counts)],
        "level": "category",
        "fresh": fresh,
    }


def _map(service: Service, region: str, names: Mapping[str, str]) -> Data:
    within_district = _cut(region, 3) if region else ""
    rows, fresh = _rows(service, "kims", "district", within_district)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        if r["region_code"] != "unknown":
            counts[str(r["region_code"])] += int(r["kims"])
    for code in names:  # districts with a forum and no KIM are on the map too
        if _parts(code) == 3 and (not region or within(code, within_district)):
            counts.setdefault(code, 0)
    tile = 3
    while len(counts) > MAX_TILES and tile > 1:
        tile -= 1
        rolled: dict[str, int] = defaultdict(int)
        for code, n in counts.items():
            rolled[_cut(code, tile)] += n
        counts = rolled
    return {
        "series": [KIM_SERIES],
        "rows": [
            {
                "key": c,
                "label": names.get(c, c),
                "group": _cut(c, tile - 1),
                "group_label": _named(_cut(c, tile - 1), names) if tile > 1 else "Indonesia",
                "values": {"kims": counts[c]},
            }
            for c in sorted(counts)
        ],
        "level": LEVEL_OF[tile],
        "schematic": True,
        "fresh": fresh,
    }


Counting = Callable[[Service, str, Mapping[str, str]], Data]
CHARTS: Mapping[str, tuple[str, str, Counting]] = {
    "activities": ("Kegiatan per bulan", "Activities by month", _activities),
    "stages": ("Tahap KIM per wilayah", "KIM stages by region", _stages),
    "members": (
        "Anggota per unsur dan jenis kelamin",
        "Members by category and gender",
        _members,
    ),
    "map": ("Peta KIM per kecamatan (skematis)", "KIMs by district (schematic map)", _map),
}


def chart_data(
    service: Service, name: str, region: str = "", names: Mapping[str, str] | None = None
) -> Data:
    """The chart *name*'s counts for *region* (everywhere if empty), as its JSON answer.

    *names*: the regions' names (`region_names`), when the caller has read them already.
    """
    if name not in CHARTS:
        raise HttpError(404, f"no chart {name!r}; known: {', '.join(CHARTS)}", rule="not-found")
    title_id, title, counting = CHARTS[name]
    made = counting(service, region, region_names(service) if names is None else names)
    fresh: Freshness = made.pop("fresh")
    series: list[svg.Series] = made.pop("series")
    return {
        "chart": name,
        "title": title,
        "title_id": title_id,
        "region": region or None,
        **made,
        "series": [{"name": s.name, "label_id": s.label} for s in series],
        "total": sum(sum(r["values"].values()) for r in made["rows"]),
        **fresh.fields(),
    }


def draw(data: Data) -> str:
    """The chart *data* (as `chart_data` gives it) drawn as SVG."""
    name = data["chart"]
    where = f" — {data['region']}" if data["region"] else ""
    title = f"{data['title_id']}{where} ({data['title']})"
    desc = _describe(data)
    if name == "activities":
        bars = [svg.Bar(r["label"], (r["values"]["activities"],)) for r in data["rows"]]
        return svg.columns(title, desc, bars, ACTIVITY_SERIES)
    if name == "map":
        groups: dict[str, list[svg.Tile]] = {}
        for r in data["rows"]:
            tiles = groups.setdefault(r["group_label"], [])
            short = r["key"].rsplit(".", 1)[-1]
            tiles.append(svg.Tile(r["key"], short, r["label"], r["values"]["kims"]))
        return svg.tiles(title, desc, list(groups.items()))
    series = STAGE_SERIES if name == "stages" else GENDER_SERIES
    bars = [svg.Bar(r["label"], tuple(r["values"][s.name] for s in series)) for r in data["rows"]]
    return svg.stacked(title, desc, bars, series)


def _describe(data: Data) -> str:
    """What the chart shows, in words, for whoever cannot see it."""
    parts = [
        f"{r['label']}: "
        + ", ".join(f"{s['label_id']} {r['values'][s['name']]}" for s in data["series"])
        for r in data["rows"][:60]
    ]
    more = " …" if len(data["rows"]) > 60 else ""
    schematic = (
        " Peta skematis: satu kotak satu wilayah, diurutkan menurut kode Kemendagri"
        " (schematic: a tile a region, in code order, not drawn to the land)."
        if data.get("schematic")
        else ""
    )
    return f"Jumlah {data['total']}.{schematic} " + "; ".join(parts) + more


def charts_index(request: Request) -> Response:
    """``GET /api/charts``: every chart, its title, and where its data and picture are."""
    reader(request)
    known_params(request)
    return json_response(
        {
            "charts": [
                {
                    "name": name,
                    "title": title,
                    "title_id": title_id,
                    "url": str(request.url_for("chart", name=name)),
                    "image": str(request.url_for("chart_image", name=name)),
                }
                for name, (title_id, title, _) in CHARTS.items()
            ]
        }
    )


def _fresh_headers(data: Data) -> dict[str, str]:
    return Freshness(data["checkpoint"], data["head"], data["behind"]).headers()


def _asked(request: Request) -> tuple[Service, str, str] | Response:
    """The service, the chart and the region a chart's route is asked for, or its 304."""
    service = reader(request)
    name = request.path_params["name"]
    if name not in CHARTS:
        raise HttpError(404, f"no chart {name!r}; known: {', '.join(CHARTS)}", rule="not-found")
    region = region_of(request)
    return unchanged(request) or (service, name, region)


def chart(request: Request) -> Response:
    """``GET /api/charts/{name}?region=``: the chart's counts as JSON."""
    asked = _asked(request)
    if isinstance(asked, Response):
        return asked
    data = chart_data(*asked)
    return json_response(data, headers=_fresh_headers(data))


def chart_image(request: Request) -> Response:
    """``GET /api/charts/{name}.svg?region=``: the chart drawn, an SVG image."""
    asked = _asked(request)
    if isinstance(asked, Response):
        return asked
    data = chart_data(*asked)
    return Response(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + svg.on_white(draw(data)),
        media_type="image/svg+xml",
        headers=_fresh_headers(data),
    )
