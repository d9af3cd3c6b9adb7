"""A SQLite store's rows of events: their columns, a row as a stored event and events as rows.

What an append writes (`rows_of`) and says when one of its event ids is recorded already
(`duplicate_of`); what a read makes of a row (`row_of`) and what a command caused.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from kimcore._uuid import uuid_from_bytes
from kimcore.adapters._rows import dump_metadata_of, event_of_row, parse_time
from kimcore.adapters._sqlite_schema import causes_to_index
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.vocabulary.errors import DuplicateEventId, StoreError

__all__ = ["COLUMNS", "duplicate_of", "recorded_by", "row_of", "rows_of"]

COLUMNS = (
    "stream_id, stream_version, position, event_id, event_type, schema_version,"
    " data, metadata, recorded_at"
)


def row_of(row: tuple[Any, ...]) -> StoredEvent:
    """A row of ``COLUMNS`` as the stored event it holds."""
    return event_of_row(row, event_id=uuid_from_bytes, recorded_at=parse_time)


def rows_of(stored: Sequence[StoredEvent], events: Sequence[NewEvent]) -> list[tuple[Any, ...]]:
    """The rows of ``kimcore_events`` an append writes: *stored*, what its *events* became."""
    metadata = dump_metadata_of(events)
    # A batch shares one time: written as text once, not once an event.
    times: dict[dt.datetime, str] = {}
    return [
        (
            s.stream_id,
            s.stream_version,
            s.position,
            s.event_id.bytes,
            s.event_type,
            s.schema_version,
            s.data,
            dumped,
            times.get(s.recorded_at) or times.setdefault(s.recorded_at, s.recorded_at.isoformat()),
            cause,
        )
        for s, dumped, cause in zip(stored, metadata, causes_to_index(events), strict=True)
    ]


def duplicate_of(
    conn: sqlite3.Connection,
    events: Sequence[NewEvent],
    head: int,
    exc: sqlite3.IntegrityError,
) -> StoreError:
    """What an append of *events* after *head* refused by the database (*exc*) says.

    [`DuplicateEventId`][kimcore.errors.DuplicateEventId] naming where the id is recorded, looked
    up only among rows recorded before this append: its own rows are being rolled back.
    """
    for event in events:
        row = conn.execute(
            "SELECT stream_id, stream_version, position FROM kimcore_events"
            " WHERE event_id = ? AND position <= ?",
            (event.event_id.bytes, head),
        ).fetchone()
        if row is not None:
            where = f"stream {row[0]!r} version {row[1]} position {row[2]}"
            return DuplicateEventId(event.event_id, where)
    return StoreError(f"append refused by the database: {exc}")  # pragma: no cover


def recorded_by(
    conn: sqlite3.Connection, stream_id: str, command_id: uuid.UUID, indexed_after: int
) -> list[StoredEvent]:
    """The events of *stream_id* that command *command_id* caused, found by the indexes.

    Since schema version 3 the index of causes holds the first event of each run of an append's
    events with one cause (`causes_to_index`), and since version 4 not a first event whose id is
    its cause: that one is found by the index of event ids. The rest of each run follows its
    first event in the stream, and is read from there. Rows stored before schema version 2 are
    not in the index: the stream's are read and their metadata compared (only in a file that had
    events when it was migrated).
    """
    heads = conn.execute(
        # INDEXED BY: without statistics SQLite prefers the stream's index, for its
        # order, and would read the whole stream.
        f"SELECT {COLUMNS} FROM kimcore_events INDEXED BY kimcore_events_causation"
        " WHERE causation_id = ? AND stream_id = ? ORDER BY stream_version",
        (command_id.bytes, stream_id),
    ).fetchall()
    named = conn.execute(
        f"SELECT {COLUMNS} FROM kimcore_events"
        " WHERE event_id = ? AND stream_id = ? AND causation_id IS NULL AND position > ?",
        (command_id.bytes, stream_id, indexed_after),
    ).fetchone()
    starts = [row_of(head) for head in heads]
    if named is not None:
        start = row_of(named)
        if start.metadata.causation_id == command_id:
            starts.append(start)
            starts.sort(key=lambda e: e.stream_version)
    found = []
    for start in starts:
        found.append(start)
        found.extend(_rest_of_run(conn, stream_id, start.stream_version, command_id))
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
