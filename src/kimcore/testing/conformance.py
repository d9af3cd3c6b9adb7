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
import uuid
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import run_state_machine_as_test

import kimcore as k
from kimcore.application.ports.store import EventStore
from kimcore.testing._conformance_following import FollowingCases
from kimcore.testing._conformance_keys import KeyAndSnapshotCases
from kimcore.testing._store_cases import KIT_SETTINGS, NewStore, increasing, on_the_log
from kimcore.testing.conformance_commands import CommandIndexCases
from kimcore.testing.store_machine import make_store_machine, new_events

__all__ = ["EventStoreContract", "new_events"]

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


class EventStoreContract(FollowingCases, KeyAndSnapshotCases, CommandIndexCases):
    """The behaviour every [`EventStore`][kimcore.stores.EventStore] shares: give ``new_store``.

    Here: appending, reading and events that cannot be decoded. With
    [`CommandIndexCases`][kimcore.testing.conformance_commands.CommandIndexCases]: the index of
    command ids, bad arguments and damaged payloads; and, from the kit's private modules,
    concurrent writers and subscriptions, subjects' keys and erasure, and snapshots. The
    ``fresh`` fixture (like ``new_store``, closing every store it made) and ``store`` (one
    fresh store) are there for an adopter's own cases.
    """

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
        assert increasing([s.position for s in stored])
        assert [s.event_id for s in stored] == [e.event_id for e in batch]
        assert store.read_stream("group-x") == list(stored)
        on_the_log(store, stored[-1].position)
        assert store.read_all() == list(stored)
        assert (store.stream_version("group-x"), store.head_position()) == (3, stored[-1].position)

    def test_a_batch_from_a_generator_is_written_whole(self, store: EventStore) -> None:
        # Outside the types (a Sequence), as an untyped caller may: read once by the checks, a
        # generator must still give the write every event.
        batch = new_events(3)
        stored = store.append("group-x", (e for e in batch), 0)  # type: ignore[arg-type]
        assert [s.event_id for s in stored] == [e.event_id for e in batch]
        assert [s.event_id for s in store.read_stream("group-x")] == [e.event_id for e in batch]

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
        on_the_log(store, first[-1].position)
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
        on_the_log(store, store.append("group-a", first, k.stores.NO_STREAM)[-1].position)
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
            (lambda s: s.append("s", None, 0), "events"),
            (lambda s: s.append("s", [], 0, forget=5), "forget"),
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

    @KIT_SETTINGS
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

    @KIT_SETTINGS
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
            assert increasing([s.position for s in seen])
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
        on_the_log(store, store.append("group-x", [bad], 2)[-1].position)
        first, second, third = store.read_all()
        keys = k.events.Keys.for_payloads(store.keys.get_many, [first.data, second.data])
        codec.decode(first, keys)
        codec.decode(second, keys)
        where = rf"stream 'group-x' version 3 position {third.position}"
        with pytest.raises(k.errors.EventDecodeError, match=rf"{where}.*{problem}"):
            codec.decode(third, keys)
