"""The domain state machine's world and helpers; its rules are in `kimcore.testing.machine`.

The base holds an application service on a memory store, the ids of what was
really created, every stream's state evolved step by step, and `run`,
which handles a command and checks that a refusal recorded nothing.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from hypothesis import event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize

import kimcore as k
from kimcore.domain.regions import settlement_of
from kimcore.testing.world import (
    DISTRICTS,
    NS,
    PEOPLE,
    VILLAGES,
    serving,
)

__all__ = ["GHOST", "DomainMachineBase", "choose", "pick", "shift", "stream_of"]

pick = st.integers(min_value=0, max_value=10_000)
shift = st.integers(min_value=-3, max_value=20)


GHOST = uuid.uuid5(NS, "never-created")


def choose(items: list[Any], index: int) -> Any:
    """The item at *index*, wrapping round; an id never created when there are none."""
    return items[index % len(items)] if items else GHOST


def stream_of(kind: k.PartyKind, party_id: uuid.UUID) -> str:
    """The stream of the group or forum with *party_id*, named as kimcore names it."""
    return k.domain.stream_id_for(k.PartyRef(kind=kind, id=party_id))


class DomainMachineBase(RuleBasedStateMachine):
    """The world of [`DomainMachine`][kimcore.testing.machine.DomainMachine] and its helpers."""

    def __init__(self) -> None:
        super().__init__()
        self.app = k.Application(
            k.MemoryStore(),
            policy=k.Policy(refuse_political_campaigning=True),
            snapshot_every={k.PartyKind.GROUP: 3, k.PartyKind.FORUM: 2},
        )
        self.today = dt.date(2024, 1, 1)
        # Only what was really created; before that, commands go to an unknown id.
        self.groups: list[uuid.UUID] = []
        self.forums: list[uuid.UUID] = []
        self.partnerships: list[tuple[k.PartyRef, uuid.UUID]] = []
        self.evolved: dict[str, Any] = {}
        self.forgotten: set[uuid.UUID] = set()
        self.serial = 0
        self.accepted = 0

    # -- helpers --------------------------------------------------------------------

    def decider(self, stream_id: str) -> k.domain.Decider:
        """The decider whose aggregates' streams are named like *stream_id*."""
        return self.app.deciders.kind(stream_id.partition("-")[0])

    def when(self, days: int) -> dt.date:
        """A date *days* after the latest one used (time only moves forward)."""
        date = self.today + dt.timedelta(days=days)
        self.today = max(self.today, date)
        return date

    def new_id(self, label: str) -> uuid.UUID:
        """A fresh, reproducible id."""
        self.serial += 1
        return uuid.uuid5(NS, f"{label}-{self.serial}")

    def party(self, index: int) -> k.PartyRef:
        """A group or forum that exists (or a never-created id when none do)."""
        ids = self.groups + self.forums
        chosen = choose(ids, index)
        kind = k.PartyKind.FORUM if chosen in self.forums else k.PartyKind.GROUP
        return k.PartyRef(kind=kind, id=chosen)

    def partnership(self, party: int, index: int | None) -> tuple[k.PartyRef, uuid.UUID | None]:
        """A signed partnership with its own party; with *index* None, a party and no partnership.

        An odd *party* sends the partnership to another party, to exercise the refusals.
        """
        if index is None or not self.partnerships:
            return self.party(party), None
        host, pid = choose(self.partnerships, index)
        return (self.party(party) if party % 2 else host), pid

    def person(self, group_id: uuid.UUID, index: int, current: bool) -> uuid.UUID:
        """A current member of the group when *current* (and it has any), else anyone."""
        state = self.evolved.get(stream_of(k.PartyKind.GROUP, group_id))
        if current and isinstance(state, k.domain.GroupState) and state.members:
            return choose(sorted(state.members), index)  # type: ignore[no-any-return]
        return choose(PEOPLE, index).member_id  # type: ignore[no-any-return]

    def decree_region(self, authority: k.Authority, group_id: uuid.UUID) -> k.Region:
        """The region a decree of *authority* about the group names."""
        state = self.evolved.get(stream_of(k.PartyKind.GROUP, group_id))
        seat = state.seat.region if isinstance(state, k.domain.GroupState) else VILLAGES[0]
        return serving(authority, seat)

    def run(self, build: Any) -> bool:
        """Build and handle a command; whether it recorded anything."""
        try:
            command = build()
        except k.DomainError as refused:
            event(f"malformed: {type(refused).__name__}")
            return False  # a malformed command is refused on construction, before any store
        before = self.app.store.read_all(0, 100_000)
        try:
            recorded: tuple[k.RecordedEvent[k.Event], ...]
            if isinstance(command, k.ForgetSubject):
                recorded = self.app.forget(command)
            else:
                recorded = self.app.handle(command)
        except k.DomainError as refused:
            event(f"{type(command).__name__}: {type(refused).__name__}")
            assert self.app.store.read_all(0, 100_000) == before, (
                "a refused command recorded events"
            )
            return False
        event(f"{type(command).__name__}: recorded")
        self.accepted += 1
        for r in recorded:
            if isinstance(r.event, k.events.MemberForgotten):
                self.forgotten.add(r.event.subject_id)
                self.evolved.setdefault(r.stream_id, []).append(r.event)
                continue
            evolve = self.decider(r.stream_id).evolve
            self.evolved[r.stream_id] = evolve(self.evolved.get(r.stream_id), r.event)
        return bool(recorded)

    @initialize(minimum=st.integers(2, 4))
    def seed(self, minimum: int) -> None:
        """Two groups at their minimum, in different regencies, and one district forum."""
        for index, village in ((0, VILLAGES[1]), (12, VILLAGES[3])):
            group_id = self.new_id("seed-group")
            founders = tuple(PEOPLE[index + i] for i in range(minimum))
            self.run(
                lambda group_id=group_id, founders=founders, village=village: k.FormGroup(
                    group_id=group_id,
                    name="KIM seed",
                    founders=founders,
                    formed_on=self.today,
                    seat=k.Seat(
                        region=village, settlement=settlement_of(village), area=k.Area.RURAL
                    ),
                    bounds=k.values.MembershipBounds(minimum=minimum, maximum=minimum + 2),
                )
            )
            self.groups.append(group_id)
        self.run(
            lambda: k.EstablishForum(
                name="Forum KIM Pahandut",
                level=k.ForumLevel.DISTRICT,
                region=DISTRICTS[0],
                decree=k.Decree(
                    number="SK",
                    issued_on=self.today,
                    authority=k.Authority.CAMAT,
                    region=DISTRICTS[0],
                ),
                established_on=self.today,
            )
        )
        self.forums.append(k.domain.forum_id_for(k.ForumLevel.DISTRICT, DISTRICTS[0].code))
