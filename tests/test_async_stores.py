"""Every async store kimcore ships passes the conformance kit: the sync cases and the async ones."""

from __future__ import annotations

import inspect
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


def test_the_async_postgres_store_forwards_the_port_to_flows_that_take_its_parameters() -> None:
    """Each forwarded call's flow takes the port's parameters (the port fills in defaults)."""
    from kimcore.adapters._postgres_base import PostgresBase
    from kimcore.application.ports.store_async import AsyncEventStore

    forwarded = [
        name
        for name, value in vars(k.stores.AsyncPostgresStore).items()
        if getattr(value, "__wrapped__", None) is getattr(AsyncEventStore, name, object())
    ]
    assert len(forwarded) == 11
    for name in forwarded:
        port = inspect.signature(getattr(AsyncEventStore, name)).parameters.values()
        flow = inspect.signature(getattr(PostgresBase, f"_{name}")).parameters.values()
        assert [p.name for p in port] == [p.name for p in flow], name
        for mine, theirs in zip(flow, port, strict=True):
            assert mine.default in {inspect.Parameter.empty, theirs.default}, (name, mine.name)
