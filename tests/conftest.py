"""The suite's profiles, and fixtures many files share."""

from __future__ import annotations

import os
import random
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from psycopg_pool import base as pool_base
from tests.services import durable_store, require_postgres

from kimcore.projections import MemoryModels, ModelStore, PostgresModels, SqliteModels

settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session", autouse=True)
def _pool_jitter_apart() -> Iterator[None]:
    """psycopg_pool's own generator for the jitter of each new connection's expiry.

    Its workers draw that jitter from the global `random`, in their own threads: hypothesis takes
    a change of the global state while it draws an example as the strategy's own use of `random`
    and fails the test as flaky (seen on the request fuzz on PostgreSQL, a connection opened
    while a request was drawn).
    """
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool_base, "random", random.Random().random)
        yield


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def model_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ModelStore]:
    """Each kind of model store, empty (PostgreSQL's in a schema of its own, dropped after)."""
    if request.param == "memory":
        made: ModelStore = MemoryModels()
    elif request.param == "sqlite":
        made = SqliteModels(str(tmp_path / "models.db"))
    else:
        made = PostgresModels(require_postgres(), schema=f"t_{uuid.uuid4().hex[:12]}")
    yield made
    if isinstance(made, PostgresModels):
        made.drop()
    made.close()


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty durable store of each kind (a file, or a schema dropped after).

    A module that wants one kind only defines its own ``url``.
    """
    with durable_store(request.param, tmp_path, _schema_prefix(request)) as found:
        yield found


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty PostgreSQL store, in a schema dropped after."""
    with durable_store("postgres", tmp_path, _schema_prefix(request)) as found:
        yield found


def _schema_prefix(request: pytest.FixtureRequest) -> str:
    """``kim_`` and the test module's name, so a schema left behind says whose it was."""
    return "kim_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
