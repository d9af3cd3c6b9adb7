"""What only the PostgreSQL store can show: the global-order horizon, its tables, its schema."""

from __future__ import annotations

import threading
import time
import uuid

import attrs
import pytest
from tests.builders import assert_forgetting_leaves_no_trace

import kimcore as k
from kimcore.adapters._postgres_sql import SCHEMA_VERSION
from kimcore.testing.store_machine import new_events

psycopg = pytest.importorskip("psycopg", reason="install the test extra: pip install -e '.[test]'")


@pytest.fixture
def url(postgres_url: str) -> str:
    """PostgreSQL only, where conftest's ``url`` would give each durable kind."""
    return postgres_url


def test_a_reader_never_skips_an_event_that_commits_later_with_a_lower_position(url: str) -> None:
    store = k.open_store(url)
    assert isinstance(store, k.PostgresStore)
    slow_events = new_events(2)
    query, params, _ = store.append_call("group-slow", slow_events, k.stores.NO_STREAM)
    # The store's own append statement, held open in a transaction of the test's.
    with psycopg.connect(store.conninfo) as slow:
        row = slow.execute(query, params).fetchone()
        assert row is not None
        fast = store.append(
            "group-fast", new_events(2, seed=1), k.stores.NO_STREAM
        )  # commits first

        # The fast append committed, but its events sit above the slow one's positions:
        # no reader may see them yet, or it would skip the slow ones when they commit.
        assert store.read_all() == []
        assert store.head_position() == 0
        assert store.wait(0, 0.2) is False
        slow.commit()

    _, base = row
    log = store.read_all()
    assert [s.event_id for s in log] == [e.event_id for e in slow_events] + [
        s.event_id for s in fast
    ]
    assert [s.position for s in log[:2]] == [base + 1, base + 2]
    assert log[1].position < fast[0].position
    store.close()


def test_a_subscriber_sees_every_event_while_writers_interleave(url: str) -> None:
    store = k.open_store(url)
    writers, appends = 4, 30
    seen: list[k.events.StoredEvent] = []
    subscription = k.stores.Subscription(store, poll=0.05, page_size=7)

    def follow() -> None:
        for event in subscription:
            seen.append(event)
            if len(seen) == writers * appends * 2:
                subscription.stop()

    def write(n: int) -> None:
        for i in range(appends):
            store.append(f"group-{n}", new_events(2, seed=n * 1000 + i), k.stores.ANY_VERSION)

    follower = threading.Thread(target=follow)
    follower.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    follower.join(60)
    subscription.stop()
    assert len(seen) == writers * appends * 2
    assert [s.position for s in seen] == sorted({s.position for s in seen})
    assert [s.event_id for s in seen] == [s.event_id for s in store.read_all(0, 100_000)]
    store.close()


def test_a_forgotten_subject_leaves_nothing_in_a_table_dump(url: str) -> None:
    store = k.open_store(url)
    assert isinstance(store, k.PostgresStore)

    def dump() -> bytes:
        out = b""
        with store.connection() as conn:
            tables = conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                (store.schema,),
            ).fetchall()
            for (table,) in tables:
                with conn.cursor().copy(f'COPY "{store.schema}"."{table}" TO STDOUT') as copy:
                    for chunk in copy:
                        out += bytes(chunk)
        return out

    assert_forgetting_leaves_no_trace(
        k.Application(store), dump, as_stored=lambda b: b.hex().encode()
    )
    store.close()


def test_the_schema_carries_its_version(url: str) -> None:
    store = k.open_store(url)
    assert isinstance(store, k.PostgresStore)
    assert store.schema_version() == SCHEMA_VERSION
    with store.connection() as conn:
        conn.execute(
            f"UPDATE \"{store.schema}\".kimcore_meta SET value = '99' WHERE key = 'schema_version'"
        )
    store.close()
    with pytest.raises(k.StoreError, match="schema version 99, newer than this kimcore"):
        k.open_store(url)


