"""The SQLite event store: the embedded default, on the standard library's sqlite3.

Design:

- WAL journal, so readers never block the writer or each other.
- Every append runs in ``BEGIN IMMEDIATE``, which takes SQLite's single write
  lock before reading the stream's version; positions (the ``INTEGER PRIMARY
  KEY``) are therefore handed out in commit order and are dense. A reader can
  never see position *p + 1* before *p*.
- ``durability`` sets ``PRAGMA synchronous``: ``"full"`` (default) survives
  power loss after a commit returns; ``"normal"`` survives an application or
  process crash but may lose the last commits on power loss; both are atomic.
- Subjects' keys live in ``kimcore_keys`` in the same file; forgetting a subject
  clears its key in the append's transaction. ``secure_delete`` zeroes freed
  content, and the log is checkpointed and truncated after the erasure, so the
  key's bytes do not linger in the file. A reader that began before the
  erasure delays that purge (never the writer): see `erasure_pending`.
- One connection per thread (sqlite3 connections are not shared across
  threads); several processes may open the same file.
"""

from __future__ import annotations

import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from kimcore._closing import Closing
from kimcore.adapters._checked import Append, CheckedReads, wait_past
from kimcore.adapters._rows import snapshot_of_row, snapshot_parameters
from kimcore.adapters._sqlite_insert import insert_events
from kimcore.adapters._sqlite_rows import COLUMNS, duplicate_of, recorded_by, row_of, rows_of
from kimcore.adapters._sqlite_schema import SCHEMA_VERSION, current, migrate
from kimcore.adapters._sqlite_threads import ThreadConnections
from kimcore.adapters.kek import KeyWrapper, ring
from kimcore.adapters.keys import new_keys_of
from kimcore.adapters.sqlite_keys import SqliteKeyStore
from kimcore.adapters.sqlite_purge import WalPurger, backup
from kimcore.application.ports.store import (
    ANY_VERSION,
    Snapshot,
    after_snapshot,
    read_with_keys_in_parts,
    stored_events,
)
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import (
    StoreError,
    StoreUnavailable,
    WrongExpectedVersion,
)

__all__ = ["SCHEMA_VERSION", "SqliteKeyStore", "SqliteStore"]


Durability = Literal["full", "normal"]


