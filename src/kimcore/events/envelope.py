"""Envelopes: an event on its way into a store, and as it was recorded.

``NewEvent`` carries an encoded event to `EventStore.append`;
``StoredEvent`` is what a store gives back, still encoded; ``RecordedEvent``
is a stored event with its payload decoded by the codec.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

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
    _stored: tuple[bytes, MetadataParser] | None = attrs.field(
        default=None, init=False, eq=False, hash=False, repr=False
    )

    @classmethod
    def parsed_later(cls, raw: bytes, parse: MetadataParser) -> Metadata:
        """Metadata that *parse* builds from a store's *raw* bytes when first read.

        Most readers (projections, folds) never look at metadata, and parsing
        it was a sixth of the cost of reading an event. The instance is an
        ordinary ``Metadata`` in every other way: equality, hashing,
        ``attrs.evolve``, copying and pickling read the fields, which parses.
        """
        made = object.__new__(cls)
        object.__setattr__(made, "_stored", (raw, parse))
        return made

    if not TYPE_CHECKING:  # keeps mypy strict about attribute names

        def __getattr__(self, name: str) -> Any:
            # Only reached while the fields' slots are still empty.
            stored = object.__getattribute__(self, "_stored")
            if stored is None or name not in _FIELDS:
                raise AttributeError(name)
            raw, parse = stored
            for field, value in zip(_FIELDS, parse(raw), strict=True):
                object.__setattr__(self, field, value)
            object.__setattr__(self, "_stored", None)
            return object.__getattribute__(self, name)


MetadataParser = Callable[[bytes], tuple[uuid.UUID | None, uuid.UUID | None, Mapping[str, str]]]
_FIELDS: Final = ("correlation_id", "causation_id", "extra")


@attrs.frozen(kw_only=True)
class NewEvent:
    """An encoded event to append."""

    event_id: uuid.UUID
    event_type: str
    schema_version: int
    data: bytes
    metadata: Metadata
    recorded_at: dt.datetime


@attrs.frozen(kw_only=True)
class StoredEvent:
    """An event as a store recorded it, payload still encoded.

    ``stream_version`` counts from 1 within the stream; ``position`` is the
    event's place in the store's global log, increasing in commit order.
    """

    stream_id: str
    stream_version: int
    position: int
    event_id: uuid.UUID
    event_type: str
    schema_version: int
    data: bytes
    metadata: Metadata
    recorded_at: dt.datetime

    @property
    def where(self) -> str:
        """Where the event is stored, for error messages."""
        return f"stream {self.stream_id!r} version {self.stream_version} position {self.position}"


@attrs.frozen(kw_only=True)
class RecordedEvent(Generic[_E_co]):
    """A recorded event with its payload decoded."""

    stream_id: str
    stream_version: int
    position: int
    event_id: uuid.UUID
    event_type: str
    schema_version: int
    metadata: Metadata
    recorded_at: dt.datetime
    event: _E_co


# Envelopes are built for every event read, and their classes validate
# nothing: these build them by setting each slot directly, as attrs' own
# ``__init__`` does, without its keyword handling and per-field setattr calls
# (about half the cost of making one).
_new = object.__new__
(
    _set_stream_id,
    _set_stream_version,
    _set_position,
    _set_event_id,
    _set_event_type,
    _set_schema_version,
    _set_data,
    _set_metadata,
    _set_recorded_at,
) = (StoredEvent.__dict__[f.name].__set__ for f in attrs.fields(StoredEvent))
(
    _rset_stream_id,
    _rset_stream_version,
    _rset_position,
    _rset_event_id,
    _rset_event_type,
    _rset_schema_version,
    _rset_metadata,
    _rset_recorded_at,
    _rset_event,
) = (RecordedEvent.__dict__[f.name].__set__ for f in attrs.fields(RecordedEvent))


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
    made: StoredEvent = _new(StoredEvent)
    _set_stream_id(made, stream_id)
    _set_stream_version(made, stream_version)
    _set_position(made, position)
    _set_event_id(made, event_id)
    _set_event_type(made, event_type)
    _set_schema_version(made, schema_version)
    _set_data(made, data)
    _set_metadata(made, metadata)
    _set_recorded_at(made, recorded_at)
    return made


def recorded_event(stored: StoredEvent, event: _E) -> RecordedEvent[_E]:
    """The `RecordedEvent` of *stored* with its decoded *event*."""
    made: RecordedEvent[_E] = _new(RecordedEvent)
    _rset_stream_id(made, stored.stream_id)
    _rset_stream_version(made, stored.stream_version)
    _rset_position(made, stored.position)
    _rset_event_id(made, stored.event_id)
    _rset_event_type(made, stored.event_type)
    _rset_schema_version(made, stored.schema_version)
    _rset_metadata(made, stored.metadata)
    _rset_recorded_at(made, stored.recorded_at)
    _rset_event(made, event)
    return made
