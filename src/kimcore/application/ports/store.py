"""The event store port: what every store (memory, SQLite, PostgreSQL, a plugin's) implements.

Streams are versioned from 1; the global log is numbered by ``position``, which increases in the
order readers see commits. ``expected_version`` is the stream's current version as the writer last
saw it: [`NO_STREAM`][kimcore.application.ports.store.NO_STREAM] (0) when the stream must not exist
yet, or [`ANY_VERSION`][kimcore.application.ports.store.ANY_VERSION] to skip the check.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator, Sequence
from typing import Any, Final, Protocol, Self, cast

import attrs

from kimcore.application.ports.keys import KeyStore
from kimcore.events._batch_checks import batch_problem
from kimcore.events.envelope import NewEvent, StoredEvent, stored_event
from kimcore.events.envelope_checks import text_problem
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import InvalidStoreArgument

__all__ = [
    "ANY_VERSION",
    "DEFAULT_PAGE_SIZE",
    "NO_STREAM",
    "EventStore",
    "Snapshot",
    "after_snapshot",
    "batch_of",
    "check_append_args",
    "check_read_all_args",
    "check_read_stream_args",
    "check_recorded_by_args",
    "check_snapshot_args",
    "cut_at",
    "read_with_keys_in_parts",
    "sealed_payloads",
    "starts_the_stream",
    "stored_events",
]

NO_STREAM: Final = 0
ANY_VERSION: Final = -1
DEFAULT_PAGE_SIZE: Final = 1000


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    _check_int(attribute.name, value, 1)


@attrs.frozen(kw_only=True)
class Snapshot:
    """A party's folded state at a stream version (1 or more: a state of some events), encoded."""

    stream_id: str
    stream_version: int = attrs.field(validator=_positive)
    state_type: str
    schema_version: int
    data: bytes


