"""The partnership registry: by type, partner and status."""

from __future__ import annotations

from kimcore import events as pe
from kimcore.domain.views.tables import Column, Table, Tables
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["PARTNERSHIPS", "PartnershipRegistry"]

PARTNERSHIPS = Table(
    name="kim_partnerships",
    columns=(
        Column(name="partnership_id", type="text"),
        Column(name="party_kind", type="text"),
        Column(name="party_id", type="text"),
        Column(name="partnership_type", type="text"),
        Column(name="partner_name", type="text"),
        Column(name="partner_sector", type="text"),
        Column(name="instrument", type="text"),
        Column(name="status", type="text"),  # active or ended
        Column(name="signed_on", type="text"),
        Column(name="ended_on", type="text"),
        Column(name="activity_count", type="int"),
    ),
    key=("partnership_id",),
    filterable=("party_id", "partnership_type", "status"),
    sortable=("signed_on",),
)


class PartnershipRegistry:
    """Every partnership (kemitraan) and how many activities it hosted; no personal data."""

    name = "partnership_registry"
    version = 1
    tables: tuple[Table, ...] = (PARTNERSHIPS,)
    personal_data = False
    event_types: frozenset[type[Event]] = frozenset(
        {pe.PartnershipSigned, pe.PartnershipEnded, pe.ActivityHeld}
    )

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the table for one event."""
        e = recorded.event
        if isinstance(e, pe.PartnershipSigned):
            tables.put(
                PARTNERSHIPS,
                {
                    "partnership_id": str(e.partnership_id),
                    "party_kind": e.party.kind.value,
                    "party_id": str(e.party.id),
                    "partnership_type": e.partnership_type,
                    "partner_name": e.partner.name,
                    "partner_sector": e.partner.sector.value,
                    "instrument": e.instrument.kind.value if e.instrument else None,
                    "status": "active",
                    "signed_on": e.signed_on.isoformat(),
                    "activity_count": 0,
                },
            )
        elif isinstance(e, pe.PartnershipEnded):
            tables.update(
                PARTNERSHIPS,
                {"partnership_id": str(e.partnership_id)},
                {"status": "ended", "ended_on": e.ended_on.isoformat()},
            )
        elif isinstance(e, pe.ActivityHeld) and e.partnership_id is not None:
            row = tables.get(PARTNERSHIPS, (str(e.partnership_id),))
            if row is not None:
                row["activity_count"] += 1
                tables.put(PARTNERSHIPS, row)
