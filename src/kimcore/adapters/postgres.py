"""The PostgreSQL event store, on psycopg 3 and psycopg_pool (``kimcore[postgres]``).

Global order without a table lock (see ``docs/design/global-order.md``):

- An event's position is ``(writer's transaction id << 20) + its index in the
  batch``. Transaction ids are handed out before commit, so positions do not
  follow commit order by themselves.
- A reader returns only positions below ``pg_snapshot_xmin`` of its own
  snapshot shifted likewise: every transaction with a lower id has finished,
  so no event with a lower position can commit later. A reader following the
  log never skips an event; a long-running transaction delays readers, it
  never makes them miss anything.
- A stream's version is held by the unique index on ``(stream_id,
  stream_version)``: two writers on one stream conflict, writers on different
  streams never wait for each other.

All tables live in one schema (``?schema=`` in the URL, default ``kimcore``).
Appends ``NOTIFY`` a channel on commit (at most once per ``notify_interval``,
with a trailing notification), which subscriptions ``LISTEN`` to.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Collection, Sequence
from typing import Any, LiteralString

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from kimcore._closing import Closing
from kimcore.adapters._notify import Throttle
from kimcore.adapters._postgres_migrations import prepare
from kimcore.adapters._postgres_names import (
    DEFAULT_CONNECT_TIMEOUT,
    channel_for,
    check_conninfo,
    check_options,
    probe,
)
from kimcore.adapters._postgres_queries import (
    COUNT_AFTER,
    EVENTS_WITH_IDS,
    HEAD,
    LOAD_SNAPSHOT,
    MAX_BATCH,
    NOTIFY,
    READ_ALL,
    READ_FROM_SNAPSHOT,
    READ_STREAM,
    READ_WITH_KEYS,
    SAVE_SNAPSHOT,
    SCHEMA_VERSION_ROW,
    STREAM_VERSION,
    Statements,
    append_call,
    check_batch,
    duplicate_in,
    event_row,
    refused_by,
    snapshot_of_row,
    snapshot_parameters,
    with_keys,
    wrong_version,
)
from kimcore.adapters._postgres_sql import (
    SCHEMA_VERSION,
)
from kimcore.adapters._postgres_vacuum import VacuumPurger
from kimcore.adapters.kek import KeyWrapper, ring
from kimcore.adapters.postgres_keys import PostgresKeyStore
from kimcore.application.ports.store import (
    ANY_VERSION,
    DEFAULT_PAGE_SIZE,
    Snapshot,
    after_snapshot,
    check_read_all_args,
    check_read_stream_args,
    read_with_keys_in_parts,
    stored_events,
)
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import (
    StoreError,
    WrongExpectedVersion,
)

__all__ = ["MAX_BATCH", "SCHEMA_VERSION", "PostgresKeyStore", "PostgresStore"]


class PostgresStore(Closing):
    """An event store in one PostgreSQL schema, shared by any number of processes.

    *min_size* and *max_size* bound the connection pool. *notify_interval*
    (seconds, default 0.05) is how often at most this store's appends send
    ``NOTIFY``: PostgreSQL serialises the commits of notifying transactions,
    so notifying on every append would queue concurrent writers behind each
    other. Appends in between are announced by one trailing notification at
    the end of the interval; 0 notifies on every append.

    Opening checks the schema name (PostgreSQL would cut one past 63 characters), refuses
    connection parameters libpq does not know, and connects once within *connect_timeout* seconds,
    raising [`StoreUnavailable`][kimcore.errors.StoreUnavailable] in one line rather than letting
    the pool wait. *models_schema* is where the store's read models live (default
    ``<schema>_models``).
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
        self.schema = schema
        self.conninfo = conninfo
        self.channel = channel_for(schema)
        self.connect_timeout = connect_timeout
        check_conninfo(conninfo)
        probe(conninfo, connect_timeout)
        # Autocommit: a read is one statement and costs no COMMIT round trip;
        # every write that needs more than one statement opens a transaction.
        self._pool: ConnectionPool[psycopg.Connection[Any]] = ConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            open=True,
            timeout=connect_timeout,
            name=f"kimcore-{schema}",
            kwargs={"autocommit": True, "connect_timeout": max(2, round(connect_timeout))},
        )
        self._listener: psycopg.Connection[Any] | None = None
        self._listen_lock = threading.Lock()
        self._closed = False
        self._keys = PostgresKeyStore(self._pool.connection, schema, ring(key_wrapper))
        self._notify = Throttle(notify_interval, self._send_notify)
        keys_table = sql.SQL("VACUUM {}.kimcore_keys").format(sql.Identifier(schema))
        self._vacuum = VacuumPurger(self._pool.connection, lambda: [keys_table])
        self._q = Statements(schema)
        try:
            with self._pool.connection() as conn:
                prepare(conn, self._q, self.channel, self._keys)
        except BaseException:
            self.close()  # a store that cannot open keeps no pool, and no pool's threads
            raise

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        with self._pool.connection() as conn:
            row = conn.execute(self._q(SCHEMA_VERSION_ROW)).fetchone()
        assert row is not None
        return int(row[0])

    def connection(self) -> Any:
        """A pooled connection (a context manager), for tools and tests."""
        return self._pool.connection()

    # -- the port -----------------------------------------------------------------

    @property
    def keys(self) -> PostgresKeyStore:
        """The subjects' keys, in the same schema."""
        return self._keys

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[StoredEvent, ...]:
        """Append *events* in one transaction after checking *expected_version*."""
        check_batch(stream_id, events, expected_version, forget)
        for _ in range(100):  # ANY_VERSION writers racing on one stream retry here
            try:
                return self._append_once(stream_id, events, expected_version, forget)
            except _VersionTaken:
                continue
        raise StoreError(
            f"stream {stream_id!r}: could not append after 100 races"
        )  # pragma: no cover

    def _append_once(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        forget: Collection[uuid.UUID],
    ) -> tuple[StoredEvent, ...]:
        notify = bool(events) and self._notify.claim()
        query, params, made = self.append_call(
            stream_id, events, expected_version, forget, notify=notify
        )
        with self._pool.connection() as conn:
            try:
                # One statement in an autocommit session: one round trip, its own
                # transaction, committed when it returns.
                row = conn.execute(query, params).fetchone()
            except psycopg.errors.UniqueViolation as exc:
                raise self._unique_violation(
                    stream_id, events, expected_version, made, exc
                ) from exc
            except psycopg.Error as exc:
                refused = wrong_version(stream_id, expected_version, exc)
                if refused is not None:
                    raise refused from None
                raise
        assert row is not None
        version, base = row
        self._keys.saw(made)
        if events and not notify:
            self._notify.owe()
        if forget:
            self._vacuum.request()
        return stored_events(stream_id, events, version, base)

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
        return append_call(
            self._q,
            self._keys,
            stream_id,
            events,
            expected_version,
            forget=forget,
            channel=self.channel if notify else None,
        )

    def _unique_violation(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        made: dict[uuid.UUID, bytes],
        exc: psycopg.errors.UniqueViolation,
    ) -> Exception:
        refused = refused_by(exc)
        if refused == "keys":
            return self._keys.refusal(made)
        if refused == "event_id":
            with self._pool.connection() as conn:
                rows = conn.execute(
                    self._q(EVENTS_WITH_IDS), ([e.event_id for e in events],)
                ).fetchall()
            duplicate = duplicate_in(events, rows)
            if duplicate is not None:
                return duplicate
        if expected_version == ANY_VERSION:
            return _VersionTaken()
        return WrongExpectedVersion(stream_id, expected_version, self.stream_version(stream_id))

    def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on (a stream's own order needs no horizon)."""
        check_read_stream_args(stream_id, from_version, limit)
        with self._pool.connection() as conn:
            rows = conn.execute(
                self._q(READ_STREAM), (stream_id, from_version, limit), binary=True
            ).fetchall()
        return [event_row(r) for r in rows]

    def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``, below the horizon."""
        check_read_all_args(after, limit)
        with self._pool.connection() as conn:
            rows = conn.execute(self._q(READ_ALL), (after, limit), binary=True).fetchall()
        return [event_row(r) for r in rows]

    def stream_version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        check_read_stream_args(stream_id, 1, None)
        with self._pool.connection() as conn:
            row = conn.execute(self._q(STREAM_VERSION), (stream_id,)).fetchone()
        assert row is not None
        return int(row[0])

    def count_after(self, after: int, limit: int) -> int:
        """Events past *after* that a reader may see now, at most *limit*."""
        check_read_all_args(after, limit)
        with self._pool.connection() as conn:
            row = conn.execute(self._q(COUNT_AFTER), (after, limit)).fetchone()
        assert row is not None
        return int(row[0])

    def head_position(self) -> int:
        """The last position a reader may see now (0 when none)."""
        with self._pool.connection() as conn:
            row = conn.execute(self._q(HEAD)).fetchone()
        assert row is not None
        return int(row[0])

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        with self._pool.connection() as conn:
            conn.execute(self._q(SAVE_SNAPSHOT), snapshot_parameters(snapshot))

    def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        with self._pool.connection() as conn:
            row = conn.execute(self._q(LOAD_SNAPSHOT), (stream_id,)).fetchone()
        return snapshot_of_row(stream_id, row)

    def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it: one round trip without one."""
        check_read_stream_args(stream_id, 1, None)
        with self._pool.connection() as conn:
            rows = conn.execute(
                self._q(READ_FROM_SNAPSHOT), {"s": stream_id}, binary=True
            ).fetchall()
        return after_snapshot(self, stream_id, [event_row(r) for r in rows])

    def read_with_keys(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """The latest snapshot, the events after it, and their subjects' keys.

        Without a snapshot, one round trip: the keys of the subjects the
        events' tokens name come back as rows of their own after the events.
        """
        check_read_stream_args(stream_id, 1, None)
        with self._pool.connection() as conn:
            rows = conn.execute(self._q(READ_WITH_KEYS), {"s": stream_id}, binary=True).fetchall()
        read = with_keys(rows, self._keys.opened)
        if read is None:
            return read_with_keys_in_parts(self, stream_id)  # a snapshot: its tokens need keys too
        events, keys = read
        self._keys.saw(keys.keys)
        return None, events, keys

    def wait(self, after: int, timeout: float) -> bool:
        """Block until an event past *after* is visible, woken by NOTIFY; or *timeout*.

        The horizon can also move without a notification (an unrelated older
        transaction ends), so the head is rechecked at least every 100 ms.
        """
        deadline = time.monotonic() + timeout
        while True:
            if self.head_position() > after:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closed:
                return False
            with self._listen_lock:
                listener = self._listen()
                for _ in listener.notifies(timeout=min(remaining, 0.1), stop_after=1):
                    pass

    def _listen(self) -> psycopg.Connection[Any]:
        if self._listener is None or self._listener.closed:
            self._listener = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=max(2, round(self.connect_timeout))
            )
            self._listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        return self._listener

    @property
    def notify_interval(self) -> float:
        """How often at most this store's appends send ``NOTIFY``, in seconds."""
        return self._notify.interval

    def _send_notify(self) -> None:
        with self._pool.connection() as conn:
            conn.execute(NOTIFY, (self.channel,))

    def rotate_kek(self, new: KeyWrapper) -> int:
        """Wrap every key with *new* instead, in one transaction; return how many.

        No event is touched. The old wrapped values stay as dead row versions until the keys table
        is vacuumed, which the store does as after an erasure
        ([`erasure_pending`][kimcore.stores.PostgresStore.erasure_pending]). Without a KEK so far,
        this wraps the keys for the first time.
        """
        ring_new = ring(new)
        assert ring_new is not None
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (self.channel,))
            count = self._keys.rewrap_in(conn, self._keys.wrapper, ring_new)
        self._keys.wrapper = ring_new
        self._vacuum.request()
        return count

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's old row version may still be in the table's files.

        True while a transaction that began before the erasure is open
        anywhere on the server (or a prepared transaction or replication slot
        holds the horizon back); the store VACUUMs the keys table as soon as
        none is, without holding up any writer. The server's write-ahead log
        keeps its own copy until it is recycled: see ``docs/personal-data.md``.
        """
        return self._vacuum.pending

    def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Block until no erasure is pending (``True``) or *timeout* seconds pass (``False``)."""
        return self._vacuum.wait(timeout)

    def close(self) -> None:
        """Close the pool and the listening connection (after any notification still owed)."""
        if self._closed:
            return
        self._vacuum.close()
        self._notify.close()
        self._closed = True
        with self._listen_lock:
            if self._listener is not None:
                self._listener.close()
        self._pool.close()

    def drop(self) -> None:
        """Drop the whole schema: every event, key and snapshot. For tests and tools."""
        with self._pool.connection() as conn:
            conn.execute(
                sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(self.schema))
            )


class _VersionTaken(Exception):
    """An ANY_VERSION append lost a race for the next version; try again."""
