"""The application service: load a stream, decide, append with the expected version, retry.

::

    app = Application(MemoryStore())
    recorded = app.handle(FormGroup(...))        # the RecordedEvents it appended
    group = app.group(group_id)                  # GroupState folded from the stream
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from kimcore._uuid import uuid7
from kimcore.application.defaults import defaults
from kimcore.application.erasure import Erasure
from kimcore.application.ports.store import EventStore, Snapshot
from kimcore.application.repository import Repository, State
from kimcore.domain.commands import Command
from kimcore.domain.deciders import Decider, Deciders, DecisionContext, describe
from kimcore.domain.erasure import ForgetSubject, decide_forget, subject_stream_id
from kimcore.domain.errors import InvalidValue, UnknownSubject
from kimcore.domain.forum import ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.domain.policy import Policy
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import (
    Metadata,
    NewEvent,
    RecordedEvent,
    StoredEvent,
    recorded_event,
)
from kimcore.events.envelope_checks import extra_problem
from kimcore.vocabulary.errors import ConcurrencyConflict
from kimcore.vocabulary.values import PartyKind, PartyRef

__all__ = ["Application", "ConflictRetriesExhausted", "utc_now"]

_log = logging.getLogger("kimcore.application")
_erasure_log = logging.getLogger("kimcore.erasure")


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


def utc_now() -> dt.datetime:
    """The current time in UTC, the default clock for ``recorded_at``."""
    return dt.datetime.now(dt.UTC)


class ConflictRetriesExhausted(ConcurrencyConflict):
    """Every attempt met a concurrent write to the same stream; nothing was recorded."""

    def __init__(self, stream_id: str, attempts: int) -> None:
        super().__init__(
            f"stream {stream_id!r}: all {attempts} attempts met a concurrent write;"
            " nothing was recorded"
        )
        self.stream_id = stream_id
        self.attempts = attempts


class Application:
    """Handles commands against an [`EventStore`][kimcore.stores.EventStore].

    A command sent again with the same ``command_id`` (a client that cannot
    know whether its first try committed) is not decided again: ``handle``
    returns what the first recorded, if its events are among the last
    *idempotency_window* events of the stream (default 100; 0 turns the check
    off). Only calls that pass a ``command_id`` pay for the check.

    *retries* is how many more attempts a command gets after a concurrency
    conflict; each decides afresh on what the other writer recorded. A conflict
    caused only by a stale cache entry reloads the stream without using up a
    retry. *cache_size* bounds the states kept for deciding (0 turns the cache
    off); they hold no personal data. *snapshot_every* maps an aggregate kind to
    the number of events after which loading it takes a snapshot; without it,
    every kind whose decider declares a state type is snapshotted past
    ``SNAPSHOT_EVERY`` (200, in ``kimcore.application.repository``) events,
    and ``{}`` takes none.

    Without a *policy*, the policy's catalogue holds every channel, technique and partnership type
    the loaded plugins register; without a *codec*, the codec knows every plugin's event types and
    upcasters ([`kimcore.plugins.get_plugins`][kimcore.plugins.get_plugins]).
    """

    def __init__(
        self,
        store: EventStore,
        *,
        policy: Policy | None = None,
        codec: Codec | None = None,
        deciders: Deciders | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        retries: int = 3,
        cache_size: int = 1000,
        snapshot_every: Mapping[PartyKind, int] | None = None,
        new_id: Callable[[], uuid.UUID] = uuid7,
        idempotency_window: int = 100,
    ) -> None:
        if retries < 0:
            raise InvalidValue("retries", f"must be >= 0, got {retries}")
        if idempotency_window < 0:
            raise InvalidValue("idempotency_window", f"must be >= 0, got {idempotency_window}")
        self.idempotency_window = idempotency_window
        self.store = store
        if policy is None or codec is None or deciders is None:
            found = defaults()
            policy = policy if policy is not None else Policy(catalogue=found.catalogue)
            codec = codec if codec is not None else found.codec
            deciders = deciders if deciders is not None else found.deciders
        self.policy = policy
        self.codec = codec
        self.deciders = deciders
        self._context = DecisionContext(policy=self.policy, load=self._load_for_decision)
        self.clock = clock
        self.retries = retries
        self.new_id = new_id
        self.repository = Repository(
            store,
            self.codec,
            deciders=self.deciders,
            cache_size=cache_size,
            snapshot_every=snapshot_every,
        )

    # -- reading ------------------------------------------------------------------

    def load(self, party: PartyRef | AggregateRef) -> tuple[State, int]:
        """The aggregate's folded state, personal data included, and its stream version."""
        decider, aggregate_id = self._aggregate(party)
        return self.repository.load(decider, aggregate_id)

    def group(self, group_id: uuid.UUID) -> GroupState | None:
        """The group's current state, or ``None`` if it was never formed."""
        state, _ = self.load(PartyRef(kind=PartyKind.GROUP, id=group_id))
        assert state is None or isinstance(state, GroupState)
        return state

    def forum(self, forum_id: uuid.UUID) -> ForumState | None:
        """The forum's current state, or ``None`` if it was never established."""
        state, _ = self.load(PartyRef(kind=PartyKind.FORUM, id=forum_id))
        assert state is None or isinstance(state, ForumState)
        return state

    def snapshot(self, party: PartyRef | AggregateRef) -> Snapshot | None:
        """Take a snapshot of the aggregate now; ``None`` when it has no events."""
        decider, aggregate_id = self._aggregate(party)
        return self.repository.take_snapshot(decider, aggregate_id)

    def history(self, party: PartyRef | AggregateRef) -> list[RecordedEvent[Any]]:
        """The aggregate's whole stream, decoded."""
        decider, aggregate_id = self._aggregate(party)
        stored = self.store.read_stream(decider.stream_id(aggregate_id))
        keys = self.repository.prefetch_keys(stored)
        return [self.codec.decode(s, keys) for s in stored]

    def _aggregate(self, ref: PartyRef | AggregateRef) -> tuple[Decider, uuid.UUID]:
        if isinstance(ref, PartyRef):
            ref = AggregateRef(kind=ref.kind.value, id=ref.id)
        if not isinstance(ref, AggregateRef):
            raise InvalidValue("party", f"must be a PartyRef or an AggregateRef, got {ref!r}")
        try:
            return self.deciders.kind(ref.kind), ref.id
        except InvalidValue:
            raise InvalidValue("party", f"a {ref.kind} has no stream in kimcore") from None

    def read_all_decoded(
        self, after: int = 0, page_size: int = 1000, *, personal_data: bool = True
    ) -> Iterator[RecordedEvent[Event]]:
        """The global log from *after* on, decoded, one page read at a time.

        A read model that holds no personal data (most should not) passes
        ``personal_data=False``: personal fields then read as ``REDACTED`` and
        no key is fetched or used.
        """
        while page := self.store.read_all(after, page_size):
            keys = self.repository.prefetch_keys(page) if personal_data else None
            for stored in page:
                yield self.codec.decode(stored, keys)
            after = page[-1].position

    # -- deciding -----------------------------------------------------------------

    def _decide(
        self, command: Command, decider: Decider, ref: AggregateRef, *, trust_cache: bool
    ) -> Decision:
        state, version, cached = self.repository.for_decision(
            decider, ref.id, trust_cache=trust_cache
        )
        events = decider.decide(state, command, self._context)
        return Decision(
            events=events, state=state, version=version, cached=cached, decider=decider, id=ref.id
        )

    def _load_for_decision(self, ref: AggregateRef) -> State:
        """Another aggregate's state for a decision (read afresh, without personal data)."""
        decider = self.deciders.kind(ref.kind)
        state, _, _ = self.repository.for_decision(decider, ref.id, trust_cache=False)
        return state

    def decide(self, command: Command) -> tuple[list[Event], int]:
        """The events *command* would record now, and the version they were decided on."""
        decider, ref = self.deciders.for_command(command)
        decision = self._decide(command, decider, ref, trust_cache=False)
        return decision.events, decision.version

    # -- writing ------------------------------------------------------------------

    def handle(
        self,
        command: Command,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> tuple[RecordedEvent[Event], ...]:
        """Decide *command* and record its events; return what was recorded.

        Every event's ``causation_id`` is *command_id* (a fresh id when not given) and its
        ``correlation_id`` is *correlation_id*, defaulting to the command id so a conversation
        starts here. A refused command raises its
        [`DomainError`][kimcore.domain.errors.DomainError] and records nothing. A
        [`ForgetSubject`][kimcore.commands.ForgetSubject] is handled by
        [`forget`][kimcore.Application.forget]; anything that is not a command is refused with
        [`InvalidValue`][kimcore.errors.InvalidValue] naming ``command``.
        """
        if isinstance(command, ForgetSubject):
            if extra:
                raise InvalidValue("extra", "an erasure takes no labels")
            return self.forget(command, command_id=command_id, correlation_id=correlation_id)
        if not isinstance(command, Command):
            raise InvalidValue(
                "command",
                f"must be a kimcore command ({self.deciders.accepted()}) or ForgetSubject,"
                f" got {describe(command)}",
            )
        decider, ref = self.deciders.for_command(command)
        metadata = self._metadata(command_id, correlation_id, extra)
        return self._write(
            decider.stream_id(ref.id),
            lambda trust: self._decide(command, decider, ref, trust_cache=trust),
            metadata=metadata,
            resent=command_id,
        )

    def forget(
        self,
        command: ForgetSubject,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
    ) -> Erasure:
        """Erase a data subject's personal data; return the `Erasure` recorded.

        The subject's key is destroyed in the same atomic write that records ``MemberForgotten``;
        from then on their personal fields read as ``REDACTED`` everywhere. The result is a tuple
        of what was recorded that also says whether the key's bytes are purged from the store's
        files yet (``pending``, ``wait()``). Forgetting twice records nothing and is not an error;
        a subject the store never held data of raises
        [`UnknownSubject`][kimcore.domain.errors.UnknownSubject].
        """
        if not isinstance(command, ForgetSubject):
            raise InvalidValue("command", f"must be a ForgetSubject, got {describe(command)}")
        metadata = self._metadata(command_id, correlation_id, None)
        subject = command.subject_id
        if not self.store.keys.is_known(subject):
            raise UnknownSubject(f"no personal data of subject {subject} is held here")
        stream_id = subject_stream_id(subject)

        def decide(_trust: bool) -> Decision:
            stored = self.store.read_stream(stream_id)
            history = self.repository.decode(stored, None)
            version = stored[-1].stream_version if stored else 0
            return Decision(
                events=decide_forget(command, history), state=None, version=version, cached=False
            )

        recorded = self._write(
            stream_id, decide, metadata=metadata, forget=(subject,), resent=command_id
        )
        return Erasure(recorded, subject_id=subject, store=self.store)

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
        decide: Callable[[bool], Decision],
        *,
        metadata: Metadata,
        forget: tuple[uuid.UUID, ...] = (),
        resent: uuid.UUID | None = None,
    ) -> tuple[RecordedEvent[Event], ...]:
        conflicts = 0
        trust_cache = True
        while True:
            if resent is not None:
                # Checked on every attempt: a conflict may be the first try's own append.
                earlier = self._recorded_by(stream_id, resent)
                if earlier:
                    _log.info(
                        "command %s was recorded already in %r: returning what it recorded",
                        resent,
                        stream_id,
                    )
                    return earlier
            decision = decide(trust_cache)
            events, version = decision.events, decision.version
            if not events:
                return ()
            new = self.encode(events, metadata)
            try:
                stored = self.store.append(stream_id, new, version, forget=forget)
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
                    raise ConflictRetriesExhausted(stream_id, conflicts) from conflict
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
            return self._recorded(stored, events)

    def _recorded_by(
        self, stream_id: str, command_id: uuid.UUID
    ) -> tuple[RecordedEvent[Event], ...]:
        """The events of *stream_id* that command *command_id* caused, within the window."""
        if self.idempotency_window == 0:
            return ()
        version = self.store.stream_version(stream_id)
        if version == 0:
            return ()
        start = max(1, version - self.idempotency_window + 1)
        found = [
            stored
            for stored in self.store.read_stream(stream_id, start)
            if stored.metadata.causation_id == command_id
        ]
        if not found:
            return ()
        keys = self.repository.prefetch_keys(found)
        return tuple(self.codec.decode(stored, keys) for stored in found)

    def encode(self, events: Sequence[Event], metadata: Metadata | None = None) -> list[NewEvent]:
        """*events* as this service appends them, for a caller appending on its own.

        Personal fields are sealed with their subjects' keys from the store's
        [`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]; a key made
        for a new subject rides on the first event sealed with it
        (``NewEvent.keys``) and is written by the append of these events. Each
        event gets a new id, *metadata* (by default a fresh correlation id) and
        the clock's time. Imports and migrations use it to write many events
        of one stream in one append.
        """
        if metadata is None:
            metadata = self._metadata(None, None, None)
        now = self.clock()
        return [
            NewEvent(
                event_id=self.new_id(),
                event_type=name,
                schema_version=version,
                data=data,
                metadata=metadata,
                recorded_at=now,
                keys=keys,
            )
            for (name, version, data), keys in self.codec.encode_all(
                events, self.store.keys.for_write
            )
        ]

    @staticmethod
    def _recorded(
        stored: Sequence[StoredEvent], events: Sequence[Event]
    ) -> tuple[RecordedEvent[Event], ...]:
        return tuple(recorded_event(s, event) for s, event in zip(stored, events, strict=True))
