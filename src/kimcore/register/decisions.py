"""An import's decisions: against the store as the import has changed it, or would have.

Rows are decided with the deciders themselves, on the state each stream
reached, so that each row refused is known by its line; a KIM's rows are then
written by [`Application.handle_many`][kimcore.Application.handle_many], in one
append with the application's retries and cache. A dry run keeps the states it
decided and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from typing import Any

import attrs

from kimcore.application.service import Application
from kimcore.domain import commands as c
from kimcore.domain.deciders import Decider, DecisionContext
from kimcore.domain.identity import AggregateRef
from kimcore.events.activity import ActivityHeld
from kimcore.events.forum import ForumEstablished, ForumMemberAdmitted
from kimcore.events.group import (
    GroupConfirmed,
    GroupDissolved,
    GroupFormed,
    GroupMerged,
    GroupRegistered,
    MemberJoined,
    MemberLeft,
    OfficerAppointed,
    OfficerRelieved,
)
from kimcore.register.layout import Cells
from kimcore.vocabulary.errors import ConcurrencyConflict, DomainError

__all__ = ["Refused", "Row", "Run", "conflict_error", "key_of"]


class Refused(Exception):
    """A command of the row on line *owner* was refused with *error*."""

    def __init__(self, owner: int, error: DomainError) -> None:
        self.owner, self.error = owner, error


@attrs.frozen
class Row:
    """A row of the register: its line and its cells read by column name."""

    line: int
    cells: Cells

    @property
    def ref(self) -> str:
        """The KIM's register number (``kim_ref``), or ``""``."""
        return self.cells.cells.get("kim_ref", "").strip()


class Run:
    """Decisions against the store as this import has changed it (or would, in a dry run)."""

    def __init__(self, app: Application, dry_run: bool, source: str) -> None:
        self.app, self.dry_run, self.source = app, dry_run, source
        self.correlation_id = app.new_id()  # one import, one conversation
        self._states: dict[AggregateRef, tuple[Any, int]] = {}
        self._done: dict[AggregateRef, set[Hashable]] = {}
        self.context = DecisionContext(policy=app.policy, load=lambda ref: self.state(ref)[0])

    def state(self, ref: AggregateRef) -> tuple[Any, int]:
        """The aggregate's state (without personal data) and version, as the import left it."""
        if ref not in self._states:
            decider = self.app.deciders.kind(ref.kind)
            state, version, _ = self.app.repository.for_decision(decider, ref.id, trust_cache=False)
            self._states[ref] = (state, version)
        return self._states[ref]

    def done(self, ref: AggregateRef) -> set[Hashable]:
        """What the aggregate's history holds already, as keys an import compares."""
        if ref not in self._done:
            found: set[Hashable] = set()
            if self.state(ref)[1]:
                stream = self.app.deciders.kind(ref.kind).stream_id(ref.id)
                for stored in self.app.store.read_stream(stream):  # ids only: no keys needed
                    found.update(_done_keys(self.app.codec.decode(stored, None).event))
            self._done[ref] = found
        return self._done[ref]

    def decide(self, commands: Sequence[tuple[int, c.Command]]) -> tuple[dict[int, int], list[Any]]:
        """Decide *commands*, each with the line it is from, in turn on one stream.

        The events, and how many each line made; ``Refused`` names the line of the first
        command refused.
        """
        decider, ref = self.app.deciders.for_command(commands[0][1])
        state, _ = self.state(ref)
        events: list[Any] = []
        by_owner: dict[int, int] = defaultdict(int)
        for owner, command in commands:
            try:
                made = decider.decide(state, command, self.context)
            except DomainError as error:
                raise Refused(owner, error) from None
            state = decider.fold(made, state)
            events.extend(made)
            by_owner[owner] += len(made)
        return by_owner, events

    def decide_by_day(
        self, commands: Sequence[tuple[int, dt.date, c.Command]]
    ) -> tuple[dict[int, int], list[Any], list[tuple[int, c.Command]]]:
        """Decide *commands*, each with its line and day, in turn on one stream, a day at a time.

        A register gives a day, not the hour: a day's commands are decided in the order given,
        a command refused tried again after the day's others (a chair relieved and appointed
        again the same day, in either row order). Where that leaves one refused, the day's
        other orders are searched (a chair appointed, the KIM confirmed and the chair relieved
        on one day admit one order only), up to ``SEARCH_BUDGET`` decisions a command. The
        events, how many each line made, and the commands in the order decided; ``Refused``
        names the line of the first command the day's order given leaves refused.
        """
        decider, ref = self.app.deciders.for_command(commands[0][2])
        state, _ = self.state(ref)
        events: list[Any] = []
        by_owner: dict[int, int] = defaultdict(int)
        decided: list[tuple[int, c.Command]] = []
        start = 0
        while start < len(commands):
            end = start
            while end < len(commands) and commands[end][1] == commands[start][1]:
                end += 1
            day = [(owner, command) for owner, _day, command in commands[start:end]]
            try:
                steps = _retried(decider, self.context, state, day)
            except Refused:
                found = _searched(decider, self.context, state, day)
                if found is None:
                    raise
                steps = found
            for owner, command, made in steps:
                state = decider.fold(made, state)
                events.extend(made)
                by_owner[owner] += len(made)
                decided.append((owner, command))
            start = end
        return by_owner, events, decided

    def write(
        self,
        decider: Decider,
        ref: AggregateRef,
        commands: Sequence[c.Command],
        events: list[Any],
    ) -> None:
        """Record *commands*, decided as *events*, through the application, and move on.

        Not in a dry run. The application decides them again on the stream as it is and appends
        them in one write, with its retries and cache; a stream another writer changed meanwhile
        is read afresh for the rest of the import, and a command it now refuses raises
        ``ConcurrencyConflict``, as a conflict past the retries does.
        """
        state, version = self.state(ref)
        if not events:
            return
        if not self.dry_run:
            try:
                recorded = self.app.handle_many(
                    commands,
                    correlation_id=self.correlation_id,
                    extra={"imported_from": self.source[:200]},
                )
            except DomainError as error:
                raise ConcurrencyConflict(
                    f"stream {decider.stream_id(ref.id)!r} changed while importing: {error}"
                ) from error
            if recorded and recorded[0].stream_version != version + 1:
                # Another writer came between: what the import knew of the stream is stale.
                self._states.pop(ref, None)
                self._done.pop(ref, None)
                return
            events = [r.event for r in recorded]
        self._states[ref] = (decider.fold(events, state), version + len(events))
        done = self.done(ref)
        for event in events:
            done.update(_done_keys(event))


