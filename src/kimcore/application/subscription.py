"""Following the global log: catch up from a position, then follow live.

A [`Subscription`][kimcore.stores.Subscription] is an iterator of stored events in position order.
It reads one page at a time and only when the consumer asks for more, so a slow consumer holds back
reading, not memory (back-pressure). Once caught up it blocks in the store's ``wait`` until there
is more, and ends cleanly when [`Subscription.stop`][kimcore.stores.Subscription.stop] is called
(from any thread) or the store closes.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from typing import Any

from kimcore.application import flow
from kimcore.application.flow import Flow, run
from kimcore.application.ports.store import DEFAULT_PAGE_SIZE, EventStore
from kimcore.events.envelope import StoredEvent
from kimcore.vocabulary.errors import InvalidStoreArgument

__all__ = ["Following", "Subscription"]


class Following:
    """What a subscription, sync or async, keeps: its store, where it is, how it reads."""

    def __init__(
        self,
        store: Any,
        after: int = 0,
        *,
        page_size: int = DEFAULT_PAGE_SIZE,
        poll: float = 0.5,
        live: bool = True,
    ) -> None:
        if page_size < 1:
            raise InvalidStoreArgument("page_size", f"must be >= 1, got {page_size}")
        if poll <= 0:
            raise InvalidStoreArgument("poll", f"must be > 0, got {poll}")
        self.store = store
        self.position = after
        self.page_size = page_size
        self.poll = poll
        self.live = live
        self._buffer: deque[StoredEvent] = deque()
        self._stopped = threading.Event()

    def _next_page(self) -> Flow[list[StoredEvent]]:
        """The next events: those read and not yet taken, else a page read now, waiting for one.

        Empty once stopped, or, when not live, once caught up. Both kinds of subscription read
        through this flow (`kimcore.application.flow`), one running it, the other awaiting it.
        """
        while not self._stopped.is_set():
            if self._buffer:
                page = list(self._buffer)
                self._buffer.clear()
                return page
            page = yield from flow.read_all(self.position, self.page_size)
            if page or not self.live:
                return page
            yield from flow.wait(self.position, self.poll)
        return []

    def stop(self) -> None:
        """End the iteration (within one *poll* while waiting), from any thread or task.

        Events read but not yet taken are dropped.
        """
        self._stopped.set()
        self._buffer.clear()

    @property
    def stopped(self) -> bool:
        """Whether ``stop`` was called."""
        return self._stopped.is_set()

    def _took(self) -> StoredEvent:
        event = self._buffer.popleft()
        self.position = event.position
        return event


class Subscription(Following, Iterator[StoredEvent]):
    """Events with ``position > after``, then every new one, until stopped.

    *poll* bounds how long one wait lasts, so a stop is noticed within it even
    when nothing is appended. With ``live=False`` iteration ends once caught up.
    """

    store: EventStore

    def __iter__(self) -> Subscription:
        return self

    def __next__(self) -> StoredEvent:
        if not self._buffer:
            self._buffer.extend(run(self._next_page(), self.store))
            if not self._buffer:
                raise StopIteration
        return self._took()

    def pages(self) -> Iterator[list[StoredEvent]]:
        """The same events a page at a time, as each read returned them.

        For consumers that commit per page (a projection's transaction).
        `position` is past a page once it is yielded.
        """
        while page := run(self._next_page(), self.store):
            self.position = page[-1].position
            yield page

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
