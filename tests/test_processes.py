"""Reliability with real processes on every durable store: no loss, no duplicate, no torn batch."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from tests.services import require_postgres

import kimcore as k
from kimcore.testing.store_machine import new_events

WRITER = textwrap.dedent(
    """
    import sys
    import kimcore as k
    from kimcore.testing.store_machine import new_events
    url, n, appends = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    store = k.open_store(url)
    done = 0
    while done < appends:
        version = store.stream_version("group-shared")
        try:
            store.append("group-shared", new_events(1, seed=n * 100000 + done), version)
            done += 1
        except k.errors.WrongExpectedVersion:
            pass
    store.close()
    """
)

BIG_BATCH = textwrap.dedent(
    """
    import sys
    import kimcore as k
    from kimcore.testing.store_machine import new_events
    store = k.open_store(sys.argv[1])
    batch = new_events(int(sys.argv[2]), seed=7)
    print("appending", flush=True)
    store.append("group-big", batch, k.stores.NO_STREAM)
    print("done", flush=True)
    """
)


def _sqlite_in_flight(url: str) -> Callable[[], bool]:
    path = url.removeprefix("sqlite:///")

    def locked() -> bool:
        probe = sqlite3.connect(path, timeout=0)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True  # the writer holds the write lock: its batch is in flight
        finally:
            probe.close()

    return locked


def _postgres_in_flight(url: str, name: str) -> Callable[[], bool]:
    import psycopg

    base = url.split("?")[0]

    def writing() -> bool:
        with psycopg.connect(base) as conn:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE application_name = %s AND backend_xid IS NOT NULL",
                (name,),
            ).fetchone()
        return bool(row and row[0])

    return writing


def _end_orphaned_backend(url: str, name: str) -> None:
    """The killed client's server backend may run on until it next writes to the socket,
    holding its transaction (and every reader's horizon) open: end it, as an operator would."""
    import psycopg

    with psycopg.connect(url.split("?")[0], autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = %s",
            (name,),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (name,)
            ).fetchone()
            if not row or not row[0]:
                return
            time.sleep(0.05)


@pytest.fixture(params=["sqlite", "postgres"])
def durable(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        yield "sqlite", f"sqlite:///{tmp_path / 'kim.db'}"
        return
    base = require_postgres()
    schema = f"kim_test_{uuid.uuid4().hex[:12]}"
    yield "postgres", f"{base}?schema={schema}"
    import psycopg

    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


def test_writer_processes_lose_nothing_and_a_subscriber_sees_all_in_order(
    durable: tuple[str, str],
) -> None:
    _, url = durable
    store = k.open_store(url)
    writers, appends = 4, 40
    seen: list[k.events.StoredEvent] = []
    subscription = k.stores.Subscription(store, poll=0.05)

    def follow() -> None:
        for event in subscription:
            seen.append(event)
            if len(seen) == writers * appends:
                subscription.stop()

    follower = threading.Thread(target=follow)
    follower.start()
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, url, str(n), str(appends)])
        for n in range(writers)
    ]
    assert [p.wait(timeout=300) for p in procs] == [0] * writers
    follower.join(timeout=60)
    subscription.stop()
    assert not follower.is_alive()
    events = store.read_stream("group-shared")
    assert [e.stream_version for e in events] == list(range(1, writers * appends + 1))
    assert len({e.event_id for e in events}) == writers * appends
    positions = [e.position for e in seen]
    assert positions == sorted(set(positions))  # in order, each once
    assert [e.event_id for e in seen] == [e.event_id for e in events]
    store.close()


def test_a_writer_killed_mid_batch_leaves_no_part_of_it(durable: tuple[str, str]) -> None:
    kind, url = durable
    store = k.open_store(url)
    store.append("group-before", new_events(3, seed=1), k.stores.NO_STREAM)
    size = 200_000
    # Named for this test alone: pg_stat_activity shows every database's sessions, and another
    # run of the suite (another Python's, beside this one) kills writers of its own.
    name = f"kimcore-killed-{uuid.uuid4().hex[:12]}"
    child_url = url if kind == "sqlite" else f"{url}&application_name={name}"
    in_flight = _sqlite_in_flight(url) if kind == "sqlite" else _postgres_in_flight(url, name)
    proc = subprocess.Popen(
        [sys.executable, "-c", BIG_BATCH, child_url, str(size)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "appending"
    deadline = time.monotonic() + 60
    while not in_flight() and time.monotonic() < deadline:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    if kind == "postgres":
        _end_orphaned_backend(url, name)
    store.close()
    reopened = k.open_store(url)
    assert reopened.read_stream("group-big") == []  # not one event of the batch
    assert len(reopened.read_all(0, 10)) == 3
    after = reopened.append("group-after", new_events(3, seed=2), k.stores.NO_STREAM)
    # The log shows an append once no older transaction on the server is open: another suite's
    # writer (another Python's run, another database) may hold one for a while.
    assert reopened.wait(after[-1].position - 1, 60)
    assert [s.stream_id for s in reopened.read_all(0, 10)][-1] == "group-after"
    reopened.close()


def test_two_writers_making_one_subjects_key_conflict_then_agree(durable: tuple[str, str]) -> None:
    _, url = durable
    one, two = k.open_store(url), k.open_store(url)  # as two processes would
    subject = uuid.uuid4()
    first = one.keys.for_write([subject]).new[subject]
    second = two.keys.for_write([subject]).new[subject]
    assert first != second  # each made its own, not yet written

    def carrying(key: bytes, seed: int) -> list[k.events.NewEvent]:
        events = new_events(3, seed=seed)
        return [attrs.evolve(events[0], keys={subject: key}), *events[1:]]

    one.append("group-a", carrying(first, 1), k.stores.NO_STREAM)
    with pytest.raises(k.errors.KeyConflict, match=str(subject)):
        two.append("group-b", carrying(second, 2), k.stores.NO_STREAM)
    assert two.read_stream("group-b") == []  # nothing of the losing append was written
    assert two.keys.get(subject) == first == one.keys.get(subject)
    # The loser's retry takes the stored key: they agree.
    assert two.keys.for_write([subject]).get(subject) == first
    assert not two.keys.for_write([subject]).new
    one.close()
    two.close()
