"""The application service: load a stream, decide, append with the expected version, retry.

::

    app = Application(MemoryStore())
    recorded = app.handle(FormGroup(...))        # the RecordedEvents it appended (a Recorded)
    group = app.group(group_id)                  # GroupState folded from the stream

Every operation is a flow of `kimcore.application.base` run on the sync store; the
[`AsyncApplication`][kimcore.AsyncApplication] awaits the same flows on an async one.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from kimcore import _deprecated
from kimcore._gc import collector_held
from kimcore.application.base import BaseApplication, utc_now
from kimcore.application.erasure import Erasure
from kimcore.application.flow import Flow, run
from kimcore.application.ports.store import EventStore, Snapshot
from kimcore.application.repository import State
from kimcore.domain.commands import Command
from kimcore.domain.erasure import ForgetSubject
from kimcore.domain.forum import ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.events.base import Event
from kimcore.events.envelope import Metadata, NewEvent, RecordedEvent
from kimcore.events.recorded import Recorded
from kimcore.vocabulary.parties import PartyKind, PartyRef

__all__ = ["Application", "utc_now"]


class Application(BaseApplication[EventStore]):
    """Handles commands against an [`EventStore`][kimcore.stores.EventStore].

    A command sent again with the same ``command_id`` (a client that cannot
    know whether its first try committed) is not decided again: ``handle``
    returns what the first recorded, however many events followed it, found by
    the store's index of command ids
    ([`recorded_by`][kimcore.stores.EventStore.recorded_by]), and says so: its
    [`Recorded`][kimcore.events.Recorded] has ``new`` false. Only calls that pass a
    ``command_id`` pay for the check (one indexed query). *idempotency_window*
    0 turns the check off; for a store without the index (a plugin's written
    before it) it is how many of the stream's last events are searched
    (default 100).

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

    One application may be shared by any number of threads (a web server's workers): it keeps
    no state between calls but its cache of states for deciding, which a lock guards, and its
    store is thread-safe. Two threads writing to one stream are two writers: one appends, the
    other meets a concurrency conflict and decides again on what the first recorded.
    """

    @staticmethod
    def _sync_store(store: Any) -> EventStore | None:
        sync: EventStore = store
        return sync

    def _run(self, work: Flow[Any]) -> Any:
        return run(work, self.store)

    # -- reading ------------------------------------------------------------------

    def load(self, party: PartyRef | AggregateRef) -> tuple[State, int]:
        """The aggregate's folded state, personal data included, and its stream version."""
        found: tuple[State, int] = self._run(self._load(party))
        return found

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
        found: list[RecordedEvent[Any]] = self._run(self._history(party))
        return found

    def read_all_decoded(
        self, after: int = 0, page_size: int = 1000, *, personal_data: bool = True
    ) -> Iterator[RecordedEvent[Event]]:
        """The global log from *after* on, decoded, one page read at a time.

        A read model that holds no personal data (most should not) passes
        ``personal_data=False``: personal fields then read as ``REDACTED`` and
        no key is fetched or used.
        """
        while True:
            # A page's objects all live until it is read: collecting among them finds nothing.
            with collector_held():
                page = self.store.read_all(after, page_size)
                if page:
                    decoded = self._run(self._decoded(page, personal_data=personal_data))
            if not page:
                return
            yield from decoded
            after = page[-1].position

    # -- deciding -----------------------------------------------------------------

    def decide(self, command: Command) -> tuple[list[Event], int]:
        """The events *command* would record now, and the version they were decided on."""
        decided: tuple[list[Event], int] = self._run(self._decide_only(command))
        return decided

    # -- writing ------------------------------------------------------------------

    def handle(
        self,
        command: Command,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> Recorded:
        """Decide *command* and record its events; return what was recorded.

        The [`Recorded`][kimcore.events.Recorded] is the tuple of recorded events it always
        was, with ``new``: true when this call appended them, false when the same *command_id*
        recorded them before (they are then the first recording's) or there was nothing to
        record.
        Every event's ``causation_id`` is *command_id* (a fresh id when not given, which is then
        also the first event's id) and its ``correlation_id`` is *correlation_id*, defaulting to
        the command id so a conversation starts here. A refused command raises its
        [`DomainError`][kimcore.domain.errors.DomainError] and records nothing. A
        [`ForgetSubject`][kimcore.commands.ForgetSubject] is handled by
        [`forget`][kimcore.Application.forget]; anything that is not a command is refused with
        [`InvalidValue`][kimcore.errors.InvalidValue] naming ``command``.
        """
        recorded: Recorded = self._run(
            self._handle(command, command_id=command_id, correlation_id=correlation_id, extra=extra)
        )
        return recorded

    def handle_many(
        self,
        commands: Sequence[Command],
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> Recorded:
        """Decide *commands* in turn on one stream and record all their events in one append.

        Each command is decided on the state the ones before it left (a KIM formed, then its
        members joined), and nothing is recorded unless every one is accepted: a refused command
        raises its ``DomainError`` (with a note naming its index) and records nothing. The rest is
        as [`handle`][kimcore.Application.handle]: the events share one ``command_id`` (their
        ``causation_id``) and metadata, a concurrent write makes all of them be decided again,
        the cache of states moves on, and a call sent again with the same *command_id* returns
        what the first recorded (``new`` false). Commands of different streams are refused with
        [`InvalidValue`][kimcore.errors.InvalidValue] naming ``commands[i]``: each stream is
        appended on its own. What the register import writes a KIM's rows with.
        """
        recorded: Recorded = self._run(
            self._handle_many(
                commands, command_id=command_id, correlation_id=correlation_id, extra=extra
            )
        )
        return recorded

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
        erasure = self._run(self._erase(command, command_id, correlation_id))
        assert isinstance(erasure, Erasure)
        return erasure

    def _erasure(self, recorded: Recorded, subject_id: uuid.UUID) -> Erasure:
        return Erasure(recorded, subject_id=subject_id, store=self.store)

    def encode(self, events: Sequence[Event], metadata: Metadata | None = None) -> list[NewEvent]:
        """*events* as this service appends them, for a caller appending on its own.

        Personal fields are sealed with their subjects' keys from the store's
        [`KeyStore.for_write`][kimcore.stores.KeyStore.for_write]; a key made
        for a new subject rides on the first event sealed with it
        (``NewEvent.keys``) and is written by the append of these events. Each
        event gets a new id, *metadata* (by default a fresh command id as its cause
        and correlation, which is then also the first event's id) and the clock's
        time. Imports and migrations use it to write many events of one stream in
        one append.
        """
        encoded: list[NewEvent] = self._run(self._encode(events, metadata))
        return encoded


__getattr__ = _deprecated.old_names(__name__)
