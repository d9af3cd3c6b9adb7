"""What a view of the domain is: a read model kept in tables it declares.

A [`ReadModel`][kimcore.projections.ReadModel] is written once against
[`Tables`][kimcore.projections.Tables] and runs on every model store (memory, SQLite, PostgreSQL:
[`ModelStore`][kimcore.projections.ModelStore]); its rows and its checkpoint are written in one
transaction, so each event counts exactly once.
"""

from __future__ import annotations

import abc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal, Protocol

import attrs

from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.errors import ReadModelError

__all__ = [
    "Column",
    "ReadModel",
    "Row",
    "Table",
    "Tables",
    "Transaction",
    "TypeHandlers",
    "columns_of",
    "iter_matching",
]

Row = dict[str, Any]
ColumnType = Literal["text", "int"]
_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _identifier(_instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
        raise ReadModelError(
            f"{attribute.name} must be a lower-case SQL identifier ([a-z_][a-z0-9_]*),"
            f" got {value!r}"
        )


# The stores' own tables and indexes (``kimcore_events``, ``kimcore_keys``, the checkpoints in
# ``kimcore_projections``) and SQLite's share a file, or a schema, with the read models' tables;
# a model store drops a table it rebuilds, so a read model may not name one of them.
_RESERVED_PREFIXES = ("kimcore_", "sqlite_")


def _table_name(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    _identifier(instance, attribute, value)
    if value == "kimcore" or value.startswith(_RESERVED_PREFIXES):
        raise ReadModelError(
            f"table {value}: a name beginning kimcore_ or sqlite_ is kept for the stores'"
            " own tables"
        )


@attrs.frozen(kw_only=True)
class Column:
    """A column: ``text`` (str, also for dates and ids) or ``int``; ``None`` is always allowed."""

    name: str = attrs.field(validator=_identifier)
    type: ColumnType = attrs.field(validator=attrs.validators.in_(("text", "int")))


_TYPES: dict[str, ColumnType] = {"text": "text", "int": "int"}


def columns_of(*specs: str) -> tuple[Column, ...]:
    """The columns *specs* name, in their order.

    Each spec holds names apart by white space: ``name`` is a text column, ``name:int`` an
    int column (``"group_id region_code members:int"``). A table of a dozen columns then
    reads as a line or two, as its SQL would.
    """
    found = []
    for name, _, kind in (word.partition(":") for spec in specs for word in spec.split()):
        if (kind or "text") not in _TYPES:
            raise ReadModelError(f"column {name}: the type {kind!r} is neither text nor int")
        found.append(Column(name=name, type=_TYPES[kind or "text"]))
    return tuple(found)


@attrs.frozen(kw_only=True)
class Table:
    """A read model's table; ``key`` names the columns of its primary key.

    ``filterable`` names the columns reads filter on (by equality, or ``region_code`` by
    region), and ``sortable`` those they may be ordered by besides the key: SQL stores give
    each an index, made with the table. Any column can be filtered on; these are fast at any
    size. ``lists`` names the text columns that hold a JSON list (a KIM's channels): readers
    over HTTP get them as JSON arrays. A ``clustered`` table keeps its rows in key order.
    """

    name: str = attrs.field(validator=_table_name)
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    filterable: tuple[str, ...] = ()
    sortable: tuple[str, ...] = ()
    lists: tuple[str, ...] = ()
    # Rows kept in the order of their key (SQLite: a table WITHOUT ROWID), for a table read
    # by ranges of its key: each range is then a few pages, not a page a row.
    clustered: bool = False
    # Derived once: every row written is checked against them.
    column_names: tuple[str, ...] = attrs.field(init=False, eq=False, repr=False)
    _allowed: frozenset[str] = attrs.field(init=False, eq=False, repr=False)

    @classmethod
    def of(
        cls,
        name: str,
        key: tuple[str, ...],
        *columns: str | tuple[str, ColumnType],
        filterable: tuple[str, ...] = (),
        sortable: tuple[str, ...] = (),
        lists: tuple[str, ...] = (),
        clustered: bool = False,
    ) -> Table:
        """The table *name* keyed by *key*, with *columns* in their order.

        Each of *columns* is a ``(name, type)`` pair or a text of names apart by white space,
        ``name`` for a text column and ``name:int`` for an int column
        (``"group_id name members:int"``).
        """
        declared: list[Column] = []
        for spec in columns:
            if isinstance(spec, str):
                declared.extend(columns_of(spec))
            else:
                declared.append(Column(name=spec[0], type=spec[1]))
        return cls(
            name=name,
            columns=tuple(declared),
            key=key,
            filterable=filterable,
            sortable=sortable,
            lists=lists,
            clustered=clustered,
        )

    def __attrs_post_init__(self) -> None:
        names = tuple(c.name for c in self.columns)
        if len(set(names)) != len(names):
            raise ReadModelError(f"table {self.name}: a column is declared twice")
        if not self.key or not set(self.key) <= set(names):
            raise ReadModelError(f"table {self.name}: the key {self.key} must name its columns")
        for declared in (self.filterable, self.sortable, self.lists):
            if not set(declared) <= set(names):
                unknown = ", ".join(sorted(set(declared) - set(names)))
                raise ReadModelError(f"table {self.name} declares unknown column(s) {unknown}")
        texts = {c.name for c in self.columns if c.type == "text"}
        if not set(self.lists) <= texts:
            raise ReadModelError(f"table {self.name}: a list column is a text column")
        object.__setattr__(self, "column_names", names)
        object.__setattr__(self, "_allowed", frozenset(names))

    @property
    def indexed(self) -> tuple[str, ...]:
        """The columns an SQL store indexes (each with the key after it): see the class."""
        return tuple(dict.fromkeys((*self.filterable, *self.sortable)))

    def column(self, name: str) -> Column:
        """The column called *name* (`ReadModelError` if there is none)."""
        self.check_columns((name,))
        return next(c for c in self.columns if c.name == name)

    def key_of(self, row: Mapping[str, Any]) -> tuple[Any, ...]:
        """The key values of *row*."""
        return tuple(row[name] for name in self.key)

    def check_columns(self, names: Iterable[str]) -> None:
        """Refuse column names the table does not have."""
        unknown = set(names) - self._allowed
        if unknown:
            raise ReadModelError(f"table {self.name} has no column(s) {', '.join(sorted(unknown))}")

    def check_row(self, row: Mapping[str, Any]) -> None:
        """Refuse a row with unknown columns or a missing key value."""
        if not row.keys() <= self._allowed:  # every row a projection writes: kept cheap
            self.check_columns(row.keys())
        for name in self.key:
            if row.get(name) is None:
                missing = [n for n in self.key if row.get(n) is None]
                raise ReadModelError(
                    f"table {self.name}: key column(s) {', '.join(missing)} missing"
                )


class Tables(Protocol):
    """The operations a read model has on its tables, inside one transaction."""

    def get(self, table: Table, key: tuple[Any, ...]) -> Row | None:
        """The row with primary key *key*, or ``None``."""
        ...

    def put(self, table: Table, row: Mapping[str, Any]) -> None:
        """Insert *row*, or replace the row with its key (absent columns become ``None``)."""
        ...

    def delete(self, table: Table, key: tuple[Any, ...]) -> None:
        """Remove the row with primary key *key* (nothing if there is none)."""
        ...

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        """The rows whose columns equal *where*'s values, in key order."""
        ...

    def update(self, table: Table, where: Mapping[str, Any], changes: Mapping[str, Any]) -> int:
        """Set *changes* on every row matching *where*; how many rows matched."""
        ...


class Transaction(Tables, Protocol):
    """Table operations plus the checkpoint, committed together."""

    def advance(self, position: int) -> None:
        """Set the projection's checkpoint to *position*."""
        ...


class ReadModel(Protocol):
    """A projection into tables.

    ``name`` identifies its checkpoint; raising ``version`` rebuilds it. A read model may
    also have ``tallies``: the [tallies][kimcore.projections.Tally] its readers count it by,
    each with its cut, which a model store indexes with its tables (`ModelStore.prepare`);
    and ``finish(tables)``, called once a page after its last ``apply``, in the same
    transaction (what it held back for the page, it writes there).
    ``personal_data`` says whether it must see personal fields (it then also
    scrubs a subject on ``MemberForgotten``); otherwise they read ``REDACTED``.
    """

    name: str
    version: int
    tables: tuple[Table, ...]
    personal_data: bool

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event."""
        ...


class TypeHandlers(abc.ABC):
    """A read model's ``apply`` and ``event_types`` from one map: each event type to its handler.

    A subclass returns the map from ``handlers``; ``event_types`` is its keys, so the model reads
    exactly the types it handles, and ``apply`` calls the handler of the event's own class with
    the tables and the event.
    """

    event_types: frozenset[type[Event]]

    def __init__(self) -> None:
        self._handlers = self.handlers()
        self.event_types = frozenset(self._handlers)

    @abc.abstractmethod
    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """Each event type the model reads, and what changes its tables for one of them."""

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event."""
        handler = self._handlers.get(type(recorded.event))
        if handler is not None:
            handler(tables, recorded.event)


def iter_matching(rows: Iterator[Row], where: Mapping[str, Any] | None) -> Iterator[Row]:
    """The rows of *rows* whose columns equal *where*'s values."""
    if not where:
        yield from rows
        return
    items = tuple(where.items())
    for row in rows:
        if all(row.get(name) == value for name, value in items):
            yield row
