"""The PostgreSQL schema (tables, and the function each append calls), and that call.

Schema versions:

1. The tables ``kimcore_meta``, ``kimcore_events``, ``kimcore_keys`` and
   ``kimcore_snapshots``.
2. The function ``kimcore_append``: an append (version check, rows, new
   keys, erasures, ``NOTIFY``) as one statement, so it costs one round trip
   and commits on its own in an autocommit session.
3. ``kimcore_events.subjects``: the subjects whose sealed values an event
   holds, written by the append (``{}`` for none), so a stream's keys are
   joined by that column instead of a regular expression over the payloads.
   Rows written before it hold ``NULL`` there and are read the old way.
4. ``kimcore_events.causation_id`` (the command id an event's metadata names) and its index,
   written by the append: what ``recorded_by`` finds a command's events by. Rows written before
   it hold ``NULL`` there; ``commands_indexed_after`` in ``kimcore_meta`` is the last position
   they may have, and they are searched by their metadata, one stream at a time.
5. Nothing added: the meaning of ``causation_id`` narrows, as SQLite's schema version 3 did. An
   append fills it only on the first of each run of its events with one cause (`run_heads`); the
   rest hold ``NULL`` and are read behind that first one, among the rows of the same append (the
   same transaction id in the position's high bits). A command's ten events add one entry to
   the index, not ten: W2 writes 61 WAL records a commit instead of 70 (docs/performance.md).
   Rows written under version 4 (every caused event indexed) read as they are; a schema at
   version 5 is refused by a kimcore that would miss the unindexed rest of a run.

The steps between versions are `kimcore.adapters._postgres_migrations`.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Collection, Sequence
from typing import Any, Final

from kimcore.adapters._pg_arrays import bytea_array, int_array, text_array, time_array, uuid_array
from kimcore.adapters._rows import dump_metadata_of, run_heads
from kimcore.events.envelope import NewEvent
from kimcore.events.keys import hex_subjects_in

__all__ = [
    "APPEND",
    "FUNCTION",
    "SCALAR_LIMIT",
    "SCHEMA_VERSION",
    "TABLES",
    "WRONG_VERSION",
    "append_parameters",
    "append_statement",
    "sealed_subjects",
]

SCHEMA_VERSION: Final = 5
INDEX_BITS: Final = 20
# The SQLSTATE ``kimcore_append`` raises when the stream is not at the expected
# version; the error's detail is the stream's actual version.
WRONG_VERSION: Final = "KC409"

TABLES: Final = """
CREATE SCHEMA IF NOT EXISTS {schema};
CREATE TABLE IF NOT EXISTS {schema}.kimcore_meta (
    key text PRIMARY KEY,
    value text NOT NULL
);
CREATE TABLE IF NOT EXISTS {schema}.kimcore_events (
    position bigint PRIMARY KEY,
    stream_id text NOT NULL,
    stream_version integer NOT NULL,
    event_id uuid NOT NULL UNIQUE,
    event_type text NOT NULL,
    schema_version integer NOT NULL,
    data bytea NOT NULL,
    metadata bytea NOT NULL,
    recorded_at timestamptz NOT NULL,
    UNIQUE (stream_id, stream_version)
);
CREATE TABLE IF NOT EXISTS {schema}.kimcore_keys (
    subject uuid PRIMARY KEY,
    key bytea,
    forgotten_at timestamptz
);
CREATE TABLE IF NOT EXISTS {schema}.kimcore_snapshots (
    stream_id text PRIMARY KEY,
    stream_version integer NOT NULL,
    state_type text NOT NULL,
    schema_version integer NOT NULL,
    data bytea NOT NULL
)
"""

# New keys are inserted without ON CONFLICT: a subject that has a key (another
# writer's, or a tombstone) fails the whole append with a unique violation on
# kimcore_keys_pkey, and the store then says which of the two it was.
FUNCTION: Final = f"""
CREATE OR REPLACE FUNCTION {{schema}}.kimcore_append(
    p_stream text, p_expected integer, p_ids uuid[], p_types text[], p_schemas integer[],
    p_data bytea[], p_metadata bytea[], p_at timestamptz[], p_sealed text[], p_causes uuid[],
    p_subjects uuid[], p_keys bytea[], p_forget uuid[], p_channel text,
    OUT version integer, OUT base bigint)
