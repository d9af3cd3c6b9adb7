"""Exporting the global log as JSON Lines, decoded, with personal data as the keys allow.

Each line is one recorded event: its envelope and its current-version data.
Personal fields of forgotten subjects come out as ``"[redacted]"``; exported
with ``keys=None``, every personal field does.
"""

from __future__ import annotations

from typing import IO

from kimcore import _json
from kimcore.adapters.port import EventStore
from kimcore.events.codec import Codec
from kimcore.events.protection import KeyLookup, PrefetchedKeys, subjects_in

__all__ = ["export_jsonl"]

_USE_STORE_KEYS = object()


def export_jsonl(
    store: EventStore,
    out: IO[bytes],
    *,
    codec: Codec | None = None,
    keys: KeyLookup | object | None = _USE_STORE_KEYS,
    page_size: int = 1000,
) -> int:
    """Write every event of *store* to *out*, one JSON object a line; return how many.

    *keys* defaults to the store's own; pass ``None`` for an export without any
    personal data.
    """
    codec = codec or Codec()
    count = 0
    after = 0
    while page := store.read_all(after, page_size):
        lookup: KeyLookup | None
        if keys is _USE_STORE_KEYS:
            lookup = PrefetchedKeys(store.keys.get_many(subjects_in(s.data for s in page)))
        else:
            lookup = keys  # type: ignore[assignment]
        for stored in page:
            recorded = codec.decode(stored, lookup)
            line = {
                "position": stored.position,
                "stream_id": stored.stream_id,
                "stream_version": stored.stream_version,
                "event_id": str(stored.event_id),
                "event_type": stored.event_type,
                "schema_version": recorded.event.event_version,
                "recorded_at": stored.recorded_at.isoformat(),
                "correlation_id": _text(stored.metadata.correlation_id),
                "causation_id": _text(stored.metadata.causation_id),
                "data": codec.to_data(recorded.event),
            }
            out.write(_json.dumps(line) + b"\n")
            count += 1
        after = page[-1].position
    return count


def _text(value: object | None) -> str | None:
    return None if value is None else str(value)
