"""The reports' counts kept by day, so a report as of a day adds up a few rows a region.

Each roll-up of `kimcore.domain.views._report_counts` keeps, beside its counts now, how much
they changed on each day the facts recorded (``kim_count_<name>_days``), each change three
times: in its day's row, its month's and its year's (``span`` ``day``, ``month``, ``year``;
``bucket`` ``2024-03-15``, ``2024-03``, ``2024``). The counts at the end of day D are the
sum of the years before D's, of the months of D's year before D's month, and of the days of
D's month up to D: at most the years recorded, 11 months and 31 days a group, however long the
log. The facts' days never go back (`ReportFacts`), so a change kept under a day is one the
log holds by the end of that day, exactly as the facts' versions count it (``from_day`` and
``to_day``).

The changes are written with the counts now (`Pending`), in the transaction that writes the
versions and moves the checkpoint; a row whose changes all add up to nothing is removed.

A report as of a log position *p* (`summed_at`) adds up the days before the day *D* of the
last change at or before *p*, then counts the versions' changes of day *D* up to *p*: those
begun (``valid_from``) after the last one begun on a day before *D* and at or before *p*, less
those ended (``valid_to``) in the same way. As the facts' days never go back, a change on a day
before *D* was made at or before *p* (a change after *p* is on *D* or later), and a change at
or before *p* on no day after *D* (*D* is the latest of them): the days before *D* and the
changes counted hold each change up to *p* once, and none after it, however the events' own
clocks went back. Where fewer of *D*'s changes lie after *p*, it adds up the days up to *D*
and takes away *D*'s changes after *p* instead, but only once a later day is kept: until then
a projector may write more of *D*'s changes between the report's reads, into the days' sums
and not into the changes read. The versions are found by their positions (each versions
table is ``sortable`` by ``valid_from`` and ``valid_to``, so SQL stores index them): a few
index lookups and the changes of one day, not every version true at *p*. The plain twin is
the tally of the versions true at *p* (``at=p``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import attrs

from kimcore.domain.views.query import Page, Query
from kimcore.domain.views.tables import Column, Row, Table
from kimcore.domain.views.tally import Measure, Tally

__all__ = [
    "SHARE",
    "SPANS",
    "add_to",
    "buckets",
    "days_table",
    "remembered",
    "summed",
    "summed_at",
]

_CUT, _SPAN, _BUCKET = "cut", "span", "bucket"
# Each span and the length of its bucket, an ISO day cut short.
SPANS = (("year", 4), ("month", 7), ("day", 10))
# A position past every one a log holds, one below the largest a SQL integer holds.
_LAST = 2**63 - 2
# The share of a versions table's positions (up to its last change) a day's changes may span
# before counting the versions true at a position reads fewer rows (`summed_at`).
SHARE = 0.05

Count = Callable[[Tally], list[Row]]
# Finds the page of each query, at once (`ModelStore.query_many`).
Find = Callable[[Sequence[Query]], list[Page]]


def days_table(name: str, columns: Sequence[Column], group: str) -> Table:
    """The table of roll-up *name*'s changes by day: its *columns* (*group* its key) by span.

    Its rows are kept in the order a report as of a day reads them: by cut, span and bucket.
    """
    return Table(
        name=f"kim_count_{name}_days",
        columns=(
            Column(name=_SPAN, type="text"),
            Column(name=_BUCKET, type="text"),
            *columns,
        ),
        key=(_CUT, _SPAN, _BUCKET, group),
        clustered=True,
    )


def buckets(day: str) -> tuple[tuple[str, str], ...]:
    """The span and bucket of each row a change on *day* (``YYYY-MM-DD``) is kept in."""
    return tuple((span, day[:length]) for span, length in SPANS)


def _ranges(day: dt.date) -> tuple[tuple[str, str, str], ...]:
    """Each span's buckets a count at the end of *day* adds up: ``(span, low, high)``."""
    d = day.isoformat()
    # The bucket after the last day there is: past every ISO day of its shape.
    after = (day + dt.timedelta(days=1)).isoformat() if day < dt.date.max else "9999-12-32"
    return (
        ("year", "0000", d[:4]),
        ("month", f"{d[:4]}-01", d[:7]),
        ("day", f"{d[:7]}-01", after),
    )


def add_to(sums: dict[Any, list[int]], key: Any, amounts: list[int]) -> None:
    """Add *amounts*, column by column, to the sums kept at *key* (a copy of them if none)."""
    held = sums.get(key)
    if held is None:
        sums[key] = list(amounts)
    else:
        for i, amount in enumerate(amounts):
            held[i] += amount


