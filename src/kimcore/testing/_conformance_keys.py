"""The conformance kit's cases of subjects' keys, erasure and snapshots.

Part of [`EventStoreContract`][kimcore.testing.conformance.EventStoreContract]: a key is made
once per subject and destroyed with the append that forgets it; a snapshot is kept until a later
one replaces it, and reading from it equals a full replay.
"""

from __future__ import annotations

import uuid

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore import demo
from kimcore.application.ports.store import EventStore
from kimcore.domain import group_state
from kimcore.testing._store_cases import KIT_SETTINGS, NewStore, StoreCases, on_the_log
from kimcore.testing.store_machine import new_events

__all__ = ["KeyAndSnapshotCases"]


class KeyAndSnapshotCases(StoreCases):
    """Keys, erasure, the domain on the store, and snapshots, for every store."""

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

    def test_subjects_to_forget_from_a_generator_are_all_forgotten(self, store: EventStore) -> None:
        subjects = [uuid.uuid4() for _ in range(3)]
        for subject in subjects:
            self._store_key(store, subject)
        # Outside the types (a Collection), as an untyped caller may: read once, still all of them.
        gone = (s for s in subjects)
        store.append("erasure", [], k.stores.ANY_VERSION, forget=gone)  # type: ignore[arg-type]
        assert all(store.keys.is_forgotten(subject) for subject in subjects)

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
            on_the_log(store, store.read_stream(stream_id)[-1].position)
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

    @KIT_SETTINGS
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
