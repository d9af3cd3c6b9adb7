"""Erasure while someone reads: never a stalled writer, never "done" while the key can be read."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.builders import forget, form, member

import kimcore as k

SUBJECT = member(1).member_id

# A reader in another process: opens a read transaction, says so, holds it until told.
READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM kimcore_events").fetchone()
print("reading", flush=True)
sys.stdin.readline()
conn.execute("COMMIT")
"""


def _files_hold(db: Path, key: bytes) -> bool:
    return any(
        key in Path(f"{db}{suffix}").read_bytes()
        for suffix in ("", "-wal")
        if Path(f"{db}{suffix}").exists()
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kim.db"
    app = k.Application(k.open_store(f"sqlite:///{path}"))
    app.handle(form())
    app.store.close()
    return path


@pytest.fixture
def reader(db: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", READER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "reading"
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            pipe.close()


def _release(process: subprocess.Popen[str]) -> None:
    assert process.stdin is not None
    process.stdin.write("done\n")
    process.stdin.flush()
    process.wait(timeout=10)


def test_forgetting_while_another_process_reads_neither_stalls_nor_claims_done(
    db: Path, reader: subprocess.Popen[str]
) -> None:
    store = k.open_store(f"sqlite:///{db}")
    app = k.Application(store)
    key = store.keys.get(SUBJECT)
    assert key is not None
    start = time.monotonic()
    erasure = app.forget(forget(SUBJECT))
    assert time.monotonic() - start < 2  # the busy timeout is 30 s: nothing waited for it
    assert [r.event_type for r in erasure] == ["MemberForgotten"]
    assert store.keys.get(SUBJECT) is None  # no reader of the store can open the data now
    assert erasure.pending
    assert _files_hold(db, key)  # the reader's snapshot keeps the old page in use
    assert not erasure.wait(timeout=0.3)
    # Writers go on meanwhile.
    app.handle(k.JoinGroup(group_id=form().group_id, member=member(9), joined_on=form().formed_on))
    _release(reader)
    assert erasure.wait(timeout=10)
    assert not erasure.pending
    assert not _files_hold(db, key)
    store.close()


def test_a_purge_left_pending_by_a_process_that_died_is_finished_by_the_next(
    db: Path, reader: subprocess.Popen[str]
) -> None:
    script = f"""
import os
import kimcore as k
from tests.builders import forget, member
app = k.Application(k.open_store("sqlite:///{db}"))
print(app.store.keys.get(member(1).member_id).hex(), flush=True)
erasure = app.forget(forget(member(1).member_id))
print(erasure.pending, flush=True)
os._exit(0)  # no close: what a killed process leaves
"""
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
    )
    key_hex, pending = done.stdout.split()
    assert pending == "True"
    _release(reader)
    store = k.open_store(f"sqlite:///{db}")
    assert store.wait_for_erasure(timeout=10)
    assert not _files_hold(db, bytes.fromhex(key_hex))
    store.close()


def test_purging_read_models_waits_for_no_reader(db: Path, reader: subprocess.Popen[str]) -> None:
    from kimcore.projections import Projector, SqliteModels, portal_models

    store = k.open_store(f"sqlite:///{db}")
    app = k.Application(store)
    models = SqliteModels(str(db))
    for model in portal_models():
        Projector(store, model, models).run()
    app.forget(forget(SUBJECT))
    start = time.monotonic()
    for model in portal_models():
        Projector(store, model, models).run()
    assert time.monotonic() - start < 5
    assert models.erasure_pending()
    _release(reader)
    assert models.wait_for_erasure(timeout=10)
    name = member(1).name.encode()
    assert not _files_hold(db, name)
    models.close()
    store.close()


def test_the_stores_own_backup_holds_no_destroyed_key(db: Path, tmp_path: Path) -> None:
    store = k.open_store(f"sqlite:///{db}")
    assert isinstance(store, k.SqliteStore)
    app = k.Application(store)
    key = store.keys.get(SUBJECT)
    assert key is not None
    app.forget(forget(SUBJECT))
    copy = store.backup(tmp_path / "copy.db")
    assert not _files_hold(copy, key)
    restored = k.open_store(f"sqlite:///{copy}")
    assert restored.read_all() == store.read_all()
    assert restored.keys.is_forgotten(SUBJECT)
    restored.close()
    with pytest.raises(k.StoreError, match="exists"):
        store.backup(copy)
    store.close()


def test_a_backup_during_which_someone_is_forgotten_is_made_again(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kimcore.adapters import sqlite_purge

    store = k.open_store(f"sqlite:///{db}")
    app = k.Application(store)
    key = store.keys.get(SUBJECT)
    assert key is not None
    real = sqlite3.Connection.backup
    calls = []

    class Racing(sqlite3.Connection):
        def backup(self, target: sqlite3.Connection, **kwargs: object) -> None:  # type: ignore[override]
            real(self, target)
            calls.append(1)
            if len(calls) == 1:  # the first copy has the key; the subject is forgotten now
                done = threading.Thread(target=app.forget, args=(forget(SUBJECT),))
                done.start()
                done.join()

    source = sqlite3.connect(db, factory=Racing)
    copy = sqlite_purge.backup(source, tmp_path / "copy.db", path=str(db))
    assert len(calls) == 2
    assert not _files_hold(copy, key)
    source.close()
    store.close()


def test_postgres_erasure_is_pending_while_an_older_snapshot_is_open(postgres_url: str) -> None:
    import psycopg

    store = k.open_store(postgres_url)
    app = k.Application(store)
    app.handle(form())
    with psycopg.connect(postgres_url.split("?")[0]) as snapshot:
        snapshot.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        snapshot.execute("SELECT 1").fetchone()
        start = time.monotonic()
        erasure = app.forget(forget(SUBJECT))
        assert time.monotonic() - start < 2
        assert erasure.pending
        assert not erasure.wait(timeout=0.5)
        snapshot.rollback()
    assert erasure.wait(timeout=10)
    assert not erasure.pending
    store.close()
