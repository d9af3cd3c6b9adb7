"""The in-memory event store: thread-safe, for tests, demos and short-lived processes."""

from __future__ import annotations

import threading
import uuid

from kimcore._closing import Closing
from kimcore.adapters._checked import Append, CheckedReads
from kimcore.adapters.keys import MemoryKeyStore, new_keys_of
from kimcore.application.ports.store import (
    ANY_VERSION,
    Snapshot,
    read_with_keys_in_parts,
    stored_events,
)
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import DuplicateEventId, WrongExpectedVersion

__all__ = ["MemoryStore"]


class MemoryStore(CheckedReads[MemoryKeyStore], Closing):
    """An event store held in this process's memory.

    One lock guards every write, so the global log is in commit order by construction; reads take
    the same lock and see a consistent snapshot. Its
    [`MemoryKeyStore`][kimcore.stores.MemoryKeyStore] holds the subjects' keys.
    """

    def __init__(self) -> None:
        self._keys = MemoryKeyStore()
        self._lock = threading.Lock()
        self._appended = threading.Condition(self._lock)
        self._log: list[StoredEvent] = []
        self._streams: dict[str, list[StoredEvent]] = {}
        self._event_ids: dict[uuid.UUID, StoredEvent] = {}
        self._snapshots: dict[str, Snapshot] = {}
        # The index of causation ids (command ids): what ``recorded_by`` answers from.
        self._caused: dict[tuple[str, uuid.UUID], list[StoredEvent]] = {}

    def _write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Append the events atomically after checking the version; destroy *forget*'s keys."""
        stream_id, events, expected_version, forget = append
        with self._lock:
            stream = self._streams.get(stream_id, [])
            version = len(stream)
            if expected_version not in (ANY_VERSION, version):
                raise WrongExpectedVersion(stream_id, expected_version, version)
            for event in events:
                existing = self._event_ids.get(event.event_id)
                if existing is not None:
                    raise DuplicateEventId(event.event_id, existing.where)
            self._keys.write(new_keys_of(events, forget))
            position = len(self._log)
            stored = stored_events(stream_id, events, version, position)
            if stored:
                self._streams[stream_id] = [*stream, *stored]
                self._log.extend(stored)
                for item in stored:
                    self._event_ids[item.event_id] = item
                    cause = item.metadata.causation_id
                    if cause is not None:
                        self._caused.setdefault((stream_id, cause), []).append(item)
            for subject in forget:
                self._keys.destroy(subject)
            if stored:
                self._appended.notify_all()
            return stored

    def _stream(self, stream_id: str, from_version: int, limit: int | None) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on."""
        with self._lock:
            stream = self._streams.get(stream_id, [])
            end = None if limit is None else from_version - 1 + limit
            return stream[from_version - 1 : end]

    def _page(self, after: int, limit: int) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``."""
        with self._lock:
            # Positions are 1-based and dense, so position p sits at index p - 1.
            return self._log[after : after + limit]

    def _version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        with self._lock:
            return len(self._streams.get(stream_id, ()))

    def head_position(self) -> int:
        """The last position (0 when empty)."""
        with self._lock:
            return len(self._log)

    def _count_after(self, after: int, limit: int) -> int:
        """Events past *after*, at most *limit* (positions are dense here)."""
        with self._lock:
            return max(0, min(limit, len(self._log) - after))

    def _save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        with self._lock:
            kept = self._snapshots.get(snapshot.stream_id)
            if kept is None or kept.stream_version < snapshot.stream_version:
                self._snapshots[snapshot.stream_id] = snapshot

    def _snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        with self._lock:
            return self._snapshots.get(stream_id)

    def _from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it."""
        with self._lock:
            snapshot = self._snapshots.get(stream_id)
            since = 0 if snapshot is None else snapshot.stream_version
            return snapshot, list(self._streams.get(stream_id, ())[since:])

    def read_with_keys(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """The stream's latest snapshot, the events after it, and their subjects' keys."""
        return read_with_keys_in_parts(self, stream_id)

    def _recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, from the index."""
        with self._lock:
            return list(self._caused.get((stream_id, command_id), ()))

    def wait(self, after: int, timeout: float) -> bool:
        """Block until the head passes *after*, or *timeout* seconds pass."""
        with self._lock:
            return self._appended.wait_for(lambda: len(self._log) > after, timeout)

    def erasure_pending(self) -> bool:
        """Never: a destroyed key is gone from memory at once."""
        return False

    def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Nothing to wait for."""
        return True

    def close(self) -> None:
        """Wake any waiter; the events stay readable."""
        with self._lock:
            self._appended.notify_all()
