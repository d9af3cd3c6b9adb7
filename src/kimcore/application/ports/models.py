"""The ports projections run on: where read models are kept, and where events are sent.

A [`ModelStore`][kimcore.projections.ModelStore] keeps the tables of read models and their
checkpoints (memory, SQLite, PostgreSQL are adapters of it); a [`Sink`][kimcore.projections.Sink]
delivers events to another app (a file, a webhook, a message broker). The read models themselves,
and the tables they declare, are the domain's views
([`kimcore.domain.views`][kimcore.domain.views]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, Self

from kimcore.domain.views.tables import Row, Table, Transaction
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["ModelStore", "Sink"]


class ModelStore(Protocol):
    """Where read models' tables and every projection's checkpoint live."""

    def prepare(self, name: str, version: int, tables: Sequence[Table]) -> int:
        """Create the tables if needed and return the checkpoint.

        When the stored version of projection *name* differs from *version*,
        its tables are dropped and made anew and its checkpoint goes back to 0:
        a new version of a read model rebuilds itself.
        """
        ...

    def reset(self, name: str, version: int, tables: Sequence[Table]) -> None:
        """Drop and recreate the tables, checkpoint 0 (a rebuild from zero)."""
        ...

    def checkpoint(self, name: str) -> int:
        """The last position projection *name* committed (0 when none)."""
        ...

    def transaction(self, name: str) -> AbstractContextManager[Transaction]:
        """One atomic unit: table changes and the checkpoint of projection *name*."""
        ...

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        """Read rows outside a projection (for queries and tests)."""
        ...

    def purge_erased(self) -> None:
        """Leave no old copy of data a projection just scrubbed (a subject was forgotten).

        Called after a page holding ``MemberForgotten`` is committed. SQLite
        truncates its write-ahead log, whose old frames still hold the
        overwritten rows; PostgreSQL keeps dead row versions until VACUUM
        (see ``docs/personal-data.md``).
        """
        ...

    def __enter__(self) -> Self:
        """The resource itself, closed when the ``with`` block ends."""
        ...

    def __exit__(self, *exc_info: object) -> None:
        """Close the resource."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class Sink(Protocol):
    """Delivers events to another app.

    ``deliver`` gets the events of one page in log order and returns once
    they are safely handed over; if it raises, the same events (and maybe some
    already delivered) come again later, so receivers de-duplicate on
    ``event_id``.
    """

    name: str
    personal_data: bool

    def deliver(self, events: Sequence[RecordedEvent[Event]]) -> None:
        """Hand *events* over, in order."""
        ...

    def __enter__(self) -> Self:
        """The resource itself, closed when the ``with`` block ends."""
        ...

    def __exit__(self, *exc_info: object) -> None:
        """Close the resource."""
        ...

    def close(self) -> None:
        """Flush and release resources."""
        ...
