"""Following the global log with ``async for``: catch up from a position, then follow live.

The async twin of [`Subscription`][kimcore.stores.Subscription], over an
[`AsyncEventStore`][kimcore.stores.AsyncEventStore]::

    async with AsyncSubscription(store, after=checkpoint) as events:
        async for event in events:
            ...

It reads one page at a time and only when the consumer asks for more (back-pressure), awaits the
store's ``wait`` once caught up (no thread, no busy polling), and ends cleanly when
[`stop`][kimcore.stores.AsyncSubscription.stop] is called, the store closes, or the task iterating
it is cancelled.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import TracebackType

from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.application.subscription import Following
from kimcore.events.envelope import StoredEvent

__all__ = ["AsyncSubscription"]


class AsyncSubscription(Following, AsyncIterator[StoredEvent]):
    """Events with ``position > after``, then every new one, until stopped.

    *poll* bounds how long one wait lasts, so a stop is noticed within it even
    when nothing is appended. With ``live=False`` iteration ends once caught up.
    """

    store: AsyncEventStore

    def __aiter__(self) -> AsyncSubscription:
        return self

    async def __anext__(self) -> StoredEvent:
        while not self._buffer:
            if self._stopped.is_set():
                raise StopAsyncIteration
            page = await self.store.read_all(self.position, self.page_size)
            if page:
                self._buffer.extend(page)
                break
            if not self.live:
                raise StopAsyncIteration
            await self.store.wait(self.position, self.poll)
        event = self._buffer.popleft()
        self.position = event.position
        return event

    async def pages(self) -> AsyncIterator[list[StoredEvent]]:
        """The same events a page at a time, as each read returned them.

        For consumers that commit per page. `position` is past a page once it is yielded.
        """
        while not self._stopped.is_set():
            if self._buffer:
                page = list(self._buffer)
                self._buffer.clear()
            else:
                page = await self.store.read_all(self.position, self.page_size)
            if page:
                self.position = page[-1].position
                yield page
                continue
            if not self.live:
                return
            await self.store.wait(self.position, self.poll)

    def stop(self) -> None:
        """End the iteration (within one *poll*); events read but not consumed are dropped."""
        self._stopped.set()
        self._buffer.clear()

    @property
    def stopped(self) -> bool:
        """Whether [`stop`][kimcore.stores.AsyncSubscription.stop] was called."""
        return self._stopped.is_set()

    async def __aenter__(self) -> AsyncSubscription:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
