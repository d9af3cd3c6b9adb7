"""The SQLite append's INSERTs, in few statements and without sqlite3's adapter lookups.

The plain twin (``*_plain``) is one ``executemany`` per table. Per commit of W2 (ten events, ten
new keys) the standard library's sqlite3 then spends about as many instructions binding the
parameters as SQLite spends inserting them: every ``bytes`` and ``None`` parameter goes through its
adapter lookup (two failed attribute lookups, about a microsecond each; ``int``, ``str`` and
``bytearray`` skip it), and each row is a step and a reset of its own. The fast ones bind blobs as
``bytearray`` (stored and read back as the same BLOB), write ``NULL`` into the statement's text
for a row without a cause instead of binding ``None``, and insert up to `ROWS_PER_STATEMENT` rows
with one multi-row ``INSERT``. The statements' texts repeat (one per batch size and pattern of
causes), so sqlite3's statement cache keeps them prepared.

``tests/test_sqlite_insert.py`` shows both twins leave equal tables, refuse the same duplicates and
count the same new keys.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Final

__all__ = [
    "ROWS_PER_STATEMENT",
    "EventRow",
    "KeyRow",
    "insert_events",
    "insert_events_plain",
    "insert_keys",
    "insert_keys_plain",
]

# stream_id, stream_version, position, event_id, event_type, schema_version, data, metadata,
# recorded_at, causation_id: the columns of ``kimcore_events`` an append writes, in this order.
EventRow = tuple[str, int, int, bytes, str, int, bytes, bytes, str, bytes | None]
KeyRow = tuple[bytes, bytes]  # subject, stored key

# 10 parameters a row: under the 999 that SQLite builds before 3.32 allow in one statement.
ROWS_PER_STATEMENT: Final = 90
_EVENTS: Final = (
    "INSERT INTO kimcore_events (stream_id, stream_version, position, event_id, event_type,"
    " schema_version, data, metadata, recorded_at, causation_id) VALUES "
)
_CAUSED: Final = "(?,?,?,?,?,?,?,?,?,?)"
_UNCAUSED: Final = "(?,?,?,?,?,?,?,?,?,NULL)"
_KEYS: Final = "INSERT INTO kimcore_keys (subject, key) VALUES "
_KEY_TAIL: Final = " ON CONFLICT DO NOTHING"


def insert_events_plain(conn: sqlite3.Connection, rows: Sequence[EventRow]) -> None:
    """Insert *rows* into ``kimcore_events``: one ``executemany``."""
    conn.executemany(_EVENTS + _CAUSED, rows)


def insert_events(conn: sqlite3.Connection, rows: Sequence[EventRow]) -> None:
    """Insert *rows* into ``kimcore_events``, as `insert_events_plain` does, in fewer steps."""
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        params: list[object] = []
        values = []
        for stream, version, position, event_id, kind, schema, data, meta, at, cause in rows[
            start : start + ROWS_PER_STATEMENT
        ]:
            params += (
                stream,
                version,
                position,
                bytearray(event_id),
                kind,
                schema,
                bytearray(data),
                bytearray(meta),
                at,
            )
            if cause is None:
                values.append(_UNCAUSED)
            else:
                params.append(bytearray(cause))
                values.append(_CAUSED)
        conn.execute(_EVENTS + ",".join(values), params)


def insert_keys_plain(conn: sqlite3.Connection, rows: Sequence[KeyRow]) -> int:
    """Insert the keys *rows* not in ``kimcore_keys`` yet; how many were new."""
    before = conn.total_changes
    conn.executemany(_KEYS + "(?, ?)" + _KEY_TAIL, rows)
    return conn.total_changes - before


def insert_keys(conn: sqlite3.Connection, rows: Sequence[KeyRow]) -> int:
    """`insert_keys_plain` in fewer steps."""
    before = conn.total_changes
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        chunk = rows[start : start + ROWS_PER_STATEMENT]
        params: list[object] = []
        for subject, key in chunk:
            params += (bytearray(subject), bytearray(key))
        conn.execute(_KEYS + ",".join(["(?,?)"] * len(chunk)) + _KEY_TAIL, params)
    return conn.total_changes - before
