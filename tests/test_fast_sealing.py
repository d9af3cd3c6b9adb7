"""Sealing a batch in one walk (``kimcore.events._sealing``) against its plain twin.

``Codec()`` notes each personal value's place once and seals there, with the batch's nonces from
one call to the random source and ids left as UUIDs for the JSON encoder; ``Codec(fast=False)``
finds subjects by one walk and seals by another. On any batch of events, both ask for the same
subjects, put the same new keys on the same events, write the same payloads but for the random part
of each token, and those payloads open to the events written.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import re
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.events import _sealing
from kimcore.events.errors import EventTypeError
from kimcore.testing.strategies import events as event_strategies
from kimcore.testing.strategies.events import EVENT_STRATEGIES

FAST = k.events.Codec()
PLAIN = k.events.Codec(fast=False)
# The event types that hold personal data: a batch holds some, so that it seals several values.
_PERSONAL = st.one_of(
    *(s for cls, s in EVENT_STRATEGIES.items() if k.events.protection.plan_for(cls) is not None)
)
_TOKEN = re.compile(r"pd1\.([0-9a-f]{32})\.([A-Za-z0-9_-]+)")


def _key(subject: uuid.UUID) -> bytes:
    # The same key for a subject on both paths, so that their payloads can be compared.
    return subject.bytes * 2


def _keys(subjects: set[uuid.UUID], stored: set[uuid.UUID]) -> k.events.Keys:
    return k.events.Keys(
        {s: _key(s) for s in subjects if s in stored},
        {s: _key(s) for s in subjects if s not in stored},
    )


def _without_bodies(payload: bytes) -> Any:
    """The payload with each token cut to its subject: all that is not random in it."""
    return json.loads(_TOKEN.sub(r"pd1.\1.", payload.decode()))


def _bodies(payload: bytes) -> list[bytes]:
    return [
        base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        for _, body in _TOKEN.findall(payload.decode())
    ]


@st.composite
def batches(draw: st.DrawFn) -> list[k.Event]:
    """A few events, some with their personal values redacted already (as a snapshot holds)."""
    personal = draw(st.lists(_PERSONAL, min_size=1, max_size=3))
    events = draw(st.permutations(personal + draw(st.lists(event_strategies, max_size=2))))
    return [k.personal.redact_all(e) if draw(st.integers(0, 3)) == 0 else e for e in events]


@given(batches(), st.data())
def test_fast_and_plain_sealing_agree(events: list[k.Event], data: st.DataObject) -> None:
    fast, plain = FAST.prepare_all(events), PLAIN.prepare_all(events)
    assert fast.subjects == plain.subjects
    # Some subjects with a stored key, the rest new: only the new ones ride on events.
    stored = data.draw(st.sets(st.sampled_from(sorted(fast.subjects)))) if fast.subjects else set()
    sealed_fast = FAST.seal_all(fast, _keys(fast.subjects, stored) if fast.subjects else None)
    sealed_plain = PLAIN.seal_all(plain, _keys(plain.subjects, stored) if plain.subjects else None)
    opening = k.events.Keys({s: _key(s) for s in fast.subjects})
    nonces = []
    for event, (encoded_fast, new_fast), (encoded_plain, new_plain) in zip(
        events, sealed_fast, sealed_plain, strict=True
    ):
        name, version, payload = encoded_fast
        assert (name, version) == encoded_plain[:2]
        assert new_fast == new_plain  # the same new keys ride on the same events
        assert _without_bodies(payload) == _without_bodies(encoded_plain[2])
        # The same bytes but for each token's random body (its nonce and ciphertext).
        assert _cut(payload) == _cut(encoded_plain[2])
        assert PLAIN.decode_payload(name, version, payload, keys=opening) == event
        assert FAST.decode_payload(name, version, payload, keys=opening) == event
        nonces += [body[:12] for body in _bodies(payload)]
    assert len(set(nonces)) == len(nonces)


def _cut(payload: bytes) -> bytes:
    return _TOKEN.sub(r"pd1.\1.", payload.decode()).encode()


@given(event_strategies)
def test_a_missing_key_is_refused_on_both_paths(event: k.Event) -> None:
    prepared = FAST.prepare_all([event])
    if not prepared.subjects:
        return
    for codec in (FAST, PLAIN):
        with pytest.raises(EventTypeError, match="no key for subject"):
            codec.seal_all(codec.prepare_all([event]), k.events.Keys({}))


def test_the_fast_path_notes_each_value_once() -> None:
    subject = uuid.UUID(int=7)
    plan = k.events.protection.plan_for(k.events.MemberJoined)
    assert plan is not None
    data = FAST.prepare_all(
        [
            k.events.MemberJoined(
                group_id=uuid.UUID(int=1),
                member=k.MemberDetails(
                    member_id=subject, name="Warga", category=k.MemberCategory.FARMER
                ),
                joined_on=dt.date(2024, 1, 1),
            )
        ]
    ).datas[0]
    found: list[_sealing.Site] = []
    _sealing.sites_of(data, plan, found)
    assert [(name, s) for _, name, s in found] == [("name", subject)]


def test_ids_keying_a_mapping_are_written_as_text() -> None:
    # orjson writes a UUID value, not a UUID key (a plugin's field may be such a mapping).
    subject = uuid.UUID(int=7)
    data = {"by_id": {subject: [subject, 1]}, "id": subject}
    assert (
        _sealing.dumps(data)
        == json.dumps(
            {"by_id": {str(subject): [str(subject), 1]}, "id": str(subject)}, separators=(",", ":")
        ).encode()
    )
