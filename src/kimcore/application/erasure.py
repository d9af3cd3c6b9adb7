"""What forgetting a subject returns: the events recorded, and whether the purge is done."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from kimcore.application.ports.store import EventStore
from kimcore.events.base import Event
from kimcore.events.envelope import RecordedEvent

__all__ = ["Erasure"]


class Erasure(tuple[RecordedEvent[Event], ...]):
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

    subject_id: uuid.UUID
    _store: EventStore

    def __new__(
        cls, recorded: Iterable[RecordedEvent[Event]], *, subject_id: uuid.UUID, store: EventStore
    ) -> Erasure:
        """The recorded events of forgetting *subject_id* in *store*."""
        made = super().__new__(cls, recorded)
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

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the store's files hold no copy of the key (``True``), or *timeout* passes."""
        return self._store.wait_for_erasure(timeout)

    def __repr__(self) -> str:
        state = "pending" if self.pending else "purged"
        return f"Erasure(subject_id={self.subject_id}, events={len(self)}, {state})"

    def __reduce__(self) -> Any:
        return tuple, (tuple(self),)
