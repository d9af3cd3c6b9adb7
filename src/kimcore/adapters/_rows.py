"""Row encoding shared by the SQL stores: metadata as compact JSON, times as ISO text."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from kimcore import _json
from kimcore._uuid import uuid_from_text
from kimcore.events.envelope import Metadata

__all__ = ["dump_metadata", "load_metadata", "parse_time"]

_EMPTY = Metadata()


def dump_metadata(metadata: Metadata) -> bytes:
    """``{"c": correlation, "k": causation, "x": extra}``, omitting what is empty."""
    data: dict[str, Any] = {}
    if metadata.correlation_id is not None:
        data["c"] = str(metadata.correlation_id)
    if metadata.causation_id is not None:
        data["k"] = str(metadata.causation_id)
    if metadata.extra:
        data["x"] = dict(metadata.extra)
    return _json.dumps(data)


def load_metadata(raw: bytes) -> Metadata:
    """The inverse of :func:`dump_metadata`, parsed when first read."""
    return _EMPTY if raw == b"{}" else Metadata.parsed_later(raw, _parse)


def _parse(raw: bytes) -> tuple[uuid.UUID | None, uuid.UUID | None, dict[str, str]]:
    data = _json.loads(raw)
    correlation = data.get("c")
    causation = data.get("k")
    return (
        uuid_from_text(correlation) if correlation else None,
        uuid_from_text(causation) if causation else None,
        data.get("x", {}),
    )


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 timestamp."""
    return dt.datetime.fromisoformat(text)
