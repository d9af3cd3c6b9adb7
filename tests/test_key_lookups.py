"""The keys of a read and of a write: what a store gives back opens what was sealed with it."""

from __future__ import annotations

import uuid
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.events.keys import Keys
from kimcore.events.protection import open_token, seal_value
from kimcore.testing.store_machine import new_events


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def any_store(request: pytest.FixtureRequest) -> Any:
    if request.param == "memory":
        return k.MemoryStore()
    return request.getfixturevalue(f"kimcore_{request.param}_store")


def _write(store: Any, subjects: list[uuid.UUID]) -> dict[uuid.UUID, bytes]:
    made = dict(store.keys.for_write(subjects).new)
    event = attrs.evolve(new_events(1)[0], keys=made)
    store.append(f"keys-{uuid.uuid4()}", [event], k.stores.NO_STREAM)
    return made


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(known=st.integers(0, 6), strangers=st.integers(0, 3), forget=st.booleans())
def test_what_an_append_carried_is_what_reads_get(
    any_store: Any, known: int, strangers: int, forget: bool
) -> None:
    # Fresh subjects each example: the store lives across them.
    subjects = [uuid.uuid4() for _ in range(known)]
    made = _write(any_store, subjects)
    assert set(made) == set(subjects)
    forgotten = subjects[:1] if forget else []
    if forgotten:
        any_store.append(f"subject-{uuid.uuid4()}", [], k.stores.ANY_VERSION, forget=forgotten)
    asked = [*subjects, *(uuid.uuid4() for _ in range(strangers))]
    found = any_store.keys.get_many(asked)
    assert found == {s: made[s] for s in subjects if s not in forgotten}
    tokens = [seal_value("x", s, made[s]).encode() for s in subjects]
    read = Keys.for_payloads(any_store.keys.get_many, tokens)
    assert read.keys == found
    assert all(
        open_token(t.decode(), read) == ("x" if s in found else k.REDACTED)
        for s, t in zip(subjects, tokens, strict=True)
    )


def test_keys_are_immutable() -> None:
    keys = Keys({uuid.uuid4(): bytes(32)})
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        keys.new = {}  # type: ignore[misc]


def test_every_way_a_token_can_be_wrong_is_named() -> None:
    siti, bayu = uuid.uuid4(), uuid.uuid4()
    made = k.MemoryStore().keys.for_write([siti, bayu]).new
    lookup = Keys(dict(made))
    token = seal_value("Siti Rahmawati", siti, made[siti])
    assert open_token(token, lookup) == "Siti Rahmawati"
    tampered = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    with pytest.raises(ValueError, match="fails authentication"):
        open_token(tampered, lookup)
    moved = token.replace(siti.hex, bayu.hex)  # another subject's key, which is there
    with pytest.raises(ValueError, match="fails authentication"):
        open_token(moved, lookup)
    with pytest.raises(ValueError, match="malformed token"):
        open_token(token[:37] + "!!!", lookup)
    with pytest.raises(ValueError, match="malformed token"):
        open_token("pd1." + "z" * 32 + "." + token[37:], lookup)
    with pytest.raises(ValueError, match="without protection"):
        open_token("Siti Rahmawati", lookup)
    assert open_token(seal_value("Tono", uuid.uuid4(), made[siti]), lookup) == k.REDACTED
    assert open_token(token, None) == k.REDACTED
