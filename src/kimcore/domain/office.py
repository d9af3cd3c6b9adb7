"""A government office's own stream: the activities it organises for KIMs.

The seed's provincial communication office held a hybrid webinar on forming
Forum KIM; KIMs took part. An office is no member of any KIM or forum (that
is refused everywhere), but it organises activities, and they are facts of
the office, on ``government_body-<id>``. The regency office's mapping of its
KIMs (Permenkominfo 4/2024 art. 24) belongs here too.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import attrs

from kimcore.domain.commands import HoldActivity
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.party import PartyBook, apply_to_book, decide_hold_activity
from kimcore.events.base import Event
from kimcore.events.party import ActivityHeld
from kimcore.vocabulary.values import PartyKind

__all__ = ["OFFICE", "OfficeState", "evolve"]


@attrs.frozen(kw_only=True)
class OfficeState:
    """What an office's stream holds: the activities it organised."""

    office_id: uuid.UUID
    book: PartyBook = attrs.field(factory=PartyBook)


def evolve(state: OfficeState | None, event: Event) -> OfficeState | None:
    """The office after *event*."""
    if isinstance(event, ActivityHeld):
        current = state or OfficeState(office_id=event.party.id)
        return attrs.evolve(current, book=apply_to_book(current.book, event))
    return state


def _decide(state: OfficeState | None, command: Any, context: DecisionContext) -> list[Event]:
    book = PartyBook() if state is None else state.book
    return [decide_hold_activity(command, book, context.policy, dt.date.min)]


OFFICE = Decider(
    kind=PartyKind.GOVERNMENT_BODY.value,
    commands=(HoldActivity,),
    decide=_decide,
    evolve=evolve,
    description="A government office: the activities it organises for KIMs.",
    state_type=OfficeState,
)
