"""Looking keys up by the hex digits tokens hold gives what looking them up by UUID gives."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kimcore as k
from kimcore.events.protection import PrefetchedKeys, open_token, seal_value


@pytest.fixture(params=["sqlite", "postgres"])
def durable(request: pytest.FixtureRequest) -> Any:
    return request.getfixturevalue(f"kimcore_{request.param}_store")


@settings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(known=st.integers(0, 6), strangers=st.integers(0, 3), forget=st.booleans())
def test_by_hex_equals_by_uuid(durable: Any, known: int, strangers: int, forget: bool) -> None:
    # Fresh subjects each example: the store lives across them.
    subjects = [uuid.uuid4() for _ in range(known)]
    keys = durable.keys
    made = keys.get_or_create_many(subjects)
    durable.append(f"keys-{uuid.uuid4()}", [], k.stores.ANY_VERSION)  # writes the pending keys
    forgotten = subjects[:1] if forget else []
    if forgotten:
        durable.append(f"subject-{uuid.uuid4()}", [], k.stores.ANY_VERSION, forget=forgotten)
    asked = [*subjects, *(uuid.uuid4() for _ in range(strangers))]
    by_uuid = keys.get_many(asked)
    by_hex = keys.get_many_hex([s.hex for s in asked])
    assert by_hex == {s.hex: key for s, key in by_uuid.items()}
    assert set(by_uuid) == set(subjects) - set(forgotten)
    assert all(by_uuid[s] == made[s] for s in by_uuid)


def test_prefetched_keys_open_tokens_from_either_kind_of_key_store(durable: Any) -> None:
    subject = uuid.uuid4()
    key = durable.keys.get_or_create(subject)
    durable.append(f"keys-{uuid.uuid4()}", [], k.stores.ANY_VERSION)
    token = seal_value("Siti", subject, key)
    memory = k.MemoryStore()
    memory.keys._keys[subject] = key  # the same key, in a store without get_many_hex
    for store in (durable, memory):
        prefetched = PrefetchedKeys.for_payloads(store.keys, [token.encode()])
        assert prefetched.get(subject) == key
        assert open_token(token, prefetched) == "Siti"


@pytest.mark.parametrize("bad", ["not hex at all", "abcd", "A" * 32, "0" * 31 + " "])
def test_malformed_hex_is_refused(durable: Any, bad: str) -> None:
    with pytest.raises(ValueError, match="32 lowercase hex digits"):
        durable.keys.get_many_hex([bad])


def _prefetched_and_plain(subjects: list[uuid.UUID]) -> tuple[Any, Any, dict[uuid.UUID, bytes]]:
    store = k.MemoryStore()
    keys = store.keys.get_or_create_many(subjects)
    tokens = [seal_value("x", s, keys[s]).encode() for s in subjects]
    return PrefetchedKeys.for_payloads(store.keys, tokens), store.keys, keys


@pytest.mark.parametrize("prefetched", [True, False])
def test_every_way_a_token_can_be_wrong_is_named_on_either_path(prefetched: bool) -> None:
    siti, bayu = uuid.uuid4(), uuid.uuid4()
    fast, plain, keys = _prefetched_and_plain([siti, bayu])
    lookup = fast if prefetched else plain
    token = seal_value("Siti Rahmawati", siti, keys[siti])
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
    assert open_token(seal_value("Tono", uuid.uuid4(), keys[siti]), lookup) == k.REDACTED
