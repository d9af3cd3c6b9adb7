"""Each implementation states its port's signature: the same parameters, kinds and defaults.

A port's method and the classes that implement it are written out apart (a reader sees each
signature where the method is); this keeps them from drifting apart.
"""

from __future__ import annotations

import inspect

import pytest

from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_postgres import PostgresModels
from kimcore.adapters.models_sqlite import SqliteModels
from kimcore.adapters.postgres import PostgresStore
from kimcore.adapters.sqlite import SqliteStore
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.application.service import Application
from kimcore.application.service_async import AsyncApplication
from kimcore.stores import AsyncMemoryStore


def _parameters(method: object) -> list[tuple[str, object, object]]:
    """Names, kinds and defaults: annotations are strings under ``from __future__``."""
    return [
        (p.name, p.kind, p.default)
        for p in inspect.signature(method).parameters.values()  # type: ignore[arg-type]
    ]


@pytest.mark.parametrize(
    ("method", "port"),
    [
        (MemoryStore.append, EventStore.append),
        (SqliteStore.append, EventStore.append),
        (PostgresStore.append, EventStore.append),
        (AsyncEventStore.append, EventStore.append),
        (AsyncMemoryStore.append, AsyncEventStore.append),
        (MemoryModels.prepare, ModelStore.prepare),
        (SqliteModels.prepare, ModelStore.prepare),
        (PostgresModels.prepare, ModelStore.prepare),
        (AsyncApplication.handle, Application.handle),
        (AsyncApplication.handle_many, Application.handle_many),
    ],
)
def test_an_implementation_states_its_port_signature(method: object, port: object) -> None:
    assert _parameters(method) == _parameters(port)


@pytest.mark.parametrize("method", [AsyncApplication.handle, AsyncApplication.handle_many])
def test_the_async_twin_stays_a_coroutine_function(method: object) -> None:
    assert inspect.iscoroutinefunction(method)
