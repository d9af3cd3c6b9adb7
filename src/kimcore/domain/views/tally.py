"""Counting a table's rows by group, as a report does: a declaration every model store runs.

A [`Tally`][kimcore.domain.views.tally.Tally] names a table, the columns to group by, what to
count, and equality filters. SQLite and PostgreSQL run it as one ``GROUP BY`` query; memory runs
[`tally_rows`][kimcore.domain.views.tally.tally_rows], its plain twin, over the rows. Grouping may
cut a column to its first characters (a Kemendagri code to its regency: ``prefix={"region_code":
5}``), and on a [historical table][kimcore.domain.views.history] the rows counted are those true
at a moment (or, with ``every_version``, every version the other filters keep).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from kimcore.domain.views.history import is_historical, valid_at
from kimcore.domain.views.query import within
from kimcore.domain.views.tables import Row, Table
from kimcore.vocabulary.errors import ReadModelError

__all__ = ["At", "Measure", "Tallied", "Tally", "tally_rows"]

# A moment to count at: a log position, the end of a day (UTC), or now.
At = int | dt.date | None
# A tally a read model is counted by, with the cut of its grouped columns (``prefix``).
Tallied = tuple["Tally", Mapping[str, int]]


@attrs.frozen(kw_only=True)
class Measure:
    """One count of a tally: its rows, a column's sum, or the rows holding a value.

    ``equal`` counts the rows whose *column* holds *value* (``None`` matches no value).
    """

    name: str
    kind: Literal["rows", "sum", "equal"]
    column: str | None = None
    value: Any = None

    @classmethod
    def rows(cls, name: str) -> Measure:
        """How many rows."""
        return cls(name=name, kind="rows")

    @classmethod
    def sum(cls, name: str, column: str) -> Measure:
        """The sum of an int *column* (``None`` counts as 0)."""
        return cls(name=name, kind="sum", column=column)

    @classmethod
    def equal(cls, name: str, column: str, value: Any) -> Measure:
        """How many rows hold *value* in *column*."""
        return cls(name=name, kind="equal", column=column, value=value)


@attrs.frozen(kw_only=True)
class Tally:
    """Rows of *table* matching *where* (equality; ``None`` is ``IS NULL``), counted by *by*.

    With *region*, only the rows whose ``region_code`` is that code or lies within it; with
    *between* ``(column, low, high)``, only those whose *column* is at least *low* and less
    than *high* (texts of one shape, such as ISO days, compare alike in every collation).
    On a historical table, *every_version* counts each version whatever its validity (those
    begun within a range of positions, say), not those true at a moment; a table without
    history has no versions to count so, and is refused.
    """

    table: Table
    by: tuple[str, ...]
    measures: tuple[Measure, ...]
    where: Mapping[str, Any] = attrs.field(factory=dict)
    region: str | None = None
    between: tuple[str, Any, Any] | None = None
    every_version: bool = False

    def __attrs_post_init__(self) -> None:
        used = [*self.by, *self.where, *(m.column for m in self.measures if m.column)]
        used += ["region_code"] if self.region is not None else []
        used += [self.between[0]] if self.between is not None else []
        self.table.check_columns(used)
        if self.every_version and not is_historical(self.table):
            raise ReadModelError(
                f"tally of {self.table.name}: keeps no history, so no version to count but its rows"
            )
        names = [*self.by, *(m.name for m in self.measures)]
        if len(set(names)) != len(names):
            raise ReadModelError(f"tally of {self.table.name}: a name is used twice in {names}")
        for m in self.measures:
            if m.kind != "rows" and m.column is None:
                raise ReadModelError(f"tally of {self.table.name}: {m.name} needs a column")

    @property
    def names(self) -> tuple[str, ...]:
        """The columns of each result row: *by*, then the measures."""
        return (*self.by, *(m.name for m in self.measures))

    def check(self, prefix: Mapping[str, int], at: At) -> None:
        """Refuse a cut of a column not grouped by, or a moment on a table without history."""
        unknown = set(prefix) - set(self.by)
        if unknown:
            raise ReadModelError(f"tally of {self.table.name}: cannot cut {sorted(unknown)}")
        if at is not None and not is_historical(self.table):
            raise ReadModelError(f"{self.table.name} keeps no history to count as of {at}")
        if at is not None and self.every_version:
            raise ReadModelError(f"tally of {self.table.name}: every version, not as of {at}")


def tally_rows(
    query: Tally, rows: Iterable[Row], *, prefix: Mapping[str, int] | None = None, at: At = None
) -> list[Row]:
    """*query* counted over *rows* in Python (what the SQL stores do in one query), in no order."""
    prefix = prefix or {}
    query.check(prefix, at)
    history = is_historical(query.table) and not query.every_version
    where = tuple(query.where.items())
    found: dict[tuple[Any, ...], list[int]] = {}
    for row in rows:
        if history and not valid_at(row, at):
            continue
        if any(row.get(name) != value for name, value in where):
            continue
        if query.region is not None and not within(row.get("region_code"), query.region):
            continue
        if query.between is not None:
            column, low, high = query.between
            value = row.get(column)
            if value is None or not low <= value < high:
                continue
        group = tuple(_cut(row.get(name), prefix.get(name)) for name in query.by)
        counts = found.setdefault(group, [0] * len(query.measures))
        for i, m in enumerate(query.measures):
            if m.kind == "rows":
                counts[i] += 1
            elif m.kind == "sum":
                counts[i] += row.get(m.column or "") or 0
            elif m.value is not None and row.get(m.column or "") == m.value:
                counts[i] += 1
    names = query.names
    return [dict(zip(names, (*group, *counts), strict=True)) for group, counts in found.items()]


def _cut(value: Any, length: int | None) -> Any:
    if length is None or value is None:
        return value
    return str(value)[:length]
