"""The office's charts over HTTP: their counts are the read models', their pictures say the same.

A demo province (a KIM a village) served by ``kimcore serve``, with one KIM formed over HTTP
whose members' genders are recorded and whose timeline was recorded out of date order.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.services import durable_store
from tests.web_server import (
    OFFICE,
    PORTAL,
    READER,
    bearer,
    form_body,
    kimcore,
    serving,
    write_tokens,
)

CHARTS = ("activities", "stages", "members", "map")
SVG = "{http://www.w3.org/2000/svg}"
NEW_KIM = uuid.UUID("6a0d9b8e-1f0c-4c55-9d7e-2b1d7c3e5f01")
# The members of the KIM formed here: the names the charts must never show.
NAMES = ("Rahayu Kusumawati", "Bambang Prasetyo", "Wening Sulistyani", "Yohana Mardiani")


Served = tuple[str, Path, str]


def _cut(code: str, parts: int) -> str:
    return ".".join(code.split(".")[:parts])


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Served]:
    """The demo with one KIM more, served; yields its base URL, the token file, the store's URL.

    ``kimcore demo`` writes a SQLite file; on PostgreSQL it is copied there.
    """
    folder = tmp_path_factory.mktemp("charts")
    demo = f"sqlite:///{folder / 'demo.db'}"
    done = kimcore(demo, "demo", "--db", str(folder / "demo.db"), "--villages", "1")
    assert done.returncode == 0, done.stderr
    tokens = write_tokens(folder / "tokens.json")
    with durable_store(request.param, folder, "charts") as empty:
        url = demo
        if request.param == "postgres":
            copied = kimcore(demo, "copy", "--from", demo, "--to", empty)
            assert copied.returncode == 0, copied.stderr
            url = empty
        with serving(url, tokens) as base:
            _add_a_kim(base)
            yield base, tokens, url


def _add_a_kim(base: str) -> None:
    """A KIM whose members' genders are known, and whose timeline was recorded out of order."""
    founders = [
        {"member_id": str(uuid.uuid4()), "name": name, "category": category, "gender": g}
        for name, category, g in zip(
            NAMES[:3], ("youth", "farmer", "youth"), ("woman", "man", "woman"), strict=True
        )
    ]
    body = form_body(NEW_KIM) | {"founders": founders}
    made = httpx.post(f"{base}/api/commands/FormGroup", json=body, headers=bearer(PORTAL))
    assert made.status_code == 201, made.text
    # Recorded later, but joined before the first joiner: the timeline puts it first.
    for name, joined in ((NAMES[3], "2024-06-01"), ("Putri Anggraeni", "2024-04-01")):
        member = {"member_id": str(uuid.uuid4()), "name": name, "category": "pupil"}
        join = {"group_id": str(NEW_KIM), "member": member, "joined_on": joined}
        done = httpx.post(f"{base}/api/commands/JoinGroup", json=join, headers=bearer(PORTAL))
        assert done.status_code == 201, done.text


def _current(base: str) -> dict[str, Any]:
    from tests.web_server import caught_up

    return caught_up(base)


