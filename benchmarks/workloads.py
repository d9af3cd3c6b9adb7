"""The benchmark workloads, shared by every store: 1 GroupFormed then 9 MemberJoined per group."""

from __future__ import annotations

import datetime as dt
import uuid

import kimcore as k

D0 = dt.date(2024, 1, 1)
SEAT = k.Seat(
    region=k.Region(code="62.71.01.1002", name="Langkai"),
    settlement=k.Settlement.URBAN_WARD,
    area=k.Area.URBAN,
)
VILLAGES = [
    k.Region(code=f"62.71.0{d}.100{v}", name=f"Desa {d}-{v}")
    for d in range(1, 4)
    for v in range(1, 5)
]
# One founder so that GroupFormed + 9 joins is a valid history under this policy.
POLICY = k.Policy(bounds=k.MembershipBounds(minimum=1, maximum=30))


def person(group: int, n: int) -> k.MemberDetails:
    return k.MemberDetails(
        member_id=uuid.UUID(int=(group << 8) | n | (1 << 100)),
        name=f"Warga {group}-{n}",
        category=k.MemberCategory.FARMER,
    )


def group_id(group: int) -> uuid.UUID:
    return uuid.UUID(int=group | (1 << 120))


def formed(group: int) -> k.GroupFormed:
    return k.GroupFormed(
        group_id=group_id(group),
        name=f"KIM {group}",
        seat=k.Seat(
            region=VILLAGES[group % len(VILLAGES)], settlement=SEAT.settlement, area=SEAT.area
        ),
        founders=(person(group, 0),),
        channels=(),
        bounds=POLICY.bounds,
        formed_on=D0,
    )


def joined(group: int, n: int) -> k.MemberJoined:
    return k.MemberJoined(group_id=group_id(group), member=person(group, n), joined_on=D0)


def group_events(group: int) -> list[k.Event]:
    return [formed(group), *(joined(group, n) for n in range(1, 10))]


def commands(group: int) -> list[k.Command]:
    first = formed(group)
    return [
        k.FormGroup(
            group_id=first.group_id,
            name=first.name,
            seat=first.seat,
            founders=first.founders,
            formed_on=D0,
            bounds=POLICY.bounds,
        ),
        *(
            k.JoinGroup(group_id=first.group_id, member=person(group, n), joined_on=D0)
            for n in range(1, 10)
        ),
    ]
