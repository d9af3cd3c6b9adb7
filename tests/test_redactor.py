"""The per-class redactor the decision cache uses equals ``redact_all`` on every value."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import attrs
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.events.redaction import redactor_for
from kimcore.testing.strategies import events
from kimcore.vocabulary.personal import redact_all


@given(events)
def test_equals_redact_all_on_every_event(event: k.Event) -> None:
    redacted = redactor_for(type(event))(event)
    assert redacted == redact_all(event)
    assert redactor_for(type(event))(redacted) is redacted  # nothing left to change


@attrs.frozen
class Volunteer:
    person_id: uuid.UUID
    name: str = k.personal.personal_field(subject="person_id", kind="name")
    nickname: str | None = k.personal.personal_field(
        subject="person_id", kind="name", optional=True
    )


@attrs.frozen
class Roster:
    by_role: Mapping[str, Volunteer]
    lead: Volunteer | None
    crew: tuple[Volunteer, ...]


people = st.builds(
    Volunteer,
    person_id=st.uuids(),
    name=st.sampled_from(["Siti", "Bayu", k.REDACTED]),
    nickname=st.sampled_from([None, "Ci", k.REDACTED]),
)


@given(
    by_role=st.dictionaries(st.sampled_from(["chair", "scribe"]), people, max_size=2),
    lead=st.none() | people,
    crew=st.lists(people, max_size=3).map(tuple),
)
def test_equals_redact_all_through_mappings_options_and_tuples(
    by_role: dict[str, Volunteer], lead: Volunteer | None, crew: tuple[Volunteer, ...]
) -> None:
    roster = Roster(by_role=by_role, lead=lead, crew=crew)
    redacted = redactor_for(Roster)(roster)
    assert redacted == redact_all(roster)
    everyone = [
        *redacted.by_role.values(),
        *redacted.crew,
        *([redacted.lead] if redacted.lead else []),
    ]
    assert all(k.personal.is_redacted(v.name) for v in everyone)
    assert all(v.nickname is None or k.personal.is_redacted(v.nickname) for v in everyone)


@k.events.event_type("RosterNoted")
@attrs.frozen(kw_only=True)
class RosterNoted(k.Event):
    by_role: Mapping[str, Volunteer]
    everyone: frozenset[Volunteer]
    crew: tuple[Volunteer, ...]
    lead: Volunteer | None = None


@given(
    by_role=st.dictionaries(st.sampled_from(["chair", "scribe"]), people, max_size=2),
    everyone=st.frozensets(people, max_size=3),
    crew=st.lists(people, max_size=3).map(tuple),
    lead=st.none() | people,
)
def test_sealing_through_every_kind_of_collection_round_trips(
    by_role: dict[str, Volunteer],
    everyone: frozenset[Volunteer],
    crew: tuple[Volunteer, ...],
    lead: Volunteer | None,
) -> None:
    # Tuples are sealed item by item beside the object; sets (stored sorted)
    # and mappings from their payloads: every path must seal every value.
    codec = k.events.Codec(registry=k.events.EventRegistry([RosterNoted]))
    keys = k.stores.MemoryKeyStore()
    event = RosterNoted(by_role=by_role, everyone=everyone, crew=crew, lead=lead)
    name, version, data = codec.encode(event, keys)
    for plain in ("Siti", "Bayu", '"Ci"'):
        assert plain.encode() not in data
    assert codec.decode_payload(name, version, data, keys=keys) == event
