"""A [`Query`][kimcore.domain.views.query.Query] as one SQL statement, and the indexes it uses.

The page is one ``SELECT … ORDER BY … LIMIT``; its keyset condition starts it after the
cursor's row, and, when the query counts, a scalar subquery beside the columns counts the
filtered rows up to `COUNT_CAP` in the same statement. Each column a table declares
(``filterable``, ``sortable``) has an index that begins with it and ends
with the key, so a filter or an order answers from the index without sorting the table.

Text is compared byte by byte, as Python compares it (SQLite's ``BINARY``; PostgreSQL's
``"C"`` collation, written into the statement and the indexes, whatever the database's
default): memory, SQLite and PostgreSQL give the same pages in the same order. A missing value
sorts before every other (``NULLS FIRST`` ascending, ``NULLS LAST`` descending); a descending
page after a value seeks below it and is topped up from the rows without one (`_seeks`).
"""

from __future__ import annotations

import hashlib
from typing import Any

import attrs

from kimcore.domain.views.query import COUNT_CAP, RANGES, Query, ascii_lower
from kimcore.domain.views.tables import Table

__all__ = ["QuerySql", "QueryStatements", "facet_sql", "index_statements", "query_sql"]

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@attrs.frozen
class QuerySql:
    """How a dialect writes queries: its parameter mark, and whether it is PostgreSQL."""

    mark: str
    postgres: bool

    def column(self, table: Table, name: str) -> str:
        """*name* as compared and ordered: byte order for text on PostgreSQL."""
        if self.postgres and table.column(name).type == "text":
            return f'"{name}" COLLATE "C"'
        return f'"{name}"'

    def within(self, code: str) -> tuple[str, list[Any]]:
        """Whether ``region_code`` is *code* or lies within it, and the condition's parameters.

        A range the index serves, then the exact rule: the code itself or one below it.
        """
        mark = self.mark
        region = '"region_code" COLLATE "C"' if self.postgres else '"region_code"'
        condition = (
            f"{region} >= {mark} AND {region} < {mark}"
            f' AND ("region_code" = {mark} OR substr("region_code", {len(code) + 1}, 1) = \'.\')'
        )
        return condition, [code, f"{code}/", code]

    def lower(self, name: str) -> str:
        """*name* with A-Z lowered and nothing else (SQLite's ``lower`` does only that)."""
        if self.postgres:
            return f"translate(\"{name}\", '{_UPPER}', '{_UPPER.lower()}')"
        return f'lower("{name}")'

    def contains(self, name: str) -> str:
        """Whether *name* holds the parameter's text."""
        if self.postgres:
            return f"strpos({self.lower(name)}, {self.mark}) > 0"
        return f"instr({self.lower(name)}, {self.mark}) > 0"


def index_statements(table: Table, qualified: str, *, postgres: bool) -> list[str]:
    """``CREATE INDEX IF NOT EXISTS`` for each column *table* declares (see the module)."""
    statements = []
    for name in table.indexed:
        if name in table.key[:1]:
            continue  # the primary key's index begins with it already
        text = hashlib.sha1(f"{table.name}.{name}".encode()).hexdigest()[:8]
        index = f"{table.name[:40]}_{name[:12]}_{text}"
        parts = [name, *(k for k in table.key if k != name)]
        collate = postgres
        columns = ", ".join(
            f'"{c}"'
            + (' COLLATE "C"' if collate and table.column(c).type == "text" else "")
            + (" NULLS FIRST" if collate and c == name else "")
            for c in parts
        )
        statements.append(f'CREATE INDEX IF NOT EXISTS "{index}" ON {qualified} ({columns})')
    if postgres and any(table.column(k).type == "text" for k in table.key):
        # The primary key's index orders text by the database's collation, a page by bytes:
        # without this one, a page in key order sorted the whole table (2.4 million members).
        text = hashlib.sha1(f"{table.name}.(key)".encode()).hexdigest()[:8]
        columns = ", ".join(
            f'"{k}"' + (' COLLATE "C"' if table.column(k).type == "text" else "") for k in table.key
        )
        index = f"{table.name[:40]}_key_{text}"
        statements.append(f'CREATE INDEX IF NOT EXISTS "{index}" ON {qualified} ({columns})')
    return statements


def _filters(query: Query, sql: QuerySql) -> tuple[list[str], list[Any]]:
    table, mark = query.table, sql.mark
    parts: list[str] = []
    params: list[Any] = []
    # A region narrows more than a stage or a kind does; SQLite, without statistics, would
    # take an equality's index over the region's range: a unary + keeps it off the others.
    plus = "+" if query.region is not None and not sql.postgres else ""
    for name, value in query.where.items():
        if value is None:
            parts.append(f'{plus}"{name}" IS NULL')
        else:
            parts.append(f"{plus}{sql.column(table, name)} = {mark}")
            params.append(value)
    if query.region is not None:
        condition, values = sql.within(query.region)
        parts.append(condition)
        params.extend(values)
    for name, text in query.contains.items():
        parts.append(sql.contains(name))
        params.append(ascii_lower(text))
    parts.extend(f'"{name}" IS NOT NULL' for name in query.present)
    for name, op, value in query.ranges:
        parts.append(f"{sql.column(table, name)} {RANGES[op]} {mark}")
        params.append(value)
    return parts, params


