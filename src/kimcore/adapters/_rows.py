"""Row encoding shared by the SQL stores: metadata as compact JSON, times as ISO text."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from typing import Any

from kimcore import _json
from kimcore._uuid import uuid_from_text
from kimcore.application.ports.store import Snapshot
from kimcore.events.envelope import Metadata, NewEvent, StoredEvent, stored_event
from kimcore.events.errors import EventDecodeError

__all__ = [
    "bad_row",
    "dump_metadata",
    "dump_metadata_of",
    "event_of_row",
    "load_metadata",
    "parse_time",
    "run_heads",
    "snapshot_of_row",
    "snapshot_parameters",
]

_EMPTY = Metadata()


def run_heads(events: Sequence[NewEvent | StoredEvent]) -> list[uuid.UUID | None]:
    """The cause to index of each of an append's *events*: its cause where it starts a run.

    The first event with a cause, and each whose cause differs from the event before it, keep
    it; the others ``None``. A command's run of events is one entry of the store's index of
    causes, and the rest of the run is read behind that entry (both SQL stores).
    """
    out: list[uuid.UUID | None] = []
    previous: uuid.UUID | None = None
    for event in events:
        cause = event.metadata.causation_id
        out.append(None if cause == previous else cause)
        previous = cause
    return out


def dump_metadata(metadata: Metadata) -> bytes:
    """``{"c": correlation, "k": causation, "x": extra}``, omitting what is empty.

    A command's events have its id as both correlation and causation unless
    the caller continues another conversation: the id is then stored once,
    as ``"ck"`` (a tenth of a typical row).
    """
    data: dict[str, Any] = {}
    correlation, causation = metadata.correlation_id, metadata.causation_id
    if correlation is not None and correlation == causation:
        data["ck"] = str(correlation)
    else:
        if correlation is not None:
            data["c"] = str(correlation)
        if causation is not None:
            data["k"] = str(causation)
    if metadata.extra:
        data["x"] = dict(metadata.extra)
    return _json.dumps(data)


def dump_metadata_of(events: Sequence[NewEvent]) -> list[bytes]:
    """Each event's metadata dumped, once for each distinct ``Metadata`` (a batch shares one)."""
    dumped: dict[int, bytes] = {}
    out = []
    for event in events:
        key = id(event.metadata)
        raw = dumped.get(key)
        if raw is None:
            raw = dumped[key] = dump_metadata(event.metadata)
        out.append(raw)
    return out


_last: tuple[bytes, Metadata] = (b"{}", _EMPTY)


def load_metadata(raw: bytes) -> Metadata:
    """The inverse of `dump_metadata`.

    The events of one command share their metadata, and a page of the log
    holds them side by side: a row with the same bytes as the last one gets
    the same (immutable) instance, parsed once.
    """
    global _last  # noqa: PLW0603 - one slot; a race only misses the cache
    last = _last
    if raw == last[0]:
        return last[1]
    correlation, causation, extra = _parse(raw)
    made = Metadata(correlation_id=correlation, causation_id=causation, extra=extra)
    _last = (raw, made)
    return made


def _parse(raw: bytes) -> tuple[uuid.UUID | None, uuid.UUID | None, dict[str, str]]:
    try:
        data = _json.loads(raw)
        both = data.get("ck")
        correlation = data.get("c", both)
        causation = data.get("k", both)
        extra = data.get("x", {})
        if not isinstance(extra, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in extra.items()
        ):
            raise TypeError(f"extra must map text to text, got {extra!r}")
        return (
            uuid_from_text(correlation) if correlation else None,
            uuid_from_text(causation) if causation else None,
            extra,
        )
    except (ValueError, TypeError, AttributeError) as exc:
        # The store's row reader names the row (bad_row).
        raise ValueError(f"stored metadata is malformed: {exc}") from None


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 timestamp."""
    return dt.datetime.fromisoformat(text)


def bad_row(
    stream_id: object, version: object, position: object, exc: Exception
) -> EventDecodeError:
    """The error for a stored row whose envelope columns cannot be read."""
    return EventDecodeError(
        f"stream {stream_id!r} version {version} position {position}:"
        f" the stored envelope is malformed: {exc}"
    )


def event_of_row(
    row: Sequence[Any],
    *,
    event_id: Callable[[Any], uuid.UUID],
    recorded_at: Callable[[Any], dt.datetime],
) -> StoredEvent:
    """The stored event of a row of the events' columns, in the order the SQL stores read them.

    The columns are stream, version, position, id, type, schema, data, metadata and time;
    *event_id* and *recorded_at* read the id and the time as the store's driver gives them. A
    row that cannot be read raises `bad_row`'s error.
    """
    stream_id, version, position, raw_id, event_type, schema, data, metadata, at = row
    try:
        return stored_event(
            stream_id,
            version,
            position,
            event_id(raw_id),
            event_type,
            schema,
            data,
            load_metadata(metadata),
            recorded_at(at),
        )
    except (ValueError, TypeError) as exc:
        raise bad_row(stream_id, version, position, exc) from None


def snapshot_parameters(snapshot: Snapshot) -> tuple[Any, ...]:
    """A snapshot's row, as the SQL stores insert it (stream, version, type, schema, data)."""
    return (
        snapshot.stream_id,
        snapshot.stream_version,
        snapshot.state_type,
        snapshot.schema_version,
        snapshot.data,
    )


def snapshot_of_row(stream_id: str, row: Sequence[Any] | None) -> Snapshot | None:
    """The snapshot a row of (version, type, schema, data) holds (``None`` for no row)."""
    if row is None:
        return None
    version, state_type, schema, data = row
    return Snapshot(
        stream_id=stream_id,
        stream_version=version,
        state_type=state_type,
        schema_version=schema,
        data=bytes(data),
    )
