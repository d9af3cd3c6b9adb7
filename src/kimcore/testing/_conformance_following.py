"""The conformance kit's cases of many threads at once and of following the log.

Part of [`EventStoreContract`][kimcore.testing.conformance.EventStoreContract]: concurrent
writers lose and duplicate nothing, and a subscription catches up, follows live, stops while
waiting and reads no faster than it is consumed.
"""

from __future__ import annotations

import threading
from typing import Any

import kimcore as k
from kimcore.application.ports.store import EventStore
from kimcore.testing._store_cases import StoreCases, increasing, on_the_log
from kimcore.testing.store_machine import new_events

__all__ = ["FollowingCases"]


class FollowingCases(StoreCases):
    """Concurrent writers and subscriptions, for every store."""

    # -- concurrency --------------------------------------------------------------

    def test_concurrent_writers_lose_and_duplicate_nothing(self, store: EventStore) -> None:
        writers, appends = 4, 25
        errors: list[BaseException] = []

        def write(n: int) -> None:
            try:
                done = 0
                while done < appends:
                    version = store.stream_version("group-shared")
                    try:
                        store.append("group-shared", new_events(2, seed=n * 1000 + done), version)
                        store.append(
                            f"group-own-{n}",
                            new_events(1, seed=n * 1000 + done),
                            k.stores.ANY_VERSION,
                        )
                        done += 1
                    except k.errors.WrongExpectedVersion:
                        continue
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors, errors
        shared = store.read_stream("group-shared")
        assert [s.stream_version for s in shared] == list(range(1, 2 * writers * appends + 1))
        own = [store.read_stream(f"group-own-{n}")[-1].position for n in range(writers)]
        on_the_log(store, max([shared[-1].position, *own]))
        log = store.read_all(0, 100_000)
        assert len(log) == 3 * writers * appends
        assert increasing([s.position for s in log])
        assert len({s.event_id for s in log}) == len(log)

    # -- subscriptions ------------------------------------------------------------

    def test_a_subscription_catches_up_then_follows_live(self, store: EventStore) -> None:
        first = store.append("group-x", new_events(3), k.stores.NO_STREAM)
        seen: list[k.events.StoredEvent] = []
        after = first[0].position
        with k.stores.Subscription(store, after=after, page_size=2, poll=0.05) as subscription:
            for event in subscription:
                seen.append(event)
                if len(seen) == 2:  # caught up: the next append comes from another thread
                    threading.Timer(
                        0.05, store.append, ("group-y", new_events(2, seed=9), k.stores.NO_STREAM)
                    ).start()
                if len(seen) == 4:
                    subscription.stop()
        log = store.read_all()
        assert seen == log[1:]
        assert subscription.position == log[-1].position

    def test_a_subscription_stops_cleanly_while_waiting(self, store: EventStore) -> None:
        subscription = k.stores.Subscription(store, poll=0.05)
        threading.Timer(0.1, subscription.stop).start()
        assert list(subscription) == []
        assert subscription.stopped

    def test_a_subscription_reads_only_as_fast_as_it_is_consumed(self, store: EventStore) -> None:
        stored = store.append("group-x", new_events(10), k.stores.NO_STREAM)
        on_the_log(store, stored[-1].position)
        reads: list[int] = []
        original = store.read_all

        class Counting:
            def __getattr__(self, name: str) -> Any:
                return getattr(store, name)

            def read_all(self, after: int = 0, limit: int = 1000) -> list[k.events.StoredEvent]:
                reads.append(after)
                return original(after, limit)

        subscription = k.stores.Subscription(Counting(), page_size=3, live=False)
        first = [next(subscription) for _ in range(4)]
        assert first == list(stored[:4])
        assert reads == [0, stored[2].position]  # two pages for four events, not the whole log
        assert [s.event_id for s in subscription] == [s.event_id for s in stored[4:]]
