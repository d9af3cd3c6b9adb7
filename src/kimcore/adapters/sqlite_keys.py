"""The SQLite store's key store: subjects' keys in ``kimcore_keys``, beside the events."""

from __future__ import annotations

import datetime as dt
import sqlite3
import uuid
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING

from kimcore._uuid import uuid_from_bytes
from kimcore.adapters.errors import KeyConflict
from kimcore.adapters.keys import PendingKeyStore, hex_subject
from kimcore.domain.errors import SubjectForgotten

if TYPE_CHECKING:
    from kimcore.adapters.sqlite import SqliteStore

__all__ = ["SqliteKeyStore"]


class SqliteKeyStore(PendingKeyStore):
    """Subjects' keys in the ``kimcore_keys`` table of a :class:`SqliteStore`.

    New keys ride in the next append's transaction (see
    :class:`~kimcore.adapters.keys.PendingKeyStore`). If another writer stored
    a different key for the subject first, that append raises
    :class:`~kimcore.adapters.errors.KeyConflict` (a concurrency conflict the
    application service retries, re-encoding with the stored key).
    """

    def __init__(self, store: SqliteStore) -> None:
        super().__init__()
        self._store = store

    def _stored(self, ids: list[bytes]) -> Iterator[tuple[bytes, bytes | None]]:
        """``(subject's 16 bytes, key or None)`` for those of *ids* the table holds."""
        conn = self._store.connection()
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

    def get_many_hex(self, subjects: Collection[str]) -> dict[str, bytes]:
        """The stored keys of those *subjects* (32 hex digits each) that have one."""
        ids = [bytes.fromhex(hex_subject(subject)) for subject in subjects]
        return {subject.hex(): key for subject, key in self._stored(ids) if key is not None}

    def write_in(self, conn: sqlite3.Connection, made: dict[uuid.UUID, bytes]) -> None:
        """Store the new keys *made* (this thread's pending ones) in the caller's transaction."""
        if not made:
            return
        before = conn.total_changes
        conn.executemany(
            "INSERT INTO kimcore_keys (subject, key) VALUES (?, ?) ON CONFLICT DO NOTHING",
            [(s.bytes, key) for s, key in made.items()],
        )
        if conn.total_changes - before == len(made):
            return  # every key was new: no race to look for
        for subject, key in made.items():
            stored, forgotten = conn.execute(
                "SELECT key, forgotten_at FROM kimcore_keys WHERE subject = ?", (subject.bytes,)
            ).fetchone()
            if stored == key and forgotten is None:
                continue  # this append's own key
            self.refused([subject])
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
