"""Event stores and what goes with them: the port, the three stores, keys, copies, exports.

Open one by URL with [`open_store`][kimcore.stores.open_store] (``memory://``, ``sqlite:///kim.db``,
``postgresql://…``); see ``docs/stores.md``. For asyncio, each has an async twin behind the async
ports ([`AsyncEventStore`][kimcore.stores.AsyncEventStore]), opened by
[`open_async_store`][kimcore.stores.open_async_store] from the same URL. ``PostgresStore`` and
``AsyncPostgresStore`` are imported only when first named, so that using kimcore never needs
psycopg.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kimcore.adapters.copy import CopyReport, copy_store, log_digest
from kimcore.adapters.export import export_jsonl
from kimcore.adapters.kek import KeyWrapper, new_kek_text
from kimcore.adapters.keys import MemoryKeyStore
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.sqlite import SqliteStore
from kimcore.adapters.threaded import AsyncMemoryStore, AsyncSqliteStore, AsyncThreadedStore
from kimcore.application.ports.keys import KeyStore
from kimcore.application.ports.store import ANY_VERSION, NO_STREAM, EventStore, Snapshot
from kimcore.application.ports.store_async import AsyncEventStore, AsyncKeyStore
from kimcore.application.subscription import Subscription
from kimcore.application.subscription_async import AsyncSubscription
from kimcore.plugins.manager import open_async_store, open_store

if TYPE_CHECKING:
    from kimcore.adapters.postgres import PostgresStore
    from kimcore.adapters.postgres_async import AsyncPostgresStore

__all__ = [
    "ANY_VERSION",
    "NO_STREAM",
    "AsyncEventStore",
    "AsyncKeyStore",
    "AsyncMemoryStore",
    "AsyncPostgresStore",
    "AsyncSqliteStore",
    "AsyncSubscription",
    "AsyncThreadedStore",
    "CopyReport",
    "EventStore",
    "KeyStore",
    "KeyWrapper",
    "MemoryKeyStore",
    "MemoryStore",
    "PostgresStore",
    "Snapshot",
    "SqliteStore",
    "Subscription",
    "copy_store",
    "export_jsonl",
    "log_digest",
    "new_kek_text",
    "open_async_store",
    "open_store",
]


def __getattr__(name: str) -> Any:
    if name == "PostgresStore":
        from kimcore.adapters.postgres import PostgresStore  # noqa: PLC0415 - an extra

        return PostgresStore
    if name == "AsyncPostgresStore":
        from kimcore.adapters.postgres_async import AsyncPostgresStore  # noqa: PLC0415

        return AsyncPostgresStore
    raise AttributeError(f"module 'kimcore.stores' has no attribute {name!r}")
