"""How each SQL database is spoken by the model stores: marks, types, names, its catalogue."""

from __future__ import annotations

from typing import Any, ClassVar

__all__ = ["PostgresDialect", "SqliteDialect"]


class SqliteDialect:
    """How SQLite is spoken: its parameter mark, types, and catalogue questions."""

    mark = "?"
    types: ClassVar[dict[str, str]] = {"text": "TEXT", "int": "INTEGER"}
    lock_row = ""  # BEGIN IMMEDIATE already holds the database's one write lock
    tally_indexes = True  # GROUP BY sorts unless an index gives the groups in order
    postgres = False

    def name(self, table: str) -> str:
        return f'"{table}"'

    def lock_ddl(self, cursor: Any) -> None:
        """Serialise schema changes; SQLite's BEGIN IMMEDIATE already does."""

    def exists(self, cursor: Any, table: str) -> bool:
        return bool(
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).fetchone()
        )

    def has_column(self, cursor: Any, table: str, column: str) -> bool:
        return bool(
            cursor.execute(
                "SELECT 1 FROM pragma_table_info(?) WHERE name = ?", (table, column)
            ).fetchone()
        )

    def has_index(self, cursor: Any, index: str) -> bool:
        return bool(
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?", (index,)
            ).fetchone()
        )


class PostgresDialect(SqliteDialect):
    """How PostgreSQL is spoken, in the schema *schema*."""

    mark = "%s"
    types: ClassVar[dict[str, str]] = {"text": "text", "int": "bigint"}
    # A page's transaction locks its checkpoint row first, and a reset does too before
    # touching a table: both take their locks in one order, so neither waits on the other
    # in a circle.
    lock_row = " FOR UPDATE"
    tally_indexes = False  # HashAggregate: no order needed
    postgres = True

    def __init__(self, schema: str) -> None:
        self.schema = schema

    def name(self, table: str) -> str:
        return f'"{self.schema}"."{table}"'

    def lock_ddl(self, cursor: Any) -> None:
        # Concurrent CREATE ... IF NOT EXISTS can still collide in PostgreSQL's
        # catalogue (a unique violation on pg_type): take turns per schema.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"kimcore:{self.schema}",))

    def exists(self, cursor: Any, table: str) -> bool:
        row = cursor.execute("SELECT to_regclass(%s)", (self.name(table),)).fetchone()
        return row is not None and row[0] is not None

    def has_index(self, cursor: Any, index: str) -> bool:
        row = cursor.execute("SELECT to_regclass(%s)", (f'"{self.schema}"."{index}"',)).fetchone()
        return row is not None and row[0] is not None

    def has_column(self, cursor: Any, table: str, column: str) -> bool:
        return bool(
            cursor.execute(
                "SELECT 1 FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = %s AND column_name = %s",
                (self.schema, table, column),
            ).fetchone()
        )
