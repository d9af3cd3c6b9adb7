"""The async ports: the event store and key store, as an asyncio app awaits them.

They mirror [`EventStore`][kimcore.stores.EventStore] and [`KeyStore`][kimcore.stores.KeyStore]
method for method, with the same arguments, results, errors and guarantees; only the calls that
may wait on I/O are coroutines. [`erasure_pending`][kimcore.stores.AsyncEventStore.erasure_pending]
stays a plain method: it reads what the store knows already.

Like psycopg's ``AsyncConnection`` beside its ``Connection``, an async store is a sibling of a sync
one, not a wrapper around it: the SQL, the row formats and the argument checks are shared, and
each store of one kind reads what the other wrote (they may serve one database together). The
domain stays synchronous and pure — deciders, codec and folds are the same objects for both —
so nothing of it is written twice.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from typing import Protocol, Self

from kimcore.application.ports.store import DEFAULT_PAGE_SIZE, Snapshot
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys

__all__ = ["AsyncEventStore", "AsyncKeyStore"]


class AsyncKeyStore(Protocol):
    """Per-subject keys for personal data, awaited: see [`KeyStore`][kimcore.stores.KeyStore]."""

    async def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's stored key, or ``None`` when forgotten or never made."""
        ...

    async def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The stored keys of those *subjects* that have one, in one round trip."""
        ...

    async def for_write(self, subjects: Collection[uuid.UUID]) -> Keys:
        """The keys an append of events about *subjects* seals with (see ``KeyStore``)."""
        ...

    async def is_known(self, subject: uuid.UUID) -> bool:
        """Whether the store holds, or held, a key for the subject."""
        ...

    async def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the subject's key was destroyed."""
        ...

    async def forgotten(self) -> list[uuid.UUID]:
        """Every subject whose key was destroyed (the tombstones)."""
        ...


class AsyncEventStore(Protocol):
    """An append-only log of streams, awaited: see [`EventStore`][kimcore.stores.EventStore].

    Closed by ``await store.aclose()`` or ``async with store:``.
    """

    @property
    def keys(self) -> AsyncKeyStore:
        """The per-subject keys that seal personal data in this store's events."""
        ...

    async def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[StoredEvent, ...]:
        """Append *events* to *stream_id* atomically, destroying *forget*'s keys with them.

        A caller cancelled while awaiting may or may not have appended (the
        write may have reached the database): a command sent again with the
        same ``command_id`` finds out without recording twice.
        """
        ...

    async def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on, at most *limit* of them."""
        ...

    async def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """A page of the global log: at most *limit* events with ``position > after``."""
        ...

    async def stream_version(self, stream_id: str) -> int:
        """The version of *stream_id* (0 when it has no events)."""
        ...

    async def head_position(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        ...

    async def count_after(self, after: int, limit: int) -> int:
        """How many events ``read_all(after, …)`` has still to give, counting at most *limit*."""
        ...

    async def wait(self, after: int, timeout: float) -> bool:
        """Until an event past *after* can be read (``True``) or *timeout* seconds pass.

        Waits without holding a thread or a pooled connection.
        """
        ...

    async def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless the stream has one of a later version already."""
        ...

    async def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot, if any."""
        ...

    async def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it (all of them when none)."""
        ...

    async def read_with_keys(
        self, stream_id: str
    ) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """As ``read_from_snapshot``, with the keys of every subject sealed in what it returns."""
        ...

    async def recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, found by the index."""
        ...

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's bytes may still be read from the store's files."""
        ...

    async def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Until `erasure_pending` is false (``True``), or *timeout* seconds pass."""
        ...

    async def __aenter__(self) -> Self:
        """The store itself, closed when the ``async with`` block ends."""
        ...

    async def __aexit__(self, *exc_info: object) -> None:
        """Close the store."""
        ...

    async def aclose(self) -> None:
        """Release the store's resources (closing twice does no harm)."""
        ...
