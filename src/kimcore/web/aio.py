"""The service's async side: what its routes await instead of blocking the event loop.

Writes over HTTP go through an [`AsyncApplication`][kimcore.AsyncApplication] and the live feed
follows the log with one [`LogFollower`][kimcore.web.fanout.LogFollower] for every client, both
on an async store beside the service's own
([`open_async_beside`][kimcore.adapters.beside.open_async_beside]:
PostgreSQL's async connections, or the store's calls in worker threads). A write waiting on the
database, or a feed waiting for the next event, holds neither the loop nor a thread of the
server's pool. It opens on first use, on the loop that uses it, and closes with the service.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

from kimcore.adapters.beside import open_async_beside
from kimcore.adapters.export import stored_line
from kimcore.application.service import Application
from kimcore.application.service_async import AsyncApplication
from kimcore.events.envelope import StoredEvent
from kimcore.web.fanout import QUEUE_PAGES, LogFollower

__all__ = ["AsyncSide"]


class AsyncSide:
    """The async application beside a service's *app*: same store, codec, deciders, policy."""

    def __init__(
        self, app: Application, *, poll: float = 0.5, queue_pages: int = QUEUE_PAGES
    ) -> None:
        self.sync = app
        self.poll = poll
        self.queue_pages = queue_pages
        self._app: AsyncApplication | None = None
        self._follower: LogFollower | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._opening: asyncio.Lock | None = None
        self._opening_loop: asyncio.AbstractEventLoop | None = None

    async def app(self) -> AsyncApplication:
        """The async application, its store opened on first use on the running loop."""
        loop = asyncio.get_running_loop()
        if self._app is not None and self._loop is loop:
            return self._app
        if self._opening is None or self._opening_loop is not loop:
            # Made before the first await, keyed by its own loop: ``_loop`` is set only once the
            # store is open, so every request arriving meanwhile must find this same lock, or
            # each opens a store (a pool of connections) of its own that nothing closes.
            self._opening = asyncio.Lock()
            self._opening_loop = loop
        async with self._opening:
            if self._app is None or self._loop is not loop:
                # A store's pool belongs to one loop: a host that serves from another (a test
                # client without its lifespan) gets one of its own.
                self._drop()
                store = await open_async_beside(self.sync.store)
                self._app = AsyncApplication(
                    store,
                    policy=self.sync.policy,
                    codec=self.sync.codec,
                    deciders=self.sync.deciders,
                )
                self._follower = LogFollower(store, poll=self.poll, queue_pages=self.queue_pages)
                self._loop = loop
        return self._app

    async def follower(self) -> LogFollower:
        """The process's one follower of the log, on the running loop's store."""
        await self.app()
        assert self._follower is not None  # made with the app
        return self._follower

    async def lines(self, stored: Sequence[StoredEvent], *, personal: bool) -> list[dict[str, Any]]:
        """*stored* as the log's JSON lines; personal fields opened only if *personal*.

        The keys are fetched, awaited, once for them all.
        """
        app = await self.app()
        keys = await app.prefetch_keys(stored) if personal else None
        return [stored_line(app.codec, s, keys) for s in stored]

    def _drop(self) -> None:
        """Close the store of another loop, on that loop, if it still runs."""
        app, loop, follower = self._app, self._loop, self._follower
        self._app = self._loop = self._follower = None
        if app is not None and loop is not None and loop.is_running():
            with contextlib.suppress(RuntimeError):
                if follower is not None:
                    asyncio.run_coroutine_threadsafe(follower.close(), loop)
                asyncio.run_coroutine_threadsafe(app.store.aclose(), loop)

    async def close(self) -> None:
        """Close the async store (the service's own store stays for the service to close)."""
        app, follower = self._app, self._follower
        self._app = self._loop = self._follower = None
        if follower is not None:
            await follower.close()
        if app is not None:
            await app.store.aclose()
