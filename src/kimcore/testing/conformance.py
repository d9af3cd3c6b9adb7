"""The event store conformance kit: one suite every store must pass.

Adopt it by subclassing [`EventStoreContract`][kimcore.testing.conformance.EventStoreContract] in a
module pytest collects, and providing one fixture, ``new_store``, that returns a callable making a
fresh, empty store::

    import pytest
    from kimcore.testing.conformance import EventStoreContract

    class TestMyStore(EventStoreContract):
        @pytest.fixture
        def new_store(self, tmp_path):
            paths = iter(tmp_path / f"{n}.db" for n in range(10**6))
            return lambda: MyStore(next(paths))

The kit closes the stores it makes. A store is done when the suite is green.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

import kimcore as k
from kimcore import demo
from kimcore.application.ports.store import EventStore
from kimcore.domain import group_state
from kimcore.testing.conformance_commands import CommandIndexCases
from kimcore.testing.store_machine import make_store_machine, new_events

__all__ = ["EventStoreContract", "new_events"]

NewStore = Callable[[], EventStore]
# The kit's hypothesis tests run once per store class and make a fresh store per example.
_KIT_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.differing_executors,
    ],
)


# Labels a store must keep as they are: any text but NUL and lone surrogates.
_LABELS = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=5)


def _with(event: k.events.NewEvent, **changes: Any) -> k.events.NewEvent:
    """*event* with fields changed, unchecked: what a careless caller could build."""
    made = attrs.evolve(event)
    for name, value in changes.items():
        object.__setattr__(made, name, value)
    return made


def _meta(**fields: Any) -> k.events.NewEvent:
    metadata = k.events.Metadata()
    for name, value in fields.items():
        object.__setattr__(metadata, name, value)
    return _with(new_events(1)[0], metadata=metadata)


def _on_the_log(store: EventStore, last: int) -> None:
    """Wait until the global log shows position *last*.

    A store may show a committed event to the global log a moment later (PostgreSQL waits for
    the older transactions of the whole cluster to end), but never loses one.
    """
    assert store.wait(last - 1, 30), f"position {last} never reached the global log"


def _increasing(positions: list[int]) -> bool:
    """Positive and strictly increasing (positions need not be dense)."""
    return all(p > 0 for p in positions) and all(a < b for a, b in itertools.pairwise(positions))


class EventStoreContract(CommandIndexCases):
    """The behaviour every [`EventStore`][kimcore.stores.EventStore] shares: give ``new_store``.

    With [`CommandIndexCases`][kimcore.testing.conformance_commands.CommandIndexCases]: the index
    of command ids, bad arguments and damaged payloads.
    """

    @pytest.fixture
    def fresh(self, new_store: NewStore) -> Iterator[NewStore]:
        """Like ``new_store``, closing every store it made at teardown."""
        made: list[EventStore] = []

        def make() -> EventStore:
            store = new_store()
            made.append(store)
            return store

        yield make
        for store in made:
            store.close()

    @pytest.fixture
    def store(self, fresh: NewStore) -> EventStore:
        """One fresh store."""
        return fresh()

    # -- appending ----------------------------------------------------------------

    def test_an_empty_store(self, store: EventStore) -> None:
        assert store.head_position() == 0
        assert store.read_all() == []
        assert store.read_stream("group-x") == []
        assert store.stream_version("group-x") == 0
        assert store.wait(0, 0.01) is False

    def test_a_batch_is_appended_whole_and_in_order(self, store: EventStore) -> None:
        batch = new_events(3)
        stored = store.append("group-x", batch, k.stores.NO_STREAM)
        assert [s.stream_version for s in stored] == [1, 2, 3]
        assert _increasing([s.position for s in stored])
        assert [s.event_id for s in stored] == [e.event_id for e in batch]
        assert store.read_stream("group-x") == list(stored)
        _on_the_log(store, stored[-1].position)
        assert store.read_all() == list(stored)
        assert (store.stream_version("group-x"), store.head_position()) == (3, stored[-1].position)

    def test_what_goes_in_comes_out(self, store: EventStore) -> None:
        (event,) = new_events(1)
        event = k.events.NewEvent(
            event_id=event.event_id,
            event_type="Probe",
            schema_version=7,
            data='{"name":"Sarasehan di Balai Desa — ✓"}'.encode(),
            metadata=k.events.Metadata(
                correlation_id=uuid.uuid4(), causation_id=uuid.uuid4(), extra={"ui": "portal"}
            ),
            recorded_at=dt.datetime(2024, 7, 1, 8, 30, 15, 123456, tzinfo=dt.UTC),
        )
        (stored,) = store.append("group-x", [event], k.stores.NO_STREAM)
        (read,) = store.read_stream("group-x")
        assert read == stored
        assert (read.data, read.metadata, read.recorded_at, read.schema_version) == (
            event.data,
            event.metadata,
            event.recorded_at,
            7,
        )

    def test_the_expected_version_must_match(self, store: EventStore) -> None:
        first = store.append("group-x", new_events(2), k.stores.NO_STREAM)
        with pytest.raises(k.errors.WrongExpectedVersion, match="expected no stream"):
            store.append("group-x", new_events(1), k.stores.NO_STREAM)
        with pytest.raises(k.errors.WrongExpectedVersion, match="at version 2"):
            store.append("group-x", new_events(1), 1)
        with pytest.raises(k.errors.WrongExpectedVersion):
            store.append("group-x", new_events(1), 3)
        _on_the_log(store, first[-1].position)
        assert len(store.read_all()) == 2
        store.append("group-x", new_events(1), 2)
        store.append("group-x", new_events(1), k.stores.ANY_VERSION)
        assert store.stream_version("group-x") == 4

    def test_appending_nothing_only_checks_the_version(self, store: EventStore) -> None:
        assert store.append("group-x", [], k.stores.NO_STREAM) == ()
        with pytest.raises(k.errors.WrongExpectedVersion):
            store.append("group-x", [], 2)
        assert store.head_position() == 0

    def test_a_recorded_event_id_refuses_the_whole_batch(self, store: EventStore) -> None:
        first = new_events(1)
        _on_the_log(store, store.append("group-a", first, k.stores.NO_STREAM)[-1].position)
        with pytest.raises(k.errors.DuplicateEventId, match="stream 'group-a' version 1"):
            store.append(
                "group-b",
                [*new_events(2, seed=1), *first, *new_events(1, seed=2)],
                k.stores.NO_STREAM,
            )
        assert len(store.read_all()) == 1
        assert store.read_stream("group-b") == []

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda s: s.append("", new_events(1), 0), "stream_id"),
            (lambda s: s.append("x" * 201, new_events(1), 0), "stream_id"),
            (lambda s: s.append("s", new_events(1), -2), "expected_version"),
            (lambda s: s.append("s", ["not an event"], 0), r"events\[0\]"),
            (lambda s: s.append("s", new_events(1) * 2, 0), r"events\[1\]"),
            (lambda s: s.append("s", [], 0, forget=["x"]), "forget"),
            (lambda s: s.read_stream("s", 0), "from_version"),
            (lambda s: s.read_stream("s", 1, 0), "limit"),
            (lambda s: s.read_all(-1), "after"),
            (lambda s: s.read_all(True), "after"),
            (lambda s: s.read_all(0, 0), "limit"),
            (lambda s: s.read_all(0, "10"), "limit"),
            (lambda s: s.stream_version(""), "stream_id"),
            (lambda s: s.append("group-\x00", new_events(1), 0), "stream_id"),
            (lambda s: s.append("group-\ud800", new_events(1), 0), "stream_id"),
            (lambda s: s.read_stream("group-\x00"), "stream_id"),
            (lambda s: s.read_from_snapshot("group-\udfff"), "stream_id"),
            (lambda s: s.append("s", [_with(new_events(1)[0], event_id="x")], 0), "event_id"),
            (lambda s: s.append("s", [_with(new_events(1)[0], event_type="")], 0), "event_type"),
            (lambda s: s.append("s", [_with(new_events(1)[0], schema_version=0)], 0), "schema"),
            (lambda s: s.append("s", [_with(new_events(1)[0], data="{}")], 0), "data"),
            (
                lambda s: s.append(
                    "s", [_with(new_events(1)[0], recorded_at=dt.datetime(2024, 1, 1))], 0
                ),
                "recorded_at",
            ),
            (lambda s: s.append("s", [_meta(correlation_id="x")], 0), "correlation_id"),
            (lambda s: s.append("s", [_meta(causation_id=5)], 0), "causation_id"),
            (lambda s: s.append("s", [_meta(extra="text")], 0), "extra"),
            (lambda s: s.append("s", [_meta(extra={"k": True})], 0), "extra"),
            (lambda s: s.append("s", [_meta(extra={"k": "\x00"})], 0), "extra"),
            (lambda s: s.append("s", [_meta(extra={"\ud800": "v"})], 0), "extra"),
        ],
    )
    def test_malformed_arguments_are_named_and_write_nothing(
        self, store: EventStore, call: Callable[[EventStore], Any], argument: str
    ) -> None:
        with pytest.raises(k.errors.InvalidStoreArgument, match=argument):
            call(store)
        assert store.head_position() == 0

    # -- reading ------------------------------------------------------------------

    def test_a_stream_reads_from_a_version_with_a_limit(self, store: EventStore) -> None:
        store.append("group-x", new_events(5), k.stores.NO_STREAM)
        assert [s.stream_version for s in store.read_stream("group-x", 2, 2)] == [2, 3]
        assert [s.stream_version for s in store.read_stream("group-x", 4)] == [4, 5]
        assert store.read_stream("group-x", 9) == []

    @_KIT_SETTINGS
    @given(
        ids=st.lists(st.one_of(st.none(), st.uuids()), min_size=2, max_size=2),
        same=st.booleans(),
        extra=st.dictionaries(_LABELS.filter(bool), _LABELS, max_size=2),
    )
    def test_metadata_comes_out_as_it_went_in(
        self, fresh: NewStore, ids: list[uuid.UUID | None], same: bool, extra: dict[str, str]
    ) -> None:
        correlation, causation = ids[0], ids[0] if same else ids[1]
        metadata = k.events.Metadata(
            correlation_id=correlation, causation_id=causation, extra=extra
        )
        store = fresh()
        try:
            events = [attrs.evolve(e, metadata=metadata) for e in new_events(2)]
            stored = store.append("group-x", events, k.stores.NO_STREAM)
            read = store.read_stream("group-x")
            assert read == list(stored)
            for got in read:
                assert (got.metadata.correlation_id, got.metadata.causation_id) == (
                    correlation,
                    causation,
                )
                assert dict(got.metadata.extra) == extra
        finally:
            store.close()

    @_KIT_SETTINGS
    @given(
        batches=st.lists(
            st.tuples(st.sampled_from(["group-a", "group-b", "forum-c"]), st.integers(1, 4)),
            max_size=10,
        ),
        page=st.integers(1, 7),
    )
    def test_paging_sees_every_event_once_in_order(
        self, fresh: NewStore, batches: list[tuple[str, int]], page: int
    ) -> None:
        store = fresh()
        try:
            last = 0
            for seed, (stream, size) in enumerate(batches):
                last = store.append(stream, new_events(size, seed=seed), k.stores.ANY_VERSION)[
                    -1
                ].position
            # A store may show committed events to the global log a moment later
            # (PostgreSQL waits for older transactions on the cluster), but never loses one.
            assert not last or store.wait(last - 1, 30)
            seen: list[k.events.StoredEvent] = []
            after = 0
            while chunk := store.read_all(after, page):
                assert len(chunk) <= page
                seen.extend(chunk)
                after = chunk[-1].position
            total = sum(size for _, size in batches)
            assert len(seen) == total
            assert _increasing([s.position for s in seen])
            assert store.head_position() == (seen[-1].position if seen else 0)
            for i, event in enumerate([None, *seen]):
                after = 0 if event is None else event.position
                assert store.count_after(after, 1000) == total - i
                assert store.count_after(after, 2) == min(2, total - i)
            for stream in ("group-a", "group-b", "forum-c"):
                mine = [s for s in seen if s.stream_id == stream]
                assert [s.stream_version for s in mine] == list(range(1, len(mine) + 1))
                assert store.read_stream(stream) == mine
        finally:
            store.close()  # one store per example: release it now

    def test_it_behaves_as_the_memory_store_step_by_step(self, fresh: NewStore) -> None:
        machine = make_store_machine(fresh)
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=settings().max_examples // 2 or 1,
                stateful_step_count=25,
                deadline=None,
                suppress_health_check=[HealthCheck.too_slow],
            ),
        )

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
        _on_the_log(store, max([shared[-1].position, *own]))
        log = store.read_all(0, 100_000)
        assert len(log) == 3 * writers * appends
        assert _increasing([s.position for s in log])
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
        _on_the_log(store, stored[-1].position)
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

    # -- stored events that cannot be decoded ---------------------------------------

    @pytest.mark.parametrize(
        ("event_type", "data", "problem"),
        [("NoSuchEvent", b"{}", "NoSuchEvent"), ("MemberLeft", b"{not json", "not valid JSON")],
    )
    def test_an_undecodable_event_says_where_it_is(
        self, store: EventStore, event_type: str, data: bytes, problem: str
    ) -> None:
        codec = k.events.Codec()
        good = []
        for event, n in zip(new_events(2), range(2), strict=True):
            left = k.events.MemberLeft(
                group_id=uuid.uuid4(),
                member_id=uuid.uuid4(),
                reason=k.values.LeaveReason.RESIGNED,
                left_on=dt.date(2024, 1, n + 1),
            )
            name, version, payload = codec.encode(left)
            good.append(
                k.events.NewEvent(
                    event_id=event.event_id,
                    event_type=name,
                    schema_version=version,
                    data=payload,
                    metadata=event.metadata,
                    recorded_at=event.recorded_at,
                )
            )
        store.append("group-x", good, k.stores.NO_STREAM)
        (bad,) = new_events(1, seed=5)
        bad = k.events.NewEvent(
            event_id=bad.event_id,
            event_type=event_type,
            schema_version=1,
            data=data,
            metadata=bad.metadata,
            recorded_at=bad.recorded_at,
        )
        _on_the_log(store, store.append("group-x", [bad], 2)[-1].position)
        first, second, third = store.read_all()
        keys = k.events.Keys.for_payloads(store.keys.get_many, [first.data, second.data])
        codec.decode(first, keys)
        codec.decode(second, keys)
        where = rf"stream 'group-x' version 3 position {third.position}"
        with pytest.raises(k.errors.EventDecodeError, match=rf"{where}.*{problem}"):
            codec.decode(third, keys)

    # -- keys and erasure ---------------------------------------------------------

    @staticmethod
    def _store_key(store: EventStore, subject: uuid.UUID) -> bytes:
        """A key made for *subject* by ``for_write``, stored by the append that carries it."""
        key = store.keys.for_write([subject]).new[subject]
        event = attrs.evolve(new_events(1)[0], keys={subject: key})
        store.append(f"keys-{subject}", [event], k.stores.NO_STREAM)
        return key

    def test_keys_are_made_once_per_subject(self, store: EventStore) -> None:
        subject = uuid.uuid4()
        assert store.keys.get(subject) is None
        assert not store.keys.is_known(subject)
        offered = store.keys.for_write([subject])
        assert len(offered.new[subject]) == 32
        assert store.keys.get(subject) is None  # nothing is stored until an append carries it
        key = self._store_key(store, subject)
        again = store.keys.for_write([subject])
        assert again.get(subject) == key == store.keys.get(subject)
        assert not again.new
        assert store.keys.for_write([uuid.uuid4()]).new.keys() != {subject}
        assert store.keys.is_known(subject)
        assert not store.keys.is_forgotten(subject)

    def test_a_second_key_for_a_subject_refuses_the_whole_append(self, store: EventStore) -> None:
        subject = uuid.uuid4()
        key = self._store_key(store, subject)
        other = attrs.evolve(new_events(1)[0], keys={subject: bytes(32)})
        with pytest.raises(k.errors.KeyConflict):
            store.append(f"other-{subject}", [other], k.stores.NO_STREAM)
        assert store.stream_version(f"other-{subject}") == 0
        assert store.keys.get(subject) == key

    def test_forgetting_destroys_the_key_with_the_append(self, store: EventStore) -> None:
        subject = uuid.uuid4()
        key = self._store_key(store, subject)
        with pytest.raises(k.errors.WrongExpectedVersion):
            store.append(f"subject-{subject}", new_events(1), 5, forget=[subject])
        assert store.keys.get(subject) == key  # the failed append destroyed nothing
        store.append(f"subject-{subject}", new_events(1), k.stores.NO_STREAM, forget=[subject])
        assert store.keys.get(subject) is None
        assert store.keys.is_forgotten(subject)
        assert store.keys.is_known(subject)
        assert subject in store.keys.forgotten()
        with pytest.raises(k.errors.SubjectForgotten):
            store.keys.for_write([subject])
        late = attrs.evolve(new_events(1)[0], keys={subject: key})
        with pytest.raises(k.errors.SubjectForgotten):
            store.append(f"late-{subject}", [late], k.stores.NO_STREAM)

    def test_the_domain_runs_on_it_as_on_memory(self, store: EventStore) -> None:
        here = k.Application(store)
        there = k.Application(k.MemoryStore())
        group_id, forum_id = demo.run_story(here)
        demo.run_story(there)
        assert here.group(group_id) == there.group(group_id)
        assert here.forum(forum_id) == there.forum(forum_id)
        for stream_id in {s.stream_id for s in there.store.read_all(0, 1000)}:
            _on_the_log(store, store.read_stream(stream_id)[-1].position)
        assert [s.event_type for s in store.read_all(0, 1000)] == [
            s.event_type for s in there.store.read_all(0, 1000)
        ]
        formed = here.history(k.PartyRef(kind=k.PartyKind.GROUP, id=group_id))[0].event
        assert isinstance(formed, k.events.GroupFormed)
        assert (
            sum(k.personal.is_redacted(f.name) for f in formed.founders) == 1
        )  # the demo forgets one

    # -- snapshots ----------------------------------------------------------------

    def test_a_snapshot_is_kept_until_a_later_one_replaces_it(self, store: EventStore) -> None:
        assert store.load_snapshot("group-x") is None

        def snap(version: int, data: bytes) -> k.stores.Snapshot:
            return k.stores.Snapshot(
                stream_id="group-x",
                stream_version=version,
                state_type="GroupState",
                schema_version=1,
                data=data,
            )

        store.save_snapshot(snap(5, b'{"v":5}'))
        assert store.load_snapshot("group-x") == snap(5, b'{"v":5}')
        store.save_snapshot(snap(3, b'{"v":3}'))  # older: ignored
        assert store.load_snapshot("group-x") == snap(5, b'{"v":5}')
        store.save_snapshot(snap(9, b'{"v":9}'))
        assert store.load_snapshot("group-x") == snap(9, b'{"v":9}')
        assert store.load_snapshot("group-y") is None
        with pytest.raises(k.errors.InvalidStoreArgument, match="stream_version"):
            snap(0, b"{}")  # a snapshot of no events

    @_KIT_SETTINGS
    @given(steps=st.lists(st.one_of(st.integers(1, 3), st.just("snapshot")), max_size=8))
    def test_reading_from_the_snapshot_gives_the_snapshot_and_the_events_after_it(
        self, fresh: NewStore, steps: list[int | str]
    ) -> None:
        store = fresh()
        try:
            version = 0
            for seed, step in enumerate(steps):
                if step == "snapshot" and version:
                    store.save_snapshot(
                        k.stores.Snapshot(
                            stream_id="group-x",
                            stream_version=version,
                            state_type="GroupState",
                            schema_version=1,
                            data=b'{"v":%d}' % version,
                        )
                    )
                elif isinstance(step, int):
                    store.append("group-x", new_events(step, seed=seed), version)
                    version += step
            snapshot = store.load_snapshot("group-x")
            since = 0 if snapshot is None else snapshot.stream_version
            expected = (snapshot, store.read_stream("group-x", since + 1))
            assert store.read_from_snapshot("group-x") == expected
            assert store.read_from_snapshot("group-none") == (None, [])
        finally:
            store.close()

    def test_reading_with_keys_gives_the_read_and_its_subjects_keys(
        self, store: EventStore
    ) -> None:
        app = k.Application(store, snapshot_every={k.PartyKind.GROUP: 4})
        group_id, _ = demo.run_story(app)
        app.load(k.PartyRef(kind=k.PartyKind.GROUP, id=group_id))  # takes a snapshot
        streams = {s.stream_id for s in store.read_all(0, 10_000)} | {"group-none"}
        for stream_id in sorted(streams):
            snapshot, tail = store.read_from_snapshot(stream_id)
            payloads = [s.data for s in tail] + ([snapshot.data] if snapshot else [])
            expected = k.events.Keys.for_payloads(store.keys.get_many, payloads)
            assert store.read_with_keys(stream_id) == (snapshot, tail, expected)

    def test_loading_from_a_snapshot_equals_a_full_replay(self, store: EventStore) -> None:
        every = {k.PartyKind.GROUP: 3, k.PartyKind.FORUM: 1}
        with_snapshots = k.Application(store, snapshot_every=every)
        group_id, _ = demo.run_story(with_snapshots)
        group = k.PartyRef(kind=k.PartyKind.GROUP, id=group_id)
        first = with_snapshots.load(group)  # takes a snapshot
        assert store.load_snapshot(k.domain.stream_id_for(group)) is not None
        again = with_snapshots.load(group)  # starts from it
        plain = k.Application(store)
        plain.repository.snapshot_every = {}
        replayed = [r.event for r in plain.history(group)]
        assert first == again == (group_state.fold(replayed), len(replayed))
