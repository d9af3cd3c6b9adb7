"""The in-memory store against the store port's contract."""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k

NOW = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def new(n: int = 1) -> list[k.NewEvent]:
    return [
        k.NewEvent(
            event_id=uuid.uuid4(),
            event_type="T",
            schema_version=1,
            data=b'{"i":%d}' % i,
            metadata=k.Metadata(correlation_id=uuid.uuid4()),
            recorded_at=NOW,
        )
        for i in range(n)
    ]


@pytest.fixture
def store() -> k.MemoryStore:
    return k.MemoryStore()


def test_an_empty_store(store: k.MemoryStore) -> None:
    assert store.head_position() == 0
    assert store.read_all() == []
    assert store.read_stream("s") == []
    assert store.stream_version("s") == 0


def test_append_a_batch_to_a_new_stream(store: k.MemoryStore) -> None:
    batch = new(3)
    stored = store.append("s", batch, k.NO_STREAM)
    assert [s.stream_version for s in stored] == [1, 2, 3]
    assert [s.position for s in stored] == [1, 2, 3]
    assert [s.event_id for s in stored] == [b.event_id for b in batch]
    assert stored[0].metadata == batch[0].metadata
    assert store.read_stream("s") == list(stored)
    assert store.stream_version("s") == 3
    assert store.head_position() == 3


def test_expected_version_must_match(store: k.MemoryStore) -> None:
    store.append("s", new(2), k.NO_STREAM)
    with pytest.raises(k.WrongExpectedVersion, match="expected no stream, but it is at version 2"):
        store.append("s", new(), k.NO_STREAM)
    with pytest.raises(k.WrongExpectedVersion, match="expected version 1"):
        store.append("s", new(), 1)
    assert store.head_position() == 2
    store.append("s", new(), 2)
    store.append("s", new(), k.ANY_VERSION)
    assert store.stream_version("s") == 4


def test_appending_nothing_checks_the_version_only(store: k.MemoryStore) -> None:
    assert store.append("s", [], k.NO_STREAM) == ()
    with pytest.raises(k.WrongExpectedVersion):
        store.append("s", [], 3)
    assert store.head_position() == 0


def test_a_duplicate_event_id_rejects_the_whole_batch(store: k.MemoryStore) -> None:
    first = new()
    store.append("a", first, k.NO_STREAM)
    with pytest.raises(k.DuplicateEventId, match="stream 'a' version 1"):
        store.append("b", [*new(2), *first], k.NO_STREAM)
    assert store.head_position() == 1
    assert store.stream_version("b") == 0


def test_a_batch_repeating_an_id_is_refused(store: k.MemoryStore) -> None:
    (one,) = new()
    with pytest.raises(k.InvalidStoreArgument, match=r"events\[1\]"):
        store.append("s", [one, one], k.NO_STREAM)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (lambda s: s.append("", new(), 0), "stream_id"),
        (lambda s: s.append("s", new(), -2), "expected_version"),
        (lambda s: s.append("s", ["x"], 0), r"events\[0\]"),
        (lambda s: s.read_stream("s", 0), "from_version"),
        (lambda s: s.read_stream("s", 1, 0), "limit"),
        (lambda s: s.read_all(-1), "after"),
        (lambda s: s.read_all(0, 0), "limit"),
        (lambda s: s.read_all(True), "after"),
    ],
)
def test_malformed_arguments_are_named(store: k.MemoryStore, call: object, argument: str) -> None:
    with pytest.raises(k.InvalidStoreArgument, match=argument):
        call(store)  # type: ignore[operator]
    assert store.head_position() == 0


@given(
    st.lists(st.tuples(st.sampled_from("abc"), st.integers(1, 4)), max_size=12), st.integers(1, 7)
)
def test_paging_the_global_log_sees_every_event_once_in_order(
    batches: list[tuple[str, int]], page: int
) -> None:
    store = k.MemoryStore()
    for stream, size in batches:
        store.append(stream, new(size), k.ANY_VERSION)
    seen: list[k.StoredEvent] = []
    after = 0
    while chunk := store.read_all(after, page):
        assert len(chunk) <= page
        seen.extend(chunk)
        after = chunk[-1].position
    assert [s.position for s in seen] == list(range(1, sum(n for _, n in batches) + 1))
    for stream in "abc":
        versions = [s.stream_version for s in seen if s.stream_id == stream]
        assert versions == list(range(1, len(versions) + 1))
        assert store.read_stream(stream) == [s for s in seen if s.stream_id == stream]


def test_read_stream_from_a_version_with_a_limit(store: k.MemoryStore) -> None:
    store.append("s", new(5), k.NO_STREAM)
    assert [s.stream_version for s in store.read_stream("s", 2, 2)] == [2, 3]
    assert [s.stream_version for s in store.read_stream("s", 4)] == [4, 5]
    assert store.read_stream("s", 9) == []


def test_concurrent_writers_with_expected_versions_never_lose_or_duplicate() -> None:
    store = k.MemoryStore()
    writers, appends = 8, 50
    conflicts = []

    def write() -> None:
        done = 0
        while done < appends:
            version = store.stream_version("shared")
            try:
                store.append("shared", new(), version)
                done += 1
            except k.WrongExpectedVersion:
                conflicts.append(1)

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    events = store.read_stream("shared")
    assert [e.stream_version for e in events] == list(range(1, writers * appends + 1))
    assert len({e.event_id for e in events}) == writers * appends
    assert [e.position for e in store.read_all(0, 10_000)] == list(range(1, writers * appends + 1))
