"""Purging a SQLite file of erased bytes without making any writer wait for readers.

When a key is destroyed (or a name scrubbed from a read model), the new page
goes to the write-ahead log and the old one, still holding the bytes, stays in
the main file until a checkpoint copies the new page over it; the log's own
old frames hold them too until it is truncated. A checkpoint cannot overwrite
a page that an open read transaction may still need, so a reader that began
before the erasure (a long report, ``sqlite3 … .backup``) keeps the bytes
readable until it ends.

A [`WalPurger`][kimcore.adapters.sqlite_purge.WalPurger] tries a ``TRUNCATE`` checkpoint at once
without waiting (its own connection has no busy timeout). If readers are in the way the purge is
*pending*: a background thread tries again every *interval* seconds, and `wait` tells a caller when
it is done. No writer is ever held up.
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Final

from kimcore.vocabulary.errors import StoreError

__all__ = ["DEFAULT_INTERVAL", "WalPurger", "backup"]

DEFAULT_INTERVAL: Final = 0.1
_log = logging.getLogger("kimcore.erasure")


class WalPurger:
    """Makes erased bytes in the SQLite file at *path* unreadable, as soon as readers allow."""

    def __init__(self, path: str, *, interval: float = DEFAULT_INTERVAL) -> None:
        self.path = path
        self.interval = interval
        self._lock = threading.Lock()
        self._done = threading.Condition(self._lock)
        self._conn: sqlite3.Connection | None = None
        self._pending = False
        self._closed = False
        self._worker: threading.Thread | None = None

    @property
    def pending(self) -> bool:
        """Whether erased bytes may still be read from the file or its log."""
        with self._lock:
            return self._pending

    def request(self) -> bool:
        """Purge now if readers allow, else keep trying in the background; ``True`` if done."""
        with self._lock:
            if self._closed:
                return False
            self._pending = True
            if self._try():
                return True
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._retry, name=f"kimcore-purge-{self.path}", daemon=True
                )
                self._worker.start()
            _log.info("purge of %s pending: a reader holds an older snapshot", self.path)
            return False

    def finish_left_over(self) -> None:
        """An earlier process may have died with a purge pending: finish it, without waiting.

        Finding out reads the whole key table (a forgotten key has no index), seconds on a
        nation's store: a thread of its own does it, so opening the store does not wait. Until
        it knows, a purge counts as pending (`wait` waits for the answer).
        """
        wal = Path(f"{self.path}-wal")
        if not wal.exists() or wal.stat().st_size == 0:
            return
        with self._lock:
            self._pending = True
        threading.Thread(
            target=self._left_over, name=f"kimcore-purge-check-{self.path}", daemon=True
        ).start()

    def _left_over(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30.0)
            try:
                found = conn.execute(
                    "SELECT 1 FROM kimcore_keys WHERE key IS NULL LIMIT 1"
                ).fetchone()
            finally:
                conn.close()
        except sqlite3.Error as exc:  # the file went away or is locked: the next open retries
            _log.warning("could not look for a purge left over in %s: %s", self.path, exc)
            found = None
        if found:
            self.request()
            return
        with self._lock:
            self._pending = False
            self._done.notify_all()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no purge is pending (``True``), or *timeout* seconds pass (``False``)."""
        with self._done:
            return self._done.wait_for(lambda: not self._pending or self._closed, timeout) and (
                not self._pending
            )

    def _try(self) -> bool:
        """One checkpoint that gives up at once when blocked; call with the lock held."""
        if self._conn is None:
            # No busy timeout: a blocked checkpoint answers "busy" at once.
            self._conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=0
            )
        busy, frames, copied = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        if busy == 0 and frames == copied:
            self._pending = False
            self._done.notify_all()
            _log.debug("purged %s: the log is copied and truncated", self.path)
            return True
        return False

    def _retry(self) -> None:
        with self._done:
            while True:
                self._done.wait(self.interval)
                if self._closed or not self._pending:
                    return
                try:
                    if self._try():
                        _log.info("purge of %s done", self.path)
                except sqlite3.Error as exc:  # pragma: no cover - the file went away
                    _log.warning("purge of %s failed: %s", self.path, exc)

    def close(self) -> None:
        """Try once more, then stop trying and close the connection."""
        with self._lock:
            if self._closed:
                return
            if self._pending:
                with contextlib.suppress(sqlite3.Error):  # the file may be gone
                    self._try()
            self._closed = True
            self._done.notify_all()
            if self._conn is not None:
                self._conn.close()
                self._conn = None
        worker = self._worker
        if worker is not None:
            worker.join()


def backup(
    source: sqlite3.Connection, target: str | Path, *, attempts: int = 5, path: str = ""
) -> Path:
    """Copy the database of *source* to the new file *target* with no destroyed key in it.

    See [`kimcore.SqliteStore.backup`][kimcore.stores.SqliteStore.backup].
    """
    destination = Path(target)
    if destination.exists():
        raise StoreError(f"{destination} exists; a backup goes to a new file")
    for _ in range(attempts):
        before = _erasure_mark(source)
        copy = sqlite3.connect(destination)
        try:
            source.backup(copy)
        finally:
            copy.close()
        if _erasure_mark(source) == before:
            return destination
        destination.unlink()
    raise StoreError(
        f"subjects were forgotten during each of {attempts} backups of {path}; try again"
    )


def _erasure_mark(conn: sqlite3.Connection) -> tuple[int, str | None]:
    """How many keys are destroyed, and when the last was: any erasure changes it."""
    count, last = conn.execute(
        "SELECT count(*), max(forgotten_at) FROM kimcore_keys WHERE key IS NULL"
    ).fetchone()
    return int(count), last