def summed(
    count: Count,
    table: Table,
    *,
    cut: int,
    by: Sequence[str],
    counted: Sequence[str],
    names: Sequence[str],
    day: dt.date,
) -> list[Row]:
    """The counts of *table* at *cut* as of the end of *day*, by *by*: *names*' rows.

    *count* runs a tally (`ModelStore.tally`); *counted* names the counting columns, the
    fact rows counted first (a group whose rows add up to none is left out, as a tally of the
    versions leaves it).
    """
    found = _added_up(count, table, cut=cut, by=by, counted=counted, day=day)
    return _rows(found, by, counted, names)


def summed_at(
    count: Count,
    find: Find,
    table: Table,
    query: Tally,
    *,
    cut: int,
    counted: Sequence[str],
    names: Sequence[str],
    position: int,
    share: float | None = SHARE,
) -> list[Row] | None:
    """The counts of *table* (the changes by day of *query*) as of log *position*: *names*' rows.

    *count* runs a tally of *query*'s versions with the region code cut to *cut*
    (`ModelStore.tally` with its prefix), *find* pages of them (`ModelStore.query_many`); the
    rest as `summed`. See the module for why the sum is exact. ``None`` when the day's
    changes to count span more than *share* of the positions up to the last change of
    *query*'s versions table (a log recorded on a few days): counting the versions true at
    *position* then reads fewer rows.
    """
    versions, by = query.table, query.by
    position = min(position, _LAST)
    changes = [("valid_from", "from_day", 1)]
    if "valid_to" in versions.sortable:  # versions that never end have no ends to find
        changes.append(("valid_to", "to_day", -1))
    # The index lookups go in rounds, each sent at once (one statement on a SQL store), three
    # or four a table where they went one by one. First, each kind's last change at or
    # before *position* (the latest of their days is *D*), and the last change begun, at the
    # table's last position.
    kinds = len(changes)
    first = _looked(
        find,
        [
            *(_next(versions, column, position) for column, _, _ in changes),
            _next(versions, "valid_from", _LAST),
        ],
    )
    days = [
        row[day] for (_, day, _), rows in zip(changes, first[:kinds], strict=True) for row in rows
    ]
    if not days:
        return []
    day = max(days)
    # The reach is a share of this table's positions up to its last change, not of the log's:
    # the two ways cost rows of this table, and its changes spread over those positions
    # alone. A table that stopped changing long before the log's end (or changes rarely)
    # would otherwise take a reach holding all its versions as near, where counting those
    # true at *position* reads fewer; and the last change is one more index lookup, no read
    # of the facts' checkpoint.
    reach = int(share * first[kinds][0]["valid_from"]) if share is not None else _LAST
    # Then whether each kind's changes of *D* begin after *position* less *reach* and end
    # before *position* plus it: two lookups a kind, before reading any change of *D* (which
    # the lookups below do, as many as lie on that side).
    near = _looked(
        find,
        [
            *(_next(versions, c, max(position - reach, -1)) for c, _, _ in changes),
            *(_next(versions, c, min(position + reach, _LAST), after=True) for c, _, _ in changes),
        ],
    )
    near_before = all(
        not rows or rows[0][d] < day for (_, d, _), rows in zip(changes, near[:kinds], strict=True)
    )
    near_after = all(
        not rows or rows[0][d] > day for (_, d, _), rows in zip(changes, near[kinds:], strict=True)
    )
    # Where the day's changes of each kind begin (after the last on a day before) and end
    # (before the first on a day after), on each side near enough.
    bounds = _looked(
        find,
        [
            *(_next(versions, c, position, (d, "lt", day)) for c, d, _ in changes if near_before),
            *(
                _next(versions, c, position, (d, "gt", day), after=True)
                for c, d, _ in changes
                if near_after
            ),
        ],
    )
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    if near_before:
        for (column, _, _), rows in zip(changes, bounds[:kinds], strict=True):
            starts[column] = rows[0][column] + 1 if rows else 0
    # Day *D*'s changes after *position* are subtracted from the days' sums read later: only
    # once a change on a later day is kept, so that a projector writing meanwhile adds none
    # to *D* (the days never go back). The changes up to *position* are kept already.
    firsts = bounds[kinds:] if near_before else bounds
    closed = any(firsts)
    if near_after and closed:
        # A kind with no change on a later day ends after its last on a day up to *D*: read
        # after the first on a later day was, so all of *D*'s are kept, and none after it
        # is taken for one of *D*'s.
        lasts = iter(
            _looked(
                find,
                [
                    _next(versions, c, _LAST, (d, "lte", day))
                    for (c, d, _), rows in zip(changes, firsts, strict=True)
                    if not rows
                ],
            )
        )
        for (column, _, _), rows in zip(changes, firsts, strict=True):
            if rows:
                ends[column] = rows[0][column]
            else:
                last = next(lasts)
                ends[column] = last[0][column] + 1 if last else position + 1
    near_after = near_after and closed
    if not (near_before or near_after):
        return None  # counting the versions true at *position* reads fewer rows
    before = position + 1 - min(starts.values()) if near_before else None
    after = max(ends.values()) - position - 1 if near_after else None
    # Up to the day before and the day's changes up to *position*, or up to the day and less
    # its changes after *position*: the side holding fewer positions.
    if before is not None and (after is None or before <= after):
        base = dt.date.fromisoformat(day) - dt.timedelta(days=1) if day > "0001-01-01" else None
        spans = {column: (starts[column], position + 1) for column in starts}
        taken = 1
    else:
        base, taken = dt.date.fromisoformat(day), -1
        spans = {column: (position + 1, ends[column]) for column in ends}
    found = (
        {} if base is None else _added_up(count, table, cut=cut, by=by, counted=counted, day=base)
    )
    measures = (Measure.rows(counted[0]), *query.measures)
    for column, _, sign in changes:
        low, high = spans[column]
        if low >= high:
            continue
        tally = Tally(
            table=versions,
            by=by,
            measures=measures,
            where=query.where,
            between=(column, low, high),
            every_version=True,
        )
        for row in count(tally):
            add_to(found, tuple(row[b] for b in by), [taken * sign * row[n] for n in counted])
    return _rows(found, by, counted, names)


