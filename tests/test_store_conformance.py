"""Every store kimcore ships passes the conformance kit."""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.services import require_postgres

import kimcore as k
from kimcore.testing.conformance import EventStoreContract


class TestMemoryStore(EventStoreContract):
    @pytest.fixture
    def new_store(self) -> Callable[[], k.EventStore]:
        return k.MemoryStore


class TestSqliteStore(EventStoreContract):
    @pytest.fixture
    def new_store(self, tmp_path: Path) -> Callable[[], k.EventStore]:
        counter = itertools.count()
        return lambda: k.SqliteStore(tmp_path / f"kim-{next(counter)}.db")


class TestSqliteStoreNormalDurability(EventStoreContract):
    @pytest.fixture
    def new_store(self, tmp_path: Path) -> Callable[[], k.EventStore]:
        counter = itertools.count()
        return lambda: k.open_store(
            f"sqlite:///{tmp_path}/kim-{next(counter)}.db?durability=normal"
        )


class TestPostgresStore(EventStoreContract):
    @pytest.fixture
    def new_store(self) -> Iterator[Callable[[], k.EventStore]]:
        url = require_postgres()
        made: list[str] = []

        def make() -> k.EventStore:
            schema = f"kim_test_{uuid.uuid4().hex[:12]}"
            made.append(schema)
            return k.open_store(f"{url}?schema={schema}")

        yield make
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            for schema in made:
                conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
