"""The activity report: activities and attendance by region, technique, topic and month."""

from __future__ import annotations

from kimcore import events as pe
from kimcore.domain.partnership_types import normalise_topic
from kimcore.domain.views.tables import Table, Tables
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["ACTIVITY_REPORT", "PARTY_REGIONS", "ActivityReport"]

# ``topic`` is normalised (case- and space-blind); ``month`` is YYYY-MM.
ACTIVITY_REPORT = Table.of(
    "kim_activity_report",
    ("region_code", "technique", "topic", "month"),
    "region_code technique topic month activities:int attendance:int",
)
# Where each group or forum sits, to place its activities.
PARTY_REGIONS = Table.of("kim_party_regions", ("party_id",), "party_id region_code")


class ActivityReport:
    """Counts per region, technique, topic and month; no personal data."""

    name = "activity_report"
    version = 1
    tables: tuple[Table, ...] = (ACTIVITY_REPORT, PARTY_REGIONS)
    personal_data = False
    event_types: frozenset[type[Event]] = frozenset(
        {ge.GroupFormed, fe.ForumEstablished, pe.ActivityHeld}
    )

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the tables for one event."""
        e = recorded.event
        if isinstance(e, ge.GroupFormed):
            tables.put(
                PARTY_REGIONS, {"party_id": str(e.group_id), "region_code": e.seat.region.code}
            )
        elif isinstance(e, fe.ForumEstablished):
            tables.put(PARTY_REGIONS, {"party_id": str(e.forum_id), "region_code": e.region.code})
        elif isinstance(e, pe.ActivityHeld):
            place = tables.get(PARTY_REGIONS, (str(e.party.id),))
            key = (
                place["region_code"] if place else "unknown",
                e.technique,
                normalise_topic(e.topic),
                e.held_on.strftime("%Y-%m"),
            )
            row = tables.get(ACTIVITY_REPORT, key) or dict(
                zip(ACTIVITY_REPORT.key, key, strict=True), activities=0, attendance=0
            )
            row["activities"] += 1
            row["attendance"] += e.attendance
            tables.put(ACTIVITY_REPORT, row)
