"""One follower of the log for every live reader: each gets every event once, in order; a slow one
is dropped without holding up the others, and resumes from its last id."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence

import pytest
from tests.builders import form

import kimcore as k
from kimcore.adapters.beside import open_async_beside
from kimcore.events.envelope import StoredEvent
from kimcore.web.fanout import LogFollower, Page, SlowReader

HEARTBEAT = 0.02
LIMIT = 30.0  # a bound on a hang, never a measure


def _record(app: k.Application, count: int) -> None:
    for _ in range(count):
        app.handle(form(group_id=uuid.uuid4()))


async def _positions(
    follower: LogFollower, after: int, until: int, into: list[int] | None = None
) -> list[int]:
    """Positions the reader gets after *after*, until it has *until*."""
    got = [] if into is None else into
    pages = follower.follow(after)
    try:
        async for page in pages:
            if page is not None:
                got.extend(e.position for e in page.events)
            if got and got[-1] >= until:
                return got
    finally:
        await pages.aclose()
    return got


async def _until(condition: object) -> None:
    async with asyncio.timeout(LIMIT):
        while not condition():  # type: ignore[operator]
            await asyncio.sleep(0.005)


def test_many_readers_each_get_every_event_once_in_order() -> None:
    async def scenario() -> None:
        app = k.Application(k.MemoryStore())
        _record(app, 5)
        store = await open_async_beside(app.store)
        follower = LogFollower(store, poll=0.05, page_size=3, heartbeat=HEARTBEAT)
        readers = [
            asyncio.ensure_future(_positions(follower, after, 25)) for after in (0, 0, 2, 5) * 5
        ]
        await _until(lambda: follower.readers == len(readers))
        for _ in range(4):  # live, while they all listen
            _record(app, 5)
            await asyncio.sleep(0.01)
        async with asyncio.timeout(LIMIT):
            got = await asyncio.gather(*readers)
        for after, positions in zip((0, 0, 2, 5) * 5, got, strict=True):
            assert positions == list(range(after + 1, 26))
        await _until(lambda: follower.readers == 0)  # the last one gone, the follower stops
        await follower.close()

    asyncio.run(scenario())


def test_a_slow_reader_is_dropped_without_holding_up_the_others_and_resumes_from_its_id() -> None:
    async def scenario() -> None:
        app = k.Application(k.MemoryStore())
        _record(app, 2)
        store = await open_async_beside(app.store)
        follower = LogFollower(store, poll=0.05, queue_pages=2, page_size=1, heartbeat=HEARTBEAT)
        slow = follower.follow(0)
        seen: list[int] = []
        async with asyncio.timeout(LIMIT):
            while (page := await anext(slow)) is not None:  # caught up, then live
                seen.extend(e.position for e in page.events)
        assert seen == [1, 2]
        taken: list[int] = []
        fast = asyncio.ensure_future(_positions(follower, 2, 12, taken))
        await _until(lambda: follower.readers == 2)
        for n in range(10):  # ten pages: the fast reader takes each, the slow one none
            _record(app, 1)
            await _until(lambda: len(taken) > n)  # noqa: B023 - awaited in this iteration
        async with asyncio.timeout(LIMIT):
            assert await fast == list(range(3, 13))
        assert follower.readers == 0  # the slow one was dropped, the fast one left
        with pytest.raises(SlowReader):
            await anext(slow)
        # It reconnects with the last id it received and misses nothing.
        assert await _positions(follower, seen[-1], 12) == list(range(3, 13))
        await follower.close()

    asyncio.run(scenario())


def test_a_page_is_rendered_once_for_every_reader_of_one_kind() -> None:
    calls: list[bool] = []

    async def render(events: Sequence[StoredEvent], personal: bool) -> bytes:
        calls.append(personal)
        await asyncio.sleep(0)
        return f"{len(events)} {personal}".encode()

    async def scenario() -> None:
        app = k.Application(k.MemoryStore())
        _record(app, 1)
        page = Page(app.store.read_all())
        got = await asyncio.gather(*(page.rendered(render, personal=n % 2 == 0) for n in range(10)))
        assert set(got) == {b"1 True", b"1 False"}

    asyncio.run(scenario())
    assert sorted(calls) == [False, True]
