"""The conformance kit's cases of command ids and of what a store refuses or cannot read.

Part of [`EventStoreContract`][kimcore.testing.conformance.EventStoreContract] (every store, sync
and async, runs them): the index of command ids that
[`recorded_by`][kimcore.stores.EventStore.recorded_by] answers from, the typed error of every bad
argument, and damaged payloads that read back as stored, for the codec to name.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import kimcore as k
from kimcore.application.ports.store import EventStore
from kimcore.testing.store_machine import new_events

__all__ = ["CommandIndexCases"]

_LATER = 1000  # events after a command's, past any window a store might keep


def _caused_by(command_id: uuid.UUID | None, count: int, seed: int) -> list[k.events.NewEvent]:
    metadata = k.events.Metadata(correlation_id=command_id, causation_id=command_id)
    return [attrs.evolve(e, metadata=metadata) for e in new_events(count, seed=seed)]


def _snapshot(stream_id: str, data: object = b"{}") -> k.stores.Snapshot:
    return k.stores.Snapshot(
        stream_id=stream_id,
        stream_version=1,
        state_type="S",
        schema_version=1,
        data=data,  # type: ignore[arg-type]
    )


class CommandIndexCases:
    """Cases every store passes: see the module. Mixed into ``EventStoreContract``."""

    # -- the index of command ids ---------------------------------------------------

    def test_a_commands_events_are_found_however_many_events_followed(
        self, store: EventStore
    ) -> None:
        command_id = uuid.uuid4()
        first = store.append("group-x", _caused_by(command_id, 2, 1), k.stores.NO_STREAM)
        for batch in range(_LATER // 100):
            store.append("group-x", _caused_by(uuid.uuid4(), 100, 10 + batch), k.stores.ANY_VERSION)
        elsewhere = store.append("group-y", _caused_by(command_id, 1, 2), k.stores.NO_STREAM)
        assert store.stream_version("group-x") == 2 + _LATER
        assert store.recorded_by("group-x", command_id) == list(first)
        assert store.recorded_by("group-y", command_id) == list(elsewhere)
        assert store.recorded_by("group-x", uuid.uuid4()) == []
        assert store.recorded_by("group-z", command_id) == []

    def test_events_without_a_cause_are_found_by_no_command(self, store: EventStore) -> None:
        store.append("group-x", _caused_by(None, 3, 1), k.stores.NO_STREAM)
        assert store.recorded_by("group-x", uuid.uuid4()) == []

    def test_a_command_recorded_in_two_appends_is_found_whole(self, store: EventStore) -> None:
        command_id = uuid.uuid4()
        one = store.append("group-x", _caused_by(command_id, 1, 1), k.stores.NO_STREAM)
        store.append("group-x", _caused_by(uuid.uuid4(), 1, 2), 1)
        two = store.append("group-x", _caused_by(command_id, 1, 3), 2)
        assert store.recorded_by("group-x", command_id) == [*one, *two]

    def test_a_command_whose_first_event_bears_its_id_is_found_whole(
        self, store: EventStore
    ) -> None:
        # What Application.handle writes when it makes the command id itself (SQLite finds
        # such a run by its index of event ids, not of causes).
        command_id = uuid.uuid4()
        events = _caused_by(command_id, 3, 1)
        events[0] = attrs.evolve(events[0], event_id=command_id)
        store.append("group-x", _caused_by(uuid.uuid4(), 2, 2), k.stores.NO_STREAM)
        mine = store.append("group-x", events, 2)
        sent = store.append("group-x", _caused_by(command_id, 1, 3), 5)  # the id sent again
        store.append("group-x", _caused_by(uuid.uuid4(), 1, 4), 6)
        named = store.append(
            "group-y",
            [attrs.evolve(new_events(1, seed=5)[0], metadata=k.events.Metadata())],
            k.stores.NO_STREAM,
        )
        assert store.recorded_by("group-x", command_id) == [*mine, *sent]
        assert store.recorded_by("group-y", command_id) == []
        # An event's id is a command's only where the event says the command caused it.
        assert store.recorded_by("group-y", named[0].event_id) == []
        assert store.recorded_by("group-x", mine[1].event_id) == []

    # -- bad arguments: typed, whatever the database ----------------------------------

    @pytest.mark.parametrize(
        ("call", "argument"),
        [
            (lambda s: s.recorded_by("group-\x00", uuid.uuid4()), "stream_id"),
            (lambda s: s.recorded_by("group-\ud800", uuid.uuid4()), "stream_id"),
            (lambda s: s.recorded_by("group-x", "x"), "command_id"),
            (lambda s: s.recorded_by("group-x", str(uuid.uuid4())), "command_id"),
            (lambda s: s.load_snapshot("x\x00"), "stream_id"),
            (lambda s: s.load_snapshot("x\udfff"), "stream_id"),
            (lambda s: s.load_snapshot(""), "stream_id"),
            (lambda s: s.save_snapshot(_snapshot("x\x00")), "stream_id"),
            (lambda s: s.save_snapshot(attrs.evolve(_snapshot("x"), state_type="\x00")), "state"),
            (lambda s: s.save_snapshot(_snapshot("x", data="{}")), "data"),
            (lambda s: s.read_with_keys("x\x00"), "stream_id"),
            (lambda s: s.read_from_snapshot("x\x00"), "stream_id"),
            (lambda s: s.stream_version("x\x00"), "stream_id"),
            (lambda s: s.read_all(2**64), "after"),
            (lambda s: s.read_all(0, 2**64), "limit"),
            (lambda s: s.read_stream("x", 2**63), "from_version"),
            (lambda s: s.count_after(2**63, 1), "after"),
            (lambda s: s.append("x", new_events(1), 2**63), "expected_version"),
            (lambda s: s.keys.get("x\x00"), "subject"),
            (lambda s: s.keys.get_many(["x\x00"]), "subject"),
            (lambda s: s.keys.get_many("abc"), "subjects"),
            (lambda s: s.keys.is_known("x"), "subject"),
            (lambda s: s.keys.is_forgotten(5), "subject"),
            (lambda s: s.keys.for_write([uuid.uuid4(), "x"]), "subject"),
        ],
    )
    def test_a_bad_argument_is_refused_by_name_before_the_database(
        self, store: EventStore, call: Callable[[EventStore], Any], argument: str
    ) -> None:
        with pytest.raises(k.errors.InvalidStoreArgument, match=argument):
            call(store)
        assert store.head_position() == 0
        assert store.load_snapshot("x") is None

    # -- damaged payloads: read as stored, named by the codec --------------------------

    @pytest.mark.parametrize(
        "data",
        [b'{"name": "a\x00b"}', b'{"name": "\xff\xfe"}', b"\x00", b'{"pd1.\x00": 1}'],
        ids=["nul", "not-utf8", "only-nul", "nul-in-a-token"],
    )
    def test_a_damaged_payload_reads_as_stored_and_decodes_to_a_named_error(
        self, store: EventStore, data: bytes
    ) -> None:
        (event,) = new_events(1)
        damaged = attrs.evolve(event, event_type="MemberLeft", data=data)
        (stored,) = store.append("group-x", [damaged], k.stores.NO_STREAM)
        assert store.read_stream("group-x")[0].data == data
        assert store.read_from_snapshot("group-x")[1][0].data == data
        _, tail, keys = store.read_with_keys("group-x")
        assert tail[0].data == data
        assert store.recorded_by("group-x", uuid.uuid4()) == []
        assert store.wait(stored.position - 1, 30)
        assert store.read_all()[0].data == data
        where = rf"stream 'group-x' version 1 position {stored.position}"
        with pytest.raises(k.errors.EventDecodeError, match=where):
            k.events.Codec().decode(tail[0], keys)
