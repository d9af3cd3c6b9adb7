"""The steps from each PostgreSQL schema version to the next, in order.

A new schema is made as version 1 (``TABLES``) and brought up by every step; an older one by the
steps past its version. Each step runs in the opening store's transaction, under the schema's
advisory lock, so concurrent first openings migrate once. The append function is made anew after
the steps, in its current shape. What each version is: `kimcore.adapters._postgres_sql`.
"""

from __future__ import annotations

from typing import Any, Final

from psycopg import sql

from kimcore.adapters._postgres_sql import FUNCTION

__all__ = ["STEPS", "migrate"]

# (the version a step reaches, its statements separated by ";")
STEPS: Final = (
    (2, ""),  # the append function, which every migration makes anew below
    (
        3,
        "ALTER TABLE {schema}.kimcore_events ADD COLUMN IF NOT EXISTS subjects uuid[];"
        " DROP FUNCTION IF EXISTS {schema}.kimcore_append(text, integer, uuid[], text[],"
        " integer[], bytea[], bytea[], timestamptz[], uuid[], bytea[], uuid[], text)",
    ),
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
