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
from kimcore.web.fanout import LogFollower, Page, SlowReader, pause_after

HEARTBEAT = 0.02
LIMIT = 30.0  # a bound on a hang, never a measure


def _record(app: k.Application, count: int) -> None:
    for _ in range(count):
        app.handle(form(group_id=uuid.uuid4()))


async def _following(
    events: int, heartbeat: float = HEARTBEAT, **options: float
) -> tuple[k.Application, LogFollower]:
    """An application that recorded *events* groups, and a follower of its log polling often."""
    app = k.Application(k.MemoryStore())
    _record(app, events)
    store = await open_async_beside(app.store)
    return app, LogFollower(store, poll=0.05, heartbeat=heartbeat, **options)  # type: ignore[arg-type]


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
        app, follower = await _following(5, page_size=3)
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
        app, follower = await _following(2, queue_pages=2, page_size=1)
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


def test_a_page_goes_out_a_slice_at_a_time_with_the_loop_free_between_slices() -> None:
    readers_count, per_turn = 40, 4

    async def scenario() -> None:
        app, follower = await _following(
            0, heartbeat=LIMIT, coalesce=0.0, per_turn=per_turn, sends=10**6
        )
        got: list[list[int]] = [[] for _ in range(readers_count)]
        readers = [asyncio.ensure_future(_positions(follower, 0, 1, into)) for into in got]
        await _until(lambda: follower.readers == readers_count)
        seen: list[int] = []  # how many readers had the page, each time this task ran

        async def probe() -> None:
            while sum(map(bool, got)) < readers_count:
                seen.append(sum(map(bool, got)))
                await asyncio.sleep(0)

        probing = asyncio.ensure_future(probe())
        _record(app, 1)
        async with asyncio.timeout(LIMIT):
            await asyncio.gather(*readers, probing)
        assert all(positions == [1] for positions in got)
        # The loop ran other work while some readers had the page and others did not yet.
        assert any(0 < n < readers_count for n in seen)
        assert {n % per_turn for n in seen} == {0}  # whole slices only
        await follower.close()

    asyncio.run(scenario())


def test_readers_joining_and_leaving_while_pages_go_out_in_slices_get_each_event_once() -> None:
    async def scenario() -> None:
        app, follower = await _following(3, page_size=2, coalesce=0.01, per_turn=2)
        early = [asyncio.ensure_future(_positions(follower, 0, 23)) for _ in range(7)]
        leaving = [asyncio.ensure_future(_positions(follower, 0, 8)) for _ in range(5)]
        late: list[asyncio.Future[list[int]]] = []
        await _until(lambda: follower.readers == 12)
        for n in range(20):  # written while readers come and go
            _record(app, 1)
            if n % 4 == 0:
                late.append(asyncio.ensure_future(_positions(follower, n, 23)))
            await asyncio.sleep(0.002)
        async with asyncio.timeout(LIMIT):
            for reader in early:
                assert await reader == list(range(1, 24))
            for reader in leaving:
                got = await reader
                assert got[:8] == list(range(1, 9))
                assert got == sorted(set(got))
            for after, reader in zip(range(0, 20, 4), late, strict=True):
                assert await reader == list(range(after + 1, 24))
        await _until(lambda: follower.readers == 0)
        await follower.close()

    asyncio.run(scenario())


def test_the_pause_after_a_page_bounds_the_sends_a_second_not_the_events() -> None:
    assert pause_after(1, coalesce=0.5, sends=500, full=False) == 0.5
    assert pause_after(250, coalesce=0.5, sends=500, full=False) == 0.5
    assert pause_after(500, coalesce=0.5, sends=500, full=False) == 1.0
    assert pause_after(2000, coalesce=0.5, sends=500, full=False) == 4.0
    # A full page: the follower is behind the head, so the coalescing floor goes, not the bound.
    assert pause_after(1, coalesce=0.5, sends=500, full=True) == 1 / 500
    assert pause_after(500, coalesce=0.5, sends=500, full=True) == 1.0
    assert pause_after(2000, coalesce=0.5, sends=500, full=True) == 4.0


@pytest.mark.parametrize("readers", [1, 25, 250, 500, 2000])
def test_a_burst_of_writes_does_not_raise_the_sends_a_second(readers: int) -> None:
    # The follower's loop on a fake clock: a backlog of 50,000 events, then 5,000 written a
    # second for ten seconds; each page read costs a send to every reader, then the pause.
    page_size, sends, seconds = 200, 500, 10.0
    clock = 0.0
    read = sent = pages = full_pages = 0
    while clock < seconds and pages < 1_000_000:
        backlog = 50_000 + int(5_000 * clock) - read
        page = min(page_size, backlog)
        full = page >= page_size
        read += page
        pages += 1
        full_pages += full
        sent += readers
        clock += pause_after(readers, coalesce=0.5, sends=sends, full=full)
    assert full_pages > 0
    assert sent <= sends * seconds + readers
