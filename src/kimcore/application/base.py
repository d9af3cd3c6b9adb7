"""What the two applications share: their configuration, and every operation as a flow.

[`Application`][kimcore.Application] and [`AsyncApplication`][kimcore.AsyncApplication] are
this, driven on a sync or an async store (`kimcore.application.flow`): a command is loaded,
decided, encoded, appended and retried by the same code, so the two record the same events for
the same commands, with the same metadata, retries, cache and snapshots. Only the store calls
are run differently. The deciders and the codec are the same sync, pure objects for both.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from kimcore._uuid import uuid7
from kimcore.application import flow
from kimcore.application.defaults import defaults
from kimcore.application.flow import Flow
from kimcore.application.ports.store import EventStore
from kimcore.application.repository import Repository, State
from kimcore.application.writing import Writing
from kimcore.domain.deciders import Decider, Deciders
from kimcore.domain.errors import InvalidValue
from kimcore.domain.identity import AggregateRef
from kimcore.domain.policy import Policy
from kimcore.events.codec import Codec
from kimcore.events.envelope import RecordedEvent
from kimcore.vocabulary.parties import PartyKind, PartyRef

__all__ = ["BaseApplication", "utc_now"]

S = TypeVar("S")


def utc_now() -> dt.datetime:
    """The current time in UTC, the default clock for ``recorded_at``."""
    return dt.datetime.now(dt.UTC)


class BaseApplication(Writing, Generic[S]):
    """The configuration and the flows of an application: see its two drivers.

    The arguments are described on [`Application`][kimcore.Application]. *store* is what
    the flows run on: a sync store, or an async one.
    """

    def __init__(
        self,
        store: S,
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
        # A store with an index of command ids finds a command's events however old; one
        # without (a plugin's, written before the port had it) is searched in the window.
        self._indexed = callable(getattr(store, "recorded_by", None))
        if policy is None or codec is None or deciders is None:
            found = defaults()
            policy = policy if policy is not None else Policy(catalogue=found.catalogue)
            codec = codec if codec is not None else found.codec
            deciders = deciders if deciders is not None else found.deciders
        self.policy = policy
        self.codec = codec
        self.deciders = deciders
        self.clock = clock
        self.retries = retries
        self.new_id = new_id
        self.repository = Repository(
            self._sync_store(store),
            self.codec,
            deciders=self.deciders,
            cache_size=cache_size,
            snapshot_every=snapshot_every,
        )

    @staticmethod
    def _sync_store(store: Any) -> EventStore | None:
        """The store the repository's own (sync) methods run on: none for an async application."""
        return None

    # -- reading ------------------------------------------------------------------

    def _aggregate(self, ref: PartyRef | AggregateRef) -> tuple[Decider, uuid.UUID]:
        if isinstance(ref, PartyRef):
            ref = AggregateRef(kind=ref.kind.value, id=ref.id)
        if not isinstance(ref, AggregateRef):
            raise InvalidValue("party", f"must be a PartyRef or an AggregateRef, got {ref!r}")
        try:
            return self.deciders.kind(ref.kind), ref.id
        except InvalidValue:
            raise InvalidValue("party", f"a {ref.kind} has no stream in kimcore") from None

    def _load(self, party: PartyRef | AggregateRef) -> Flow[tuple[State, int]]:
        decider, aggregate_id = self._aggregate(party)
        return (yield from self.repository.load_flow(decider, aggregate_id))

    def _history(self, party: PartyRef | AggregateRef) -> Flow[list[RecordedEvent[Any]]]:
        decider, aggregate_id = self._aggregate(party)
        stored = yield from flow.read_stream(decider.stream_id(aggregate_id))
        return (yield from self._decoded(stored, personal_data=True))
