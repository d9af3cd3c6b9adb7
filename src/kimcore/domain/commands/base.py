"""The base of every command, and of the commands any party may be given.

Commands validate their own shape on construction (raising
[`InvalidValue`][kimcore.errors.InvalidValue] naming the field); the deciders check them against
the recorded state.
"""

from __future__ import annotations

import abc

import attrs

from kimcore.domain.identity import AggregateRef
from kimcore.vocabulary._facts import OfParty
from kimcore.vocabulary.parties import PartyRef


@attrs.frozen(kw_only=True)
class Command(abc.ABC):  # noqa: B024 - a base to subclass; no method must be overridden
    """Base of all commands, kimcore's and plugins'.

    A command is decided on one aggregate's stream. kimcore's commands name a group or forum
    ([`target`][kimcore.commands.Command.target]); a plugin's command of a kind of its own overrides
    [`aggregate`][kimcore.commands.Command.aggregate] instead.
    """

    @property
    def target(self) -> PartyRef:
        """The group or forum whose stream this command is decided on."""
        raise TypeError(f"{type(self).__name__} is decided on no group's or forum's stream")

    @property
    def aggregate(self) -> AggregateRef:
        """The aggregate whose stream decides this command: its kind and id."""
        target = self.target
        return AggregateRef(kind=target.kind.value, id=target.id)


@attrs.frozen(kw_only=True)
class PartyCommand(OfParty, Command):
    """A command any party (group or forum) can be given."""

    @property
    def target(self) -> PartyRef:
        """The party."""
        return self.party
