"""Every store kimcore ships passes the conformance kit."""

from __future__ import annotations

import contextlib
import itertools
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from tests.builders import CAUSED_APPENDS, append_caused, assert_recorded_by_follows_the_metadata
from tests.services import postgres_schema, require_postgres

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


@pytest.mark.parametrize(("kind", "examples"), [("sqlite", 40), ("postgres", 25)])
def test_recorded_by_finds_what_the_metadata_says_however_causes_mix(
    kind: str, examples: int
) -> None:
    """Only the first of each run of one cause is indexed; every event of the run is found."""
    with contextlib.ExitStack() as stack:
        if kind == "sqlite":
            store: k.EventStore = k.SqliteStore(":memory:")
        else:
            url, _ = stack.enter_context(postgres_schema("kim_runs"))
            store = k.open_store(url)
        stack.callback(store.close)
        seed = 0

        @settings(max_examples=examples, deadline=None)
        @given(CAUSED_APPENDS)
        def check(appends: list[list[uuid.UUID | None]]) -> None:
            nonlocal seed
            stream = f"group-{uuid.uuid4()}"
            seed = append_caused(store, stream, appends, seed)
            assert_recorded_by_follows_the_metadata(store, stream)

        check()
