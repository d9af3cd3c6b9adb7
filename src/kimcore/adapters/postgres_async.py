"""The PostgreSQL event store for asyncio: psycopg's ``AsyncConnection`` and its async pool.

The async twin of [`PostgresStore`][kimcore.stores.PostgresStore]: the same schema, the same
statements (`kimcore.adapters._postgres_queries`), the same append function and the same global
order, so the two serve one schema side by side. Each call awaits its round trip on the loop;
nothing runs in a thread but opening (creating or migrating the schema, once) and the purge of an
erased key's old row versions (VACUUM, after an erasure). ``wait`` holds no pooled connection:
one ``LISTEN`` connection per store wakes every waiter.

A store belongs to the event loop that opened it (its pool does).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import time
import uuid
from collections.abc import Collection, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any, Self

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from kimcore._closing import AsyncClosing
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
from kimcore.adapters._postgres_vacuum import VacuumPurger
from kimcore.adapters._wakeups import Wakeups
from kimcore.adapters.kek import KeyWrapper, ring
from kimcore.adapters.postgres_keys import AsyncPostgresKeyStore, PostgresKeyStore
from kimcore.application.ports.store import (
    ANY_VERSION,
    DEFAULT_PAGE_SIZE,
    Snapshot,
    check_read_all_args,
    check_read_stream_args,
    stored_events,
)
from kimcore.application.ports.store_async import (
    after_snapshot_async,
    read_with_keys_in_parts_async,
)
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import (
    StoreError,
    WrongExpectedVersion,
)

__all__ = ["AsyncPostgresKeyStore", "AsyncPostgresStore"]

_log = logging.getLogger("kimcore.stores")
# How often a waiter rechecks the head without a notification (the horizon
# moves when an unrelated older transaction ends, which nobody announces).
_RECHECK = 0.1
# How long the listening connection rests after it failed, before it reconnects.
_RELISTEN = 1.0


class AsyncPostgresStore(AsyncClosing):
    """An event store in one PostgreSQL schema, for asyncio; shared by any number of processes.

    Takes what [`PostgresStore`][kimcore.stores.PostgresStore] takes and checks it alike, but
    connects only when opened: ``await store.open()``, ``async with store:``, or
    ``await kimcore.open_async_store("postgresql://…")``, which returns it open. Opening
    connects once within *connect_timeout* seconds (else
    [`StoreUnavailable`][kimcore.errors.StoreUnavailable], in one line), creates or migrates the
    schema, and fills the pool of *min_size* to *max_size* async connections.
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
        self._connect_seconds = max(2, round(connect_timeout))  # libpq counts whole seconds
        self._q = Statements(schema)
        self._pool = AsyncConnectionPool(
            conninfo,
            min_size=min_size,
            max_size=max_size,
            open=False,
            timeout=connect_timeout,
            name=f"kimcore-async-{schema}",
            kwargs={"autocommit": True, "connect_timeout": self._connect_seconds},
        )
        self._ring = ring(key_wrapper)
        self._keys = AsyncPostgresKeyStore(self._pool.connection, schema, self._ring)
        self._notify = Throttle(notify_interval, self._notify_later)
        self._notifying: set[concurrent.futures.Future[None]] = set()
        keys_table = sql.SQL("VACUUM {}.kimcore_keys").format(sql.Identifier(schema))
        self._vacuum = VacuumPurger(self._connect_sync, lambda: [keys_table])
        self._woken = Wakeups()
        self._listener: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opened = False
        self._closed = False

    # -- opening and closing ------------------------------------------------------

    async def open(self) -> Self:
        """Connect, create or migrate the schema, and fill the pool; opening twice does nothing."""
        if self._closed:
            raise StoreError(f"the store of schema {self.schema!r} is closed")
        if self._opened:
            return self
        await asyncio.to_thread(self._prepare)
        self._loop = asyncio.get_running_loop()
        await self._pool.open(wait=True, timeout=self.connect_timeout)
        self._opened = True
        return self

    def _connect_sync(self) -> psycopg.Connection[Any]:
        return psycopg.connect(
            self.conninfo, autocommit=True, connect_timeout=self._connect_seconds
        )

    def _prepare(self) -> None:
        """In a worker thread: connect once, then make or migrate the schema and check the KEK."""
        probe(self.conninfo, self.connect_timeout)
        with self._connect_sync() as conn:
            checker = PostgresKeyStore(
                lambda: contextlib.nullcontext(conn), self.schema, self._ring
            )
            prepare(conn, self._q, self.channel, checker)

    async def __aenter__(self) -> Self:
        return await self.open()

    async def aclose(self) -> None:
        """Close the pool and the listening connection (after any notification still owed)."""
        if self._closed:
            return
        self._closed = True
        self._woken.wake()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        await asyncio.to_thread(self._vacuum.close)
        self._notify.close()  # sends what is owed, through the loop: awaited next
        if self._notifying:
            await asyncio.gather(
                *(asyncio.wrap_future(f) for f in self._notifying), return_exceptions=True
            )
        if self._opened:
            await self._pool.close()

    def _connection(self) -> AbstractAsyncContextManager[psycopg.AsyncConnection[Any]]:
        if not self._opened:
            problem = "closed" if self._closed else "not open: await store.open() first"
            raise StoreError(f"the store of schema {self.schema!r} is {problem}")
        return self._pool.connection()

    def connection(self) -> AbstractAsyncContextManager[psycopg.AsyncConnection[Any]]:
        """A pooled async connection (an async context manager), for tools and tests."""
        return self._connection()

    async def schema_version(self) -> int:
        """The schema version recorded in the database."""
        async with self._connection() as conn:
            row = await (await conn.execute(self._q(SCHEMA_VERSION_ROW))).fetchone()
        assert row is not None
        return int(row[0])

    # -- the port -----------------------------------------------------------------

    @property
    def keys(self) -> AsyncPostgresKeyStore:
        """The subjects' keys, in the same schema."""
        return self._keys

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[StoredEvent, ...]:
        """Append *events* in one statement (its own transaction) after checking the version."""
        check_batch(stream_id, events, expected_version, forget)
        for _ in range(100):  # ANY_VERSION writers racing on one stream retry here
            try:
                return await self._append_once(stream_id, events, expected_version, forget)
            except _VersionTaken:
                continue
        raise StoreError(
            f"stream {stream_id!r}: could not append after 100 races"
        )  # pragma: no cover

    async def _append_once(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        forget: Collection[uuid.UUID],
    ) -> tuple[StoredEvent, ...]:
        notify = bool(events) and self._notify.claim()
        query, params, made = append_call(
            self._q,
            self._keys,
            stream_id,
            events,
            expected_version,
            forget=forget,
            channel=self.channel if notify else None,
        )
        async with self._connection() as conn:
            try:
                row = await (await conn.execute(query, params)).fetchone()
            except psycopg.errors.UniqueViolation as exc:
                raise await self._unique_violation(
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
            await asyncio.to_thread(self._vacuum.request)
        return stored_events(stream_id, events, version, base)

    async def _unique_violation(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        made: dict[uuid.UUID, bytes],
        exc: psycopg.errors.UniqueViolation,
    ) -> Exception:
        refused = refused_by(exc)
        if refused == "keys":
            return await self._keys.refusal(made)
        if refused == "event_id":
            rows = await self._fetchall(EVENTS_WITH_IDS, ([e.event_id for e in events],))
            duplicate = duplicate_in(events, rows)
            if duplicate is not None:
                return duplicate
        if expected_version == ANY_VERSION:
            return _VersionTaken()
        actual = await self.stream_version(stream_id)
        return WrongExpectedVersion(stream_id, expected_version, actual)

    async def _fetchall(
        self, text: str, params: Any = None, *, binary: bool = False
    ) -> list[tuple[Any, ...]]:
        async with self._connection() as conn:
            cursor = await conn.execute(self._q(text), params, binary=binary)
            return await cursor.fetchall()

    async def _value(self, text: str, params: Any = None) -> int:
        async with self._connection() as conn:
            row = await (await conn.execute(self._q(text), params)).fetchone()
        assert row is not None
        return int(row[0])

    async def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on (a stream's own order needs no horizon)."""
        check_read_stream_args(stream_id, from_version, limit)
        rows = await self._fetchall(READ_STREAM, (stream_id, from_version, limit), binary=True)
        return [event_row(r) for r in rows]

    async def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``, below the horizon."""
        check_read_all_args(after, limit)
        rows = await self._fetchall(READ_ALL, (after, limit), binary=True)
        return [event_row(r) for r in rows]

    async def stream_version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        check_read_stream_args(stream_id, 1, None)
        return await self._value(STREAM_VERSION, (stream_id,))

    async def count_after(self, after: int, limit: int) -> int:
        """Events past *after* that a reader may see now, at most *limit*."""
        check_read_all_args(after, limit)
        return await self._value(COUNT_AFTER, (after, limit))

    async def head_position(self) -> int:
        """The last position a reader may see now (0 when none)."""
        return await self._value(HEAD)

    async def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        async with self._connection() as conn:
            await conn.execute(self._q(SAVE_SNAPSHOT), snapshot_parameters(snapshot))

    async def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        async with self._connection() as conn:
            row = await (await conn.execute(self._q(LOAD_SNAPSHOT), (stream_id,))).fetchone()
        return snapshot_of_row(stream_id, row)

    async def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it: one round trip without one."""
        check_read_stream_args(stream_id, 1, None)
        rows = await self._fetchall(READ_FROM_SNAPSHOT, {"s": stream_id}, binary=True)
        return await after_snapshot_async(self, stream_id, [event_row(r) for r in rows])

    async def read_with_keys(
        self, stream_id: str
    ) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """The latest snapshot, the events after it, and their subjects' keys.

        Without a snapshot, one round trip (see ``PostgresStore.read_with_keys``).
        """
        check_read_stream_args(stream_id, 1, None)
        rows = await self._fetchall(READ_WITH_KEYS, {"s": stream_id}, binary=True)
        read = with_keys(rows, self._keys.opened)
        if read is None:  # a snapshot: its tokens need keys too
            return await read_with_keys_in_parts_async(self, stream_id)
        events, keys = read
        self._keys.saw(keys.keys)
        return None, events, keys

    # -- following ----------------------------------------------------------------

    async def wait(self, after: int, timeout: float) -> bool:
        """Until an event past *after* is visible, woken by ``NOTIFY``; or *timeout* seconds.

        The head is rechecked at least every 100 ms: the horizon also moves when
        an unrelated older transaction ends, which nobody announces.
        """
        deadline = time.monotonic() + timeout
        while True:
            if await self.head_position() > after:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._closed:
                return False
            if self._listener is None or self._listener.done():
                self._listener = asyncio.create_task(self._listen(), name="kimcore-listen")
            await self._woken.wait(min(remaining, _RECHECK))

    async def _listen(self) -> None:
        """Wake the waiters at each notification on the store's channel, until closed."""
        while not self._closed:
            try:
                conn = await psycopg.AsyncConnection.connect(
                    self.conninfo, autocommit=True, connect_timeout=self._connect_seconds
                )
                async with conn:
                    await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    async for _ in conn.notifies():
                        self._woken.wake()
            except psycopg.Error as exc:  # waiters recheck on their own meanwhile
                _log.warning(
                    "listening on %s failed, again in %ss: %s", self.channel, _RELISTEN, exc
                )
                await asyncio.sleep(_RELISTEN)

    @property
    def notify_interval(self) -> float:
        """How often at most this store's appends send ``NOTIFY``, in seconds."""
        return self._notify.interval

    def _notify_later(self) -> None:
        """From the throttle's thread (or its close): send the trailing ``NOTIFY`` on the loop."""
        loop = self._loop
        if loop is None or loop.is_closed() or not self._opened:
            return
        future = asyncio.run_coroutine_threadsafe(self._send_notify(), loop)
        self._notifying.add(future)
        future.add_done_callback(self._notifying.discard)

    async def _send_notify(self) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(NOTIFY, (self.channel,))

    # -- erasure ------------------------------------------------------------------

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's old row version may still be in the table's files.

        See [`PostgresStore.erasure_pending`][kimcore.stores.PostgresStore.erasure_pending]: the
        store VACUUMs the keys table as soon as no older snapshot is open.
        """
        return self._vacuum.pending

    async def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Until no erasure is pending (``True``) or *timeout* seconds pass (``False``)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._vacuum.pending:
            if self._closed or (deadline is not None and time.monotonic() >= deadline):
                return False
            await asyncio.sleep(_RECHECK / 2)
        return True


class _VersionTaken(Exception):
    """An ANY_VERSION append lost a race for the next version; try again."""
