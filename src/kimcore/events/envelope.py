"""Envelopes: an event on its way into a store, and as it was recorded.

``NewEvent`` carries an encoded event to `EventStore.append`;
``StoredEvent`` is what a store gives back, still encoded; ``RecordedEvent``
is a stored event with its payload decoded by the codec.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Generic, TypeVar

import attrs

from kimcore.events.base import Event

__all__ = ["Metadata", "NewEvent", "RecordedEvent", "StoredEvent", "recorded_event", "stored_event"]

_E_co = TypeVar("_E_co", bound=Event, covariant=True)
_E = TypeVar("_E", bound=Event)


@attrs.frozen(kw_only=True)
class Metadata:
    """Tracing data: the correlation id shared by a whole conversation, and the cause.

    ``causation_id`` is the id of the command (or event) that caused this one;
    ``extra`` holds short string labels an application adds (never personal data).
    """

    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    extra: Mapping[str, str] = attrs.field(factory=dict, hash=False)


@attrs.frozen(kw_only=True)
class _Envelope:
    """What every envelope of an event carries, whether on its way in or as recorded."""

    event_id: uuid.UUID
    event_type: str
    schema_version: int
    metadata: Metadata
    recorded_at: dt.datetime


@attrs.frozen(kw_only=True)
class NewEvent(_Envelope):
    """An encoded event to append.

    ``keys`` holds the keys of subjects sealed in this event for the first
    time, which the store had none for (made by
    [`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]): the store writes
    them in the append's own transaction, or refuses the append if one of those
    subjects got a key meanwhile ([`KeyConflict`][kimcore.errors.KeyConflict])
    or was forgotten ([`SubjectForgotten`][kimcore.errors.SubjectForgotten]).
    Besides ``data`` (the encoded payload) it carries the id, type, schema
    version, metadata and time every envelope carries.
    """

    data: bytes
    keys: Mapping[uuid.UUID, bytes] = attrs.field(factory=dict, repr=False)


@attrs.frozen(kw_only=True)
class _Placed(_Envelope):
    """An envelope as a store recorded it: its stream, its version there, its place in the log."""

    stream_id: str
    stream_version: int
    position: int

    @property
    def where(self) -> str:
        """Where the event is stored, for error messages."""
        return f"stream {self.stream_id!r} version {self.stream_version} position {self.position}"


@attrs.frozen(kw_only=True)
class StoredEvent(_Placed):
    """An event as a store recorded it, payload still encoded.

    ``stream_version`` counts from 1 within the stream; ``position`` is the
    event's place in the store's global log, increasing in commit order.
    """

    data: bytes

    def to_new(self, keys: Mapping[uuid.UUID, bytes] | None = None) -> NewEvent:
        """The event as an append takes it again, keeping its id (a copy, a restore)."""
        return NewEvent(
            event_id=self.event_id,
            event_type=self.event_type,
            schema_version=self.schema_version,
            data=self.data,
            metadata=self.metadata,
            recorded_at=self.recorded_at,
            keys=keys or {},
        )


@attrs.frozen(kw_only=True)
class RecordedEvent(_Placed, Generic[_E_co]):
    """A recorded event with its payload decoded."""

    event: _E_co


def stored_event(  # noqa: PLR0917 - the row's columns, in order
    stream_id: str,
    stream_version: int,
    position: int,
    event_id: uuid.UUID,
    event_type: str,
    schema_version: int,
    data: bytes,
    metadata: Metadata,
    recorded_at: dt.datetime,
) -> StoredEvent:
    """A `StoredEvent` from its fields in order, as a store's row gives them."""
    return StoredEvent(
        stream_id=stream_id,
        stream_version=stream_version,
        position=position,
        event_id=event_id,
        event_type=event_type,
        schema_version=schema_version,
        data=data,
        metadata=metadata,
        recorded_at=recorded_at,
    )


def recorded_event(stored: StoredEvent, event: _E) -> RecordedEvent[_E]:
    """The `RecordedEvent` of *stored* with its decoded *event*."""
    return RecordedEvent(
        stream_id=stored.stream_id,
        stream_version=stored.stream_version,
        position=stored.position,
        event_id=stored.event_id,
        event_type=stored.event_type,
        schema_version=stored.schema_version,
        metadata=stored.metadata,
        recorded_at=stored.recorded_at,
        event=event,
    )
