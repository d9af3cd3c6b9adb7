"""A page held in memory and written at its end leaves the tables a statement per change leaves.

On PostgreSQL three ways: a statement per change, held and written with ``executemany``, held
and written as arrays (`kimcore.adapters._pg_bulk`).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.services import require_postgres

from kimcore.adapters import _pg_bulk
from kimcore.adapters.models_postgres import PostgresModels
from kimcore.adapters.models_sql import SqlModels
from kimcore.errors import ReadModelError
from kimcore.projections import SqliteModels, Table

ONE = Table.of("one", ("a",), "a b:int c")
TWO = Table.of("two", ("a", "b"), "a b:int c")
# Texts an array literal must keep as they are: a quote, a backslash, a comma, braces, NULL.
texts = st.sampled_from(["x", "y", 'q"\\,{}', "NULL"])
ints = st.integers(0, 2)
maybe = st.one_of(st.none(), texts, st.sampled_from(["", " ", "é"]))


def _row(table: Table) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"a": texts, "b": ints}, optional={"c": maybe})


def _key(table: Table) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.tuples(texts) if table is ONE else st.tuples(texts, ints)


def _where() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={"a": texts, "b": ints, "c": maybe})


def _op(table: Table) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.one_of(
        st.tuples(st.just("put"), st.just(table), _row(table)),
        st.tuples(st.just("delete"), st.just(table), _key(table)),
        st.tuples(st.just("get"), st.just(table), _key(table)),
        st.tuples(st.just("rows"), st.just(table), _where()),
        st.tuples(
            st.just("update"),
            st.just(table),
            st.one_of(_where(), _key(table).map(lambda k: dict(zip(table.key, k, strict=True)))),
            # Any column but the key's (a change of key is a row moved: both refuse a clash).
            st.fixed_dictionaries(
                {}, optional={"b": ints, "c": maybe} if table is ONE else {"c": maybe}
            ),
        ),
    )


operations = st.lists(st.one_of(_op(ONE), _op(TWO)), max_size=40)


Opened = Callable[[], SqlModels]


def _run(
    write_behind: bool,
    pages: list[list[tuple[Any, ...]]],
    outside: set[int],
    opened: Opened,
    *,
    bulk: bool = False,
) -> tuple[list[Any], Any]:
    """*pages* applied in turn; before each page numbered in *outside*, another connection
    (another process) changes a table and moves the checkpoint."""
    models = opened()
    other = opened()
    models.write_behind = write_behind
    models.bulk_writes = bulk
    models.prepare("p", 1, (ONE, TWO))
    answers: list[Any] = []
    position = 0
    for number, page in enumerate(pages):
        if number in outside:
            with other.transaction("p", expect=position) as tx:
                tx.update(ONE, {}, {"c": f"outside {number}"})
                tx.delete(TWO, ("x", 0))
                position += 1
                tx.advance(position)
        with models.transaction("p", expect=position) as tx:
            for name, table, *args in page:
                answers.append(getattr(tx, name)(table, *args))
            position += 1
            tx.advance(position)
    tables = (models.rows(ONE), models.rows(TWO))
    models.close()
    other.close()
    return answers, tables


@settings(max_examples=300, deadline=None)
@given(pages=st.lists(operations, max_size=4), outside=st.sets(st.integers(1, 3)))
@example(  # a row held, then changed by a query the page cannot follow in memory
    pages=[
        [("put", ONE, {"a": "x", "b": 0}), ("update", ONE, {}, {"c": "x"}), ("get", ONE, ("x",))]
    ],
    outside=set(),
)
@example(  # rows carried to the next page, changed meanwhile by another process
    pages=[[("put", ONE, {"a": "x", "b": 0})], [("get", ONE, ("x",))]],
    outside={1},
)
def test_held_changes_equal_changes_made_at_once(
    pages: list[list[tuple[Any, ...]]], outside: set[int]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        held = _run(True, pages, outside, lambda: SqliteModels(f"{folder}/held.db"))
        at_once = _run(False, pages, outside, lambda: SqliteModels(f"{folder}/at-once.db"))
    assert held == at_once


def _postgres(url: str) -> tuple[Opened, Callable[[], None]]:
    """Model stores on a new schema of *url*, and what drops it."""
    schema = f"unit_{uuid.uuid4().hex[:12]}"
    return lambda: PostgresModels(url, schema=schema), lambda: _drop(url, schema)


def _drop(url: str, schema: str) -> None:
    with PostgresModels(url, schema=schema) as models:
        models.drop()


@settings(max_examples=25, deadline=None)
@given(pages=st.lists(operations, max_size=4), outside=st.sets(st.integers(1, 3)))
@example(  # a row deleted, then read: written as arrays each way
    pages=[[("put", ONE, {"a": "x", "b": 0})], [("delete", ONE, ("x",)), ("get", ONE, ("x",))]],
    outside=set(),
)
def test_postgres_rows_as_arrays_equal_a_statement_each(
    pages: list[list[tuple[Any, ...]]], outside: set[int]
) -> None:
    url = require_postgres()
    results = []
    for write_behind, bulk in ((True, True), (True, False), (False, False)):
        opened, drop = _postgres(url)
        try:
            results.append(_run(write_behind, pages, outside, opened, bulk=bulk))
        finally:
            drop()
    assert results[0] == results[1] == results[2]


def test_no_values_make_an_empty_array() -> None:
    assert _pg_bulk.array([]) == "{}"


def _read_back(values: Sequence[object], sql_type: str) -> object:
    """What PostgreSQL reads from *values* written as one ``array`` literal cast to *sql_type*."""
    import psycopg

    with psycopg.connect(require_postgres()) as conn:
        row = conn.execute(f"SELECT %s::{sql_type}", (_pg_bulk.array(values),)).fetchone()
    assert row is not None
    return row[0]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.text(st.characters(codec="utf-8", exclude_characters="\x00"))),
    )
)
@example([])
def test_a_text_array_reads_back_as_its_values(values: list[str | None]) -> None:
    assert _read_back(values, "text[]") == values


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))))
@example([])
def test_an_int_array_reads_back_as_its_values(values: list[int | None]) -> None:
    assert _read_back(values, "bigint[]") == values


def test_a_table_emptied_is_read_without_a_query_until_a_row_is_let_go(tmp_path: Path) -> None:
    """A key never written since the reset has no row; one let go of is read again."""
    with SqliteModels(str(tmp_path / "models.db")) as models:
        models.carry_rows = 1
        models.prepare("p", 1, (ONE,))
        with models.transaction("p") as tx:
            tx.put(ONE, {"a": "x", "b": 1})
            tx.put(ONE, {"a": "y", "b": 2})  # "x" is let go of at the end of the page
            tx.advance(1)
        # Behind its back (the test's way in): a row the unit has no reason to look for.
        with models._cursor() as cursor:
            cursor.execute("INSERT INTO one (a, b) VALUES ('z', 3)")
        with models.transaction("p") as tx:
            assert tx.get(ONE, ("x",)) == {"a": "x", "b": 1, "c": None}  # let go of: read
            assert tx.get(ONE, ("y",)) == {"a": "y", "b": 2, "c": None}  # held
            assert tx.get(ONE, ("z",)) is None  # never written by a page: no query
            tx.advance(2)


@pytest.mark.parametrize("write_behind", [True, False])
@pytest.mark.parametrize(
    ("row", "refused"),
    [
        ({"a": None, "b": 1, "c": "x"}, "key column"),  # every column there: the quick path
        ({"a": None}, "key column"),
        ({"a": "x", "b": 1, "d": "x"}, "no column"),  # as many columns, one unknown
        ({"a": "x", "d": "x"}, "no column"),
    ],
)
def test_a_bad_row_is_refused_either_way(
    write_behind: bool, row: dict[str, Any], refused: str, tmp_path: Path
) -> None:
    with SqliteModels(str(tmp_path / "models.db")) as models:
        models.write_behind = write_behind
        models.prepare("p", 1, (ONE,))
        with pytest.raises(ReadModelError, match=refused), models.transaction("p") as tx:
            tx.put(ONE, row)
        assert models.rows(ONE) == []
