"""Loading groups and forums from their streams, with a cache for deciding.

Two ways to load:

- [`Repository.load`][kimcore.application.repository.Repository.load] reads the whole stream and
  opens personal fields with the store's keys: what a caller shows a person.
- [`Repository.for_decision`][kimcore.application.repository.Repository.for_decision] serves the
  application service. No rule of the domain reads a name or a contact, so it decodes *without*
  keys: personal fields are ``REDACTED``, no key is fetched, nothing is decrypted, and no plaintext
  stays in memory. Its states are kept in a bounded LRU cache with their stream version; the
  service appends with that version, so a stale entry costs one optimistic-concurrency conflict and
  a reload of the tail.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from kimcore.application import flow
from kimcore.application.flow import Flow, run
from kimcore.application.ports.store import EventStore, Snapshot
from kimcore.application.snapshots import SnapshotCodec
from kimcore.domain.deciders import Decider, Deciders
from kimcore.domain.errors import InvalidValue
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import StoreError
from kimcore.vocabulary.personal import redact_all

__all__ = ["SNAPSHOT_EVERY", "Repository", "State"]

# Without a ``snapshot_every`` of its own, loading an aggregate whose state can be
# snapshotted takes a snapshot once this many events are past the last one.
SNAPSHOT_EVERY = 200

# A state is whatever its decider folds (GroupState, ForumState, a plugin's), or None.
State = Any
T = TypeVar("T")


class Repository:
    """Reads parties' states from an event store; holds the cache for deciding.

    Each read is a flow (`kimcore.application.flow`): the methods ending in
    ``_flow`` yield the store calls they need, and the plain methods run them on
    *store*, a sync store. An [`AsyncApplication`][kimcore.AsyncApplication]
    makes its repository without one and awaits the same flows on its async
    store. The cache is safe to share between threads (one lock guards it).
    """

    def __init__(
        self,
        store: EventStore | None,
        codec: Codec,
        *,
        deciders: Deciders,
        cache_size: int = 1000,
        snapshot_every: Mapping[Any, int] | None = None,
    ) -> None:
        if cache_size < 0:
            raise InvalidValue("cache_size", f"must be >= 0, got {cache_size}")
        if snapshot_every is None:
            snapshot_every = {d.kind: SNAPSHOT_EVERY for d in deciders if d.state_type is not None}
        # Keyed by kind name; a PartyKind stands for its value.
        every = {getattr(k, "value", k): count for k, count in snapshot_every.items()}
        for kind, count in every.items():
            if count < 1:
                raise InvalidValue("snapshot_every", f"{kind}: must be >= 1, got {count}")
        self.store = store
        self.codec = codec
        self.deciders = deciders
        self.cache_size = cache_size
        self.snapshot_every = every
        self.snapshots = SnapshotCodec(deciders)
        self._cache: OrderedDict[str, tuple[State, int]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def _run(self, work: Flow[T]) -> T:
        if self.store is None:
            raise StoreError("this repository has no sync store: await its flows on an async one")
        return run(work, self.store)

    def prefetch_keys(self, stored: Sequence[StoredEvent]) -> Keys:
        """The keys that *stored* events were sealed with, fetched in one round trip."""
        return self._run(flow.keys_for([s.data for s in stored]))

    def decode(self, stored: Sequence[StoredEvent], keys: Keys | None) -> list[Event]:
        """The events of *stored*, personal fields opened with *keys* (or REDACTED)."""
        return [self.codec.decode_event(s, keys) for s in stored]

    def _start(
        self, stream_id: str, *, with_keys: bool
    ) -> Flow[tuple[State, int, list[StoredEvent], Keys | None]]:
        """The state of the stream's usable snapshot, its version, the tail after it, and keys.

        ``(None, 0, whole stream, keys)`` when there is no usable snapshot.
        With *with_keys*, the store reads the keys of the snapshot and the tail
        with them (``EventStore.read_with_keys``).
        """
        keys: Keys | None = None
        if with_keys:
            snapshot, tail, keys = yield from flow.read_with_keys(stream_id)
        else:
            snapshot, tail = yield from flow.read_from_snapshot(stream_id)
        if snapshot is None:
            return None, 0, tail, keys
        state = self.snapshots.decode(snapshot, keys)
        if state is None:  # unusable: replay the events it stood for as well
            head = yield from flow.read_stream(stream_id, 1, snapshot.stream_version)
            if with_keys:
                keys = yield from flow.keys_for([s.data for s in head + tail])
            return None, 0, head + tail, keys
        return state, snapshot.stream_version, tail, keys

    def load(self, decider: Decider, aggregate_id: uuid.UUID) -> tuple[State, int]:
        """The aggregate's state with its personal data, and its stream version.

        Starts from the latest usable snapshot and reads only the tail; takes
        a new snapshot when the tail is at least ``snapshot_every`` long.
        """
        return self._run(self.load_flow(decider, aggregate_id))

    def load_flow(self, decider: Decider, aggregate_id: uuid.UUID) -> Flow[tuple[State, int]]:
        """`load` as a flow."""
        stream_id = decider.stream_id(aggregate_id)
        state, since, tail, keys = yield from self._start(stream_id, with_keys=True)
        if since == 0:
            state = decider.initial
        state = decider.fold(self.decode(tail, keys), state)
        version = tail[-1].stream_version if tail else since
        every = self.snapshot_every.get(decider.kind)
        if every and state is not None and version - since >= every:
            snapshot = yield from self.snapshot_flow(stream_id, version, state)
            yield from flow.save_snapshot(snapshot)
        return state, version

    def snapshot_of(self, stream_id: str, version: int, state: Any) -> Snapshot:
        """A snapshot of *state*, sealed with the subjects' stored keys."""
        return self._run(self.snapshot_flow(stream_id, version, state))

    def snapshot_flow(self, stream_id: str, version: int, state: Any) -> Flow[Snapshot]:
        """`snapshot_of` as a flow."""
        data = self.snapshots.converter.unstructure(state)
        keys = yield from flow.get_many(self.snapshots.subjects(state, data))
        return self.snapshots.seal(stream_id, version, state, data, keys)

    def take_snapshot(self, decider: Decider, aggregate_id: uuid.UUID) -> Snapshot | None:
        """Snapshot the aggregate now (``None`` for one with no events)."""
        return self._run(self.take_snapshot_flow(decider, aggregate_id))

    def take_snapshot_flow(
        self, decider: Decider, aggregate_id: uuid.UUID
    ) -> Flow[Snapshot | None]:
        """`take_snapshot` as a flow."""
        state, version = yield from self.load_flow(decider, aggregate_id)
        if state is None:
            return None
        snapshot = yield from self.snapshot_flow(decider.stream_id(aggregate_id), version, state)
        yield from flow.save_snapshot(snapshot)
        return snapshot

    def for_decision(
        self, decider: Decider, aggregate_id: uuid.UUID, *, trust_cache: bool
    ) -> tuple[State, int, bool]:
        """The party's state without personal data, its version, and whether it is unchecked.

        The third value is true when the state came from the cache without a
        read: with *trust_cache* a cached state is returned as it is (the
        caller's append checks its version); otherwise only the events after
        it are read.
        """
        return self._run(self.for_decision_flow(decider, aggregate_id, trust_cache=trust_cache))

    def for_decision_flow(
        self, decider: Decider, aggregate_id: uuid.UUID, *, trust_cache: bool
    ) -> Flow[tuple[State, int, bool]]:
        """`for_decision` as a flow."""
        stream_id = decider.stream_id(aggregate_id)
        with self._cache_lock:
            cached = self._cache.get(stream_id)
            if cached is not None:
                self._cache.move_to_end(stream_id)
        if cached is not None:
            if trust_cache:
                return cached[0], cached[1], True
            state, version = cached
            tail = yield from flow.read_stream(stream_id, version + 1)
        else:
            state, version, tail, _ = yield from self._start(stream_id, with_keys=False)
            if version == 0:
                state = decider.initial
        if tail:
            state = decider.fold(self.decode(tail, None), state)
            version = tail[-1].stream_version
        self._remember(stream_id, state, version)
        return state, version, False

    def recorded(
        self,
        decider: Decider,
        aggregate_id: uuid.UUID,
        state: State,
        version: int,
        events: Sequence[Event],
    ) -> None:
        """Advance the cached state by the *events* just appended after *version*."""
        # The events came from a command and may carry plaintext: the cached
        # state is keyless, so redacting what goes into it keeps it so.
        state = decider.fold([redact_all(event) for event in events], state)
        self._remember(decider.stream_id(aggregate_id), state, version + len(events))

    def _remember(self, stream_id: str, state: State, version: int) -> None:
        if not self.cache_size or state is None:
            return
        with self._cache_lock:
            known = self._cache.get(stream_id)
            if known is not None and known[1] > version:
                return  # another thread cached a later version meanwhile
            self._cache[stream_id] = (state, version)
            self._cache.move_to_end(stream_id)
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)
