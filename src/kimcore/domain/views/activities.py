"""The activity report: activities and attendance by region, technique, topic and month."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kimcore import events as pe
from kimcore.domain.partnership_types import normalise_topic
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events import forum as fe
from kimcore.events import group as ge
from kimcore.events.base import Event

__all__ = ["ACTIVITY_REPORT", "PARTY_REGIONS", "ActivityReport"]

# ``topic`` is normalised (case- and space-blind); ``month`` is YYYY-MM.
ACTIVITY_REPORT = Table.of(
    "kim_activity_report",
    ("region_code", "technique", "topic", "month"),
    "region_code technique topic month activities:int attendance:int",
)
# Where each group or forum sits, to place its activities.
PARTY_REGIONS = Table.of("kim_party_regions", ("party_id",), "party_id region_code")


class ActivityReport(TypeHandlers):
    """Counts per region, technique, topic and month; no personal data."""

    name = "activity_report"
    version = 1
    tables: tuple[Table, ...] = (ACTIVITY_REPORT, PARTY_REGIONS)
    personal_data = False

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """Where a group or forum sits, and each activity held."""
        return {
            ge.GroupFormed: lambda t, e: _place(t, e.group_id, e.seat.region.code),
            fe.ForumEstablished: lambda t, e: _place(t, e.forum_id, e.region.code),
            pe.ActivityHeld: _held,
        }


def _place(tables: Tables, party_id: object, region_code: str) -> None:
    tables.put(PARTY_REGIONS, {"party_id": str(party_id), "region_code": region_code})


def _held(tables: Tables, e: pe.ActivityHeld) -> None:
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
