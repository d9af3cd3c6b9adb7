"""The ports projections run on: where read models are kept, and where events are sent.

A [`ModelStore`][kimcore.projections.ModelStore] keeps the tables of read models and their
checkpoints (memory, SQLite, PostgreSQL are adapters of it), and hands out the
[`Lease`][kimcore.projections.Lease] that lets one process at a time project each of them;
a [`Sink`][kimcore.projections.Sink]
delivers events to another app (a file, a webhook, a message broker). The read models themselves,
and the tables they declare, are the domain's views
([`kimcore.domain.views`][kimcore.domain.views]).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Protocol, Self

from kimcore.domain.views.query import FACET_LIMIT, Page, Query
from kimcore.domain.views.tables import Row, Table, Transaction
from kimcore.domain.views.tally import At, Tallied, Tally
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.errors import CheckpointMoved, ReadModelError

__all__ = ["Lease", "ModelStore", "Sink", "check_checkpoint"]


class Lease(Protocol):
    """The right to project one read model or sink, held by one process at a time.

    A process that dies loses its leases at once (PostgreSQL ends its session and with it the
    advisory lock; the kernel drops a SQLite lease file's lock). A lease is a courtesy, not
    the guarantee: the checkpoint's compare-and-set in each page's transaction is what keeps a
    page from being applied twice if two processes ever project at once.
    """

    name: str

    def acquire(self) -> bool:
        """Take the lease if it is free, or confirm it is still held; never waits."""
        ...

    @property
    def held(self) -> bool:
        """Whether this lease was taken (and not released or lost since, as far as known)."""
        ...

    def release(self) -> None:
        """Give the lease up (nothing if it is not held)."""
        ...


class ModelStore(Protocol):
    """Where read models' tables and every projection's checkpoint live."""

    def prepare(
        self,
        name: str,
        version: int,
        tables: Sequence[Table],
        *,
        create_only: bool = False,
        tallies: Sequence[Tallied] = (),
    ) -> int:
        """Create the tables if needed and return the checkpoint.

        When the stored version of projection *name* differs from *version*,
        its tables are dropped and made anew and its checkpoint goes back to 0:
        a new version of a read model rebuilds itself. With *create_only*, missing
        tables are made and nothing is dropped (a process that only reads the model,
        while another projects it; a service starting), and indexes missing from
        existing tables are left to a call without it. Safe to call from several
        processes at once.

        *tallies* are the tallies the model is counted by, each with its cut
        (``ReadModel.tallies``): a store that needs an index to count one fast (SQLite's
        covering index) makes it with the tables' own, so no read pays for it.
        """
        ...

    def reset(
        self, name: str, version: int, tables: Sequence[Table], *, indexes: bool = True
    ) -> None:
        """Drop and recreate the tables, checkpoint 0 (a rebuild from zero).

        With ``indexes=False`` the tables are made without the indexes they declare: a
        rebuild loads the rows first and the next `prepare` makes them, once, over all of
        them (a store without indexes ignores it).
        """
        ...

    def checkpoint(self, name: str) -> int:
        """The last position projection *name* committed (0 when none)."""
        ...

    def transaction(
        self, name: str, *, expect: int | None = None
    ) -> AbstractContextManager[Transaction]:
        """One atomic unit: table changes and the checkpoint of projection *name*.

        With *expect*, the checkpoint is compared and set: if it is not at *expect* when
        the transaction begins (or when it advances),
        [`CheckpointMoved`][kimcore.errors.CheckpointMoved] is raised and nothing is
        written. Two processes racing on one page thus apply it once.
        """
        ...

    def note_failure(self, name: str, failure: str | None) -> None:
        """Keep why projection *name* stopped (``None``: it runs again), for every process.

        The process projecting it notes it; any process's health shows it.
        """
        ...

    def failure(self, name: str) -> str | None:
        """Why projection *name* stopped, as noted (``None``: it runs)."""
        ...

    def lease(self, name: str) -> Lease:
        """The lease of projection *name* on this store (one process projects it at a time)."""
        ...

    def tally(
        self, query: Tally, *, prefix: Mapping[str, int] | None = None, at: At = None
    ) -> list[Row]:
        """The rows of *query* counted, in no order.

        *prefix* cuts grouped columns to their first characters; *at*, on a historical
        table, counts the versions true then (a log position, the end of a day) instead of
        the current ones.
        """
        ...

    def rows(self, table: Table, where: Mapping[str, Any] | None = None) -> list[Row]:
        """Read rows outside a projection (every row *where* keeps, in key order)."""
        ...

    def query(self, query: Query) -> Page:
        """A page of *query* (filtered, ordered, after its cursor), and its count if asked.

        SQL stores run it as one statement served by the indexes the table declares;
        memory runs [`query_rows`][kimcore.domain.views.query.query_rows]. Every store
        gives the same pages in the same order.
        """
        ...

    def query_many(self, queries: Sequence[Query]) -> list[Page]:
        """The page of each of *queries*, in their order: what `query` gives each.

        SQL stores send the pages of those without a count or a cursor as one statement (one
        round trip for a report's index lookups); memory runs each.
        """
        ...

    def facets(self, query: Query, column: str, limit: int = FACET_LIMIT) -> list[tuple[Any, int]]:
        """How many rows *query*'s filters keep hold each value of *column* (paging aside).

        At most *limit* values, the most frequent first, then by value (a missing value
        first); SQL stores count in one ``GROUP BY``, memory runs
        [`facet_rows`][kimcore.projections.facet_rows].
        """
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


def check_checkpoint(name: str, expect: int | None, position: int | None) -> int:
    """*position*, the checkpoint of *name* found, if ``transaction(name, expect=expect)`` takes it.

    ``None`` (projection *name* was never prepared) raises
    [`CheckpointMoved`][kimcore.errors.CheckpointMoved] when the caller expected a position (the
    model was dropped meanwhile), else ``ReadModelError``; a checkpoint elsewhere than *expect*
    raises ``CheckpointMoved``. Shared by every model store, as the store port's ``check_…``.
    """
    if position is None:
        if expect is not None:
            raise CheckpointMoved(name, expect, None)
        raise ReadModelError(f"projection {name!r} was not prepared")
    if expect is not None and position != expect:
        raise CheckpointMoved(name, expect, position)
    return position
