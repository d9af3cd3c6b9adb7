"""What goes beside a store: its read models, and its async twin.

A SQLite store's read models go in the same file; a PostgreSQL store's in its own
``models_schema`` (``<schema>_models`` unless the URL names one), over the
store's connection parameters, so two stores in one database never touch each
other's read models; a memory store's in memory, gone with it.

An app that holds a sync store and serves from asyncio as well (the HTTP
service) awaits [`open_async_beside`][kimcore.adapters.beside.open_async_beside]
for an async store on the same events.
"""

from __future__ import annotations

import sys
from typing import Any

from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_postgres import PostgresModels
from kimcore.adapters.models_sqlite import SqliteModels
from kimcore.adapters.sqlite import SqliteStore
from kimcore.adapters.threaded import AsyncThreadedStore
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.vocabulary.errors import StoreError

__all__ = ["models_beside", "open_async_beside", "own_connection"]


def models_beside(store: EventStore) -> ModelStore:
    """A model store for *store*'s read models: its SQLite file, its PostgreSQL schema, memory."""
    if isinstance(store, SqliteStore):
        return SqliteModels(store.path)
    if isinstance(store, MemoryStore):
        return MemoryModels()
    postgres = sys.modules.get("kimcore.adapters.postgres")  # loaded if the store is one
    if postgres is not None and isinstance(store, postgres.PostgresStore):
        return PostgresModels(store.conninfo, schema=store.models_schema)
    raise StoreError(f"{type(store).__name__}: read models need a SQLite or PostgreSQL store")


def own_connection(models: ModelStore) -> ModelStore:
    """Another handle on *models*, to project through, with a connection of its own.

    A service projects through one and reads through the other, so a read never waits
    for a page's transaction to commit. Memory ones are shared. On SQLite it commits with
    ``synchronous=NORMAL``: a power cut may lose the last pages committed, their rows and
    their checkpoint together, which the projection then applies again; nothing is lost
    that the log does not hold (the event store's own commits stay ``FULL``).
    """
    if isinstance(models, SqliteModels) and models.path != ":memory:":
        return SqliteModels(models.path, durability="normal")
    if isinstance(models, PostgresModels):
        return PostgresModels(models.conninfo, schema=models.schema)
    return models


async def open_async_beside(store: EventStore) -> AsyncEventStore:
    """An async store on *store*'s events, open; closing it leaves *store* open.

    For a [`PostgresStore`][kimcore.stores.PostgresStore], an
    [`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore] on the same schema (its own pool,
    the same KEK); for any other store, *store* itself run in worker threads (none for the
    memory store, whose calls never wait on I/O).
    """
    postgres = sys.modules.get("kimcore.adapters.postgres")  # loaded if the store is one
    if postgres is not None and isinstance(store, postgres.PostgresStore):
        from kimcore.adapters.postgres_async import AsyncPostgresStore  # noqa: PLC0415

        twin = AsyncPostgresStore(store.conninfo, **_twin_options(store))
        try:
            return await twin.open()
        except BaseException:
            await twin.aclose()
            raise
    workers = 0 if isinstance(store, MemoryStore) else 4
    return AsyncThreadedStore(store, workers=workers, close_store=False)


def _twin_options(store: Any) -> dict[str, Any]:
    return {
        "schema": store.schema,
        "models_schema": store.models_schema,
        "notify_interval": store.notify_interval,
        "connect_timeout": store.connect_timeout,
        "key_wrapper": store.keys.wrapper,
    }
