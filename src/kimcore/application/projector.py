"""Running one projection: follow the global log from its checkpoint, page by page.

A [`Projector`][kimcore.projections.Projector] reads the log through a
[`Subscription`][kimcore.stores.Subscription], decodes each page (with the store's keys only when
the projection needs personal data) and then:

- for a [`ReadModel`][kimcore.projections.ReadModel], applies every event and moves the checkpoint
  in **one transaction** of the model store: after a crash it resumes where the last commit left
  it, and no event counts twice;
- for a [`Sink`][kimcore.projections.Sink], delivers the page and then moves the checkpoint:
  delivery is **at least once**, with the event id as the receiver's idempotency key.

A target with an ``event_types`` attribute (the event classes it handles) is given only events of
those types, and the others are passed over undecoded (`Codec.decode_page`); its checkpoint still
moves past them.

The checkpoint is compared and set in the page's transaction: if another process moved it
meanwhile, the page is not applied ([`CheckpointMoved`][kimcore.errors.CheckpointMoved]).

It is the plain twin of [`OnePassProjector`][kimcore.projections.OnePassProjector], which runs many
projections over one reading of the log, each event decoded once for all that handle it: a
property test shows both leave the same read models.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence

from kimcore.application.defaults import defaults
from kimcore.application.ports.models import ModelStore, Sink
from kimcore.application.ports.store import EventStore
from kimcore.application.subscription import Subscription
from kimcore.domain.views.tables import ReadModel
from kimcore.events.base import Event
from kimcore.events.codec import Codec, event_names
from kimcore.events.envelope import RecordedEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.events.personal import MemberForgotten
from kimcore.vocabulary.errors import ProjectionError

__all__ = ["Projector"]

_log = logging.getLogger("kimcore.projection")

_SINK_VERSION = 1  # a sink has no tables; its checkpoint record still carries a version


class Projector:
    """Runs one read model or sink over *store*, keeping its checkpoint in *models*.

    *models* holds the read model's tables and its checkpoint; for a sink it
    holds the checkpoint only (any model store will do, e.g. a SQLite file).
    *on_page* is called with the new checkpoint after each committed page (a
    progress bar, a metric).
    """

    def __init__(
        self,
        store: EventStore,
        target: ReadModel | Sink,
        models: ModelStore,
        *,
        codec: Codec | None = None,
        page_size: int = 500,
        poll: float = 0.5,
        on_page: Callable[[int], None] | None = None,
    ) -> None:
        if page_size < 1:
            raise ProjectionError(f"page_size must be >= 1, got {page_size}")
        if codec is None:
            codec = defaults().codec
        self.store = store
        self.target = target
        # A read model has ``apply``; anything else is a sink. Decided once.
        self._model: ReadModel | None = target if hasattr(target, "apply") else None  # type: ignore[assignment]
        self._sink: Sink | None = None if self._model is not None else target  # type: ignore[assignment]
        self.models = models
        self.codec = codec
        self.page_size = page_size
        self.poll = poll
        self.on_page = on_page
        self._subscription: Subscription | None = None
        self._stopped = threading.Event()
        # A target that says which event classes it handles (``event_types``) is given only
        # those, and the others in a page are never decoded.
        handled = getattr(target, "event_types", None)
        self._types = None if handled is None else event_names(handled)

    @property
    def name(self) -> str:
        """The projection's name, which keys its checkpoint."""
        return self.target.name

    def _prepare(self) -> int:
        if self._model is not None:
            model = self._model
            tallies = getattr(model, "tallies", ())
            return self.models.prepare(self.name, model.version, model.tables, tallies=tallies)
        return self.models.prepare(self.name, _SINK_VERSION, ())

    def checkpoint(self) -> int:
        """The last position this projection committed."""
        return self.models.checkpoint(self.name)

    def run(
        self, *, live: bool = False, stop_before: Callable[[StoredEvent], bool] | None = None
    ) -> int:
        """Project from the checkpoint on; return how many events were handled.

        With ``live=False`` it returns once caught up; with ``live=True`` it follows new events
        until [`stop`][kimcore.projections.Projector.stop] is called (from any thread).
        *stop_before* ends the run before the first event it is true of (read, not decoded):
        the checkpoint stays at the event before it.
        """
        after = self._prepare()
        self._stopped.clear()
        handled = 0
        subscription = Subscription(
            self.store, after, page_size=self.page_size, poll=self.poll, live=live
        )
        self._subscription = subscription
        try:
            for whole in subscription.pages():
                page, cut = _cut(whole, stop_before)
                if page:
                    after = self._handle(page, after)
                    handled += len(page)
                    _log.debug(
                        "projection %r: %d event(s) to position %d", self.name, len(page), after
                    )
                    if self.on_page is not None:
                        self.on_page(after)
                if cut or self._stopped.is_set():
                    break
        finally:
            self._subscription = None
        return handled

    def rebuild(self) -> int:
        """Empty the read model (or rewind the sink) and project the whole log again."""
        if self._model is not None:
            self.models.reset(self.name, self._model.version, self._model.tables)
        else:
            self.models.reset(self.name, _SINK_VERSION, ())
        return self.run(live=False)

    def stop(self) -> None:
        """End a live `run` after the page in hand."""
        self._stopped.set()
        subscription = self._subscription
        if subscription is not None:
            subscription.stop()

    def _decode(self, page: Sequence[StoredEvent]) -> list[RecordedEvent[Event]]:
        types = self._types
        if types is not None:
            page = [s for s in page if s.event_type in types]
        keys = (
            Keys.for_payloads(self.store.keys.get_many, (s.data for s in page))
            if self.target.personal_data
            else None
        )
        return self.codec.decode_page(page, keys)

    def _handle(self, page: Sequence[StoredEvent], after: int) -> int:
        """Apply or deliver *page* over the checkpoint *after*; return the new checkpoint."""
        events = self._decode(page)
        last = page[-1].position
        if self._model is not None:
            with self.models.transaction(self.name, expect=after) as tx:
                for recorded in events:
                    self._model.apply(tx, recorded)
                finish = getattr(self._model, "finish", None)  # ReadModel.finish, if it has one
                if finish is not None:
                    finish(tx)
                tx.advance(last)
            if self._model.personal_data and any(
                s.event_type == MemberForgotten.event_name for s in page
            ):
                self.models.purge_erased()
            return last
        assert self._sink is not None
        self._sink.deliver(events)
        with self.models.transaction(self.name, expect=after) as tx:
            tx.advance(last)
        return last


def _cut(
    page: list[StoredEvent], stop_before: Callable[[StoredEvent], bool] | None
) -> tuple[list[StoredEvent], bool]:
    """The events of *page* before the first *stop_before* is true of, and whether it was."""
    if stop_before is None:
        return page, False
    for i, stored in enumerate(page):
        if stop_before(stored):
            return page[:i], True
    return page, False
