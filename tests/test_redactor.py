"""The one walk over a sealing plan agrees with ``redact_all``, and seals every collection."""

from __future__ import annotations

import uuid
from collections.abc import Mapping

import attrs
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.events.protection import plan_for, subjects
from kimcore.testing.strategies import events
from kimcore.vocabulary.personal import redact, redact_all

CODEC = k.events.Codec()


@given(events)
def test_the_plans_subjects_are_those_redact_all_touches(event: k.Event) -> None:
    plan = plan_for(type(event))
    found = set() if plan is None else subjects(CODEC.to_data(event), plan)
    assert redact(event, found) == redact_all(event)
    for subject in found:
        assert redact(event, found - {subject}) != redact_all(event)


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
def test_redact_all_reaches_through_mappings_options_and_tuples(
    by_role: dict[str, Volunteer], lead: Volunteer | None, crew: tuple[Volunteer, ...]
) -> None:
    roster = Roster(by_role=by_role, lead=lead, crew=crew)
    redacted = redact_all(roster)
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
    # Mappings, sets (stored sorted), tuples and options: the walk must seal every value.
    codec = k.events.Codec(registry=k.events.EventRegistry([RosterNoted]))
    store = k.MemoryStore()
    event = RosterNoted(by_role=by_role, everyone=everyone, crew=crew, lead=lead)
    [((name, version, data), made)] = codec.encode_all([event], store.keys.for_write)
    # As JSON strings: a sealed token's random base64 may hold "Bayu" by chance, never a quote.
    for plain in ("Siti", "Bayu", "Ci"):
        assert f'"{plain}"'.encode() not in data
    keys = k.events.Keys(made)
    assert codec.decode_payload(name, version, data, keys=keys) == event