def test_a_batch_larger_than_the_position_space_is_refused(url: str) -> None:
    store = k.open_store(url)
    from kimcore.adapters.postgres import MAX_BATCH

    with pytest.raises(k.errors.InvalidStoreArgument, match="at most"):
        store.append("group-x", _many(MAX_BATCH + 1), k.stores.NO_STREAM)
    store.close()


def _many(n: int) -> list[k.events.NewEvent]:
    (one,) = new_events(1)
    return [one] * n  # never inserted: the size is checked first


def test_a_version_1_schema_is_migrated_to_version_2(url: str) -> None:
    store = k.open_store(url)
    assert isinstance(store, k.PostgresStore)
    store.append("group-old", new_events(2), k.stores.NO_STREAM)
    schema = store.schema
    with store.connection() as conn:
        # As a version 1 schema was: the same tables, no append function.
        conn.execute(f'DROP FUNCTION "{schema}".kimcore_append')
        conn.execute(
            f"UPDATE \"{schema}\".kimcore_meta SET value = '1' WHERE key = 'schema_version'"
        )
    store.close()

    reopened = k.open_store(url)
    assert isinstance(reopened, k.PostgresStore)
    assert reopened.schema_version() == SCHEMA_VERSION
    reopened.append("group-old", new_events(1, seed=3), 2)
    assert [s.stream_version for s in reopened.read_stream("group-old")] == [1, 2, 3]
    reopened.close()


def test_appends_within_the_interval_share_one_trailing_notification(url: str) -> None:
    base, schema = url.split("?schema=")
    writer = k.PostgresStore(base, schema=schema, notify_interval=0.3)
    with psycopg.connect(base, autocommit=True) as listener:
        listener.execute(f'LISTEN "{writer.channel}"')
        start = time.monotonic()
        for n in range(3):
            writer.append(f"group-{n}", new_events(1, seed=n), k.stores.NO_STREAM)
        arrived = [time.monotonic() - start for _ in listener.notifies(timeout=1.5)]
    writer.close()
    # The first append notified; the next two, inside the interval, got one at its end.
    assert len(arrived) == 2
    assert arrived[0] < 0.25 <= arrived[1] < 1.0


def test_notify_interval_is_checked(url: str) -> None:
    with pytest.raises(k.errors.InvalidStoreArgument, match="notify_interval"):
        k.PostgresStore(url.split("?")[0], schema="kim_x", notify_interval=-1)


@pytest.mark.parametrize(("events", "subjects"), [(1, 0), (16, 16), (17, 3), (5, 40), (60, 60)])
def test_appends_of_every_size_store_what_they_were_given(
    url: str, events: int, subjects: int
) -> None:
    # Small batches send each value as a parameter, larger ones each array as
    # one literal: both must store the same thing.
    store = k.open_store(url)
    people = [uuid.uuid4() for _ in range(subjects)]
    keys = dict(store.keys.for_write(people).new)
    batch = new_events(events, seed=events)
    batch[0] = attrs.evolve(batch[0], keys=keys)
    stored = store.append("group-size", batch, k.stores.NO_STREAM)
    assert store.read_stream("group-size") == list(stored)
    assert [(s.event_id, s.data, s.metadata, s.recorded_at) for s in stored] == [
        (e.event_id, e.data, e.metadata, e.recorded_at) for e in batch
    ]
    assert store.keys.get_many(people) == keys
    store.close()


def test_the_notify_interval_can_be_set_in_the_url(url: str) -> None:
    store = k.open_store(f"{url}&notify_interval=0.2")
    assert isinstance(store, k.PostgresStore)
    assert store.notify_interval == 0.2
    store.close()
    for bad in ("soon", "-1", "nan"):
        with pytest.raises(k.errors.InvalidStoreArgument, match="notify_interval"):
            k.open_store(f"{url}&notify_interval={bad}")
