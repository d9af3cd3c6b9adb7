"""Purging PostgreSQL tables of erased row versions, as soon as no older snapshot needs them.

Destroying a key (or scrubbing a name) leaves the old row version in the table's files until VACUUM
removes it, and VACUUM may remove it only once no snapshot that could still see it is open
anywhere: a transaction begun before the erasure (a long report, ``pg_dump``), a prepared
transaction or a replication slot holds it back. A
[`VacuumPurger`][kimcore.adapters._postgres_vacuum.VacuumPurger] notes the first transaction id not
yet handed out when the erasure committed, and vacuums the tables once nothing older is running: at
once when possible, else from a background thread, never holding up a writer.

Seeing other roles' sessions in ``pg_stat_activity`` needs superuser or
``pg_read_all_stats``; without it those sessions are invisible here and the
purge may report done while one of them still holds an old snapshot.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any, Final

__all__ = ["DEFAULT_INTERVAL", "VacuumPurger"]

DEFAULT_INTERVAL: Final = 0.2
_log = logging.getLogger("kimcore.erasure")

_BOUND = "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint"
# Is anything still running that began before the bound (an xid older than it)?
_OLDER = """
SELECT EXISTS (
    SELECT 1 FROM pg_stat_activity
     WHERE pid <> pg_backend_pid()
       AND (age(backend_xmin) > age(b.x) OR age(backend_xid) > age(b.x))
    UNION ALL
    SELECT 1 FROM pg_prepared_xacts WHERE age(transaction) > age(b.x)
    UNION ALL
    SELECT 1 FROM pg_replication_slots
     WHERE age(xmin) > age(b.x) OR age(catalog_xmin) > age(b.x)
) FROM (SELECT (%s::bigint %% 4294967296)::text::xid AS x) AS b
"""


class VacuumPurger:
    """VACUUMs *tables* once no snapshot older than the last erasure is open."""

    def __init__(
        self,
        connect: Callable[[], AbstractContextManager[Any]],
        tables: Callable[[], Sequence[Any]],
        *,
        interval: float = DEFAULT_INTERVAL,
    ) -> None:
        self._connect = connect
        self._tables = tables
        self.interval = interval
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._bound: int | None = None
        self._closed = False
        self._worker: threading.Thread | None = None

    @property
    def pending(self) -> bool:
        """Whether erased row versions may still be in the tables' files."""
        with self._lock:
            return self._bound is not None

    def request(self) -> bool:
        """After an erasure committed: vacuum now if nothing older runs, else soon.

        ``True`` if the purge is done.
        """
        with self._connect() as conn:
            bound = int(conn.execute(_BOUND).fetchone()[0])
        with self._lock:
            if self._closed:
                return False
            self._bound = bound if self._bound is None else max(self._bound, bound)
            if self._try():
                return True
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._retry, name="kimcore-vacuum", daemon=True
                )
                self._worker.start()
            _log.info("vacuum after erasure pending: an older snapshot is still open")
            return False

    def wait(self, timeout: float | None = None) -> bool:
        """Block until nothing is pending (``True``), or *timeout* seconds pass (``False``)."""
        with self._done:
            self._done.wait_for(lambda: self._bound is None or self._closed, timeout)
            return self._bound is None

    def _try(self) -> bool:
        """Vacuum if nothing older than the bound runs; call with the lock held."""
        bound = self._bound
        assert bound is not None
        with self._connect() as conn:
            if conn.execute(_OLDER, (bound,)).fetchone()[0]:
                return False
            for table in self._tables():
                conn.execute(table)
        if self._bound == bound:
            self._bound = None
            self._done.notify_all()
        _log.debug("vacuumed after erasure")
        return self._bound is None

    def _retry(self) -> None:
        with self._done:
            while True:
                self._done.wait(self.interval)
                if self._closed or self._bound is None:
                    return
                try:
                    if self._try():
                        _log.info("vacuum after erasure done")
                except Exception as exc:
                    _log.warning("vacuum after erasure failed, will try again: %s", exc)

    def close(self) -> None:
        """Stop trying (what is pending stays for autovacuum)."""
        with self._lock:
            self._closed = True
            self._done.notify_all()
        worker = self._worker
        if worker is not None:
            worker.join()
