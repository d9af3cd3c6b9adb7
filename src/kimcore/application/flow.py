"""The application's work written once, for sync and async stores alike (sans I/O).

A *flow* is a generator that yields each store call it needs as an operation — a function of the
store — and is sent back the call's result (or has its exception thrown in). It never touches a
store itself, so one flow serves both drivers:

- [`run`][kimcore.application.flow.run] calls each operation on an
  [`EventStore`][kimcore.stores.EventStore] and sends the result back: what
  [`Application`][kimcore.Application] does;
- [`run_async`][kimcore.application.flow.run_async] awaits each operation on an
  [`AsyncEventStore`][kimcore.stores.AsyncEventStore]: what
  [`AsyncApplication`][kimcore.AsyncApplication] does.

This is how psycopg shares its protocol between ``Connection`` and ``AsyncConnection``
(``psycopg.generators``, driven by ``waiting.wait`` and ``waiting.wait_async``), one level up:
the decisions, retries, caching and snapshots are written once; only who waits differs. The
operations below are typed, so ``events = yield from flow.read_stream(stream_id)`` reads as a
call.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Generator, Sequence
from typing import Any, TypeVar

from kimcore.application.ports.store import EventStore, Snapshot
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys, subjects_in

__all__ = [
    "Flow",
    "Operation",
    "append",
    "for_write",
    "get_many",
    "is_known",
    "keys_for",
    "read_all",
    "read_from_snapshot",
    "read_stream",
    "read_with_keys",
    "recorded_by",
    "run",
    "run_async",
    "save_snapshot",
    "stream_version",
    "wait",
]

T = TypeVar("T")
# A store call: given the store, its result (sync) or an awaitable of it (async).
Operation = Callable[[Any], Any]
Flow = Generator[Operation, Any, T]


def run(flow: Flow[T], store: EventStore) -> T:
    """Drive *flow* on *store*: call each operation, send back its result (or throw its error)."""
    # The one driver is a coroutine; told not to wait it never suspends, so it runs to its
    # end on the first send, without an event loop (its return stops it).
    driving = _drive(flow, store, wait=False)
    try:
        driving.send(None)
    except StopIteration as done:
        value: T = done.value
        return value
    driving.close()
    raise RuntimeError("a sync store's driver waited")  # unreachable: nothing awaits


async def run_async(flow: Flow[T], store: AsyncEventStore) -> T:
    """Drive *flow* on an async *store*: await each operation, send back its result."""
    return await _drive(flow, store, wait=True)


async def _drive(flow: Flow[T], store: Any, *, wait: bool) -> T:
    """Run *flow* to its end on *store*, awaiting each operation's result if *wait*."""
    try:
        operation = next(flow)
        while True:
            try:
                result = operation(store)
                if wait:
                    result = await result
            except Exception as exc:  # the flow may handle it (a conflict, say)
                operation = flow.throw(exc)
            else:
                operation = flow.send(result)
    except StopIteration as done:
        value: T = done.value
        return value
    finally:
        flow.close()  # a cancelled or failed driver ends the flow's own ``finally`` blocks


# -- the operations -----------------------------------------------------------------
# Each yields one call and returns its result, typed: ``x = yield from read_stream(...)``.


def append(
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    forget: Collection[uuid.UUID] = (),
) -> Flow[tuple[StoredEvent, ...]]:
    """``store.append(...)``."""
    stored: tuple[StoredEvent, ...] = yield lambda s: s.append(
        stream_id, events, expected_version, forget=forget
    )
    return stored


def read_stream(
    stream_id: str, from_version: int = 1, limit: int | None = None
) -> Flow[list[StoredEvent]]:
    """``store.read_stream(...)``."""
    stored: list[StoredEvent] = yield lambda s: s.read_stream(stream_id, from_version, limit)
    return stored


def read_all(after: int, limit: int) -> Flow[list[StoredEvent]]:
    """``store.read_all(...)``."""
    stored: list[StoredEvent] = yield lambda s: s.read_all(after, limit)
    return stored


def wait(after: int, timeout: float) -> Flow[bool]:
    """``store.wait(...)``."""
    found: bool = yield lambda s: s.wait(after, timeout)
    return found


def stream_version(stream_id: str) -> Flow[int]:
    """``store.stream_version(...)``."""
    version: int = yield lambda s: s.stream_version(stream_id)
    return version


def read_from_snapshot(stream_id: str) -> Flow[tuple[Snapshot | None, list[StoredEvent]]]:
    """``store.read_from_snapshot(...)``."""
    read: tuple[Snapshot | None, list[StoredEvent]] = yield lambda s: s.read_from_snapshot(
        stream_id
    )
    return read


def read_with_keys(stream_id: str) -> Flow[tuple[Snapshot | None, list[StoredEvent], Keys]]:
    """``store.read_with_keys(...)``."""
    read: tuple[Snapshot | None, list[StoredEvent], Keys] = yield lambda s: s.read_with_keys(
        stream_id
    )
    return read


def recorded_by(stream_id: str, command_id: uuid.UUID) -> Flow[list[StoredEvent]]:
    """``store.recorded_by(...)``."""
    found: list[StoredEvent] = yield lambda s: s.recorded_by(stream_id, command_id)
    return found


def save_snapshot(snapshot: Snapshot) -> Flow[None]:
    """``store.save_snapshot(...)``."""
    yield lambda s: s.save_snapshot(snapshot)


def get_many(subjects: Collection[uuid.UUID]) -> Flow[dict[uuid.UUID, bytes]]:
    """``store.keys.get_many(...)``; no call for no subjects."""
    if not subjects:
        return {}
    keys: dict[uuid.UUID, bytes] = yield lambda s: s.keys.get_many(subjects)
    return keys


def keys_for(payloads: Sequence[bytes]) -> Flow[Keys]:
    """The keys every subject sealed in *payloads* was sealed with, in one call (or none)."""
    return Keys((yield from get_many(subjects_in(payloads))))


def for_write(subjects: Collection[uuid.UUID]) -> Flow[Keys]:
    """``store.keys.for_write(...)``."""
    keys: Keys = yield lambda s: s.keys.for_write(subjects)
    return keys


def is_known(subject: uuid.UUID) -> Flow[bool]:
    """``store.keys.is_known(...)``."""
    known: bool = yield lambda s: s.keys.is_known(subject)
    return known
