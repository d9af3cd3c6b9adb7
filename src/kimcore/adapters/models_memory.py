"""Read models in this process's memory, with transactions that roll back."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from kimcore._closing import Closing
from kimcore.adapters._leases import LocalLeases
from kimcore.application.ports.models import Lease, check_checkpoint
from kimcore.domain.views.query import FACET_LIMIT, Page, Query, facet_rows, query_rows
from kimcore.domain.views.tables import Row, Table, iter_matching
from kimcore.domain.views.tally import At, Tallied, Tally, tally_rows
from kimcore.vocabulary.errors import ReadModelError

__all__ = ["MemoryModels"]

_Key = tuple[Any, ...]


class _MemoryTransaction:
    """Changes applied at once, each with its undo, so a failure restores everything."""

    def __init__(self, models: MemoryModels, name: str) -> None:
        self._models = models
        self._name = name
        self._undo: list[tuple[str, _Key, Row | None]] = []
        self.position: int | None = None

    def _table(self, table: Table) -> dict[_Key, Row]:
        try:
            return self._models._tables[table.name]
        except KeyError:
            raise ReadModelError(f"table {table.name} was not prepared") from None

    def _set(self, table: Table, key: _Key, row: Row | None) -> None:
        data = self._table(table)
        self._undo.append((table.name, key, data.get(key)))
        self._models._store(table.name, key, row)

    def get(self, table: Table, key: _Key) -> Row | None:
        row = self._table(table).get(tuple(key))
        return None if row is None else dict(row)

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        table.check_row(row)
        full = {name: row.get(name) for name in table.column_names}
        self._set(table, table.key_of(full), full)

    def delete(self, table: Table, key: _Key) -> None:
        self._set(table, tuple(key), None)

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        return self._models._select(table, where)

    def update(self, table: Table, where: Mapping[str, Any], changes: Mapping[str, Any]) -> int:
        table.check_columns(changes)
        matched = self._models._select(table, where)
        for row in matched:
            self._set(table, table.key_of(row), {**row, **changes})
        return len(matched)

    def advance(self, position: int) -> None:
        self.position = position

    def rollback(self) -> None:
        for name, key, previous in reversed(self._undo):
            self._models._store(name, key, previous)


class MemoryModels(Closing):
    """A [`ModelStore`][kimcore.projections.ModelStore] in memory (tests, demos, caches)."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._tables: dict[str, dict[_Key, Row]] = {}
        # Each table's keys by their first part: rows(where=) on it reads those, not all.
        self._firsts: dict[str, dict[Any, set[_Key]]] = {}
        self._checkpoints: dict[str, tuple[int, int]] = {}  # name -> (version, position)
        self._leases = LocalLeases()
        self._failures: dict[str, str] = {}

    def prepare(
        self,
        name: str,
        version: int,
        tables: Sequence[Table],
        *,
        create_only: bool = False,
        tallies: Sequence[Tallied] = (),
    ) -> int:
        """Create what is missing; a changed *version* rebuilds from zero (not *create_only*).

        *tallies* need no index here: each is only checked.
        """
        for query, prefix in tallies:
            query.check(prefix, None)
        with self._lock:
            stored = self._checkpoints.get(name)
            if stored is None or (stored[0] != version and not create_only):
                self.reset(name, version, tables)
            for table in tables:
                self._tables.setdefault(table.name, {})
                self._firsts.setdefault(table.name, {})
            return self._checkpoints[name][1]

    def reset(
        self, name: str, version: int, tables: Sequence[Table], *, indexes: bool = True
    ) -> None:
        """Empty the tables; checkpoint 0 (no indexes here: *indexes* changes nothing)."""
        with self._lock:
            self._failures.pop(name, None)
            for table in tables:
                self._tables[table.name] = {}
                self._firsts[table.name] = {}
            self._checkpoints[name] = (version, 0)

    def checkpoint(self, name: str) -> int:
        """The committed position of projection *name* (0 when none)."""
        with self._lock:
            return self._checkpoints.get(name, (0, 0))[1]

    @contextmanager
    def transaction(self, name: str, *, expect: int | None = None) -> Iterator[_MemoryTransaction]:
        """Table changes and the checkpoint of *name*; undone together on error.

        With *expect*, `CheckpointMoved` unless the checkpoint is there.
        """
        with self._lock:
            stored = self._checkpoints.get(name)
            check_checkpoint(name, expect, None if stored is None else stored[1])
            tx = _MemoryTransaction(self, name)
            try:
                yield tx
            except BaseException:
                tx.rollback()
                raise
            if tx.position is not None:
                version = self._checkpoints[name][0]
                self._checkpoints[name] = (version, tx.position)

    def _store(self, name: str, key: _Key, row: Row | None) -> None:
        """Set (or, with ``None``, remove) the row with *key* of table *name*."""
        data = self._tables[name]
        firsts = self._firsts[name]
        if row is None:
            if data.pop(key, None) is not None:
                same = firsts[key[0]]
                same.discard(key)
                if not same:
                    del firsts[key[0]]
            return
        if key not in data:
            firsts.setdefault(key[0], set()).add(key)
        data[key] = row

    def _select(self, table: Table, where: Mapping[str, Any] | None) -> list[Row]:
        data = self._tables.get(table.name)
        if data is None:
            raise ReadModelError(f"table {table.name} was not prepared")
        keys: Iterable[_Key] = data
        if where:
            table.check_columns(where)
            first = table.key[0]
            if where.get(first) is not None:
                keys = self._firsts[table.name].get(where[first], ())
        ordered = (dict(data[key]) for key in sorted(keys, key=_sort_key))
        return list(iter_matching(ordered, where))

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        """Rows matching *where*, in key order."""
        with self._lock:
            return self._select(table, where)

    def query(self, query: Query) -> Page:
        """A page of *query*, run in Python (`query_rows`)."""
        with self._lock:
            data = self._tables.get(query.table.name)
            if data is None:
                raise ReadModelError(f"table {query.table.name} was not prepared")
            first = query.table.key[0]
            rows: Iterable[Row] = data.values()
            if query.where.get(first) is not None:
                rows = (
                    data[key] for key in self._firsts[query.table.name].get(query.where[first], ())
                )
            return query_rows(query, rows)

    def query_many(self, queries: Sequence[Query]) -> list[Page]:
        """The page of each of *queries*, one at a time (`query`)."""
        return [self.query(query) for query in queries]

    def facets(self, query: Query, column: str, limit: int = FACET_LIMIT) -> list[tuple[Any, int]]:
        """How many rows *query*'s filters keep hold each value of *column* (`facet_rows`)."""
        with self._lock:
            data = self._tables.get(query.table.name)
            if data is None:
                raise ReadModelError(f"table {query.table.name} was not prepared")
            return facet_rows(query, list(data.values()), column, limit)

    def note_failure(self, name: str, failure: str | None) -> None:
        """Keep why projection *name* stopped (``None``: it runs again)."""
        with self._lock:
            if failure is None:
                self._failures.pop(name, None)
            else:
                self._failures[name] = failure

    def failure(self, name: str) -> str | None:
        """Why projection *name* stopped (``None``: it runs)."""
        with self._lock:
            return self._failures.get(name)

    def lease(self, name: str) -> Lease:
        """The lease of projection *name* among this process's threads."""
        return self._leases.lease(name)

    def tally(
        self, query: Tally, *, prefix: Mapping[str, int] | None = None, at: At = None
    ) -> list[Row]:
        """The rows of *query* counted in Python (`tally_rows`)."""
        with self._lock:
            data = self._tables.get(query.table.name)
            if data is None:
                raise ReadModelError(f"table {query.table.name} was not prepared")
            return tally_rows(query, list(data.values()), prefix=prefix, at=at)

    def purge_erased(self) -> None:
        """Nothing outlives a change in memory."""

    def close(self) -> None:
        """Nothing to release."""


def _sort_key(key: _Key) -> tuple[tuple[bool, Any], ...]:
    # None sorts first, as SQL's NULLS FIRST; mixed types never meet in one column.
    return tuple((part is not None, part if part is not None else 0) for part in key)
