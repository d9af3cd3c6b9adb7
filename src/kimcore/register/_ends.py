"""A KIM's end in an import (dissolved, merged into another): recorded after all else it did.

The ends come last, in the order of their days, so a KIM merges into one still active then;
a kim row whose end does not read was refused whole before (``rows.status``, read as the KIM
is planned), so here only the domain's own refusals are left.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import attrs

from kimcore.application.service import Application
from kimcore.register import rows as r
from kimcore.register.decisions import Refused, Row, Run, conflict_error, key_of
from kimcore.register.outcomes import RowOutcome
from kimcore.spreadsheets import Deadline
from kimcore.vocabulary.errors import ConcurrencyConflict, DomainError

__all__ = ["record_ends"]


class _Importing(Protocol):
    """What an import's rows are recorded by (``importer._Importer``)."""

    run: Run
    app: Application
    outcomes: dict[int, RowOutcome]

    def settle(self, row: Row, events: int, ref: str = "", *, founder: bool = False) -> None: ...
    def refuse(self, row: Row, error: DomainError, ref: str = "") -> None: ...
    def recorded(self, row: Row) -> Any: ...


def record_ends(importer: _Importing, kims: Sequence[Row], deadline: Deadline) -> None:
    """Record the end each kim row in *kims* gives, in the order of their days."""
    ending = [
        row for row in kims if any(row.cells.cells.get(name, "").strip() for name in r.STATUS_CELLS)
    ]
    for row in sorted(ending, key=_status_day):
        if deadline.passed():
            importer.refuse(row, deadline.error(f"importing line {row.line}"))
        else:
            _record_end(importer, row)


def _record_end(importer: _Importing, row: Row) -> None:
    outcome = importer.outcomes.get(row.line)
    if outcome is None or outcome.status == "refused":
        return
    state = importer.recorded(row)
    if state is None:
        return
    try:
        dated = r.status(row.cells, state.group_id)
    except DomainError as error:
        importer.refuse(row, error)
        return
    if dated is None:
        return
    command = dated[2]
    decider, aggregate = importer.app.deciders.for_command(command)
    if key_of(command) in importer.run.done(aggregate):
        return
    try:
        _, events = importer.run.decide([(row.line, command)])
        importer.run.write(decider, aggregate, [command], events)
    except Refused as refused:
        _refuse_end(importer, row, outcome, refused.error)
    except ConcurrencyConflict as conflict:
        _refuse_end(importer, row, outcome, conflict_error(conflict))
    else:
        importer.settle(row, outcome.events + len(events))


def _refuse_end(importer: _Importing, row: Row, outcome: RowOutcome, error: DomainError) -> None:
    """Refuse the row's end, saying what of it was recorded before (its KIM, with its events).

    What the end's checks could see before the KIM was recorded was checked then (``plan``);
    what only the file's other rows decide (the KIM merged into ended before) is refused now,
    and importing the row again, corrected, records only its end.
    """
    importer.refuse(row, error)
    if outcome.status != "recorded":
        return
    refused = importer.outcomes[row.line]
    importer.outcomes[row.line] = attrs.evolve(
        refused,
        events=outcome.events,
        message=f"{refused.message} (the KIM is recorded; only its end is refused)",
        message_id=f"{refused.message_id} (KIM-nya tercatat; hanya akhirnya yang ditolak)",
    )


def _status_day(row: Row) -> tuple[dt.date, int]:
    """When the row's KIM ended, for the order of the ends (a row that does not read: first)."""
    try:
        return (row.cells.date("status_on") or dt.date.min, row.line)
    except DomainError:
        return (dt.date.min, row.line)
