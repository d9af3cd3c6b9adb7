"""The handlers every party's decider shares: its partnerships, activities and products.

A group, a forum and an office decide these commands alike, each on its own stream and against
its own book; they differ only in the day the party began (a group's forming, a forum's
establishment; an office has always been), which the decider names.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from kimcore.domain import commands as c
from kimcore.domain.activity import decide_hold_activity, decide_take_part, organised_activity
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.partnership import decide_end_partnership, decide_sign_partnership
from kimcore.domain.product import decide_publish
from kimcore.events.base import Event

__all__ = ["Handler", "handler_for", "party_handlers"]

Handler = Callable[[Any, Any, DecisionContext], list[Event]]
"""``handler(state, command, context)``: the events a command records, or a refusal."""


def handler_for(
    handlers: Mapping[type[c.Command], Handler], command: c.Command, party: str
) -> Handler:
    """The handler of *command*'s type; a `TypeError` where *party* (``"a forum"``) has none."""
    handler = handlers.get(type(command))
    if handler is None:
        raise TypeError(f"{party} does not handle {type(command).__name__}")
    return handler


def party_handlers(began: Callable[[Any], dt.date]) -> dict[type[c.Command], Handler]:
    """The handlers of the commands any party is given; ``began(state)``: the party's first day.

    The state has a ``book`` (a [`PartyBook`][kimcore.domain.party.PartyBook]) and, to sign a
    partnership, ``history()``.
    """

    def sign(state: Any, command: c.SignPartnership, context: DecisionContext) -> list[Event]:
        book, policy = state.book, context.policy
        return [decide_sign_partnership(command, book, state.history(), policy, began(state))]

    def end(state: Any, command: c.EndPartnership, _context: DecisionContext) -> list[Event]:
        return [decide_end_partnership(command, state.book)]

    def hold(state: Any, command: c.HoldActivity, context: DecisionContext) -> list[Event]:
        return [decide_hold_activity(command, state.book, context.policy, began(state))]

    def publish(state: Any, command: c.PublishInformation, context: DecisionContext) -> list[Event]:
        return [decide_publish(command, state.book, context.policy, began(state))]

    def take_part(
        state: Any, command: c.TakePartInActivity, context: DecisionContext
    ) -> list[Event]:
        organised = organised_activity(command, context.load)
        policy = context.policy
        return [decide_take_part(command, state.book, policy, began(state), organised)]

    return {
        c.SignPartnership: sign,
        c.EndPartnership: end,
        c.HoldActivity: hold,
        c.PublishInformation: publish,
        c.TakePartInActivity: take_part,
    }
