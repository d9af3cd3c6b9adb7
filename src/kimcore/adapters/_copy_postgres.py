"""A page of a copy written into PostgreSQL in one transaction: the fast twin of ``_copy_run``.

[`copy_store`][kimcore.stores.copy_store] appends a page of the source stream run by stream run,
each run an append of its own: a commit (and a wait for the disk) per run, and a query for the
keys the target holds already. A data set of 1.26 million events in about 110,000 streams took
more than 50 ms a run on a loaded machine. Into a `PostgresStore` a page goes instead as one
``INSERT`` of every event (their stream versions as the source numbered them), one query for the
keys the target holds and one ``INSERT`` of those it lacks, in one transaction: one commit a page.

Positions are given as the append function gives them (the transaction's id shifted, plus the
event's place in the page), so readers see the page by the same horizon as any append. The page
goes the plain way (returns ``None``) when it holds an erasure (``MemberForgotten``, whose key the
plain append destroys) or when a stream in it does not continue exactly where the target's ends
(an interrupted copy resumed, or a target that differs): the plain way says which, or skips what
was appended already. ``tests/test_copy.py`` checks both ways give the same store.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Final

from kimcore.adapters._pg_arrays import (
    bytea_array,
    int_array,
    text_array,
    time_array,
    uuid_array,
)
from kimcore.adapters._postgres_sql import INDEX_BITS, sealed_subjects
from kimcore.adapters._rows import dump_metadata, run_heads
from kimcore.adapters.postgres import PostgresStore
from kimcore.adapters.postgres_keys import KEY_ROWS
from kimcore.events.envelope import StoredEvent
from kimcore.events.keys import subjects_in
from kimcore.events.personal import MemberForgotten

__all__ = ["PageWriter", "page_writer"]

# (events appended, the target position of the last); None: write the page the plain way.
PageWriter = Callable[[Sequence[StoredEvent], dict[uuid.UUID, bytes]], tuple[int, int] | None]

_VERSIONS: Final = (
    "SELECT stream_id, max(stream_version) FROM {events}"
    " WHERE stream_id = ANY(%s::text[]) GROUP BY stream_id"
)
_INSERT: Final = f"""
INSERT INTO {{events}} (position, stream_id, stream_version, event_id, event_type,
    schema_version, data, metadata, recorded_at, subjects, causation_id)
SELECT (pg_current_xact_id()::text::bigint << {INDEX_BITS}) + t.n, t.stream, t.version, t.id,
    t.type, t.schema, t.data, t.meta, t.at, t.sealed::uuid[], t.cause
FROM unnest(%s::text[], %s::integer[], %s::uuid[], %s::text[], %s::integer[], %s::bytea[],
    %s::bytea[], %s::timestamptz[], %s::text[], %s::uuid[])
    WITH ORDINALITY AS t(stream, version, id, type, schema, data, meta, at, sealed, cause, n)
"""
_BASE: Final = f"SELECT pg_current_xact_id()::text::bigint << {INDEX_BITS}"
_KEYS: Final = "INSERT INTO {keys} (subject, key) SELECT * FROM unnest(%s::uuid[], %s::bytea[])"


def page_writer(target: object) -> PageWriter | None:
    """How to write a page into *target* in one transaction; ``None`` unless a `PostgresStore`."""
    if not isinstance(target, PostgresStore):
        return None
    return lambda page, keys: _write_page(target, page, keys)


def _continues(page: Sequence[StoredEvent], held: list[tuple[Any, ...]]) -> bool:
    """Whether each stream of *page* begins right after the target's last version of it."""
    first: dict[str, int] = {}
    for stored in page:
        first.setdefault(stored.stream_id, stored.stream_version)
    at = dict(held)
    return all(at.get(stream_id, 0) == version - 1 for stream_id, version in first.items())


def _heads(page: Sequence[StoredEvent]) -> list[uuid.UUID | None]:
    """The cause to index of each event of *page*: `run_heads` of each stream's events in it.

    As the append writes it (schema version 5): the page is one transaction, one block of
    positions, so the rest of a run is found behind its head as behind an append's.
    """
    places: dict[str, list[int]] = {}
    for place, stored in enumerate(page):
        places.setdefault(stored.stream_id, []).append(place)
    heads: list[uuid.UUID | None] = [None] * len(page)
    for stream in places.values():
        for place, head in zip(stream, run_heads([page[p] for p in stream]), strict=True):
            heads[place] = head
    return heads


def _write_page(
    target: PostgresStore, page: Sequence[StoredEvent], keys: dict[uuid.UUID, bytes]
) -> tuple[int, int] | None:
    if not page or any(s.event_type == MemberForgotten.event_name for s in page):
        return None
    q = target._q
    sealed = subjects_in(s.data for s in page) & keys.keys()
    streams = sorted({s.stream_id for s in page})
    with target.connection() as conn, conn.transaction():
        if not _continues(page, conn.execute(q(_VERSIONS), (text_array(streams),)).fetchall()):
            return None
        held = {row[0] for row in conn.execute(q(KEY_ROWS), (list(sealed),)).fetchall()}
        conn.execute(
            q(_INSERT),
            (
                text_array(s.stream_id for s in page),
                int_array(s.stream_version for s in page),
                uuid_array(s.event_id for s in page),
                text_array(s.event_type for s in page),
                int_array(s.schema_version for s in page),
                bytea_array(s.data for s in page),
                bytea_array(dump_metadata(s.metadata) for s in page),
                time_array(s.recorded_at for s in page),
                text_array(sealed_subjects(s.data) for s in page),
                uuid_array(_heads(page)),
            ),
        )
        made = {subject: keys[subject] for subject in sealed if subject not in held}
        if made:
            stored = target.keys.for_storage(made)
            conn.execute(q(_KEYS), (uuid_array(stored), bytea_array(stored.values())))
        ((base,),) = conn.execute(q(_BASE)).fetchall()
    target.keys.saw(made)
    return len(page), int(base) + len(page)
