"""The partnership registry: by type, partner and status."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from kimcore import events as pe
from kimcore.domain.views.tables import Table, Tables, TypeHandlers
from kimcore.events.base import Event

__all__ = ["PARTNERSHIPS", "PartnershipRegistry"]

# ``status`` is active or ended.
PARTNERSHIPS = Table.of(
    "kim_partnerships",
    ("partnership_id",),
    "partnership_id party_kind party_id partnership_type partner_name partner_sector",
    "instrument status signed_on ended_on activity_count:int",
    filterable=("party_id", "partnership_type", "status"),
    sortable=("signed_on",),
)


class PartnershipRegistry(TypeHandlers):
    """Every partnership (kemitraan) and how many activities it hosted; no personal data."""

    name = "partnership_registry"
    version = 1
    tables: tuple[Table, ...] = (PARTNERSHIPS,)
    personal_data = False

    def handlers(self) -> Mapping[type[Event], Callable[[Tables, Any], None]]:
        """A partnership signed, ended, or hosting an activity."""
        return {
            pe.PartnershipSigned: _signed,
            pe.PartnershipEnded: _ended,
            pe.ActivityHeld: _hosted,
        }


def _signed(tables: Tables, e: pe.PartnershipSigned) -> None:
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


def _ended(tables: Tables, e: pe.PartnershipEnded) -> None:
    tables.update(
        PARTNERSHIPS,
        {"partnership_id": str(e.partnership_id)},
        {"status": "ended", "ended_on": e.ended_on.isoformat()},
    )


def _hosted(tables: Tables, e: pe.ActivityHeld) -> None:
    row = None if e.partnership_id is None else tables.get(PARTNERSHIPS, (str(e.partnership_id),))
    if row is not None:
        row["activity_count"] += 1
        tables.put(PARTNERSHIPS, row)
