"""Stores written by an older kimcore open, migrate, and read and write as before.

The fixtures in ``tests/fixtures/stores`` were written by older kimcores (commit 91e2eb7,
ab0568d for ``sqlite-v2.db`` and 29f341d for ``sqlite-v3.db``; see its ``make.py``): never rewrite
them.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from pathlib import Path

import pytest
from tests.services import postgres_schema

import kimcore as k
from kimcore.adapters.sqlite import SCHEMA_VERSION as SQLITE_VERSION
from kimcore.events.personal import ErasureBasis, ErasureRequester

STORES = Path(__file__).parent / "fixtures" / "stores"
BATCH_GROUP = uuid.UUID(int=3 | (1 << 120))  # as make.py wrote them into sqlite-v2.db
BATCH_COMMAND = uuid.UUID("01900000-0000-7000-8000-00000000c0de")
EXPECTED: dict[str, list[str]] = json.loads((STORES / "expected.json").read_text())
DAY = dt.date(2025, 4, 1)


def _names(app: k.Application) -> dict[str, list[str]]:
    found = {}
    for group_id in EXPECTED:
        state = app.group(uuid.UUID(group_id))
        assert state is not None
        found[group_id] = sorted(m.name for m in state.members.values())
    return found


def _old_commands_found(store: k.stores.EventStore) -> None:
    """Commands recorded before the index of command ids are found by their metadata."""
    # By stream: the global log of a restored dump waits for the server's own transaction ids.
    old = [s for group in EXPECTED for s in store.read_stream(f"group-{group}")]
    assert old
    for stored in old:
        cause = stored.metadata.causation_id
        assert cause is not None
        expected = [
            s for s in store.read_stream(stored.stream_id) if s.metadata.causation_id == cause
        ]
        assert store.recorded_by(stored.stream_id, cause) == expected
    assert store.recorded_by(old[0].stream_id, uuid.uuid4()) == []


def _still_works(store: k.stores.EventStore) -> None:
    """The old events read as they did; new ones are written, read and erased beside them."""
    _old_commands_found(store)
    app = k.Application(store, snapshot_every={})
    assert _names(app) == EXPECTED
    first = uuid.UUID(next(iter(EXPECTED)))
    newcomer = k.MemberDetails(
        member_id=uuid.uuid4(), name="Warga Baru", category=k.MemberCategory.FARMER
    )
    app.handle(k.JoinGroup(group_id=first, member=newcomer, joined_on=DAY))
    expected = dict(EXPECTED)
    expected[str(first)] = sorted([*EXPECTED[str(first)], "Warga Baru"])
    assert _names(k.Application(store, snapshot_every={})) == expected
    # An old member and the new one forgotten: both read redacted from then on.
    old_member = next(
        m.member_id
        for m in app.group(first).members.values()  # type: ignore[union-attr]
        if m.name == "Warga Lama 1-1"
    )
    for subject in (old_member, newcomer.member_id):
        app.handle(
            k.ForgetSubject(
                subject_id=subject,
                requested_by=ErasureRequester.DATA_SUBJECT,
                basis=ErasureBasis.SUBJECT_REQUEST,
                requested_on=DAY,
            )
        )
    names = _names(k.Application(store, snapshot_every={}))[str(first)]
    assert names == ["Warga Lama 1-0", "Warga Lama 1-2", "[redacted]", "[redacted]"]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_a_sqlite_store_written_by_an_older_schema_version_opens_and_migrates(
    tmp_path: Path, version: int
) -> None:
    path = tmp_path / "old.db"
    shutil.copy(STORES / f"sqlite-v{version}.db", path)
    store = k.SqliteStore(path)
    assert store.schema_version() == SQLITE_VERSION == 4
    _still_works(store)
    store.close()


def test_commands_of_schema_version_2_and_3_are_found_whole_side_by_side(tmp_path: Path) -> None:
    """Version 2 indexed every event of a command; version 3 the first of each run."""
    path = tmp_path / "old.db"
    shutil.copy(STORES / "sqlite-v2.db", path)
    store = k.SqliteStore(path)
    stream = f"group-{BATCH_GROUP}"
    old = store.recorded_by(stream, BATCH_COMMAND)
    assert [e.stream_version for e in old] == [1, 2, 3]
    assert old == store.read_stream(stream)
    app = k.Application(store)

    def joined(n: int) -> k.events.MemberJoined:
        member = k.MemberDetails(
            member_id=uuid.uuid4(), name=f"Warga Baru {n}", category=k.MemberCategory.FARMER
        )
        return k.events.MemberJoined(group_id=BATCH_GROUP, member=member, joined_on=DAY)

    command = uuid.uuid4()
    same = k.events.Metadata(correlation_id=command, causation_id=command)
    other = uuid.uuid4()
    new = store.append(stream, app.encode([joined(1), joined(2), joined(3)], same), 3)
    between = store.append(
        stream, app.encode([joined(4)], k.events.Metadata(causation_id=other)), 6
    )
    uncaused = store.append(stream, app.encode([joined(5)], k.events.Metadata()), 7)
    again = store.append(stream, app.encode([joined(6)], same), 8)
    assert store.recorded_by(stream, command) == [*new, *again]
    assert store.recorded_by(stream, other) == list(between)
    assert store.recorded_by(stream, BATCH_COMMAND) == old
    assert uncaused[0].metadata.causation_id is None
    # One entry in the index for the run of three, then one for each later append.
    indexed = store.connection().execute(
        "SELECT stream_version FROM kimcore_events WHERE stream_id = ?"
        " AND causation_id IS NOT NULL ORDER BY stream_version",
        (stream,),
    )
    assert [v for (v,) in indexed] == [1, 2, 3, 4, 7, 9]
    store.close()


def test_commands_of_schema_version_3_and_4_are_found_side_by_side(tmp_path: Path) -> None:
    """Version 4 leaves a run whose first event is named by its cause to the event-id index."""
    path = tmp_path / "old.db"
    shutil.copy(STORES / "sqlite-v3.db", path)
    store = k.SqliteStore(path)
    conn = store.connection()
    indexed_before = conn.execute(
        "SELECT count(*) FROM kimcore_events WHERE causation_id IS NOT NULL"
    ).fetchone()[0]
    first = uuid.UUID(next(iter(EXPECTED)))
    stream = f"group-{first}"
    app = k.Application(store)

    def member(n: int) -> k.MemberDetails:
        return k.MemberDetails(
            member_id=uuid.uuid4(), name=f"Warga Baru {n}", category=k.MemberCategory.FARMER
        )

    minted = app.handle(k.JoinGroup(group_id=first, member=member(1), joined_on=DAY))
    given = uuid.uuid4()
    sent = app.handle(
        k.JoinGroup(group_id=first, member=member(2), joined_on=DAY), command_id=given
    )
    (made,) = minted
    assert made.event_id == made.metadata.causation_id
    assert sent[0].event_id != given
    # The minted command added nothing to the index of causes; the given one its first event.
    indexed = conn.execute(
        "SELECT stream_version FROM kimcore_events WHERE causation_id IS NOT NULL AND position > 10"
    ).fetchall()
    assert [v for (v,) in indexed] == [sent[0].stream_version]
    assert [e.position for e in store.recorded_by(stream, made.event_id)] == [made.position]
    assert [e.position for e in store.recorded_by(stream, given)] == [e.position for e in sent]
    # A command sent with an event's id as its own is not that event's command ...
    assert store.recorded_by(stream, sent[0].event_id) == []
    # ... nor an event id on another stream, nor an old command's events anything but theirs.
    assert store.recorded_by(f"group-{BATCH_GROUP}", made.event_id) == []
    _old_commands_found(store)
    assert (
        conn.execute(
            "SELECT count(*) FROM kimcore_events WHERE causation_id IS NOT NULL"
        ).fetchone()[0]
        == indexed_before + 1
    )
    store.close()


def _load_dump(url: str, schema: str) -> None:
    psycopg = pytest.importorskip("psycopg")
    lines = (STORES / "postgres-v2.sql").read_text().splitlines()
    # psql's own commands (\restrict) are not SQL; the schema takes the test's name.
    text = "\n".join(line for line in lines if not line.startswith("\\"))
    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        conn.execute(text.replace("kimcore_fixture", schema))  # type: ignore[call-overload]
        conn.execute("SELECT pg_catalog.set_config('search_path', 'public', false)")


def test_a_postgres_store_written_by_schema_version_2_opens_and_migrates() -> None:
    from kimcore.adapters._postgres_sql import SCHEMA_VERSION

    with postgres_schema("kim_old") as (url, schema):
        _load_dump(url, schema)
        store = k.open_store(url)
        assert isinstance(store, k.PostgresStore)
        assert store.schema_version() == SCHEMA_VERSION
        with store.connection() as conn:
            old = conn.execute(
                f'SELECT count(*) FROM "{schema}".kimcore_events WHERE subjects IS NULL'
            ).fetchone()[0]
        assert old == 7  # read by the payloads' tokens, as before
        _still_works(store)
        with store.connection() as conn:
            new = conn.execute(
                f'SELECT event_type, subjects FROM "{schema}".kimcore_events'
                " WHERE subjects IS NOT NULL ORDER BY position"
            ).fetchall()
        assert [row[0] for row in new] == ["MemberJoined", "MemberForgotten", "MemberForgotten"]
        assert len(new[0][1]) == 1  # the newcomer, sealed in the join
        assert new[1][1] == new[2][1] == []
        store.close()


def test_commands_of_postgres_schema_version_4_and_5_are_found_whole_side_by_side() -> None:
    """Version 4 indexed every event of a command; version 5 the first of each run."""
    from kimcore.adapters._postgres_sql import SCHEMA_VERSION

    with postgres_schema("kim_runs") as (url, schema):
        store = k.open_store(url)
        assert isinstance(store, k.PostgresStore)
        assert store.schema_version() == SCHEMA_VERSION == 5
        app = k.Application(store)
        group = uuid.uuid4()
        stream = f"group-{group}"

        def joined(n: int) -> k.events.MemberJoined:
            member = k.MemberDetails(
                member_id=uuid.uuid4(), name=f"Warga Baru {n}", category=k.MemberCategory.FARMER
            )
            return k.events.MemberJoined(group_id=group, member=member, joined_on=DAY)

        def caused(command: uuid.UUID) -> k.events.Metadata:
            return k.events.Metadata(correlation_id=command, causation_id=command)

        old_command, command, other = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        old = store.append(stream, app.encode([joined(1), joined(2)], caused(old_command)), 0)
        # As schema version 4 wrote them: the cause in the column of every caused event.
        with store.connection() as conn:
            conn.execute(
                f'UPDATE "{schema}".kimcore_events SET causation_id = %s WHERE stream_id = %s',
                (old_command, stream),
            )
        new = store.append(
            stream, app.encode([joined(3), joined(4), joined(5)], caused(command)), 2
        )
        between = store.append(stream, app.encode([joined(6)], caused(other)), 5)
        uncaused = store.append(stream, app.encode([joined(7)], k.events.Metadata()), 6)
        mixed = app.encode([joined(8), joined(9)], caused(command))
        mixed.insert(1, app.encode([joined(10)], caused(other))[0])
        again = store.append(stream, mixed, 7)
        assert uncaused[0].metadata.causation_id is None
        assert store.recorded_by(stream, old_command) == list(old)
        assert store.recorded_by(stream, command) == [*new, again[0], again[2]]
        assert store.recorded_by(stream, other) == [*between, again[1]]
        assert store.recorded_by(stream, uuid.uuid4()) == []
        with store.connection() as conn:
            indexed = conn.execute(
                f'SELECT stream_version FROM "{schema}".kimcore_events WHERE stream_id = %s'
                " AND causation_id IS NOT NULL ORDER BY stream_version",
                (stream,),
            ).fetchall()
        # Both of the old run, then one entry for the run of three, and one a run after.
        assert [v for (v,) in indexed] == [1, 2, 3, 6, 8, 9, 10]
        store.close()
