"""A [`Tally`][kimcore.domain.views.tally.Tally] as SQL: a ``GROUP BY``, and its index for SQLite.

SQLite groups through a temporary B-tree unless an index yields the rows already in the order of
the groups: for the members of the nation's KIMs (1.7 million rows) that sort was four fifths of a
report's time. So each tally, at each cut of its region, gets a covering index that begins with its
grouping expressions (``substr("region_code", 1, 5)``, then its other columns), made the first time
it is asked for. PostgreSQL aggregates by hashing and needs none.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from typing import Any

from kimcore.adapters._sql_query import QuerySql
from kimcore.domain.views.history import VALIDITY, is_historical
from kimcore.domain.views.tables import Table
from kimcore.domain.views.tally import At, Tally

__all__ = ["tally_index", "tally_sql"]

Where = Callable[[Mapping[str, Any]], tuple[str, tuple[Any, ...]]]


def _grouped(query: Tally, prefix: Mapping[str, int]) -> list[str]:
    return [f'substr("{c}", 1, {int(prefix[c])})' if c in prefix else f'"{c}"' for c in query.by]


def tally_sql(
    query: Tally,
    prefix: Mapping[str, int],
    at: At,
    *,
    qualified: str,
    mark: str,
    where: Where,
    postgres: bool = False,
) -> tuple[str, tuple[Any, ...]]:
    """The query counting *query* (its table named *qualified*) and its parameters."""
    query.check(prefix, at)
    grouped = _grouped(query, prefix)
    counted: list[str] = []
    params: list[Any] = []
    for m in query.measures:
        if m.kind == "rows":
            counted.append("COUNT(*)")
            continue
        if m.kind == "sum":
            total = f'SUM("{m.column}")'
        else:
            total = f'SUM(CASE WHEN "{m.column}" = {mark} THEN 1 ELSE 0 END)'
            params.append(m.value)
        counted.append(f"CAST(COALESCE({total}, 0) AS BIGINT)")
    condition, filters = where(query.where)
    params.extend(filters)
    if query.region is not None:
        inside, values = QuerySql(mark=mark, postgres=postgres).within(query.region)
        condition = f"{condition} AND {inside}" if condition else f" WHERE {inside}"
        params.extend(values)
    if query.between is not None:
        column, low, high = query.between
        inside = f'"{column}" >= {mark} AND "{column}" < {mark}'
        condition = f"{condition} AND {inside}" if condition else f" WHERE {inside}"
        params.extend((low, high))
    valid, moment = ("", ()) if query.every_version else _validity(query.table, at, mark)
    if valid:
        condition = f"{condition} AND {valid}" if condition else f" WHERE {valid}"
        params.extend(moment)
    groups = ", ".join(str(i + 1) for i in range(len(grouped)))
    sql = (
        f"SELECT {', '.join([*grouped, *counted])} FROM {qualified}{condition}"
        + (f" GROUP BY {groups}" if groups else "")
        + " HAVING COUNT(*) > 0"
    )
    return sql, tuple(params)


def tally_index(query: Tally, prefix: Mapping[str, int], qualified: str) -> tuple[str, str]:
    """The name and ``CREATE INDEX`` of the covering index that serves *query* at *prefix*."""
    columns = [*_grouped(query, prefix)]
    # A column cut in the grouping is indexed whole too: SQLite reads an index as covering
    # only when it holds every column the query names, not just an expression of it.
    used = [*prefix, *query.where, *(m.column for m in query.measures if m.column)]
    if is_historical(query.table):
        used += [c.name for c in VALIDITY]
    for name in used:
        quoted = f'"{name}"'
        if quoted not in columns:
            columns.append(quoted)
    digest = hashlib.sha256(f"{query.table.name}({','.join(columns)})".encode()).hexdigest()
    name = f"kimcore_tally_{digest[:16]}"
    return name, f'CREATE INDEX IF NOT EXISTS "{name}" ON {qualified} ({", ".join(columns)})'


def _validity(table: Table, at: At, mark: str) -> tuple[str, tuple[Any, ...]]:
    """The condition selecting the versions of a historical *table* true *at* (none otherwise)."""
    if not is_historical(table):
        return "", ()
    if at is None:
        return '"valid_to" IS NULL', ()
    if isinstance(at, int):
        column, to, value = "valid_from", "valid_to", at
    else:
        column, to, value = "from_day", "to_day", at.isoformat()  # type: ignore[assignment]
    return f'"{column}" <= {mark} AND ("{to}" IS NULL OR "{to}" > {mark})', (value, value)
