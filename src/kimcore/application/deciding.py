"""Deciding, as flows: a command decided on its aggregate's state, and the states it reads.

A decider reads another aggregate through ``context.load``, which cannot wait on a store: the
first time it asks for one, the flow reads it and asks the decider again (deciders are pure).
[`Writing`][kimcore.application.writing.Writing] builds on this.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import attrs

from kimcore.application import flow
from kimcore.application.flow import Flow
from kimcore.application.repository import Repository, State
from kimcore.domain.commands import Command
from kimcore.domain.deciders import Decider, Deciders, DecisionContext
from kimcore.domain.identity import AggregateRef
from kimcore.domain.policy import Policy
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent, StoredEvent

__all__ = ["Deciding", "Decision", "decide_one"]

T = TypeVar("T")


@attrs.frozen(kw_only=True)
class Decision:
    """What a write's decide step found: the events, and what they were decided on.

    ``cached`` says the state came unchecked from the cache; ``decider`` and
    ``id`` name the aggregate whose cached state the events advance (none for
    an erasure, whose stream is not an aggregate's).
    """

    events: list[Event]
    state: State
    version: int
    cached: bool
    decider: Decider | None = None
    id: uuid.UUID | None = None


class _NotLoaded(BaseException):
    """A decider asked for a state the flow has not read yet: read it, then decide again.

    A BaseException, so that a decider catching ``Exception`` around ``load`` cannot swallow it.
    """

    def __init__(self, ref: AggregateRef) -> None:
        super().__init__(ref)
        self.ref = ref


def decide_one(
    decider: Decider, state: State, command: Command, context: DecisionContext
) -> list[Event]:
    """``decider.decide(state, command, context)``: one command of a batch, its state bound."""
    return decider.decide(state, command, context)


class Deciding:
    """The deciding flows of an application, given its configuration.

    The attributes are [`BaseApplication`][kimcore.application.base.BaseApplication]'s.
    """

    policy: Policy
    codec: Codec
    deciders: Deciders
    repository: Repository
    clock: Callable[[], dt.datetime]
    new_id: Callable[[], uuid.UUID]
    retries: int
    idempotency_window: int
    _indexed: bool

    def _decoded(
        self, stored: list[StoredEvent], *, personal_data: bool
    ) -> Flow[list[RecordedEvent[Any]]]:
        """*stored* decoded; personal fields opened with their keys, fetched in one call."""
        keys = (yield from flow.keys_for([s.data for s in stored])) if personal_data else None
        return [self.codec.decode(s, keys) for s in stored]

    # -- deciding -----------------------------------------------------------------

    def _decided(self, decide: Callable[[DecisionContext], T]) -> Flow[T]:
        """What *decide* returns, given the states of the other aggregates it loads.

        A decider reads another aggregate through ``context.load`` (afresh, without personal
        data), which cannot wait on a store: the first time it asks for one, the state is read
        and the decider asked again. Deciders are pure, so asking again is safe.
        """
        loaded: dict[AggregateRef, State] = {}

        def load(ref: AggregateRef) -> State:
            try:
                return loaded[ref]
            except KeyError:
                raise _NotLoaded(ref) from None

        context = DecisionContext(policy=self.policy, load=load)
        while True:
            try:
                return decide(context)
            except _NotLoaded as missing:
                decider = self.deciders.kind(missing.ref.kind)
                state, _, _ = yield from self.repository.for_decision_flow(
                    decider, missing.ref.id, trust_cache=False
                )
                loaded[missing.ref] = state

    def _decide(
        self, command: Command, decider: Decider, ref: AggregateRef, *, trust_cache: bool
    ) -> Flow[Decision]:
        state, version, cached = yield from self.repository.for_decision_flow(
            decider, ref.id, trust_cache=trust_cache
        )
        events = yield from self._decided(lambda context: decider.decide(state, command, context))
        return Decision(
            events=events, state=state, version=version, cached=cached, decider=decider, id=ref.id
        )

    def _decide_only(self, command: Command) -> Flow[tuple[list[Event], int]]:
        decider, ref = self.deciders.for_command(command)
        decision = yield from self._decide(command, decider, ref, trust_cache=False)
        return decision.events, decision.version
