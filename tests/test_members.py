"""Members as the seed lists them: several backgrounds, a gender, and adults called adults."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from hypothesis import given
from hypothesis import strategies as st

import kimcore as k


def _as_version_1(data: bytes) -> bytes:
    """A payload as version 1 stored it: "parent" for the seed's orang tua, no also or gender."""
    payload = json.loads(data)
    members = payload.get("founders") or [payload["member"]]
    for member in members:
        member.pop("also", None)
        member.pop("gender", None)
        if member["category"] == "adult":
            member["category"] = "parent"
    return json.dumps(payload).encode()


def test_version_1_members_read_as_adults() -> None:
    codec = k.events.Codec()
    founders = tuple(
        k.MemberDetails(member_id=uuid.uuid4(), name=f"Warga {n}", category=category)
        for n, category in enumerate([k.MemberCategory.ADULT, k.MemberCategory.YOUTH])
    )
    keys = k.events.Keys.fresh(m.member_id for m in founders)
    formed = k.events.GroupFormed(
        group_id=uuid.uuid4(),
        name="KIM Lama",
        seat=k.Seat(
            region=k.Region(code="62.71.01.1002", name="Langkai"),
            settlement=k.Settlement.URBAN_WARD,
            area=k.Area.URBAN,
        ),
        founders=founders,
        channels=(),
        bounds=k.values.MembershipBounds(),
        formed_on=dt.date(2023, 5, 1),
    )
    name, _, data = codec.encode(formed, keys)
    old = _as_version_1(data)
    assert b'"parent"' in old
    assert codec.decode_payload(name, 1, old, keys=keys) == formed
    joined = k.events.MemberJoined(
        group_id=formed.group_id, member=founders[0], joined_on=dt.date(2023, 6, 1)
    )
    name, _, data = codec.encode(joined, keys)
    assert codec.decode_payload(name, 1, _as_version_1(data), keys=keys) == joined


@given(
    first=st.sampled_from(k.MemberCategory),
    also=st.frozensets(st.sampled_from(k.MemberCategory)),
    gender=st.none() | st.sampled_from(k.values.Gender),
)
def test_a_member_has_every_background_and_a_gender_round_trip(
    first: k.MemberCategory, also: frozenset[k.MemberCategory], gender: k.values.Gender | None
) -> None:
    member = k.MemberDetails(
        member_id=uuid.uuid4(), name="Warga", category=first, also=also, gender=gender
    )
    assert member.categories == also | {first}
    codec = k.events.Codec()
    keys = k.events.Keys.fresh([member.member_id])
    event = k.events.MemberJoined(
        group_id=uuid.uuid4(),
        member=member,
        joined_on=dt.date(2024, 1, 1),
    )
    name, version, data = codec.encode(event, keys)
    assert version == 2
    assert codec.decode_payload(name, version, data, keys=keys) == event
