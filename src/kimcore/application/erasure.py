"""What forgetting a subject returns: the events recorded, and whether the purge is done."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, Self

from kimcore.application.ports.store import EventStore
from kimcore.application.ports.store_async import AsyncEventStore
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent
from kimcore.events.recorded import Recorded

__all__ = ["AsyncErasure", "Erasure"]


class _Erasure(Recorded):
    """What both kinds of erasure hold: the events, the subject, and the store that purges.

    ``new`` says whether this call recorded the erasure (not when the subject was forgotten
    already, or the same ``command_id`` recorded it before).
    """

    subject_id: uuid.UUID
    _store: EventStore | AsyncEventStore

    def __new__(
        cls,
        recorded: Iterable[RecordedEvent[Event]],
        *,
        subject_id: uuid.UUID,
        store: EventStore | AsyncEventStore,
    ) -> Self:
        """The recorded events of forgetting *subject_id* in *store*."""
        made = super().__new__(cls, recorded, new=getattr(recorded, "new", bool(recorded)))
        made.subject_id = subject_id
        made._store = store
        return made

    @property
    def recorded(self) -> tuple[RecordedEvent[Event], ...]:
        """The events recorded, as a plain tuple."""
        return tuple(self)

    @property
    def pending(self) -> bool:
        """Whether the destroyed key's bytes may still be read from the store's files."""
        return self._store.erasure_pending()

    def __repr__(self) -> str:
        state = "pending" if self.pending else "purged"
        return f"{type(self).__name__}(subject_id={self.subject_id}, events={len(self)}, {state})"

    def __reduce__(self) -> Any:
        return tuple, (tuple(self),)


class Erasure(_Erasure):
    """The ``MemberForgotten`` recorded (none when forgotten already), and the purge's state.

    The key is destroyed in the write that records ``MemberForgotten``: from then on no reader of
    the store can open the subject's data. Its bytes may still sit in the store's files while a
    reader that began earlier keeps the old pages in use;
    [`pending`][kimcore.personal.Erasure.pending] says so, and
    [`wait`][kimcore.personal.Erasure.wait] blocks until the store has purged them (it does so as
    soon as that reader ends, without holding up any writer)::

        erasure = app.forget(ForgetSubject(...))
        if not erasure.wait(timeout=60):
            ...  # a reader still holds an old snapshot; erasure.pending stays True

    It is a tuple of the recorded events, as ``forget`` returned before.
    """

    _store: EventStore

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the store's files hold no copy of the key (``True``), or *timeout* passes."""
        return self._store.wait_for_erasure(timeout)


class AsyncErasure(_Erasure):
    """What [`AsyncApplication.forget`][kimcore.AsyncApplication.forget] returns.

    An [`Erasure`][kimcore.personal.Erasure] whose ``wait`` is awaited::

        erasure = await app.forget(ForgetSubject(...))
        if not await erasure.wait(timeout=60):
            ...
    """

    _store: AsyncEventStore

    async def wait(self, timeout: float | None = None) -> bool:
        """Until the store's files hold no copy of the key (``True``), or *timeout* passes."""
        return await self._store.wait_for_erasure(timeout)
