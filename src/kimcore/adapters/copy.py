"""Moving a whole store to another: SQLite to PostgreSQL when an office outgrows one machine.

[`copy_store`][kimcore.stores.copy_store] appends every event of the source to an empty target in
the same order, stream by stream, with its id, stream version, type, schema version, payload,
metadata and time. The target gives positions of its own (they are opaque checkpoints). Each append
carries the keys of the subjects it seals for the first time, as the source holds them, so a copied
event opens in the target exactly as in the source; ``MemberForgotten`` destroys its subject's key
in the target in the same append, and every other tombstone of the source is copied at the end, so
a forgotten subject stays forgotten. Snapshots are copied last.

Interrupted, it resumes: the target's last event is found in the source and
the copy goes on after it (an append is all or nothing, so nothing is torn or
doubled). At the end both logs are read again side by side and compared: the
count, the order of event ids, a SHA-256 digest over every event, the keys of
every subject and the tombstones.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence

import attrs

from kimcore import _deprecated
from kimcore.adapters._rows import dump_metadata
from kimcore.application.ports.store import ANY_VERSION, EventStore
from kimcore.events.codec import Codec
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import subjects_in
from kimcore.events.personal import MemberForgotten
from kimcore.vocabulary import errors
from kimcore.vocabulary.errors import ConcurrencyConflict, DuplicateEventId

__all__ = ["CopyReport", "copy_store", "log_digest"]

_log = logging.getLogger("kimcore.copy")
# Tombstones with no MemberForgotten of their own are destroyed by an append of no
# event (which records nothing) addressed here.
_ERASURES_STREAM = "kimcore-copy-erasures"


@attrs.frozen(kw_only=True)
class CopyReport:
    """What a copy moved, and the digest both stores agree on."""

    events: int
    copied_now: int
    streams: int
    subjects_with_keys: int
    forgotten: int
    snapshots: int
    digest: str


def copy_store(
    source: EventStore,
    target: EventStore,
    *,
    codec: Codec,
    page_size: int = 1000,
    on_page: Callable[[int], None] = lambda _position: None,
) -> CopyReport:
    """Copy *source* into *target* (empty, or holding an interrupted copy of it), then check.

    *on_page* is called with the source position reached after each page. Raises
    [`CopyFailed`][kimcore.errors.CopyFailed] if the target holds events that are not the start of
    the source's log, or if the final check finds a difference.
    """
    after, streams = _resume_point(source, target, page_size)
    copied = 0
    last = 0  # the target position of the last event appended here
    in_one = _page_writer(target)
    while page := source.read_all(after, page_size):
        keys = source.keys.get_many(subjects_in(s.data for s in page))
        done = in_one(page, keys) if in_one is not None else None
        if done is None:
            done = _copy_page(target, page, keys, codec)
        streams.update(s.stream_id for s in page)
        copied, last = copied + done[0], max(last, done[1])
        after = page[-1].position
        on_page(after)
        _log.debug("copy: source position %d reached", after)
    missing = set(source.keys.forgotten()) - set(target.keys.forgotten())
    if missing:
        target.append(_ERASURES_STREAM, [], ANY_VERSION, forget=sorted(missing))
    # PostgreSQL shows an append to readers once older transactions ended: wait for ours.
    if last and not target.wait(last - 1, 60):
        raise errors.CopyFailed(
            f"the target does not show its own appends (up to {last}) after 60 s"
        )
    snapshots = 0
    for stream_id in sorted(streams):
        snapshot = source.load_snapshot(stream_id)
        if snapshot is not None:
            target.save_snapshot(snapshot)
            snapshots += 1
    report = _check(source, target, page_size, streams=streams, snapshots=snapshots, copied=copied)
    _log.info("copy: %d events, digest %s", report.events, report.digest)
    return report


def _page_writer(target: EventStore) -> Callable[..., tuple[int, int] | None] | None:
    """A page in one transaction into a `PostgresStore` (``_copy_postgres``); else ``None``.

    Only a target whose module is loaded can be one, so SQLite alone needs no psycopg.
    """
    if "kimcore.adapters.postgres" not in sys.modules:
        return None
    from kimcore.adapters._copy_postgres import page_writer  # noqa: PLC0415 - needs psycopg

    return page_writer(target)


def _resume_point(source: EventStore, target: EventStore, page_size: int) -> tuple[int, set[str]]:
    """The source position after which the copy goes on, and the streams copied so far."""
    head = target.head_position()
    if head == 0:
        return 0, set()
    last = target.read_all(head - 1, 1)[0]
    streams: set[str] = set()
    after = 0
    while page := source.read_all(after, page_size):
        for stored in page:
            streams.add(stored.stream_id)
            if stored.event_id == last.event_id:
                _log.info("copy: resuming after source position %d", stored.position)
                return stored.position, streams
        after = page[-1].position
    raise errors.CopyFailed(
        f"the target holds events the source does not (its last, {last.event_id}, is not in"
        " the source): copy only into an empty store, or one this copy began"
    )


def _copy_page(
    target: EventStore, page: Sequence[StoredEvent], keys: dict[uuid.UUID, bytes], codec: Codec
) -> tuple[int, int]:
    """Append a page run by run: how many events, and the last one's target position."""
    copied = last = 0
    for stream_id, group in itertools.groupby(page, key=lambda s: s.stream_id):
        count, position = _copy_run(target, stream_id, list(group), keys, codec)
        copied, last = copied + count, max(last, position)
    return copied, last


