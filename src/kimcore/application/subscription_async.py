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

from kimcore.application.flow import run_async
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
        if not self._buffer:
            self._buffer.extend(await run_async(self._next_page(), self.store))
            if not self._buffer:
                raise StopAsyncIteration
        return self._took()

    async def pages(self) -> AsyncIterator[list[StoredEvent]]:
        """The same events a page at a time, as each read returned them.

        For consumers that commit per page. `position` is past a page once it is yielded.
        """
        while page := await run_async(self._next_page(), self.store):
            self.position = page[-1].position
            yield page

    async def __aenter__(self) -> AsyncSubscription:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.stop()
