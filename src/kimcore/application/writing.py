"""Deciding and writing, as flows: what both applications do with a command.

A command is decided on its aggregate's state (a decider that reads another aggregate has it read
and is asked again), encoded, appended with the version it was decided on, and decided again after
a conflict; a command sent again with its ``command_id`` answers its first recording, found by the
store's index of command ids. [`BaseApplication`][kimcore.application.base.BaseApplication] mixes
this in; see `kimcore.application.base` for how the two applications drive it.
"""

from __future__ import annotations

import functools
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from kimcore import _deprecated
from kimcore._uuid import uuid7, uuid7_many
from kimcore.application import flow
from kimcore.application.deciding import Deciding, Decision, decide_one
from kimcore.application.flow import Flow
from kimcore.domain.commands import Command
from kimcore.domain.deciders import describe
from kimcore.domain.erasure import ForgetSubject, decide_forget, subject_stream_id
from kimcore.domain.errors import DomainError, InvalidValue, UnknownSubject
from kimcore.events.base import Event
from kimcore.events.envelope import (
    Metadata,
    NewEvent,
    RecordedEvent,
    StoredEvent,
    recorded_event,
)
from kimcore.events.envelope_checks import extra_problem
from kimcore.events.recorded import Recorded
from kimcore.vocabulary import errors
from kimcore.vocabulary.errors import ConcurrencyConflict

__all__ = ["Writing"]

_log = logging.getLogger("kimcore.application")
_erasure_log = logging.getLogger("kimcore.erasure")


