"""The application service: load a stream, decide, append with the expected version, retry.

::

    app = Application(MemoryStore())
    recorded = app.handle(FormGroup(...))        # the RecordedEvents it appended
    group = app.group(group_id)                  # GroupState folded from the stream
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kimcore.adapters.errors import ConcurrencyConflict
from kimcore.adapters.port import EventStore
from kimcore.domain import forum, group, group_state
from kimcore.domain.commands import AdmitToForum, Command
from kimcore.domain.erasure import ForgetSubject, decide_forget, subject_stream_id
from kimcore.domain.errors import InvalidValue, UnknownSubject
from kimcore.domain.forum import Applicant, ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import stream_id_for
from kimcore.domain.policy import Policy
from kimcore.domain.values import PartyKind, PartyRef
from kimcore.events.base import Event
from kimcore.events.codec import Codec
from kimcore.events.envelope import Metadata, NewEvent, RecordedEvent, StoredEvent
from kimcore.events.protection import PrefetchedKeys, subjects_in

__all__ = ["Application", "ConflictRetriesExhausted", "utc_now"]


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
    """Handles commands against an :class:`~kimcore.adapters.port.EventStore`.

    *retries* is how many more attempts a command gets after a concurrency
    conflict; each attempt reloads the stream and decides afresh, so a retried
    command is checked against what the other writer recorded.
    """

    def __init__(
        self,
        store: EventStore,
        *,
        policy: Policy | None = None,
        codec: Codec | None = None,
        clock: Callable[[], dt.datetime] = utc_now,
        retries: int = 3,
        new_id: Callable[[], uuid.UUID] = uuid.uuid4,
    ) -> None:
        if retries < 0:
            raise InvalidValue("retries", f"must be >= 0, got {retries}")
        self.store = store
        self.policy = policy if policy is not None else Policy()
        self.codec = codec if codec is not None else Codec()
        self.clock = clock
        self.retries = retries
        self.new_id = new_id

    # -- loading ------------------------------------------------------------------

    def prefetch_keys(self, stored: Sequence[StoredEvent]) -> PrefetchedKeys:
        """The keys that *stored* events were sealed with, fetched in one round trip."""
        return PrefetchedKeys(self.store.keys.get_many(subjects_in(s.data for s in stored)))

    def _read(self, stream_id: str) -> tuple[list[Event], int]:
        stored = self.store.read_stream(stream_id)
        keys = self.prefetch_keys(stored)
        events = [
            self.codec.decode_payload(
                s.event_type, s.schema_version, s.data, where=s.where, keys=keys
            )
            for s in stored
        ]
        return events, (stored[-1].stream_version if stored else 0)

    def load(self, party: PartyRef) -> tuple[GroupState | ForumState | None, int]:
        """The party's folded state and its stream version."""
        events, version = self._read(stream_id_for(party))
        if party.kind is PartyKind.GROUP:
            return group_state.fold(events), version
        if party.kind is PartyKind.FORUM:
            return forum.fold(events), version
        raise InvalidValue("party", f"a {party.kind.value} has no stream in kimcore")

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

    def _applicant(self, ref: PartyRef) -> Applicant | None:
        if ref.kind is PartyKind.GROUP:
            found = self.group(ref.id)
            if found is None:
                return None
            return Applicant(
                ref=ref, region=found.seat.region, forum_level=None, active=not found.dissolved
            )
        if ref.kind is PartyKind.FORUM:
            lower = self.forum(ref.id)
            return None if lower is None else lower.as_applicant()
        return None  # a government body: the forum's decider refuses it by kind

    # -- deciding -----------------------------------------------------------------

    def decide(self, command: Command) -> tuple[list[Event], int]:
        """The events *command* would record now, and the version they were decided on."""
        target = command.target
        state, version = self.load(target)
        if target.kind is PartyKind.GROUP:
            assert state is None or isinstance(state, GroupState)
            return group.decide(state, command, self.policy), version
        assert state is None or isinstance(state, ForumState)
        applicant = None
        if isinstance(command, AdmitToForum):
            applicant = self._applicant(command.applicant)
        return forum.decide(state, command, self.policy, applicant), version

    def handle(
        self,
        command: Command,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: dict[str, str] | None = None,
    ) -> tuple[RecordedEvent[Event], ...]:
        """Decide *command* and record its events; return what was recorded.

        Every event's ``causation_id`` is *command_id* (a fresh id when not
        given) and its ``correlation_id`` is *correlation_id*, defaulting to the
        command id so a conversation starts here. A refused command raises its
        :class:`~kimcore.domain.errors.DomainError` and records nothing.
        """
        return self._write(
            stream_id_for(command.target),
            lambda: self.decide(command),
            command_id=command_id,
            correlation_id=correlation_id,
            extra=extra,
        )

    def forget(
        self,
        command: ForgetSubject,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
    ) -> tuple[RecordedEvent[Event], ...]:
        """Erase a data subject's personal data; return the ``MemberForgotten`` recorded.

        The subject's key is destroyed in the same atomic write that records
        ``MemberForgotten``; from then on their personal fields read as
        ``REDACTED`` everywhere. Forgetting twice records nothing and is not an
        error; a subject the store never held data of raises
        :class:`~kimcore.domain.errors.UnknownSubject`.
        """
        subject = command.subject_id
        if not self.store.keys.is_known(subject):
            raise UnknownSubject(f"no personal data of subject {subject} is held here")
        stream_id = subject_stream_id(subject)

        def decide() -> tuple[list[Event], int]:
            history, version = self._read(stream_id)
            return decide_forget(command, history), version

        return self._write(
            stream_id,
            decide,
            command_id=command_id,
            correlation_id=correlation_id,
            forget=(subject,),
        )

    def _write(
        self,
        stream_id: str,
        decide: Callable[[], tuple[list[Event], int]],
        *,
        command_id: uuid.UUID | None,
        correlation_id: uuid.UUID | None,
        extra: dict[str, str] | None = None,
        forget: tuple[uuid.UUID, ...] = (),
    ) -> tuple[RecordedEvent[Event], ...]:
        command_id = command_id or self.new_id()
        metadata = Metadata(
            correlation_id=correlation_id or command_id,
            causation_id=command_id,
            extra=dict(extra or {}),
        )
        for attempt in range(self.retries + 1):
            events, version = decide()
            if not events:
                return ()
            new = self._encode(events, metadata)
            try:
                stored = self.store.append(stream_id, new, version, forget=forget)
            except ConcurrencyConflict as conflict:
                if attempt == self.retries:
                    raise ConflictRetriesExhausted(stream_id, attempt + 1) from conflict
                continue
            return self._recorded(stored, events)
        raise AssertionError("unreachable: the loop returns or raises")  # pragma: no cover

    def _encode(self, events: Sequence[Event], metadata: Metadata) -> list[NewEvent]:
        now = self.clock()
        out = []
        for event in events:
            name, version, data = self.codec.encode(event, self.store.keys)
            out.append(
                NewEvent(
                    event_id=self.new_id(),
                    event_type=name,
                    schema_version=version,
                    data=data,
                    metadata=metadata,
                    recorded_at=now,
                )
            )
        return out

    @staticmethod
    def _recorded(
        stored: Sequence[StoredEvent], events: Sequence[Event]
    ) -> tuple[RecordedEvent[Event], ...]:
        return tuple(
            RecordedEvent(
                stream_id=s.stream_id,
                stream_version=s.stream_version,
                position=s.position,
                event_id=s.event_id,
                event_type=s.event_type,
                schema_version=s.schema_version,
                metadata=s.metadata,
                recorded_at=s.recorded_at,
                event=event,
            )
            for s, event in zip(stored, events, strict=True)
        )

    def read_all_decoded(
        self, after: int = 0, page_size: int = 1000
    ) -> Iterator[RecordedEvent[Event]]:
        """The global log from *after* on, decoded, one page read at a time."""
        while page := self.store.read_all(after, page_size):
            keys = self.prefetch_keys(page)
            for stored in page:
                yield self.codec.decode(stored, keys)
            after = page[-1].position

    def history(self, party: PartyRef) -> list[RecordedEvent[Any]]:
        """The party's whole stream, decoded."""
        stored = self.store.read_stream(stream_id_for(party))
        keys = self.prefetch_keys(stored)
        return [self.codec.decode(s, keys) for s in stored]
