"""The reports' counts kept as the facts change, so a live report reads a few rows, not every fact.

Each [tally][kimcore.domain.views.tally.Tally] a report runs over the report facts has a
*roll-up*: a table holding, for each cut of the region code (province, regency, district,
village) and each group of the tally's other columns, its measures and how many fact rows they
count. [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts] adds a version's share when
it becomes true and takes it away when it stops (`Pending`: added up over a page, written once a
page), in the transaction that writes the versions and moves the checkpoint: the counts are
exact and each event counts once. A report now
is then the roll-up's rows at its level (a few thousand for the nation's regencies), where the
tally groups every current fact (2.4 million members).

The plain twin is the tally itself (`ModelStore.tally` over the facts' versions, and
`tally_rows` in memory); ``tests/test_report_counts.py`` checks that both give every report at
every level, on every model store.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kimcore.domain.views._report_days import (
    SHARE,
    Find,
    add_to,
    buckets,
    days_table,
    summed,
    summed_at,
)
from kimcore.domain.views.report_tables import (
    FACT_ACTIVITIES,
    FACT_GROUPS,
    FACT_MEMBERS,
    FACT_PARTNERSHIPS,
    FACT_PRODUCTS,
    FUNCTION_COLUMNS,
)
from kimcore.domain.views.tables import Column, Row, Table, Tables
from kimcore.domain.views.tally import Measure, Tally
from kimcore.vocabulary.errors import ReadModelError

__all__ = [
    "ACTIVITIES",
    "CUTS",
    "KIM_ENDED",
    "KIM_GROUPS",
    "KIM_MEMBERS",
    "MEMBERS",
    "PARTNERSHIPS",
    "PRODUCTS",
    "ROLLUPS",
    "Pending",
    "Rollup",
    "counted",
    "counted_at",
    "counted_on",
    "kept",
]

# The lengths a region code is cut to: province 62, regency 62.71, district 62.71.01, village.
CUTS = (2, 5, 8, 13)
_CUT, _GROUP, _ROWS = "cut", "group_key", "tally_rows"
_REGION = "region_code"

# -- the tallies the reports run (their rows are what the roll-ups keep) -------------------

_STAGES = ("formed", "confirmed", "registered")
_KINDS = {"analog": "analog", "digital": "digital", "hybrid": "hybrid", "no_channels": "none"}
_AREAS = ("urban", "rural")

KIM_GROUPS = Tally(
    table=FACT_GROUPS.versions,
    by=(_REGION,),
    where={"ended": 0},
    measures=(
        Measure.rows("kims"),
        *(Measure.equal(stage, "stage", stage) for stage in _STAGES),
        *(Measure.equal(name, "kind", kind) for name, kind in _KINDS.items()),
        *(Measure.equal(area, "area", area) for area in _AREAS),
        Measure.equal("mapped", "mapped", 1),
    ),
)
KIM_ENDED = Tally(
    table=FACT_GROUPS.versions,
    by=(_REGION,),
    where={"ended": 1},
    measures=(Measure.rows("ended"),),
)
KIM_MEMBERS = Tally(
    table=FACT_MEMBERS.versions,
    by=(_REGION,),
    measures=(
        Measure.rows("members"),
        Measure.equal("men", "gender", "man"),
        Measure.equal("women", "gender", "woman"),
    ),
)
MEMBERS = Tally(
    table=FACT_MEMBERS.versions,
    by=(_REGION, "category", "gender"),
    measures=(Measure.rows("members"),),
)
ACTIVITIES = Tally(
    table=FACT_ACTIVITIES.versions,
    by=(_REGION, "family", "technique", "delivery", "month"),
    measures=(
        Measure.rows("activities"),
        Measure.sum("attendance", "attendance"),
        *(Measure.sum(function, column) for function, column in FUNCTION_COLUMNS.items()),
    ),
)
PARTNERSHIPS = Tally(
    table=FACT_PARTNERSHIPS.versions,
    by=(_REGION, "partnership_type", "sector"),
    measures=(Measure.rows("signed"), Measure.equal("active", "ended", 0)),
)
PRODUCTS = Tally(
    table=FACT_PRODUCTS.versions,
    by=(_REGION, "product_type", "channel", "month"),
    measures=(Measure.rows("products"),),
)


@attrs.frozen
class Rollup:
    """The counts of *query* kept by cut and group: its table ``kim_count_<name>``.

    A row's key is the cut and the group's values as a JSON list (a value may be ``None``,
    which no key column holds); beside them, the group's columns as the tally names them,
    ``tally_rows`` (the fact rows counted: a row at 0 is removed) and the measures.
    ``days`` keeps their changes by day (`kimcore.domain.views._report_days`).
    *versions_fewer*: its changes by day outnumber its versions (a roll-up grouped by a
    month, nearly a group a fact: at 20,000 KIMs, 626,966 day rows for 60,138 activities),
    so a count as of a position counts the versions true then (`counted_at`).
    """

    name: str
    query: Tally
    versions_fewer: bool = attrs.field(default=False, kw_only=True)
    table: Table = attrs.field(init=False)
    days: Table = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        q = self.query
        if _REGION not in q.by or q.region is not None:
            raise ReadModelError(f"roll-up {self.name}: a tally by region_code, over every region")
        if {_CUT, _GROUP, _ROWS} & set(q.names):
            raise ReadModelError(f"roll-up {self.name}: {_CUT}, {_GROUP}, {_ROWS} are its own")
        columns = (
            Column(name=_CUT, type="int"),
            Column(name=_GROUP, type="text"),
            *(
                Column(name=b, type="text" if b == _REGION else q.table.column(b).type)
                for b in q.by
            ),
            Column(name=_ROWS, type="int"),
            *(Column(name=m.name, type="int") for m in q.measures),
        )
        table = Table(
            name=f"kim_count_{self.name}", columns=columns, key=(_CUT, _GROUP), clustered=True
        )
        object.__setattr__(self, "table", table)
        object.__setattr__(self, "days", days_table(self.name, columns, _GROUP))

    @property
    def counted(self) -> tuple[str, ...]:
        """The columns that count: ``tally_rows``, then the measures."""
        return (_ROWS, *(m.name for m in self.query.measures))

    def amounts(self, row: Row, sign: int) -> list[int] | None:
        """What *row* adds to its group's counts (*sign* 1) or takes away (-1), if counted."""
        q = self.query
        if any(row.get(name) != value for name, value in q.where.items()):
            return None
        amounts = [sign]
        for m in q.measures:
            if m.kind == "rows":
                amount = 1
            elif m.kind == "sum":
                amount = row.get(m.column or "") or 0
            else:
                amount = int(m.value is not None and row.get(m.column or "") == m.value)
            amounts.append(sign * amount)
        return amounts

    def group(self, row: Row, cut: int) -> tuple[Any, ...]:
        """The group of *row* at *cut*: its grouped values, the region code cut."""
        return tuple(_cut(row.get(b), cut if b == _REGION else None) for b in self.query.by)


