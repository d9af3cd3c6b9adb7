"""Async stores over sync ones: every call in a worker thread of the store's own.

What anyio's ``to_thread`` does for one call, done for a store: an
[`AsyncThreadedStore`][kimcore.stores.AsyncThreadedStore] runs each method of a sync
[`EventStore`][kimcore.stores.EventStore] in a dedicated, bounded pool of worker threads, so the
event loop goes on while SQLite writes and fsyncs. It is the same store underneath, so its
transactional semantics are the sync store's exactly: an append is one ``BEGIN IMMEDIATE``
transaction on the worker's connection, readers see commits in order.

Waiting holds no thread: ``wait`` checks the head and then sleeps on the loop until an append
through this store wakes it, or 50 ms pass (appends by other processes, or through the sync store
directly, are seen by that check). With ``workers=0`` calls run on the loop itself: for a store
that never blocks on I/O, such as the memory store.

[`AsyncSqliteStore`][kimcore.stores.AsyncSqliteStore] and
[`AsyncMemoryStore`][kimcore.stores.AsyncMemoryStore] are this over the SQLite and memory stores;
``kimcore.open_async_store`` gives it for any store a plugin registers without an async opener.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any, Concatenate, Final, Generic, Literal, ParamSpec, TypeVar

from kimcore._closing import AsyncClosing
from kimcore.adapters._wakeups import Wakeups
from kimcore.adapters.kek import KeyWrapper
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.sqlite import SqliteStore
from kimcore.application.ports.keys import KeyStore
from kimcore.application.ports.store import EventStore
from kimcore.events.envelope import StoredEvent
from kimcore.vocabulary.errors import InvalidStoreArgument, StoreError

__all__ = [
    "POLL",
    "AsyncMemoryStore",
    "AsyncSqliteStore",
    "AsyncThreadedKeyStore",
    "AsyncThreadedStore",
]

# How often a waiter rechecks the head for appends it was not woken for, in seconds.
POLL: Final = 0.05
S = TypeVar("S", bound=EventStore)
T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")


class _Threads:
    """Runs calls in a dedicated pool of *workers* threads, or on the loop with 0."""

    def __init__(self, workers: int, name: str) -> None:
        if not isinstance(workers, int) or isinstance(workers, bool) or not 0 <= workers <= 64:
            raise InvalidStoreArgument("workers", f"must be 0 to 64 threads, got {workers!r}")
        self.workers = workers
        self._pool = (
            concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix=name)
            if workers
            else None
        )
        self.closed = False

    async def run(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self.closed:
            raise StoreError("the store is closed")
        if self._pool is None:
            return call(*args, **kwargs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._pool, functools.partial(call, *args, **kwargs))

    async def shut(self) -> None:
        """Refuse new calls, and let the worker threads end once their calls have."""
        self.closed = True
        if self._pool is not None:
            await asyncio.to_thread(self._pool.shutdown, wait=True)


def _in_threads(
    method: Callable[Concatenate[Any, P], R],
    *,
    of: str = "store",
    then: Callable[[Any, R], None] | None = None,
) -> Callable[Concatenate[Any, P], Coroutine[Any, Any, R]]:
    """*method* of the sync object named *of*, awaited in the store's threads; *then* after it.

    The port's method, with its name, arguments and result: one forwarder for them all.
    """
    name = method.__name__

    async def call(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result: R = await self._run(getattr(getattr(self, of), name), *args, **kwargs)
        if then is not None:
            then(self, result)
        return result

    functools.update_wrapper(call, method)
    return call


class AsyncThreadedKeyStore:
    """A [`KeyStore`][kimcore.stores.KeyStore]'s methods, each run in the store's threads.

    ``sync`` is the key store.
    """

    def __init__(self, keys: KeyStore, threads: _Threads) -> None:
        self.sync = keys
        self._run = threads.run

    get = _in_threads(KeyStore.get, of="sync")
    """The subject's stored key, or ``None``."""
    get_many = _in_threads(KeyStore.get_many, of="sync")
    """The stored keys of those *subjects* that have one."""
    for_write = _in_threads(KeyStore.for_write, of="sync")
    """The keys an append about *subjects* seals with (new ones in ``new``)."""
    is_known = _in_threads(KeyStore.is_known, of="sync")
    """Whether a key exists or existed."""
    is_forgotten = _in_threads(KeyStore.is_forgotten, of="sync")
    """Whether the key was destroyed."""
    forgotten = _in_threads(KeyStore.forgotten, of="sync")
    """The subjects whose keys were destroyed."""


def _wake(store: AsyncThreadedStore[Any], stored: tuple[StoredEvent, ...]) -> None:
    if stored:
        store._appended.wake()


