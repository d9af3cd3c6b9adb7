"""The SQLite store's key store: subjects' keys in ``kimcore_keys``, beside the events."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Callable, Collection, Iterator

from kimcore._uuid import uuid_from_bytes
from kimcore.adapters._sqlite_insert import insert_keys
from kimcore.adapters.kek import Keyring, check_kek, rewrapped
from kimcore.adapters.keys import SqlKeyStore
from kimcore.vocabulary.errors import KeyConflict, SubjectForgotten

__all__ = ["SqliteKeyStore"]


class SqliteKeyStore(SqlKeyStore):
    """Subjects' keys in the ``kimcore_keys`` table of a SQLite file.

    *connection* gives the calling thread's connection to that file (a
    [`SqliteStore`][kimcore.stores.SqliteStore] passes its own ``connection``).

    New keys ride in the transaction of the append that carries them (see
    [`SqlKeyStore`][kimcore.adapters.keys.SqlKeyStore]). If another writer stored a
    different key for the subject first, that append raises
    [`KeyConflict`][kimcore.errors.KeyConflict] (a concurrency conflict the application service
    retries, re-encoding with the stored key).
    """

    def __init__(
        self, connection: Callable[[], sqlite3.Connection], wrapper: Keyring | None = None
    ) -> None:
        super().__init__(wrapper)
        self._connection = connection

    def _stored(self, ids: list[bytes]) -> Iterator[tuple[bytes, bytes | None]]:
        """``(subject's 16 bytes, key or None)`` for those of *ids* the table holds."""
        conn = self._connection()
        for start in range(0, len(ids), 500):  # under the 999 parameters older builds allow
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            yield from conn.execute(
                f"SELECT subject, key FROM kimcore_keys WHERE subject IN ({marks})", chunk
            )

    def _rows(self, subjects: Collection[uuid.UUID]) -> Iterator[tuple[uuid.UUID, bytes | None]]:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""
        for subject, key in self._stored([s.bytes for s in subjects]):
            yield uuid_from_bytes(subject), key

    def write_in(self, conn: sqlite3.Connection, made: dict[uuid.UUID, bytes]) -> None:
        """Store the new keys *made* (those the append carries) in the caller's transaction."""
        if not made:
            return
        written = insert_keys(conn, [(s.bytes, key) for s, key in self.for_storage(made).items()])
        if written == len(made):
            return  # every key was new: no race to look for
        for subject, key in made.items():
            stored, forgotten = conn.execute(
                "SELECT key, forgotten_at FROM kimcore_keys WHERE subject = ?", (subject.bytes,)
            ).fetchone()
            if forgotten is None and self.opened(subject.bytes, stored) == key:
                continue  # this append's own key
            self.saw([subject])
            if forgotten is not None:
                raise SubjectForgotten(subject)
            raise KeyConflict(f"another writer made the key of subject {subject} first")

    def destroy_in(self, conn: sqlite3.Connection, subjects: Collection[uuid.UUID]) -> None:
        """Destroy the subjects' keys inside the caller's transaction, leaving tombstones."""
        now = dt.datetime.now(dt.UTC).isoformat()
        conn.executemany(
            "INSERT INTO kimcore_keys (subject, key, forgotten_at) VALUES (?, NULL, ?)"
            " ON CONFLICT (subject) DO UPDATE SET key = NULL, forgotten_at = excluded.forgotten_at",
            [(s.bytes, now) for s in subjects],
        )

    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        rows = self._connection().execute(
            "SELECT subject FROM kimcore_keys WHERE key IS NULL ORDER BY subject"
        )
        return [uuid_from_bytes(subject) for (subject,) in rows]

    def must_wrap(self, conn: sqlite3.Connection, where: str) -> bool:
        """Whether opening must wrap plain keys (a write); `WrongKek` for a wrong KEK."""
        row = conn.execute("SELECT value FROM kimcore_meta WHERE key = 'kek_id'").fetchone()
        return check_kek(None if row is None else row[0], self.wrapper, where)

    def check_kek_in(self, conn: sqlite3.Connection, where: str) -> None:
        """On open: refuse a wrong KEK (or none, if one wrapped the keys); wrap plain keys."""
        row = conn.execute("SELECT value FROM kimcore_meta WHERE key = 'kek_id'").fetchone()
        if check_kek(None if row is None else row[0], self.wrapper, where):
            assert self.wrapper is not None
            self.rewrap_in(conn, None, self.wrapper)

    @staticmethod
    def rewrap_in(conn: sqlite3.Connection, old: Keyring | None, new: Keyring) -> int:
        """Wrap every stored key anew with *new* in the caller's transaction; how many."""
        rows = conn.execute("SELECT subject, key FROM kimcore_keys WHERE key IS NOT NULL")
        updates = rewrapped(rows.fetchall(), old, new)
        conn.executemany("UPDATE kimcore_keys SET key = ? WHERE subject = ?", updates)
        conn.execute(
            "INSERT INTO kimcore_meta (key, value) VALUES ('kek_id', ?)"
            " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (new.key_id,),
        )
        return len(updates)
