"""A page held in memory and written at its end leaves the tables a statement per change leaves."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kimcore.errors import ReadModelError
from kimcore.projections import Column, SqliteModels, Table

ONE = Table(
    name="one",
    columns=(
        Column(name="a", type="text"),
        Column(name="b", type="int"),
        Column(name="c", type="text"),
    ),
    key=("a",),
)
TWO = Table(
    name="two",
    columns=(
        Column(name="a", type="text"),
        Column(name="b", type="int"),
        Column(name="c", type="text"),
    ),
    key=("a", "b"),
)
texts = st.sampled_from(["x", "y"])
ints = st.integers(0, 2)
maybe = st.one_of(st.none(), texts)


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


def _run(
    write_behind: bool, pages: list[list[tuple[Any, ...]]], outside: set[int], path: Path
) -> tuple[list[Any], Any]:
    """*pages* applied in turn; before each page numbered in *outside*, another connection
    (another process) changes a table and moves the checkpoint."""
    models = SqliteModels(str(path))
    other = SqliteModels(str(path))
    models.write_behind = write_behind
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
        held = _run(True, pages, outside, Path(folder) / "held.db")
        at_once = _run(False, pages, outside, Path(folder) / "at-once.db")
    assert held == at_once


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