def remembered(find: Find) -> Find:
    """*find*, each page it gives kept: a report's tallies of one table make the same lookups.

    A page is kept under every field its query is compared by (a mapping by its items), so
    two queries share it only where they are equal: one that differs in any filter, order,
    cursor or count is sent anew. The queries not kept yet are sent at once.
    """
    pages: dict[tuple[Any, ...], Page] = {}

    def found(queries: Sequence[Query]) -> list[Page]:
        keys = [tuple(_held(getattr(q, f.name)) for f in _COMPARED) for q in queries]
        missing = {key: q for key, q in zip(keys, queries, strict=True) if key not in pages}
        if missing:
            pages.update(zip(missing, find(list(missing.values())), strict=True))
        return [pages[key] for key in keys]

    return found


# The fields a query is compared by: all but the cursor's decoded values (``start``).
_COMPARED = tuple(f for f in attrs.fields(Query) if f.eq)


def _held(value: Any) -> Any:
    """*value* as part of a key: a mapping by its items."""
    return frozenset(value.items()) if isinstance(value, Mapping) else value


def _next(
    versions: Table,
    column: str,
    position: int,
    day: tuple[str, str, str] | None = None,
    *,
    after: bool = False,
) -> Query:
    """The lookup of the version whose *column* is the last at or before *position*.

    Or the first after it with *after*; its day within *day* if given (``(column, op,
    day)``): one row, or none.
    """
    ranges: list[tuple[str, str, Any]] = [(column, "gt" if after else "lte", position)]
    if day is not None:
        ranges.append(day)
    return Query(table=versions, ranges=tuple(ranges), order=column, descending=not after, limit=1)


def _looked(find: Find, queries: Sequence[Query]) -> list[list[Row]]:
    """The rows of each of *queries*, looked up at once (none sent for none)."""
    return [page.rows for page in find(queries)] if queries else []


def _added_up(
    count: Count,
    table: Table,
    *,
    cut: int,
    by: Sequence[str],
    counted: Sequence[str],
    day: dt.date,
) -> dict[tuple[Any, ...], list[int]]:
    """The changes of *table* at *cut* up to the end of *day*, added up by group."""
    found: dict[tuple[Any, ...], list[int]] = {}
    measures = tuple(Measure.sum(name, name) for name in counted)
    for span, low, high in _ranges(day):
        query = Tally(
            table=table,
            by=tuple(by),
            measures=measures,
            where={_CUT: cut, _SPAN: span},
            between=(_BUCKET, low, high),
        )
        for row in count(query):
            add_to(found, tuple(row[b] for b in by), [row[name] for name in counted])
    return found


def _rows(
    found: Mapping[tuple[Any, ...], list[int]],
    by: Sequence[str],
    counted: Sequence[str],
    names: Sequence[str],
) -> list[Row]:
    """*found*'s groups as *names*' rows, those whose fact rows add up to none left out."""
    rows: list[Row] = []
    for group, amounts in found.items():
        if amounts[0] == 0:
            continue
        values: Mapping[str, Any] = {
            **dict(zip(by, group, strict=True)),
            **dict(zip(counted, amounts, strict=True)),
        }
        rows.append({name: values[name] for name in names})
    return rows