def _copy_run(
    target: EventStore,
    stream_id: str,
    run: list[StoredEvent],
    keys: dict[uuid.UUID, bytes],
    codec: Codec,
) -> tuple[int, int]:
    """Append one stream's consecutive events: how many, and the last one's target position.

    ``(0, 0)`` if an earlier, interrupted try appended them already.
    """
    sealed = subjects_in(s.data for s in run) & keys.keys()
    held = target.keys.get_many(sealed)
    # The source's keys the target lacks ride on the run's first event, written with it.
    carried = {subject: keys[subject] for subject in sealed if subject not in held}
    forget = [
        codec.decode(s, None).event.subject_id  # type: ignore[attr-defined]
        for s in run
        if s.event_type == MemberForgotten.event_name
    ]
    events = [s.to_new(carried if index == 0 else None) for index, s in enumerate(run)]
    try:
        stored = target.append(stream_id, events, run[0].stream_version - 1, forget=forget)
    except (DuplicateEventId, ConcurrencyConflict) as refused:
        there = [s.event_id for s in target.read_stream(stream_id, run[0].stream_version, len(run))]
        if not there or there != [s.event_id for s in run[: len(there)]]:
            raise errors.CopyFailed(
                f"stream {stream_id!r} differs in the target: {refused}"
            ) from None
        # Appended before the interruption, whole or its first part: a resumed copy's pages
        # need not split the source where the interrupted one's did (on PostgreSQL the
        # target's head may also lag behind its last commit while older transactions run).
        if len(there) == len(run):
            return 0, 0
        return _copy_run(target, stream_id, run[len(there) :], keys, codec)
    return len(run), stored[-1].position


def _check(
    source: EventStore,
    target: EventStore,
    page_size: int,
    *,
    streams: set[str],
    snapshots: int,
    copied: int,
) -> CopyReport:
    theirs = _events(target, page_size)
    count = 0
    subjects: set[uuid.UUID] = set()
    digest = hashlib.sha256()
    for page in _pages(source, page_size):
        mine = [next(theirs, None) for _ in page]
        for ours, copy in zip(page, mine, strict=True):
            fingerprint = _fingerprint(ours)
            if copy is None or fingerprint != _fingerprint(copy):
                raise errors.CopyFailed(
                    f"the target differs at the source's {ours.where}: "
                    + ("it ends there" if copy is None else f"it holds event {copy.event_id}")
                )
            digest.update(fingerprint)
        count += len(page)
        page_subjects = subjects_in(s.data for s in page)
        subjects |= page_subjects
        if source.keys.get_many(page_subjects) != target.keys.get_many(page_subjects):
            raise errors.CopyFailed(
                f"the keys of the subjects up to position {page[-1].position} differ"
            )
    extra = next(theirs, None)
    if extra is not None:
        raise errors.CopyFailed(f"the target holds more events than the source, from {extra.where}")
    forgotten = source.keys.forgotten()
    if set(forgotten) != set(target.keys.forgotten()):
        raise errors.CopyFailed("the target's forgotten subjects are not the source's")
    return CopyReport(
        events=count,
        copied_now=copied,
        streams=len(streams),
        subjects_with_keys=len(subjects - set(forgotten)),
        forgotten=len(forgotten),
        snapshots=snapshots,
        digest=digest.hexdigest(),
    )


def log_digest(store: EventStore, page_size: int = 1000) -> str:
    """The SHA-256 digest `copy_store` reports: every event's identity and content."""
    digest = hashlib.sha256()
    for stored in _events(store, page_size):
        digest.update(_fingerprint(stored))
    return digest.hexdigest()


def _pages(store: EventStore, page_size: int) -> Iterator[Sequence[StoredEvent]]:
    after = 0
    while page := store.read_all(after, page_size):
        yield page
        after = page[-1].position


def _events(store: EventStore, page_size: int) -> Iterator[StoredEvent]:
    for page in _pages(store, page_size):
        yield from page


def _fingerprint(stored: StoredEvent) -> bytes:
    """Everything but the position (each store gives its own), in a fixed form."""
    at = stored.recorded_at.astimezone(dt.UTC).isoformat()
    head = "\x1f".join(
        (
            stored.stream_id,
            str(stored.stream_version),
            str(stored.event_id),
            stored.event_type,
            str(stored.schema_version),
            at,
        )
    )
    data_digest = hashlib.sha256(stored.data).hexdigest()
    return f"{head}\x1f{data_digest}\x1f".encode() + dump_metadata(stored.metadata) + b"\n"


__getattr__ = _deprecated.old_names(__name__)
