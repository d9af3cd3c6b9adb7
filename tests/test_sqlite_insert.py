"""The SQLite append's multi-row INSERTs (``kimcore.adapters._sqlite_insert``) against their twins.

On any rows, the fast and the plain INSERT leave equal tables (the same values, blobs read back as
``bytes``), refuse the same duplicates as a whole (the append's transaction rolls back), and count
the same new keys when some subjects have one already.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kimcore as k
from kimcore.adapters import _sqlite_insert as ins
from kimcore.adapters._sqlite_schema import migrate
from kimcore.testing.store_machine import new_events

_blobs = st.binary(min_size=0, max_size=40)
_ids = st.binary(min_size=16, max_size=16).filter(lambda b: b != b"\xff" * 16)


@contextmanager
def _store() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    migrate(conn, ":memory:")
    conn.execute("COMMIT")
    try:
        yield conn
    finally:
        conn.close()


@st.composite
def event_rows(draw: st.DrawFn) -> list[ins.EventRow]:
    """Rows as an append writes them: up to a few statements' worth, unique ids and positions."""
    count = draw(st.integers(1, 2 * ins.ROWS_PER_STATEMENT + 5))
    ids = draw(st.lists(_ids, min_size=count, max_size=count, unique=True))
    return [
        (
            draw(st.sampled_from(["group-a", "group-b", "grüp"])),
            n + 1,
            n + 1,
            event_id,
            draw(st.sampled_from(["GroupFormed", "MemberJoined"])),
            draw(st.integers(1, 3)),
            draw(_blobs),
            draw(_blobs),
            "2024-01-01T00:00:00+00:00",
            draw(st.one_of(st.none(), _ids)),
        )
        for n, event_id in enumerate(ids)
    ]


def _events(conn: sqlite3.Connection) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT *, typeof(event_id), typeof(data), typeof(causation_id) FROM kimcore_events"
        " ORDER BY position"
    ).fetchall()


def _write(
    conn: sqlite3.Connection,
    insert: Callable[[sqlite3.Connection, Sequence[Any]], object],
    rows: Sequence[Any],
) -> object:
    # As the store does: inside BEGIN IMMEDIATE, rolled back on an error.
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = insert(conn, rows)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return result


@given(event_rows())
def test_both_event_inserts_leave_equal_tables(rows: list[ins.EventRow]) -> None:
    with _store() as fast, _store() as plain:
        _write(fast, ins.insert_events, rows)
        _write(plain, ins.insert_events_plain, rows)
        assert _events(fast) == _events(plain)
        assert [r[3] for r in _events(fast)] == [r[3] for r in rows]
        assert all(type(r[3]) is bytes for r in _events(fast))


@given(event_rows(), st.data())
def test_both_refuse_a_repeated_event_id_and_write_nothing(
    rows: list[ins.EventRow], data: st.DataObject
) -> None:
    # A second append whose last row repeats an event id recorded by the first.
    again = data.draw(st.sampled_from(rows))
    head = len(rows)
    fresh = (again[0], head + 1, head + 1, b"\xff" * 16, *again[4:])
    repeat = (again[0], head + 2, head + 2, again[3], *again[4:])
    with _store() as fast, _store() as plain:
        for conn, insert in ((fast, ins.insert_events), (plain, ins.insert_events_plain)):
            _write(conn, insert, rows)
            with pytest.raises(sqlite3.IntegrityError):
                _write(conn, insert, [fresh, repeat])
        assert _events(fast) == _events(plain)
        assert len(_events(fast)) == len(rows)


@given(
    st.lists(st.tuples(_ids, st.binary(min_size=32, max_size=32)), max_size=200),
    st.lists(st.tuples(_ids, st.binary(min_size=32, max_size=32)), max_size=200),
)
def test_both_key_inserts_count_the_same_new_keys(
    first: list[ins.KeyRow], second: list[ins.KeyRow]
) -> None:
    with _store() as fast, _store() as plain:
        counts = []
        for conn, insert in ((fast, ins.insert_keys), (plain, ins.insert_keys_plain)):
            counts.append((_write(conn, insert, first), _write(conn, insert, first + second)))
        assert counts[0] == counts[1]
        select = "SELECT subject, key, forgotten_at, typeof(key) FROM kimcore_keys ORDER BY subject"
        assert fast.execute(select).fetchall() == plain.execute(select).fetchall()


def test_a_store_refuses_a_repeated_id_past_the_first_statement_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """An append longer than one INSERT whose last event repeats a stored id leaves no trace."""
    with k.SqliteStore(tmp_path / "kim.db") as store:
        [first] = store.append("probe-1", new_events(1), 0)
        events = new_events(ins.ROWS_PER_STATEMENT + 5, seed=1)
        events[-1] = attrs.evolve(events[-1], event_id=first.event_id)
        with pytest.raises(k.errors.DuplicateEventId):
            store.append("probe-2", events, 0)
        assert store.head_position() == first.position
        assert store.stream_version("probe-2") == 0
        assert store.read_all(0, 1000) == [first]