def _cut(value: Any, length: int | None) -> Any:
    if length is None or value is None:
        return value
    return str(value)[:length]


ROLLUPS: tuple[Rollup, ...] = (
    Rollup("kims", KIM_GROUPS),
    Rollup("kims_ended", KIM_ENDED),
    Rollup("kim_members", KIM_MEMBERS),
    Rollup("members", MEMBERS),
    # Grouped by a month: their changes by day outnumber their versions.
    Rollup("activities", ACTIVITIES, versions_fewer=True),
    Rollup("partnerships", PARTNERSHIPS),
    Rollup("products", PRODUCTS, versions_fewer=True),
)
# The roll-ups over each fact table, with their number in ROLLUPS.
_OVER: dict[str, tuple[tuple[int, Rollup], ...]] = {}
for _number, _rollup in enumerate(ROLLUPS):
    _name = _rollup.query.table.name
    _OVER[_name] = (*_OVER.get(_name, ()), (_number, _rollup))


class Pending:
    """The counts a page changes, added up in memory and written once a page (`write`).

    A member joining changes eight counts (two roll-ups, four cuts): held here, each count
    a page touches is read and written once, however many of its events change it.
    """

    def __init__(self) -> None:
        self._tables: Tables | None = None
        self._changes: dict[tuple[int, int, tuple[Any, ...]], list[int]] = {}
        # The same changes by the day they were made on (the days' rows).
        self._days: dict[tuple[int, int, tuple[Any, ...], str], list[int]] = {}

    def note(self, tables: Tables, versions: Table, row: Row, sign: int, day: str) -> None:
        """Add the version *row* of *versions* to its roll-ups (*sign* 1), or take it away (-1).

        *day* is the day the facts record the change on (``YYYY-MM-DD``).
        """
        if tables is not self._tables:  # a new page (the one before written or rolled back)
            self._tables, self._changes, self._days = tables, {}, {}
        for number, rollup in _OVER.get(versions.name, ()):
            amounts = rollup.amounts(row, sign)
            if amounts is None:
                continue
            for cut in CUTS:
                group = rollup.group(row, cut)
                add_to(self._changes, (number, cut, group), amounts)
                add_to(self._days, (number, cut, group, day), amounts)

    def write(self, tables: Tables) -> None:
        """Write the counts held for the page of *tables* (its transaction is still open)."""
        if tables is not self._tables:
            return
        self._write_days(tables)
        for (number, cut, group), changed in self._changes.items():
            rollup = ROLLUPS[number]
            table = rollup.table
            key = (cut, json.dumps(group, ensure_ascii=False))
            counted = rollup.counted
            # A group of counts that fell to no row is gone, not kept at zero.
            amounts = _added(tables, table, key, changed, counted, kept=lambda a: a[0] != 0)
            if amounts is None:
                continue
            tables.put(
                table,
                {
                    _CUT: cut,
                    _GROUP: key[1],
                    **dict(zip(rollup.query.by, group, strict=True)),
                    **dict(zip(counted, amounts, strict=True)),
                },
            )
        self._tables, self._changes, self._days = None, {}, {}

    def _write_days(self, tables: Tables) -> None:
        """Add the page's changes to the rows of their days, months and years."""
        spans: dict[tuple[int, int, tuple[Any, ...], str, str], list[int]] = {}
        for (number, cut, group, day), changed in self._days.items():
            for span, bucket in buckets(day):
                add_to(spans, (number, cut, group, span, bucket), changed)
        for (number, cut, group, span, bucket), changed in spans.items():
            rollup = ROLLUPS[number]
            table, counted = rollup.days, rollup.counted
            key = (cut, span, bucket, json.dumps(group, ensure_ascii=False))
            amounts = _added(tables, table, key, changed, counted, kept=any)
            if amounts is None:
                continue
            tables.put(
                table,
                {
                    _CUT: cut,
                    "span": span,
                    "bucket": bucket,
                    _GROUP: key[3],
                    **dict(zip(rollup.query.by, group, strict=True)),
                    **dict(zip(counted, amounts, strict=True)),
                },
            )


