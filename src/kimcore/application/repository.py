"""Loading groups and forums from their streams, with a cache for deciding.

Two ways to load:

- :meth:`Repository.load` reads the whole stream and opens personal fields
  with the store's keys: what a caller shows a person.
- :meth:`Repository.for_decision` serves the application service. No rule of
  the domain reads a name or a contact, so it decodes *without* keys: personal
  fields are ``REDACTED``, no key is fetched, nothing is decrypted, and no
  plaintext stays in memory. Its states are kept in a bounded LRU cache with
  their stream version; the service appends with that version, so a stale
  entry costs one optimistic-concurrency conflict and a reload of the tail.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence

from kimcore.adapters.port import EventStore
from kimcore.domain import forum, group_state
from kimcore.domain.errors import InvalidValue
from kimcore.domain.forum import ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import stream_id_for
from kimcore.domain.personal import redact_all
from kimcore.domain.values import PartyKind, PartyRef
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.events.protection import KeyLookup, PrefetchedKeys, subjects_in

__all__ = ["Repository", "State"]

State = GroupState | ForumState | None


def _evolver(party: PartyRef) -> Callable[[State, Event], GroupState | ForumState]:
    if party.kind is PartyKind.GROUP:
        return group_state.evolve  # type: ignore[return-value]
    if party.kind is PartyKind.FORUM:
        return forum.evolve  # type: ignore[return-value]
    raise InvalidValue("party", f"a {party.kind.value} has no stream in kimcore")


class Repository:
    """Reads parties' states from an event store."""

    def __init__(self, store: EventStore, codec: Codec, *, cache_size: int = 1000) -> None:
        if cache_size < 0:
            raise InvalidValue("cache_size", f"must be >= 0, got {cache_size}")
        self.store = store
        self.codec = codec
        self.cache_size = cache_size
        self._cache: OrderedDict[str, tuple[State, int]] = OrderedDict()

    def prefetch_keys(self, stored: Sequence[StoredEvent]) -> PrefetchedKeys:
        """The keys that *stored* events were sealed with, fetched in one round trip."""
        return PrefetchedKeys(self.store.keys.get_many(subjects_in(s.data for s in stored)))

    def decode(self, stored: Sequence[StoredEvent], keys: KeyLookup | None) -> list[Event]:
        """The events of *stored*, personal fields opened with *keys* (or REDACTED)."""
        return [
            self.codec.decode_payload(
                s.event_type, s.schema_version, s.data, where=s.where, keys=keys
            )
            for s in stored
        ]

    def load(self, party: PartyRef) -> tuple[State, int]:
        """The party's state with its personal data, and its stream version."""
        evolve = _evolver(party)
        stored = self.store.read_stream(stream_id_for(party))
        state: State = None
        for event in self.decode(stored, self.prefetch_keys(stored)):
            state = evolve(state, event)
        return state, (stored[-1].stream_version if stored else 0)

    def for_decision(self, party: PartyRef, *, trust_cache: bool) -> tuple[State, int, bool]:
        """The party's state without personal data, its version, and whether it is unchecked.

        The third value is true when the state came from the cache without a
        read: with *trust_cache* a cached state is returned as it is (the
        caller's append checks its version); otherwise only the events after
        it are read.
        """
        evolve = _evolver(party)
        stream_id = stream_id_for(party)
        cached = self._cache.get(stream_id)
        if cached is not None:
            self._cache.move_to_end(stream_id)
            if trust_cache:
                return cached[0], cached[1], True
        state, version = cached if cached is not None else (None, 0)
        tail = self.store.read_stream(stream_id, version + 1)
        for event in self.decode(tail, None):
            state = evolve(state, event)
        if tail:
            version = tail[-1].stream_version
        self._remember(stream_id, state, version)
        return state, version, False

    def recorded(
        self, party: PartyRef, state: State, version: int, events: Sequence[Event]
    ) -> None:
        """Advance the cached state by the *events* just appended after *version*."""
        evolve = _evolver(party)
        for event in events:
            state = evolve(state, event)
        # The events came from a command and may carry plaintext: keep none of it.
        self._remember(stream_id_for(party), redact_all(state), version + len(events))

    def _remember(self, stream_id: str, state: State, version: int) -> None:
        if not self.cache_size or state is None:
            return
        self._cache[stream_id] = (state, version)
        self._cache.move_to_end(stream_id)
        while len(self._cache) > self.cache_size:
            self._cache.popitem(last=False)

    def forget_cached(self) -> None:
        """Empty the cache."""
        self._cache.clear()