def _chart(base: str, name: str, **params: str) -> dict[str, Any]:
    answer = httpx.get(f"{base}/api/charts/{name}", params=params)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def _groups(base: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = httpx.get(f"{base}/api/kims", params={"limit": 1000}).json()[
        "rows"
    ]
    return [g for g in rows if g["dissolved_on"] is None]


def test_each_chart_counts_what_the_read_models_hold(served: Served) -> None:
    base, _, _ = served
    _current(base)
    groups = _groups(base)
    assert len(groups) == 12
    stages = _chart(base, "stages")
    assert stages["level"] == "regency"
    expected: dict[str, Counter[str]] = defaultdict(Counter)
    for g in groups:
        expected[_cut(g["region_code"], 2)][g["stage"]] += 1
    assert {r["key"]: dict(+Counter(r["values"])) for r in stages["rows"]} == {
        code: dict(c) for code, c in expected.items()
    }
    assert stages["total"] == len(groups)
    # Within a regency, a bar a district.
    within = _chart(base, "stages", region="62.71")
    assert within["level"] == "district"
    assert {r["key"] for r in within["rows"]} == {
        _cut(g["region_code"], 3) for g in groups if g["region_code"].startswith("62.71.")
    }
    districts = Counter(_cut(g["region_code"], 3) for g in groups)
    on_map = _chart(base, "map")
    assert on_map["schematic"] is True
    assert {r["key"]: r["values"]["kims"] for r in on_map["rows"] if r["values"]["kims"]} == dict(
        districts
    )
    assert all(r["group"] == _cut(r["key"], 2) for r in on_map["rows"])
    members = _chart(base, "members")
    assert members["total"] == sum(g["member_count"] for g in groups)
    report = httpx.get(f"{base}/api/reports/members", params={"level": "province"}).json()
    by_kind: Counter[tuple[str, str]] = Counter()
    for row in report["rows"]:
        by_kind[row["category"], row["gender"]] += row["members"]
    drawn = Counter(
        {(r["key"], g): n for r in members["rows"] for g, n in r["values"].items() if n}
    )
    assert drawn == +by_kind
    assert drawn["youth", "woman"] >= 2
    assert drawn["farmer", "man"] >= 1
    activities = _chart(base, "activities")
    table = httpx.get(f"{base}/api/models/kim_activity_report", params={"limit": 1000}).json()
    months: Counter[str] = Counter()
    for row in table["rows"]:
        months[row["month"]] += row["activities"]
    assert {r["key"]: r["values"]["activities"] for r in activities["rows"]} == {
        m: months[m] for m in sorted(months)
    } | {r["key"]: 0 for r in activities["rows"] if r["key"] not in months}
    assert activities["total"] == sum(months.values()) > 0


def test_the_picture_draws_the_data(served: Served) -> None:
    base, _, _ = served
    for name in CHARTS:
        data = _chart(base, name)
        answer = httpx.get(f"{base}/api/charts/{name}.svg")
        assert answer.status_code == 200
        assert answer.headers["content-type"].startswith("image/svg+xml")
        assert "Kimcore-Checkpoint" in answer.headers
        root = ET.fromstring(answer.content)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert root.find(f"{SVG}title") is not None
        # Nothing a Content-Security-Policy without inline script or style would block.
        for element in root.iter():
            assert element.tag.removeprefix(SVG) not in ("script", "style", "foreignObject")
            assert not any(a == "style" or a.startswith("on") for a in element.attrib)
        titles = [t.text or "" for t in root.iter(f"{SVG}title")][1:]
        if name == "map":
            tiles = {g.get("data-code"): g for g in root.iter(f"{SVG}g")}
            assert set(tiles) == {r["key"] for r in data["rows"]}
            for r in data["rows"]:
                title = tiles[r["key"]].find(f"{SVG}title")
                assert title is not None
                assert (title.text or "").endswith(f": {r['values']['kims']}")
        else:
            drawn = sum(int(t.rsplit(": ", 1)[1].replace(".", "")) for t in titles)
            assert drawn == data["total"]


def test_charts_carry_no_personal_data(served: Served) -> None:
    base, _, _ = served
    _current(base)
    log = httpx.get(f"{base}/api/log", params={"limit": 1000}, headers=bearer(OFFICE)).text
    assert all(name in log for name in NAMES)  # the names are in the log, for the office
    kim = httpx.get(f"{base}/api/kims/{NEW_KIM}", headers=bearer(OFFICE)).json()
    member_ids = {m["member_id"] for m in kim["members"]}
    assert len(member_ids) == 5
    group_ids = {g["group_id"] for g in _groups(base)}
    group_names = {g["name"] for g in _groups(base)}
    for name in CHARTS:
        for region in ("", "62.71", "62.71.02"):
            data = _chart(base, name, region=region)
            picture = httpx.get(f"{base}/api/charts/{name}.svg", params={"region": region}).text
            for text in (str(data), picture):
                assert not any(n in text for n in NAMES), name
                assert not any(i in text for i in member_ids | group_ids), name
                assert not any(n in text for n in group_names)  # counts by region, not by KIM
            for row in data["rows"]:
                assert set(row) <= {"key", "label", "values", "group", "group_label"}
                assert all(type(n) is int for n in row["values"].values())
    page = httpx.get(f"{base}/").text
    charts = page.split('aria-labelledby="charts-h"', 1)[1].split("</section>", 1)[0]
    assert charts.count("<svg") == len(CHARTS)
    assert not any(n in page for n in NAMES)


def test_charts_answer_to_the_read_rules(served: Served) -> None:
    base, tokens, url = served
    index = httpx.get(f"{base}/api/charts").json()
    assert [c["name"] for c in index["charts"]] == list(CHARTS)
    assert "charts" in httpx.get(f"{base}/api").json()
    unknown = bearer("not-a-token-at-all-000")
    assert httpx.get(f"{base}/api/charts/map.svg", headers=unknown).status_code == 401
    assert httpx.get(f"{base}/api/charts/nothing").status_code == 404
    assert httpx.get(f"{base}/api/charts/nothing.svg").status_code == 404
    assert httpx.get(f"{base}/api/charts/map", params={"region": "62;x"}).status_code == 400
    with serving(url, tokens, "--private-reads", wait=False) as private:  # the same store
        for path in ("/api/charts", "/api/charts/stages", "/api/charts/stages.svg"):
            assert httpx.get(f"{private}{path}").status_code == 401
            assert httpx.get(f"{private}{path}", headers=bearer(READER)).status_code == 200


def test_the_page_links_every_report_and_tells_time_not_positions(
    served: Served,
) -> None:
    base, _, _ = served
    index = _current(base)
    page = httpx.get(f"{base}/")
    assert len(page.content) < 200_000
    reports = httpx.get(f"{base}/api/reports").json()["reports"]
    links = set(re.findall(r'href="(/api/reports/[^"]+)"', page.text))
    for report in reports:
        for fmt in ("xlsx", "csv", "json"):
            link = next(h for h in links if h.startswith(f"/api/reports/{report['name']}?"))
            link = re.sub(r"format=\w+", f"format={fmt}", link.replace("&amp;", "&"))
            assert httpx.get(f"{base}{link}").status_code == 200, link
    for odd in ("62.71.01.1002.9", "abc", "62..71"):  # the page's filter is not checked here
        assert httpx.get(f"{base}/", params={"region": odd}).status_code in (200, 400)
    footer = page.text.split("<footer>", 1)[1]
    assert "diperbarui" in footer
    assert str(index["health"]["head"]) not in footer
    assert not re.search(r"posisi log|log position", footer)


def test_a_kims_timeline_is_in_date_order(served: Served) -> None:
    base, _, _ = served
    page = httpx.get(f"{base}/kim/{NEW_KIM}").text
    days = re.findall(r'<td data-label="[^"]*">(\d{4}-\d{2}-\d{2})</td>', page)
    assert days == sorted(days)
    assert days[:3] == ["2024-03-01", "2024-04-01", "2024-06-01"]


@pytest.mark.parametrize("name", ["kims", "members", "activities"])
def test_an_xlsx_report_holds_a_native_chart_of_its_main_counts(served: Served, name: str) -> None:
    import io
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.chart import BarChart
    from openpyxl.worksheet.worksheet import Worksheet

    from kimcore.reporting import CHARTED

    base, _, _ = served
    params = {"level": "district", "lang": "id"}
    answer = httpx.get(f"{base}/api/reports/{name}", params={**params, "format": "xlsx"})
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.content)) as parts:
        assert "xl/charts/chart1.xml" in parts.namelist()
        drawn = ET.fromstring(parts.read("xl/charts/chart1.xml"))
    chart_ns = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
    assert drawn.find(f".//{chart_ns}barChart") is not None
    workbook = load_workbook(io.BytesIO(answer.content))
    assert workbook.sheetnames[1] == "Grafik"  # the report's own sheet stays first
    sheet = workbook["Grafik"]
    assert isinstance(sheet, Worksheet)
    (chart,) = vars(sheet)["_charts"]  # openpyxl reads the charts back
    assert isinstance(chart, BarChart)
    assert len(chart.series) == len(CHARTED[name])
    assert chart.grouping == ("stacked" if len(CHARTED[name]) > 1 else "clustered")
    # The chart's sheet adds up the report's own rows by region.
    report = httpx.get(f"{base}/api/reports/{name}", params=params).json()
    sums: Counter[tuple[str, str]] = Counter()
    for row in report["rows"]:
        for column in CHARTED[name]:
            sums[row["region_code"], column] += row[column]
    rows = list(sheet.iter_rows(values_only=True))
    assert {
        (line[0], column): line[1 + i]
        for line in rows[1:]
        for i, column in enumerate(CHARTED[name])
    } == dict(sums)
