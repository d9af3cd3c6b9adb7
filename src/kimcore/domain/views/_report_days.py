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
versions and moves the checkpoint; a row whose changes all add up to nothing is removed. A
report as of a log position still counts the versions (a day's changes cannot be cut within
the day).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kimcore.domain.views.tables import Column, Row, Table
from kimcore.domain.views.tally import Measure, Tally

__all__ = ["SPANS", "add_to", "buckets", "days_table", "summed"]

_CUT, _SPAN, _BUCKET = "cut", "span", "bucket"
# Each span and the length of its bucket, an ISO day cut short.
SPANS = (("year", 4), ("month", 7), ("day", 10))

Count = Callable[[Tally], list[Row]]


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
