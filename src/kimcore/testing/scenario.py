"""Given/when/then for deciders: ``given(events).when(command).then(events)``.

::

    from kimcore.testing.scenario import given

    given(formed).when(JoinGroup(...)).then(MemberJoined(...))
    given(formed).when(ConfirmGroup(...)).raises(ConfirmationRequiresChair)

No store and no service: the command is decided on the state folded from the
given events, exactly as the application service would decide it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

import attrs

from kimcore.domain import forum, group, group_state
from kimcore.domain.commands import Command
from kimcore.domain.deciders import DecisionContext
from kimcore.domain.errors import DomainError
from kimcore.domain.forum import Applicant
from kimcore.domain.policy import Policy
from kimcore.events.base import Event
from kimcore.vocabulary.parties import PartyKind

__all__ = ["Outcome", "Scenario", "given"]

_E = TypeVar("_E", bound=DomainError)


@attrs.frozen
class Outcome:
    """What deciding a command gave: its events, or the error it raised."""

    command: Command
    events: tuple[Event, ...] = ()
    error: DomainError | None = None

    def then(self, *expected: Event) -> tuple[Event, ...]:
        """Assert the command decided exactly *expected* (none: it recorded nothing)."""
        if self.error is not None:
            raise AssertionError(
                f"{type(self.command).__name__} was refused, expected events:"
                f" {type(self.error).__name__}: {self.error}"
            )
        if self.events != expected:
            raise AssertionError(
                f"{type(self.command).__name__} decided\n  {list(self.events)}\nexpected\n"
                f"  {list(expected)}"
            )
        return self.events

    def raises(self, error: type[_E], match: str | None = None) -> _E:
        """Assert the command was refused with *error* (whose message contains *match*)."""
        if self.error is None:
            raise AssertionError(
                f"{type(self.command).__name__} was accepted ({list(self.events)}),"
                f" expected {error.__name__}"
            )
        if not isinstance(self.error, error):
            raise AssertionError(
                f"{type(self.command).__name__} raised {type(self.error).__name__}:"
                f" {self.error}, expected {error.__name__}"
            )
        if match is not None and match not in str(self.error):
            raise AssertionError(f"{error.__name__} says {str(self.error)!r}, not {match!r}")
        return self.error


@attrs.frozen
class Scenario:
    """A history to decide commands on."""

    history: tuple[Event, ...]
    policy: Policy
    applicant: Applicant | None = None

    def when(self, command: Command) -> Outcome:
        """Decide *command* on the state the history folds to."""
        try:
            # The applicant is loaded as the forum sees it (the one aggregate a scenario reads).
            context = DecisionContext(policy=self.policy, load=lambda _ref: self.applicant)
            if command.target.kind is PartyKind.FORUM:
                events = forum.decide(forum.fold(self.history), command, context)
            else:
                events = group.decide(group_state.fold(self.history), command, context)
        except DomainError as refused:
            return Outcome(command=command, error=refused)
        return Outcome(command=command, events=tuple(events))


def given(
    *history: Event | Sequence[Event],
    policy: Policy | None = None,
    applicant: Applicant | None = None,
) -> Scenario:
    """A scenario over *history* (events, or lists of them, flattened in order).

    *applicant* is what the forum knows of a group or forum applying to it
    (``AdmitToForum``); *policy* defaults to kimcore's.
    """
    flat: list[Event] = []
    for item in history:
        if isinstance(item, Event):
            flat.append(item)
        else:
            flat.extend(item)
    return Scenario(history=tuple(flat), policy=policy or Policy(), applicant=applicant)
