"""Tables that keep history: each row says when it became true and when it stopped.

A historical table holds every version of a row. Beside its own columns, each version carries the
log position and the recorded day it became true (``valid_from``, ``from_day``) and those it
stopped being true (``valid_to``, ``to_day``; ``None`` while it still is). What the table held at
any moment is then a ``WHERE``, not a replay of the log:

- at position *p*: ``valid_from <= p`` and (``valid_to`` is ``None`` or ``valid_to > p``);
- at the end of day *d*: ``from_day <= d`` and (``to_day`` is ``None`` or ``to_day > d``);
- now: ``valid_to`` is ``None``.

For the day to cut the log where the position does, a read model's days never go back: each is the
latest day recorded so far (see [`ReportFacts`][kimcore.domain.views.report_facts.ReportFacts]).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from kimcore.domain.views.tables import Column, Row, Table, Tables

__all__ = [
    "VALIDITY",
    "Moment",
    "begin",
    "change",
    "current",
    "end",
    "historical",
    "is_historical",
    "valid_at",
]

VALIDITY = (
    Column(name="valid_from", type="int"),
    Column(name="valid_to", type="int"),
    Column(name="from_day", type="text"),  # YYYY-MM-DD, UTC
    Column(name="to_day", type="text"),
)
_OPEN = {"valid_to": None, "to_day": None}


def historical(name: str, columns: Sequence[Column], key: Sequence[str]) -> Table:
    """A table of *columns* keyed by *key*, keeping every version (the validity columns added)."""
    return Table(name=name, columns=(*columns, *VALIDITY), key=(*key, "valid_from"))


def is_historical(table: Table) -> bool:
    """Whether *table* keeps versions (it has the validity columns)."""
    return all(c in table.columns for c in VALIDITY)


@attrs.frozen
class Moment:
    """When a change became true: the event's log position and its recorded day (``YYYY-MM-DD``)."""

    position: int
    day: str


def current(tables: Tables, table: Table, key: Mapping[str, Any]) -> Row | None:
    """The version of the row with *key* (its own key columns) that is still true, or ``None``."""
    found = tables.rows(table, {**key, "valid_to": None})
    return found[0] if found else None


def begin(tables: Tables, table: Table, row: Mapping[str, Any], at: Moment) -> None:
    """Make *row* true from *at* on (a new version; end the one before it first)."""
    tables.put(table, {**row, "valid_from": at.position, "from_day": at.day, **_OPEN})


def end(tables: Tables, table: Table, version: Row, at: Moment) -> None:
    """Stop *version* (a row as `current` returned it) being true at *at*.

    A version begun by the same event was never seen true by anyone: it is removed.
    """
    key = table.key_of(version)
    if version["valid_from"] == at.position:
        tables.delete(table, key)
        return
    tables.update(
        table,
        dict(zip(table.key, key, strict=True)),
        {"valid_to": at.position, "to_day": at.day},
    )


def change(
    tables: Tables, table: Table, key: Mapping[str, Any], at: Moment, **changes: Any
) -> Row | None:
    """Make the current version of the row with *key* hold *changes* from *at* on.

    Nothing happens when there is no such row or nothing changes; returns the version now true.
    """
    version = current(tables, table, key)
    if version is None:
        return None
    if all(version.get(name) == value for name, value in changes.items()):
        return version
    changed = {**version, **changes}
    if version["valid_from"] == at.position:  # begun by this event: change it in place
        tables.put(table, changed)
        return changed
    end(tables, table, version, at)
    begin(tables, table, changed, at)
    return {**changed, "valid_from": at.position, "from_day": at.day, **_OPEN}


def valid_at(row: Mapping[str, Any], at: int | dt.date | None) -> bool:
    """Whether the version *row* was true at *at*: a log position, the end of a day, or now."""
    if at is None:
        return row["valid_to"] is None
    if isinstance(at, int):
        return bool(row["valid_from"] <= at and (row["valid_to"] is None or row["valid_to"] > at))
    day = at.isoformat()
    return bool(row["from_day"] <= day and (row["to_day"] is None or row["to_day"] > day))
