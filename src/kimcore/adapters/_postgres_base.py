"""What both PostgreSQL stores are: their options, and every read and write as a flow of statements.

[`PostgresStore`][kimcore.stores.PostgresStore] and
[`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore] are this, driven
(`kimcore.application.flow`): each operation yields the statements it sends — and the odd call
that must run in a thread — and is sent back their rows. The sync store runs each on a pooled
``Connection``, the async one awaits it on a pooled ``AsyncConnection``; the checks, the retries
of racing appends, the reading of errors and rows are this module's, once.
"""

from __future__ import annotations

import abc
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any, LiteralString, TypeVar

import psycopg
from psycopg import sql

from kimcore.adapters import _postgres_queries as q
from kimcore.adapters._notify import Throttle
from kimcore.adapters._postgres_names import (
    DEFAULT_CONNECT_TIMEOUT,
    channel_for,
    check_conninfo,
    check_options,
)
from kimcore.adapters._postgres_vacuum import VacuumPurger
from kimcore.adapters._rows import snapshot_of_row, snapshot_parameters
from kimcore.adapters.kek import KeyWrapper, ring
from kimcore.adapters.keys import KeyBook
from kimcore.adapters.postgres_keys import KEY_ROWS, refusal_of
from kimcore.application import flow
from kimcore.application.flow import Flow
from kimcore.application.ports.store import (
    ANY_VERSION,
    Snapshot,
    check_read_all_args,
    check_read_stream_args,
    check_recorded_by_args,
    check_snapshot_args,
    cut_at,
    sealed_payloads,
    starts_the_stream,
    stored_events,
)
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import InvalidStoreArgument, StoreError, WrongExpectedVersion

__all__ = ["PostgresBase", "in_thread", "rows"]

T = TypeVar("T")
Rows = list[tuple[Any, ...]]


def rows(query: LiteralString, params: Any = None, *, binary: bool = False) -> Flow[Rows]:
    """The rows *query* answers (none for a statement that returns none), on a pooled connection."""
    try:
        found: Rows = yield lambda store: store._query(query, params, binary)
    except psycopg.DataError as exc:
        # Class 22: a value PostgreSQL cannot take (the port's checks let none through that
        # they know of). No read converts stored bytes on the server, so it is an argument.
        raise InvalidStoreArgument("argument", f"PostgreSQL refused a value: {exc}") from None
    return found


def in_thread(call: Callable[[], T]) -> Flow[T]:
    """What *call* returns: the sync store calls it, the async one awaits it in a thread."""
    done: T = yield lambda store: store._blocking(call)
    return done


