"""The charts without a server: drawn for any data, rolled up at a nation's size; XLSX charts.

The counts come from a made-up service whose reports are counted here in Python.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

CHARTS = ("activities", "stages", "members", "map")
SVG = "{http://www.w3.org/2000/svg}"


def _cut(code: str, parts: int) -> str:
    return ".".join(code.split(".")[:parts])


def test_the_drawing_reads_for_every_shape_of_data() -> None:
    """Nothing to count, one count, a name with markup in it: the SVG is well formed."""
    from kimcore.web import svg
    from kimcore.web.charts import draw

    assert svg._ticks(0) == [0, 1]
    assert svg._ticks(7) == [0, 2, 4, 6, 8]
    assert svg._ticks(1234) == [0, 500, 1000, 1500]
    empty = {"title": "T", "title_id": "T", "region": None, "rows": [], "series": [], "total": 0}
    for name in CHARTS:
        root = ET.fromstring(draw({**empty, "chart": name}))
        assert "Belum ada data" in "".join(root.itertext())
    odd = '<Desa "A&B">'
    tile = {"key": "62.71.01", "label": odd, "group": "62.71", "group_label": odd}
    one = {**empty, "chart": "map", "total": 1, "rows": [{**tile, "values": {"kims": 1}}]}
    root = ET.fromstring(draw(one))
    assert [g.get("data-code") for g in root.iter(f"{SVG}g")] == ["62.71.01"]
    assert odd in "".join(root.itertext())  # escaped in the SVG, read back as it was
    bars = {
        **empty,
        "chart": "stages",
        "total": 3,
        "series": [{"name": n, "label_id": n} for n in ("formed", "confirmed", "registered")],
        "rows": [
            {"key": "62", "label": odd, "values": {"formed": 1, "confirmed": 0, "registered": 2}}
        ],
    }
    rects = list(ET.fromstring(draw(bars)).iter(f"{SVG}rect"))
    assert len(rects) == 2 + 3  # two counts drawn (none for 0), three legend keys


def test_an_empty_report_has_no_chart_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from kimcore.reporting import ReportTable, report_named, write_xlsx

    table = ReportTable(report_named("kims"), "regency", None, None, rows=[])
    write_xlsx(table, tmp_path / "kims.xlsx")
    assert len(load_workbook(tmp_path / "kims.xlsx").sheetnames) == 1


class _Reports:
    """A service as the charts use it, its reports made up: many districts, many regions."""

    def __init__(self, kims: list[dict[str, Any]]) -> None:
        self.kims = kims

    def report(self, name: str, level: str, as_of: object) -> tuple[Any, Any]:
        from types import SimpleNamespace

        from kimcore.domain.views.reports import LEVELS
        from kimcore.web.service import Freshness

        rows: Counter[str] = Counter()
        stages: dict[str, Counter[str]] = defaultdict(Counter)
        for k in self.kims:
            code = _cut(k["region_code"], LEVELS[level])
            rows[code] += 1
            stages[code][k["stage"]] += 1
        made = [
            {
                "region_code": c,
                "kims": n,
                **{s: stages[c][s] for s in ("formed", "confirmed", "registered")},
            }
            for c, n in rows.items()
        ]
        return SimpleNamespace(rows=made), Freshness(1, 1, 0)

    def rows(self, table: str) -> list[dict[str, Any]]:
        return []


def test_a_nation_of_districts_is_mapped_by_regency_and_the_stages_keep_the_largest() -> None:
    from kimcore.web.charts import MAX_BARS, MAX_TILES, chart_data

    # Three provinces of 45 regencies, of 4 districts each; regency 12.45 has 6 KIMs more.
    kims = [
        {"region_code": f"{p}.{r:02d}.{d:02d}.2001", "stage": "registered" if d % 2 else "formed"}
        for p in (11, 12, 13)
        for r in range(1, 46)
        for d in range(1, 5)
    ] + [{"region_code": "12.45.01.2002", "stage": "confirmed"}] * 6
    service: Any = _Reports(kims)
    on_map = chart_data(service, "map")
    assert on_map["level"] == "regency"  # 540 districts: a tile a regency
    assert len(on_map["rows"]) == 3 * 45 <= MAX_TILES
    assert {r["group"] for r in on_map["rows"]} == {"11", "12", "13"}
    assert on_map["total"] == len(kims)
    stages = chart_data(service, "stages", "12")
    assert stages["level"] == "regency"
    assert (len(stages["rows"]), stages["more"]) == (MAX_BARS, 45 - MAX_BARS)
    assert "12.45" in {r["key"] for r in stages["rows"]}  # the largest kept, in code order
    everywhere = chart_data(service, "stages")
    assert everywhere["level"] == "province"  # KIMs of three provinces: a bar a province
    assert {r["key"]: r["values"]["registered"] for r in everywhere["rows"]} == {
        "11": 90,
        "12": 90,
        "13": 90,
    }


def test_the_map_shades_the_largest_count_darkest() -> None:
    from kimcore.web.svg import SCALE, _shade

    assert _shade(0, 3) not in SCALE  # none: grey
    assert _shade(1, 1) == _shade(3, 3) == SCALE[-1]
    assert [SCALE.index(_shade(n, 10)) for n in (1, 2, 5, 10)] == [0, 0, 2, 4]
