"""The domain machine's rule for commands that come with a chain,: built as the strategies do.

One rule draws a kind of [`CHAINED_KINDS`][kimcore.testing.strategies.accepted.CHAINED_KINDS]
and builds it (with the commands that lead to it) the way ``accepted_commands`` does, about the
machine's own groups and forums, so the invariants are checked after merges, splits,
re-codings, musyawarah, chair replacements, products, attended activities and mappings too.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import rule

from kimcore.testing.machine_base import DomainMachineBase, shift
from kimcore.testing.strategies.accepted import BUILDERS, CHAINED_KINDS

__all__ = ["ChainRules"]


class _Sequence:
    """What a builder reads: the machine's application, its parties, a day, a way to draw."""

    def __init__(self, machine: DomainMachineBase, draw: Any, day: dt.date) -> None:
        self.app = machine.app
        self.draw = draw
        self.day = day
        self.groups = list(machine.groups)
        self.forums = list(machine.forums)

    def pick(self, items: list[Any]) -> Any:
        return self.draw(st.sampled_from(items)) if items else None


class ChainRules(DomainMachineBase):
    """The chain rule, mixed into [`DomainMachine`][kimcore.testing.machine.DomainMachine]."""

    @rule(kind=st.sampled_from(CHAINED_KINDS), data=st.data(), days=shift)
    def chain(self, kind: type[Any], data: st.DataObject, days: int) -> None:
        """A command of *kind* and its chain, built about the machine's groups and forums."""
        sequence = _Sequence(self, data.draw, self.when(days))
        for command in BUILDERS[kind](sequence):
            self.run(lambda command=command: command)
        # Groups and forums the chain created are the machine's from now on.
        for group_id in sequence.groups:
            if group_id not in self.groups and self.app.group(group_id) is not None:
                self.groups.append(group_id)
        for forum_id in sequence.forums:
            if forum_id not in self.forums and self.app.forum(forum_id) is not None:
                self.forums.append(forum_id)
