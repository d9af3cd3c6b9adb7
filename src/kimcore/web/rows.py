"""A read-model table's rows as a reader asks for them: filters, ranges, search, sort, facets.

The parameters of ``/api/models/{table}`` and ``/api/kims``, modelled on datasette's JSON API:

- ``column=value``: the rows holding that value (an ``int`` column takes a whole number);
  ``column=_null`` the rows where it is missing, ``column=_notnull`` where it is not;
- ``column__gt``, ``__gte``, ``__lt``, ``__lte``: a range (dates are ``YYYY-MM-DD`` text,
  so ``formed_on__gte=2024-01-01`` keeps those formed since; a missing value is in none);
- ``q=text``: the rows whose ``name`` holds the text, A-Z in either case;
- ``sort=column`` / ``sort_desc=column``: a column the table declares sortable (also
  ``order=column`` / ``order=-column``);
- ``facet=column`` (repeatable): how many of the rows the filters keep hold each value of
  that column, the most frequent 50 first, beside the page;
- ``region``, ``limit``, ``offset``, ``cursor``, ``format`` as before.

A column the table declares a list (``channels``) is a JSON array in a JSON answer.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

import attrs
from starlette.datastructures import QueryParams

from kimcore import _json
from kimcore.domain.views.query import RANGES, Query
from kimcore.domain.views.tables import Row, Table
from kimcore.vocabulary.errors import InvalidValue
from kimcore.web.http import INT64_MAX, INT64_MIN, HttpError, whole_number

__all__ = ["NOT_NULL", "NULL", "RESERVED", "Asked", "asked", "facets", "typed"]

NULL = "_null"
NOT_NULL = "_notnull"
RESERVED = (
    "limit",
    "offset",
    "cursor",
    "order",
    "sort",
    "sort_desc",
    "format",
    "region",
    "q",
    "facet",
)


def _bad(field: str, message: str) -> HttpError:
    return HttpError.refused(InvalidValue(field, message), 400)


def _value(table: Table, name: str, field: str, text: str) -> Any:
    if table.column(name).type != "int":
        return text
    return whole_number(field, text, INT64_MIN, INT64_MAX)


@attrs.frozen
class Asked:
    """What a read's parameters ask of a table, for a `Query` (paging aside) and its facets."""

    where: dict[str, Any]
    present: tuple[str, ...]
    ranges: tuple[tuple[str, str, Any], ...]
    contains: dict[str, str]
    order: str | None
    descending: bool
    facets: tuple[str, ...]


def _known(table: Table, name: str, field: str) -> None:
    if name not in table.column_names:
        raise _bad(field, f"is neither a column of {table.name} nor one of {', '.join(RESERVED)}")


def _sort(params: QueryParams, table: Table) -> tuple[str | None, bool]:
    given = [(n, params[n]) for n in ("order", "sort", "sort_desc") if params.get(n)]
    if len(given) > 1:
        raise _bad(given[1][0], f"give one of order, sort and sort_desc, not {given[0][0]} too")
    if not given:
        return None, False
    name, order = given[0]
    descending = name == "sort_desc" or (name == "order" and order.startswith("-"))
    order = order.removeprefix("-") if name == "order" else order
    if order not in table.sortable:
        sortable = ", ".join(table.sortable) or "only its key"
        raise _bad(name, f"{table.name} can be sorted by {sortable}, not {order!r}")
    return order, descending


def _personal(table: Table, name: str, field: str, doing: str) -> HttpError:
    return _bad(field, f"{table.name}.{name} is personal: {doing} it needs the personal scope")


def asked(params: QueryParams, table: Table, hidden: Collection[str] = ()) -> Asked:
    """The filters, search, order and facets *params* ask of *table*; a 400 naming a bad one.

    *hidden*: the personal columns the reader may not see. Filtering, sorting or faceting by
    one is refused as well: a count, an order or a range would give its values away (a name
    found in 122 halvings of a range, however the rows read).
    """
    where: dict[str, Any] = {}
    present: list[str] = []
    ranges: list[tuple[str, str, Any]] = []
    for field, text in params.multi_items():
        if field in RESERVED:
            continue
        name, _, op = field.partition("__")
        _known(table, name, field)
        if name in hidden:
            raise _personal(table, name, field, "filtering by")
        if op:
            if op not in RANGES:
                raise _bad(field, f"{op!r} is not a range: use {', '.join(RANGES)}")
            ranges.append((name, op, _value(table, name, field, text)))
        elif text == NULL:
            where[name] = None
        elif text == NOT_NULL:
            present.append(name)
        else:
            where[name] = _value(table, name, field, text)
    contains = {}
    words = params.get("q", "").strip()
    if words:
        if "name" not in table.column_names:
            raise _bad("q", f"{table.name} has no name to search")
        if "name" in hidden:
            raise _personal(table, "name", "q", "searching")
        contains["name"] = words
    wanted = tuple(dict.fromkeys(params.getlist("facet")))
    for name in wanted:
        _known(table, name, "facet")
        if name in hidden:
            raise _personal(table, name, "facet", "counting")
    order, descending = _sort(params, table)
    if order is not None and order in hidden:
        used = next(n for n in ("order", "sort", "sort_desc") if params.get(n))
        raise _personal(table, order, used, "sorting by")
    return Asked(where, tuple(present), tuple(ranges), contains, order, descending, wanted)


def facets(
    models: Any, query: Query, columns: Iterable[str], hidden: Iterable[str]
) -> dict[str, list[dict[str, Any]]]:
    """Each column's values and how many rows the query keeps hold them (paging aside).

    A personal column (*hidden*) is not counted: its values would show.
    """
    secret = set(hidden)
    found: dict[str, list[dict[str, Any]]] = {}
    for column in columns:
        if column in secret:
            raise _bad("facet", f"{column} holds personal data: it has no facet")
        found[column] = [
            {"value": value, "count": count} for value, count in models.facets(query, column)
        ]
    return found


def typed(table: Table, rows: list[Row]) -> list[Row]:
    """*rows* with each list column (JSON text in the table) as a list."""
    if not table.lists:
        return rows
    return [
        {
            **row,
            **{n: None if row[n] is None else _json.loads(row[n].encode()) for n in table.lists},
        }
        for row in rows
    ]
