"""Adapters take a port's method whole (`by_record`): its signature, defaults and refusals."""

from __future__ import annotations

import inspect
import uuid
from typing import NamedTuple

import pytest

from kimcore.adapters._checked import Append
from kimcore.adapters._port_calls import Preparation, by_record
from kimcore.adapters.memory import MemoryStore
from kimcore.adapters.models_memory import MemoryModels
from kimcore.adapters.models_sqlite import SqliteModels
from kimcore.application.ports.models import ModelStore
from kimcore.application.ports.store import EventStore


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
