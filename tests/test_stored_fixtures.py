"""Stored fixtures of every event type at every schema version still read as they did.

``tests/fixtures/events/<Type>.v<N>.json`` holds a payload as kimcore stored it
(personal fields sealed), its subjects' keys, and what it read as when it was
made. A change to an event that breaks what is stored, or changes its shape
without a new version and an upcaster, fails here.
"""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path
from typing import Any

import attrs
import pytest
from tests.fixture_reads import reads_as_now

import kimcore as k

FIXTURES = Path(__file__).parent / "fixtures" / "events"
CODEC = k.events.Codec()


def _keys(keys: dict[str, str]) -> k.events.Keys:
    """The subjects' keys a fixture was written with."""
    return k.events.Keys({uuid.UUID(s): base64.b64decode(key) for s, key in keys.items()})


def _load(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(path.read_text())
    return document


def test_every_version_of_every_event_has_a_fixture() -> None:
    wanted = {
        f"{cls.event_name}.v{version}.json"
        for cls in k.events.BUILTIN_EVENT_TYPES
        for version in range(1, cls.event_version + 1)
    }
    found = {path.name for path in FIXTURES.glob("*.json")}
    assert sorted(wanted - found) == [], "run python tests/fixtures/events/make.py"
    assert sorted(found - wanted) == []


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_a_stored_fixture_reads_as_it_did(path: Path) -> None:
    document = _load(path)
    payload = json.dumps(document["payload"]).encode()
    event = CODEC.decode_payload(
        document["type"], document["version"], payload, keys=_keys(document["keys"])
    )
    assert_reads_as_it_did(CODEC.to_data(event), event, document)


def assert_reads_as_it_did(read: dict[str, Any], event: k.Event, document: dict[str, Any]) -> None:
    """*read* (the event's data) is what *document* read as when it was made.

    A field a later version added (the file is never rewritten) was not in the payload and
    reads as the field's default.
    """
    said = reads_as_now(CODEC, document)  # an older shape brought forward by the upcasters
    assert {name: read.get(name) for name in said} == said
    added = set(read) - set(said)
    assert not added & set(document["payload"])
    defaults = {f.name: f.default for f in attrs.fields(type(event))}
    assert {name: getattr(event, name) for name in added} == {n: defaults[n] for n in added}


def test_a_fixture_read_at_an_older_version_still_says_what_it_said() -> None:
    # GroupMapped v1's one type reads as the set of that type, with no public issues.
    document = _load(FIXTURES / "GroupMapped.v1.json")
    event = CODEC.decode_payload(
        "GroupMapped", 1, json.dumps(document["payload"]).encode(), keys=_keys({})
    )
    assert isinstance(event, k.events.GroupMapped)
    said = document["reads_as"]["profile"]
    assert event.profile.community_types == {k.values.CommunityType(said["community_type"])}
    assert event.profile.public_issues == ()
    assert event.profile.fields == tuple(said["fields"])


@pytest.mark.parametrize("cls", k.events.BUILTIN_EVENT_TYPES, ids=lambda c: c.event_name)
def test_the_current_version_is_stored_as_its_fixture_was(cls: type[k.Event]) -> None:
    document = _load(FIXTURES / f"{cls.event_name}.v{cls.event_version}.json")
    event = CODEC.decode_payload(
        cls.event_name,
        cls.event_version,
        json.dumps(document["payload"]).encode(),
        keys=_keys(document["keys"]),
    )
    # The same fields, in the same shape: a change to the class is a new version.
    assert json.loads(json.dumps(CODEC.to_data(event), default=str)) == document["reads_as"]
    assert set(document["payload"]) == set(document["reads_as"])


def test_without_keys_a_sealed_fixture_reads_redacted() -> None:
    document = _load(FIXTURES / "MemberJoined.v2.json")
    event = CODEC.decode_payload(
        "MemberJoined", 2, json.dumps(document["payload"]).encode(), keys=_keys({})
    )
    assert isinstance(event, k.events.MemberJoined)
    assert k.personal.is_redacted(event.member.name)