class Writing(Deciding):
    """The writing flows of an application: see the module."""

    # -- writing ------------------------------------------------------------------

    def _handle(
        self,
        command: Command | ForgetSubject,
        *,
        command_id: uuid.UUID | None,
        correlation_id: uuid.UUID | None,
        extra: Mapping[str, str] | None,
        erasure_only: bool = False,
    ) -> Flow[Recorded]:
        """Decide *command* and record its events.

        A `ForgetSubject` (the only command taken with *erasure_only*) records the erasure and
        returns what `_erasure` makes of it.
        """
        if erasure_only or isinstance(command, ForgetSubject):
            if not isinstance(command, ForgetSubject):
                raise InvalidValue("command", f"must be a ForgetSubject, got {describe(command)}")
            if extra:
                raise InvalidValue("extra", "an erasure takes no labels")
            recorded = yield from self._forget(
                command, command_id=command_id, correlation_id=correlation_id
            )
            return self._erasure(recorded, command.subject_id)
        if not isinstance(command, Command):
            raise InvalidValue(
                "command",
                f"must be a kimcore command ({self.deciders.accepted()}) or ForgetSubject,"
                f" got {describe(command)}",
            )
        decider, ref = self.deciders.for_command(command)
        metadata = self._metadata(command_id, correlation_id, extra)
        return (
            yield from self._write(
                decider.stream_id(ref.id),
                lambda trust: self._decide(command, decider, ref, trust_cache=trust),
                metadata=metadata,
                resent=command_id,
            )
        )

    def _handle_many(
        self,
        commands: Sequence[Command],
        *,
        command_id: uuid.UUID | None,
        correlation_id: uuid.UUID | None,
        extra: Mapping[str, str] | None,
    ) -> Flow[Recorded]:
        """Decide *commands* in turn on one stream and record their events in one append."""
        given: object = commands
        if isinstance(given, str | bytes) or not isinstance(given, Sequence):
            raise InvalidValue("commands", f"must be a sequence of commands, got {describe(given)}")
        if not commands:
            raise InvalidValue("commands", "must hold at least one command")
        for index, command in enumerate(commands):
            if not isinstance(command, Command):
                raise InvalidValue(
                    f"commands[{index}]",
                    f"must be a kimcore command ({self.deciders.accepted()}),"
                    f" got {describe(command)}",
                )
        decider, ref = self.deciders.for_command(commands[0])
        stream_id = decider.stream_id(ref.id)
        for index, command in enumerate(commands):
            other_decider, other = self.deciders.for_command(command)
            if other_decider.stream_id(other.id) != stream_id:
                raise InvalidValue(
                    f"commands[{index}]",
                    f"is decided on stream {other_decider.stream_id(other.id)!r}, not on"
                    f" {stream_id!r}: the commands of one call are decided on one stream",
                )
        metadata = self._metadata(command_id, correlation_id, extra)

        def decide(trust_cache: bool) -> Flow[Decision]:
            state, version, cached = yield from self.repository.for_decision_flow(
                decider, ref.id, trust_cache=trust_cache
            )
            events: list[Event] = []
            current = state
            for index, command in enumerate(commands):
                try:
                    made = yield from self._decided(
                        functools.partial(decide_one, decider, current, command)
                    )
                except DomainError as refused:
                    refused.add_note(f"commands[{index}] of {len(commands)} was refused")
                    raise
                current = decider.fold(made, current)
                events.extend(made)
            return Decision(
                events=events,
                state=state,
                version=version,
                cached=cached,
                decider=decider,
                id=ref.id,
            )

        return (yield from self._write(stream_id, decide, metadata=metadata, resent=command_id))

    def _erase(
        self, command: Any, command_id: uuid.UUID | None, correlation_id: uuid.UUID | None
    ) -> Flow[Recorded]:
        """`forget`: *command* must be a `ForgetSubject`."""
        return (
            yield from self._handle(
                command,
                command_id=command_id,
                correlation_id=correlation_id,
                extra=None,
                erasure_only=True,
            )
        )

    def _erasure(self, recorded: Recorded, subject_id: uuid.UUID) -> Recorded:
        """What an erasure returns: the recorded events, with its store's purge state."""
        return recorded

    def _forget(
        self,
        command: ForgetSubject,
        *,
        command_id: uuid.UUID | None,
        correlation_id: uuid.UUID | None,
    ) -> Flow[Recorded]:
        """Destroy the subject's key with the ``MemberForgotten`` it records."""
        metadata = self._metadata(command_id, correlation_id, None)
        subject = command.subject_id
        if not (yield from flow.is_known(subject)):
            raise UnknownSubject(f"no personal data of subject {subject} is held here")
        stream_id = subject_stream_id(subject)

        def decide(_trust: bool) -> Flow[Decision]:
            stored = yield from flow.read_stream(stream_id)
            history = self.repository.decode(stored, None)
            version = stored[-1].stream_version if stored else 0
            return Decision(
                events=decide_forget(command, history), state=None, version=version, cached=False
            )

        return (
            yield from self._write(
                stream_id, decide, metadata=metadata, forget=(subject,), resent=command_id
            )
        )

    def _metadata(
        self,
        command_id: uuid.UUID | None,
        correlation_id: uuid.UUID | None,
        extra: Mapping[str, str] | None,
    ) -> Metadata:
        for name, value in (("command_id", command_id), ("correlation_id", correlation_id)):
            if value is not None and not isinstance(value, uuid.UUID):
                raise InvalidValue(name, f"must be a UUID or None, got {describe(value)}")
        if extra is not None:
            problem = extra_problem(extra)
            if problem is not None:
                raise InvalidValue(*problem)
        command_id = command_id or self.new_id()
        return Metadata(
            correlation_id=correlation_id or command_id,
            causation_id=command_id,
            extra=dict(extra or {}),
        )

    def _write(
        self,
        stream_id: str,
        decide: Callable[[bool], Flow[Decision]],
        *,
        metadata: Metadata,
        forget: tuple[uuid.UUID, ...] = (),
        resent: uuid.UUID | None = None,
    ) -> Flow[Recorded]:
        """Decide and append, deciding again after a conflict; what was recorded, and when.

        A command sent again (*resent*, its id) answers what its first recording holds,
        found by the store's index of command ids, checked before every attempt.
        """
        conflicts = 0
        trust_cache = True
        while True:
            if resent is not None:
                # Checked on every attempt: a conflict may be the first try's own append.
                earlier = yield from self._recorded_by(stream_id, resent)
                if earlier:
                    _log.info(
                        "command %s was recorded already in %r: returning what it recorded",
                        resent,
                        stream_id,
                    )
                    return Recorded(earlier, new=False)
            try:
                decision = yield from decide(trust_cache)
            except DomainError as refused:
                if resent is not None:
                    # The first try may have committed between the check and the decision
                    # (two sends of one command at once): the refusal is of its own events.
                    earlier = yield from self._recorded_by(stream_id, resent)
                    if earlier:
                        return Recorded(earlier, new=False)
                # The rule, not the message: a message may quote what a clerk typed.
                _log.debug(
                    "command %s refused on %r: rule %s (%s)",
                    metadata.causation_id,
                    stream_id,
                    refused.rule,
                    type(refused).__name__,
                    extra={"rule": refused.rule, "stream_id": stream_id},
                )
                raise
            events, version = decision.events, decision.version
            if not events:
                return Recorded(new=False)
            # A command id made here names the first event too: SQLite finds the command's
            # events by its index of event ids and writes no entry in its index of causes.
            first_id = metadata.causation_id if resent is None else None
            new = yield from self._encode(events, metadata, first_id)
            try:
                stored = yield from flow.append(stream_id, new, version, forget)
            except ConcurrencyConflict as conflict:
                if decision.cached:  # a stale cache entry: reload, without using up a retry
                    _log.debug("append to %r refused on a cached state: %s", stream_id, conflict)
                    trust_cache = False
                    continue
                conflicts += 1
                if conflicts > self.retries:
                    _log.warning(
                        "append to %r refused %d times, giving up: %s",
                        stream_id,
                        conflicts,
                        conflict,
                    )
                    raise errors.ConflictRetriesExhausted(stream_id, conflicts) from conflict
                _log.info(
                    "append to %r refused (%s); deciding again, retry %d of %d",
                    stream_id,
                    conflict,
                    conflicts,
                    self.retries,
                )
                continue
            if forget:
                _erasure_log.info(
                    "subject(s) %s forgotten: key destroyed with %s at position %d",
                    ", ".join(map(str, forget)),
                    stored[-1].event_type,
                    stored[-1].position,
                )
            if decision.decider is not None and decision.id is not None:
                self.repository.recorded(
                    decision.decider, decision.id, decision.state, version, events
                )
            return Recorded(self._recorded(stored, events), new=True)

    def _recorded_by(
        self, stream_id: str, command_id: uuid.UUID
    ) -> Flow[tuple[RecordedEvent[Event], ...]]:
        """The events of *stream_id* that command *command_id* caused.

        Found by the store's index, however many events followed them; a store without one
        is searched among the stream's last *idempotency_window* events.
        """
        if self.idempotency_window == 0:
            return ()
        if self._indexed:
            found = yield from flow.recorded_by(stream_id, command_id)
        else:
            version = yield from flow.stream_version(stream_id)
            if version == 0:
                return ()
            start = max(1, version - self.idempotency_window + 1)
            found = [
                stored
                for stored in (yield from flow.read_stream(stream_id, start))
                if stored.metadata.causation_id == command_id
            ]
        if not found:
            return ()
        return tuple((yield from self._decoded(found, personal_data=True)))

    def _encode(
        self, events: Sequence[Event], metadata: Metadata | None, first_id: uuid.UUID | None = None
    ) -> Flow[list[NewEvent]]:
        """*events* as appended: see [`Application.encode`][kimcore.Application.encode].

        The first event's id is *first_id* if given, or the cause of the metadata made here.
        """
        if metadata is None:
            ids = self._new_ids(max(len(events), 1))
            # What `_metadata` makes of no arguments, with the command id drawn with the rest.
            metadata = Metadata(correlation_id=ids[0], causation_id=ids[0], extra={})
        elif first_id is None:
            ids = self._new_ids(len(events))
        else:
            ids = [first_id, *self._new_ids(len(events) - 1)] if events else []
        prepared = self.codec.prepare_all(events)
        keys = (yield from flow.for_write(prepared.subjects)) if prepared.subjects else None
        now = self.clock()
        return [
            NewEvent(
                event_id=event_id,
                event_type=name,
                schema_version=version,
                data=data,
                metadata=metadata,
                recorded_at=now,
                keys=new_keys,
            )
            for event_id, ((name, version, data), new_keys) in zip(
                ids[: len(events)], self.codec.seal_all(prepared, keys), strict=True
            )
        ]

    def _new_ids(self, count: int) -> list[uuid.UUID]:
        """*count* new ids; with the default maker, from one draw of the system's random bits."""
        if self.new_id is uuid7:
            return uuid7_many(count)
        return [self.new_id() for _ in range(count)]

    @staticmethod
    def _recorded(
        stored: Sequence[StoredEvent], events: Sequence[Event]
    ) -> tuple[RecordedEvent[Event], ...]:
        return tuple(recorded_event(s, event) for s, event in zip(stored, events, strict=True))


__getattr__ = _deprecated.old_names(__name__)
