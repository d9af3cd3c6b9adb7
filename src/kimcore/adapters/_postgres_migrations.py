"""The steps from each PostgreSQL schema version to the next, in order.

A new schema is made as version 1 (``TABLES``) and brought up by every step; an older one by the
steps past its version. Each step runs in the opening store's transaction, under the schema's
advisory lock, so concurrent first openings migrate once. The append function is made anew after
the steps, in its current shape. What each version is: `kimcore.adapters._postgres_sql`.
"""

from __future__ import annotations

from typing import Any, Final

from psycopg import sql

from kimcore.adapters._postgres_queries import SCHEMA_VERSION_ROW, Statements
from kimcore.adapters._postgres_sql import FUNCTION, SCHEMA_VERSION, TABLES
from kimcore.vocabulary.errors import StoreError

__all__ = ["STEPS", "migrate", "prepare"]

# (the version a step reaches, its statements separated by ";")
STEPS: Final = (
    (2, ""),  # the append function, which every migration makes anew below
    (
        3,
        "ALTER TABLE {schema}.kimcore_events ADD COLUMN IF NOT EXISTS subjects uuid[];"
        " DROP FUNCTION IF EXISTS {schema}.kimcore_append(text, integer, uuid[], text[],"
        " integer[], bytea[], bytea[], timestamptz[], uuid[], bytea[], uuid[], text)",
    ),
    (
        4,
        "ALTER TABLE {schema}.kimcore_events ADD COLUMN IF NOT EXISTS causation_id uuid;"
        " CREATE INDEX IF NOT EXISTS kimcore_events_causation"
        " ON {schema}.kimcore_events (causation_id) WHERE causation_id IS NOT NULL;"
        " INSERT INTO {schema}.kimcore_meta (key, value) SELECT 'commands_indexed_after',"
        " coalesce(max(position), 0)::text FROM {schema}.kimcore_events"
        " ON CONFLICT (key) DO NOTHING;"
        " DROP FUNCTION IF EXISTS {schema}.kimcore_append(text, integer, uuid[], text[],"
        " integer[], bytea[], bytea[], timestamptz[], text[], uuid[], bytea[], uuid[], text)",
    ),
    (5, ""),  # only the first of a run is indexed from now on: nothing to change in the tables
)


def migrate(conn: Any, schema: sql.Identifier, found: int) -> None:
    """Bring the schema from version *found* to the current one, in *conn*'s transaction."""
    for version, statements in STEPS:
        if version <= found:
            continue
        for statement in statements.split(";"):
            if statement.strip():
                conn.execute(sql.SQL(statement).format(schema=schema))
    conn.execute(sql.SQL(FUNCTION).format(schema=schema))


def prepare(conn: Any, q: Statements, channel: str, keys: Any) -> None:
    """Make or migrate the schema *q* names, and check its KEK, in one transaction of *conn*.

    Under the schema's advisory lock (on its *channel*'s name), so concurrent
    first openings of one schema migrate once. *keys* is the opening store's
    key store (``check_kek_in``). Both PostgreSQL stores open through here, the
    async one from a worker thread.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (channel,))
        schema = sql.Identifier(q.schema)
        for statement in TABLES.split(";"):
            conn.execute(sql.SQL(statement).format(schema=schema))
        row = conn.execute(q(SCHEMA_VERSION_ROW)).fetchone()
        found = 0 if row is None else int(row[0])
        if found > SCHEMA_VERSION:
            raise StoreError(
                f"schema {q.schema!r} has schema version {found}, newer than this"
                f" kimcore ({SCHEMA_VERSION}): upgrade kimcore"
            )
        if found < SCHEMA_VERSION:
            migrate(conn, schema, found)
            conn.execute(
                q(
                    "INSERT INTO {meta} (key, value) VALUES ('schema_version', %s)"
                    " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                (str(SCHEMA_VERSION),),
            )
        keys.check_kek_in(conn, f"schema {q.schema!r}")