class AsyncThreadedStore(AsyncClosing, Generic[S]):
    """An [`AsyncEventStore`][kimcore.stores.AsyncEventStore] running a sync store in threads.

    Each method of the port is *store*'s, awaited in a worker thread, with the same arguments,
    result and errors. *store* is the sync store (``store`` keeps it, for what is not on the
    port: a SQLite ``backup``, ``rotate_kek``); *workers* bounds the threads, and with them the
    store's connections (SQLite opens one per thread); 0 runs calls on the loop. Closing closes
    *store* too, unless *close_store* is false (the store is shared with sync code that closes
    it).
    """

    def __init__(self, store: S, *, workers: int = 4, close_store: bool = True) -> None:
        self.store = store
        self.close_store = close_store
        self._threads = _Threads(workers, f"kimcore-{type(store).__name__}")
        self._run = self._threads.run
        self._keys = AsyncThreadedKeyStore(store.keys, self._threads)
        self._appended = Wakeups()

    @property
    def keys(self) -> AsyncThreadedKeyStore:
        """The subjects' keys, read and made in the store's threads."""
        return self._keys

    append = _in_threads(EventStore.append, then=_wake)
    """Append in one transaction of the sync store, in a worker thread; wake the waiters."""
    read_stream = _in_threads(EventStore.read_stream)
    """Events of *stream_id* from *from_version* on."""
    read_all = _in_threads(EventStore.read_all)
    """At most *limit* events with ``position > after``."""
    stream_version = _in_threads(EventStore.stream_version)
    """The stream's version (0 when empty)."""
    head_position = _in_threads(EventStore.head_position)
    """The last position (0 when empty)."""
    count_after = _in_threads(EventStore.count_after)
    """Events past *after*, at most *limit*."""
    save_snapshot = _in_threads(EventStore.save_snapshot)
    """Keep *snapshot* unless a later one is kept."""
    load_snapshot = _in_threads(EventStore.load_snapshot)
    """The stream's latest snapshot."""
    read_from_snapshot = _in_threads(EventStore.read_from_snapshot)
    """The stream's latest snapshot and the events after it."""
    read_with_keys = _in_threads(EventStore.read_with_keys)
    """The latest snapshot, the events after it, and their subjects' keys."""
    recorded_by = _in_threads(EventStore.recorded_by)
    """The events of *stream_id* that command *command_id* caused."""

    async def wait(self, after: int, timeout: float) -> bool:
        """Until the head passes *after*, or *timeout*; no thread is held meanwhile."""
        deadline = time.monotonic() + timeout
        while True:
            if await self.head_position() > after:
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0 or self._threads.closed:
                return False
            await self._appended.wait(min(remaining, POLL))

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's bytes may still be in the store's files (no I/O)."""
        return self.store.erasure_pending()

    async def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Until no erasure is pending (``True``) or *timeout* passes; checked every 50 ms."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.store.erasure_pending():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            await asyncio.sleep(POLL)
        return True

    async def aclose(self) -> None:
        """Close the threads, and the sync store unless it is shared."""
        if self._threads.closed:
            return
        await self._threads.shut()
        self._appended.wake()
        if self.close_store:
            self.store.close()


class AsyncSqliteStore(AsyncThreadedStore[SqliteStore]):
    """The SQLite store for asyncio: a [`SqliteStore`][kimcore.stores.SqliteStore] in threads.

    Open it with ``await AsyncSqliteStore.open(path)`` (opening creates or
    migrates the file, in a thread too) or ``await kimcore.open_async_store("sqlite:///kim.db")``.
    Each of the *workers* threads has its own connection; writers take
    SQLite's write lock in turn, readers never wait for them (WAL).
    """

    @classmethod
    async def open(
        cls,
        path: str | Path,
        *,
        durability: Literal["full", "normal"] = "full",
        busy_timeout: float = 30.0,
        key_wrapper: KeyWrapper | None = None,
        workers: int = 4,
    ) -> AsyncSqliteStore:
        """Open (create, migrate) the file at *path* without blocking the loop."""
        store = await asyncio.to_thread(
            SqliteStore,
            path,
            durability=durability,
            busy_timeout=busy_timeout,
            key_wrapper=key_wrapper,
        )
        try:
            return cls(store, workers=workers)
        except BaseException:
            store.close()
            raise


class AsyncMemoryStore(AsyncThreadedStore[MemoryStore]):
    """The memory store for asyncio, its calls on the loop (they never wait on I/O)."""

    def __init__(self, store: MemoryStore | None = None) -> None:
        super().__init__(MemoryStore() if store is None else store, workers=0)
