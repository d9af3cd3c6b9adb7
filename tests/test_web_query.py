"""Reads at size: pages by cursor, orders, CSV in pages, the office's page under 200 kB.

The store's ``kim_groups`` is filled directly with a few thousand KIMs (its checkpoint at the
empty log's head), then ``kimcore serve`` answers over it: what is measured is the read path.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import random
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from tests.services import durable_store
from tests.web_server import serving, write_tokens

import kimcore as k
from kimcore.adapters.beside import models_beside
from kimcore.domain.views.forums import FORUMS, ForumDirectory
from kimcore.domain.views.groups import GROUPS, GroupRegistry

KIMS = 3000
PROVINCES = ("11", "31", "62", "94")


def _fill(url: str) -> None:
    rng = random.Random(22)
    with k.open_store(url) as store, models_beside(store) as models:
        registry, forums = GroupRegistry(), ForumDirectory()
        models.prepare(registry.name, registry.version, registry.tables)
        models.prepare(forums.name, forums.version, forums.tables)
        with models.transaction(registry.name) as tx:
            for n in range(KIMS):
                regency, district = 1 + n // 4 % 20, 1 + n // 80 % 10
                code = f"{PROVINCES[n % 4]}.{regency:02d}.{district:02d}.{2001 + n // 800:04d}"
                tx.put(
                    GROUPS,
                    {
                        "group_id": str(uuid.UUID(int=rng.getrandbits(128))),
                        "name": f"KIM {rng.choice(['Maju', 'Sejahtera', 'Bersatu'])} {n}",
                        "region_code": code,
                        "region_name": f"Desa {n}",
                        "stage": rng.choice(["formed", "confirmed", "registered"]),
                        "kind": "analog",
                        "member_count": rng.randint(3, 40),
                        "dissolved_on": "2025-01-01" if n % 50 == 0 else None,
                    },
                )
        with models.transaction(forums.name) as tx:
            tx.put(
                FORUMS,
                {
                    "forum_id": "f",
                    "name": "Forum KIM Kalteng",
                    "level": "province",
                    "region_code": "62",
                    "region_name": "Kalimantan Tengah",
                },
            )


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("query")
    with durable_store(request.param, folder, "query") as url:
        _fill(url)
        with serving(url, write_tokens(folder / "tokens.json")) as found:
            yield found


def _walk(first: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    page = httpx.get(first, params=params).json()
    rows = list(page["rows"])
    while page["next"]:
        assert "cursor=" in page["next"]
        page = httpx.get(page["next"]).json()
        rows.extend(page["rows"])
    return rows


def test_pages_by_cursor_give_each_kim_of_a_region_once(base: str) -> None:
    first = httpx.get(f"{base}/api/kims", params={"region": "62", "limit": 100}).json()
    assert (first["total"], first["total_exact"]) == (KIMS // 4, True)
    rows = _walk(f"{base}/api/kims", {"region": "62", "limit": 100})
    ids = [r["group_id"] for r in rows]
    assert len(ids) == len(set(ids)) == KIMS // 4
    assert ids == sorted(ids)
    assert all(r["region_code"].startswith("62.") for r in rows)


def test_an_order_and_a_filter_page_the_same_way(base: str) -> None:
    params = {"order": "-member_count", "stage": "registered", "limit": 250}
    rows = _walk(f"{base}/api/kims", params)
    counts = [(r["member_count"], r["group_id"]) for r in rows]
    assert counts == sorted(counts, reverse=True)
    assert {r["stage"] for r in rows} == {"registered"}
    whole = httpx.get(f"{base}/api/kims", params={"stage": "registered", "limit": 1}).json()
    assert whole["total"] == len(rows)


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"cursor": "bm90IGEgY3Vyc29y"}, "cursor"),
        ({"order": "region_name"}, "order"),
        ({"member_count": "many"}, "member_count"),
    ],
)
def test_a_bad_page_is_a_400_naming_the_parameter(
    base: str, params: dict[str, str], field: str
) -> None:
    answer = httpx.get(f"{base}/api/kims", params=params)
    assert answer.status_code == 400
    assert answer.json()["error"]["field"] == field


def _cursor(*values: Any) -> str:
    text = json.dumps(list(values), separators=(",", ":"))  # \ud800 stays an escape
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


PAST_64_BITS = "99999999999999999999"


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/api/kims", {"member_count": PAST_64_BITS}, "member_count"),
        ("/api/kims", {"member_count": f"-{PAST_64_BITS}"}, "member_count"),
        ("/api/kims", {"member_count__gte": PAST_64_BITS}, "member_count__gte"),
        ("/api/kims", {"member_count": "\u0661\u0662"}, "member_count"),  # Arabic-Indic 12
        ("/api/kims", {"member_count": "1_0"}, "member_count"),
        ("/api/kims", {"member_count": " 12"}, "member_count"),
        ("/api/kims", {"limit": "1_0"}, "limit"),
        (
            "/api/kims",
            {"order": "-member_count", "cursor": _cursor("member_count", True, 10**23, "x")},
            "cursor",
        ),
        ("/api/kims", {"cursor": _cursor(None, False, "\ud800")}, "cursor"),
        ("/api/kims", {"cursor": _cursor(None, False, "a\u0000")}, "cursor"),
        ("/api/kims", {"name": "\x00"}, "name"),
        ("/api/kims", {"q": "\x00"}, "q"),
        ("/api/kims", {"region": "62\x00"}, "region"),
        ("/api/kims", {"name__gte": "\x00"}, "name__gte"),
        ("/api/kims", {"format": "csv", "stage": "a\x00"}, "stage"),
        ("/api/models/kim_members", {"category": "\x00"}, "category"),
        ("/", {"q": "\x00"}, "q"),
        ("/", {"region": "\x00"}, "region"),
        ("/", {"cursor": _cursor("name", False, "\ud800", "x")}, "cursor"),
        ("/api/reports/kims", {"region": "\x00"}, "region"),
        ("/api/charts/stages", {"region": "62\x00"}, "region"),
    ],
)
def test_a_value_no_store_can_compare_is_a_400_naming_it(
    base: str, path: str, params: dict[str, str], field: str
) -> None:
    answer = httpx.get(f"{base}{path}", params=params)
    assert answer.status_code == 400, answer.text
    if path == "/":
        assert field in answer.text  # the page's error page says which
    else:
        assert answer.json()["field"] == field


def test_the_index_says_what_each_table_is_read_by(base: str) -> None:
    tables = {t["name"]: t for t in httpx.get(f"{base}/api/models").json()["tables"]}
    assert tables["kim_groups"]["sortable"] == ["name", "member_count", "formed_on"]
    assert "region_code" in tables["kim_groups"]["filterable"]


def test_a_csv_download_pages_through_every_row(base: str) -> None:
    download = httpx.get(f"{base}/api/kims", params={"format": "csv"})  # three pages' worth
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert len(rows) == KIMS
    assert [r["group_id"] for r in rows] == sorted(r["group_id"] for r in rows)


def test_the_office_page_stays_small_and_pages_on_the_server(base: str) -> None:
    page = httpx.get(f"{base}/")
    assert page.status_code == 200
    assert len(page.content) < 200_000
    text = page.text
    active = KIMS - KIMS // 50
    assert f"{active:,}".replace(",", ".") + " KIM ditampilkan" in text
    assert "Kalimantan Tengah" in text  # the counts are by province: the KIMs span four
    assert 'rel="next"' in text
    narrowed = httpx.get(f"{base}/", params={"region": "62.01", "q": "maju"})
    assert len(narrowed.content) < 200_000
    assert "KIM per kecamatan" in narrowed.text
    assert narrowed.status_code == 200
    assert httpx.get(f"{base}/", params={"cursor": "nope"}).status_code == 400


def test_a_csv_download_reads_one_page_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    from kimcore.projections import MemoryModels, Query
    from kimcore.testing.conformance_models import KIT_TABLE
    from kimcore.web import reads

    models = MemoryModels()
    models.prepare("kit", 1, (KIT_TABLE,))
    with models.transaction("kit") as tx:
        for n in range(25):
            tx.put(KIT_TABLE, {"a": f"{n:02d}", "b": 0})
    asked: list[int] = []

    class Service:
        def query(self, query: Query) -> Any:
            asked.append(query.limit)
            return models.query(query)

    monkeypatch.setattr(reads, "CSV_PAGE", 10)
    rows = reads._every_row(Service(), Query(table=KIT_TABLE, limit=3), lambda page: page)  # type: ignore[arg-type]
    assert next(rows)[0] == "00"
    assert asked == [10]  # nothing read ahead of what is sent
    assert [r[0] for r in rows] == [f"{n:02d}" for n in range(1, 25)]
    assert asked == [10, 10, 10]
