"""Reading a page of a table: a declaration every model store runs, paged by an opaque cursor.

A [`Query`][kimcore.domain.views.query.Query] names a table, equality filters on any of its
columns, a region (a Kemendagri code: the rows whose ``region_code`` is it or lies within it),
texts columns must contain, an order (the key, or a column the table declares ``sortable``,
either way), where to start (a cursor from the page before) and how many rows to give.
SQLite and PostgreSQL run it as one SQL statement per page, served by the indexes the table
declares; memory runs [`query_rows`][kimcore.domain.views.query.query_rows], its plain twin.

Pages follow each other by *keyset*: the cursor holds the order's values of the last row
given (and its key, which makes them unique), so the next page starts right after it however
deep it is, and rows written between two pages neither repeat nor vanish from the pages still
to come. A missing value (``None``) sorts before every other. The cursor is opaque to a
reader (base64 of JSON): one altered, cut or made for another order is refused with
[`InvalidCursor`][kimcore.errors.InvalidCursor].

The count is exact up to [`COUNT_CAP`][kimcore.domain.views.query.COUNT_CAP] rows; past it a
page says "at least that many" (``exact`` is false): counting millions of rows on every page
would cost more than the page.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from kimcore.domain.views.tables import Row, Table
from kimcore.vocabulary.errors import InvalidCursor, ReadModelError

__all__ = [
    "COUNT_CAP",
    "FACET_LIMIT",
    "MAX_LIMIT",
    "RANGES",
    "Page",
    "Query",
    "ascii_lower",
    "comparable",
    "facet_rows",
    "matches",
    "query_rows",
    "sort_key",
    "within",
]

COUNT_CAP = 10_000
MAX_LIMIT = 10_000
# A facet gives at most this many values, the most frequent first.
FACET_LIMIT = 50
# A range's operators, as SQL writes them.
RANGES = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}

# The whole numbers every store keeps and compares: SQLite's and PostgreSQL's 64 bits.
_INT_LOW, _INT_HIGH = -(2**63), 2**63 - 1

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = str.maketrans(_UPPER, _UPPER.lower())


def ascii_lower(text: str) -> str:
    """*text* with A-Z made a-z and nothing else changed, as every SQL store lowers it."""
    return text.translate(_LOWER)


def comparable(value: object) -> bool:
    r"""Whether every store can compare a column with *value*.

    PostgreSQL refuses text holding NUL, neither SQL store encodes a lone surrogate (a
    ``\ud800`` escape in a cursor's JSON), and a whole number past 64 bits overflows SQLite.
    """
    if isinstance(value, str):
        if "\x00" in value:
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return _INT_LOW <= value <= _INT_HIGH
    return True


def within(code: str | None, region: str) -> bool:
    """Whether *code* is the region *region* or lies within it (``62.71`` holds ``62.71.01``)."""
    return code is not None and (code == region or code.startswith(f"{region}."))


def _limit(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_LIMIT:
        raise ReadModelError(f"a query's limit is 1 to {MAX_LIMIT}, got {value!r}")


def _offset(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ReadModelError(f"a query's offset is a whole number >= 0, got {value!r}")


@attrs.frozen(kw_only=True)
class Query:
    """A page of *table*'s rows: filtered, in order, after a cursor, at most *limit*.

    ``where``: equality on any column (``None`` matches a missing value); ``present``:
    columns that hold a value; ``ranges``: ``(column, op, value)`` with op one of `RANGES`
    (a missing value is in no range; text compares as Python compares it, so ISO dates
    do by date); ``region``: rows whose ``region_code`` is that code or within it;
    ``contains``: each named text column holds the text, A-Z matched in either case;
    ``order``: a ``sortable`` column (``None``: the key), ``descending`` for the other
    way; ``after``: the cursor of the page before;
    ``offset``: rows skipped after it (cheap only while small: page deep by cursor);
    ``count``: whether to count every row the filters keep.
    """

    table: Table
    where: Mapping[str, Any] = attrs.field(factory=dict)
    present: tuple[str, ...] = ()
    ranges: tuple[tuple[str, str, Any], ...] = ()
    region: str | None = None
    contains: Mapping[str, str] = attrs.field(factory=dict)
    order: str | None = None
    descending: bool = False
    after: str | None = None
    limit: int = attrs.field(default=100, validator=_limit)
    offset: int = attrs.field(default=0, validator=_offset)
    count: bool = False
    # The cursor's values, decoded once: the order column's (if any), then the key's.
    start: tuple[Any, ...] | None = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        table = self.table
        table.check_columns([*self.where, *self.contains, *self.present])
        table.check_columns([name for name, _, _ in self.ranges])
        for name, value in self.where.items():
            kind = str if table.column(name).type == "text" else int
            if value is not None and (isinstance(value, bool) or not isinstance(value, kind)):
                raise ReadModelError(
                    f"where: {table.name}.{name} is {kind.__name__}, got {value!r}"
                )
        for name, op, value in self.ranges:
            kind = str if table.column(name).type == "text" else int
            if op not in RANGES or isinstance(value, bool) or not isinstance(value, kind):
                raise ReadModelError(
                    f"ranges: {table.name}.{name} {op} takes a {kind.__name__}, got {value!r}"
                )
        if self.region is not None and "region_code" not in table.column_names:
            raise ReadModelError(f"table {table.name} has no region_code to filter by region")
        for name, text in self.contains.items():
            if table.column(name).type != "text" or not isinstance(text, str):
                raise ReadModelError(f"contains: {table.name}.{name} is not a text column")
        values = [
            *self.where.values(),
            *(value for _, _, value in self.ranges),
            *self.contains.values(),
            self.region,
        ]
        if not all(comparable(value) for value in values):
            raise ReadModelError(
                f"a query of {table.name} holds a value no store compares (NUL, a lone"
                " surrogate or a whole number past 64 bits)"
            )
        if self.order is not None and self.order not in table.sortable:
            sortable = ", ".join(table.sortable) or "none"
            raise ReadModelError(
                f"table {table.name} cannot be ordered by {self.order!r} (sortable: {sortable})"
            )
        start = None if self.after is None else _decode(self, self.after)
        object.__setattr__(self, "start", start)

    @property
    def order_columns(self) -> tuple[str, ...]:
        """What the rows are ordered by: the order column if any, then the key."""
        return (self.order, *self.table.key) if self.order else self.table.key

    def cursor(self, row: Mapping[str, Any]) -> str:
        """The cursor that starts a page right after *row*."""
        values = [row[name] for name in self.order_columns]
        text = json.dumps([self.order, self.descending, *values], separators=(",", ":"))
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _decode(query: Query, cursor: str) -> tuple[Any, ...]:
    """The values *cursor* holds, checked against *query*'s order and the columns' types."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError, binascii.Error):
        raise InvalidCursor("it is not one kimcore gave: ask for the first page again") from None
    columns = query.order_columns
    if (
        not isinstance(decoded, list)
        or len(decoded) != len(columns) + 2
        or decoded[:2] != [query.order, query.descending]
    ):
        raise InvalidCursor("it belongs to another order or table: ask for the first page again")
    values = tuple(decoded[2:])
    for name, value in zip(columns, values, strict=True):
        kind = str if query.table.column(name).type == "text" else int
        allowed = value is None and name not in query.table.key
        if not allowed and (isinstance(value, bool) or not isinstance(value, kind)):
            raise InvalidCursor(f"its {name} is not a {query.table.column(name).type} value")
        if not comparable(value):
            raise InvalidCursor(f"its {name} is not a value kimcore gave: ask for the first page")
    return values


@attrs.frozen(kw_only=True)
class Page:
    """One page of a query: its rows, the cursor of the next (``None``: this is the last).

    ``total`` is how many rows the filters keep (``None`` unless counted): exact when
    ``exact``, else at least that many (`COUNT_CAP`).
    """

    rows: list[Row]
    next: str | None
    total: int | None = None
    exact: bool = True


def sort_key(query: Query) -> Any:
    """The key that orders rows as *query* does, a missing value before every other."""
    names = query.order_columns
    return lambda row: tuple(_part(row[name]) for name in names)


def _part(value: Any) -> tuple[bool, Any]:
    return (value is not None, 0 if value is None else value)


def matches(query: Query, row: Mapping[str, Any]) -> bool:
    """Whether *query*'s filters keep *row* (its cursor aside)."""
    if any(row.get(name) != value for name, value in query.where.items()):
        return False
    if query.region is not None and not within(row.get("region_code"), query.region):
        return False
    if any(row.get(name) is None for name in query.present):
        return False
    if not all(_in_range(row.get(name), op, value) for name, op, value in query.ranges):
        return False
    return all(
        row.get(name) is not None and ascii_lower(text) in ascii_lower(row[name])
        for name, text in query.contains.items()
    )


def _in_range(found: Any, op: str, value: Any) -> bool:
    if found is None:
        return False
    if op == "gt":
        return bool(found > value)
    if op == "gte":
        return bool(found >= value)
    if op == "lt":
        return bool(found < value)
    return bool(found <= value)


def facet_rows(
    query: Query, rows: Iterable[Row], column: str, limit: int = FACET_LIMIT
) -> list[tuple[Any, int]]:
    """How many rows *query*'s filters keep hold each value of *column* (paging aside).

    The most frequent value first, then by value (a missing value first): what SQL
    stores give, the plain twin.
    """
    query.table.check_columns([column])
    counts: dict[Any, int] = {}
    for row in rows:
        if matches(query, row):
            counts[row[column]] = counts.get(row[column], 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], _part(item[0])))
    return ordered[:limit]


def query_rows(query: Query, rows: Iterable[Row]) -> Page:
    """*query* run over *rows* in Python: what SQL stores give, the plain twin."""
    key = sort_key(query)
    kept = sorted((row for row in rows if matches(query, row)), key=key, reverse=query.descending)
    total = min(len(kept), COUNT_CAP) if query.count else None
    if query.start is not None:
        start = tuple(_part(value) for value in query.start)
        kept = [r for r in kept if (key(r) < start if query.descending else key(r) > start)]
    window = kept[query.offset : query.offset + query.limit + 1]
    shown = [dict(r) for r in window[: query.limit]]
    following = query.cursor(shown[-1]) if len(window) > query.limit else None
    return Page(rows=shown, next=following, total=total, exact=total is None or total < COUNT_CAP)
