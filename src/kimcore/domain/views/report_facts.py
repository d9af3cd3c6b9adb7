"""The facts an office's reports count, with when each became and stopped being true.

One row per KIM, member, activity, partnership and product, each version kept: the tables are
[historical][kimcore.domain.views.history], so a report as of any log position or day counts the
versions true then, in one query. No personal data: a member is an id, a background and a gender.
The reports ([`kimcore.domain.views.reports`][kimcore.domain.views.reports]) count these rows by
region at any level, so the facts keep each party's full region code (``None`` where the log does
not say where the party sits) and the reports cut it.

A member's row carries its KIM's region and ends when the KIM ends: the members counted are those
of KIMs that have not ended. The day of every version is the latest day recorded by an event the
facts handle so far (a clock that went back does not make the days go back), so a report as of a
day counts a prefix of the log: the events up to the first one recorded after that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from kimcore import events as pe
from kimcore.domain.catalogue import BUILTIN_TECHNIQUES, Technique
from kimcore.domain.group_state import group_kind
from kimcore.domain.views.history import (
    Moment,
    begin,
    change,
    current,
    end,
    historical,
    record,
)
from kimcore.domain.views.tables import Column, Row, Table, Tables
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events import mapping as oe
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.values import AdindaFunction

__all__ = [
    "FACT_ACTIVITIES",
    "FACT_CLOCK",
    "FACT_GROUPS",
    "FACT_KIM_NAMES",
    "FACT_MAPPINGS",
    "FACT_MEMBERS",
    "FACT_PARTIES",
    "FACT_PARTNERSHIPS",
    "FACT_PRODUCTS",
    "FUNCTION_COLUMNS",
    "ReportFacts",
]


def _columns(*spec: str) -> tuple[Column, ...]:
    ints = ("attendance", "ended", "mapped")
    return tuple(
        Column(name=name, type="int" if name in ints or name.startswith("fn_") else "text")
        for name in spec
    )


FACT_GROUPS = historical(
    "kim_fact_groups",
    _columns("group_id", "region_code", "area", "stage", "kind", "mapped", "ended"),
    ("group_id",),
)
FACT_MEMBERS = historical(
    "kim_fact_members",
    _columns("group_id", "member_id", "region_code", "category", "gender"),
    ("group_id", "member_id"),
)
# The column counting the activities that served each ADINDA function.
FUNCTION_COLUMNS = {f.value: f"fn_{f.value}" for f in AdindaFunction}
FACT_ACTIVITIES = historical(
    "kim_fact_activities",
    _columns(
        "activity_id",
        "party_kind",
        "region_code",
        "family",
        "technique",
        "delivery",
        "month",  # YYYY-MM, when it was held
        "attendance",
        *FUNCTION_COLUMNS.values(),  # 1 when it served the function
    ),
    ("activity_id",),
    changes=False,
)
FACT_PARTNERSHIPS = historical(
    "kim_fact_partnerships",
    _columns("partnership_id", "party_kind", "region_code", "partnership_type", "sector", "ended"),
    ("partnership_id",),
)
FACT_PRODUCTS = historical(
    "kim_fact_products",
    _columns("product_id", "party_kind", "region_code", "product_type", "channel", "month"),
    ("product_id",),
    changes=False,
)
# Each office's latest mapping of each KIM (art. 24): lists as "; "-joined text, the year of
# the latest report that listed it.
MAPPING_LISTS = (
    "community_types",
    "audiences",
    "media",
    "content_types",
    "fields",
    "public_issues",
)
FACT_MAPPINGS = historical(
    "kim_fact_mappings",
    _columns(
        "office_region",
        "group_id",
        "kim_name",
        "region_code",
        *MAPPING_LISTS,
        "strength",
        "influence",
        "priority",
        "mapped_on",
        "reported_year",
    ),
    ("office_region", "group_id"),
)
# Each KIM's name, for the rows that list KIMs (no history: never counted).
FACT_KIM_NAMES = Table(
    name="kim_fact_kim_names",
    columns=_columns("group_id", "name"),
    key=("group_id",),
)
# Where each group or forum sits now, to place what it does (no history: never counted).
FACT_PARTIES = Table(
    name="kim_fact_parties",
    columns=_columns("party_id", "region_code"),
    key=("party_id",),
)
# The latest day recorded so far (one row), which the days of the versions never go below.
FACT_CLOCK = Table(
    name="kim_fact_clock",
    columns=(Column(name="clock", type="int"), Column(name="day", type="text")),
    key=("clock",),
)
_Handler = Callable[[Tables, Any, Moment], object]


class ReportFacts:
    """Every KIM, member, activity, partnership and product, version by version, for reports."""

    name = "report_facts"
    # 2: versions with valid-from and valid-to, so as-of reports are queries; 3: mappings
    version = 3
    tables: tuple[Table, ...] = (
        *(
            table
            for history in (
                FACT_GROUPS,
                FACT_MEMBERS,
                FACT_ACTIVITIES,
                FACT_PARTNERSHIPS,
                FACT_PRODUCTS,
                FACT_MAPPINGS,
            )
            for table in history.tables
        ),
        FACT_PARTIES,
        FACT_KIM_NAMES,
        FACT_CLOCK,
    )
    personal_data = False

    def __init__(self, techniques: Iterable[Technique] = BUILTIN_TECHNIQUES) -> None:
        # The family of each technique the deployment knows (a plugin's among them).
        self._families = {t.name: t.family.value for t in techniques}
        self._handlers: dict[type[Event], _Handler] = {
            ge.GroupFormed: self._formed,
            ge.MemberJoined: lambda t, e, at: self._join(t, e.group_id, e.member, at),
            ge.MemberLeft: self._left,
            ge.GroupConfirmed: lambda t, e, at: _group(t, e.group_id, at, stage="confirmed"),
            ge.GroupRegistered: lambda t, e, at: _group(t, e.group_id, at, stage="registered"),
            ge.ChannelsChanged: lambda t, e, at: _group(t, e.group_id, at, kind=_kind(e.channels)),
            ge.GroupDissolved: lambda t, e, at: self._ended(t, e.group_id, at),
            ge.GroupMerged: lambda t, e, at: self._ended(t, e.group_id, at),
            ge.GroupSplit: self._split,
            ge.SeatRecoded: self._recoded,
            fe.ForumEstablished: lambda t, e, _at: t.put(
                FACT_PARTIES, {"party_id": str(e.forum_id), "region_code": e.region.code}
            ),
            oe.GroupMapped: self._mapped,
            oe.MappingReported: self._reported,
            pe.ActivityHeld: self._activity,
            pe.PartnershipSigned: self._signed,
            pe.PartnershipEnded: self._partnership_ended,
            pe.InformationPublished: self._published,
        }
        self.event_types = frozenset(self._handlers)
        # The clock as this page's transaction last read or wrote it (one lookup a page).
        self._clock: tuple[Tables, str | None] | None = None

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event (one of another type changes nothing, not the clock)."""
        handler = self._handlers.get(type(recorded.event))
        if handler is not None:
            handler(tables, recorded.event, self._moment(tables, recorded))

    def _moment(self, tables: Tables, recorded: RecordedEvent[Event]) -> Moment:
        day = recorded.recorded_at.astimezone(dt.UTC).date().isoformat()
        clock = self._clock
        if clock is not None and clock[0] is tables:
            known = clock[1]
        else:
            row = tables.get(FACT_CLOCK, (1,))
            known = None if row is None else row["day"]
        if known is None or day > known:
            tables.put(FACT_CLOCK, {"clock": 1, "day": day})
            known = day
        self._clock = (tables, known)
        return Moment(recorded.position, known)

    def _formed(self, tables: Tables, e: ge.GroupFormed, at: Moment) -> None:
        group_id = str(e.group_id)
        tables.put(FACT_PARTIES, {"party_id": group_id, "region_code": e.seat.region.code})
        tables.put(FACT_KIM_NAMES, {"group_id": group_id, "name": e.name})
        # A KIM never seen has no members yet: its founders' rows need no looking up.
        fresh = current(tables, FACT_GROUPS, {"group_id": group_id}) is None
        group = begin(
            tables,
            FACT_GROUPS,
            {
                "group_id": group_id,
                "region_code": e.seat.region.code,
                "area": e.seat.area.value,
                "stage": "formed",
                "kind": _kind(e.channels),
                "mapped": 0,
                "ended": 0,
            },
            at,
        )
        for founder in e.founders:
            self._join(tables, e.group_id, founder, at, group if fresh else None)

    @staticmethod
    def _join(
        tables: Tables, group_id: Any, member: Any, at: Moment, fresh: Row | None = None
    ) -> None:
        """*member* counted in its KIM from *at*; *fresh*: the KIM, begun by this event."""
        group = fresh or current(tables, FACT_GROUPS, {"group_id": str(group_id)})
        if group is None or group["ended"]:
            return
        gender = member.gender
        row = {
            "group_id": str(group_id),
            "member_id": str(member.member_id),
            "region_code": group["region_code"],
            "category": member.category.value,
            "gender": None if gender is None else gender.value,
        }
        key = {"group_id": row["group_id"], "member_id": row["member_id"]}
        if fresh is not None or change(tables, FACT_MEMBERS, key, at, **row) is None:
            begin(tables, FACT_MEMBERS, row, at)

    @staticmethod
    def _left(tables: Tables, e: ge.MemberLeft, at: Moment) -> None:
        key = {"group_id": str(e.group_id), "member_id": str(e.member_id)}
        version = current(tables, FACT_MEMBERS, key)
        if version is not None:
            end(tables, FACT_MEMBERS, version, at)

    @staticmethod
    def _ended(tables: Tables, group_id: Any, at: Moment) -> None:
        if _group(tables, group_id, at, ended=1) is None:
            return
        for version in tables.rows(FACT_MEMBERS.current_table(), {"group_id": str(group_id)}):
            end(tables, FACT_MEMBERS, version, at)

    def _split(self, tables: Tables, e: ge.GroupSplit, at: Moment) -> None:
        if not e.continues:
            self._ended(tables, e.group_id, at)

    @staticmethod
    def _recoded(tables: Tables, e: ge.SeatRecoded, at: Moment) -> None:
        code = e.seat.region.code
        group_id = str(e.group_id)
        tables.put(FACT_PARTIES, {"party_id": group_id, "region_code": code})
        if _group(tables, group_id, at, region_code=code) is None:
            return
        for version in tables.rows(FACT_MEMBERS.current_table(), {"group_id": group_id}):
            key = {"group_id": group_id, "member_id": version["member_id"]}
            change(tables, FACT_MEMBERS, key, at, region_code=code)

    @staticmethod
    def _where(tables: Tables, party: Any) -> str | None:
        row = tables.get(FACT_PARTIES, (str(party.id),))
        return None if row is None else str(row["region_code"])

    def _activity(self, tables: Tables, e: pe.ActivityHeld, at: Moment) -> None:
        served = {f.value for f in e.functions}
        row = {
            "activity_id": str(e.activity_id),
            "party_kind": e.party.kind.value,
            "region_code": self._where(tables, e.party),
            "family": self._families.get(e.technique, "other"),
            "technique": e.technique,
            "delivery": e.delivery.value,
            "month": e.held_on.isoformat()[:7],
            "attendance": e.attendance,
            **{column: int(f in served) for f, column in FUNCTION_COLUMNS.items()},
        }
        record(tables, FACT_ACTIVITIES, row, at)

    @staticmethod
    def _mapped(tables: Tables, e: oe.GroupMapped, at: Moment) -> None:
        _group(tables, e.group_id, at, mapped=1)
        p = e.profile
        key = {"office_region": e.office.region.code, "group_id": str(e.group_id)}
        before = current(tables, FACT_MAPPINGS, key)
        named = tables.get(FACT_KIM_NAMES, (key["group_id"],))
        row = {
            **key,
            "kim_name": None if named is None else named["name"],
            "region_code": e.region.code,
            "community_types": "; ".join(sorted(p.community_types)),
            **{name: "; ".join(getattr(p, name)) for name in MAPPING_LISTS[1:]},
            "strength": p.strength.value,
            "influence": p.influence.value,
            "priority": p.priority.value,
            "mapped_on": e.mapped_on.isoformat(),
            "reported_year": None if before is None else before["reported_year"],
        }
        if before is None:
            begin(tables, FACT_MAPPINGS, row, at)
        else:
            change(tables, FACT_MAPPINGS, key, at, **row)

    @staticmethod
    def _reported(tables: Tables, e: oe.MappingReported, at: Moment) -> None:
        for group_id in e.groups:
            key = {"office_region": e.office.region.code, "group_id": str(group_id)}
            mapped = current(tables, FACT_MAPPINGS, key)
            if mapped is not None and (mapped["reported_year"] or "") < str(e.year):
                change(tables, FACT_MAPPINGS, key, at, reported_year=str(e.year))

    def _signed(self, tables: Tables, e: pe.PartnershipSigned, at: Moment) -> None:
        row = {
            "partnership_id": str(e.partnership_id),
            "party_kind": e.party.kind.value,
            "region_code": self._where(tables, e.party),
            "partnership_type": e.partnership_type,
            "sector": e.partner.sector.value,
            "ended": 0,
        }
        key = {"partnership_id": row["partnership_id"]}
        if change(tables, FACT_PARTNERSHIPS, key, at, **row) is None:
            begin(tables, FACT_PARTNERSHIPS, row, at)

    @staticmethod
    def _partnership_ended(tables: Tables, e: pe.PartnershipEnded, at: Moment) -> None:
        change(tables, FACT_PARTNERSHIPS, {"partnership_id": str(e.partnership_id)}, at, ended=1)

    def _published(self, tables: Tables, e: pe.InformationPublished, at: Moment) -> None:
        row = {
            "product_id": str(e.product_id),
            "party_kind": e.party.kind.value,
            "region_code": self._where(tables, e.party),
            "product_type": e.product_type.value,
            "channel": e.channel,
            "month": e.published_on.isoformat()[:7],
        }
        record(tables, FACT_PRODUCTS, row, at)


def _group(tables: Tables, group_id: Any, at: Moment, **changes: Any) -> dict[str, Any] | None:
    return change(tables, FACT_GROUPS, {"group_id": str(group_id)}, at, **changes)


def _kind(channels: Any) -> str:
    kind = group_kind(channels)
    return "none" if kind is None else kind.value
