"""The SQLite store's schema, and the steps that bring an older file's up to it.

Schema versions:

1. The tables ``kimcore_meta``, ``kimcore_events``, ``kimcore_keys`` and ``kimcore_snapshots``.
2. ``kimcore_events.causation_id`` (the command id an event's metadata names) and its index,
   what ``recorded_by`` reads. Rows written before it hold NULL there (adding a nullable column
   rewrites nothing); ``commands_indexed_after`` in ``kimcore_meta`` is the last position they
   reach, and ``recorded_by`` searches those by their metadata, stream by stream.
3. Nothing added: the meaning of ``causation_id`` narrows. An append fills it only on the first of
   each run of its events with one cause (`causes_to_index`), the rest hold NULL and are found
   after that first one in their stream: a command's ten events add one entry to the index, not
   ten (W2 on SQLite: one page written a commit fewer, see docs/performance.md). Rows written
   under version 2 (every caused event indexed) read as they are; a file at version 3 is refused
   by a kimcore that would miss the unindexed rest of a run.
4. Nothing added: a run whose first event's id is its cause (the application names a command's
   first event by the command's id when it made that id itself) is left out of the index too,
   found by the unique index of event ids instead: a command of one event, the usual case, writes
   one B-tree a commit fewer (W1 and W2, docs/performance.md). A file at version 4 is refused by
   a kimcore that would miss those runs.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from typing import Final

from kimcore.adapters._rows import run_heads
from kimcore.events.envelope import NewEvent
from kimcore.vocabulary.errors import StoreError

__all__ = ["SCHEMA_VERSION", "causes_to_index", "current", "migrate"]

SCHEMA_VERSION: Final = 4

_SCHEMA = """
CREATE TABLE IF NOT EXISTS kimcore_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
CREATE TABLE IF NOT EXISTS kimcore_events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    event_id BLOB NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data BLOB NOT NULL,
    metadata BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    causation_id BLOB,
    UNIQUE (stream_id, stream_version)
) STRICT;
CREATE TABLE IF NOT EXISTS kimcore_keys (
    subject BLOB PRIMARY KEY,
    key BLOB,
    forgotten_at TEXT
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kimcore_snapshots (
    stream_id TEXT PRIMARY KEY,
    stream_version INTEGER NOT NULL,
    state_type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data BLOB NOT NULL
) STRICT;
"""
_INDEX_COMMANDS = (
    "CREATE INDEX IF NOT EXISTS kimcore_events_causation ON kimcore_events (causation_id)"
    " WHERE causation_id IS NOT NULL"
)


def causes_to_index(events: Sequence[NewEvent]) -> list[bytes | None]:
    """The ``causation_id`` column of each of an append's *events*: `run_heads`, as bytes.

    A head whose event id is its cause holds ``NULL``: the index of event ids finds it.
    """
    return [
        None if cause is None or cause == event.event_id else cause.bytes
        for event, cause in zip(events, run_heads(events), strict=True)
    ]


def current(conn: sqlite3.Connection) -> int | None:
    """The last position not indexed if *conn*'s file needs no change, else ``None``; reads only.

    Opening a current file so takes no write lock: a service starts while another process
    (``kimcore project rebuild --all``) holds it for minutes.
    """
    names = set(re.findall(r"IF NOT EXISTS (\w+)", _SCHEMA + _INDEX_COMMANDS))
    found = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    if not names <= found:
        return None
    row = conn.execute("SELECT value FROM kimcore_meta WHERE key = 'schema_version'").fetchone()
    if row is None or int(row[0]) != SCHEMA_VERSION:
        return None
    row = conn.execute(
        "SELECT value FROM kimcore_meta WHERE key = 'commands_indexed_after'"
    ).fetchone()
    return 0 if row is None else int(row[0])


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Make or migrate the schema in *conn*'s transaction; the last position not indexed.

    A file written by a newer kimcore is refused rather than misread.
    """
    # One statement at a time: executescript would commit the transaction.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    row = conn.execute("SELECT value FROM kimcore_meta WHERE key = 'schema_version'").fetchone()
    if row is not None and int(row[0]) > SCHEMA_VERSION:
        raise StoreError(
            f"{path!r} has schema version {row[0]}, newer than this kimcore"
            f" ({SCHEMA_VERSION}): upgrade kimcore"
        )
    indexed_after = _index_commands(conn)
    conn.execute(
        "INSERT INTO kimcore_meta (key, value) VALUES ('schema_version', ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        (str(SCHEMA_VERSION),),
    )
    return indexed_after


def _index_commands(conn: sqlite3.Connection) -> int:
    """Version 2: the causation id column and its index, added without a rewrite."""
    columns = {row[1] for row in conn.execute("PRAGMA table_info(kimcore_events)")}
    if "causation_id" not in columns:
        conn.execute("ALTER TABLE kimcore_events ADD COLUMN causation_id BLOB")
        conn.execute(
            "INSERT INTO kimcore_meta (key, value) SELECT 'commands_indexed_after',"
            " CAST(coalesce(max(position), 0) AS TEXT) FROM kimcore_events"
        )
    conn.execute(_INDEX_COMMANDS)
    row = conn.execute(
        "SELECT value FROM kimcore_meta WHERE key = 'commands_indexed_after'"
    ).fetchone()
    return 0 if row is None else int(row[0])
