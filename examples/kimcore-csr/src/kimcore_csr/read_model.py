"""The ``csr_programmes`` read model: every CSR programme, what it was given and what is left.

Registered through ``kimcore_read_models``, it is projected by ``kimcore serve`` and
``kimcore project rebuild`` like kimcore's own, and served at ``/api/models/csr_programmes``
(filtered by company, status or KIM; ordered by when opened or by budget).
"""

from __future__ import annotations

from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.projections import Table, Tables
from kimcore_csr.programme import CsrFundsDisbursed, CsrProgrammeClosed, CsrProgrammeOpened

__all__ = ["PROGRAMMES", "CsrProgrammes"]

# ``status`` is open or closed.
PROGRAMMES = Table.of(
    "csr_programmes",
    ("programme_id",),
    "programme_id party_kind party_id company budget_idr:int disbursed_idr:int tranches:int",
    "months:int opened_on status closed_on",
    filterable=("company", "party_id", "status"),
    sortable=("opened_on", "budget_idr"),
)


class CsrProgrammes:
    """CSR programmes as a company and an office follow them; no personal data."""

    name = "csr_programmes"
    version = 1
    tables: tuple[Table, ...] = (PROGRAMMES,)
    personal_data = False
    event_types: frozenset[type[Event]] = frozenset(
        {CsrProgrammeOpened, CsrFundsDisbursed, CsrProgrammeClosed}
    )

    def apply(self, tables: Tables, recorded: RecordedEvent[Event]) -> None:
        """Change the table for one event."""
        e = recorded.event
        if isinstance(e, CsrProgrammeOpened):
            tables.put(
                PROGRAMMES,
                {
                    "programme_id": str(e.programme_id),
                    "party_kind": e.party.kind.value,
                    "party_id": str(e.party.id),
                    "company": e.company,
                    "budget_idr": e.budget_idr,
                    "disbursed_idr": 0,
                    "tranches": 0,
                    "months": e.months,
                    "opened_on": e.opened_on.isoformat(),
                    "status": "open",
                },
            )
            return
        if not isinstance(e, CsrFundsDisbursed | CsrProgrammeClosed):
            return
        key = (str(e.programme_id),)
        row = tables.get(PROGRAMMES, key)
        if row is None:
            return
        if isinstance(e, CsrFundsDisbursed):
            row |= {
                "disbursed_idr": row["disbursed_idr"] + e.amount_idr,
                "tranches": row["tranches"] + 1,
            }
        else:
            row |= {"status": "closed", "closed_on": e.closed_on.isoformat()}
        tables.put(PROGRAMMES, row)
