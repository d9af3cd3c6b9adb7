"""Decoding in C (msgspec, ``kimcore.events._fast``) against its plain twins.

Every event type at every stored version, including the upcast ones and a plugin's, decodes to
equal events through the fast decoder, the trusted cattrs hooks (``Codec(fast=False)``) and the
validating converter ``kimcore verify`` uses; a class the fast decoder cannot mirror falls back to
the plain path and says so.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import uuid
from collections.abc import Mapping
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from tests.test_stored_fixtures import assert_reads_as_it_did

import kimcore as k
from kimcore.events import _fast
from kimcore.testing.strategies import events as event_strategies

pytestmark = pytest.mark.skipif(not _fast.AVAILABLE, reason="pip install 'kimcore[msgspec]'")

FIXTURES = Path(__file__).parent / "fixtures" / "events"
FAST = k.events.Codec()
PLAIN = k.events.Codec(fast=False)


def _keys_for(event: k.Event) -> k.events.Keys:
    found = k.events.protection.plan_for(type(event))
    if found is None:
        return k.events.Keys({})
    data = FAST.to_data(event)
    subjects = k.events.protection.subjects(data, found)
    return k.events.Keys({s: os.urandom(32) for s in subjects})


def _three_ways(name: str, version: int, payload: bytes, keys: k.events.Keys | None) -> k.Event:
    fast = FAST.decode_payload(name, version, payload, keys=keys)
    plain = PLAIN.decode_payload(name, version, payload, keys=keys)
    checked = PLAIN.decode_payload(name, version, payload, keys=keys, validate=True)
    assert fast == plain == checked
    assert type(fast) is type(plain) is type(checked)
    assert FAST.to_data(fast) == PLAIN.to_data(plain)
    return fast


@given(event_strategies)
def test_fast_and_plain_decoders_give_equal_events(event: k.Event) -> None:
    keys = _keys_for(event)
    name, version, payload = FAST.encode(event, keys)
    assert FAST.fast_path(name), FAST.plain_path
    assert _three_ways(name, version, payload, keys) == event
    # Without keys every personal field reads REDACTED on every path alike.
    keyless = _three_ways(name, version, payload, None)
    redacted = k.personal.redact_all(event)
    assert keyless == redacted


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_every_stored_version_decodes_alike_fast_and_plain(path: Path) -> None:
    document = json.loads(path.read_text())
    keys = k.events.Keys(
        {uuid.UUID(s): base64.b64decode(key) for s, key in document["keys"].items()}
    )
    payload = json.dumps(document["payload"]).encode()
    event = _three_ways(document["type"], document["version"], payload, keys)
    read = json.loads(json.dumps(FAST.to_data(event), default=str))
    assert_reads_as_it_did(read, event, document)
    _three_ways(document["type"], document["version"], payload, None)


def test_a_plugins_events_take_the_fast_path() -> None:
    csr = pytest.importorskip("kimcore_csr.programme")
    codec = k.Application(k.stores.MemoryStore()).codec
    programme = uuid.uuid4()
    events = [
        csr.CsrProgrammeOpened(
            programme_id=programme,
            party=k.PartyRef(kind=k.values.PartyKind.GROUP, id=uuid.uuid4()),
            company="PT Contoh",
            budget_idr=5_000_000,
            months=12,
            opened_on=dt.date(2025, 1, 2),
        ),
        csr.CsrFundsDisbursed(
            programme_id=programme, amount_idr=1_000, tranche="I", disbursed_on=dt.date(2025, 2, 1)
        ),
        csr.CsrProgrammeClosed(
            programme_id=programme, reason="selesai", closed_on=dt.date(2025, 3, 1)
        ),
    ]
    plain = k.events.Codec(codec.registry, codec.upcasters, fast=False)
    for event in events:
        name, version, payload = codec.encode(event)
        assert codec.fast_path(name)
        fast = codec.decode_payload(name, version, payload)
        assert fast == plain.decode_payload(name, version, payload) == event
        assert type(fast) is type(event)


@k.events.event_type("test.Converted")
@attrs.frozen(kw_only=True)
class _Converted(k.Event):
    count: int = attrs.field(converter=int)


def test_a_class_the_fast_path_cannot_mirror_falls_back_and_says_so(
    caplog: pytest.LogCaptureFixture,
) -> None:
    registry = k.events.EventRegistry.builtin()
    registry.register(_Converted)
    codec = k.events.Codec(registry)
    with caplog.at_level(logging.INFO, logger="kimcore.events"):
        assert not codec.fast_path("test.Converted")
    assert "converter" in codec.plain_path[_Converted]
    assert "test.Converted decodes on the plain path" in caplog.text
    assert codec.decode_payload("test.Converted", 1, b'{"count": 3}') == _Converted(count=3)


@k.events.event_type("test.Hashed")
@attrs.frozen(kw_only=True, cache_hash=True)
class _Hashed(k.Event):
    count: int


@k.events.event_type("test.Several")
@attrs.frozen(kw_only=True)
class _Several(k.Event):
    where: k.Region | k.Seat


@k.events.event_type("test.Nested")
@attrs.frozen(kw_only=True)
class _Nested(k.Event):
    rows: tuple[tuple[k.Region, ...], ...]


@k.events.event_type("test.KeyedBy")
@attrs.frozen(kw_only=True)
class _KeyedBy(k.Event):
    counts: Mapping[k.Region, int]


@k.events.event_type("test.InSet")
@attrs.frozen(kw_only=True)
class _InSet(k.Event):
    regions: frozenset[k.Region]


@k.events.event_type("test.TakesSelf")
@attrs.frozen(kw_only=True)
class _TakesSelf(k.Event):
    label: str
    tags: tuple[str, ...] = attrs.field(
        default=attrs.Factory(lambda self: (self.label,), takes_self=True)
    )


@pytest.mark.parametrize(
    ("cls", "why"),
    [
        (_Hashed, "caches its hash"),
        (_Several, "a union holding attrs classes"),
        (_Nested, "a collection of collections"),
        (_KeyedBy, "a mapping keyed by attrs classes"),
        (_InSet, "attrs classes inside"),
        (_TakesSelf, "a default that takes self"),
    ],
)
def test_other_classes_the_twin_cannot_mirror_decode_on_the_plain_path(
    cls: type[k.Event], why: str
) -> None:
    registry = k.events.EventRegistry.builtin()
    registry.register(cls)
    codec = k.events.Codec(registry)
    assert not codec.fast_path(cls.event_name)
    assert why in codec.plain_path[cls]


@k.events.event_type("test.Mapped")
@attrs.frozen(kw_only=True)
class _Mapped(k.Event):
    by_code: Mapping[str, k.Region]
    listed: list[k.Region]
    maybe: k.Region | None = None


def test_mappings_and_lists_of_classes_take_the_fast_path() -> None:
    registry = k.events.EventRegistry.builtin()
    registry.register(_Mapped)
    fast = k.events.Codec(registry)
    plain = k.events.Codec(registry, fast=False)
    region = k.Region(code="62.71.01.1002", name="Langkai")
    event = _Mapped(by_code={region.code: region}, listed=[region, region])
    name, version, payload = fast.encode(event)
    assert fast.fast_path(name)
    decoded = fast.decode_payload(name, version, payload)
    assert decoded == plain.decode_payload(name, version, payload) == event
    assert type(decoded.by_code[region.code]) is k.Region  # type: ignore[attr-defined]
    assert all(type(r) is k.Region for r in decoded.listed)  # type: ignore[attr-defined]


def test_a_bad_payload_still_names_its_field_on_the_fast_path() -> None:
    event = k.events.GroupDissolved(
        group_id=uuid.uuid4(), reason="bubar", dissolved_on=dt.date(2025, 1, 1)
    )
    name, version, payload = FAST.encode(event)
    broken = payload.replace(b'"2025-01-01"', b'"not a date"')
    with pytest.raises(k.errors.EventDecodeError, match="dissolved_on"):
        FAST.decode_payload(name, version, broken)
    with pytest.raises(k.errors.EventDecodeError, match="not valid JSON"):
        FAST.decode_payload(name, version, payload[:-1])


def test_without_msgspec_the_codec_decodes_on_the_plain_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_fast, "msgspec", None)
    codec = k.events.Codec()
    assert not codec.fast_path("GroupDissolved")
    assert "msgspec is not installed" in codec.plain_path[k.events.GroupDissolved]