def _added(
    tables: Tables,
    table: Table,
    key: tuple[Any, ...],
    changed: list[int],
    counted: tuple[str, ...],
    *,
    kept: Callable[[list[int]], bool],
) -> list[int] | None:
    """*changed* added to the row held at *key*; ``None``, the row deleted, if not *kept*."""
    held = tables.get(table, key)
    amounts = (
        changed
        if held is None
        else [a + held[name] for a, name in zip(changed, counted, strict=True)]
    )
    if not kept(amounts):
        if held is not None:
            tables.delete(table, key)
        return None
    return amounts


Read = Callable[[Table, Mapping[str, Any]], list[Row]]


def _kept_by(query: Tally, prefix: Mapping[str, int]) -> Rollup | None:
    """The roll-up keeping *query*'s counts at *prefix*, if one does."""
    rollup = next((r for r in ROLLUPS if r.query is query), None)
    if rollup is None or prefix.get(_REGION) not in CUTS or set(prefix) != {_REGION}:
        return None
    return rollup


def kept(query: Tally, prefix: Mapping[str, int]) -> bool:
    """Whether a roll-up keeps *query*'s counts at *prefix* (a listing, say, has none)."""
    return _kept_by(query, prefix) is not None


def counted(read: Read, query: Tally, prefix: Mapping[str, int]) -> list[Row]:
    """The rows `ModelStore.tally` gives for *query* now at *prefix*, read from its roll-up.

    *read* is a model store's ``rows``; *query* one of the tallies above, its region cut to
    one of `CUTS` (`kept` says so).
    """
    rollup = _kept_by(query, prefix)
    cut = prefix.get(_REGION)
    if rollup is None:
        raise ReadModelError(f"no roll-up counts {query.table.name} by {dict(prefix)}")
    names = query.names
    return [{name: row[name] for name in names} for row in read(rollup.table, {_CUT: cut})]


def counted_on(
    count: Callable[[Tally], list[Row]], query: Tally, prefix: Mapping[str, int], day: dt.date
) -> list[Row]:
    """The rows `ModelStore.tally` gives for *query* at *prefix* as of the end of *day*.

    Added up from its roll-up's changes by day (`kimcore.domain.views._report_days`); *count*
    is a model store's ``tally``, *query* one of the tallies above (`kept` says so).
    """
    rollup = _kept_by(query, prefix)
    if rollup is None:
        raise ReadModelError(f"no roll-up counts {query.table.name} by {dict(prefix)}")
    cut = int(prefix[_REGION])
    return summed(
        count, rollup.days, cut=cut, by=query.by, counted=rollup.counted, names=query.names, day=day
    )


def counted_at(
    count: Callable[..., list[Row]],
    find: Find,
    query: Tally,
    prefix: Mapping[str, int],
    position: int,
    *,
    share: float | None = SHARE,
) -> list[Row] | None:
    """The rows `ModelStore.tally` gives for *query* at *prefix* as of log *position*.

    Its roll-up's changes by day up to the day of the last change at or before *position*,
    and the versions changed that day up to it or after it (`_report_days.summed_at`);
    *count* is a model store's ``tally``, *find* its ``query``, *query* one of the tallies
    above (`kept` says so). ``None`` where that day spans more than *share* of its versions
    table's positions, or the roll-up's changes by day outnumber its versions
    (``versions_fewer``: activities and products, grouped by month), unless *share* is
    ``None``: counting the versions true then (`ModelStore.tally` at *position*) is cheaper.
    """
    rollup = _kept_by(query, prefix)
    if rollup is None:
        raise ReadModelError(f"no roll-up counts {query.table.name} by {dict(prefix)}")
    if share is not None and rollup.versions_fewer:
        return None
    cut = int(prefix[_REGION])

    def tally(q: Tally) -> list[Row]:
        # The days' rows hold the region code cut already; the versions' are cut here.
        return count(q, prefix=prefix) if q.table is query.table else count(q)

    return summed_at(
        tally,
        find,
        rollup.days,
        query,
        cut=cut,
        counted=rollup.counted,
        names=query.names,
        position=position,
        share=share,
    )
