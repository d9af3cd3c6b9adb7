"""Hypothesis strategies for every value object, command and event of kimcore.

- Value objects: ``regions()``, ``seats``, ``members``, ``posts``, ``decrees``,
  ``partners``… — any well-formed value.
- Events: ``events`` and ``EVENT_STRATEGIES[cls]``; commands: ``commands``
  and ``COMMAND_STRATEGIES[cls]`` — well-formed, not necessarily accepted in
  any given state (good for "a refused command records nothing").
- ``accepted_commands()``: sequences the domain accepts, in order, from a
  fresh store.

[`register`][kimcore.testing.strategies.register] makes
``st.from_type(kimcore.events.GroupFormed)`` and friends use these; kimcore registers it through
hypothesis's entry point, so installing kimcore with the ``test`` extra is enough.
"""

from __future__ import annotations

from hypothesis import strategies as st

from kimcore.testing.strategies import values as _values
from kimcore.testing.strategies.accepted import KINDS, accepted_commands
from kimcore.testing.strategies.commands import COMMAND_STRATEGIES, commands
from kimcore.testing.strategies.events import EVENT_STRATEGIES, events
from kimcore.testing.strategies.values import *  # noqa: F403 - every value's strategy
from kimcore.testing.strategies.values import VALUE_STRATEGIES

__all__ = [
    "COMMAND_STRATEGIES",
    "EVENT_STRATEGIES",
    "KINDS",
    "accepted_commands",
    "commands",
    "events",
    "register",
]
__all__ += _values.__all__


def register() -> None:
    """Make ``st.from_type`` find kimcore's strategies for every value, command and event."""
    for registry in (VALUE_STRATEGIES, EVENT_STRATEGIES, COMMAND_STRATEGIES):
        for cls, strategy in registry.items():
            st.register_type_strategy(cls, strategy)


# Hypothesis's entry point skips registering while this module is half
# imported (when it is what imports hypothesis first): register here.
register()
