"""kimcore's pytest plugin (entry point ``pytest11``): fixtures only, nothing autouse.

- ``kimcore_memory_store``, ``kimcore_sqlite_store`` (a file in the test's
  temporary directory), ``kimcore_postgres_store`` (a throwaway schema, dropped
  after the test; skipped with how to start PostgreSQL when it is not
  reachable, and a failure instead when ``CI`` is set);
- ``kimcore_store``: each of the three in turn (a parametrized fixture);
- ``kimcore_app``: an [`Application`][kimcore.Application] on a memory store;
- ``kimcore_given``: [`kimcore.testing.scenario.given`][kimcore.testing.scenario.given].

``KIMCORE_TEST_POSTGRES`` names the PostgreSQL database
(default ``postgresql://postgres@127.0.0.1:5432/test``).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

POSTGRES_URL_ENV = "KIMCORE_TEST_POSTGRES"
POSTGRES_DEFAULT = "postgresql://postgres@127.0.0.1:5432/test"
POSTGRES_START = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def require_postgres() -> str:
    """The test database URL, once it answers; else a skip (a failure under CI) saying how."""
    url = os.environ.get(POSTGRES_URL_ENV, POSTGRES_DEFAULT)
    try:
        import psycopg  # noqa: PLC0415 - an extra

        with psycopg.connect(url, connect_timeout=3) as conn:
            conn.execute("SELECT 1")
    except Exception as exc:
        message = (
            f"PostgreSQL at {url} is not reachable ({type(exc).__name__}:"
            f" {' '.join(str(exc).split())});"
            f" start it with: {POSTGRES_START}, or set {POSTGRES_URL_ENV}"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def kimcore_memory_store() -> Any:
    """A new, empty in-memory event store."""
    import kimcore as k  # noqa: PLC0415 - import kimcore only when a fixture is used

    return k.MemoryStore()


@pytest.fixture
def kimcore_sqlite_store(tmp_path: Path) -> Iterator[Any]:
    """A new SQLite event store in the test's temporary directory."""
    import kimcore as k  # noqa: PLC0415

    store = k.SqliteStore(tmp_path / "kimcore.db")
    yield store
    store.close()


@pytest.fixture
def kimcore_postgres_store() -> Iterator[Any]:
    """A PostgreSQL event store in a schema of its own, dropped after the test."""
    import psycopg  # noqa: PLC0415

    import kimcore as k  # noqa: PLC0415

    url = require_postgres()
    schema = f"kimcore_test_{uuid.uuid4().hex[:12]}"
    store = k.open_store(f"{url}?schema={schema}")
    yield store
    store.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def kimcore_store(request: pytest.FixtureRequest) -> Any:
    """Each kind of event store in turn: the same test runs on memory, SQLite and PostgreSQL."""
    return request.getfixturevalue(f"kimcore_{request.param}_store")


@pytest.fixture
def kimcore_app(kimcore_memory_store: Any) -> Any:
    """An application service on a new memory store."""
    import kimcore as k  # noqa: PLC0415

    return k.Application(kimcore_memory_store)


@pytest.fixture
def kimcore_given() -> Callable[..., Any]:
    """`kimcore.testing.scenario.given`, for given/when/then tests of deciders."""
    from kimcore.testing.scenario import given  # noqa: PLC0415

    return given
