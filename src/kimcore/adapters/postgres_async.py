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
import functools
import inspect
import logging
import time
from collections.abc import Callable, Coroutine
from contextlib import AbstractAsyncContextManager
from typing import Any, Concatenate, LiteralString, ParamSpec, Self, TypeVar

import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from kimcore._closing import AsyncClosing
from kimcore.adapters._postgres_base import PostgresBase
from kimcore.adapters._postgres_migrations import prepare
from kimcore.adapters._postgres_names import probe
from kimcore.adapters._postgres_queries import NOTIFY
from kimcore.adapters._wakeups import Wakeups
from kimcore.adapters.postgres_keys import AsyncPostgresKeyStore, PostgresKeyStore
from kimcore.application.flow import Flow, run_async
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.vocabulary.errors import StoreError

__all__ = ["AsyncPostgresKeyStore", "AsyncPostgresStore"]

_log = logging.getLogger("kimcore.stores")
# How often a waiter rechecks the head without a notification (the horizon
# moves when an unrelated older transaction ends, which nobody announces).
_RECHECK = 0.1
# How long the listening connection rests after it failed, before it reconnects.
_RELISTEN = 1.0
T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


def _flowing(
    method: Callable[Concatenate[Any, P], Coroutine[Any, Any, R]],
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """The port's *method*, awaiting the flow both PostgreSQL stores share (``_`` + its name).

    ``PostgresBase`` writes each call once, as a flow of statements the sync store runs on its
    connections and this one awaits; the flow takes the port's parameters (a test holds them
    alike), and a call that leaves some to their defaults has them filled in from the port.
    """
    flow = f"_{method.__name__}"
    signature = inspect.signature(method)
    arity = len(signature.parameters) - 1  # without self
    # Binding costs 13-17 us: only a call that leaves an argument to its default pays it.

    async def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        given: tuple[Any, ...] = args
        named: dict[str, Any] = kwargs
        if len(args) + len(kwargs) < arity:
            bound = signature.bind(self, *args, **kwargs)
            bound.apply_defaults()
            given, named = bound.args[1:], bound.kwargs
        result: R = await self._run(getattr(self, flow)(*given, **named))
        return result

    functools.update_wrapper(call, method)
    return call


class AsyncPostgresStore(PostgresBase, AsyncClosing):
    """An event store in one PostgreSQL schema, for asyncio; shared by any number of processes.

    Takes what [`PostgresStore`][kimcore.stores.PostgresStore] takes and checks it alike, but
    connects only when opened: ``await store.open()``, ``async with store:``, or
    ``await kimcore.open_async_store("postgresql://…")``, which returns it open. Opening
    connects once within *connect_timeout* seconds (else
    [`StoreUnavailable`][kimcore.errors.StoreUnavailable], in one line), creates or migrates the
    schema, and fills the pool of *min_size* to *max_size* async connections.
    """

    _pool: AsyncConnectionPool[psycopg.AsyncConnection[Any]]
    _keys: AsyncPostgresKeyStore

    def _make_pool(self, **options: Any) -> AsyncConnectionPool[psycopg.AsyncConnection[Any]]:
        options["name"] = f"{options['name']}-async"
        return AsyncConnectionPool(self.conninfo, open=False, **options)

    def _make_keys(self) -> AsyncPostgresKeyStore:
        return AsyncPostgresKeyStore(self._connection, self.schema, self._ring)

    def _vacuum_connection(self) -> psycopg.Connection[Any]:
        return psycopg.connect(self.conninfo, autocommit=True, connect_timeout=self.connect_seconds)

    def _made(self) -> None:
        self._notifying: set[concurrent.futures.Future[None]] = set()
        self._woken = Wakeups()
        self._listener: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opened = False

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

    def _prepare(self) -> None:
        """In a worker thread: connect once, then make or migrate the schema and check the KEK."""
        probe(self.conninfo, self.connect_timeout)
        with self._vacuum_connection() as conn:
            keys = PostgresKeyStore(lambda: contextlib.nullcontext(conn), self.schema, self._ring)
            prepare(conn, self._q, self.channel, keys)

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

    async def _query(
        self, query: LiteralString, params: Any, binary: bool
    ) -> list[tuple[Any, ...]]:
        """Execute *query* on a pooled async connection; its rows (none for a statement without)."""
        async with self._connection() as conn:
            cursor = await conn.execute(query, params, binary=binary)
            return await cursor.fetchall() if cursor.description is not None else []

    async def _blocking(self, call: Callable[[], T]) -> T:
        """*call*'s result, from a worker thread: the loop goes on meanwhile."""
        return await asyncio.to_thread(call)

    async def _run(self, work: Flow[T]) -> T:
        return await run_async(work, self)

    async def schema_version(self) -> int:
        """The schema version recorded in the database."""
        return await self._run(self._schema_version())

    # -- the port -----------------------------------------------------------------

    @property
    def keys(self) -> AsyncPostgresKeyStore:
        """The subjects' keys, in the same schema."""
        return self._keys

    append = _flowing(AsyncEventStore.append)
    """Append *events* in one statement (its own transaction) after checking the version."""
    read_stream = _flowing(AsyncEventStore.read_stream)
    """Events of *stream_id* from *from_version* on (a stream's own order needs no horizon)."""
    read_all = _flowing(AsyncEventStore.read_all)
    """At most *limit* events with ``position > after``, below the horizon."""
    stream_version = _flowing(AsyncEventStore.stream_version)
    """The stream's version (0 when empty)."""
    count_after = _flowing(AsyncEventStore.count_after)
    """Events past *after* that a reader may see now, at most *limit*."""
    head_position = _flowing(AsyncEventStore.head_position)
    """The last position a reader may see now (0 when none)."""
    save_snapshot = _flowing(AsyncEventStore.save_snapshot)
    """Keep *snapshot* unless a later one is kept."""
    load_snapshot = _flowing(AsyncEventStore.load_snapshot)
    """The stream's latest snapshot."""
    read_from_snapshot = _flowing(AsyncEventStore.read_from_snapshot)
    """The stream's latest snapshot and the events after it: one round trip without one."""
    read_with_keys = _flowing(AsyncEventStore.read_with_keys)
    """The latest snapshot, the events after it, and their subjects' keys."""
    recorded_by = _flowing(AsyncEventStore.recorded_by)
    """The events of *stream_id* that command *command_id* caused, found by the index."""

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
                    self.conninfo, autocommit=True, connect_timeout=self.connect_seconds
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

    def _send_trailing_notify(self) -> None:
        """From the throttle's thread (or its close): send the trailing ``NOTIFY`` on the loop."""
        loop = self._loop
        if loop is None or loop.is_closed() or not self._opened:
            return
        future = asyncio.run_coroutine_threadsafe(self._notify_now(), loop)
        self._notifying.add(future)
        future.add_done_callback(self._notifying.discard)

    async def _notify_now(self) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(NOTIFY, (self.channel,))

    async def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Until no erasure is pending (``True``) or *timeout* seconds pass (``False``)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self._vacuum.pending:
            if self._closed or (deadline is not None and time.monotonic() >= deadline):
                return False
            await asyncio.sleep(_RECHECK / 2)
        return True