class EventStore(Protocol):
    """An append-only log of streams of events, with the keys of its data subjects."""

    @property
    def keys(self) -> KeyStore:
        """The per-subject keys that seal personal data in this store's events."""
        ...

    def append(
        self,
        stream_id: str,
        events: Sequence[NewEvent],
        expected_version: int,
        *,
        forget: Collection[uuid.UUID] = (),
    ) -> tuple[StoredEvent, ...]:
        """Append *events* to *stream_id* atomically: all of them or none.

        The keys of the subjects in *forget* are destroyed in the same atomic write: either the
        events are recorded and the keys gone, or neither. Raises
        [`WrongExpectedVersion`][kimcore.errors.WrongExpectedVersion] when the stream is not at
        *expected_version*, and [`DuplicateEventId`][kimcore.errors.DuplicateEventId] when an event
        id is recorded already. Appending no events only checks the version.
        """
        ...

    def read_stream(
        self, stream_id: str, from_version: int = 1, limit: int | None = None
    ) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on, at most *limit* of them."""
        ...

    def read_all(self, after: int = 0, limit: int = DEFAULT_PAGE_SIZE) -> list[StoredEvent]:
        """A page of the global log: at most *limit* events with ``position > after``."""
        ...

    def stream_version(self, stream_id: str) -> int:
        """The version of *stream_id* (0 when it has no events)."""
        ...

    def head_position(self) -> int:
        """The position of the last recorded event (0 when the store is empty)."""
        ...

    def count_after(self, after: int, limit: int) -> int:
        """How many events ``read_all(after, …)`` has still to give, counting at most *limit*.

        What a reader at *after* is behind the head, in events (positions need not be dense:
        PostgreSQL's carry the transaction id).
        """
        ...

    def wait(self, after: int, timeout: float) -> bool:
        """Block until an event past *after* can be read, or *timeout* seconds pass.

        Returns whether there is one. Subscriptions use it to follow the log
        live without busy polling.
        """
        ...

    def save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless the stream has one of a later version already."""
        ...

    def load_snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot, if any."""
        ...

    def read_from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it (all of them when none).

        What loading a party needs, in one read when the stream has no
        snapshot (`after_snapshot` does the rest for a store).
        """
        ...

    def read_with_keys(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """As ``read_from_snapshot``, with the keys of every subject sealed in what it returns.

        What loading a party with its personal data reads: a store that can
        fetch both in one round trip should (PostgreSQL does, without a
        snapshot); `read_with_keys_in_parts` does it in two.
        """
        ...

    def recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, in stream order.

        Those whose metadata's ``causation_id`` is *command_id*; none when it recorded nothing
        there. Stores keep an index of causation ids, so a command sent again is recognised
        however many events followed its first recording (what
        [`Application.handle`][kimcore.Application.handle] asks before deciding a command that
        carries a ``command_id``).
        """
        ...

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's bytes may still be read from the store's files.

        A store whose files keep old versions of a row until readers let go of
        them (SQLite's log, PostgreSQL's dead row versions) purges them as soon
        as it can, without making writers wait: this says whether it has.
        """
        ...

    def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Block until `erasure_pending` is false (``True``), or *timeout* seconds pass."""
        ...

    def __enter__(self) -> Self:
        """The resource itself, closed when the ``with`` block ends."""
        ...

    def __exit__(self, *exc_info: object) -> None:
        """Close the resource."""
        ...

    def close(self) -> None:
        """Release the store's resources."""
        ...


def _check_stream_id(stream_id: object) -> None:
    problem = text_problem("stream_id", stream_id, 200)
    if problem is not None:
        raise InvalidStoreArgument(*problem)


_MAX_INT: Final = 2**63 - 1  # what every store's integer columns hold


def _check_int(name: str, value: object, minimum: int) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not minimum <= value <= _MAX_INT:
        raise InvalidStoreArgument(
            name, f"must be a whole number from {minimum} to 2**63 - 1, got {value!r}"
        )


def check_append_args(
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    forget: Collection[uuid.UUID] = (),
) -> tuple[tuple[NewEvent, ...], Collection[uuid.UUID]]:
    """Shared argument checks for [`EventStore.append`][kimcore.stores.EventStore.append].

    Returns the *events* as the tuple the append writes, and *forget* as it destroys it (a tuple
    when it was an iterator): a generator passed for either is read here once, so what was
    checked is what is written, and not an empty rest.
    """
    _check_stream_id(stream_id)
    forget = _collection("forget", forget, "a collection of UUIDs")
    for subject in forget:
        if not isinstance(subject, uuid.UUID):
            raise InvalidStoreArgument("forget", f"must hold UUIDs, got {subject!r}")
    _check_int("expected_version", expected_version, ANY_VERSION)
    batch = batch_of(events)
    problem = batch_problem(batch)
    if problem is not None:
        raise InvalidStoreArgument(*problem)
    return batch, forget


def batch_of(events: Sequence[NewEvent]) -> tuple[NewEvent, ...]:
    """*events* as the tuple an append checks and writes; `InvalidStoreArgument` if unreadable.

    A tuple keeps every event alive while it is checked and written: a lazy sequence would make
    each anew, and a generator, read once by the checks, give the write an empty rest.
    """
    if type(events) is tuple:
        return events
    return tuple(_collection("events", events, "a sequence of NewEvent"))


# Readable again, known without asking the ABCs: their two checks took 0.3 µs an argument.
_BUILT_IN_COLLECTIONS: Final = (tuple, list, set, frozenset)


def _collection(name: str, value: object, wanted: str) -> Collection[Any]:
    """*value* if it can be read more than once, an iterator's items as a tuple, else refused.

    *wanted* says what *name* must be, in the refusal.
    """
    if type(value) in _BUILT_IN_COLLECTIONS:
        return cast("Collection[Any]", value)
    if isinstance(value, Collection) and not isinstance(value, Iterator):
        return value
    try:
        items = iter(value)  # type: ignore[call-overload]
    except TypeError:
        raise InvalidStoreArgument(name, f"must be {wanted}, got {type(value).__name__}") from None
    return tuple(items)


def check_read_stream_args(stream_id: str, from_version: int, limit: int | None) -> None:
    """Shared argument checks for [`read_stream`][kimcore.stores.EventStore.read_stream]."""
    _check_stream_id(stream_id)
    _check_int("from_version", from_version, 1)
    if limit is not None:
        _check_int("limit", limit, 1)


def check_recorded_by_args(stream_id: str, command_id: uuid.UUID) -> None:
    """Shared argument checks for [`recorded_by`][kimcore.stores.EventStore.recorded_by]."""
    _check_stream_id(stream_id)
    if not isinstance(command_id, uuid.UUID):
        raise InvalidStoreArgument("command_id", f"must be a UUID, got {command_id!r}")


def check_snapshot_args(snapshot: Snapshot) -> None:
    """Shared argument checks for [`save_snapshot`][kimcore.stores.EventStore.save_snapshot]."""
    if not isinstance(snapshot, Snapshot):
        raise InvalidStoreArgument("snapshot", f"must be a Snapshot, got {snapshot!r}")
    _check_stream_id(snapshot.stream_id)
    problem = text_problem("snapshot.state_type", snapshot.state_type, 200)
    if problem is not None:
        raise InvalidStoreArgument(*problem)
    _check_int("snapshot.schema_version", snapshot.schema_version, 0)
    if not isinstance(snapshot.data, bytes):
        raise InvalidStoreArgument("snapshot.data", f"must be bytes, got {snapshot.data!r}")


def check_read_all_args(after: int, limit: int) -> None:
    """Shared argument checks for [`EventStore.read_all`][kimcore.stores.EventStore.read_all]."""
    _check_int("after", after, 0)
    _check_int("limit", limit, 1)


def stored_events(
    stream_id: str, events: Sequence[NewEvent], version: int, position: int
) -> tuple[StoredEvent, ...]:
    """*events* as recorded after stream *version* and global *position*, each one further."""
    return tuple(
        stored_event(
            stream_id,
            version + offset,
            position + offset,
            event.event_id,
            event.event_type,
            event.schema_version,
            event.data,
            event.metadata,
            event.recorded_at,
        )
        for offset, event in enumerate(events, start=1)
    )


def read_with_keys_in_parts(
    store: EventStore, stream_id: str
) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
    """``read_with_keys`` as ``read_from_snapshot`` and then one key query."""
    snapshot, tail = store.read_from_snapshot(stream_id)
    return snapshot, tail, Keys.for_payloads(store.keys.get_many, sealed_payloads(snapshot, tail))


def after_snapshot(
    store: EventStore, stream_id: str, tail: list[StoredEvent]
) -> tuple[Snapshot | None, list[StoredEvent]]:
    """``read_from_snapshot`` for a store that read *tail* as "the events after its snapshot".

    A tail that starts at version 1 had no snapshot before it. Otherwise the
    snapshot is loaded; one saved meanwhile can only be later (snapshots never
    move back), so the tail is cut to the events after it.
    """
    if starts_the_stream(tail):
        return None, tail
    snapshot = store.load_snapshot(stream_id)
    if snapshot is None:
        return None, store.read_stream(stream_id)  # pragma: no cover - snapshots never vanish
    return snapshot, cut_at(snapshot, tail)


def sealed_payloads(snapshot: Snapshot | None, tail: Sequence[StoredEvent]) -> list[bytes]:
    """What a read from a snapshot holds sealed values in: the tail's payloads and the snapshot."""
    payloads = [s.data for s in tail]
    if snapshot is not None:
        payloads.append(snapshot.data)
    return payloads


def starts_the_stream(tail: Sequence[StoredEvent]) -> bool:
    """Whether *tail*, read as "the events after the snapshot", had no snapshot before it."""
    return bool(tail) and tail[0].stream_version == 1


def cut_at(snapshot: Snapshot, tail: Sequence[StoredEvent]) -> list[StoredEvent]:
    """The events of *tail* after *snapshot* (one saved meanwhile can only be later)."""
    return [s for s in tail if s.stream_version > snapshot.stream_version]
