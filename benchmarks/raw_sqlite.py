"""The raw side for SQLite: plain sqlite3 and orjson on an equivalent table, folded as dicts.

The physical limit: rows in, ``orjson.loads`` to plain dicts, no typed objects.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

# Written out, not taken from kimcore.adapters._sqlite_schema: the raw side is the floor kimcore
# is measured against, and must not move when kimcore's schema does; kimcore's also holds the
# causation column and index, the subjects' keys, snapshots and a meta table, left out here.
SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY,
    stream_id TEXT NOT NULL,
    stream_version INTEGER NOT NULL,
    event_id BLOB NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data BLOB NOT NULL,
    metadata BLOB NOT NULL,
    recorded_at TEXT NOT NULL,
    UNIQUE (stream_id, stream_version)
) STRICT
"""


def connect(path: str, durability: str) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(f"PRAGMA synchronous={durability.upper()}")
    conn.execute(SCHEMA)
    return conn


def fold_group(rows: Iterable[tuple[str, bytes]]) -> dict[str, dict[str, Any]]:
    """A group's members by id, folded from its ``(type, data)`` rows as plain dicts."""
    members: dict[str, dict[str, Any]] = {}
    for event_type, data in rows:
        d = orjson.loads(data)
        if event_type == "GroupFormed":
            members = {m["member_id"]: m for m in d["founders"]}
        elif event_type == "MemberJoined":
            members[d["member"]["member_id"]] = d["member"]
    return members


def row(stream: str, version: int, event_type: str, data: dict[str, Any]) -> tuple[Any, ...]:
    return (
        stream,
        version,
        uuid.uuid4().bytes,
        event_type,
        1,
        orjson.dumps(data),
        orjson.dumps({"c": str(uuid.uuid4())}),
        dt.datetime.now(dt.UTC).isoformat(),
    )


INSERT = (
    "INSERT INTO events (stream_id, stream_version, event_id, event_type, schema_version, data,"
    " metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def append_one(
    conn: sqlite3.Connection, stream: str, event_type: str, data: dict[str, Any]
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    version = (
        conn.execute(
            "SELECT max(stream_version) FROM events WHERE stream_id = ?", (stream,)
        ).fetchone()[0]
        or 0
    )
    conn.execute(INSERT, row(stream, version + 1, event_type, data))
    conn.execute("COMMIT")


def append_batch(
    conn: sqlite3.Connection, stream: str, batch: list[tuple[str, dict[str, Any]]]
) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("SELECT max(stream_version) FROM events WHERE stream_id = ?", (stream,)).fetchone()
    conn.executemany(INSERT, [row(stream, n, t, d) for n, (t, d) in enumerate(batch, start=1)])
    conn.execute("COMMIT")


def load(conn: sqlite3.Connection, stream: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        "SELECT event_type, data FROM events WHERE stream_id = ? ORDER BY stream_version", (stream,)
    )
    return fold_group(rows)


def _pages(conn: sqlite3.Connection, page: int) -> Iterator[list[tuple[int, str, bytes]]]:
    """The log's ``(position, type, data)`` rows, a page at a time."""
    after = 0
    while rows := conn.execute(
        "SELECT position, event_type, data FROM events WHERE position > ?"
        " ORDER BY position LIMIT ?",
        (after, page),
    ).fetchall():
        yield rows
        after = rows[-1][0]


def read_model(conn: sqlite3.Connection, page: int = 1000) -> Counter[str]:
    per_village: Counter[str] = Counter()
    villages: dict[str, str] = {}
    for rows in _pages(conn, page):
        for _, event_type, data in rows:
            fold(per_village, villages, event_type, orjson.loads(data))
    return per_village


def fold(
    per_village: Counter[str], village_of: dict[str, str], event_type: str, d: dict[str, Any]
) -> None:
    """Members per village: founders and joiners counted where their group sits."""
    if event_type == "GroupFormed":
        region = d["seat"]["region"]["code"]
        village_of[d["group_id"]] = region
        per_village[region] += len(d["founders"])
    elif event_type == "MemberJoined":
        per_village[village_of[d["group_id"]]] += 1


# Made afresh each run, as kimcore's side rebuilds its read model.
PROJECTION_SCHEMA = (
    "DROP TABLE IF EXISTS raw_group_villages",
    "DROP TABLE IF EXISTS raw_village_members",
    "CREATE TABLE raw_group_villages (group_id TEXT PRIMARY KEY, region_code TEXT)",
    "CREATE TABLE raw_village_members (region_code TEXT PRIMARY KEY, members INTEGER)",
    "CREATE TABLE IF NOT EXISTS raw_checkpoints (name TEXT PRIMARY KEY, position INTEGER)",
    "INSERT OR REPLACE INTO raw_checkpoints VALUES ('members_per_village', 0)",
)


def _add(conn: sqlite3.Connection, region: str, count: int) -> None:
    row = conn.execute(
        "SELECT members FROM raw_village_members WHERE region_code = ?", (region,)
    ).fetchone()
    conn.execute(
        "INSERT INTO raw_village_members (region_code, members) VALUES (?, ?)"
        " ON CONFLICT (region_code) DO UPDATE SET members = excluded.members",
        (region, (row[0] if row else 0) + count),
    )


def project(conn: sqlite3.Connection, page: int = 1000) -> int:
    """W4M raw: the same tables, the same statements per event, one transaction per page."""
    for statement in PROJECTION_SCHEMA:
        conn.execute(statement)
    count = 0
    for rows in _pages(conn, page):
        conn.execute("BEGIN IMMEDIATE")
        for _, event_type, data in rows:
            d = orjson.loads(data)
            if event_type == "GroupFormed":
                region = d["seat"]["region"]["code"]
                conn.execute(
                    "INSERT INTO raw_group_villages (group_id, region_code) VALUES (?, ?)"
                    " ON CONFLICT (group_id) DO UPDATE SET region_code = excluded.region_code",
                    (d["group_id"], region),
                )
                _add(conn, region, len(d["founders"]))
            elif event_type == "MemberJoined":
                (region,) = conn.execute(
                    "SELECT region_code FROM raw_group_villages WHERE group_id = ?",
                    (d["group_id"],),
                ).fetchone()
                _add(conn, region, 1)
            count += 1
        conn.execute(
            "UPDATE raw_checkpoints SET position = ? WHERE name = 'members_per_village'",
            (rows[-1][0],),
        )
        conn.execute("COMMIT")
    return count
