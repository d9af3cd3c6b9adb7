"""Read models in a PostgreSQL schema, checkpoints beside them (needs ``kimcore[postgres]``)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from kimcore.adapters._leases import PostgresLeases
from kimcore.adapters._sql_dialects import PostgresDialect
from kimcore.adapters.models_sql import SqlModels
from kimcore.application.ports.models import Lease
from kimcore.vocabulary.errors import ReadModelError

__all__ = ["PostgresModels"]


class PostgresModels(SqlModels):
    """Read models in a PostgreSQL schema (needs ``kimcore[postgres]``)."""

    bulk_writes = True

    def __init__(self, conninfo: str, *, schema: str = "kimcore_models") -> None:
        super().__init__()
        import psycopg  # noqa: PLC0415 - an extra

        if not schema.isidentifier() or not schema.islower():
            raise ReadModelError(f"schema must be a lower-case identifier, got {schema!r}")
        self.dialect = PostgresDialect(schema)
        self.conninfo = conninfo
        self.schema = schema
        self._lock = threading.RLock()
        self._conn = psycopg.connect(conninfo, autocommit=True)
        try:
            with self._cursor() as cursor:
                self.dialect.lock_ddl(cursor)
                cursor.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        except BaseException:
            self._conn.close()
            raise
        self._leases = PostgresLeases(conninfo, schema)

    def lease(self, name: str) -> Lease:
        """The lease of projection *name*: an advisory lock on a connection of its own."""
        return self._leases.lease(name)

    @contextmanager
    def _cursor(self) -> Iterator[Any]:
        with self._lock, self._conn.transaction():
            yield self._conn

    def purge_erased(self) -> None:
        """Nothing to do here: dead row versions stay until VACUUM (see docs/personal-data.md)."""

    def drop(self) -> None:
        """Drop the schema and everything in it (tests, throwaway models)."""
        with self._lock:
            self._conn.execute(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE')

    def close(self) -> None:
        """Close the connections (and with them every lease held)."""
        self._leases.close()
        with self._lock:
            self._conn.close()
