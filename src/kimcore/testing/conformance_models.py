"""The model store conformance kit: what every model store's query must give.

Adopt it by subclassing
[`ModelStoreQueryContract`][kimcore.testing.conformance_models.ModelStoreQueryContract] in a
module pytest collects, with one fixture, ``models``, giving a fresh model store (closed by
the fixture)::

    import pytest
    from kimcore.testing.conformance_models import ModelStoreQueryContract

    class TestMyModels(ModelStoreQueryContract):
        @pytest.fixture
        def models(self, tmp_path):
            with MyModels(tmp_path / "models.db") as made:
                yield made

Every page a store gives must equal what
[`query_rows`][kimcore.domain.views.query.query_rows], the plain twin, gives over the same rows:
the same rows in the same order, the same cursor, the same count.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kimcore.application.ports.models import ModelStore
from kimcore.domain.views.query import RANGES, Page, Query, facet_rows, query_rows
from kimcore.domain.views.tables import Row, Table
from kimcore.domain.views.tally import Measure, Tally, tally_rows
from kimcore.vocabulary.errors import InvalidCursor

__all__ = ["KIT_TABLE", "ModelStoreQueryContract", "kit_queries", "kit_rows"]

KIT_TABLE = Table.of(
    "kit_query_rows",
    ("a", "b"),
    "a b:int region_code label n:int",
    filterable=("label",),
    sortable=("label", "n"),
)
_NAME = "kit_query"
_SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)
# Letters whose order differs between byte order and a language's (case, accents, dots).
_TEXT = st.text(st.sampled_from("aAbBzZéÉ.-/ 0"), max_size=3)
_CODES = ("62", "62.05", "62.05.03", "62.05.03.2001", "62.050", "62.05-1", "11.01", "6")
_LABELS = st.one_of(st.none(), st.sampled_from(["", "a", "B", "ab", "Ab", "é", "zz"]))
_NUMBERS = st.one_of(st.none(), st.integers(-3, 3))


@st.composite
def kit_rows(draw: st.DrawFn) -> list[Row]:
    """Rows of `KIT_TABLE`: unique keys, missing values, codes around a region's edges."""
    keys = draw(st.sets(st.tuples(_TEXT, st.integers(-5, 5)), max_size=25))
    return [
        {
            "a": a,
            "b": b,
            "region_code": draw(st.one_of(st.none(), st.sampled_from(_CODES))),
            "label": draw(_LABELS),
            "n": draw(_NUMBERS),
        }
        for a, b in sorted(keys)
    ]


@st.composite
def kit_queries(draw: st.DrawFn) -> Query:
    """Queries of `KIT_TABLE`: every filter, order and direction, small pages, counted."""
    where: dict[str, Any] = {}
    if draw(st.booleans()):
        where["label"] = draw(_LABELS)
    if draw(st.booleans()):
        where["n"] = draw(_NUMBERS)
    contains = {"label": draw(st.sampled_from(["a", "B", "é"]))} if draw(st.booleans()) else {}
    ranges = draw(
        st.lists(
            st.one_of(
                st.tuples(st.just("n"), st.sampled_from(sorted(RANGES)), st.integers(-3, 3)),
                st.tuples(st.just("label"), st.sampled_from(sorted(RANGES)), _TEXT),
            ),
            max_size=2,
        )
    )
    present = tuple(draw(st.lists(st.sampled_from(["label", "n", "region_code"]), max_size=1)))
    return Query(
        table=KIT_TABLE,
        where=where,
        present=present,
        ranges=tuple(ranges),
        region=draw(st.one_of(st.none(), st.sampled_from(["62", "62.05", "62.05.03", "6"]))),
        contains=contains,
        order=draw(st.sampled_from([None, "label", "n"])),
        descending=draw(st.booleans()),
        limit=draw(st.integers(1, 6)),
        offset=draw(st.sampled_from([0, 0, 0, 1])),
        count=draw(st.booleans()),
    )


