"""One pass over the log for many projections: each page read once, each event decoded once.

An [`OnePassProjector`][kimcore.projections.OnePassProjector] runs several read models and sinks
over one store. It reads a page of the log after the lowest of their checkpoints and hands each
event to every projection that handles its type (``event_types``, the classes a read model or sink
declares; one that declares none is handed every event). An event nobody handles is never
decoded: the filter reads the stored type name. An event handled by several is decoded once, or
twice when a projection that reads personal data and one that must not both handle an event with
sealed fields (the one opened with the subjects' keys, the other redacted).

Each projection keeps its own checkpoint, moved in the transaction that applies its part of the
page and compared and set there ([`CheckpointMoved`][kimcore.errors.CheckpointMoved] if another
process moved it): so each can be rebuilt alone, fall behind and catch up, or be projected by
another process, and no page is applied to it twice. A projection with nothing in a page does not
write: its checkpoint catches up with the next page it handles, or when the pass is caught up.

Projections far apart (one rebuilding, the others at the head) are read in groups: each round
reads one page for each group, so the ones at the head keep following the log while another
catches up, and groups merge as they meet.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Sequence

import attrs

from kimcore.application.defaults import defaults
from kimcore.application.ports.models import ModelStore, Sink
from kimcore.application.ports.store import EventStore
from kimcore.domain.views.tables import ReadModel
from kimcore.events.base import Event
from kimcore.events.codec import Codec, event_names
from kimcore.events.envelope import RecordedEvent, StoredEvent
from kimcore.events.keys import Keys, hex_subjects_in
from kimcore.events.personal import MemberForgotten
from kimcore.vocabulary.errors import CheckpointMoved, ProjectionError

__all__ = ["OnePassProjector", "handled_types"]

_log = logging.getLogger("kimcore.projection")

_SINK_VERSION = 1  # a sink has no tables; its checkpoint record still carries a version
Target = ReadModel | Sink
# Called with a projection's name and what it raised; the pass goes on without it.
OnError = Callable[[str, Exception], None]


def handled_types(target: object) -> frozenset[str] | None:
    """The stored type names *target* handles (its ``event_types``), or ``None`` for every one."""
    declared: Iterable[type[Event]] | None = getattr(target, "event_types", None)
    return None if declared is None else event_names(declared)


@attrs.define(eq=False)
class _Projection:
    target: Target
    model: ReadModel | None
    names: frozenset[str] | None
    committed: int = 0  # the checkpoint as the model store holds it
    reached: int = 0  # read past: >= committed, ahead when the pages since held nothing for it

    @property
    def name(self) -> str:
        return self.target.name

    def handles(self, stored: StoredEvent) -> bool:
        return self.names is None or stored.event_type in self.names


class _PageDecoder:
    """Decodes the events of one page on demand, each at most once for each way it is read."""

    def __init__(self, page: Sequence[StoredEvent], codec: Codec, keys: Callable[[], Keys]) -> None:
        self._page = page
        self._codec = codec
        self._keys = keys
        self._done: dict[tuple[int, bool], RecordedEvent[Event]] = {}

    def event(self, index: int, personal: bool) -> RecordedEvent[Event]:
        found = self._done.get((index, personal))
        if found is not None:
            return found
        stored = self._page[index]
        other = self._done.get((index, not personal))
        if other is not None and not hex_subjects_in((stored.data,)):
            found = other  # nothing sealed in it: opened or not, it reads the same
        else:
            found = self._codec.decode(stored, self._keys() if personal else None)
        self._done[index, personal] = found
        return found


class OnePassProjector:
    """Runs *targets* (read models and sinks) over *store* in one pass, checkpoints in *models*.

    *on_page* is called after each round with the lowest position every projection has
    read past; ``events_read`` counts the events read so far (a progress bar).
    """

    def __init__(
        self,
        store: EventStore,
        targets: Iterable[Target],
        models: ModelStore,
        *,
        codec: Codec | None = None,
        page_size: int = 1000,
        poll: float = 0.5,
        on_page: Callable[[int], None] | None = None,
    ) -> None:
        if page_size < 1:
            raise ProjectionError(f"page_size must be >= 1, got {page_size}")
        self.store = store
        self.models = models
        self.codec = codec if codec is not None else defaults().codec
        self.page_size = page_size
        self.poll = poll
        self.on_page = on_page
        self.events_read = 0
        self._projections: dict[str, _Projection] = {}
        for target in targets:
            if target.name in self._projections:
                raise ProjectionError(f"two projections are named {target.name!r}")
            model: ReadModel | None = target if hasattr(target, "apply") else None  # type: ignore[assignment]
            self._projections[target.name] = _Projection(target, model, handled_types(target))
        self._stopped = threading.Event()

    @property
    def names(self) -> tuple[str, ...]:
        """The projections' names, in the order given."""
        return tuple(self._projections)

    def target(self, name: str) -> Target:
        """The read model or sink called *name*."""
        return self._find(name).target

    def _find(self, name: str) -> _Projection:
        try:
            return self._projections[name]
        except KeyError:
            raise ProjectionError(f"no projection {name!r} in this pass") from None

    def _chosen(self, names: Collection[str] | None) -> list[_Projection]:
        if names is None:
            return list(self._projections.values())
        return [self._find(name) for name in names]

    # -- checkpoints ----------------------------------------------------------------------

    def prepare(self, names: Collection[str] | None = None, *, create_only: bool = False) -> None:
        """Create what the projections need and read their checkpoints.

        A read model whose stored version differs is rebuilt from zero, unless *create_only*
        (a process that does not project it makes what is missing and changes nothing else).
        """
        for p in self._chosen(names):
            version, tables = (p.model.version, p.model.tables) if p.model else (_SINK_VERSION, ())
            tallies = getattr(p.model, "tallies", ())  # the counts it serves (ReadModel.tallies)
            p.committed = p.reached = self.models.prepare(
                p.name, version, tables, create_only=create_only, tallies=tallies
            )

    def reset(self, names: Collection[str] | None = None, *, indexes: bool = True) -> None:
        """Empty the read models (rewind the sinks) named: checkpoint 0.

        ``indexes=False`` leaves their tables' indexes to the next `prepare` (see `rebuild`).
        """
        for p in self._chosen(names):
            version, tables = (p.model.version, p.model.tables) if p.model else (_SINK_VERSION, ())
            self.models.reset(p.name, version, tables, indexes=indexes)
            p.committed = p.reached = 0

    def refresh(self, name: str) -> int:
        """Read projection *name*'s checkpoint again (another process may have moved it)."""
        p = self._find(name)
        p.committed = p.reached = self.models.checkpoint(name)
        return p.committed

    def reached(self, name: str) -> int:
        """The position projection *name* has read past in this process."""
        return self._find(name).reached

    def committed(self, name: str) -> int:
        """Projection *name*'s checkpoint as this process last committed or read it."""
        return self._find(name).committed

    # -- running ----------------------------------------------------------------------------

    def run(
        self,
        names: Collection[str] | None = None,
        *,
        live: bool = False,
        on_error: OnError | None = None,
    ) -> int:
        """Prepare and project the projections named (all by default); return the events read.

        With ``live=False`` it returns once they are caught up; with ``live=True`` it follows
        new events until [`stop`][kimcore.projections.OnePassProjector.stop] is called.
        *on_error* is `step`'s: called with a projection's name and what it raised.
        """
        chosen = [p.name for p in self._chosen(names)]
        self.prepare(chosen)
        return self._follow(chosen, live=live, on_error=on_error)

    def _follow(self, chosen: list[str], *, live: bool, on_error: OnError | None = None) -> int:
        self._stopped.clear()
        read = 0
        while not self._stopped.is_set():
            done = self.step(chosen, on_error)
            read += done
            if done:
                continue
            if not live:
                break
            self.store.wait(self.store.head_position(), self.poll)
        return read

    def rebuild(
        self, names: Collection[str] | None = None, *, on_error: OnError | None = None
    ) -> int:
        """Empty the read models named (all by default) and project the whole log into them.

        Their tables are loaded bare and indexed at the end, once (an index kept up row by
        row costs more). Stopped or failed halfway, they are indexed by the next `prepare`
        (any `run`); meanwhile they answer reads, slower, and they are not complete anyway.
        *on_error* is `step`'s: called with a projection's name and what it raised (the
        command line raises an error naming the read model from it).
        """
        chosen = [p.name for p in self._chosen(names)]
        self.reset(chosen, indexes=False)
        read = self._follow(chosen, live=False, on_error=on_error)
        self.prepare(chosen)  # the indexes, made over the rows; the checkpoints read again
        return read

    def stop(self) -> None:
        """End a live `run` after the page in hand (from any thread)."""
        self._stopped.set()

    def step(self, names: Collection[str], on_error: OnError | None = None) -> int:
        """One round: a page for each group of the projections named; the events read.

        When none of them has anything left to read, their checkpoints are brought up to
        where they read (0 is returned). Without *on_error* an error of a projection is
        raised; with it, it is reported and the round goes on with the others.
        """
        pending = sorted(self._chosen(names), key=lambda p: p.reached)
        read = 0
        while pending and not self._stopped.is_set():
            after = pending[0].reached
            page = self.store.read_all(after, self.page_size)
            if not page:
                break
            last = page[-1].position
            group = [p for p in pending if p.reached < last]
            pending = [p for p in pending if p.reached >= last]
            self._apply(page, group, on_error)
            read += len(page)
            self.events_read += len(page)
            _log.debug(
                "one pass: %d event(s) to position %d for %s",
                len(page),
                last,
                ", ".join(p.name for p in group),
            )
        if read == 0:
            self._flush(self._chosen(names), on_error)
        if self.on_page is not None and read:
            self.on_page(min(p.reached for p in self._chosen(names)))
        return read

    def _flush(self, projections: Iterable[_Projection], on_error: OnError | None) -> None:
        """Commit the checkpoints that read past pages holding nothing for them."""
        for p in projections:
            if p.reached > p.committed:
                self._commit(p, [], p.reached, on_error)

    def _apply(
        self, page: Sequence[StoredEvent], group: Sequence[_Projection], on_error: OnError | None
    ) -> None:
        last = page[-1].position
        wanted = {
            p.name: [i for i, s in enumerate(page) if s.position > p.reached and p.handles(s)]
            for p in group
        }
        opened = sorted(
            {i for p in group if p.target.personal_data for i in wanted[p.name]}
        )  # the events read with the subjects' keys
        keys: list[Keys] = []

        def page_keys() -> Keys:
            if not keys:
                payloads = (page[i].data for i in opened)
                keys.append(Keys.for_payloads(self.store.keys.get_many, payloads))
            return keys[0]

        decoder = _PageDecoder(page, self.codec, page_keys)
        for p in group:
            indexes = wanted[p.name]
            if not indexes:
                p.reached = last  # nothing for it here: committed with its next page
                continue
            try:
                events = [decoder.event(i, p.target.personal_data) for i in indexes]
            except Exception as exc:
                if on_error is None:
                    raise
                on_error(p.name, exc)
                continue
            self._commit(p, events, last, on_error)
            if (
                p.model is not None
                and p.model.personal_data
                and any(page[i].event_type == MemberForgotten.event_name for i in indexes)
            ):
                self.models.purge_erased()

    def _commit(
        self,
        p: _Projection,
        events: Sequence[RecordedEvent[Event]],
        last: int,
        on_error: OnError | None,
    ) -> None:
        """Apply (or deliver) *events* and move the checkpoint to *last*, compared and set."""
        try:
            if p.model is not None:
                with self.models.transaction(p.name, expect=p.committed) as tx:
                    for recorded in events:
                        p.model.apply(tx, recorded)
                    finish = getattr(p.model, "finish", None)  # ReadModel.finish, if it has one
                    if finish is not None:
                        finish(tx)
                    tx.advance(last)
            else:
                if events:
                    p.target.deliver(events)  # type: ignore[union-attr]
                with self.models.transaction(p.name, expect=p.committed) as tx:
                    tx.advance(last)
        except CheckpointMoved as moved:
            _log.info("%s; reading on from where it is now", moved)
            self.refresh(p.name)
            return
        except Exception as exc:
            if on_error is None:
                raise
            on_error(p.name, exc)
            return
        p.committed = p.reached = last
