"""Decoding only what is read: a projection is given the types it handles, and the others in a page
are never decoded; the log's lines pass stored JSON through where nothing is sealed. Both give what
decoding everything gives."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import uuid
from pathlib import Path
from typing import Any

from hypothesis import given
from tests.builders import form

import kimcore as k
from kimcore.adapters.export import record_line, stored_line
from kimcore.events.envelope import stored_event
from kimcore.projections import Column, ModelStore, Projector, Table, Tables
from kimcore.testing.strategies import events as event_strategies

FIXTURES = Path(__file__).parent / "fixtures" / "events"
CODEC = k.events.Codec()


NOW = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)


def _stored(name: str, version: int, payload: bytes) -> k.events.StoredEvent:
    return stored_event(
        "group-x", 1, 7, uuid.uuid4(), name, version, payload, k.events.Metadata(), NOW
    )


def _keys_for(event: k.Event) -> k.events.Keys:
    plan = k.events.protection.plan_for(type(event))
    if plan is None:
        return k.events.Keys({})
    subjects = k.events.protection.subjects(CODEC.to_data(event), plan)
    return k.events.Keys({s: os.urandom(32) for s in subjects})


@given(event_strategies)
def test_a_line_passed_through_equals_the_decoded_line(event: k.Event) -> None:
    keys = _keys_for(event)
    stored = _stored(*CODEC.encode(event, keys))
    for lookup in (keys, None):
        assert stored_line(CODEC, stored, lookup) == record_line(
            CODEC, CODEC.decode(stored, lookup)
        )


def test_every_stored_version_gives_the_same_line_both_ways() -> None:
    for path in sorted(FIXTURES.glob("*.json")):
        document = json.loads(path.read_text())
        keys = k.events.Keys(
            {uuid.UUID(s): base64.b64decode(key) for s, key in document["keys"].items()}
        )
        stored = _stored(
            document["type"], document["version"], json.dumps(document["payload"]).encode()
        )
        for lookup in (keys, None):
            assert stored_line(CODEC, stored, lookup) == record_line(
                CODEC, CODEC.decode(stored, lookup)
            ), path.name


class _Counting(k.events.Codec):
    def __init__(self) -> None:
        super().__init__()
        self.decoded: list[str] = []

    def decode_event(self, stored: Any, keys: Any = None, *, validate: bool = False) -> Any:
        self.decoded.append(stored.event_type)
        return super().decode_event(stored, keys, validate=validate)


DISSOLUTIONS = Table(
    name="dissolutions",
    columns=(Column(name="group_id", type="text"), Column(name="reason", type="text")),
    key=("group_id",),
)


class _Dissolutions:
    name = "dissolutions"
    version = 1
    tables = (DISSOLUTIONS,)
    personal_data = False

    def apply(self, tables: Tables, recorded: k.RecordedEvent[k.Event]) -> None:
        event = recorded.event
        if isinstance(event, k.events.GroupDissolved):
            tables.put(DISSOLUTIONS, {"group_id": str(event.group_id), "reason": event.reason})


class _OnlyDissolutions(_Dissolutions):
    event_types = (k.events.GroupDissolved,)


def _project(store: k.stores.EventStore, model: Any, codec: k.events.Codec) -> ModelStore:
    models = k.projections.MemoryModels()
    Projector(store, model, models, codec=codec, page_size=7).rebuild()
    return models


def test_a_projection_is_given_only_the_types_it_handles_and_ends_as_eagerly() -> None:
    store = k.MemoryStore()
    app = k.Application(store)
    for n in range(6):
        group = uuid.uuid4()
        app.handle(form(group_id=group))
        if n % 2:
            app.handle(
                k.DissolveGroup(
                    group_id=group, reason=f"bubar {n}", dissolved_on=dt.date(2025, 1, 1)
                )
            )
    eager, lazy = _Counting(), _Counting()
    every = _project(store, _Dissolutions(), eager)
    only = _project(store, _OnlyDissolutions(), lazy)
    assert only.rows(DISSOLUTIONS) == every.rows(DISSOLUTIONS)
    assert len(only.rows(DISSOLUTIONS)) == 3
    assert set(eager.decoded) > {"GroupDissolved"}
    assert lazy.decoded == ["GroupDissolved"] * 3
    assert (
        only.checkpoint("dissolutions") == every.checkpoint("dissolutions") == store.head_position()
    )
