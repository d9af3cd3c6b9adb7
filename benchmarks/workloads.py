"""The benchmark workloads, shared by every store: 1 GroupFormed then 9 MemberJoined per group."""

from __future__ import annotations

import datetime as dt
import uuid

import kimcore as k
from kimcore.projections import Column, Table, Tables

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
POLICY = k.Policy(bounds=k.values.MembershipBounds(minimum=1, maximum=30))


def person(group: int, n: int) -> k.MemberDetails:
    return k.MemberDetails(
        member_id=uuid.UUID(int=(group << 8) | n | (1 << 100)),
        name=f"Warga {group}-{n}",
        category=k.MemberCategory.FARMER,
    )


def group_id(group: int) -> uuid.UUID:
    return uuid.UUID(int=group | (1 << 120))


def formed(group: int) -> k.events.GroupFormed:
    return k.events.GroupFormed(
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


def joined(group: int, n: int) -> k.events.MemberJoined:
    return k.events.MemberJoined(group_id=group_id(group), member=person(group, n), joined_on=D0)


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


# W4M: W4's read model kept as tables (members per village), projected exactly once.
GROUP_VILLAGES = Table(
    name="group_villages",
    columns=(Column(name="group_id", type="text"), Column(name="region_code", type="text")),
    key=("group_id",),
)
VILLAGE_MEMBERS = Table(
    name="village_members",
    columns=(Column(name="region_code", type="text"), Column(name="members", type="int")),
    key=("region_code",),
)


class MembersPerVillage:
    """Members per village, as tables: the W4M read model."""

    name = "members_per_village"
    version = 1
    tables: tuple[Table, ...] = (GROUP_VILLAGES, VILLAGE_MEMBERS)
    personal_data = False

    def apply(self, tables: Tables, recorded: k.RecordedEvent[k.Event]) -> None:
        event = recorded.event
        if isinstance(event, k.events.GroupFormed):
            region = event.seat.region.code
            tables.put(GROUP_VILLAGES, {"group_id": str(event.group_id), "region_code": region})
            self._add(tables, region, len(event.founders))
        elif isinstance(event, k.events.MemberJoined):
            row = tables.get(GROUP_VILLAGES, (str(event.group_id),))
            assert row is not None
            self._add(tables, row["region_code"], 1)

    @staticmethod
    def _add(tables: Tables, region: str, count: int) -> None:
        row = tables.get(VILLAGE_MEMBERS, (region,)) or {"region_code": region, "members": 0}
        row["members"] += count
        tables.put(VILLAGE_MEMBERS, row)
