"""The facts an office's reports count: one row per KIM, member, activity, partnership, product.

No personal data: a member is an id, a background and a gender. The reports
([`kimcore.domain.views.reports`][kimcore.domain.views.reports]) count these rows by region at
any level, so the facts keep each party's full region code and the reports cut it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from kimcore import _json
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, Technique
from kimcore.domain.group_state import group_kind
from kimcore.domain.views.tables import Column, Table, Tables
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events import group_life as gl
from kimcore.events import mapping as oe
from kimcore.events import party as pe
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = [
    "FACT_ACTIVITIES",
    "FACT_GROUPS",
    "FACT_MEMBERS",
    "FACT_PARTIES",
    "FACT_PARTNERSHIPS",
    "FACT_PRODUCTS",
    "ReportFacts",
]


def _columns(*spec: str) -> tuple[Column, ...]:
    return tuple(
        Column(name=name, type="int" if name.endswith(("_count", "attendance")) else "text")
        for name in spec
    )


FACT_GROUPS = Table(
    name="kim_fact_groups",
    columns=_columns(
        "group_id",
        "region_code",
        "area",
        "stage",
        "kind",
        "formed_on",
        "ended_on",
        "mapped_on",
        "member_count",
    ),
    key=("group_id",),
)
FACT_MEMBERS = Table(
    name="kim_fact_members",
    columns=_columns("group_id", "member_id", "category", "gender"),
    key=("group_id", "member_id"),
)
FACT_ACTIVITIES = Table(
    name="kim_fact_activities",
    columns=_columns(
        "activity_id",
        "party_kind",
        "region_code",
        "family",
        "technique",
        "functions",  # a JSON list of ADINDA functions, sorted
        "delivery",
        "held_on",
        "attendance",
    ),
    key=("activity_id",),
)
FACT_PARTNERSHIPS = Table(
    name="kim_fact_partnerships",
    columns=_columns(
        "partnership_id",
        "party_kind",
        "region_code",
        "partnership_type",
        "sector",
        "signed_on",
        "ended_on",
    ),
    key=("partnership_id",),
)
FACT_PRODUCTS = Table(
    name="kim_fact_products",
    columns=_columns(
        "product_id", "party_kind", "region_code", "product_type", "channel", "published_on"
    ),
    key=("product_id",),
)
# Where each group or forum sits, to place what it does.
FACT_PARTIES = Table(
    name="kim_fact_parties",
    columns=_columns("party_id", "region_code"),
    key=("party_id",),
)


class ReportFacts:
    """One row per KIM, member, activity, partnership and product, for the office's reports."""

    name = "report_facts"
    version = 1
    tables: tuple[Table, ...] = (
        FACT_GROUPS,
        FACT_MEMBERS,
        FACT_ACTIVITIES,
        FACT_PARTNERSHIPS,
        FACT_PRODUCTS,
        FACT_PARTIES,
    )
    personal_data = False

    def __init__(self, techniques: Iterable[Technique] = BUILTIN_TECHNIQUES) -> None:
        # The family of each technique the deployment knows (a plugin's among them).
        self._families = {t.name: t.family.value for t in techniques}
        self._handlers: dict[type[Event], Callable[[Tables, Any], None]] = {
            ge.GroupFormed: self._formed,
            ge.MemberJoined: lambda t, e: self._join(t, e.group_id, e.member),
            ge.MemberLeft: self._left,
            ge.GroupConfirmed: lambda t, e: self._set(t, e.group_id, stage="confirmed"),
            ge.GroupRegistered: lambda t, e: self._set(t, e.group_id, stage="registered"),
            ge.ChannelsChanged: lambda t, e: self._set(t, e.group_id, kind=_kind(e.channels)),
            ge.GroupDissolved: lambda t, e: self._set(
                t, e.group_id, ended_on=e.dissolved_on.isoformat()
            ),
            gl.GroupMerged: lambda t, e: self._set(t, e.group_id, ended_on=e.merged_on.isoformat()),
            gl.GroupSplit: self._split,
            gl.SeatRecoded: self._recoded,
            fe.ForumEstablished: lambda t, e: t.put(
                FACT_PARTIES, {"party_id": str(e.forum_id), "region_code": e.region.code}
            ),
            oe.GroupMapped: lambda t, e: self._set(
                t, e.group_id, mapped_on=e.mapped_on.isoformat()
            ),
            pe.ActivityHeld: self._activity,
            pe.PartnershipSigned: self._signed,
            pe.PartnershipEnded: self._ended,
            pe.InformationPublished: self._published,
        }

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event."""
        handler = self._handlers.get(type(recorded.event))
        if handler is not None:
            handler(tables, recorded.event)

    @staticmethod
    def _set(tables: Tables, group_id: Any, **changes: Any) -> None:
        tables.update(FACT_GROUPS, {"group_id": str(group_id)}, changes)

    def _formed(self, tables: Tables, e: ge.GroupFormed) -> None:
        group_id = str(e.group_id)
        tables.put(FACT_PARTIES, {"party_id": group_id, "region_code": e.seat.region.code})
        tables.put(
            FACT_GROUPS,
            {
                "group_id": group_id,
                "region_code": e.seat.region.code,
                "area": e.seat.area.value,
                "stage": "formed",
                "kind": _kind(e.channels),
                "formed_on": e.formed_on.isoformat(),
                "member_count": 0,
            },
        )
        for founder in e.founders:
            self._join(tables, e.group_id, founder)

    def _join(self, tables: Tables, group_id: Any, member: Any) -> None:
        gender = member.gender
        tables.put(
            FACT_MEMBERS,
            {
                "group_id": str(group_id),
                "member_id": str(member.member_id),
                "category": member.category.value,
                "gender": None if gender is None else gender.value,
            },
        )
        self._count(tables, group_id, +1)

    def _left(self, tables: Tables, e: ge.MemberLeft) -> None:
        tables.delete(FACT_MEMBERS, (str(e.group_id), str(e.member_id)))
        self._count(tables, e.group_id, -1)

    @staticmethod
    def _count(tables: Tables, group_id: Any, change: int) -> None:
        row = tables.get(FACT_GROUPS, (str(group_id),))
        if row is not None:
            row["member_count"] += change
            tables.put(FACT_GROUPS, row)

    def _split(self, tables: Tables, e: gl.GroupSplit) -> None:
        if not e.continues:
            self._set(tables, e.group_id, ended_on=e.split_on.isoformat())

    def _recoded(self, tables: Tables, e: gl.SeatRecoded) -> None:
        self._set(tables, e.group_id, region_code=e.seat.region.code)
        tables.put(FACT_PARTIES, {"party_id": str(e.group_id), "region_code": e.seat.region.code})

    @staticmethod
    def _where(tables: Tables, party: Any) -> str:
        row = tables.get(FACT_PARTIES, (str(party.id),))
        return "unknown" if row is None else str(row["region_code"])

    def _activity(self, tables: Tables, e: pe.ActivityHeld) -> None:
        tables.put(
            FACT_ACTIVITIES,
            {
                "activity_id": str(e.activity_id),
                "party_kind": e.party.kind.value,
                "region_code": self._where(tables, e.party),
                "family": self._families.get(e.technique, "other"),
                "technique": e.technique,
                "functions": _json.dumps(sorted(f.value for f in e.functions)).decode(),
                "delivery": e.delivery.value,
                "held_on": e.held_on.isoformat(),
                "attendance": e.attendance,
            },
        )

    def _signed(self, tables: Tables, e: pe.PartnershipSigned) -> None:
        tables.put(
            FACT_PARTNERSHIPS,
            {
                "partnership_id": str(e.partnership_id),
                "party_kind": e.party.kind.value,
                "region_code": self._where(tables, e.party),
                "partnership_type": e.partnership_type,
                "sector": e.partner.sector.value,
                "signed_on": e.signed_on.isoformat(),
            },
        )

    @staticmethod
    def _ended(tables: Tables, e: pe.PartnershipEnded) -> None:
        tables.update(
            FACT_PARTNERSHIPS,
            {"partnership_id": str(e.partnership_id)},
            {"ended_on": e.ended_on.isoformat()},
        )

    def _published(self, tables: Tables, e: pe.InformationPublished) -> None:
        tables.put(
            FACT_PRODUCTS,
            {
                "product_id": str(e.product_id),
                "party_kind": e.party.kind.value,
                "region_code": self._where(tables, e.party),
                "product_type": e.product_type.value,
                "channel": e.channel,
                "published_on": e.published_on.isoformat(),
            },
        )


def _kind(channels: Any) -> str:
    kind = group_kind(channels)
    return "none" if kind is None else kind.value
