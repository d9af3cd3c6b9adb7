"""The async API keeps the event loop free while writes wait on the database.

A ticker sleeps 5 ms at a time on the loop and notes its worst lateness while 48 writers run at
once, each handling three commands in turn (144 writes). Were the loop blocked for the duration of
a write, the ticker could not run until the writes returned: its worst gap would span the whole
batch, as the control case shows it does for the sync application called from coroutines.
Awaited, the writes leave the loop to the ticker between round trips: its worst gap is a few
decisions' CPU time. The bound is relative to the batch's own duration, since load on a shared
2-core machine stretches both alike: under three fifths of it, where a blocked loop shows all of
it (a third was tight: the writers' threads and the machine's other work took the GIL from the
ticker for 0.29 s of a 0.67 s batch on SQLite, with 65 ticks).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from tests.builders import D, form, member
from tests.services import postgres_schema

import kimcore as k

WRITERS = 48
TICK = 0.005


class Ticker:
    """A task that sleeps *TICK* at a time and notes how late it wakes, at worst."""

    def __init__(self) -> None:
        self.worst = 0.0
        self.ticks = 0
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            start = loop.time()
            await asyncio.sleep(TICK)
            self.worst = max(self.worst, loop.time() - start - TICK)
            self.ticks += 1

    async def __aenter__(self) -> Ticker:
        self._task = asyncio.create_task(self._run())
        await asyncio.sleep(TICK * 2)  # ticking before the writes start
        self.worst = 0.0
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._task is not None
        await asyncio.sleep(TICK * 2)  # the tick due during the last write, noted
        self._task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await self._task


def _writer(n: int) -> list[k.Command]:
    """What one writer records in turn: a new KIM with three founders, then two who join."""
    group_id = uuid.uuid4()
    joins = [
        k.JoinGroup(group_id=group_id, member=member(100 * n + i), joined_on=D(2024, 2, 1))
        for i in (3, 4)
    ]
    return [form(group_id=group_id, founders=tuple(member(100 * n + i) for i in range(3))), *joins]


async def _batch(
    handle: Callable[[k.Command], Awaitable[tuple[object, ...]]],
) -> tuple[float, float, int]:
    """The ticker's worst gap, the batch's duration, and its ticks: *WRITERS* writers at once."""

    async def write(commands: list[k.Command]) -> int:
        return sum([len(await handle(command)) for command in commands])

    writers = [_writer(n) for n in range(WRITERS)]
    async with Ticker() as ticker:
        start = time.monotonic()
        recorded = await asyncio.gather(*(write(commands) for commands in writers))
        elapsed = time.monotonic() - start
    assert recorded == [3] * WRITERS  # every command of every writer recorded, nothing lost
    return ticker.worst, elapsed, ticker.ticks


def _assert_free(worst: float, elapsed: float, ticks: int) -> None:
    # Free: the ticker ran all through the batch, never kept waiting for long. A loop that
    # writes block waits for the whole batch at once (the control case: about `elapsed`).
    assert worst < elapsed * 0.6, (worst, elapsed, ticks)
    assert ticks >= 10, (worst, elapsed, ticks)


async def _free_while_handling(store: k.stores.AsyncEventStore) -> None:
    app = k.AsyncApplication(store)
    await app.handle(form(group_id=uuid.uuid4()))  # warm: codec hooks, pool connections
    worst, elapsed, ticks = await _batch(app.handle)
    _assert_free(worst, elapsed, ticks)


def test_the_loop_stays_free_under_concurrent_writes_on_postgresql() -> None:
    with postgres_schema("kim_loop") as (url, _):

        async def run() -> None:
            async with await k.open_async_store(url) as store:
                await _free_while_handling(store)

        asyncio.run(run())


def test_the_loop_stays_free_under_concurrent_writes_on_sqlite(tmp_path: Path) -> None:
    async def run() -> None:
        async with await k.open_async_store(f"sqlite:///{tmp_path}/kim.db") as store:
            await _free_while_handling(store)

    asyncio.run(run())


def test_the_ticker_sees_a_loop_that_writes_block(tmp_path: Path) -> None:
    """The control: the sync application called from coroutines blocks the loop, and it shows."""
    store = k.SqliteStore(tmp_path / "kim.db")
    app = k.Application(store)
    app.handle(form(group_id=uuid.uuid4()))

    async def blocking(command: k.Command) -> tuple[object, ...]:
        return app.handle(command)  # no await: the loop waits for every write

    try:
        worst, elapsed, ticks = asyncio.run(_batch(blocking))
    finally:
        store.close()
    assert worst > elapsed / 2, (worst, elapsed, ticks)
    with pytest.raises(AssertionError):
        _assert_free(worst, elapsed, ticks)
