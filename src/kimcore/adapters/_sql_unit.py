"""A page's transaction in a SQL model store: each change at once, or held and written later.

[`SqlTransaction`][kimcore.adapters._sql_unit.SqlTransaction] runs each change of a read model as
its own statement: the plain twin. [`UnitOfWork`][kimcore.adapters._sql_unit.UnitOfWork] keeps the
rows a page reads and writes in memory, answers a read of a row it holds from there, and writes each
table's changes at the end of the page (or before a query that needs them) with one
``executemany`` of its puts and one of its deletes (on PostgreSQL one statement each, of arrays:
`kimcore.adapters._pg_bulk`): a read model that reads and rewrites a KIM's
row for each member joining does it once a page. Both give the same tables (a property test runs
random changes through both). The checkpoint's compare-and-set is the same in both.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol

from kimcore.adapters import _pg_bulk
from kimcore.domain.views.tables import Row, Table
from kimcore.vocabulary.errors import CheckpointMoved

__all__ = ["CHECKPOINTS", "Known", "SqlTransaction", "UnitOfWork"]

CHECKPOINTS = "kimcore_projections"
_Key = tuple[Any, ...]
# Rows known by table and key (``None``: known to be absent).
Held = dict[str, dict[_Key, Row | None]]


class Known:
    """What a projection's units know of its tables, true at the checkpoint it is carried with.

    *rows*: rows held by table and key. *complete*: for each table emptied by a reset and
    written since only by the pages of this store object (each carried to the next), the
    hashes of the keys of the rows it let go of: any key neither held nor listed has no row,
    and a read of it needs no query. A rebuild reads mostly keys with no row yet (a member
    who joins), each a round trip on PostgreSQL (72,000 on a rebuild of 2,000 KIMs). A
    table listing more than `most_listed` keys is dropped (a query again), to bound memory.
    """

    __slots__ = ("complete", "rows")
    most_listed = 250_000  # about 16 MB of hashes a table

    def __init__(
        self, rows: Held | None = None, complete: dict[str, set[int]] | None = None
    ) -> None:
        self.rows: Held = rows if rows is not None else {}
        self.complete: dict[str, set[int]] = complete if complete is not None else {}

    @classmethod
    def emptied(cls, tables: Iterable[Table]) -> Known:
        """What is known of *tables* just emptied: every key has no row."""
        return cls(complete={table.name: set() for table in tables})


def _getter(names: tuple[str, ...]) -> Callable[[Row], tuple[Any, ...]]:
    """A row's values of *names*, as a tuple, in one C call (``itemgetter``)."""
    if len(names) == 1:
        only = names[0]
        return lambda row: (row[only],)
    return operator.itemgetter(*names)


class _Shape:
    """What a unit needs of a table for each row, made once: its columns, key and values getters."""

    __slots__ = ("allowed", "key", "table", "values", "width")

    def __init__(self, table: Table) -> None:
        self.table = table  # held: the id it is found by is not reused while it lives
        self.allowed = frozenset(table.column_names)
        self.width = len(table.column_names)
        self.key = _getter(table.key)
        self.values = _getter(table.column_names)


_shapes: dict[int, _Shape] = {}


def _shape(table: Table) -> _Shape:
    found = _shapes.get(id(table))
    if found is None or found.table is not table:
        if len(_shapes) > 1000:  # tables made on the fly (tests): forget the old ones
            _shapes.clear()
        found = _shapes[id(table)] = _Shape(table)
    return found


class SqlModels(Protocol):
    """What a unit asks of the model store it writes for (``models_sql.SqlModels``)."""

    dialect: Any
    bulk_writes: bool

    def _sql(self, table: Table, op: str) -> str: ...

    def _where(self, where: Mapping[str, Any] | None) -> tuple[str, tuple[Any, ...]]: ...

    def _select(self, cursor: Any, table: Table, where: Mapping[str, Any] | None) -> list[Row]: ...

    def _checkpoint_row(
        self, cursor: Any, name: str, *, lock: bool = False
    ) -> tuple[int, int] | None: ...


class SqlTransaction:
    """Each change is one statement, at once."""

    def __init__(self, models: SqlModels, cursor: Any, name: str, position: int) -> None:
        self._models = models
        self._cursor = cursor
        self._name = name
        self._position = position  # the checkpoint as this transaction found it

    @property
    def position(self) -> int:
        """The checkpoint as it stands in this transaction."""
        return self._position

    def get(self, table: Table, key: _Key) -> Row | None:
        sql = self._models._sql(table, "get")
        row = self._cursor.execute(sql, tuple(key)).fetchone()
        return None if row is None else dict(zip(table.column_names, row, strict=True))

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        table.check_row(row)
        values = tuple(row.get(name) for name in table.column_names)
        self._cursor.execute(self._models._sql(table, "put"), values)

    def delete(self, table: Table, key: _Key) -> None:
        self._cursor.execute(self._models._sql(table, "delete"), tuple(key))

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        return self._models._select(self._cursor, table, where)

    def update(self, table: Table, where: Mapping[str, Any], changes: Mapping[str, Any]) -> int:
        if not changes:
            return len(self.rows(table, where))
        table.check_columns([*where, *changes])
        d = self._models.dialect
        sets = ", ".join(f'"{c}" = {d.mark}' for c in changes)
        condition, params = self._models._where(where)
        sql = f"UPDATE {d.name(table.name)} SET {sets}{condition}"
        cursor = self._cursor.execute(sql, (*changes.values(), *params))
        return int(cursor.rowcount)

    def advance(self, position: int) -> None:
        self.finish()
        d = self._models.dialect
        moved = self._cursor.execute(
            f"UPDATE {d.name(CHECKPOINTS)} SET position = {d.mark}"
            f" WHERE name = {d.mark} AND position = {d.mark}",
            (position, self._name, self._position),
        )
        if moved.rowcount != 1:
            found = self._models._checkpoint_row(self._cursor, self._name)
            raise CheckpointMoved(self._name, self._position, None if found is None else found[1])
        self._position = position

    def finish(self) -> None:
        """Write what is still held (nothing here: every change went at once)."""


