"""Deciders: for each kind of aggregate, how its commands become events and its events a state.

A [`Decider`][kimcore.domain.Decider] is a record of pure functions: ``decide(state, command,
context)`` returns the events a command records (or raises a
[`DomainError`][kimcore.errors.DomainError]), ``evolve(state, event)`` folds one event into the
state, starting from ``initial``. Its aggregates' streams are named ``<kind>-<id>``. The
application service finds the decider of a command by the command's
[`aggregate`][kimcore.commands.Command.aggregate] kind; kimcore's own group and forum deciders are
registered the same way a plugin's are (the ``kimcore_deciders`` hook), and a plugin may add
commands to a built-in kind's decider only by bringing a kind of its own.

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

from kimcore.domain import forum, group, group_state
from kimcore.domain.commands import AdmitToForum, Command, FormGroup, TakePartInActivity
from kimcore.domain.forum import Applicant, ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.domain.party import organised_activity
from kimcore.domain.policy import Policy
from kimcore.events.base import Event
from kimcore.vocabulary.errors import InvalidValue
from kimcore.vocabulary.values import PartyKind, PartyRef

__all__ = [
    "BUILTIN_DECIDERS",
    "FORUM",
    "GROUP",
    "Decider",
    "Deciders",
    "DecisionContext",
]

_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")


@attrs.frozen(kw_only=True)
class DecisionContext:
    """What a decision may read besides its own aggregate's state."""

    policy: Policy
    load: Callable[[AggregateRef], Any]


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
        return f"{self.kind}-{aggregate_id}"

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


def _decide_group(
    state: GroupState | None, command: Command, context: DecisionContext
) -> list[Event]:
    return group.decide(state, command, context.policy, context.load)


def _applicant(ref: PartyRef, context: DecisionContext) -> Applicant | None:
    if ref.kind is PartyKind.GOVERNMENT_BODY:
        return None  # the forum's decider refuses it by kind
    state = context.load(AggregateRef(kind=ref.kind.value, id=ref.id))
    if isinstance(state, GroupState):
        return Applicant(
            ref=ref, region=state.seat.region, forum_level=None, active=not state.closed
        )
    return state.as_applicant() if isinstance(state, ForumState) else None


def _decide_forum(
    state: ForumState | None, command: Command, context: DecisionContext
) -> list[Event]:
    applicant = organised = None
    if isinstance(command, AdmitToForum):
        applicant = _applicant(command.applicant, context)
    if isinstance(command, TakePartInActivity):
        organised = organised_activity(command, context.load)
    return forum.decide(state, command, context.policy, applicant, organised)


GROUP = Decider(
    kind=PartyKind.GROUP.value,
    commands=(*group.COMMANDS, FormGroup),
    decide=_decide_group,
    evolve=group_state.evolve,
    folder=group_state.fold,
    description="A KIM: formed by the community, its members, officers, stage and activities.",
    state_type=GroupState,
    # 2: activities' dates in the party book; 3: members' also and gender; 4: officers' terms,
    # merges and splits, attended activities and products
    state_version=4,
)
FORUM = Decider(
    kind=PartyKind.FORUM.value,
    commands=forum.COMMANDS,
    decide=_decide_forum,
    evolve=forum.evolve,
    description="A Forum KIM at its level and region: board, members, partnerships.",
    state_type=ForumState,
    # 2: activities' dates in the party book; 3: competition results; 4: musyawarah, decree,
    # attended activities and products
    state_version=4,
)


def _builtin() -> Deciders:
    from kimcore.domain.office import OFFICE  # noqa: PLC0415 - it builds on this module

    return Deciders([GROUP, FORUM, OFFICE])


BUILTIN_DECIDERS = _builtin()
