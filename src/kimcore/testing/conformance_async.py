"""The conformance kit for async stores: every case of the sync kit, and the async-only ones.

Adopt it by subclassing
[`AsyncEventStoreContract`][kimcore.testing.conformance_async.AsyncEventStoreContract] and
providing one fixture, ``new_async_store``, that returns a coroutine function making a fresh,
empty, open async store::

    import pytest
    from kimcore.testing.conformance_async import AsyncEventStoreContract

    class TestMyAsyncStore(AsyncEventStoreContract):
        @pytest.fixture
        def new_async_store(self, tmp_path):
            paths = iter(tmp_path / f"{n}.db" for n in range(10**6))
            return lambda: MyAsyncStore.open(next(paths))

Every case of [`EventStoreContract`][kimcore.testing.conformance.EventStoreContract] runs on the
store through a [`BlockingStore`][kimcore.testing.conformance_async.BlockingStore], which awaits
each call on an event loop of its own (so the kit's threads become concurrent coroutines there);
the cases here run in ``asyncio.run`` and use the store as an app would: many coroutines writing
at once, ``async for`` over a subscription, the [`AsyncApplication`][kimcore.AsyncApplication].
"""

from __future__ import annotations

import asyncio
import inspect
import itertools
import threading
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, Self, TypeVar, cast

import pytest

import kimcore as k
from kimcore import demo
from kimcore.application.ports.store import EventStore
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.events.envelope import StoredEvent
from kimcore.testing.conformance import EventStoreContract
from kimcore.testing.store_machine import new_events

__all__ = ["AsyncEventStoreContract", "BlockingStore", "NewAsyncStore"]

NewAsyncStore = Callable[[], Awaitable[AsyncEventStore]]
T = TypeVar("T")


