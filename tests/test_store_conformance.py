"""Every store kimcore ships passes the conformance kit."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path

import pytest

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
