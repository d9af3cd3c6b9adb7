"""Reading a SQLite store's rows: their columns, a row as a stored event, what a command caused."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from typing import Any

from kimcore._uuid import uuid_from_bytes
from kimcore.adapters._rows import event_of_row, parse_time
from kimcore.events.envelope import StoredEvent

__all__ = ["COLUMNS", "recorded_by", "row_of"]

COLUMNS = (
    "stream_id, stream_version, position, event_id, event_type, schema_version,"
    " data, metadata, recorded_at"
)


def row_of(row: tuple[Any, ...]) -> StoredEvent:
    """A row of ``COLUMNS`` as the stored event it holds."""
    return event_of_row(row, event_id=uuid_from_bytes, recorded_at=parse_time)


def recorded_by(
    conn: sqlite3.Connection, stream_id: str, command_id: uuid.UUID, indexed_after: int
) -> list[StoredEvent]:
    """The events of *stream_id* that command *command_id* caused, found by the index.

    Since schema version 3 the index holds the first event of each run of an append's events
    with one cause (`causes_to_index`); the rest of the run follows it in the stream, and is
    read from there. Rows stored before schema version 2 are not in the index: the stream's
    are read and their metadata compared (only in a file that had events when it was
    migrated).
    """
    heads = conn.execute(
        # INDEXED BY: without statistics SQLite prefers the stream's index, for its
        # order, and would read the whole stream.
        f"SELECT {COLUMNS} FROM kimcore_events INDEXED BY kimcore_events_causation"
        " WHERE causation_id = ? AND stream_id = ? ORDER BY stream_version",
        (command_id.bytes, stream_id),
    ).fetchall()
    found = []
    for head in heads:
        found.append(row_of(head))
        found.extend(_rest_of_run(conn, stream_id, head[1], command_id))
    if indexed_after:
        older = conn.execute(
            f"SELECT {COLUMNS} FROM kimcore_events WHERE stream_id = ?"
            " AND causation_id IS NULL AND position <= ? ORDER BY stream_version",
            (stream_id, indexed_after),
        )
        found.extend(e for e in map(row_of, older) if e.metadata.causation_id == command_id)
        found.sort(key=lambda e: e.stream_version)
    return found


def _rest_of_run(
    conn: sqlite3.Connection, stream_id: str, version: int, command_id: uuid.UUID
) -> Iterator[StoredEvent]:
    """The events after stream *version* that continue its run: not indexed, same cause."""
    rows = conn.execute(
        f"SELECT {COLUMNS}, causation_id FROM kimcore_events"
        " WHERE stream_id = ? AND stream_version > ? ORDER BY stream_version",
        (stream_id, version),
    )
    for row in rows:  # read lazily: a run is short, the stream may be long
        if row[-1] is not None:
            return  # the next run, in the index itself
        event = row_of(row[:-1])
        if event.metadata.causation_id != command_id:
            return
        yield event
