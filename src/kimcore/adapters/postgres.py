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
import uuid
from collections.abc import Callable
from typing import Any, LiteralString, TypeVar

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from kimcore._closing import Closing
from kimcore.adapters._checked import Append, CheckedStore, wait_past
from kimcore.adapters._postgres_base import PostgresBase
from kimcore.adapters._postgres_migrations import prepare
from kimcore.adapters._postgres_names import probe
from kimcore.adapters._postgres_queries import MAX_BATCH, NOTIFY
from kimcore.adapters._postgres_sql import SCHEMA_VERSION
from kimcore.adapters.kek import KeyWrapper, ring
from kimcore.adapters.postgres_keys import PostgresKeyStore
from kimcore.application.flow import Flow, run
from kimcore.application.ports.store import DEFAULT_PAGE_SIZE, Snapshot
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import Keys

__all__ = ["MAX_BATCH", "SCHEMA_VERSION", "PostgresKeyStore", "PostgresStore"]

T = TypeVar("T")


class PostgresStore(CheckedStore[PostgresKeyStore], PostgresBase, Closing):
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

    _pool: ConnectionPool[psycopg.Connection[Any]]
    _keys: PostgresKeyStore

    def _make_pool(self, **options: Any) -> ConnectionPool[psycopg.Connection[Any]]:
        probe(self.conninfo, self.connect_timeout)  # in one line, rather than the pool waiting
        return ConnectionPool(self.conninfo, open=True, **options)

    def _make_keys(self) -> PostgresKeyStore:
        return PostgresKeyStore(self._pool.connection, self.schema, self._ring)

    def _vacuum_connection(self) -> Any:
        return self._pool.connection()

    def _made(self) -> None:
        self._listener: psycopg.Connection[Any] | None = None
        self._listen_lock = threading.Lock()
        try:
            with self._pool.connection() as conn:
                prepare(conn, self._q, self.channel, self._keys)
        except BaseException:
            self.close()  # a store that cannot open keeps no pool, and no pool's threads
            raise

    def _query(self, query: LiteralString, params: Any, binary: bool) -> list[tuple[Any, ...]]:
        """Execute *query* on a pooled connection; its rows (none for a statement without)."""
        with self._pool.connection() as conn:
            cursor = conn.execute(query, params, binary=binary)
            return cursor.fetchall() if cursor.description is not None else []

    def _blocking(self, call: Callable[[], T]) -> T:
        """*call*'s result: the sync store makes blocking calls itself."""
        return call()

    def _run(self, work: Flow[T]) -> T:
        return run(work, self)

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        return self._run(self._schema_version())

    def connection(self) -> Any:
        """A pooled connection (a context manager), for tools and tests."""
        return self._pool.connection()

    # -- the port -----------------------------------------------------------------

    def _check(self, append: Append) -> Append:
        """*append* as given: the append's flow, shared with the async store, checks and bounds it.

        It does so before its first statement, so a refused append still writes nothing.
        """
        return append

    def _write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Append the events in one statement (its own transaction) after checking the version."""
        return self._run(self._append(*append))

    def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on (a stream's own order needs no horizon)."""
        return self._run(self._read_stream(stream_id, from_version, limit))

    def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``, below the horizon."""
        return self._run(self._read_all(after, limit))

    def stream_version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        return self._run(self._stream_version(stream_id))

    def count_after(self, after: int, limit: int) -> int:
        """Events past *after* that a reader may see now, at most *limit*."""
        return self._run(self._count_after(after, limit))

    def head_position(self) -> int:
        """The last position a reader may see now (0 when none)."""
        return self._run(self._head_position())

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        self._run(self._save_snapshot(snapshot))

    def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        return self._run(self._load_snapshot(stream_id))

    def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it: one round trip without one."""
        return self._run(self._read_from_snapshot(stream_id))

    def read_with_keys(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """The latest snapshot, the events after it, and their subjects' keys.

        Without a snapshot, one round trip: the keys of the subjects the
        events' tokens name come back as rows of their own after the events.
        """
        return self._run(self._read_with_keys(stream_id))

    def recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, found by the index."""
        return self._run(self._recorded_by(stream_id, command_id))

    def wait(self, after: int, timeout: float) -> bool:
        """Block until an event past *after* is visible, woken by NOTIFY; or *timeout*.

        The horizon can also move without a notification (an unrelated older
        transaction ends), so the head is rechecked at least every 100 ms.
        """
        return wait_past(self, after, timeout, self._await_notify)

    def _await_notify(self, remaining: float) -> None:
        """Until a NOTIFY of an append comes, or 100 ms pass (at most *remaining* seconds)."""
        with self._listen_lock:
            listener = self._listen()
            for _ in listener.notifies(timeout=min(remaining, 0.1), stop_after=1):
                pass

    def _listen(self) -> psycopg.Connection[Any]:
        if self._listener is None or self._listener.closed:
            self._listener = psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=self.connect_seconds
            )
            self._listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
        return self._listener

    def _send_trailing_notify(self) -> None:
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