LANGUAGE plpgsql AS $$
BEGIN
    SELECT coalesce(max(e.stream_version), 0) INTO version
        FROM {{schema}}.kimcore_events e WHERE e.stream_id = p_stream;
    IF p_expected >= 0 AND version <> p_expected THEN
        RAISE EXCEPTION 'stream % is at version %, not %', p_stream, version, p_expected
            USING ERRCODE = '{WRONG_VERSION}', DETAIL = version::text;
    END IF;
    base := pg_current_xact_id()::text::bigint << {INDEX_BITS};
    INSERT INTO {{schema}}.kimcore_events (stream_id, stream_version, position, event_id,
        event_type, schema_version, data, metadata, recorded_at, subjects, causation_id)
    SELECT p_stream, version + t.n, base + t.n, t.id, t.type, t.schema, t.data, t.meta, t.at,
        t.sealed::uuid[], t.cause
    FROM unnest(p_ids, p_types, p_schemas, p_data, p_metadata, p_at, p_sealed, p_causes)
        WITH ORDINALITY AS t(id, type, schema, data, meta, at, sealed, cause, n);
    IF cardinality(p_subjects) > 0 THEN
        INSERT INTO {{schema}}.kimcore_keys (subject, key)
        SELECT * FROM unnest(p_subjects, p_keys);
    END IF;
    IF cardinality(p_forget) > 0 THEN
        INSERT INTO {{schema}}.kimcore_keys (subject, key, forgotten_at)
        SELECT s, NULL, now() FROM unnest(p_forget) AS s
        ON CONFLICT (subject) DO UPDATE SET key = NULL, forgotten_at = excluded.forgotten_at;
    END IF;
    IF cardinality(p_ids) > 0 AND p_channel IS NOT NULL THEN
        PERFORM pg_notify(p_channel, base::text);
    END IF;
END
$$
"""

APPEND: Final = (
    "SELECT version, base FROM {schema}.kimcore_append(%s, %s, %s::uuid[], %s::text[],"
    " %s::integer[], %s::bytea[], %s::bytea[], %s::timestamptz[], %s::text[], %s::uuid[],"
    " %s::uuid[], %s::bytea[], %s::uuid[], %s)"
)

# Up to this many events and new keys, each value is a parameter of its own
# (``ARRAY[%s, …]``): psycopg dumps them in C, bytes in binary, and the server
# parses no array text. Larger batches send each array as one literal.
SCALAR_LIMIT: Final = 16


def sealed_subjects(data: bytes) -> str:
    """The ``subjects`` of an event with payload *data*: ``{…}`` of the subjects its tokens name."""
    return uuid_array(sorted(hex_subjects_in((data,)))) if b"pd1." in data else "{}"


def _array(count: int, mark: str, type_: str) -> str:
    return f"ARRAY[{', '.join([mark] * count)}]::{type_}[]"


@functools.cache
def append_statement(events: int, keys: int) -> str:
    """The text of an append of *events* events writing *keys* new keys, a parameter a value.

    Made once per shape: at most ``SCALAR_LIMIT + 1`` squared of them.
    """
    arrays = (
        _array(events, "%s", "uuid"),
        _array(events, "%s", "text"),
        _array(events, "%s", "integer"),
        _array(events, "%b", "bytea"),
        _array(events, "%b", "bytea"),
        _array(events, "%s", "timestamptz"),
        _array(events, "%s", "text"),
        _array(events, "%s", "uuid"),
        _array(keys, "%s", "uuid"),
        _array(keys, "%b", "bytea"),
    )
    return (
        "SELECT version, base FROM {schema}.kimcore_append(%s, %s, "
        + ", ".join(arrays)
        + ", %s::uuid[], %s)"
    )


def append_parameters(
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    *,
    made: dict[uuid.UUID, bytes],
    forget: Collection[uuid.UUID],
    channel: str | None,
) -> tuple[str, tuple[Any, ...]]:
    """The statement text (``{schema}`` still to fill) and parameters of one append.

    *made* are the new keys to write, *forget* the subjects whose keys to
    destroy, *channel* where to notify (``None``: not this append).
    """
    metadata = dump_metadata_of(events)
    sealed = [sealed_subjects(e.data) for e in events]
    causes = run_heads(events)
    if len(events) <= SCALAR_LIMIT and len(made) <= SCALAR_LIMIT:
        return append_statement(len(events), len(made)), (
            stream_id,
            expected_version,
            *(e.event_id for e in events),
            *(e.event_type for e in events),
            *(e.schema_version for e in events),
            *(e.data for e in events),
            *metadata,
            *(e.recorded_at for e in events),
            *sealed,
            *causes,
            *made,
            *made.values(),
            uuid_array(forget),
            channel,
        )
    return APPEND, (
        stream_id,
        expected_version,
        uuid_array(e.event_id for e in events),
        text_array(e.event_type for e in events),
        int_array(e.schema_version for e in events),
        bytea_array(e.data for e in events),
        bytea_array(metadata),
        time_array(e.recorded_at for e in events),
        text_array(sealed),
        uuid_array(causes),
        uuid_array(made),
        bytea_array(made.values()),
        uuid_array(forget),
        channel,
    )