# How many decisions, per command of a day, the search of the day's orders may make before it
# gives up: the orders of a day's few commands are searched at once, and a day whose command no
# order admits (a decree on a day its KIM has no chair) fails after a bounded, small cost.
SEARCH_BUDGET = 64

# One step of a day: the line, its command and the events it made.
_Step = tuple[int, c.Command, list[Any]]


def _retried(
    decider: Decider, context: DecisionContext, state: Any, day: list[tuple[int, c.Command]]
) -> list[_Step]:
    """The day in the order given, each command refused tried again after the day's others."""
    steps: list[_Step] = []
    pending = day
    while pending:
        refused: list[tuple[int, c.Command]] = []
        first: Refused | None = None
        for owner, command in pending:
            try:
                made = list(decider.decide(state, command, context))
            except DomainError as error:
                refused.append((owner, command))
                first = first or Refused(owner, error)
                continue
            state = decider.fold(made, state)
            steps.append((owner, command, made))
        if first is not None and len(refused) == len(pending):
            raise first
        pending = refused
    return steps


def _searched(
    decider: Decider, context: DecisionContext, state: Any, day: list[tuple[int, c.Command]]
) -> list[_Step] | None:
    """An order of the day in which every command is admitted, searched depth first, or None.

    At each step the commands left are tried in the order given, so the first order found is
    the one nearest it; the search stops after ``SEARCH_BUDGET`` decisions a command.
    """
    budget = SEARCH_BUDGET * len(day)
    # What each step chose from: the state before it, the commands left and the one taken.
    path: list[tuple[Any, list[tuple[int, c.Command]], int, _Step]] = []
    left, tried = day, 0
    while left:
        for index in range(tried, len(left)):
            if budget == 0:
                return None
            budget -= 1
            owner, command = left[index]
            try:
                made = list(decider.decide(state, command, context))
            except DomainError:
                continue
            path.append((state, left, index, (owner, command, made)))
            state, left, tried = decider.fold(made, state), left[:index] + left[index + 1 :], 0
            break
        else:
            if not path:
                return None
            state, left, index, _ = path.pop()
            tried = index + 1
    return [step for *_, step in path]


def _done_keys(event: object) -> Iterable[Hashable]:
    if isinstance(event, GroupFormed):
        yield "formed"
        yield from (("member", m.member_id) for m in event.founders)
    elif isinstance(event, MemberJoined):
        yield ("member", event.member.member_id)
    elif isinstance(event, OfficerAppointed):
        yield ("post", event.member_id, event.post)
    elif isinstance(event, OfficerRelieved):
        yield ("relieved", event.member_id, event.post, event.relieved_on)
    elif isinstance(event, MemberLeft):
        yield ("left", event.member_id)
    elif isinstance(event, GroupDissolved | GroupMerged):
        yield "ended"
    elif isinstance(event, GroupConfirmed):
        yield "confirmed"
    elif isinstance(event, GroupRegistered):
        yield "registered"
    elif isinstance(event, ForumEstablished):
        yield "established"
    elif isinstance(event, ForumMemberAdmitted):
        yield ("admitted", event.member_id)
    elif isinstance(event, ActivityHeld):
        yield ("activity", event.activity_id)


def key_of(command: c.Command) -> Hashable:
    """The key of what *command* records, as ``_done_keys`` names it."""
    if isinstance(command, c.FormGroup):
        return "formed"
    if isinstance(command, c.JoinGroup):
        return ("member", command.member.member_id)
    if isinstance(command, c.AppointOfficer):
        return ("post", command.member_id, command.post)
    if isinstance(command, c.RelieveOfficer):
        return ("relieved", command.member_id, command.post, command.relieved_on)
    if isinstance(command, c.LeaveGroup):
        return ("left", command.member_id)
    if isinstance(command, c.DissolveGroup | c.MergeGroup):
        return "ended"
    if isinstance(command, c.ConfirmGroup):
        return "confirmed"
    if isinstance(command, c.RegisterGroup):
        return "registered"
    if isinstance(command, c.AdmitToForum):
        return ("admitted", command.applicant.id)
    if isinstance(command, c.ChangeGroupProfile):
        return ("profile", command.profile)  # never done: the decider records only a change
    if isinstance(command, c.HoldActivity):
        return ("activity", command.activity_id)
    return "established"


def conflict_error(conflict: ConcurrencyConflict) -> DomainError:
    """The refusal of rows whose stream another writer changed while the file was imported."""
    error = DomainError(f"the stream changed while importing ({conflict}); import the file again")
    error.rule = "conflict"
    return error
