"""Moving a whole store to another kind: every event, key, erasure and snapshot; resumable."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.builders import forget, form, member
from tests.services import postgres_schema

import kimcore as k
from kimcore.adapters import copy
from kimcore.adapters.copy import _copy_run, log_digest
from kimcore.cli.app import cli
from kimcore.demo.dataset import DatasetSize, build_dataset
from kimcore.errors import CopyFailed
from kimcore.events.keys import subjects_in

ROOT = Path(__file__).parent.parent


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A province's worth of KIMs, with an erasure and a snapshot, in a SQLite file."""
    db = tmp_path_factory.mktemp("copy") / "source.db"
    with k.open_store(f"sqlite:///{db}") as store:
        app = k.Application(store)
        build_dataset(app, DatasetSize(villages_per_district=1, groups_per_village=1, seed=5))
        app.handle(form())
        app.forget(forget(member(1).member_id))
        app.snapshot(k.PartyRef(kind=k.PartyKind.GROUP, id=form().group_id))
    return db


@pytest.fixture
def postgres() -> Iterator[str]:
    with postgres_schema("kim_copy") as (url, _):
        yield url


def _same(source_url: str, target_url: str) -> None:
    with k.open_store(source_url) as source, k.open_store(target_url) as target:
        assert log_digest(source) == log_digest(target)
        mine, theirs = source.read_all(0, 100_000), target.read_all(0, 100_000)
        assert [s.event_id for s in mine] == [s.event_id for s in theirs]
        assert set(source.keys.forgotten()) == set(target.keys.forgotten())
        assert target.keys.is_forgotten(member(1).member_id)
        group = k.PartyRef(kind=k.PartyKind.GROUP, id=form().group_id)
        assert target.load_snapshot(k.domain.stream_id_for(group)) == source.load_snapshot(
            k.domain.stream_id_for(group)
        )
        # Names open in the copy as in the source, and stay redacted for the forgotten.
        a, b = k.Application(source), k.Application(target)
        assert [r.event for r in a.history(group)] == [r.event for r in b.history(group)]
        with pytest.raises(k.errors.SubjectForgotten):
            target.keys.for_write([member(1).member_id])  # no new key, ever


def test_sqlite_to_postgres_and_back(dataset: Path, postgres: str, tmp_path: Path) -> None:
    source = f"sqlite:///{dataset}"
    with k.open_store(source) as s, k.open_store(postgres) as t:
        report = k.stores.copy_store(s, t, codec=k.get_plugins().codec(), page_size=97)
        assert report.events == s.head_position()
        assert report.copied_now == report.events
        assert report.forgotten == 1
        assert report.snapshots == 1
    _same(source, postgres)
    back = f"sqlite:///{tmp_path / 'back.db'}"
    result = CliRunner().invoke(cli, ["copy", "--from", postgres, "--to", back])
    assert result.exit_code == 0, result.output
    assert f"digest {report.digest}" in result.output
    _same(postgres, back)


