"""What every synchronous store says alike: its keys, an append checked before it writes, a wait.

``MemoryStore``, ``SqliteStore`` and ``PostgresStore`` state the port's ``append`` here, once: it
checks the arguments (``check_append_args``) and hands them, as one ``Append``, to the store's own
``_write``. ``SqliteStore`` and
``PostgresStore`` wait for the head to move with `wait_past`, each pausing its own way between
looks.
"""

from __future__ import annotations

import abc
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from kimcore.application.ports.store import (
    DEFAULT_PAGE_SIZE,
    Snapshot,
    check_append_args,
    check_read_all_args,
    check_read_stream_args,
    check_recorded_by_args,
    check_snapshot_args,
)
from kimcore.events.envelope import NewEvent, StoredEvent

__all__ = ["Append", "CheckedReads", "CheckedStore", "Following", "wait_past"]

K = TypeVar("K")


class Append(NamedTuple):
    """An append's arguments, checked: what a store writes in one atomic step."""

    stream_id: str
    events: Sequence[NewEvent]
    expected_version: int
    forget: Collection[uuid.UUID]


class CheckedStore(abc.ABC, Generic[K]):
    """A synchronous store's ``keys`` and ``append``; a subclass sets ``_keys`` and writes."""

    _keys: K

    @property
    def keys(self) -> K:
        """The subjects' keys, kept where the store keeps its events."""
        return self._keys

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[StoredEvent, ...]:
        """Append *events* to *stream_id* atomically after checking *expected_version*.

        The keys of the subjects in *forget* are destroyed in the same write
        ([`EventStore.append`][kimcore.stores.EventStore.append] says the whole contract).
        """
        return self._write(self._check(Append(stream_id, events, expected_version, forget)))

    def _check(self, append: Append) -> Append:
        """*append* checked as the port says, its events a tuple (see `check_append_args`).

        A store with a bound of its own checks that too.
        """
        events, forget = check_append_args(*append)
        return Append(append.stream_id, events, append.expected_version, forget)

    @abc.abstractmethod
    def _write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Record *append* (its arguments checked) in one atomic step."""


class CheckedReads(CheckedStore[K]):
    """A store that reads in its own hooks what the port's checks let through.

    ``MemoryStore`` and ``SqliteStore`` check each read's arguments here, as the port's
    ``check_…_args`` say, and then ask their hook of the same subject (``_stream``, ``_page``…);
    ``PostgresStore`` checks in the flows both PostgreSQL stores share.
    """

    def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on, at most *limit* (checked, then read)."""
        check_read_stream_args(stream_id, from_version, limit)
        return self._stream(stream_id, from_version, limit)

    def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``."""
        check_read_all_args(after, limit)
        return self._page(after, limit)

    def stream_version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        check_read_stream_args(stream_id, 1, None)
        return self._version(stream_id)

    def count_after(self, after: int, limit: int) -> int:
        """Events past *after*, at most *limit*."""
        check_read_all_args(after, limit)
        return self._count_after(after, limit)

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        check_snapshot_args(snapshot)
        self._save_snapshot(snapshot)

    def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        check_read_stream_args(stream_id, 1, None)
        return self._snapshot(stream_id)

    def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it."""
        check_read_stream_args(stream_id, 1, None)
        return self._from_snapshot(stream_id)

    def recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, found by the index."""
        check_recorded_by_args(stream_id, command_id)
        return self._recorded_by(stream_id, command_id)

    @abc.abstractmethod
    def _stream(self, stream_id: str, from_version: int, limit: int | None) -> list[StoredEvent]:
        """``read_stream``, its arguments checked."""

    @abc.abstractmethod
    def _page(self, after: int, limit: int) -> list[StoredEvent]:
        """``read_all``, its arguments checked."""

    @abc.abstractmethod
    def _version(self, stream_id: str) -> int:
        """``stream_version``, its argument checked."""

    @abc.abstractmethod
    def _count_after(self, after: int, limit: int) -> int:
        """``count_after``, its arguments checked."""

    @abc.abstractmethod
    def _save_snapshot(self, snapshot: Snapshot) -> None:
        """``save_snapshot``, its argument checked."""

    @abc.abstractmethod
    def _snapshot(self, stream_id: str) -> Snapshot | None:
        """``load_snapshot``, its argument checked."""

    @abc.abstractmethod
    def _from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """``read_from_snapshot``, its argument checked."""

    @abc.abstractmethod
    def _recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """``recorded_by``, its arguments checked."""


class Following(Protocol):
    """A store `wait_past` can watch: its head, and whether it was closed."""

    @property
    def _closed(self) -> bool:
        """Whether the store was closed."""
        ...

    def head_position(self) -> int:
        """The position of the last event on the global log."""
        ...


def wait_past(
    store: Following, after: int, timeout: float, pause: Callable[[float], object]
) -> bool:
    """Whether *store*'s head passes *after* within *timeout* seconds (a store's ``wait``).

    Between looks *pause* waits at most the time left, woken early where the store can (a
    notification, an append in this process); a store closed meanwhile ends the wait.
    """
    deadline = time.monotonic() + timeout
    while True:
        if store.head_position() > after:
            return True
        remaining = deadline - time.monotonic()
        if remaining <= 0 or store._closed:
            return False
        pause(remaining)
