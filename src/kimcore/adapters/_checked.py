"""What every synchronous store says alike: its keys, an append checked before it writes, a wait.

``MemoryStore``, ``SqliteStore`` and ``PostgresStore`` take the port's ``append`` here, once
(`by_record`: its parameters are the port's): it checks the arguments (``check_append_args``) and
hands them, as one ``Append``, to the store's own ``_write``. ``SqliteStore`` and
``PostgresStore`` wait for the head to move with `wait_past`, each pausing its own way between
looks.
"""

from __future__ import annotations

import abc
import time
import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Generic, NamedTuple, Protocol, TypeVar

from kimcore.adapters._port_calls import by_record
from kimcore.application.ports.store import EventStore, check_append_args
from kimcore.events.envelope import NewEvent, StoredEvent

__all__ = ["Append", "CheckedStore", "Following", "wait_past"]

K = TypeVar("K")


class Append(NamedTuple):
    """An append's arguments, checked: what a store writes in one atomic step."""

    stream_id: str
    events: Sequence[NewEvent]
    expected_version: int
    forget: Collection[uuid.UUID] = ()


class CheckedStore(abc.ABC, Generic[K]):
    """A synchronous store's ``keys`` and ``append``; a subclass sets ``_keys`` and writes."""

    _keys: K

    @property
    def keys(self) -> K:
        """The subjects' keys, kept where the store keeps its events."""
        return self._keys

    append = by_record(EventStore.append, Append, "_check_and_write")
    """Append *events* to *stream_id* atomically after checking the arguments.

    The keys of the subjects in *forget* are destroyed in the same write
    ([`EventStore.append`][kimcore.stores.EventStore.append] says the whole contract).
    """

    def _check_and_write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Check *append*, then write it."""
        self._check(append)
        return self._write(append)

    def _check(self, append: Append) -> None:
        """The port's checks of *append*; a store with a bound of its own checks that first."""
        check_append_args(*append)

    @abc.abstractmethod
    def _write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Record *append* (its arguments checked) in one atomic step."""


class Following(Protocol):
    """A store `wait_past` can watch: its head, and whether it was closed."""

    _closed: bool

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