class _Blocking:
    """Each coroutine method of *target* as a plain one, awaited on *loop*; the rest as it is."""

    def __init__(self, target: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._target = target
        self._loop = loop

    def __getattr__(self, name: str) -> Any:
        found = getattr(self._target, name)
        if not inspect.iscoroutinefunction(found):
            return found

        def blocking(*args: Any, **kwargs: Any) -> Any:
            return asyncio.run_coroutine_threadsafe(found(*args, **kwargs), self._loop).result()

        return blocking


class BlockingStore(_Blocking):
    """An async store as a sync [`EventStore`][kimcore.stores.EventStore], for the sync kit.

    *open* makes the store; it and every call are awaited on an event loop running in a thread
    of the adapter's own, so calls from several threads are concurrent coroutines on that loop.
    Each coroutine method of the store (``append``, ``read_all``… and its ``keys``') is a plain
    method here, with the same arguments. ``store`` is the async store. Closing closes it and
    ends the loop.
    """

    def __init__(self, open: Callable[[], Awaitable[AsyncEventStore]]) -> None:
        loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=loop.run_forever, name="kimcore-kit-loop", daemon=True
        )
        self._thread.start()
        self._closed = False
        try:
            store = asyncio.run_coroutine_threadsafe(_awaited(open), loop).result()
        except BaseException:
            self._end(loop)
            raise
        super().__init__(store, loop)
        self.store: AsyncEventStore = store
        self.keys = _Blocking(store.keys, loop)

    def close(self) -> None:
        """Close the async store, then end the loop and its thread."""
        if self._closed:
            return
        self._closed = True
        try:
            asyncio.run_coroutine_threadsafe(self.store.aclose(), self._loop).result()
        finally:
            self._end(self._loop)

    def _end(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.call_soon_threadsafe(loop.stop)
        self._thread.join()
        loop.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


async def _awaited(open: Callable[[], Awaitable[AsyncEventStore]]) -> AsyncEventStore:
    return await open()


class AsyncEventStoreContract(EventStoreContract):
    """What every [`AsyncEventStore`][kimcore.stores.AsyncEventStore] shares.

    Give ``new_async_store``: a coroutine function making a fresh, empty, open store.
    """

    @pytest.fixture
    def new_store(self, new_async_store: NewAsyncStore) -> Callable[[], EventStore]:
        """Every case of the sync kit, on the async store through a `BlockingStore`."""
        return lambda: cast(EventStore, BlockingStore(new_async_store))

    # -- concurrency --------------------------------------------------------------

    def test_many_coroutines_write_at_once_and_nothing_is_lost(
        self, new_async_store: NewAsyncStore
    ) -> None:
        writers, appends = 40, 5

        async def write(store: AsyncEventStore, n: int) -> int:
            done = last = 0
            while done < appends:
                version = await store.stream_version("group-shared")
                try:
                    shared = await store.append(
                        "group-shared", new_events(1, seed=n * 100 + done), version
                    )
                except k.errors.WrongExpectedVersion:
                    continue
                own = await store.append(
                    f"group-own-{n}", new_events(1, seed=n * 100 + done), k.stores.ANY_VERSION
                )
                last = max(last, shared[-1].position, own[-1].position)
                done += 1
            return last

        async def case(store: AsyncEventStore) -> None:
            last = await asyncio.gather(*(write(store, n) for n in range(writers)))
            shared = await store.read_stream("group-shared")
            assert [s.stream_version for s in shared] == list(range(1, writers * appends + 1))
            assert await store.wait(max(last) - 1, 30)  # on the global log (see on_the_log)
            log = await store.read_all(0, 100_000)
            assert len(log) == 2 * writers * appends
            assert len({s.event_id for s in log}) == len(log)
            assert all(a.position < b.position for a, b in itertools.pairwise(log))

        asyncio.run(self._with(new_async_store, case))

    # -- the application ----------------------------------------------------------

    def test_the_async_application_runs_the_domain_as_on_memory(
        self, new_async_store: NewAsyncStore
    ) -> None:
        story = _Recorder()
        group_id, forum_id = demo.run_story(story)  # type: ignore[arg-type]
        there = k.Application(k.MemoryStore())
        demo.run_story(there)

        async def case(store: AsyncEventStore) -> None:
            here = k.AsyncApplication(store, snapshot_every={k.PartyKind.GROUP: 3})
            for method, command, options in story.calls:
                await getattr(here, method)(command, **options)
            assert await here.group(group_id) == there.group(group_id)
            assert await here.forum(forum_id) == there.forum(forum_id)
            group = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
            assert await here.load(group) == there.load(group)  # from the snapshot it took
            for stream_id in {s.stream_id for s in there.store.read_all(0, 1000)}:
                assert await store.wait((await store.read_stream(stream_id))[-1].position - 1, 30)
            log = [s.event_type async for s in k.stores.AsyncSubscription(store, live=False)]
            assert log == [s.event_type for s in there.store.read_all(0, 1000)]
            formed = (await here.history(group))[0].event
            assert isinstance(formed, k.events.GroupFormed)
            assert sum(k.personal.is_redacted(f.name) for f in formed.founders) == 1

        asyncio.run(self._with(new_async_store, case))

    def test_the_async_application_answers_a_retry_after_1000_later_events(
        self, new_async_store: NewAsyncStore
    ) -> None:
        story = _Recorder()
        demo.run_story(story)  # type: ignore[arg-type]
        command = next(command for method, command, _ in story.calls if method == "handle")

        async def case(store: AsyncEventStore) -> None:
            command_id = uuid.uuid4()
            first = await k.AsyncApplication(store).handle(command, command_id=command_id)
            assert first.new
            for _ in range(10):  # later events on the same stream, by other commands
                await store.append(first[0].stream_id, new_events(100), k.stores.ANY_VERSION)
            again = await k.AsyncApplication(store).handle(command, command_id=command_id)
            assert again == first
            assert not again.new

        asyncio.run(self._with(new_async_store, case))

    # -- subscriptions ------------------------------------------------------------

    def test_async_for_catches_up_then_follows_live(self, new_async_store: NewAsyncStore) -> None:
        async def case(store: AsyncEventStore) -> None:
            first = await store.append("group-x", new_events(3), k.stores.NO_STREAM)
            seen: list[StoredEvent] = []

            async def later() -> None:
                await asyncio.sleep(0.05)
                await store.append("group-y", new_events(2, seed=9), k.stores.NO_STREAM)

            writer: asyncio.Task[None] | None = None
            subscription = k.stores.AsyncSubscription(
                store, after=first[0].position, page_size=2, poll=0.05
            )
            async with subscription:
                async for event in subscription:
                    seen.append(event)
                    if len(seen) == 2:  # caught up: the next append comes from another task
                        writer = asyncio.create_task(later())
                    if len(seen) == 4:
                        subscription.stop()
            assert writer is not None
            await writer
            log = await store.read_all()
            assert seen == log[1:]
            assert subscription.position == log[-1].position

        asyncio.run(self._with(new_async_store, case))

    def test_async_pages_follow_the_log_a_page_at_a_time(
        self, new_async_store: NewAsyncStore
    ) -> None:
        async def case(store: AsyncEventStore) -> None:
            stored = await store.append("group-x", new_events(5), k.stores.NO_STREAM)
            assert await store.wait(stored[-1].position - 1, 30)
            subscription = k.stores.AsyncSubscription(store, page_size=2, live=False)
            pages = [[s.stream_version for s in page] async for page in subscription.pages()]
            assert pages == [[1, 2], [3, 4], [5]]
            assert subscription.position == stored[-1].position

        asyncio.run(self._with(new_async_store, case))

    def test_a_waiting_async_subscription_stops_cleanly(
        self, new_async_store: NewAsyncStore
    ) -> None:
        async def case(store: AsyncEventStore) -> None:
            subscription = k.stores.AsyncSubscription(store, poll=0.05)
            asyncio.get_running_loop().call_later(0.1, subscription.stop)
            assert [e async for e in subscription] == []
            assert subscription.stopped
            # A task cancelled while it waits leaves the store usable.
            waiting = asyncio.create_task(store.wait(0, 30))
            await asyncio.sleep(0.1)
            waiting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await waiting
            await store.append("group-x", new_events(1), k.stores.NO_STREAM)
            assert await store.wait(0, 5)

        asyncio.run(self._with(new_async_store, case))

    def test_a_waiter_is_woken_by_another_coroutines_append(
        self, new_async_store: NewAsyncStore
    ) -> None:
        async def case(store: AsyncEventStore) -> None:
            waiters = [asyncio.create_task(store.wait(0, 30)) for _ in range(5)]
            await asyncio.sleep(0.05)
            await store.append("group-x", new_events(1), k.stores.NO_STREAM)
            assert await asyncio.wait_for(asyncio.gather(*waiters), 30) == [True] * 5
            # Past any position a store can hand out: a PostgreSQL position is its transaction
            # id shifted left by 20 bits, past 10**12 once the server has run a million.
            assert await store.wait(2**62, 0.05) is False

        asyncio.run(self._with(new_async_store, case))

    @staticmethod
    async def _with(
        new_async_store: NewAsyncStore, case: Callable[[AsyncEventStore], Awaitable[None]]
    ) -> None:
        store = await new_async_store()
        try:
            await case(store)
        finally:
            await store.aclose()


class _Recorder:
    """Stands in for an application to note which calls a story makes, to make them again."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []

    def handle(self, command: Any, **options: Any) -> tuple[()]:
        self.calls.append(("handle", command, options))
        return ()

    def forget(self, command: Any, **options: Any) -> tuple[()]:
        self.calls.append(("forget", command, options))
        return ()
