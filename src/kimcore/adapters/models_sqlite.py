"""Read models in a SQLite file, the event store's own or another, checkpoints beside them."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from kimcore.adapters._leases import FileLease, LocalLeases
from kimcore.adapters._sql_dialects import SqliteDialect
from kimcore.adapters.models_sql import SqlModels
from kimcore.adapters.sqlite_purge import WalPurger
from kimcore.application.ports.models import Lease
from kimcore.vocabulary.errors import ReadModelError

__all__ = ["SqliteModels"]


class SqliteModels(SqlModels):
    """Read models in a SQLite file: the event store's own file, or another."""

    # The pages this connection keeps in memory, at most (SQLite's default is 2 MiB): a
    # projection inserts rows by random keys (ids) all over its tables' B-trees, and with
    # the default it reads and writes most pages again for each page of events (a rebuild
    # spent a third of its time there). Memory taken as used, never beyond this.
    cache_kib = 65_536

    def __init__(self, path: str, *, durability: str = "full") -> None:
        super().__init__()
        if durability not in ("full", "normal"):
            raise ReadModelError(f"durability must be 'full' or 'normal', got {durability!r}")
        self.dialect = SqliteDialect()
        self.path = path
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(
            path, isolation_level=None, check_same_thread=False, timeout=30.0
        )
        try:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute(f"PRAGMA synchronous={durability.upper()}")
            self._conn.execute("PRAGMA secure_delete=ON")  # scrubbed names leave no old bytes
            self._conn.execute(f"PRAGMA cache_size=-{int(self.cache_kib)}")
        except BaseException:
            self._conn.close()  # not a database, or locked: keep no connection open
            raise
        self._purger = WalPurger(path) if path != ":memory:" else None
        self._local = LocalLeases() if path == ":memory:" else None

    def lease(self, name: str) -> Lease:
        """The lease of projection *name*: a ``flock`` on ``<file>.leases/<name>.lock``."""
        if self._local is not None:
            return self._local.lease(name)
        return FileLease(self.path, name)

    @contextmanager
    def _cursor(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        # A deferred transaction reads a snapshot of the WAL; BEGIN IMMEDIATE would take
        # the file's one write lock and wait behind every page being projected.
        with self._lock:
            self._conn.execute("BEGIN")
            try:
                yield self._conn
            finally:
                self._conn.execute("COMMIT")

    def purge_erased(self) -> None:
        """Copy the log into the file and truncate it (its old frames held the scrubbed rows).

        At once if no reader holds an older snapshot, else as soon as none does,
        in the background: the projection is never held up.
        """
        if self._purger is not None:
            self._purger.request()

    def erasure_pending(self) -> bool:
        """Whether scrubbed bytes may still be read from the file or its log."""
        return self._purger is not None and self._purger.pending

    def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Block until no purge is pending (``True``) or *timeout* seconds pass."""
        return self._purger is None or self._purger.wait(timeout)

    def close(self) -> None:
        """Close the connection (trying a pending purge once more)."""
        if self._purger is not None:
            self._purger.close()
        with self._lock:
            self._conn.close()