class PostgresBase(abc.ABC):
    """An event store in one PostgreSQL schema, before it is driven sync or async.

    The arguments are described on [`PostgresStore`][kimcore.stores.PostgresStore].
    """

    def __init__(
        self,
        conninfo: str,
        *,
        schema: str = "kimcore",
        min_size: int = 1,
        max_size: int = 8,
        notify_interval: float = 0.05,
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        models_schema: str | None = None,
        key_wrapper: KeyWrapper | None = None,
    ) -> None:
        self.models_schema = check_options(
            schema, models_schema, connect_timeout=connect_timeout, notify_interval=notify_interval
        )
        check_conninfo(conninfo)
        self.schema = schema
        self.conninfo = conninfo
        self.channel = channel_for(schema)
        self.connect_timeout = connect_timeout
        self.connect_seconds = max(2, round(connect_timeout))  # libpq counts whole seconds
        self._ring = ring(key_wrapper)
        self._q = q.Statements(schema)
        self._closed = False
        self._indexed_after: int | None = None  # read on first use: see `_recorded_by`
        # Autocommit: a read is one statement and costs no COMMIT round trip;
        # every write that needs more than one statement opens a transaction.
        self._pool = self._make_pool(
            min_size=min_size,
            max_size=max_size,
            timeout=connect_timeout,
            name=f"kimcore-{schema}",
            kwargs={"autocommit": True, "connect_timeout": self.connect_seconds},
        )
        self._keys: KeyBook = self._make_keys()
        self._notify = Throttle(notify_interval, self._send_trailing_notify)
        keys_table = sql.SQL("VACUUM {}.kimcore_keys").format(sql.Identifier(schema))
        self._vacuum = VacuumPurger(self._vacuum_connection, lambda: [keys_table])
        self._made()

    # -- what each driver gives -----------------------------------------------------

    @abc.abstractmethod
    def _make_pool(self, **options: Any) -> Any:
        """The pool of connections, made with *options*."""

    @abc.abstractmethod
    def _make_keys(self) -> KeyBook:
        """The key store, on the pool."""

    @abc.abstractmethod
    def _vacuum_connection(self) -> Any:
        """A sync connection (a context manager) for the VACUUM after an erasure."""

    @abc.abstractmethod
    def _send_trailing_notify(self) -> None:
        """From the throttle's thread: send the ``NOTIFY`` owed for appends that sent none."""

    @abc.abstractmethod
    def _made(self) -> None:
        """The driver's own part of the constructor, called last (the sync store connects)."""

    @abc.abstractmethod
    def _query(self, query: LiteralString, params: Any, binary: bool) -> Any:
        """Execute *query* on a pooled connection: its rows (or an awaitable of them)."""

    @abc.abstractmethod
    def _blocking(self, call: Callable[[], T]) -> Any:
        """What *call* returns (or an awaitable of it, from a thread)."""

    # -- what both are ----------------------------------------------------------------

    @property
    def notify_interval(self) -> float:
        """How often at most this store's appends send ``NOTIFY``, in seconds."""
        return self._notify.interval

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's old row version may still be in the table's files.

        True while a transaction that began before the erasure is open
        anywhere on the server (or a prepared transaction or replication slot
        holds the horizon back); the store VACUUMs the keys table as soon as
        none is, without holding up any writer. The server's write-ahead log
        keeps its own copy until it is recycled: see ``docs/personal-data.md``.
        """
        return self._vacuum.pending

    def append_call(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        forget: Collection[uuid.UUID] = (),
        *,
        notify: bool = True,
    ) -> tuple[LiteralString, tuple[Any, ...], dict[uuid.UUID, bytes]]:
        """The statement of an append, its parameters, and the new keys it writes.

        The new keys are those the events carry; with *notify* the
        append sends ``NOTIFY`` as it commits. Tests run the statement inside a
        transaction of their own to hold an append open.
        """
        return q.append_call(
            self._q,
            self._keys,
            stream_id,
            events,
            expected_version,
            forget=forget,
            channel=self.channel if notify else None,
        )

    # -- the flows --------------------------------------------------------------------

    def _append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        forget: Collection[uuid.UUID],
    ) -> Flow[tuple[StoredEvent, ...]]:
        events, forget = q.check_batch(stream_id, events, expected_version, forget)
        for _ in range(100):  # ANY_VERSION writers racing on one stream retry here
            notify = bool(events) and self._notify.claim()
            query, params, made = self.append_call(
                stream_id, events, expected_version, forget, notify=notify
            )
            try:
                # One statement in an autocommit session: one round trip, its own
                # transaction, committed when it returns.
                ((version, base),) = yield from rows(query, params)
            except psycopg.errors.UniqueViolation as exc:
                refused = yield from self._unique_violation(
                    stream_id, events, expected_version, made, exc
                )
                if refused is None:  # an ANY_VERSION append lost a race for the next version
                    continue
                raise refused from exc
            except psycopg.Error as exc:
                wrong = q.wrong_version(stream_id, expected_version, exc)
                if wrong is not None:
                    raise wrong from None
                raise
            self._keys.saw(made)
            if events and not notify:
                self._notify.owe()
            if forget:
                yield from in_thread(self._vacuum.request)
            return stored_events(stream_id, events, version, base)
        raise StoreError(
            f"stream {stream_id!r}: could not append after 100 races"
        )  # pragma: no cover

    def _unique_violation(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        made: dict[uuid.UUID, bytes],
        exc: psycopg.errors.UniqueViolation,
    ) -> Flow[Exception | None]:
        """Why a unique index refused an append; ``None`` for a race to retry."""
        refused = q.refused_by(exc)
        if refused == "keys":
            found = yield from rows(self._q(KEY_ROWS), (list(made),))
            return refusal_of(self._keys.known(found))
        if refused == "event_id":
            found = yield from rows(self._q(q.EVENTS_WITH_IDS), ([e.event_id for e in events],))
            duplicate = q.duplicate_in(events, found)
            if duplicate is not None:
                return duplicate
        if expected_version == ANY_VERSION:
            return None
        actual = yield from self._stream_version(stream_id)
        return WrongExpectedVersion(stream_id, expected_version, actual)

    def _value(self, query: LiteralString, params: Any = None) -> Flow[int]:
        ((value,),) = yield from rows(query, params)
        return int(value)

    def _read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> Flow[list[StoredEvent]]:
        check_read_stream_args(stream_id, from_version, limit)
        found = yield from rows(
            self._q(q.READ_STREAM), (stream_id, from_version, limit), binary=True
        )
        return [q.event_row(r) for r in found]

    def _read_all(self, after: int, limit: int) -> Flow[list[StoredEvent]]:
        check_read_all_args(after, limit)
        found = yield from rows(self._q(q.READ_ALL), (after, limit), binary=True)
        return [q.event_row(r) for r in found]

    def _stream_version(self, stream_id: str) -> Flow[int]:
        check_read_stream_args(stream_id, 1, None)
        return (yield from self._value(self._q(q.STREAM_VERSION), (stream_id,)))

    def _count_after(self, after: int, limit: int) -> Flow[int]:
        check_read_all_args(after, limit)
        return (yield from self._value(self._q(q.COUNT_AFTER), (after, limit)))

    def _head_position(self) -> Flow[int]:
        return (yield from self._value(self._q(q.HEAD)))

    def _schema_version(self) -> Flow[int]:
        return (yield from self._value(self._q(q.SCHEMA_VERSION_ROW)))

    def _save_snapshot(self, snapshot: Snapshot) -> Flow[None]:
        check_snapshot_args(snapshot)
        yield from rows(self._q(q.SAVE_SNAPSHOT), snapshot_parameters(snapshot))

    def _load_snapshot(self, stream_id: str) -> Flow[Snapshot | None]:
        check_read_stream_args(stream_id, 1, None)
        found = yield from rows(self._q(q.LOAD_SNAPSHOT), (stream_id,))
        return snapshot_of_row(stream_id, found[0] if found else None)

    def _read_from_snapshot(
        self, stream_id: str
    ) -> Flow[tuple[Snapshot | None, list[StoredEvent]]]:
        """The stream's latest snapshot and the events after it: one round trip without one."""
        check_read_stream_args(stream_id, 1, None)
        found = yield from rows(self._q(q.READ_FROM_SNAPSHOT), {"s": stream_id}, binary=True)
        tail = [q.event_row(r) for r in found]
        if starts_the_stream(tail):
            return None, tail
        snapshot = yield from self._load_snapshot(stream_id)
        if snapshot is None:  # pragma: no cover - snapshots never vanish
            return None, (yield from self._read_stream(stream_id))
        return snapshot, cut_at(snapshot, tail)

    def _read_with_keys(
        self, stream_id: str
    ) -> Flow[tuple[Snapshot | None, list[StoredEvent], Keys]]:
        """Without a snapshot, one round trip: the keys come back as rows after the events."""
        check_read_stream_args(stream_id, 1, None)
        found = yield from rows(self._q(q.READ_WITH_KEYS), {"s": stream_id}, binary=True)
        read = q.with_keys(found, self._keys.opened)
        if read is None:  # a snapshot: its tokens need keys too
            snapshot, tail = yield from self._read_from_snapshot(stream_id)
            keys = yield from flow.keys_for(sealed_payloads(snapshot, tail))
            return snapshot, tail, keys
        events, keys = read
        self._keys.saw(keys.keys)
        return None, events, keys

    def _recorded_by(self, stream_id: str, command_id: uuid.UUID) -> Flow[list[StoredEvent]]:
        """A command's events in a stream: runs behind their heads in the index, and older rows."""
        check_recorded_by_args(stream_id, command_id)
        if self._indexed_after is None:
            self._indexed_after = yield from self._value(self._q(q.INDEXED_AFTER))
        found = yield from rows(self._q(q.RECORDED_BY), (command_id, stream_id), binary=True)
        events = q.command_runs(found, command_id)
        if self._indexed_after:
            older = yield from rows(
                self._q(q.RECORDED_BY_UNINDEXED), (stream_id, self._indexed_after), binary=True
            )
            events.extend(
                e for e in map(q.event_row, older) if e.metadata.causation_id == command_id
            )
            events.sort(key=lambda e: e.stream_version)
        return events
