"""Leases: which process projects a read model or sink, one at a time (the `Lease` port).

- within one process (memory model stores, SQLite in memory): a registry of holders;
- SQLite on one machine: an exclusive ``flock`` on a file per projection in a folder beside the
  database (``kim.db.leases/``), which the kernel releases the moment the holding process dies;
- PostgreSQL: a session-level advisory lock, ``pg_try_advisory_lock(hashtext(schema),
  hashtext(name))``, on one connection per model store, released when the session ends.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["FileLease", "LocalLeases", "PostgresLeases"]

# How long a PostgreSQL lease is trusted before its session is checked again.
_RECHECK = 1.0


class LocalLeases:
    """Leases among the threads of one process."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders: dict[str, object] = {}

    def lease(self, name: str) -> _LocalLease:
        """The lease of *name* (a new handle; handles compete with each other)."""
        return _LocalLease(self, name)


class _LocalLease:
    def __init__(self, registry: LocalLeases, name: str) -> None:
        self._registry = registry
        self.name = name

    def acquire(self) -> bool:
        with self._registry._lock:
            holder = self._registry._holders.setdefault(self.name, self)
            return holder is self

    @property
    def held(self) -> bool:
        return self._registry._holders.get(self.name) is self

    def release(self) -> None:
        with self._registry._lock:
            if self._registry._holders.get(self.name) is self:
                del self._registry._holders[self.name]


class FileLease:
    """An exclusive ``flock`` on ``<database>.leases/<name>.lock``; the file names its holder."""

    def __init__(self, database: str, name: str) -> None:
        self.name = name
        self.path = Path(f"{database}.leases") / f"{name}.lock"
        self._fd: int | None = None
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        with self._lock:
            if self._fd is not None:
                return True
            self.path.parent.mkdir(exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return False
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
            self._fd = fd
            return True

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        with self._lock:
            if self._fd is not None:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
                os.close(self._fd)
                self._fd = None


class PostgresLeases:
    """Advisory locks on one connection of their own, opened when a lease is first wanted."""

    def __init__(self, conninfo: str, schema: str) -> None:
        self._conninfo = conninfo
        self._schema = schema
        self._lock = threading.Lock()
        self._conn: Any = None
        self._held: dict[str, object] = {}  # name -> the handle holding it
        self._checked = 0.0

    def lease(self, name: str) -> _PostgresLease:
        """The lease of *name* in this store's schema."""
        return _PostgresLease(self, name)

    def _alive(self) -> bool:
        import psycopg  # noqa: PLC0415 - an extra

        if self._conn is None:
            return False
        if time.monotonic() - self._checked < _RECHECK:
            return True
        try:
            self._conn.execute("SELECT 1")
        except psycopg.Error:
            self._lost()
            return False
        self._checked = time.monotonic()
        return True

    def _lost(self) -> None:
        # The session is gone, and its advisory locks with it.
        self._held.clear()
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def acquire(self, name: str, handle: object) -> bool:
        import psycopg  # noqa: PLC0415

        with self._lock:
            alive = self._alive()
            if name in self._held and alive:
                return self._held[name] is handle
            try:
                if self._conn is None:
                    self._conn = psycopg.connect(self._conninfo, autocommit=True)
                    self._checked = time.monotonic()
                row = self._conn.execute(
                    "SELECT pg_try_advisory_lock(hashtext(%s), hashtext(%s))",
                    (self._schema, name),
                ).fetchone()
            except psycopg.Error:
                self._lost()
                return False
            if row[0]:
                self._held[name] = handle
            return bool(row[0])

    def held(self, name: str, handle: object) -> bool:
        return self._held.get(name) is handle

    def release(self, name: str, handle: object) -> None:
        import psycopg  # noqa: PLC0415

        with self._lock:
            if self._held.get(name) is not handle:
                return
            del self._held[name]
            try:
                self._conn.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s), hashtext(%s))", (self._schema, name)
                )
            except psycopg.Error:
                self._lost()

    def close(self) -> None:
        """Release every lease (by ending the session)."""
        with self._lock:
            self._lost()


class _PostgresLease:
    def __init__(self, leases: PostgresLeases, name: str) -> None:
        self._leases = leases
        self.name = name

    def acquire(self) -> bool:
        return self._leases.acquire(self.name, self)

    @property
    def held(self) -> bool:
        return self._leases.held(self.name, self)

    def release(self) -> None:
        self._leases.release(self.name, self)