def _seeks(query: Query) -> bool:
    """Whether the page leaves the missing values out of its statement, for `QueryStatements.tail`.

    Descending, the rows after a value are those below it, then every row without one: an
    ``OR`` of both would make the index be read from its end. So the statement seeks below
    the value, and a short page is topped up from the rows without one.
    """
    return (
        query.order is not None
        and query.descending
        and query.start is not None
        and query.start[0] is not None
        and query.offset == 0
    )


def _after(query: Query, sql: QuerySql) -> tuple[str, list[Any]]:
    """The keyset condition: rows after the cursor's in the query's order."""
    assert query.start is not None
    table, mark = query.table, sql.mark
    more = "<" if query.descending else ">"
    key_values = list(query.start[-len(table.key) :])
    keys = [sql.column(table, k) for k in table.key]
    if len(keys) == 1:
        after_key = f"{keys[0]} {more} {mark}"
    else:
        marks = ", ".join(mark for _ in keys)
        after_key = f"({', '.join(keys)}) {more} ({marks})"
    if query.order is None:
        return after_key, key_values
    value = query.start[0]
    bare = f'"{query.order}"'
    if value is None:
        # Missing values come first: after one, the other missing ones, then every value.
        if query.descending:
            return f"({bare} IS NULL AND {after_key})", key_values
        return f"(({bare} IS NULL AND {after_key}) OR {bare} IS NOT NULL)", key_values
    # One row value, which an index seeks to (a missing value compares as neither).
    columns = ", ".join([sql.column(table, query.order), *keys])
    marks = ", ".join(mark for _ in range(len(keys) + 1))
    condition = f"({columns}) {more} ({marks})"
    if query.descending and not _seeks(query):
        condition = f"({condition} OR {bare} IS NULL)"
    return condition, [value, *key_values]


def _order(query: Query, sql: QuerySql) -> str:
    direction = " DESC" if query.descending else ""
    parts = []
    for name in query.order_columns:
        nulls = ""
        if sql.postgres and name == query.order:
            nulls = " NULLS LAST" if query.descending else " NULLS FIRST"
        parts.append(f"{sql.column(query.table, name)}{direction}{nulls}")
    return ", ".join(parts)


def facet_sql(
    query: Query, column: str, limit: int, qualified: str, sql: QuerySql
) -> tuple[str, list[Any]]:
    """How many rows *query*'s filters keep hold each value of *column*, in one ``GROUP BY``.

    The most frequent first, then by value in byte order, a missing value first (as
    ``facet_rows`` gives them).
    """
    query.table.check_columns([column])
    filters, params = _filters(query, sql)
    where = f" WHERE {' AND '.join(filters)}" if filters else ""
    value = sql.column(query.table, column)
    nulls = " NULLS FIRST" if sql.postgres else ""
    statement = (
        f'SELECT "{column}", COUNT(*) FROM {qualified}{where} GROUP BY "{column}"'
        f" ORDER BY COUNT(*) DESC, {value}{nulls} LIMIT {sql.mark}"
    )
    return statement, [*params, limit]


@attrs.frozen
class QueryStatements:
    """A page's statement, the count's alone (for an empty page), and the page's tail.

    ``page`` gives ``limit + 1`` rows (one more says a next page exists), each with the count
    as its last column when the query counts. ``tail``, when not ``None``, gives the rows
    without an order value that follow a short page (see `_seeks`); its one parameter left
    to add is how many.
    """

    page: tuple[str, list[Any]]
    count: tuple[str, list[Any]]
    tail: tuple[str, list[Any]] | None


def query_sql(query: Query, qualified: str, sql: QuerySql) -> QueryStatements:
    """The statements of a page of *query* over the table named *qualified*."""
    mark = sql.mark
    columns = ", ".join(f'"{c}"' for c in query.table.column_names)
    filters, params = _filters(query, sql)
    where = f" WHERE {' AND '.join(filters)}" if filters else ""
    counting = f"SELECT COUNT(*) FROM (SELECT 1 FROM {qualified}{where} LIMIT {COUNT_CAP}) AS kept"
    page_filters, page_params = list(filters), list(params)
    if query.start is not None:
        condition, values = _after(query, sql)
        page_filters.append(condition)
        page_params.extend(values)
    page_where = f" WHERE {' AND '.join(page_filters)}" if page_filters else ""
    selected = f"{columns}, ({counting})" if query.count else columns
    statement = (
        f"SELECT {selected} FROM {qualified}{page_where} ORDER BY {_order(query, sql)}"
        f" LIMIT {mark} OFFSET {mark}"
    )
    counted = params if query.count else []
    tail = None
    if _seeks(query):
        keys = ", ".join(f"{sql.column(query.table, k)} DESC" for k in query.table.key)
        missing = " AND ".join([*filters, f'"{query.order}" IS NULL'])
        tail = (
            f"SELECT {columns} FROM {qualified} WHERE {missing} ORDER BY {keys} LIMIT {mark}",
            list(params),
        )
    return QueryStatements(
        page=(statement, [*counted, *page_params, query.limit + 1, query.offset]),
        count=(counting, params),
        tail=tail,
    )
