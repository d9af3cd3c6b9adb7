"""Commands the plugin's test modules build alike."""

from __future__ import annotations

import datetime as dt
import uuid

from kimcore_csr import OpenCsrProgramme

import kimcore as k


def open_for(
    party: k.PartyRef, programme_id: uuid.UUID, budget: int = 100_000_000
) -> OpenCsrProgramme:
    """Opening a year's programme of PT Sawit Makmur with *party* on 1 October 2024."""
    return OpenCsrProgramme(
        programme_id=programme_id,
        party=party,
        company="PT Sawit Makmur",
        budget_idr=budget,
        months=12,
        opened_on=dt.date(2024, 10, 1),
    )
