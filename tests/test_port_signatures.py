"""A method taken whole (`by_record`, `awaited_by_record`): its signature, defaults, refusals."""

from __future__ import annotations

import asyncio
import inspect
import uuid
from typing import NamedTuple

import pytest

from kimcore.adapters._checked import Append
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_sqlite import SqliteModels
from kimcore.application._port_calls import Preparation, awaited_by_record, by_record
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore
from kimcore.application.service import Application
from kimcore.application.service_async import AsyncApplication
from kimcore.application.writing import HandlingMany
from kimcore.domain.errors import InvalidValue
from kimcore.stores import AsyncMemoryStore


@pytest.mark.parametrize(
    ("method", "port"),
    [
        (MemoryStore.append, EventStore.append),
        (MemoryModels.prepare, ModelStore.prepare),
        (SqliteModels.prepare, ModelStore.prepare),
    ],
)
def test_the_port_states_the_signature(method: object, port: object) -> None:
    assert inspect.signature(method) == inspect.signature(port)  # type: ignore[arg-type]


def test_a_keyword_only_parameter_is_refused_by_position() -> None:
    with MemoryStore() as store, pytest.raises(TypeError, match="takes 4 positional arguments"):
        store.append("s", [], 0, ())  # type: ignore[call-arg]


def test_a_missing_or_unknown_argument_is_refused_naming_the_method() -> None:
    with MemoryStore() as store:
        with pytest.raises(TypeError, match=r"^append\(\) missing 1 required .*'expected_version'"):
            store.append("s", [])  # type: ignore[call-arg]
        with pytest.raises(TypeError, match=r"^append\(\) got an unexpected keyword .*'forgets'"):
            store.append("s", [], 0, forgets=())  # type: ignore[call-arg]


def test_the_defaults_reach_the_hook() -> None:
    with MemoryModels() as models:
        assert models.prepare("p", 1, ()) == 0
    with MemoryStore() as store:
        assert store.append("s", [], 0) == ()
        assert store.append("s", [], 0, forget=[uuid.uuid4()]) == ()


def test_a_record_that_drifts_from_the_port_is_refused() -> None:
    class Short(NamedTuple):
        name: str
        version: int

    with pytest.raises(TypeError, match="does not hold the parameters"):
        by_record(ModelStore.prepare, Short, "_prepare")

    class OtherDefault(NamedTuple):
        name: str
        version: int
        tables: tuple[object, ...]
        create_only: bool = True
        tallies: tuple[object, ...] = ()

    with pytest.raises(TypeError, match="does not hold the parameters"):
        by_record(ModelStore.prepare, OtherDefault, "_prepare")
    assert by_record(EventStore.append, Append, "_x").__name__ == "append"
    assert by_record(ModelStore.prepare, Preparation, "_x").__doc__ == ModelStore.prepare.__doc__


@pytest.mark.parametrize(
    ("method", "sync"),
    [
        (AsyncApplication.handle, Application.handle),
        (AsyncApplication.handle_many, Application.handle_many),
    ],
)
def test_the_async_twin_takes_the_sync_signature_and_stays_a_coroutine_function(
    method: object, sync: object
) -> None:
    assert inspect.iscoroutinefunction(method)
    assert inspect.signature(method) == inspect.signature(sync)  # type: ignore[arg-type]
    assert method.__doc__ == sync.__doc__


def test_the_async_twin_refuses_and_defaults_as_the_sync_method() -> None:
    async def story() -> None:
        async with AsyncMemoryStore() as store:
            app = AsyncApplication(store)
            with pytest.raises(TypeError, match="takes 2 positional arguments but 3"):
                await app.handle(object(), uuid.uuid4())  # type: ignore[arg-type, call-arg]
            with pytest.raises(TypeError, match=r"^handle_many\(\) missing 1 required"):
                await app.handle_many()  # type: ignore[call-arg]
            with pytest.raises(InvalidValue, match="command"):
                await app.handle(object())  # type: ignore[arg-type]

    asyncio.run(story())


def test_an_async_record_that_drifts_from_the_method_is_refused() -> None:
    with pytest.raises(TypeError, match="does not hold the parameters"):
        awaited_by_record(Application.handle, HandlingMany, "_handled")
