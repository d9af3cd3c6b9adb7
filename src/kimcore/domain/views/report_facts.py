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
from kimcore.domain.views import _report_counts as counts
from kimcore.domain.views import history
from kimcore.domain.views.history import History, Moment, current
from kimcore.domain.views.mapping_report import MAPPINGS
from kimcore.domain.views.report_tables import (
    FACT_ACTIVITIES,
    FACT_CLOCK,
    FACT_GROUPS,
    FACT_KIM_NAMES,
    FACT_MAPPINGS,
    FACT_MEMBERS,
    FACT_PARTIES,
    FACT_PARTNERSHIPS,
    FACT_PRODUCTS,
    FUNCTION_COLUMNS,
    MAPPING_LISTS,
)
from kimcore.domain.views.tables import Row, Table, Tables
from kimcore.domain.views.tally import Tallied
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events import mapping as oe
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["ReportFacts"]  # the tables it keeps are declared in report_tables


_Handler = Callable[[Tables, Any, Moment], object]


class ReportFacts:
    """Every KIM, member, activity, partnership and product, version by version, for reports."""

    name = "report_facts"
    # 2: versions with valid-from and valid-to, so as-of reports are queries;
    # 3: the reports' counts kept beside them (`_report_counts`), so a live report reads them;
    # 4: each office's mapping of each KIM, and the KIMs' names (the mapping report);
    # 5: the counts' changes by day (`_report_days`), so a report as of a day adds them up.
    version = 5
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
        *(table for rollup in counts.ROLLUPS for table in (rollup.table, rollup.days)),
    )
    # What a report as of a moment counts, at each level: indexed with the tables.
    tallies: tuple[Tallied, ...] = tuple(
        (query, {"region_code": cut})
        for query in (*(rollup.query for rollup in counts.ROLLUPS), MAPPINGS)
        for cut in counts.CUTS
    )
    personal_data = False

    def __init__(self, techniques: Iterable[Technique] = BUILTIN_TECHNIQUES) -> None:
        # The family of each technique the deployment knows (a plugin's among them).
        self._families = {t.name: t.family.value for t in techniques}
        self._handlers: dict[type[Event], _Handler] = {
            ge.GroupFormed: self._formed,
            ge.MemberJoined: lambda t, e, at: self._join(t, e.group_id, e.member, at),
            ge.MemberLeft: self._left,
            ge.GroupConfirmed: lambda t, e, at: self._group(t, e.group_id, at, stage="confirmed"),
            ge.GroupRegistered: lambda t, e, at: self._group(t, e.group_id, at, stage="registered"),
            ge.ChannelsChanged: lambda t, e, at: self._group(
                t, e.group_id, at, kind=_kind(e.channels)
            ),
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
        # The counts this page changes, written by `finish` before its checkpoint moves.
        self._counts = counts.Pending()
        # The clock as this page's transaction last read or wrote it (one lookup a page).
        self._clock: tuple[Tables, str | None] | None = None

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event (one of another type changes nothing, not the clock)."""
        handler = self._handlers.get(type(recorded.event))
        if handler is not None:
            handler(tables, recorded.event, self._moment(tables, recorded))

    def finish(self, tables: Tables) -> None:
        """Write the counts the page changed (`ReadModel.finish`: once a page, last)."""
        self._counts.write(tables)

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
        group = self._begin(
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

    def _join(
        self, tables: Tables, group_id: Any, member: Any, at: Moment, fresh: Row | None = None
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
        if fresh is not None or self._change(tables, FACT_MEMBERS, key, at, **row) is None:
            self._begin(tables, FACT_MEMBERS, row, at)

    def _left(self, tables: Tables, e: ge.MemberLeft, at: Moment) -> None:
        key = {"group_id": str(e.group_id), "member_id": str(e.member_id)}
        version = current(tables, FACT_MEMBERS, key)
        if version is not None:
            self._end(tables, FACT_MEMBERS, version, at)

    def _ended(self, tables: Tables, group_id: Any, at: Moment) -> None:
        if self._group(tables, group_id, at, ended=1) is None:
            return
        for version in tables.rows(FACT_MEMBERS.current_table(), {"group_id": str(group_id)}):
            self._end(tables, FACT_MEMBERS, version, at)

    def _split(self, tables: Tables, e: ge.GroupSplit, at: Moment) -> None:
        if not e.continues:
            self._ended(tables, e.group_id, at)

    def _recoded(self, tables: Tables, e: ge.SeatRecoded, at: Moment) -> None:
        code = e.seat.region.code
        group_id = str(e.group_id)
        tables.put(FACT_PARTIES, {"party_id": group_id, "region_code": code})
        if self._group(tables, group_id, at, region_code=code) is None:
            return
        for version in tables.rows(FACT_MEMBERS.current_table(), {"group_id": group_id}):
            key = {"group_id": group_id, "member_id": version["member_id"]}
            self._change(tables, FACT_MEMBERS, key, at, region_code=code)

    def _where(self, tables: Tables, party: Any) -> str | None:
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
        self._record(tables, FACT_ACTIVITIES, row, at)

    def _mapped(self, tables: Tables, e: oe.GroupMapped, at: Moment) -> None:
        self._group(tables, e.group_id, at, mapped=1)
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
            self._begin(tables, FACT_MAPPINGS, row, at)
        else:
            self._change(tables, FACT_MAPPINGS, key, at, **row)

    def _reported(self, tables: Tables, e: oe.MappingReported, at: Moment) -> None:
        for group_id in e.groups:
            key = {"office_region": e.office.region.code, "group_id": str(group_id)}
            mapped = current(tables, FACT_MAPPINGS, key)
            if mapped is not None and (mapped["reported_year"] or "") < str(e.year):
                self._change(tables, FACT_MAPPINGS, key, at, reported_year=str(e.year))

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
        if self._change(tables, FACT_PARTNERSHIPS, key, at, **row) is None:
            self._begin(tables, FACT_PARTNERSHIPS, row, at)

    def _partnership_ended(self, tables: Tables, e: pe.PartnershipEnded, at: Moment) -> None:
        self._change(
            tables, FACT_PARTNERSHIPS, {"partnership_id": str(e.partnership_id)}, at, ended=1
        )

    def _published(self, tables: Tables, e: pe.InformationPublished, at: Moment) -> None:
        row = {
            "product_id": str(e.product_id),
            "party_kind": e.party.kind.value,
            "region_code": self._where(tables, e.party),
            "product_type": e.product_type.value,
            "channel": e.channel,
            "month": e.published_on.isoformat()[:7],
        }
        self._record(tables, FACT_PRODUCTS, row, at)

    # -- the changes of history, the reports' counts kept in step (`_report_counts`) --

    def _begin(self, tables: Tables, facts: History, row: dict[str, Any], at: Moment) -> Row:
        """`history.begin`, counted."""
        version = history.begin(tables, facts, row, at)
        self._counts.note(tables, facts.versions, version, 1, at.day)
        return version

    def _record(self, tables: Tables, facts: History, row: dict[str, Any], at: Moment) -> None:
        """`history.record`, counted."""
        history.record(tables, facts, row, at)
        self._counts.note(tables, facts.versions, row, 1, at.day)

    def _end(self, tables: Tables, facts: History, version: Row, at: Moment) -> None:
        """`history.end`, counted."""
        history.end(tables, facts, version, at)
        self._counts.note(tables, facts.versions, version, -1, at.day)

    def _change(
        self, tables: Tables, facts: History, key: dict[str, Any], at: Moment, **changes: Any
    ) -> Row | None:
        """`history.change`, counted: the version before taken away, the one after added."""
        before = current(tables, facts, key)
        after = history.change(tables, facts, key, at, **changes)
        if before is not None and after is not None and after != before:
            self._counts.note(tables, facts.versions, before, -1, at.day)
            self._counts.note(tables, facts.versions, after, 1, at.day)
        return after

    def _group(
        self, tables: Tables, group_id: Any, at: Moment, **changes: Any
    ) -> dict[str, Any] | None:
        return self._change(tables, FACT_GROUPS, {"group_id": str(group_id)}, at, **changes)


def _kind(channels: Any) -> str:
    kind = group_kind(channels)
    return "none" if kind is None else kind.value
