"""What makes an envelope storable and readable: checked on the way in, and by ``verify``.

Every reader of the log (exports, sinks, projections) must be able to read
every envelope a store accepted, so an append checks each field here before
anything is written. The same checks run over stored events in
``kimcore verify``. Each function returns ``(field, why)`` for the first
problem, or ``None``.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from typing import Final

from kimcore.events.envelope import Metadata, NewEvent, StoredEvent
from kimcore.events.errors import EventDecodeError
from kimcore.vocabulary.validate import bad_characters

__all__ = [
    "MAX_EXTRA",
    "MAX_EXTRA_KEY",
    "MAX_EXTRA_VALUE",
    "MAX_TYPE_NAME",
    "Problem",
    "metadata_problem",
    "new_event_problem",
    "stored_problem",
    "text_problem",
]

Problem = tuple[str, str]
MAX_EXTRA: Final = 50
MAX_EXTRA_KEY: Final = 100
MAX_EXTRA_VALUE: Final = 500
MAX_TYPE_NAME: Final = 200


def text_problem(field: str, value: object, max_length: int, min_length: int = 1) -> Problem | None:
    """Why *value* is not *min_length* to *max_length* characters of storable text.

    Storable: no NUL (PostgreSQL's text refuses it) and no lone surrogate
    (it is not UTF-8).
    """
    if not isinstance(value, str):
        return field, f"must be text, got {type(value).__name__}"
    if not min_length <= len(value) <= max_length:
        return field, f"must be {min_length} to {max_length} characters, got {len(value)}"
    why = bad_characters(value)
    return None if why is None else (field, why)


def _uuid_problem(field: str, value: object, *, optional: bool) -> Problem | None:
    if isinstance(value, uuid.UUID) or (optional and value is None):
        return None
    return field, f"must be a UUID{' or None' if optional else ''}, got {value!r}"


def metadata_problem(metadata: object, field: str = "metadata") -> Problem | None:
    """Why *metadata* is not a storable [`Metadata`][kimcore.events.Metadata]."""
    if not isinstance(metadata, Metadata):
        return field, f"must be a Metadata, got {type(metadata).__name__}"
    try:
        correlation, causation, extra = (
            metadata.correlation_id,
            metadata.causation_id,
            metadata.extra,
        )
    except EventDecodeError as exc:
        return field, str(exc)
    return (
        _uuid_problem(f"{field}.correlation_id", correlation, optional=True)
        or _uuid_problem(f"{field}.causation_id", causation, optional=True)
        or extra_problem(extra, f"{field}.extra")
    )


def extra_problem(extra: object, field: str = "extra") -> Problem | None:
    """Why *extra* is not a mapping of at most 50 short text labels to text."""
    if not isinstance(extra, Mapping):
        return field, f"must be a mapping of text to text, got {type(extra).__name__}"
    if len(extra) > MAX_EXTRA:
        return field, f"holds {len(extra)} labels, at most {MAX_EXTRA} are kept"
    for key, value in extra.items():
        problem = text_problem(f"{field} key", key, MAX_EXTRA_KEY) or text_problem(
            f"{field}[{key!r}]", value, MAX_EXTRA_VALUE, min_length=0
        )
        if problem is not None:
            return problem
    return None


def _time_problem(field: str, value: object) -> Problem | None:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        return field, f"must be a datetime with a time zone, got {value!r}"
    return None


def new_event_problem(event: NewEvent, *, metadata_checked: bool = False) -> Problem | None:
    """Why *event* cannot be appended as it is.

    *metadata_checked*: its ``Metadata`` object was found good already (an earlier event of the
    same batch holds the same one), so it is not checked again.
    """
    # Typed fields, but a caller may build a NewEvent from anything.
    version: object = event.schema_version
    data: object = event.data
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        return "schema_version", f"must be a whole number >= 1, got {version!r}"
    if not isinstance(data, bytes):
        return "data", f"must be bytes, got {type(data).__name__}"
    return (
        _uuid_problem("event_id", event.event_id, optional=False)
        or text_problem("event_type", event.event_type, MAX_TYPE_NAME)
        or (None if metadata_checked else metadata_problem(event.metadata))
        or _time_problem("recorded_at", event.recorded_at)
    )


def stored_problem(stored: StoredEvent) -> Problem | None:
    """Why a stored envelope could not be read by every reader of the log."""
    return (
        _uuid_problem("event_id", stored.event_id, optional=False)
        or text_problem("event_type", stored.event_type, MAX_TYPE_NAME)
        or metadata_problem(stored.metadata)
        or _time_problem("recorded_at", stored.recorded_at)
    )
