"""The PostgreSQL stores' key stores: subjects' keys in ``kimcore_keys``, in the store's schema.

[`PostgresKeyStore`][kimcore.stores.PostgresKeyStore] reads them over psycopg's ``Connection``,
[`AsyncPostgresKeyStore`][kimcore.stores.AsyncPostgresKeyStore] over its ``AsyncConnection``:
the same statements, and the same [`KeyBook`][kimcore.adapters.keys.KeyBook] making sense of the
rows.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any, Final

from kimcore.adapters._postgres_queries import Statements
from kimcore.adapters.kek import Keyring, check_kek, rewrapped
from kimcore.adapters.keys import KeyBook, SqlKeyStore
from kimcore.application.ports.keys import check_subjects
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import KeyConflict, SubjectForgotten

__all__ = ["AsyncPostgresKeyStore", "PostgresKeyStore"]

KEY_ROWS: Final = "SELECT subject, key FROM {keys} WHERE subject = ANY(%s)"
FORGOTTEN: Final = "SELECT subject FROM {keys} WHERE key IS NULL ORDER BY subject"
Rows = list[tuple[uuid.UUID, bytes | None]]


def refusal_of(rows: Sequence[tuple[uuid.UUID, bytes | None]]) -> Exception:
    """Why an append's new keys were refused, from their subjects' rows: a tombstone, or a key."""
    for subject, key in rows:
        if key is None:
            return SubjectForgotten(subject)
    subjects = ", ".join(str(subject) for subject, _ in rows)
    return KeyConflict(f"another writer made the key of subject {subjects} first")


class _InSchema(KeyBook):
    """A key store reading ``kimcore_keys`` of *schema* through *connection* (sync or async)."""

    def __init__(
        self, connection: Callable[[], Any], schema: str, wrapper: Keyring | None = None
    ) -> None:
        super().__init__(wrapper)
        self._connection = connection
        self._q = Statements(schema)


class PostgresKeyStore(_InSchema, SqlKeyStore):
    """Subjects' keys in ``kimcore_keys``; new keys ride in the append that carries them.

    Same contract as [`SqliteKeyStore`][kimcore.adapters.sqlite.SqliteKeyStore]: a new key is
    written by the append whose events carry it, and a race with another writer for the same
    subject raises [`KeyConflict`][kimcore.errors.KeyConflict].

    *connection* lends a connection to the database (a
    [`PostgresStore`][kimcore.stores.PostgresStore] passes its pool's ``connection``), and
    *schema* names the schema whose ``kimcore_keys`` and ``kimcore_meta`` it reads.
    """

    def _rows(self, subjects: Collection[uuid.UUID]) -> Rows:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""
        if not subjects:
            return []
        with self._connection() as conn:
            rows: Rows = conn.execute(self._q(KEY_ROWS), (list(subjects),)).fetchall()
        return rows

    def refusal(self, made: dict[uuid.UUID, bytes]) -> Exception:
        """Why an append's new keys were refused: a tombstone, or another writer's key."""
        return refusal_of(self.known(self._rows(list(made))))

    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        with self._connection() as conn:
            rows = conn.execute(self._q(FORGOTTEN)).fetchall()
        return [subject for (subject,) in rows]

    def check_kek_in(self, conn: Any, where: str) -> None:
        """On open: refuse a wrong KEK (or none, if one wrapped the keys); wrap plain keys."""
        row = conn.execute(self._q("SELECT value FROM {meta} WHERE key = 'kek_id'")).fetchone()
        if check_kek(None if row is None else row[0], self.wrapper, where):
            assert self.wrapper is not None
            self.rewrap_in(conn, None, self.wrapper)

    def rewrap_in(self, conn: Any, old: Keyring | None, new: Keyring) -> int:
        """Wrap every stored key anew with *new* in the caller's transaction; how many."""
        rows = conn.execute(
            self._q("SELECT subject, key FROM {keys} WHERE key IS NOT NULL FOR UPDATE")
        ).fetchall()
        updates = rewrapped(((s.bytes, key) for s, key in rows), old, new)
        with conn.cursor() as cursor:
            cursor.executemany(
                self._q("UPDATE {keys} SET key = %s WHERE subject = %s"),
                [(key, uuid.UUID(bytes=subject)) for key, subject in updates],
            )
        conn.execute(
            self._q(
                "INSERT INTO {meta} (key, value) VALUES ('kek_id', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            (new.key_id,),
        )
        return len(updates)


class AsyncPostgresKeyStore(_InSchema):
    """Subjects' keys in ``kimcore_keys``, read over psycopg's ``AsyncConnection``.

    The async twin of [`PostgresKeyStore`][kimcore.stores.PostgresKeyStore], with the same
    contract: *connection* lends an async connection (an
    [`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore] passes its pool's ``connection``).
    """

    async def _known_rows(self, subjects: Collection[uuid.UUID]) -> Rows:
        check_subjects(subjects)
        if not subjects:
            return []
        async with self._connection() as conn:
            cursor = await conn.execute(self._q(KEY_ROWS), (list(subjects),))
            rows: Rows = await cursor.fetchall()
        return self.known(rows)

    async def get(self, subject: uuid.UUID) -> bytes | None:
        """The subject's stored key, or ``None``."""
        return (await self.get_many([subject])).get(subject)

    async def get_many(self, subjects: Collection[uuid.UUID]) -> dict[uuid.UUID, bytes]:
        """The stored keys of those *subjects* that have one, in one query."""
        return self.keys_of(await self._known_rows(subjects))

    async def for_write(self, subjects: Collection[uuid.UUID]) -> Keys:
        """The stored keys of the *subjects* seen before, new ones for the rest."""
        check_subjects(subjects)
        return self.keys_for_write(await self._known_rows(self.seen_of(subjects)), subjects)

    async def is_known(self, subject: uuid.UUID) -> bool:
        """Whether a key exists or existed."""
        return bool(await self._known_rows([subject]))

    async def is_forgotten(self, subject: uuid.UUID) -> bool:
        """Whether the key was destroyed."""
        return any(key is None for _, key in await self._known_rows([subject]))

    async def refusal(self, made: dict[uuid.UUID, bytes]) -> Exception:
        """Why an append's new keys were refused: a tombstone, or another writer's key."""
        return refusal_of(await self._known_rows(list(made)))

    async def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        async with self._connection() as conn:
            cursor = await conn.execute(self._q(FORGOTTEN))
            rows = await cursor.fetchall()
        return [subject for (subject,) in rows]
