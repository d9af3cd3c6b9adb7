"""What only the SQLite store can show: its file, its schema, and real processes."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import uuid
from pathlib import Path

import pytest
from tests.builders import GROUP_ID, D, form

import kimcore as k

NAME, CONTACT = "Siti Rahmawati Nasution", "+62 812 5555 0101"


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_forgotten_subject_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    app = k.Application(store)
    siti = k.MemberDetails(
        member_id=uuid.uuid4(), name=NAME, contact=CONTACT, category=k.MemberCategory.PARENT
    )
    app.handle(form(3))
    app.handle(k.JoinGroup(group_id=GROUP_ID, member=siti, joined_on=D(2024, 2, 1)))
    key = store.keys.get(siti.member_id)
    assert key is not None
    before = file_bytes(path)
    assert NAME.encode() not in before  # sealed before it was ever written
    assert key in before
    app.forget(
        k.ForgetSubject(
            subject_id=siti.member_id,
            requested_by=k.ErasureRequester.DATA_SUBJECT,
            basis=k.ErasureBasis.SUBJECT_REQUEST,
            requested_on=D(2025, 1, 1),
        )
    )
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[siti.member_id].name is k.REDACTED
    store.close()
    after = file_bytes(path)
    for secret in (NAME.encode(), CONTACT.encode(), b"Rahmawati", key):
        assert secret not in after
    reopened = k.Application(k.SqliteStore(path))
    state = reopened.group(GROUP_ID)
    assert state is not None
    assert state.members[siti.member_id].contact is k.REDACTED
    assert len(state.members) == 4


def test_events_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    first = k.Application(k.SqliteStore(path))
    first.handle(form(3))
    first.store.close()
    again = k.Application(k.open_store(f"sqlite:///{path}"))
    state = again.group(GROUP_ID)
    assert state is not None
    assert len(state.members) == 3
    assert again.store.head_position() == 1


def test_the_schema_carries_its_version(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    assert store.schema_version() == 1
    store.close()
    with sqlite3.connect(path) as raw:
        raw.execute("UPDATE kimcore_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(k.StoreError, match="schema version 99, newer than this kimcore"):
        k.SqliteStore(path)


def test_pragmas(tmp_path: Path) -> None:
    full = k.SqliteStore(tmp_path / "full.db")
    normal = k.SqliteStore(tmp_path / "normal.db", durability="normal")
    assert full.connection().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert full.connection().execute("PRAGMA synchronous").fetchone()[0] == 2
    assert normal.connection().execute("PRAGMA synchronous").fetchone()[0] == 1
    assert full.connection().execute("PRAGMA secure_delete").fetchone()[0] == 1
    with pytest.raises(k.StoreError, match="durability"):
        k.SqliteStore(tmp_path / "x.db", durability="sometimes")  # type: ignore[arg-type]


def test_a_closed_store_refuses_new_work(tmp_path: Path) -> None:
    store = k.SqliteStore(tmp_path / "kim.db")
    store.close()
    with pytest.raises(k.StoreError, match="closed"):
        store.head_position()


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite://host/kim.db", "no host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///kim.db?fast=yes", "unknown option"),
        ("memory://?x=1", "unknown option"),
        ("postgresql://localhost/test", "not available"),
        ("redis://localhost", "no store for the scheme 'redis'"),
    ],
)
def test_bad_urls_are_refused_clearly(url: str, problem: str) -> None:
    with pytest.raises(k.StoreError, match=problem):
        k.open_store(url)


def test_open_store_memory_and_relative_sqlite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(k.open_store("memory://"), k.MemoryStore)
    monkeypatch.chdir(tmp_path)
    store = k.open_store("sqlite:///relative.db")
    assert isinstance(store, k.SqliteStore)
    store.close()
    assert (tmp_path / "relative.db").exists()


WRITER = textwrap.dedent(
    """
    import sys, uuid, datetime as dt
    import kimcore as k
    from kimcore.testing.store_machine import new_events
    path, n, appends = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = k.SqliteStore(path)
    done = 0
    while done < appends:
        version = store.stream_version("group-shared")
        try:
            store.append("group-shared", new_events(1, seed=n * 100000 + done), version)
            done += 1
        except k.WrongExpectedVersion:
            pass
    store.close()
    """
)


def test_writer_processes_lose_nothing_and_a_subscriber_sees_all_in_order(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    writers, appends = 4, 40
    seen: list[k.StoredEvent] = []
    subscription = k.Subscription(store, poll=0.05)

    def follow() -> None:
        for event in subscription:
            seen.append(event)
            if len(seen) == writers * appends:
                subscription.stop()

    follower = threading.Thread(target=follow)
    follower.start()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), str(n), str(appends)])
        for n in range(writers)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * writers
    follower.join(timeout=60)
    subscription.stop()
    assert not follower.is_alive()
    events = store.read_stream("group-shared")
    assert [e.stream_version for e in events] == list(range(1, writers * appends + 1))
    assert len({e.event_id for e in events}) == writers * appends
    assert [e.position for e in seen] == list(range(1, writers * appends + 1))
    assert [e.event_id for e in seen] == [e.event_id for e in events]


KILLED = textwrap.dedent(
    """
    import sys
    import kimcore as k
    from kimcore.testing.store_machine import new_events
    store = k.SqliteStore(sys.argv[1])
    batch = new_events(int(sys.argv[2]), seed=7)
    print("appending", flush=True)
    store.append("group-big", batch, k.NO_STREAM)
    print("done", flush=True)
    """
)


def test_a_writer_killed_mid_batch_leaves_no_part_of_it(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    store.append("group-before", _three(), k.NO_STREAM)
    size = 200_000
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path), str(size)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "appending"
    # Kill while the batch is being inserted: poll until the writer holds the write lock.
    probe = sqlite3.connect(path, timeout=0)
    deadline = dt.datetime.now() + dt.timedelta(seconds=30)
    while dt.datetime.now() < deadline:
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
        except sqlite3.OperationalError:
            break  # locked: the batch is in flight
    probe.close()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    reopened = k.SqliteStore(path)
    batch = reopened.read_stream("group-big")
    assert len(batch) in (0, size)
    assert len(batch) == 0, (
        "the kill landed after the commit; the test did not exercise a partial batch"
    )
    assert [e.position for e in reopened.read_all(0, 10)] == [1, 2, 3]
    reopened.append("group-after", _three(), k.NO_STREAM)
    assert reopened.head_position() == 6
    reopened.close()
    store.close()


def _three() -> list[k.NewEvent]:
    from kimcore.testing.store_machine import new_events

    return new_events(3, seed=1)


def test_two_writers_making_one_subjects_key_conflict_then_agree(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    one, two = k.SqliteStore(path), k.SqliteStore(path)  # as two processes would
    subject = uuid.uuid4()
    first, second = one.keys.get_or_create(subject), two.keys.get_or_create(subject)
    assert first != second  # each made its own, not yet written
    one.append("group-a", _three(), k.NO_STREAM)
    with pytest.raises(k.KeyConflict, match=str(subject)):
        two.append("group-b", _three(), k.NO_STREAM)
    assert two.read_stream("group-b") == []  # nothing of the losing append was written
    assert two.keys.get(subject) == first == one.keys.get(subject)
    one.close()
    two.close()


def test_the_service_retries_a_key_conflict_and_seals_with_the_stored_key(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    rival_store = k.SqliteStore(path)
    app = k.Application(k.SqliteStore(path))
    app.handle(form(3))
    newcomer = k.MemberDetails(member_id=uuid.uuid4(), name="Dewi", category=k.MemberCategory.YOUTH)

    class Racing(k.Application):
        raced = False

        def _encode(self, events, metadata):  # type: ignore[no-untyped-def]
            new = super()._encode(events, metadata)
            if not self.raced:  # the rival stores its own key for the newcomer first
                self.raced = True
                rival_store.keys.get_or_create(newcomer.member_id)
                rival_store.append("group-rival", _three(), k.NO_STREAM)
            return new

    racing = Racing(app.store)
    (recorded,) = racing.handle(
        k.JoinGroup(group_id=GROUP_ID, member=newcomer, joined_on=D(2024, 2, 1))
    )
    assert recorded.stream_version == 2
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[newcomer.member_id].name == "Dewi"  # opened with the stored key
    rival_store.close()
    app.store.close()
