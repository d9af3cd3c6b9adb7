"""The statements both PostgreSQL stores send, and what they make of the rows that come back.

[`PostgresStore`][kimcore.stores.PostgresStore] (psycopg's ``Connection``) and
[`AsyncPostgresStore`][kimcore.stores.AsyncPostgresStore] (its ``AsyncConnection``) send the same
text with the same parameters and read the same rows: only who waits for the answer differs. Each
text names its tables as ``{events}``, ``{keys}``, ``{meta}``, ``{snapshots}`` and ``{schema}``,
which [`Statements`][kimcore.adapters._postgres_queries.Statements] fills in for a store's schema.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection, Sequence
from typing import Any, Final, Literal, LiteralString

import psycopg
from psycopg import sql

from kimcore.adapters._postgres_sql import INDEX_BITS, WRONG_VERSION, append_parameters
from kimcore.adapters._rows import event_of_row
from kimcore.adapters.keys import KeyBook, new_keys_of
from kimcore.application.ports.store import batch_of, check_append_args
from kimcore.events.envelope import NewEvent, StoredEvent
from kimcore.events.keys import Keys
from kimcore.vocabulary.errors import DuplicateEventId, InvalidStoreArgument, WrongExpectedVersion

__all__ = [
    "COLUMNS",
    "COUNT_AFTER",
    "EVENTS_WITH_IDS",
    "HEAD",
    "INDEXED_AFTER",
    "LOAD_SNAPSHOT",
    "MAX_BATCH",
    "NOTIFY",
    "READ_ALL",
    "READ_FROM_SNAPSHOT",
    "READ_STREAM",
    "READ_WITH_KEYS",
    "RECORDED_BY",
    "RECORDED_BY_UNINDEXED",
    "SAVE_SNAPSHOT",
    "SCHEMA_VERSION_ROW",
    "STREAM_VERSION",
    "Statements",
    "append_call",
    "check_batch",
    "command_runs",
    "duplicate_in",
    "event_row",
    "refused_by",
    "with_keys",
    "wrong_version",
]

# The most events one append holds: an event's index in its batch is its position's low bits.
MAX_BATCH: Final = 1 << INDEX_BITS
COLUMNS: Final = (
    "stream_id, stream_version, position, event_id, event_type, schema_version,"
    " data, metadata, recorded_at"
)
# The positions every reader may see: those of finished transactions only.
_HORIZON = f"(pg_snapshot_xmin(pg_current_snapshot())::text::bigint << {INDEX_BITS})"

READ_STREAM: Final = (
    f"SELECT {COLUMNS} FROM {{events}} WHERE stream_id = %s"
    " AND stream_version >= %s ORDER BY stream_version LIMIT %s"
)
# The horizon filters the page, not the index scan: as a range bound it is
# unknown when the statement is planned, and PostgreSQL then guessed a few
# hundred rows and sorted the whole log for each page. Positions above the
# horizon come last in the page, so what remains is its first part: nothing is
# skipped.
READ_ALL: Final = (
    f"SELECT {COLUMNS} FROM (SELECT {COLUMNS} FROM {{events}}"
    " WHERE position > %s ORDER BY position LIMIT %s) AS page"
    f" WHERE position < {_HORIZON} ORDER BY position"
)
STREAM_VERSION: Final = "SELECT coalesce(max(stream_version), 0) FROM {events} WHERE stream_id = %s"
COUNT_AFTER: Final = (
    "SELECT count(*) FROM (SELECT position FROM {events}"
    " WHERE position > %s ORDER BY position LIMIT %s) AS page"
    f" WHERE position < {_HORIZON}"
)
HEAD: Final = f"SELECT coalesce(max(position), 0) FROM {{events}} WHERE position < {_HORIZON}"
EVENTS_WITH_IDS: Final = (
    "SELECT event_id, stream_id, stream_version, position FROM {events} WHERE event_id = ANY(%s)"
)
SAVE_SNAPSHOT: Final = (
    "INSERT INTO {snapshots} (stream_id, stream_version, state_type, schema_version, data)"
    " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (stream_id) DO UPDATE SET"
    " stream_version = excluded.stream_version, state_type = excluded.state_type,"
    " schema_version = excluded.schema_version, data = excluded.data"
    " WHERE excluded.stream_version > {snapshots}.stream_version"
)
LOAD_SNAPSHOT: Final = (
    "SELECT stream_version, state_type, schema_version, data FROM {snapshots} WHERE stream_id = %s"
)
READ_FROM_SNAPSHOT: Final = (
    f"SELECT {COLUMNS} FROM {{events}} WHERE stream_id = %(s)s"
    " AND stream_version > coalesce((SELECT stream_version FROM {snapshots}"
    " WHERE stream_id = %(s)s), 0) ORDER BY stream_version"
)
# A stream's events after its snapshot (part 0), then the stored keys (part 1) of the
# subjects they seal, as (subject, key) in the event_id and data columns, and a row
# (part 2) if the stream has a snapshot. The subjects are the column the append wrote;
# only a row written before schema version 3 (subjects NULL) has its payload searched, read as
# ``escape`` text: the tokens are ASCII, and a damaged payload (a NUL byte, bytes that are not
# UTF-8) reaches the codec, which names its row, instead of failing the whole read.
READ_WITH_KEYS: Final = (
    "WITH tail AS (SELECT " + COLUMNS + ", subjects FROM {events} WHERE stream_id = %(s)s"
    " AND stream_version > coalesce((SELECT stream_version FROM {snapshots}"
    " WHERE stream_id = %(s)s), 0)),"
    " named AS (SELECT unnest(subjects) AS subject FROM tail WHERE subjects IS NOT NULL"
    " UNION SELECT (regexp_matches(encode(data, 'escape'),"
    " 'pd1[.]([0-9a-f]{{32}})[.]', 'g'))[1]::uuid FROM tail WHERE subjects IS NULL)"
    " SELECT 0 AS part, " + COLUMNS + " FROM tail"
    " UNION ALL SELECT 1, NULL, NULL, NULL, k.subject, NULL, NULL, k.key, NULL, NULL"
    " FROM {keys} AS k WHERE k.subject = ANY(ARRAY(SELECT subject FROM named))"
    " AND k.key IS NOT NULL"
    " UNION ALL SELECT 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    " FROM {snapshots} WHERE stream_id = %(s)s"
    " ORDER BY part, stream_version"
)
# A command's events: each row the index holds for it (the head of a run, schema version 5; every
# caused event under 4), and the rows of the same append behind it, with their causation ids for
# `command_runs` to end each run. An append is one transaction, its positions one block.
RECORDED_BY: Final = (
    "SELECT e.stream_id, e.stream_version, e.position, e.event_id, e.event_type,"
    " e.schema_version, e.data, e.metadata, e.recorded_at, e.causation_id"
    " FROM {events} AS h JOIN {events} AS e ON e.stream_id = h.stream_id"
    f" AND e.position >= h.position AND e.position < ((h.position >> {INDEX_BITS}) + 1)"
    f" << {INDEX_BITS} WHERE h.causation_id = %s AND h.stream_id = %s ORDER BY e.stream_version"
)
# A stream's rows written before schema version 4, whose metadata names their command.
RECORDED_BY_UNINDEXED: Final = (
    f"SELECT {COLUMNS} FROM {{events}} WHERE stream_id = %s AND causation_id IS NULL"
    " AND position <= %s ORDER BY stream_version"
)
INDEXED_AFTER: Final = (
    "SELECT coalesce((SELECT value::bigint FROM {meta} WHERE key = 'commands_indexed_after'), 0)"
)
SCHEMA_VERSION_ROW: Final = "SELECT value FROM {meta} WHERE key = 'schema_version'"
NOTIFY: Final = "SELECT pg_notify(%s, '')"


class Statements:
    """The statements' texts with their tables named in *schema*, each composed once.

    Composing was a tenth of an append; as text, psycopg's own cache of parsed queries applies.
    The schema is quoted by ``sql.Identifier``; values still go as parameters.
    """

    def __init__(self, schema: str) -> None:
        ident = sql.Identifier(schema)
        self.schema = schema
        self.events = sql.SQL("{}.kimcore_events").format(ident)
        self._tables = {
            "events": self.events,
            "keys": sql.SQL("{}.kimcore_keys").format(ident),
            "meta": sql.SQL("{}.kimcore_meta").format(ident),
            "snapshots": sql.SQL("{}.kimcore_snapshots").format(ident),
            "schema": ident,
        }
        self._texts: dict[str, LiteralString] = {}

    def __call__(self, text: str) -> LiteralString:
        """*text* with its tables named in this schema."""
        query = self._texts.get(text)
        if query is None:
            composed = sql.SQL(text).format(**self._tables)
            query = self._texts[text] = composed.as_string()
        return query


def event_row(row: Sequence[Any]) -> StoredEvent:
    """The stored event of a row of `COLUMNS`, read in binary (bytea as bytes, uuid parsed)."""
    return event_of_row(row, event_id=_as_read, recorded_at=_as_read)


def command_runs(rows: Sequence[Sequence[Any]], command_id: uuid.UUID) -> list[StoredEvent]:
    """The events of `RECORDED_BY`'s *rows* that *command_id* caused, once each, in order.

    A row that names a cause starts a run if it is *command_id* and ends one if not; a row that
    names none continues the run it follows while its metadata names *command_id*. Heads of one
    append read its later rows again: each version is taken once.
    """
    found: list[StoredEvent] = []
    taking, last = False, 0
    for row in rows:
        if row[1] == last:
            continue
        last = row[1]
        event = event_row(row[:-1])
        if row[-1] is not None:
            taking = row[-1] == command_id
        else:
            taking = taking and event.metadata.causation_id == command_id
        if taking:
            found.append(event)
    return found


def _as_read(value: Any) -> Any:
    return value


def with_keys(
    rows: Sequence[Sequence[Any]], opened: Callable[[bytes, bytes], bytes]
) -> tuple[list[StoredEvent], Keys] | None:
    """The events and keys of `READ_WITH_KEYS`' rows; ``None`` when the stream has a snapshot.

    A snapshot's sealed values need keys too: the caller reads in parts then. *opened* turns a
    stored key into a data key (unwrapping it when the store wraps its keys).
    """
    if rows and rows[-1][0] == 2:
        return None
    events = [event_row(r[1:]) for r in rows if r[0] == 0]
    keys = {r[4]: opened(r[4].bytes, r[7]) for r in rows if r[0] == 1}
    return events, Keys(keys)


def check_batch(
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    forget: Collection[uuid.UUID],
) -> tuple[tuple[NewEvent, ...], Collection[uuid.UUID]]:
    """The port's checks of an append's arguments, and PostgreSQL's bound on its size.

    Returns the events and subjects as the append writes them (see `check_append_args`).
    """
    batch = batch_of(events)
    if len(batch) > MAX_BATCH:  # before its events are checked: a huge batch is refused at once
        raise InvalidStoreArgument("events", f"at most {MAX_BATCH} in one append")
    return check_append_args(stream_id, batch, expected_version, forget)


def append_call(
    q: Statements,
    keys: KeyBook,
    stream_id: str,
    events: Sequence[NewEvent],
    expected_version: int,
    *,
    forget: Collection[uuid.UUID],
    channel: str | None,
) -> tuple[LiteralString, tuple[Any, ...], dict[uuid.UUID, bytes]]:
    """The statement of an append, its parameters, and the new keys it writes.

    The new keys are those the events carry, stored as *keys* stores them (wrapped by its KEK);
    with a *channel* the append sends ``NOTIFY`` there as it commits.
    """
    made = new_keys_of(events, forget)
    text, params = append_parameters(
        stream_id,
        events,
        expected_version,
        made=keys.for_storage(made),
        forget=forget,
        channel=channel,
    )
    return q(text), params, made


def wrong_version(
    stream_id: str, expected_version: int, exc: psycopg.Error
) -> WrongExpectedVersion | None:
    """The error of an append the append function refused for its version, else ``None``."""
    if exc.sqlstate != WRONG_VERSION:
        return None
    return WrongExpectedVersion(stream_id, expected_version, int(exc.diag.message_detail or -1))


def refused_by(exc: psycopg.errors.UniqueViolation) -> Literal["keys", "event_id", "version"]:
    """Which unique index refused an append: a key's, an event id's, or a stream version's."""
    constraint = exc.diag.constraint_name or ""
    if constraint == "kimcore_keys_pkey":
        return "keys"
    if "event_id" in constraint:
        return "event_id"
    return "version"


def duplicate_in(
    events: Sequence[NewEvent], rows: Sequence[Sequence[Any]]
) -> DuplicateEventId | None:
    """The first of *events* recorded already, from `EVENTS_WITH_IDS`' rows for their ids."""
    recorded = {row[0]: row[1:] for row in rows}
    for event in events:
        where = recorded.get(event.event_id)
        if where is not None:
            stream_id, version, position = where
            return DuplicateEventId(
                event.event_id, f"stream {stream_id!r} version {version} position {position}"
            )
    return None
