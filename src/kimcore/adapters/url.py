"""The built-in stores' openers by URL: ``memory://``, ``sqlite:///file.db``, ``postgresql://…``.

``kimcore.open_store`` finds the opener of a URL's scheme through the plugins
(``kimcore_store_types``), where these are registered like any other.

SQLite URLs follow SQLAlchemy's convention: three slashes before a relative
path, four before an absolute one (``sqlite:////var/lib/kim/kim.db``).
Options go in the query string: ``sqlite:///kim.db?durability=normal``;
``postgresql://user@host/db?schema=kim`` (default schema ``kimcore``; other
query parameters go to libpq). PostgreSQL needs ``pip install kimcore[postgres]``.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from kimcore.adapters.kek import KeyWrapper
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.sqlite import SqliteStore
from kimcore.adapters.threaded import AsyncMemoryStore, AsyncSqliteStore
from kimcore.application.ports.store import EventStore
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.vocabulary.errors import InvalidStoreArgument, StoreError

__all__ = [
    "open_async_memory",
    "open_async_postgres",
    "open_async_sqlite",
    "open_memory",
    "open_postgres",
    "open_sqlite",
    "sqlite_path",
]


def open_memory(url: str, *, key_wrapper: KeyWrapper | None = None) -> MemoryStore:
    """``memory://``: a new, empty in-memory store (nothing at rest: a KEK changes nothing)."""
    parts = urlsplit(url)
    _no_options(url, dict(parse_qsl(parts.query)))
    if parts.netloc or parts.path:
        raise StoreError(f"{url!r}: a memory store takes no host or path; write memory://")
    return MemoryStore()


async def open_async_memory(url: str, *, key_wrapper: KeyWrapper | None = None) -> AsyncMemoryStore:
    """``memory://`` as an [`AsyncMemoryStore`][kimcore.stores.AsyncMemoryStore]."""
    return AsyncMemoryStore(open_memory(url, key_wrapper=key_wrapper))


def sqlite_path(url: str) -> str:
    """The file a ``sqlite:///…`` URL names (relative after three slashes, absolute after four)."""
    parts = urlsplit(url)
    if parts.netloc:
        raise StoreError(f"{url!r}: a SQLite URL has no host; write sqlite:///path/to/file.db")
    path = parts.path[1:] if parts.path.startswith("/") else parts.path
    if not path:
        raise StoreError(f"{url!r} names no file; write sqlite:///path/to/file.db")
    return path


def open_sqlite(url: str, *, key_wrapper: KeyWrapper | None = None) -> SqliteStore:
    """``sqlite:///path/to/file.db?durability=normal&busy_timeout=30``.

    ``busy_timeout``: the seconds an open or a write waits for another process's write lock.
    """
    path = sqlite_path(url)
    options = dict(parse_qsl(urlsplit(url).query))
    durability = options.pop("durability", "full")
    busy_timeout = _seconds("busy_timeout", options.pop("busy_timeout", "30"))
    _no_options(url, options)
    return SqliteStore(
        path,
        durability=durability,  # type: ignore[arg-type]
        busy_timeout=busy_timeout,
        key_wrapper=key_wrapper,
    )


async def open_async_sqlite(url: str, *, key_wrapper: KeyWrapper | None = None) -> AsyncSqliteStore:
    """``sqlite:///…`` as an [`AsyncSqliteStore`][kimcore.stores.AsyncSqliteStore].

    The file is opened (created, migrated) in a worker thread.
    """
    store = await asyncio.to_thread(open_sqlite, url, key_wrapper=key_wrapper)
    return AsyncSqliteStore(store)


def open_postgres(url: str, *, key_wrapper: KeyWrapper | None = None) -> EventStore:
    """``postgresql://user@host/db?schema=kim&notify_interval=0.05`` (needs ``kimcore[postgres]``).

    kimcore's own parameters are ``schema``, ``models_schema``,
    ``notify_interval`` and ``connect_timeout`` (seconds, default 5); the
    others go to libpq, which must know them: an unknown one is refused by
    name before anything connects.
    """
    try:
        from kimcore.adapters.postgres import PostgresStore  # noqa: PLC0415 - an extra
    except ModuleNotFoundError as exc:
        _need_psycopg(url, exc)
        raise
    conninfo, options = _postgres_options(url)
    return PostgresStore(conninfo, key_wrapper=key_wrapper, **options)


async def open_async_postgres(
    url: str, *, key_wrapper: KeyWrapper | None = None
) -> AsyncEventStore:
    """``postgresql://…`` as an [`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore], open.

    The URL's parameters are `open_postgres`'s.
    """
    try:
        from kimcore.adapters.postgres_async import AsyncPostgresStore  # noqa: PLC0415 - an extra
    except ModuleNotFoundError as exc:
        _need_psycopg(url, exc)
        raise
    conninfo, options = _postgres_options(url)
    store = AsyncPostgresStore(conninfo, key_wrapper=key_wrapper, **options)
    try:
        return await store.open()
    except BaseException:
        await store.aclose()
        raise


def _need_psycopg(url: str, exc: ModuleNotFoundError) -> None:
    """Raise a one-line StoreError when *exc* says psycopg is not installed."""
    if exc.name in ("psycopg", "psycopg_pool"):
        raise StoreError(
            f"{url!r}: the PostgreSQL store needs psycopg: pip install 'kimcore[postgres]'"
        ) from exc


def _postgres_options(url: str) -> tuple[str, dict[str, Any]]:
    """The libpq connection string of a ``postgresql://`` URL, and kimcore's own options."""
    parts = urlsplit(url)
    options = dict(parse_qsl(parts.query))
    mine = {
        "schema": options.pop("schema", "kimcore"),
        "models_schema": options.pop("models_schema", None),
        "notify_interval": _seconds("notify_interval", options.pop("notify_interval", "0.05")),
        "connect_timeout": _seconds("connect_timeout", options.pop("connect_timeout", "5")),
    }
    return urlunsplit(parts._replace(query=urlencode(options))), mine


def _seconds(name: str, text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise InvalidStoreArgument(name, f"must be a number of seconds, got {text!r}") from None


def _no_options(url: str, options: dict[str, str]) -> None:
    if options:
        raise StoreError(f"{url!r}: unknown option(s) {', '.join(sorted(options))}")
