"""The application service for asyncio: the same commands, decisions and retries, awaited.

::

    store = await kimcore.open_async_store("postgresql://…/kim")
    app = AsyncApplication(store)
    recorded = await app.handle(FormGroup(...))
    group = await app.group(group_id)

The async twin of [`Application`][kimcore.Application]: the same flows
(`kimcore.application.base`), awaited on an [`AsyncEventStore`][kimcore.stores.AsyncEventStore]
instead of run on a sync one. Deciding, folding and encoding are sync and take microseconds; every
store call is awaited, so the loop serves other requests while a write waits on the database.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping, Sequence
from typing import Any

from kimcore.application import flow
from kimcore.application.base import BaseApplication
from kimcore.application.erasure import AsyncErasure
from kimcore.application.flow import Flow, run_async
from kimcore.application.ports.store import Snapshot
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.application.repository import State
from kimcore.domain.commands import Command
from kimcore.domain.erasure import ForgetSubject
from kimcore.domain.forum import ForumState
from kimcore.domain.group_state import GroupState
from kimcore.domain.identity import AggregateRef
from kimcore.events.base import Event
from kimcore.events.envelope import Metadata, NewEvent, RecordedEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.events.recorded import Recorded
from kimcore.vocabulary.parties import PartyKind, PartyRef

__all__ = ["AsyncApplication"]


class AsyncApplication(BaseApplication[AsyncEventStore]):
    """Handles commands against an [`AsyncEventStore`][kimcore.stores.AsyncEventStore], awaited.

    Takes [`Application`][kimcore.Application]'s arguments, and its methods are
    `Application`'s, as coroutines (``read_all_decoded`` an async iterator): they
    record the same events for the same commands, with the same ``command_id``
    idempotency, retries, cache and snapshots.

    Any number of tasks may call one application at once. A task cancelled while
    it awaits a write may or may not have recorded (the database may have
    committed): send the command again with the same ``command_id`` to find out
    without recording it twice.
    """

    async def _run(self, work: Flow[Any]) -> Any:
        return await run_async(work, self.store)

    # -- reading ------------------------------------------------------------------

    async def load(self, party: PartyRef | AggregateRef) -> tuple[State, int]:
        """The aggregate's folded state, personal data included, and its stream version."""
        found: tuple[State, int] = await self._run(self._load(party))
        return found

    async def group(self, group_id: uuid.UUID) -> GroupState | None:
        """The group's current state, or ``None`` if it was never formed."""
        state, _ = await self.load(PartyRef(kind=PartyKind.GROUP, id=group_id))
        assert state is None or isinstance(state, GroupState)
        return state

    async def forum(self, forum_id: uuid.UUID) -> ForumState | None:
        """The forum's current state, or ``None`` if it was never established."""
        state, _ = await self.load(PartyRef(kind=PartyKind.FORUM, id=forum_id))
        assert state is None or isinstance(state, ForumState)
        return state

    async def snapshot(self, party: PartyRef | AggregateRef) -> Snapshot | None:
        """Take a snapshot of the aggregate now; ``None`` when it has no events."""
        decider, aggregate_id = self._aggregate(party)
        taken: Snapshot | None = await self._run(
            self.repository.take_snapshot_flow(decider, aggregate_id)
        )
        return taken

    async def history(self, party: PartyRef | AggregateRef) -> list[RecordedEvent[Any]]:
        """The aggregate's whole stream, decoded."""
        found: list[RecordedEvent[Any]] = await self._run(self._history(party))
        return found

    async def prefetch_keys(self, stored: Sequence[StoredEvent]) -> Keys:
        """The keys that *stored* events were sealed with, fetched in one round trip."""
        keys: Keys = await self._run(flow.keys_for([s.data for s in stored]))
        return keys

    async def read_all_decoded(
        self, after: int = 0, page_size: int = 1000, *, personal_data: bool = True
    ) -> AsyncIterator[RecordedEvent[Event]]:
        """The global log from *after* on, decoded, one page read at a time (``async for``).

        ``personal_data=False`` reads personal fields as ``REDACTED``, fetching no key.
        """
        while page := await self.store.read_all(after, page_size):
            for event in await self._run(self._decoded(page, personal_data=personal_data)):
                yield event
            after = page[-1].position

    # -- deciding -----------------------------------------------------------------

    async def decide(self, command: Command) -> tuple[list[Event], int]:
        """The events *command* would record now, and the version they were decided on."""
        decided: tuple[list[Event], int] = await self._run(self._decide_only(command))
        return decided

    # -- writing ------------------------------------------------------------------

    async def handle(
        self,
        command: Command,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> Recorded:
        """Decide *command* and record its events; return what was recorded.

        As [`Application.handle`][kimcore.Application.handle]: a refused command raises its
        `DomainError` and records nothing; a ``ForgetSubject`` is handled by `forget`.
        """
        recorded: Recorded = await self._run(
            self._handle(command, command_id=command_id, correlation_id=correlation_id, extra=extra)
        )
        return recorded

    async def handle_many(
        self,
        commands: Sequence[Command],
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> Recorded:
        """Decide *commands* in turn on one stream and record all their events in one append.

        As [`Application.handle_many`][kimcore.Application.handle_many].
        """
        recorded: Recorded = await self._run(
            self._handle_many(
                commands, command_id=command_id, correlation_id=correlation_id, extra=extra
            )
        )
        return recorded

    async def forget(
        self,
        command: ForgetSubject,
        *,
        command_id: uuid.UUID | None = None,
        correlation_id: uuid.UUID | None = None,
    ) -> AsyncErasure:
        """Erase a data subject's personal data; return the `AsyncErasure` recorded.

        As [`Application.forget`][kimcore.Application.forget]; ``await erasure.wait()`` waits
        for the purge.
        """
        erasure = await self._run(self._erase(command, command_id, correlation_id))
        assert isinstance(erasure, AsyncErasure)
        return erasure

    def _erasure(self, recorded: Recorded, subject_id: uuid.UUID) -> AsyncErasure:
        return AsyncErasure(recorded, subject_id=subject_id, store=self.store)

    async def encode(
        self, events: Sequence[Event], metadata: Metadata | None = None
    ) -> list[NewEvent]:
        """*events* as this service appends them.

        See [`Application.encode`][kimcore.Application.encode].
        """
        encoded: list[NewEvent] = await self._run(self._encode(events, metadata))
        return encoded
