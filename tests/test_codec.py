"""The codec: round trips, stable names, upcasting, and errors that say where."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.events.registry import BUILTIN_EVENT_TYPES
from kimcore.events.upcasting import activity_held_v1_to_v2, group_mapped_v1_to_v2
from kimcore.testing.strategies import EVENT_STRATEGIES, events

CODEC = k.events.Codec()


def stored(event_type: str, version: int, data: bytes) -> k.events.StoredEvent:
    return k.events.StoredEvent(
        stream_id="group-x",
        stream_version=7,
        position=42,
        event_id=uuid.uuid4(),
        event_type=event_type,
        schema_version=version,
        data=data,
        metadata=k.events.Metadata(),
        recorded_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC),
    )


@given(events)
def test_every_event_round_trips_unchanged(event: k.Event) -> None:
    [((name, version, data), made)] = CODEC.encode_all([event], k.events.Keys.fresh)
    assert (name, version) == (event.event_name, event.event_version)
    assert CODEC.decode_payload(name, version, data, keys=k.events.Keys(made)) == event


@given(EVENT_STRATEGIES[k.events.ActivityHeld])
def test_sets_are_stored_sorted(event: k.events.ActivityHeld) -> None:
    # so equal events give equal payloads whatever order a process iterates a set in
    data = CODEC.to_data(event)
    assert data["functions"] == sorted(data["functions"])
    assert data["tags"] == sorted(data["tags"])


def test_every_builtin_event_has_a_strategy_and_a_unique_name() -> None:
    assert set(EVENT_STRATEGIES) == set(BUILTIN_EVENT_TYPES)
    names = [cls.event_name for cls in BUILTIN_EVENT_TYPES]
    assert len(set(names)) == len(names)
    assert "." not in "".join(names)  # names are not module paths


def test_the_issue_lists_these_events() -> None:
    required = {
        "GroupFormed",
        "MemberJoined",
        "MemberLeft",
        "OfficerAppointed",
        "OfficerRelieved",
        "GroupConfirmed",
        "GroupRegistered",
        "ChannelsChanged",
        "GroupDissolved",
        "ForumEstablished",
        "ForumBoardInstalled",
        "ForumMemberAdmitted",
        "ForumMemberWithdrew",
        "PartnershipSigned",
        "PartnershipEnded",
        "ActivityHeld",
        "CompetitionResultRecorded",
    }
    assert required <= {cls.event_name for cls in BUILTIN_EVENT_TYPES}


def test_the_stored_name_survives_a_module_move() -> None:
    # A class defined elsewhere under the same name decodes the same stored payload.
    @k.events.event_type("MemberLeft")
    @attrs.frozen(kw_only=True)
    class MovedMemberLeft(k.Event):
        group_id: uuid.UUID
        member_id: uuid.UUID
        reason: k.values.LeaveReason
        left_on: dt.date

    original = k.events.MemberLeft(
        group_id=uuid.uuid4(),
        member_id=uuid.uuid4(),
        reason=k.values.LeaveReason.MOVED_AWAY,
        left_on=dt.date(2024, 1, 1),
    )
    name, version, data = CODEC.encode(original)
    moved = k.events.Codec(registry=k.events.EventRegistry([MovedMemberLeft]))
    decoded = moved.decode_payload(name, version, data)
    assert isinstance(decoded, MovedMemberLeft)
    assert attrs.asdict(decoded) == attrs.asdict(original)


ACTIVITY_V1 = {
    "party": {"kind": "group", "id": "6f1fc827-46d2-5a8d-9193-c2334ece4ea6"},
    "activity_id": "d5f5880a-1890-588d-b4fa-a42b0ea531d8",
    "technique": "sarasehan",
    "function": "disseminate",
    "topic": "Stunting prevention",
    "held_on": "2023-08-17",
    "place": "Balai Desa",
    "link": None,
    "attendance": 30,
    "partnership_id": None,
    "tags": [],
}


def test_activity_held_v1_is_upcast_on_read() -> None:
    event = CODEC.decode_payload("ActivityHeld", 1, json.dumps(ACTIVITY_V1).encode())
    assert isinstance(event, k.events.ActivityHeld)
    assert event.functions == frozenset({k.AdindaFunction.DISSEMINATE})
    assert event.delivery is k.Delivery.IN_PERSON
    assert k.events.ActivityHeld.event_version == 3
    assert event.advocacy is None


def test_the_upcaster_is_pure() -> None:
    before = dict(ACTIVITY_V1)
    after = activity_held_v1_to_v2(before)
    assert before == ACTIVITY_V1
    assert "function" not in after


def test_a_stored_v1_in_a_store_reads_as_v2() -> None:
    store = k.MemoryStore()
    store.append(
        "group-x",
        [
            k.events.NewEvent(
                event_id=uuid.uuid4(),
                event_type="ActivityHeld",
                schema_version=1,
                data=json.dumps(ACTIVITY_V1).encode(),
                metadata=k.events.Metadata(),
                recorded_at=dt.datetime(2023, 8, 17, tzinfo=dt.UTC),
            ),
        ],
        k.stores.NO_STREAM,
    )
    (raw,) = store.read_stream("group-x")
    recorded = CODEC.decode(raw)
    assert recorded.schema_version == 1  # the envelope reports what is stored, untouched
    assert isinstance(recorded.event, k.events.ActivityHeld)
    assert raw.data == json.dumps(ACTIVITY_V1).encode()


def test_unknown_type_names_where_it_is() -> None:
    with pytest.raises(
        k.errors.EventDecodeError, match=r"stream 'group-x' version 7 position 42.*'Mystery'"
    ):
        CODEC.decode(stored("Mystery", 1, b"{}"))


def test_corrupt_json_names_where_it_is() -> None:
    with pytest.raises(k.errors.EventDecodeError, match="position 42"):
        CODEC.decode(stored("MemberLeft", 1, b"{not json"))


def test_a_payload_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(k.errors.EventDecodeError, match="JSON object"):
        CODEC.decode(stored("MemberLeft", 1, b"[1, 2]"))


def test_a_bad_field_is_named_by_its_path() -> None:
    payload = {
        "group_id": "not-a-uuid",
        "member_id": str(uuid.uuid4()),
        "reason": "resigned",
        "left_on": "2024-01-01",
    }
    with pytest.raises(k.errors.EventDecodeError, match=r"event.group_id"):
        CODEC.decode(stored("MemberLeft", 1, json.dumps(payload).encode()))


def test_a_rule_breaking_payload_is_refused_with_the_rule() -> None:
    payload = {
        "group_id": str(uuid.uuid4()),
        "member_id": str(uuid.uuid4()),
        "reason": "resigned",
        "left_on": "2024-13-01",
    }
    with pytest.raises(k.errors.EventDecodeError, match="left_on"):
        CODEC.decode(stored("MemberLeft", 1, json.dumps(payload).encode()))


def test_a_rule_broken_in_storage_is_found_by_validating_reads_only() -> None:
    # A store's events were validated when decided: reads trust them, verify checks them.
    event = k.events.ForumDissolved(
        forum_id=uuid.uuid4(), reason="x", dissolved_on=dt.date(2024, 1, 1)
    )
    data = CODEC.to_data(event)
    data["reason"] = "   "
    payload = stored("ForumDissolved", 1, json.dumps(data).encode())
    assert CODEC.decode(payload).event.reason == "   "  # type: ignore[attr-defined]
    with pytest.raises(
        k.errors.EventDecodeError,
        match=r"position 42: \[invalid-value\] reason: must not be blank",
    ):
        CODEC.decode(payload, validate=True)


@pytest.mark.parametrize("member", ["x", [1], 7, None])
@pytest.mark.parametrize("with_keys", [False, True])
def test_a_nested_value_of_the_wrong_shape_names_where_it_is(
    member: object, with_keys: bool
) -> None:
    payload = {"group_id": str(uuid.uuid4()), "member": member, "joined_on": "2024-01-01"}
    keys = k.events.Keys({}) if with_keys else None
    with pytest.raises(k.errors.EventDecodeError, match=r"position 42.*member"):
        CODEC.decode(stored("MemberJoined", 1, json.dumps(payload).encode()), keys)


def test_an_extra_field_is_refused_by_the_plain_path_and_verify() -> None:
    event = k.events.ForumDissolved(
        forum_id=uuid.uuid4(), reason="x", dissolved_on=dt.date(2024, 1, 1)
    )
    data = CODEC.to_data(event) | {"surprise": 1}
    payload = stored("ForumDissolved", 1, json.dumps(data).encode())
    with pytest.raises(k.errors.EventDecodeError, match="surprise"):
        k.events.Codec(fast=False).decode(payload)
    with pytest.raises(k.errors.EventDecodeError, match="surprise"):
        CODEC.decode(payload, validate=True)
    # Decoding in C reads the class's own fields and passes over the rest (see
    # docs/performance.md): what a store holds was written from the class.
    if CODEC.fast_path("ForumDissolved"):
        assert CODEC.decode(payload).event == event


def test_a_version_newer_than_the_class_is_refused() -> None:
    with pytest.raises(k.errors.EventDecodeError, match="newer than this kimcore knows"):
        CODEC.decode(stored("MemberLeft", 2, b"{}"))


def test_a_missing_upcaster_is_reported() -> None:
    bare = k.events.Codec(upcasters=k.events.Upcasters())
    with pytest.raises(k.errors.EventDecodeError, match="no upcaster from 'ActivityHeld' v1 to v2"):
        bare.decode(stored("ActivityHeld", 1, json.dumps(ACTIVITY_V1).encode()))


def test_an_upcaster_is_registered_once() -> None:
    upcasters = k.events.Upcasters.builtin()
    with pytest.raises(k.errors.UpcastError, match="already registered"):
        upcasters.register("ActivityHeld", 1, activity_held_v1_to_v2)


def test_encoding_an_unregistered_class_is_refused() -> None:
    @k.events.event_type("Stray")
    @attrs.frozen(kw_only=True)
    class Stray(k.Event):
        x: int

    with pytest.raises(k.errors.UnknownEventType, match="Stray is not a registered event class"):
        CODEC.encode(Stray(x=1))


class TestRegistry:
    def test_two_classes_for_one_name_are_refused_naming_both(self) -> None:
        @k.events.event_type("GroupFormed")
        @attrs.frozen(kw_only=True)
        class Impostor(k.Event):
            pass

        with pytest.raises(
            k.errors.EventTypeError, match=r"kimcore.events.group.GroupFormed and .*Impostor"
        ):
            k.events.EventRegistry.builtin().register(Impostor)

    def test_an_unnamed_class_is_refused(self) -> None:
        @attrs.frozen(kw_only=True)
        class Unnamed(k.Event):
            pass

        with pytest.raises(k.errors.EventTypeError, match="no type name"):
            k.events.EventRegistry().register(Unnamed)

    def test_registering_the_same_class_again_is_harmless(self) -> None:
        registry = k.events.EventRegistry.builtin()
        registry.register(k.events.GroupFormed)
        assert len(registry) == len(BUILTIN_EVENT_TYPES)
        assert k.events.GroupFormed in list(registry)

    @pytest.mark.parametrize(("name", "version"), [("", 1), ("has space", 1), ("Ok", 0)])
    def test_names_and_versions_are_checked(self, name: str, version: int) -> None:
        with pytest.raises(ValueError, match=r"event type name|schema version"):
            k.events.event_type(name, version=version)

    def test_a_class_is_named_once(self) -> None:
        with pytest.raises(ValueError, match="already named"):
            k.events.event_type("Other")(k.events.GroupFormed)


@given(EVENT_STRATEGIES[k.events.GroupMapped], st.sampled_from(k.values.CommunityType))
def test_group_mapped_v1_reads_as_its_one_type_with_no_public_issues(
    current: k.events.GroupMapped, one: k.values.CommunityType
) -> None:
    # Art. 23(2)'s types are "and/or": v1 held one; it reads as the set of that one.
    data = CODEC.to_data(current)
    profile = {key: val for key, val in data["profile"].items() if key != "public_issues"}
    del profile["community_types"]
    before = {**data, "profile": {"community_type": one.value, **profile}}
    kept = json.loads(json.dumps(before))
    group_mapped_v1_to_v2(before)
    assert before == kept  # the step is pure
    read = CODEC.decode_payload("GroupMapped", 1, json.dumps(before).encode())
    assert isinstance(read, k.events.GroupMapped)
    assert read.profile == attrs.evolve(
        current.profile, community_types=frozenset({one}), public_issues=()
    )
    assert (read.office, read.group_id, read.mapped_on) == (
        current.office,
        current.group_id,
        current.mapped_on,
    )
