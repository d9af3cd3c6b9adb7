"""Tables that keep history: each row says when it became true and when it stopped.

A [`History`][kimcore.domain.views.history.History] is one or two tables. ``versions`` holds every
version of every row: beside the row's own columns, the log position and the recorded day it became
true (``valid_from``, ``from_day``) and those it stopped being true (``valid_to``, ``to_day``;
``None`` while it still is). ``now``, for rows that change, holds each row's current version by the
row's own key, so a read model finds it by key (a lookup a page's transaction keeps in memory)
rather than by a query; rows that never change (`record`) need none. What the rows were at any
moment is then a ``WHERE`` on ``versions``, not a replay of the log:

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
from kimcore.vocabulary.errors import ReadModelError

__all__ = [
    "VALIDITY",
    "History",
    "Moment",
    "begin",
    "change",
    "current",
    "end",
    "historical",
    "is_historical",
    "record",
    "valid_at",
]

VALIDITY = (
    Column(name="valid_from", type="int"),
    Column(name="valid_to", type="int"),
    Column(name="from_day", type="text"),  # YYYY-MM-DD, UTC
    Column(name="to_day", type="text"),
)
_OPEN = {"valid_to": None, "to_day": None}


@attrs.frozen
class History:
    """Every version of a table's rows (``versions``); the current one of each (``now``)."""

    versions: Table
    now: Table | None  # None: its rows never change once recorded
    key: tuple[str, ...]

    @property
    def tables(self) -> tuple[Table, ...]:
        """The tables to declare."""
        return (self.versions,) if self.now is None else (self.versions, self.now)

    def current_table(self) -> Table:
        """``now``, or an error for rows that never change."""
        if self.now is None:
            raise ReadModelError(f"{self.versions.name} records rows that never change")
        return self.now


def historical(
    name: str, columns: Sequence[Column], key: Sequence[str], *, changes: bool = True
) -> History:
    """The tables *name* (every version) and, if its rows *changes*, *name*``_now``.

    The versions are ordered by the position each began at (``valid_from``) and, if they
    change, ended at (``valid_to``): `sortable`, so SQL stores index them (a report as of a
    position finds the changes near it, `kimcore.domain.views._report_days`).
    """
    full = (*columns, *VALIDITY)
    sortable = ("valid_from", "valid_to") if changes else ("valid_from",)
    return History(
        versions=Table(name=name, columns=full, key=(*key, "valid_from"), sortable=sortable),
        now=Table(name=f"{name}_now", columns=full, key=tuple(key)) if changes else None,
        key=tuple(key),
    )


def is_historical(table: Table) -> bool:
    """Whether *table* keeps versions (the validity columns, ``valid_from`` in its key)."""
    return all(c in table.columns for c in VALIDITY) and "valid_from" in table.key


@attrs.frozen
class Moment:
    """When a change became true: the event's log position and its recorded day (``YYYY-MM-DD``)."""

    position: int
    day: str


def current(tables: Tables, history: History, key: Mapping[str, Any]) -> Row | None:
    """The version of the row with *key* (its own key columns) that is still true, or ``None``."""
    return tables.get(history.current_table(), tuple(key[name] for name in history.key))


def begin(tables: Tables, history: History, row: Mapping[str, Any], at: Moment) -> Row:
    """Make *row* true from *at* on (a new version; end the one before it first)."""
    version = {**row, "valid_from": at.position, "from_day": at.day, **_OPEN}
    tables.put(history.versions, version)
    tables.put(history.current_table(), version)
    return version


def record(tables: Tables, history: History, row: Mapping[str, Any], at: Moment) -> None:
    """Record *row*, true from *at* on for good (a history of rows that never change)."""
    tables.put(history.versions, {**row, "valid_from": at.position, "from_day": at.day, **_OPEN})


def end(tables: Tables, history: History, version: Row, at: Moment) -> None:
    """Stop *version* (a row as `current` returned it) being true at *at*.

    A version begun by the same event was never seen true by anyone: it is removed.
    """
    if version["valid_from"] == at.position:
        tables.delete(history.versions, history.versions.key_of(version))
    else:
        tables.put(history.versions, {**version, "valid_to": at.position, "to_day": at.day})
    now = history.current_table()
    tables.delete(now, now.key_of(version))


def change(
    tables: Tables, history: History, key: Mapping[str, Any], at: Moment, **changes: Any
) -> Row | None:
    """Make the current version of the row with *key* hold *changes* from *at* on.

    Nothing happens when there is no such row or nothing changes; returns the version now true.
    """
    version = current(tables, history, key)
    if version is None:
        return None
    if all(version.get(name) == value for name, value in changes.items()):
        return version
    changed = {**version, **changes}
    if version["valid_from"] == at.position:  # begun by this event: change it in place
        tables.put(history.versions, changed)
        tables.put(history.current_table(), changed)
        return changed
    end(tables, history, version, at)
    return begin(tables, history, changed, at)


def valid_at(row: Mapping[str, Any], at: int | dt.date | None) -> bool:
    """Whether the version *row* was true at *at*: a log position, the end of a day, or now."""
    if at is None:
        return row["valid_to"] is None
    if isinstance(at, int):
        return bool(row["valid_from"] <= at and (row["valid_to"] is None or row["valid_to"] > at))
    day = at.isoformat()
    return bool(row["from_day"] <= day and (row["to_day"] is None or row["to_day"] > day))
