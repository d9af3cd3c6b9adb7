"""The raw side for PostgreSQL: plain psycopg and orjson on an equivalent table."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Any

import orjson
import psycopg
from raw_sqlite import fold, fold_group

# Written out, not taken from kimcore.adapters._postgres_sql: the raw side is the floor kimcore
# is measured against, and must not move when kimcore's schema does; kimcore's also holds the
# causation column and index, the subjects' keys, snapshots and a meta table, left out here.
SCHEMA = """
CREATE TABLE IF NOT EXISTS raw_events (
    position bigserial PRIMARY KEY,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    schema_version integer NOT NULL,
    data bytea NOT NULL,
    metadata bytea NOT NULL,
    recorded_at timestamptz NOT NULL,
    UNIQUE (stream_id, stream_version)
)
"""
INSERT = (
    "INSERT INTO raw_events (stream_id, stream_version, event_id, event_type, schema_version,"
    " data, metadata, recorded_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
)


def connect(url: str) -> psycopg.Connection[Any]:
    base, _, query = url.partition("?")
    schema = dict(p.split("=") for p in query.split("&") if p).get("schema", "public")
    conn = psycopg.connect(base)
    # W5's writers open the same schema at once: CREATE SCHEMA IF NOT EXISTS races.
    conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (schema,))
    conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    conn.execute(f'SET search_path TO "{schema}"')
    conn.execute(SCHEMA)
    conn.commit()
    return conn


def _row(stream: str, version: int, event_type: str, data: dict[str, Any]) -> tuple[Any, ...]:
    return (
        stream,
        version,
        uuid.uuid4(),
        event_type,
        1,
        orjson.dumps(data),
        orjson.dumps({"c": str(uuid.uuid4())}),
        dt.datetime.now(dt.UTC),
    )


def append_one(
    conn: psycopg.Connection[Any], stream: str, event_type: str, data: dict[str, Any]
) -> None:
    with conn.transaction():
        row = conn.execute(
            "SELECT coalesce(max(stream_version), 0) FROM raw_events WHERE stream_id = %s",
            (stream,),
        ).fetchone()
        assert row is not None
        conn.execute(INSERT, _row(stream, row[0] + 1, event_type, data))


def append_batch(
    conn: psycopg.Connection[Any], stream: str, batch: list[tuple[str, dict[str, Any]]]
) -> None:
    with conn.transaction():
        conn.execute(
            "SELECT coalesce(max(stream_version), 0) FROM raw_events WHERE stream_id = %s",
            (stream,),
        )
        with conn.cursor() as cur:
            cur.executemany(
                INSERT, [_row(stream, n, t, d) for n, (t, d) in enumerate(batch, start=1)]
            )


def load(conn: psycopg.Connection[Any], stream: str) -> dict[str, dict[str, Any]]:
    rows = conn.execute(
        "SELECT event_type, data FROM raw_events WHERE stream_id = %s ORDER BY stream_version",
        (stream,),
    ).fetchall()
    return fold_group(rows)


def read_model(conn: psycopg.Connection[Any], page: int = 1000) -> Counter[str]:
    per_village: Counter[str] = Counter()
    village_of: dict[str, str] = {}
    after = 0
    while True:
        rows = conn.execute(
            "SELECT position, event_type, data FROM raw_events WHERE position > %s"
            " ORDER BY position LIMIT %s",
            (after, page),
        ).fetchall()
        if not rows:
            return per_village
        for position, event_type, data in rows:
            fold(per_village, village_of, event_type, orjson.loads(data))
            after = position
