"""The PostgreSQL store's key store: subjects' keys in ``kimcore_keys``, in the store's schema."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager
from typing import Any, LiteralString

from psycopg import sql

from kimcore.adapters.kek import Keyring, check_kek, rewrapped
from kimcore.adapters.keys import SqlKeyStore
from kimcore.vocabulary.errors import KeyConflict, SubjectForgotten

__all__ = ["PostgresKeyStore"]


class PostgresKeyStore(SqlKeyStore):
    """Subjects' keys in ``kimcore_keys``; new keys ride in the append that carries them.

    Same contract as [`SqliteKeyStore`][kimcore.adapters.sqlite.SqliteKeyStore]: a new key is
    written by the append whose events carry it, and a race with another writer for the same
    subject raises [`KeyConflict`][kimcore.errors.KeyConflict].

    *connection* lends a connection to the database (a
    [`PostgresStore`][kimcore.stores.PostgresStore] passes its pool's ``connection``), and
    *schema* names the schema whose ``kimcore_keys`` and ``kimcore_meta`` it reads.
    """

    def __init__(
        self,
        connection: Callable[[], AbstractContextManager[Any]],
        schema: str,
        wrapper: Keyring | None = None,
    ) -> None:
        super().__init__(wrapper)
        self._connection = connection
        ident = sql.Identifier(schema)
        self._tables = {
            "keys": sql.SQL("{}.kimcore_keys").format(ident),
            "meta": sql.SQL("{}.kimcore_meta").format(ident),
        }
        self._queries: dict[str, LiteralString] = {}

    def _q(self, text: str) -> LiteralString:
        """*text* with ``{keys}`` and ``{meta}`` named in the store's schema; composed once."""
        query = self._queries.get(text)
        if query is None:
            composed = sql.SQL(text).format(**self._tables)
            query = self._queries[text] = composed.as_string()
        return query

    def _rows(self, subjects: Collection[uuid.UUID]) -> list[tuple[uuid.UUID, bytes | None]]:
        """``(subject, key or None when forgotten)`` for the known ones of *subjects*."""
        if not subjects:
            return []
        with self._connection() as conn:
            rows: list[tuple[uuid.UUID, bytes | None]] = conn.execute(
                self._q("SELECT subject, key FROM {keys} WHERE subject = ANY(%s)"),
                (list(subjects),),
            ).fetchall()
        return rows

    def refusal(self, made: dict[uuid.UUID, bytes]) -> Exception:
        """Why an append's new keys were refused: a tombstone, or another writer's key."""
        rows = self._rows(list(made))
        self.saw([subject for subject, _ in rows])
        for subject, key in rows:
            if key is None:
                return SubjectForgotten(subject)
        subjects = ", ".join(str(subject) for subject, _ in rows)
        return KeyConflict(f"another writer made the key of subject {subjects} first")

    def forgotten(self) -> list[uuid.UUID]:
        """The subjects whose keys were destroyed."""
        with self._connection() as conn:
            rows = conn.execute(
                self._q("SELECT subject FROM {keys} WHERE key IS NULL ORDER BY subject")
            ).fetchall()
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
