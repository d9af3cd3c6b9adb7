"""Exporting the global log as JSON Lines, decoded, with personal data as the keys allow.

Each line is one recorded event: its envelope and its current-version data.
Personal fields of forgotten subjects come out as ``"[redacted]"``; exported
with ``keys=None``, every personal field does.
"""

from __future__ import annotations

from typing import IO, Any

from kimcore import _json
from kimcore.application.ports.store import EventStore
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent, StoredEvent
from kimcore.events.errors import EventDecodeError
from kimcore.events.keys import Keys

__all__ = ["export_jsonl", "record_line", "stored_line"]


def record_line(codec: Codec, recorded: RecordedEvent[Event]) -> dict[str, Any]:
    """One recorded event as a JSON-ready dict: its envelope and its current-version data.

    Raises [`EventDecodeError`][kimcore.errors.EventDecodeError] naming the event's stream, version
    and position if its stored metadata cannot be read.
    """
    try:
        metadata = recorded.metadata
        correlation, causation = metadata.correlation_id, metadata.causation_id
    except EventDecodeError as exc:
        raise EventDecodeError(
            f"stream {recorded.stream_id!r} version {recorded.stream_version}"
            f" position {recorded.position}: {exc}"
        ) from None
    return {
        "position": recorded.position,
        "stream_id": recorded.stream_id,
        "stream_version": recorded.stream_version,
        "event_id": str(recorded.event_id),
        "event_type": recorded.event_type,
        "schema_version": recorded.event.event_version,
        "recorded_at": recorded.recorded_at.isoformat(),
        "correlation_id": _text(correlation),
        "causation_id": _text(causation),
        "data": codec.to_data(recorded.event),
    }


def stored_line(codec: Codec, stored: StoredEvent, keys: Keys | None) -> dict[str, Any]:
    """What `record_line` gives for *stored* decoded with *keys*, decoding only what it must.

    An event that holds no personal field and is at its current version has its stored JSON
    passed through ([`Codec.data_of`][kimcore.events.Codec.data_of]).
    """
    data = codec.data_of(stored, keys)
    metadata = stored.metadata
    return {
        "position": stored.position,
        "stream_id": stored.stream_id,
        "stream_version": stored.stream_version,
        "event_id": str(stored.event_id),
        "event_type": stored.event_type,
        "schema_version": codec.registry.get(stored.event_type).event_version,
        "recorded_at": stored.recorded_at.isoformat(),
        "correlation_id": _text(metadata.correlation_id),
        "causation_id": _text(metadata.causation_id),
        "data": data,
    }


def export_jsonl(
    store: EventStore,
    out: IO[bytes],
    *,
    codec: Codec | None = None,
    personal_data: bool = True,
    page_size: int = 1000,
) -> int:
    """Write every event of *store* to *out*, one JSON object a line; return how many.

    Personal fields open with the store's keys (a forgotten subject's read as
    redacted); with ``personal_data=False`` none is opened.
    """
    codec = codec or Codec()
    count = 0
    after = 0
    while page := store.read_all(after, page_size):
        lookup = (
            Keys.for_payloads(store.keys.get_many, (s.data for s in page))
            if personal_data
            else None
        )
        for stored in page:
            out.write(_json.dumps(stored_line(codec, stored, lookup)) + b"\n")
            count += 1
        after = page[-1].position
    return count


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)