class UnitOfWork(SqlTransaction):
    """The rows read and written kept in memory; each table's changes written at once, later."""

    def __init__(
        self, models: SqlModels, cursor: Any, name: str, position: int, known: Known | None = None
    ) -> None:
        """*known*: what is known true at *position* (what the page before left), or nothing."""
        super().__init__(models, cursor, name, position)
        known = known if known is not None else Known()
        self._known: Held = known.rows
        self._complete = known.complete
        self._dirty: dict[str, tuple[Table, set[_Key]]] = {}

    def known(self, most: int) -> Known:
        """What is known, at most the *most* latest touched rows of each table (after `finish`)."""
        for name, rows in self._known.items():
            extra = len(rows) - most
            if extra <= 0:
                continue
            listed = self._complete.get(name)
            for key in list(itertools.islice(rows, extra)):
                if rows.pop(key) is not None and listed is not None:
                    listed.add(hash(key))  # it has a row: read it when asked
            if listed is not None and len(listed) > Known.most_listed:
                del self._complete[name]
        return Known(self._known, self._complete)

    def _held(self, table: Table) -> dict[_Key, Row | None]:
        held = self._known.get(table.name)
        if held is None:
            held = self._known[table.name] = {}
        return held

    def get(self, table: Table, key: _Key) -> Row | None:
        key = tuple(key)
        held = self._held(table)
        if key in held:
            row = held.pop(key)  # touched: to the end, the last to be let go
            held[key] = row
            return None if row is None else dict(row)
        listed = self._complete.get(table.name)
        if listed is not None and hash(key) not in listed:
            held[key] = None  # never written since the table was emptied
            return None
        found = super().get(table, key)
        held[key] = None if found is None else dict(found)
        return found

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        # The path every row of a rebuild takes: the checks and the copy kept to a few C calls.
        shape = _shape(table)
        if len(row) == shape.width and row.keys() <= shape.allowed:
            full = dict(row)  # every column there: a copy will do
        else:
            table.check_row(row)
            full = {name: row.get(name) for name in table.column_names}
        key = shape.key(full)
        if None in key:
            table.check_row(full)  # raises: a key value is missing
        self._put_held(table, key, full)

    def delete(self, table: Table, key: _Key) -> None:
        self._put_held(table, tuple(key), None)

    def _put_held(self, table: Table, key: _Key, row: Row | None) -> None:
        held = self._known.get(table.name)
        if held is None:
            held = self._known[table.name] = {}
        held.pop(key, None)  # to the end: the latest touched
        held[key] = row
        dirty = self._dirty.get(table.name)
        if dirty is None:
            dirty = self._dirty[table.name] = (table, set())
        dirty[1].add(key)

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        self._write(table.name)
        return super().rows(table, where)

    def update(self, table: Table, where: Mapping[str, Any], changes: Mapping[str, Any]) -> int:
        if (
            set(where) == set(table.key)
            and None not in where.values()
            and not (set(changes) & set(table.key))
        ):
            # One row by its key, its key unchanged: changed where it is held.
            table.check_columns([*where, *changes])
            key = tuple(where[name] for name in table.key)
            row = self.get(table, key)
            if row is None:
                return 0
            if changes:
                self.put(table, {**row, **changes})
            return 1
        self._write(table.name)
        count = super().update(table, where, changes)
        self._known.pop(table.name, None)  # rows it changed may be held: forget them
        self._complete.pop(table.name, None)  # and keys it changed, a row moved
        return count

    def _write(self, name: str) -> None:
        dirty = self._dirty.pop(name, None)
        if dirty is None:
            return
        table, marked = dirty
        keys = list(marked)
        held = self._known[name]
        # In no particular order: a read model's tables have one writer at a time (the
        # checkpoint's row, locked first, sees to it), so no two pages wait on each other.
        rows = [held[key] for key in keys]
        gone = [key for key, row in zip(keys, rows, strict=True) if row is None]
        kept = [row for row in rows if row is not None]
        if self._models.bulk_writes:  # PostgreSQL: one statement each way (adapters._pg_bulk)
            if gone:
                arrays = [_pg_bulk.array(column) for column in zip(*gone, strict=True)]
                self._cursor.execute(self._models._sql(table, "bulk_delete"), arrays)
            if kept:
                values = map(_shape(table).values, kept)
                columns = [_pg_bulk.array(column) for column in zip(*values, strict=True)]
                self._cursor.execute(self._models._sql(table, "bulk_put"), columns)
            return
        # sqlite3's connection runs executemany; psycopg's runs it on a cursor (pipelined).
        many = self._cursor if hasattr(self._cursor, "executemany") else self._cursor.cursor()
        if gone:
            many.executemany(self._models._sql(table, "delete"), gone)
        if kept:
            many.executemany(self._models._sql(table, "put"), map(_shape(table).values, kept))

    def finish(self) -> None:
        """Write every table's held changes."""
        for name in list(self._dirty):
            self._write(name)
