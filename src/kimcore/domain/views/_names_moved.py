"""The mark a read model keeps of when the region names it holds last moved.

Reports name regions from the portal's read models' rows (`kimcore.reporting.region_names`:
each forum's region, each KIM's village). Those models' checkpoints move with every write the
portal takes; the names move with few (a forum established, a KIM formed, a seat recoded).
Each of the two keeps, in a one-row table, the log position of the last event that wrote a
region code or name into its rows, in the same transaction as those rows: a reader keeps the
names it read while that mark stands still.

The mark is a position, not a count of changes: the names a model holds are those the events
up to its mark wrote, as no later event it applied wrote one. Two reads at one mark read the
same names, whichever process kept them, and across a rebuild (the same log gives the same
marks). No mark (nothing written since the table was emptied) means no name either.
"""

from __future__ import annotations

from kimcore.domain.views.tables import Table, Tables

__all__ = ["NAMES_MOVED_KEY", "names_moved", "names_moved_table"]

# The key of the one row.
NAMES_MOVED_KEY = ("names",)


def names_moved_table(model: str) -> Table:
    """The table in which read model *model* keeps its names' mark (one row)."""
    return Table.of(f"{model}_names_moved", ("what",), ("what", "text"), ("position", "int"))


def names_moved(tables: Tables, table: Table, position: int) -> None:
    """Mark *table*'s model's region names as moved by the event at *position*."""
    tables.put(table, {"what": NAMES_MOVED_KEY[0], "position": position})
