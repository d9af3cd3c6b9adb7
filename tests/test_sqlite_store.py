"""What only the SQLite store can show: its file, its schema, and real processes."""

from __future__ import annotations

import gc
import sqlite3
import threading
import uuid
from contextlib import closing
from pathlib import Path

import attrs
import pytest
from tests.builders import GROUP_ID, D, assert_forgetting_leaves_no_trace, form

import kimcore as k
from kimcore.adapters.sqlite import SCHEMA_VERSION
from kimcore.testing.store_machine import new_events


def file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_a_forgotten_subject_leaves_no_trace_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    siti = assert_forgetting_leaves_no_trace(
        k.Application(store), lambda: file_bytes(path), settle=store.close
    )
    with k.SqliteStore(path) as store:
        state = k.Application(store).group(GROUP_ID)
    assert state is not None
    assert state.members[siti].contact is k.REDACTED
    assert len(state.members) == 4


def test_events_survive_reopening(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    first = k.Application(k.SqliteStore(path))
    first.handle(form(3))
    first.store.close()
    with k.open_store(f"sqlite:///{path}") as store:
        again = k.Application(store)
        state = again.group(GROUP_ID)
        assert again.store.head_position() == 1
    assert state is not None
    assert len(state.members) == 3


def test_the_schema_carries_its_version(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    store = k.SqliteStore(path)
    assert store.schema_version() == SCHEMA_VERSION == 4
    store.close()
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("UPDATE kimcore_meta SET value = '99' WHERE key = 'schema_version'")
    # Refused, and the connection it opened to find out is closed (no ResourceWarning).
    with pytest.raises(k.StoreError, match="schema version 99, newer than this kimcore"):
        k.SqliteStore(path)


def test_pragmas(tmp_path: Path) -> None:
    with (
        k.SqliteStore(tmp_path / "full.db") as full,
        k.SqliteStore(tmp_path / "normal.db", durability="normal") as normal,
    ):
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


def test_closing_leaves_another_threads_transaction_to_finish(tmp_path: Path) -> None:
    # A close from another thread under a running statement killed the process (CI, 3.12).
    store = k.SqliteStore(tmp_path / "kim.db")
    inside, closed = threading.Event(), threading.Event()
    seen: list[object] = []

    def write() -> None:
        with store.transaction() as conn:
            conn.execute("INSERT INTO kimcore_meta VALUES ('written', 'yes')")
            seen.append(conn)
            inside.set()
            closed.wait(5)
        try:
            store.head_position()
        except k.StoreError as exc:
            seen.append(exc)

    thread = threading.Thread(target=write)
    thread.start()
    assert inside.wait(5)
    store.close()
    closed.set()
    thread.join(5)
    conn, refused = seen
    assert isinstance(refused, k.StoreError)
    assert "closed" in str(refused)
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        conn.execute("SELECT 1")  # type: ignore[attr-defined]
    with closing(sqlite3.connect(tmp_path / "kim.db")) as raw:
        assert raw.execute("SELECT value FROM kimcore_meta WHERE key = 'written'").fetchone()


def test_a_dropped_store_closes_the_connections_of_threads_still_alive(tmp_path: Path) -> None:
    # Closed by the store's finalizers, not left to the collector (unclosed, a connection
    # warns on Python 3.13, failing a suite that treats warnings as errors).
    opened, done = threading.Event(), threading.Event()
    found: list[int] = []

    def idle(given: list[k.SqliteStore]) -> None:
        store = given.pop()  # the thread keeps no reference to the store
        found.append(store.connection().execute("SELECT 1").fetchone()[0])
        del store
        opened.set()
        done.wait(5)

    for _ in range(20):
        store = k.SqliteStore(tmp_path / "kim.db")
        opened.clear()
        thread = threading.Thread(target=idle, args=([store],))
        thread.start()
        assert opened.wait(5)
        store.close()
        del store
        gc.collect()  # the store and its connections are garbage now; the thread lives on
        done.set()
        thread.join(5)
        done.clear()
    assert found == [1] * 20


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("sqlite://host/kim.db", "no host"),
        ("sqlite:///", "names no file"),
        ("sqlite:///kim.db?fast=yes", "unknown option"),
        ("memory://?x=1", "unknown option"),
        ("postgresql://localhost/test?schema=no-dashes", "plain identifier"),
        ("redis://localhost", "no store for the URL scheme 'redis'"),
        ("memory://somewhere", "takes no host or path"),
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


def _three() -> list[k.events.NewEvent]:
    return new_events(3, seed=1)


def test_the_service_retries_a_key_conflict_and_seals_with_the_stored_key(tmp_path: Path) -> None:
    path = tmp_path / "kim.db"
    with k.SqliteStore(path) as rival_store, k.SqliteStore(path) as store:
        _race_for_a_key(rival_store, store)


def _race_for_a_key(rival_store: k.SqliteStore, store: k.SqliteStore) -> None:
    app = k.Application(store)
    app.handle(form(3))
    newcomer = k.MemberDetails(member_id=uuid.uuid4(), name="Dewi", category=k.MemberCategory.YOUTH)

    class Racing(k.Application):
        raced = False

        def _encode(self, events, metadata, first_id=None):  # type: ignore[no-untyped-def]
            # A flow (kimcore.application.flow): its new key is made, not stored yet.
            new = yield from super()._encode(events, metadata, first_id)
            if not self.raced:  # the rival stores its own key for the newcomer first
                self.raced = True
                rival_key = rival_store.keys.for_write([newcomer.member_id]).new
                carrying = attrs.evolve(_three()[0], keys=dict(rival_key))
                rival_store.append("group-rival", [carrying], k.stores.NO_STREAM)
            return new

    racing = Racing(app.store)
    (recorded,) = racing.handle(
        k.JoinGroup(group_id=GROUP_ID, member=newcomer, joined_on=D(2024, 2, 1))
    )
    assert recorded.stream_version == 2
    state = app.group(GROUP_ID)
    assert state is not None
    assert state.members[newcomer.member_id].name == "Dewi"  # opened with the stored key
    assert racing.raced  # the first attempt met the rival's key, the retry sealed with it
