"""The PostgreSQL store's key store: subjects' keys in ``kimcore_keys``, in the store's schema."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import TYPE_CHECKING

from kimcore.adapters._pg_arrays import uuid_array
from kimcore.adapters.errors import KeyConflict
from kimcore.adapters.keys import PendingKeyStore, hex_subject
from kimcore.domain.errors import SubjectForgotten

if TYPE_CHECKING:
    from kimcore.adapters.postgres import PostgresStore

__all__ = ["PostgresKeyStore"]


class PostgresKeyStore(PendingKeyStore):
    """Subjects' keys in ``kimcore_keys``; new keys ride in the next append's transaction.

    Same contract as :class:`~kimcore.adapters.sqlite.SqliteKeyStore`: a key made
    while encoding is written by the making thread's next append, and a race
    with another writer for the same subject raises
    :class:`~kimcore.adapters.errors.KeyConflict`.
    """

    def __init__(self, store: PostgresStore) -> None:
        super().__init__()
        self._store = store

    def _rows(self, subjects: Collection[uuid.UUID]) -> list[tuple[uuid.UUID, bytes | None]]:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""
        if not subjects:
            return []
        with self._store.connection() as conn:
            rows: list[tuple[uuid.UUID, bytes | None]] = conn.execute(
                self._store._q("SELECT subject, key FROM {keys} WHERE subject = ANY(%s)"),
                (list(subjects),),
            ).fetchall()
        return rows

    def get_many_hex(self, subjects: Collection[str]) -> dict[str, bytes]:
        """The stored keys of those *subjects* (32 hex digits each) that have one."""
        if not subjects:
            return {}
        with self._store.connection() as conn:
            rows = conn.execute(
                self._store._q(
                    "SELECT replace(subject::text, '-', ''), key FROM {keys}"
                    " WHERE subject = ANY(%s::uuid[]) AND key IS NOT NULL"
                ),
                (uuid_array(hex_subject(subject) for subject in subjects),),
            ).fetchall()
        return {subject: bytes(key) for subject, key in rows}

    def refusal(self, made: dict[uuid.UUID, bytes]) -> Exception:
        """Why an append's new keys were refused: a tombstone, or another writer's key."""
        rows = self._rows(list(made))
        self.refused([subject for subject, _ in rows])
        for subject, key in rows:
            if key is None:
                return SubjectForgotten(subject)
        subjects = ", ".join(str(subject) for subject, _ in rows)
        return KeyConflict(f"another writer made the key of subject {subjects} first")
