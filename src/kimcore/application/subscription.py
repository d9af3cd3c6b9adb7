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
from types import TracebackType
from typing import Any

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


class Subscription(Following, Iterator[StoredEvent]):
    """Events with ``position > after``, then every new one, until stopped.

    *poll* bounds how long one wait lasts, so a stop is noticed within it even
    when nothing is appended. With ``live=False`` iteration ends once caught up.
    """

    store: EventStore

    def __iter__(self) -> Subscription:
        return self

    def __next__(self) -> StoredEvent:
        while not self._buffer:
            if self._stopped.is_set():
                raise StopIteration
            page = self.store.read_all(self.position, self.page_size)
            if page:
                self._buffer.extend(page)
                break
            if not self.live:
                raise StopIteration
            self.store.wait(self.position, self.poll)
        event = self._buffer.popleft()
        self.position = event.position
        return event

    def pages(self) -> Iterator[list[StoredEvent]]:
        """The same events a page at a time, as each read returned them.

        For consumers that commit per page (a projection's transaction).
        `position` is past a page once it is yielded.
        """
        while not self._stopped.is_set():
            if self._buffer:
                page = list(self._buffer)
                self._buffer.clear()
            else:
                page = self.store.read_all(self.position, self.page_size)
            if page:
                self.position = page[-1].position
                yield page
                continue
            if not self.live:
                return
            self.store.wait(self.position, self.poll)

    def stop(self) -> None:
        """End the iteration; events already read but not consumed are dropped."""
        self._stopped.set()
        self._buffer.clear()

    @property
    def stopped(self) -> bool:
        """Whether [`stop`][kimcore.stores.Subscription.stop] was called."""
        return self._stopped.is_set()

    def __enter__(self) -> Subscription:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
