"""Every model store kimcore ships passes the query kit; SQL serves a page from its indexes."""

from __future__ import annotations

import contextlib
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.services import require_postgres

from kimcore.adapters._sql_query import QuerySql, query_sql
from kimcore.domain.views.groups import GROUPS, MEMBERS
from kimcore.domain.views.query import Query
from kimcore.domain.views.tables import Table
from kimcore.errors import InvalidCursor, ReadModelError
from kimcore.projections import MemoryModels, ModelStore, PostgresModels, SqliteModels
from kimcore.testing.conformance_models import KIT_TABLE, ModelStoreQueryContract


class TestMemoryModels(ModelStoreQueryContract):
    @pytest.fixture
    def models(self) -> Iterator[ModelStore]:
        with MemoryModels() as made:
            yield made


class TestSqliteModels(ModelStoreQueryContract):
    @pytest.fixture
    def models(self, tmp_path: Path) -> Iterator[ModelStore]:
        with SqliteModels(str(tmp_path / "models.db")) as made:
            yield made


class TestPostgresModels(ModelStoreQueryContract):
    @pytest.fixture
    def models(self) -> Iterator[ModelStore]:
        made = PostgresModels(require_postgres(), schema=f"q_{uuid.uuid4().hex[:12]}")
        try:
            yield made
        finally:
            made.drop()
            made.close()


def _plan(path: Path, query: Query) -> str:
    statement, params = query_sql(query, f'"{query.table.name}"', QuerySql("?", False)).page
    with contextlib.closing(sqlite3.connect(path)) as conn:  # 3.13 warns of one left open
        found = conn.execute(f"EXPLAIN QUERY PLAN {statement}", params).fetchall()
    return " | ".join(str(row[-1]) for row in found)


@pytest.mark.parametrize(
    ("query", "index"),
    [
        (Query(table=GROUPS, region="62.05.03", limit=20, count=True), "kim_groups_region_code"),
        (Query(table=GROUPS, where={"stage": "registered"}, limit=20), "kim_groups_stage"),
        (Query(table=GROUPS, order="name", descending=True, limit=20), "kim_groups_name"),
        (
            Query(
                table=GROUPS,
                order="name",
                descending=True,
                after=Query(table=GROUPS, order="name", descending=True).cursor(
                    {"name": "KIM M", "group_id": "g"}
                ),
            ),
            "SEARCH kim_groups USING INDEX kim_groups_name",  # seeks: not read from the end
        ),
        (Query(table=MEMBERS, where={"group_id": "g"}, limit=20), "sqlite_autoindex"),
    ],
)
def test_sqlite_answers_a_page_from_the_declared_indexes(
    tmp_path: Path, query: Query, index: str
) -> None:
    with SqliteModels(str(tmp_path / "m.db")) as models:
        models.prepare("group_registry", 1, (GROUPS, MEMBERS))
    plan = _plan(tmp_path / "m.db", query)
    assert index in plan
    scans = [part for part in plan.split(" | ") if part.startswith("SCAN kim_")]
    assert all("USING" in part for part in scans)  # no scan of the table itself


def test_a_query_names_what_does_not_fit_its_table() -> None:
    with pytest.raises(ReadModelError, match="cannot be ordered by 'b'"):
        Query(table=KIT_TABLE, order="b")
    with pytest.raises(ReadModelError, match="no column"):
        Query(table=KIT_TABLE, where={"nope": 1})
    with pytest.raises(ReadModelError, match="is int"):
        Query(table=KIT_TABLE, where={"n": "1"})
    with pytest.raises(ReadModelError, match="limit"):
        Query(table=KIT_TABLE, limit=0)
    with pytest.raises(ReadModelError, match="region_code"):
        Query(table=MEMBERS, region="62")


@pytest.mark.parametrize(
    "asked",
    [
        {"where": {"name": "a\x00"}},
        {"where": {"member_count": 2**63}},
        {"ranges": (("member_count", "gte", -(2**63) - 1),)},
        {"ranges": (("name", "lt", "\ud800"),)},
        {"contains": {"name": "\x00"}},
        {"region": "62\x00"},
    ],
)
def test_a_query_refuses_a_value_no_store_compares(asked: dict[str, Any]) -> None:
    with pytest.raises(ReadModelError, match="no store compares"):
        Query(table=GROUPS, **asked)


@pytest.mark.parametrize(("count", "key"), [(2**63, "x"), (3, "\ud800"), (3, "a\x00")])
def test_a_cursor_holding_a_value_no_store_compares_is_refused(count: int, key: str) -> None:
    query = Query(table=GROUPS, order="member_count", descending=True)
    cursor = query.cursor({"member_count": count, "group_id": key})
    with pytest.raises(InvalidCursor, match="not a value kimcore gave"):
        Query(table=GROUPS, order="member_count", descending=True, after=cursor)


@pytest.mark.parametrize(
    "query",
    [
        Query(table=MEMBERS, limit=20, count=True),
        Query(table=GROUPS, limit=20, descending=True),
    ],
)
def test_postgres_gives_a_page_in_key_order_from_an_index(query: Query) -> None:
    """Pages order text bytewise (``COLLATE "C"``); the primary key's index does not."""
    psycopg = pytest.importorskip("psycopg")
    schema = f"q_{uuid.uuid4().hex[:12]}"
    models = PostgresModels(require_postgres(), schema=schema)
    try:
        models.prepare("group_registry", 1, (GROUPS, MEMBERS))
        qualified = f'"{schema}"."{query.table.name}"'
        statement, params = query_sql(query, qualified, QuerySql("%s", True)).page
        with psycopg.connect(require_postgres()) as conn:
            conn.execute("SET enable_sort = off")  # a sort only where no index gives the order
            plan = " | ".join(
                str(row[0]) for row in conn.execute(f"EXPLAIN {statement}", params).fetchall()
            )
        assert "Sort" not in plan, plan
    finally:
        models.drop()
        models.close()


_CODES = Table.of("q_codes", ("code",), "code name", sortable=("name",))
_COUNTS = Table.of("q_counts", ("code", "day"), "code day n:int", sortable=("n",))


def test_pages_of_several_tables_asked_at_once(model_store: ModelStore) -> None:
    """A union needs the same columns: ``query_many`` joins only the pages of one table."""
    model_store.reset("q_many", 1, (_CODES, _COUNTS))
    with model_store.transaction("q_many") as tx:
        for i in range(5):
            tx.put(_CODES, {"code": f"c{i}", "name": f"name {4 - i}"})
            tx.put(_COUNTS, {"code": f"c{i}", "day": "2026-12-05", "n": i * 10})
    queries = [
        Query(table=_CODES, order="name", limit=2),
        Query(table=_COUNTS, order="n", descending=True, limit=1),
        Query(table=_CODES, ranges=(("name", "gt", "name 2"),), order="name", limit=1),
        Query(table=_COUNTS, where={"code": "c1"}, limit=3, count=True),
    ]
    assert model_store.query_many(queries) == [model_store.query(q) for q in queries]