def test_a_second_run_copies_nothing_and_checks_again(dataset: Path, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    with k.open_store(f"sqlite:///{dataset}") as s, k.open_store(target) as t:
        codec = k.get_plugins().codec()
        first = k.stores.copy_store(s, t, codec=codec)
        again = k.stores.copy_store(s, t, codec=codec)
    assert again.copied_now == 0
    assert again.digest == first.digest


class _LaggingHead(k.MemoryStore):
    """A target whose head lags its last commit, as PostgreSQL's does while older transactions
    run anywhere on the server: a resumed copy starts before what it appended already."""

    def head_position(self) -> int:
        return 0


def test_a_copy_resumed_before_its_end_appends_only_what_a_stream_lacks(dataset: Path) -> None:
    target = _LaggingHead()
    codec = k.get_plugins().codec()
    with k.open_store(f"sqlite:///{dataset}") as source:
        events = source.read_all(0, 100_000)
        first = events[0].stream_id
        assert {s.stream_id for s in events[:4]} == {first}
        keys = source.keys.get_many(subjects_in(s.data for s in events[:3]))
        # The interrupted copy appended the stream's first three events, its page ending there.
        _copy_run(target, first, events[:3], keys, codec)
        report = k.stores.copy_store(source, target, codec=codec, page_size=7)
        assert report.copied_now == len(events) - 3
        copied = target.read_all(0, 100_000)
        assert [s.event_id for s in copied] == [s.event_id for s in events]
        assert log_digest(source) == log_digest(target)


def test_a_target_holding_anything_else_is_refused(dataset: Path) -> None:
    other = k.MemoryStore()
    k.Application(other).handle(form())
    with k.open_store(f"sqlite:///{dataset}") as s, pytest.raises(CopyFailed, match="empty store"):
        k.stores.copy_store(s, other, codec=k.get_plugins().codec())


COPY = """
import sys
from kimcore.cli import main
sys.argv = ["kimcore", "copy", "--from", sys.argv[1], "--to", sys.argv[2], "--page-size", "7"]
main()
"""


@pytest.mark.parametrize("direction", ["sqlite-to-postgres", "postgres-to-sqlite"])
def test_a_copy_killed_in_the_middle_resumes_to_the_same_store(
    dataset: Path, postgres: str, tmp_path: Path, direction: str
) -> None:
    sqlite_copy = f"sqlite:///{tmp_path / 'copy.db'}"
    if direction == "sqlite-to-postgres":
        source, target = f"sqlite:///{dataset}", postgres
    else:
        with k.open_store(f"sqlite:///{dataset}") as s, k.open_store(postgres) as t:
            k.stores.copy_store(s, t, codec=k.get_plugins().codec())
        source, target = postgres, sqlite_copy
    with k.open_store(source) as s:
        total = len(s.read_all(0, 100_000))
    copying = subprocess.Popen([sys.executable, "-c", COPY, source, target], cwd=ROOT)
    deadline = time.monotonic() + 60
    copied = 0
    while time.monotonic() < deadline and copying.poll() is None:
        with k.open_store(target) as t:
            copied = len(t.read_all(0, 100_000))
        if copied > 0:
            break
        time.sleep(0.05)
    copying.send_signal(signal.SIGKILL)
    copying.wait()
    assert copying.returncode == -signal.SIGKILL, "the copy ended before it could be killed"
    assert 0 < copied < total
    result = CliRunner().invoke(cli, ["copy", "--from", source, "--to", target])
    assert result.exit_code == 0, result.output
    assert "both logs match" in result.output
    _same(source, target)


@pytest.mark.parametrize("page_size", [1, 7, 50])
def test_a_page_in_one_transaction_gives_the_store_run_by_run_appends_give(
    dataset: Path, page_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_copy_postgres`` (one transaction a page) and the plain appends make the same store."""
    codec = k.get_plugins().codec()
    with (
        postgres_schema("kim_copy") as (fast, fast_schema),
        postgres_schema("kim_copy") as (plain, plain_schema),
        k.open_store(f"sqlite:///{dataset}") as s,
    ):
        with k.open_store(fast) as t:
            one = k.stores.copy_store(s, t, codec=codec, page_size=page_size)
            assert copy._page_writer(t) is not None
        monkeypatch.setattr(copy, "_page_writer", lambda _target: None)
        with k.open_store(plain) as t:
            other = k.stores.copy_store(s, t, codec=codec, page_size=page_size)
        assert one == other
        _same(fast, plain)
        with k.open_store(fast) as a, k.open_store(plain) as b:
            mine, theirs = a.read_all(0, 100_000), b.read_all(0, 100_000)
            assert [(e.stream_id, e.stream_version) for e in mine] == [
                (e.stream_id, e.stream_version) for e in theirs
            ]
            subjects = subjects_in(e.data for e in mine)
            assert a.keys.get_many(subjects) == b.keys.get_many(subjects)
            assert len(a.keys.get_many(subjects)) > 100
            # The causation column is written as the append writes it: a command finds its events.
            caused = next(e for e in reversed(mine) if e.metadata.causation_id is not None)
            found = a.recorded_by(caused.stream_id, caused.metadata.causation_id)
            assert caused.event_id in [e.event_id for e in found]
            assert [e.event_id for e in found] == [
                e.event_id for e in b.recorded_by(caused.stream_id, caused.metadata.causation_id)
            ]
            # Only the head of each run is indexed (schema 5), as by the plain appends, and every
            # command of the source finds in the copy the events it finds in the source.
            assert _indexed(fast, fast_schema) == _indexed(plain, plain_schema)
            caused_events = sum(e.metadata.causation_id is not None for e in mine)
            assert _indexed(fast, fast_schema) < caused_events or page_size == 1
            commands = {(e.stream_id, e.metadata.causation_id) for e in s.read_all(0, 100_000)}
            for stream_id, cause in commands:
                if cause is not None:
                    assert [e.event_id for e in a.recorded_by(stream_id, cause)] == [
                        e.event_id for e in s.recorded_by(stream_id, cause)
                    ]


def _indexed(url: str, schema: str) -> int:
    """How many rows of the schema's log name their cause in ``causation_id``."""
    import psycopg

    with psycopg.connect(url.split("?")[0]) as conn:
        ((count,),) = conn.execute(
            f'SELECT count(causation_id) FROM "{schema}".kimcore_events'
        ).fetchall()
    return int(count)
