"""Deciders: for each kind of aggregate, how its commands become events and its events a state.

A [`Decider`][kimcore.domain.Decider] is a record of pure functions: ``decide(state, command,
context)`` returns the events a command records (or raises a
[`DomainError`][kimcore.errors.DomainError]), ``evolve(state, event)`` folds one event into the
state, starting from ``initial``. Its aggregates' streams are named ``<kind>-<id>``. The
application service finds the decider of a command by the command's
[`aggregate`][kimcore.commands.Command.aggregate] kind; kimcore's own group and forum deciders are
registered the same way a plugin's are (the ``kimcore_deciders`` hook), and a plugin may add
commands to a built-in kind's decider only by bringing a kind of its own.

This module holds the record types and the registry only: each kind's decider lives with its
subject (``kimcore.domain.group.GROUP``, ``forum.FORUM``, ``office.OFFICE``), each exporting
``decide(state, command, context)`` that looks its command's handler up in one table, and
``kimcore.domain.builtin`` lists them. [`ForgetSubject`][kimcore.commands.ForgetSubject] is the
one command no decider takes: an erasure crosses every stream that holds the subject's data
(``kimcore.domain.erasure``).

*context* gives a decision what it may read beyond its own aggregate: the
policy, and ``load(ref)``, another aggregate's state as it stands (without
personal data) — a forum admitting a group reads the group's seat.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from kimcore import _deprecated
from kimcore.domain.commands import Command
from kimcore.domain.identity import AggregateRef, stream_id_for
from kimcore.domain.policy import Policy
from kimcore.events.base import Event
from kimcore.vocabulary.errors import InvalidValue

__all__ = ["Decider", "Deciders", "DecisionContext"]

_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")


@attrs.frozen(kw_only=True)
class DecisionContext:
    """What a decision may read besides its own aggregate's state."""

    policy: Policy
    # Another aggregate's state as it stands (without personal data); None where there is none.
    load: Callable[[AggregateRef], Any] = lambda _ref: None


def _kind(_instance: object, _attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _KIND.fullmatch(value):
        raise InvalidValue("kind", f"a lower-case name such as 'csr_programme', got {value!r}")


def _commands(
    _instance: object, _attribute: attrs.Attribute[tuple[type[Command], ...]], value: object
) -> None:
    if (
        not isinstance(value, tuple)
        or not value
        or not all(isinstance(c, type) and issubclass(c, Command) for c in value)
    ):
        raise InvalidValue("commands", f"a tuple of Command classes, got {value!r}")


@attrs.frozen(kw_only=True)
class Decider:
    """One kind of aggregate: its commands, how they are decided, how its state folds.

    ``state_type`` and ``state_version`` let the application snapshot the
    state (bump the version when the class changes shape; ``None`` takes no
    snapshots).
    """

    kind: str = attrs.field(validator=_kind)
    commands: tuple[type[Command], ...] = attrs.field(validator=_commands)
    decide: Callable[[Any, Any, DecisionContext], list[Event]] = attrs.field(
        validator=attrs.validators.is_callable()
    )
    evolve: Callable[[Any, Event], Any] = attrs.field(validator=attrs.validators.is_callable())
    initial: Any = None
    description: str = ""
    state_type: type | None = None
    state_version: int = 1
    # ``folder(events, state)``: what folding each event with ``evolve`` gives, done faster
    # (the group's folds a run of joins at once); ``None`` folds with ``evolve``.
    folder: Callable[[Iterable[Event], Any], Any] | None = None

    @property
    def name(self) -> str:
        """The kind, which names the decider among plugins."""
        return self.kind

    def takes(self, command_type: type) -> bool:
        """Whether this decider decides commands of *command_type* (or a subclass of one)."""
        return issubclass(command_type, self.commands)

    def stream_id(self, aggregate_id: uuid.UUID) -> str:
        """The stream of the aggregate with this id: ``<kind>-<id>``."""
        return stream_id_for(AggregateRef(kind=self.kind, id=aggregate_id))

    def fold(self, events: Iterable[Event], state: Any = None) -> Any:
        """*events* folded into *state* (the initial state by default)."""
        state = self.initial if state is None else state
        if self.folder is not None:
            return self.folder(events, state)
        for event in events:
            state = self.evolve(state, event)
        return state


class Deciders:
    """The deciders in force, by kind; finds the one that takes a command."""

    def __init__(self, deciders: Iterable[Decider]) -> None:
        self._by_kind: dict[str, Decider] = {}
        for decider in deciders:
            if decider.kind in self._by_kind:
                raise InvalidValue("kind", f"two deciders for {decider.kind!r}")
            self._by_kind[decider.kind] = decider

    def __iter__(self) -> Any:
        return iter(self._by_kind.values())

    def kind(self, kind: str) -> Decider:
        """The decider of aggregates of *kind*."""
        try:
            return self._by_kind[kind]
        except KeyError:
            raise InvalidValue(
                "kind", f"no decider for {kind!r} (known: {', '.join(sorted(self._by_kind))})"
            ) from None

    def for_command(self, command: object) -> tuple[Decider, AggregateRef]:
        """The decider of *command* and the aggregate it addresses, or InvalidValue saying why."""
        if not isinstance(command, Command):
            raise InvalidValue(
                "command",
                f"must be a kimcore command ({self.accepted()}), got {describe(command)}",
            )
        ref = command.aggregate
        decider = self._by_kind.get(ref.kind)
        if decider is None:
            raise InvalidValue(
                "command",
                f"a {ref.kind} has no stream in kimcore: no decider takes"
                f" {type(command).__name__} on one (known kinds: {', '.join(self._by_kind)})",
            )
        if not decider.takes(type(command)):
            raise InvalidValue(
                "command",
                f"no decider takes {type(command).__name__} on a {ref.kind}"
                f" (deciders take: {self.accepted()})",
            )
        return decider, ref

    def accepted(self) -> str:
        """What ``handle`` takes, kind by kind, for error messages."""
        return "; ".join(
            f"{d.kind}: {', '.join(sorted(c.__name__ for c in d.commands))}"
            for d in self._by_kind.values()
        )


def describe(value: object) -> str:
    """A value for an error message: short, and never an object's address."""
    text = repr(value)
    if " at 0x" in text or len(text) > 80:
        kind = type(value)
        return f"a {kind.__module__}.{kind.__qualname__}"
    return text


# The built-in deciders moved to their own modules, listed in kimcore.domain.builtin.
__getattr__ = _deprecated.old_names(__name__)
