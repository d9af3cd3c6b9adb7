"""One follower of the log per process, fanning each new page out to every live client.

A client of ``GET /api/log/stream`` first catches up on its own, reading the log a page at a time
from its ``Last-Event-ID`` (a page read only when it has taken the one before); once it reaches
the head it joins the process's [`LogFollower`][kimcore.web.fanout.LogFollower]. The follower is
one [`AsyncSubscription`][kimcore.stores.AsyncSubscription]: it reads each new page once and puts
the same page on every client's queue, so 500 listening clients cost the store and the writers
what one does. Each page is rendered as SSE messages at most once per kind of reader (with or
without personal data), not once per client.

Each page costs a send to every reader (about 80 µs of the server's CPU each on the shared
machine of ``docs/performance.md``, a third of it the kernel's), so the follower bounds the sends
a second, not the events: after each page it pauses [`COALESCE`][kimcore.web.fanout.COALESCE]
seconds, longer once there are more readers than [`SENDS`][kimcore.web.fanout.SENDS] a second
allow, and what is written meanwhile goes out as the next page. Behind the head (a full page, the
next one there already) it skips only the ``COALESCE`` floor: it still waits readers / ``SENDS``
seconds, so a burst of writes does not raise the sends a second either. The page goes out a
[`SLICE`][kimcore.web.fanout.SLICE] of readers at a time, the slices spread over that pause, so a
request the event loop serves meanwhile (a write) waits for one slice's sends at most, never for
all of them.

Each queue is bounded. A client that does not take its pages (a slow network, a stalled tab) is
dropped as soon as its queue is full, so it holds up neither the follower nor the others; its
stream ends with a ``retry:`` hint, and the browser reconnects with the last id it received and
catches up from the store: nothing is missed. The follower starts with the first client and stops
with the last.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Sequence
from typing import Final

from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.application.subscription_async import AsyncSubscription
from kimcore.events.envelope import StoredEvent

__all__ = [
    "COALESCE",
    "HEARTBEAT",
    "QUEUE_PAGES",
    "SENDS",
    "SLICE",
    "LogFollower",
    "Page",
    "SlowReader",
    "pause_after",
]

HEARTBEAT = 15.0
"""Seconds between the comments that keep a quiet stream open through proxies."""

QUEUE_PAGES = 64
"""How many pages a client may have waiting before it is dropped as too slow."""
COALESCE = 0.5
"""Seconds the follower waits after handing out a page, so that what is written meanwhile goes
out as one page: sending costs per page and per client, so under a stream of writes the
follower's cost is readers × (1 / COALESCE) sends a second, whatever the write rate. Behind the
head (full pages) it skips this pause but not the one ``SENDS`` asks for. An event after a quiet
spell goes out at once."""
SENDS = 500
"""Sends a second the follower allows itself under a stream of writes: with more readers than
``SENDS × COALESCE`` it pauses longer after each page (a second at 500 readers), so the live
streams cost the writers a bounded share of the CPU however many readers listen; each reader's
events come a little later instead, and as bigger pages."""
SLICE = 25
"""How many readers are handed a page in one turn of the event loop; the slices of a page are
spread over the pause after it, so the requests the loop serves meanwhile (the writers') wait for
one slice's sends at most, not for every reader's."""

_log = logging.getLogger(__name__)

Render = Callable[[Sequence[StoredEvent], bool], Awaitable[bytes]]


def pause_after(readers: int, *, coalesce: float, sends: float, full: bool) -> float:
    """Seconds the follower waits after handing *readers* a page, before it reads the next.

    *coalesce* at least, longer once *readers* would take more than *sends* sends a second. After
    a *full* page (the follower is behind the head, the next page is there already) only the
    *coalesce* floor goes: it still waits ``readers / sends``, so the sends a second stay within
    *sends* whatever the write rate.
    """
    bound = readers / sends
    return bound if full else max(coalesce, bound)


class SlowReader(Exception):
    """A client's queue was full: it was dropped and reconnects from its last id."""


class Page:
    """Events of the log as one read returned them, rendered once per kind of reader."""

    __slots__ = ("_rendered", "events")

    def __init__(self, events: Sequence[StoredEvent]) -> None:
        self.events = events
        self._rendered: dict[bool, asyncio.Future[bytes]] = {}

    @property
    def last(self) -> int:
        """The position of the page's last event."""
        return self.events[-1].position

    async def rendered(self, render: Render, *, personal: bool) -> bytes:
        """What *render* makes of the events, computed by the first client that asks."""
        found = self._rendered.get(personal)
        if found is not None and found.done():
            return found.result()
        if found is None:
            found = self._rendered[personal] = asyncio.ensure_future(render(self.events, personal))
        return await asyncio.shield(found)


# Handed to every reader: a heartbeat, one timer for them all. A Page (an empty one) so that it
# travels the queues and _hand_out as any page does; readers tell it apart by identity.
_BEAT: Final[Page] = Page(())


class _Reader:
    __slots__ = ("dropped", "queue", "start")

    def __init__(self, start: int, size: int) -> None:
        self.start = start
        self.queue: asyncio.Queue[Page | None] = asyncio.Queue(size)
        self.dropped = False


class LogFollower:
    """The log after the first reader's position, read once and handed to every reader.

    *store* is the service's async store; *poll* bounds each wait for a new event; a reader may
    have *queue_pages* pages waiting before it is dropped; *coalesce* is the pause after each
    page ([`COALESCE`][kimcore.web.fanout.COALESCE]; longer with more readers than *sends* a
    second allow, [`SENDS`][kimcore.web.fanout.SENDS]), over which the page goes out *per_turn*
    readers at a time ([`SLICE`][kimcore.web.fanout.SLICE]); every *heartbeat* seconds each
    reader gets ``None``. With *render* set, each page is rendered without personal data before it
    is handed out, so no reader waits on another's rendering.
    """

    def __init__(
        self,
        store: AsyncEventStore,
        *,
        poll: float,
        queue_pages: int = QUEUE_PAGES,
        page_size: int = 200,
        coalesce: float = COALESCE,
        heartbeat: float = HEARTBEAT,
        per_turn: int = SLICE,
        sends: float = SENDS,
    ) -> None:
        self.store = store
        self.coalesce = coalesce
        self.per_turn = per_turn
        self.sends = sends
        self.heartbeat = heartbeat
        self.render: Render | None = None
        self.poll = poll
        self.queue_pages = queue_pages
        self.page_size = page_size
        self.position = 0
        self._readers: set[_Reader] = set()
        self._subscription: AsyncSubscription | None = None
        self._task: asyncio.Task[None] | None = None
        self._beating: asyncio.Task[None] | None = None

    @property
    def readers(self) -> int:
        """How many readers are following live now."""
        return len(self._readers)

    async def follow(self, after: int) -> AsyncGenerator[Page | None]:
        """Pages of the log after *after*, then live; ``None`` at each heartbeat.

        Raises [`SlowReader`][kimcore.web.fanout.SlowReader] once this reader is dropped.
        """
        last = after
        while True:  # catching up alone, a page when the one before was taken
            events = await self.store.read_all(last, self.page_size)
            if events:
                yield Page(events)
                last = events[-1].position
            if len(events) < self.page_size:
                break
        reader = self._join(last)
        try:
            while last < reader.start:  # what the follower had read when this reader joined
                read = await self.store.read_all(last, self.page_size)
                events = [e for e in read if e.position <= reader.start]
                if not events:
                    break
                yield Page(events)
                last = events[-1].position
            while True:
                if reader.dropped:
                    raise SlowReader
                page = await reader.queue.get()
                if page is _BEAT:
                    yield None
                    continue
                if page is None:
                    return  # the follower stopped: the client reconnects
                if page.last <= last:
                    continue
                if page.events[0].position <= last:
                    page = Page([e for e in page.events if e.position > last])
                yield page
                last = page.last
        finally:
            self._leave(reader)

    def _join(self, last: int) -> _Reader:
        if self._task is None:
            self.position = last
            self._subscription = AsyncSubscription(
                self.store, last, page_size=self.page_size, poll=self.poll
            )
            self._task = asyncio.ensure_future(self._run(self._subscription))
            self._beating = asyncio.ensure_future(self._beat())
        reader = _Reader(self.position, self.queue_pages)
        self._readers.add(reader)
        return reader

    def _leave(self, reader: _Reader) -> None:
        self._readers.discard(reader)
        if not self._readers:
            self._stop()

    def _stop(self) -> None:
        if self._subscription is not None:
            self._subscription.stop()
        for task in (self._task, self._beating):
            if task is not None:
                task.cancel()
        self._subscription = self._task = self._beating = None

    async def _run(self, subscription: AsyncSubscription) -> None:
        try:
            async for events in subscription.pages():
                self.position = events[-1].position
                page = Page(events)
                if self.render is not None:
                    await page.rendered(self.render, personal=False)
                # Readers take their page before the next is read, and what is written
                # meanwhile goes out as one page.
                pause = pause_after(
                    len(self._readers),
                    coalesce=self.coalesce,
                    sends=self.sends,
                    full=len(events) >= self.page_size,
                )
                await self._hand_out(page, over=pause)
        except asyncio.CancelledError:
            raise
        except Exception:
            _log.exception("the live log's follower stopped; its readers reconnect")
        # Ended (the store closed, or an error): every reader ends too, and reconnects.
        for reader in list(self._readers):
            self._put(reader, None)
        if self._subscription is subscription:
            self._subscription = self._task = None

    async def _beat(self) -> None:
        while True:
            await asyncio.sleep(self.heartbeat)
            await self._hand_out(_BEAT, over=min(self.heartbeat, 1.0))

    async def _hand_out(self, page: Page, *, over: float) -> None:
        """*page* (of the log, or the heartbeat) to every reader following now, a slice at a time.

        It takes *over* seconds.

        A reader that joins meanwhile started after the page (it reads it from the store); one
        that leaves or is dropped meanwhile gets nothing more.
        """
        readers = list(self._readers)
        slices = max(1, -(-len(readers) // self.per_turn))
        for start in range(0, len(readers) or 1, self.per_turn):
            for reader in readers[start : start + self.per_turn]:
                if reader in self._readers:
                    self._put(reader, page)
            # Yields to the loop even with no pause, so that its other work goes between slices.
            await asyncio.sleep(over / slices)

    def _put(self, reader: _Reader, page: Page | None) -> None:
        try:
            reader.queue.put_nowait(page)
        except asyncio.QueueFull:
            reader.dropped = True
            self._readers.discard(reader)
            _log.info("a live reader fell %d pages behind: dropped", self.queue_pages)

    async def close(self) -> None:
        """Stop following; readers end and reconnect."""
        task = self._task
        self._stop()
        for reader in list(self._readers):
            self._put(reader, None)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await task