def _fill(models: ModelStore, rows: list[Row]) -> None:
    models.reset(_NAME, 1, (KIT_TABLE,))
    with models.transaction(_NAME) as tx:
        for row in rows:
            tx.put(KIT_TABLE, row)


def _same_filters(query: Query, **rest: Any) -> Query:
    """A query with *query*'s filters and order, and *rest* (table, page, limit, count) given."""
    return Query(
        where=query.where,
        present=query.present,
        ranges=query.ranges,
        region=query.region,
        contains=query.contains,
        order=query.order,
        descending=query.descending,
        **rest,
    )


def _walk(run: Any, query: Query) -> list[Page]:
    """Every page of *query*, each asked for with the cursor the page before gave."""
    pages = [run(query)]
    while pages[-1].next is not None and len(pages) < 100:
        query = _same_filters(
            query, table=query.table, limit=query.limit, count=query.count, after=pages[-1].next
        )
        pages.append(run(query))
    return pages


class ModelStoreQueryContract:
    """The conformance suite of a model store's ``query``; provide the ``models`` fixture."""

    @_SETTINGS
    @given(
        rows=kit_rows(),
        query=kit_queries(),
        column=st.sampled_from(["label", "n", "region_code"]),
        limit=st.integers(1, 4),
    )
    def test_facets_are_the_plain_twins(
        self, models: ModelStore, rows: list[Row], query: Query, column: str, limit: int
    ) -> None:
        """Each value's count of the rows the filters keep, most first, equal the plain twin's."""
        _fill(models, rows)
        assert models.facets(query, column, limit) == facet_rows(query, rows, column, limit)

    @_SETTINGS
    @given(rows=kit_rows(), query=kit_queries())
    def test_every_page_is_the_plain_twins(
        self, models: ModelStore, rows: list[Row], query: Query
    ) -> None:
        """Each page, cursor and count equal the plain twin's over the same rows."""
        _fill(models, rows)
        assert _walk(models.query, query) == _walk(lambda q: query_rows(q, rows), query)

    @_SETTINGS
    @given(rows=kit_rows(), queries=st.lists(kit_queries(), max_size=4))
    def test_pages_asked_at_once_are_those_asked_one_by_one(
        self, models: ModelStore, rows: list[Row], queries: list[Query]
    ) -> None:
        """``query_many`` gives each query's page as ``query`` does, a cursor's too."""
        _fill(models, rows)
        pages = [models.query(q) for q in queries]
        following = [
            _same_filters(q, table=q.table, limit=q.limit, count=q.count, after=page.next)
            for q, page in zip(queries, pages, strict=True)
            if page.next is not None
        ]
        assert models.query_many([*queries, *following]) == [
            *pages,
            *(models.query(q) for q in following),
        ]

    @_SETTINGS
    @given(rows=kit_rows(), query=kit_queries())
    def test_the_pages_give_every_kept_row_once_in_order(
        self, models: ModelStore, rows: list[Row], query: Query
    ) -> None:
        """Walking the pages gives what one page of them all gives, counted exactly."""
        _fill(models, rows)
        query = _same_filters(query, table=KIT_TABLE, limit=query.limit)
        walked = [row for page in _walk(models.query, query) for row in page.rows]
        whole = models.query(_same_filters(query, table=KIT_TABLE, limit=10_000, count=True))
        assert walked == whole.rows
        assert whole.total == len(whole.rows)
        assert whole.next is None

    @_SETTINGS
    @given(
        rows=kit_rows(),
        region=st.one_of(st.none(), st.sampled_from(["62", "62.05", "6"])),
        cut=st.sampled_from([2, 5, 8]),
    )
    def test_a_tally_within_a_region_is_the_plain_twins(
        self, models: ModelStore, rows: list[Row], region: str | None, cut: int
    ) -> None:
        """Counting by region within a region gives what `tally_rows` gives."""
        _fill(models, rows)
        query = Tally(
            table=KIT_TABLE,
            by=("region_code",),
            measures=(Measure.rows("rows"), Measure.sum("n", "n")),
            region=region,
        )
        prefix = {"region_code": cut}
        found = models.tally(query, prefix=prefix)
        twin = tally_rows(query, rows, prefix=prefix)
        assert sorted(found, key=repr) == sorted(twin, key=repr)

    @_SETTINGS
    @given(rows=kit_rows(), low=st.integers(-3, 6), high=st.integers(-3, 9))
    def test_a_tally_between_two_values_is_the_plain_twins(
        self, models: ModelStore, rows: list[Row], low: int, high: int
    ) -> None:
        """Counting the rows whose column is from *low* up to *high* gives `tally_rows`'."""
        _fill(models, rows)
        query = Tally(
            table=KIT_TABLE,
            by=("label",),
            measures=(Measure.rows("rows"), Measure.sum("b", "b")),
            between=("n", low, high),
        )
        found = models.tally(query)
        assert sorted(found, key=repr) == sorted(tally_rows(query, rows), key=repr)

    def test_a_region_holds_its_own_code_and_the_codes_below_it(self, models: ModelStore) -> None:
        """``62.05`` holds ``62.05`` and ``62.05.03``, not ``62.050`` nor ``62.05-1``."""
        codes = ["62.05", "62.05.03", "62.05.03.2001", "62.050", "62.05-1", "62.06", "6"]
        _fill(models, [{"a": c, "b": 0, "region_code": c} for c in codes])
        page = models.query(Query(table=KIT_TABLE, region="62.05", count=True))
        assert [r["region_code"] for r in page.rows] == ["62.05", "62.05.03", "62.05.03.2001"]
        assert (page.total, page.exact, page.next) == (3, True, None)

    def test_a_descending_order_ends_with_the_rows_without_a_value(
        self, models: ModelStore
    ) -> None:
        """Descending, every value comes before the missing ones, which follow in key order."""
        numbers = {"a": 3, "b": None, "c": 1, "d": None, "e": 2, "f": 2}
        _fill(models, [{"a": a, "b": 0, "n": n} for a, n in numbers.items()])
        query = Query(table=KIT_TABLE, order="n", descending=True, limit=2)
        pages = [[r["a"] for r in page.rows] for page in _walk(models.query, query)]
        assert pages == [["a", "f"], ["e", "c"], ["d", "b"]]

    def test_rows_written_between_pages_neither_repeat_nor_vanish(self, models: ModelStore) -> None:
        """A page starts after the cursor's row, whatever was written meanwhile."""
        _fill(models, [{"a": f"k{n}", "b": 0} for n in range(0, 10, 2)])
        first = models.query(Query(table=KIT_TABLE, limit=2))
        with models.transaction(_NAME) as tx:
            tx.put(KIT_TABLE, {"a": "k1", "b": 0})  # before the cursor: not given again
            tx.put(KIT_TABLE, {"a": "k5", "b": 0})  # after it: given
        rest = _walk(models.query, Query(table=KIT_TABLE, limit=2, after=first.next))
        walked = [r["a"] for r in first.rows] + [r["a"] for p in rest for r in p.rows]
        assert walked == ["k0", "k2", "k4", "k5", "k6", "k8"]

    @pytest.mark.parametrize(
        "cursor",
        [
            "not a cursor!",
            "W10",  # [] as base64
            "WyJsYWJlbCIsZmFsc2UsImEiLCJhIiwwXQ",  # another order's (label)
            "W251bGwsZmFsc2UsImEiLCJ4Il0",  # b is not an int
            "W251bGwsZmFsc2UsbnVsbCwwXQ",  # a key value missing
        ],
    )
    def test_a_cursor_not_made_for_the_query_is_refused(
        self, models: ModelStore, cursor: str
    ) -> None:
        """An altered cursor, or another order's, is `InvalidCursor` naming the field."""
        _fill(models, [])
        with pytest.raises(InvalidCursor) as refused:
            models.query(Query(table=KIT_TABLE, after=cursor))
        assert refused.value.field == "cursor"
