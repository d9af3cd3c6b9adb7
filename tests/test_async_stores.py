"""Every async store kimcore ships passes the conformance kit: the sync cases and the async ones."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.services import require_postgres

import kimcore as k
from kimcore.testing.conformance_async import AsyncEventStoreContract, NewAsyncStore


class TestAsyncMemoryStore(AsyncEventStoreContract):
    @pytest.fixture
    def new_async_store(self) -> NewAsyncStore:
        return lambda: k.stores.open_async_store("memory://")


class TestAsyncSqliteStore(AsyncEventStoreContract):
    @pytest.fixture
    def new_async_store(self, tmp_path: Path) -> NewAsyncStore:
        counter = itertools.count()
        return lambda: k.stores.AsyncSqliteStore.open(tmp_path / f"kim-{next(counter)}.db")


class TestAsyncPostgresStore(AsyncEventStoreContract):
    @pytest.fixture
    def new_async_store(self) -> Iterator[NewAsyncStore]:
        url = require_postgres()
        made: list[str] = []

        def make() -> object:
            schema = f"kim_test_{uuid.uuid4().hex[:12]}"
            made.append(schema)
            return k.stores.open_async_store(f"{url}?schema={schema}")

        yield make  # type: ignore[misc]
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for schema in made:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