class SqliteStore(CheckedReads[SqliteKeyStore], Closing):
    """An event store in one SQLite file (or ``":memory:"`` for one connection's life)."""

    def __init__(
        self,
        path: str | Path,
        *,
        durability: Durability = "full",
        busy_timeout: float = 30.0,
        key_wrapper: KeyWrapper | None = None,
    ) -> None:
        if durability not in ("full", "normal"):
            raise StoreError(f"durability must be 'full' or 'normal', got {durability!r}")
        self.path = str(path)
        self.durability = durability
        self.busy_timeout = busy_timeout
        self._connections = ThreadConnections(
            self._connect, lambda: StoreError(f"the store at {self.path!r} is closed")
        )
        self._appended = threading.Condition()
        self._indexed_after = 0
        self._keys = SqliteKeyStore(self.connection, ring(key_wrapper))
        self._purger = None if self.path == ":memory:" else WalPurger(self.path)
        try:
            self._migrate()
            if self._purger is not None:
                self._purger.finish_left_over()
        except BaseException:
            self.close()  # a store that cannot open keeps no connection open
            raise

    # -- connections --------------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """The calling thread's connection, opened on first use."""
        return self._connections.get()

    @property
    def _closed(self) -> bool:
        return self._connections.closed

    def _connect(self) -> sqlite3.Connection:
        folder = Path(self.path).parent
        if self.path != ":memory:" and not folder.is_dir():
            raise StoreUnavailable(f"cannot open {self.path}: the folder {folder} does not exist")
        try:
            conn = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False, timeout=self.busy_timeout
            )
        except sqlite3.Error as exc:
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from None
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self.durability.upper()}")
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreUnavailable(f"cannot open {self.path}: {exc}") from None
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction holding SQLite's write lock from its start."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def _migrate(self) -> None:
        conn = self.connection()
        indexed_after = current(conn)
        if indexed_after is not None and not self._keys.must_wrap(conn, self.path):
            self._indexed_after = indexed_after
            return
        try:
            with self.transaction() as conn:
                self._indexed_after = migrate(conn, self.path)
                self._keys.check_kek_in(conn, self.path)
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc):
                raise
            # Another process (``kimcore project rebuild --all``) held the write lock for the
            # whole busy timeout: say so in one line rather than fail with SQLite's words.
            raise StoreUnavailable(
                f"cannot open {self.path}: another process has held its write lock for"
                f" {self.busy_timeout:g} s (a rebuild?); try again when it is done"
            ) from None

    def rotate_kek(self, new: KeyWrapper) -> int:
        """Wrap every key with *new* instead, in one transaction; return how many.

        No event is touched. Keys wrapped by the old KEK may linger in the file until readers allow
        a purge, as after an erasure
        ([`erasure_pending`][kimcore.stores.SqliteStore.erasure_pending]). Without a KEK so far,
        this wraps the keys for the first time.
        """
        ring_new = ring(new)
        assert ring_new is not None
        with self.transaction() as conn:
            count = self._keys.rewrap_in(conn, self._keys.wrapper, ring_new)
        self._keys.wrapper = ring_new
        if self._purger is not None:
            self._purger.request()
        return count

    def schema_version(self) -> int:
        """The schema version recorded in the file."""
        row = (
            self.connection()
            .execute("SELECT value FROM kimcore_meta WHERE key = 'schema_version'")
            .fetchone()
        )
        return int(row[0])

    # -- the port -----------------------------------------------------------------

    def _write(self, append: Append) -> tuple[StoredEvent, ...]:
        """Append the events in one transaction after checking the expected version."""
        stream_id, events, expected_version, forget = append
        made = new_keys_of(events, forget)
        with self.transaction() as conn:
            version, head = conn.execute(
                "SELECT coalesce((SELECT max(stream_version) FROM kimcore_events"
                " WHERE stream_id = ?), 0),"
                " coalesce((SELECT max(position) FROM kimcore_events), 0)",
                (stream_id,),
            ).fetchone()
            if expected_version not in (ANY_VERSION, version):
                raise WrongExpectedVersion(stream_id, expected_version, version)
            stored = stored_events(stream_id, events, version, head)
            try:
                insert_events(conn, rows_of(stored, events))
            except sqlite3.IntegrityError as exc:
                raise duplicate_of(conn, events, head, exc) from exc
            self._keys.write_in(conn, made)
            if forget:
                self._keys.destroy_in(conn, forget)
        self._keys.saw(made)
        if forget and self._purger is not None:
            # The destroyed key's old page is still in the file and the log
            # until a checkpoint: now, or as soon as readers allow.
            self._purger.request()
        if stored:
            with self._appended:
                self._appended.notify_all()
        return stored

    def _stream(self, stream_id: str, from_version: int, limit: int | None) -> list[StoredEvent]:
        """Events of *stream_id* from *from_version* on."""
        rows = self.connection().execute(
            f"SELECT {COLUMNS} FROM kimcore_events WHERE stream_id = ? AND stream_version >= ?"
            " ORDER BY stream_version LIMIT ?",
            (stream_id, from_version, -1 if limit is None else limit),
        )
        return [row_of(r) for r in rows]

    def _page(self, after: int, limit: int) -> list[StoredEvent]:
        """At most *limit* events with ``position > after``."""
        rows = self.connection().execute(
            f"SELECT {COLUMNS} FROM kimcore_events WHERE position > ? ORDER BY position LIMIT ?",
            (after, limit),
        )
        return [row_of(r) for r in rows]

    def _version(self, stream_id: str) -> int:
        """The stream's version (0 when empty)."""
        row = (
            self.connection()
            .execute(
                "SELECT max(stream_version) FROM kimcore_events WHERE stream_id = ?", (stream_id,)
            )
            .fetchone()
        )
        return int(row[0] or 0)

    def head_position(self) -> int:
        """The last position (0 when empty)."""
        row = self.connection().execute("SELECT max(position) FROM kimcore_events").fetchone()
        return int(row[0] or 0)

    def _count_after(self, after: int, limit: int) -> int:
        """Events past *after*, at most *limit*, counted on the position index."""
        row = (
            self.connection()
            .execute(
                "SELECT count(*) FROM"
                " (SELECT 1 FROM kimcore_events WHERE position > ? ORDER BY position LIMIT ?)",
                (after, limit),
            )
            .fetchone()
        )
        return int(row[0])

    def _save_snapshot(self, snapshot: Snapshot) -> None:
        """Keep *snapshot* unless a later one is kept."""
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO kimcore_snapshots"
                " (stream_id, stream_version, state_type, schema_version, data)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET"
                " stream_version = excluded.stream_version, state_type = excluded.state_type,"
                " schema_version = excluded.schema_version, data = excluded.data"
                " WHERE excluded.stream_version > kimcore_snapshots.stream_version",
                snapshot_parameters(snapshot),
            )

    def _snapshot(self, stream_id: str) -> Snapshot | None:
        """The stream's latest snapshot."""
        row = (
            self.connection()
            .execute(
                "SELECT stream_version, state_type, schema_version, data FROM kimcore_snapshots"
                " WHERE stream_id = ?",
                (stream_id,),
            )
            .fetchone()
        )
        return snapshot_of_row(stream_id, row)

    def _from_snapshot(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent]]:
        """The stream's latest snapshot and the events after it: one query without a snapshot."""
        rows = self.connection().execute(
            f"SELECT {COLUMNS} FROM kimcore_events WHERE stream_id = :stream AND stream_version >"
            " coalesce((SELECT stream_version FROM kimcore_snapshots WHERE stream_id = :stream), 0)"
            " ORDER BY stream_version",
            # Named, not ?1: early 3.12 releases take ?1 for a named placeholder and warn that
            # a sequence for it will be an error (python/cpython#117995).
            {"stream": stream_id},
        )
        return after_snapshot(self, stream_id, [row_of(r) for r in rows])

    def read_with_keys(self, stream_id: str) -> tuple[Snapshot | None, list[StoredEvent], Keys]:
        """The stream's latest snapshot, the events after it, and their subjects' keys."""
        return read_with_keys_in_parts(self, stream_id)

    def _recorded_by(self, stream_id: str, command_id: uuid.UUID) -> list[StoredEvent]:
        """The events of *stream_id* that command *command_id* caused, found by the indexes.

        The first event of each run of one cause is found by the index of causes, or, when its
        id is its cause, by the index of event ids; the rest of the run follows it in the stream
        (`kimcore.adapters._sqlite_rows.recorded_by` says how rows of older schema versions are
        found).
        """
        return recorded_by(self.connection(), stream_id, command_id, self._indexed_after)

    # -- erasure ------------------------------------------------------------------

    def erasure_pending(self) -> bool:
        """Whether a destroyed key's bytes may still be read from the file or its log.

        True while a reader that began before the erasure (a long report, a
        backup by another tool) keeps the old pages in use; the store purges
        them as soon as that reader ends, without holding up any writer.
        """
        return self._purger is not None and self._purger.pending

    def wait_for_erasure(self, timeout: float | None = None) -> bool:
        """Block until no erasure is pending (``True``) or *timeout* seconds pass (``False``)."""
        return self._purger is None or self._purger.wait(timeout)

    def backup(self, target: str | Path, *, attempts: int = 5) -> Path:
        """Copy the store to the new file *target*, consistent and with no destroyed key in it.

        The copy is taken from one snapshot by SQLite's online backup, so writers go on meanwhile.
        A copy holds only the current page of every key, so a key destroyed before the snapshot is
        not in it; if a subject is forgotten while the copy is made, the copy would hold a key the
        store no longer has, so it is made again (up to *attempts* times, then
        [`StoreError`][kimcore.errors.StoreError]). Copies made by other means (``cp``, ``sqlite3
        .backup``) cooperate with nothing: see ``docs/stores.md``.
        """
        return backup(self.connection(), target, attempts=attempts, path=self.path)

    # -- following ----------------------------------------------------------------

    def wait(self, after: int, timeout: float) -> bool:
        """Block until the head passes *after* (another thread's or process's append), or *timeout*.

        Appends in this process wake waiters at once; other processes' are
        seen by polling every 50 ms.
        """
        return wait_past(self, after, timeout, self._await_append)

    def _await_append(self, remaining: float) -> None:
        """Until this process appends, or 50 ms pass (at most *remaining* seconds)."""
        with self._appended:
            self._appended.wait(min(remaining, 0.05))

    def close(self) -> None:
        """Close the store (trying a pending purge once more).

        The calling thread's connection closes now; another thread's closes at that thread's next
        use of the store, which fails, or when the thread ends: never under a statement it runs.
        """
        if self._closed:
            return
        self._connections.close()
        if self._purger is not None:
            self._purger.close()
        with self._appended:
            self._appended.notify_all()
